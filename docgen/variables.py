"""Template variables with labels and sample values, and the item a family's preview shows.

A :class:`Variable` names a value templates use (``recipient.name``), says what it
is, gives a sample and a getter. ``sample_context()`` nests the samples into the
dict a template sees, which is how ``docgen preview`` renders a template without
data; a document family's own preview context (see :mod:`docgen.families`) uses a
real recipient or session, picked by :func:`preview_item`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from docgen.errors import Problem, TemplateError

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["Variable", "VARIABLES", "register_variable", "sample_context", "preview_item"]

Getter = Callable[["Project", Any], Any]
T = TypeVar("T")


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


def register_variable(name: str, label: str, sample: Any, getter: Getter | None = None) -> Variable:
    """Add (or replace) a template variable."""
    variable = Variable(name, label, sample, getter)
    VARIABLES[name] = variable
    return variable


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
