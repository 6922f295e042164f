"""Template variables with labels and sample values, and the context builders of document families.

A :class:`Variable` names a value templates use (``recipient.name``), says what it
is, gives a sample and a getter. ``sample_context()`` nests the samples into the
dict a template sees, which is how ``docgen preview`` renders a template without
data. A document family registers a context builder for its templates
(``register_family("letters", build)``), so preview can use a real recipient.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from docgen.errors import Problem, TemplateError

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["Variable", "VARIABLES", "register_variable", "sample_context", "ContextBuilder", "FAMILIES",
           "register_family", "family_of", "builder_for", "context_for", "preview_item"]

Getter = Callable[["Project", Any], Any]
T = TypeVar("T")
# (project, item id or None, language, template name) -> the template context; the item is
# what the family makes one document for: a recipient (letters) or a session (agenda, …).
ContextBuilder = Callable[["Project", "str | None", str, str], dict[str, Any]]


@dataclass(frozen=True)
class Variable:
    """A template variable: dotted name, a label for people, a sample value, and how to get the real one."""

    name: str
    label: str
    sample: Any
    getter: Getter | None = None

    def value(self, project: Project, item: Any = None) -> Any:
        """The real value for ``project`` (and a recipient or other item); the sample without a getter."""
        return self.getter(project, item) if self.getter else self.sample


VARIABLES: dict[str, Variable] = {}
FAMILIES: dict[str, ContextBuilder] = {}


def register_variable(name: str, label: str, sample: Any, getter: Getter | None = None) -> Variable:
    """Add (or replace) a template variable."""
    variable = Variable(name, label, sample, getter)
    VARIABLES[name] = variable
    return variable


def register_family(folder: str, builder: ContextBuilder) -> None:
    """Templates under ``folder/`` get their context from ``builder`` in ``docgen preview``."""
    FAMILIES[folder] = builder


def family_of(template: str) -> str:
    """The family folder of a template name: ``letters`` for ``letters/invitation.km.xml``."""
    return template.split("/", 1)[0] if "/" in template else ""


def sample_context(names: list[str] | None = None) -> dict[str, Any]:
    """The samples of the registered variables (or of ``names``), nested by their dots."""
    context: dict[str, Any] = {}
    for name in names or sorted(VARIABLES):
        *parents, leaf = name.split(".")
        node = context
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = VARIABLES[name].sample
    return context


def builder_for(template: str) -> ContextBuilder | None:
    """The context builder of ``template``'s family; ``docgen.documents.<family>`` is imported so it can register."""
    family = family_of(template)
    if family and family not in FAMILIES:
        module = f"docgen.documents.{family}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return FAMILIES.get(family)


def preview_item(items: Sequence[T], item_id: str | None, what: str, template: str,
                 key: Callable[[T], str] = lambda item: item.id) -> T:  # type: ignore[attr-defined]
    """The item a preview shows: the one whose ``key`` is ``item_id``, else the first; an unknown id lists the known ones."""
    if not items:
        raise TemplateError(Problem(template, None, what, f"the project has no {what} to preview"))
    if item_id is None:
        return items[0]
    found = next((item for item in items if key(item) == item_id), None)
    if found is None:
        known = ", ".join(key(item) for item in items[:12])
        more = ", …" if len(items) > 12 else ""
        raise TemplateError(Problem(template, None, what, f"no {what} has id {item_id!r}; known: {known}{more}"))
    return found


def _template_lang(template: str, default: str) -> str:
    """``en`` for ``letters/invitation.en.xml``; the default when the name carries no language."""
    parts = template.rsplit("/", 1)[-1].split(".")
    return next((part for part in parts[1:] if part in ("km", "en")), default)


def context_for(template: str, project: Project | None = None, recipient: str | None = None,
                lang: str = "km") -> dict[str, Any]:
    """The context to preview ``template``: its family's builder when there is a project, else the samples.

    ``recipient`` is the id of the item the family makes a document for (a recipient,
    or a session for agendas, attendance sheets and reports).
    """
    builder = builder_for(template)
    if builder is not None and project is not None:
        return builder(project, recipient, _template_lang(template, lang), template)
    if recipient is not None:
        raise TemplateError(Problem(template, None, "recipient",
                                    "this template has no family that knows recipients; preview it without --recipient"))
    return sample_context()


def _register_defaults() -> None:
    """Variables every template may use, with samples that exercise Khmer and the escaping of data."""
    for name, label, sample in (
        ("document.title", "Title of the document", "ឯកសារសាកល្បង Demo document"),
        ("document.lang", "Language of the document (km or en)", "km"),
        ("forum.title", "Title of the forum", "វេទិកាសង្គមស៊ីវិល Civil Society Forum"),
        ("forum.place", "Where the forum is held", "ខេត្តតាកែវ"),
        ("organiser.name", "The organiser", "លេខាធិការដ្ឋានវេទិកា"),
        ("recipient.id", "Recipient identifier", "R001"),
        ("recipient.name", "Recipient name", "ឯកឧត្តម សុខ សុភា <Sok & Sophea>"),
        ("recipient.position", "Recipient position", "អភិបាលខេត្ត"),
        ("signer.name", "Name of the signatory", "លោក ចាន់ ដារា"),
        ("signer.position", "Position of the signatory", "ប្រធានលេខាធិការដ្ឋាន"),
        ("rows", "Rows of a sample table", [
            {"no": "១", "name": "សុខ សុភា", "org": "ក្រសួងផែនការ"},
            {"no": "២", "name": "Chan Dara", "org": "NGO Forum <b>&</b>"},
            {"no": "៣", "name": "កែវ មុន្នី", "org": "{{ 7*7 }}"},
        ]),
        ("qr", "Data of a QR code", "https://example.org/forum/R001"),
    ):
        register_variable(name, label, sample)


_register_defaults()
