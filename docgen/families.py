"""The registry of document families: what ``docgen build`` makes, ``docgen preview`` shows and the CLI names.

A family has a name, a builder ``(project, BuildOptions) -> BuildResult``, the
folder of its templates, the dataclass of its options (see :mod:`docgen.options`)
and a preview context builder ``(project, item id or None, lang, template) ->
context`` (the item is a recipient for letters, a session for the others). The
builder and preview are named ``"module:function"`` and imported only when used,
so naming the families loads none of them, and a broken one never stops the
others from being listed. To add a family: write ``docgen/documents/<name>.py``
with the two functions, its templates in ``templates/<name>/``, and add it here.
"""
from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docgen.options import AgendaOptions, AttendanceOptions, LetterOptions

if TYPE_CHECKING:
    from docgen.build import BuildOptions, BuildResult
    from docgen.model import Project

__all__ = ["Family", "FAMILIES", "family_of_template"]

Loadable = str | Callable[..., Any]  # "module:function", or the function itself


@dataclass(frozen=True)
class Family:
    """One document family and everything build, preview and the CLI need to know of it."""

    name: str
    builder: Loadable
    preview: Loadable
    options: type | None = None  # the family's options dataclass, when it takes any
    templates: str = ""  # the folder of its templates, default its name
    uses: tuple[str, ...] = ()  # data it reads beyond forum.yaml and the lists (the concerns of Project.require)

    @property
    def folder(self) -> str:
        return self.templates or self.name

    def build(self, project: Project, options: BuildOptions) -> BuildResult:
        return _load(self.builder)(project, options)

    def preview_context(self, project: Project, item: str | None, lang: str, template: str) -> dict[str, Any]:
        return _load(self.preview)(project, item, lang, template)


def _load(target: Loadable) -> Callable[..., Any]:
    return pkgutil.resolve_name(target) if isinstance(target, str) else target


def _documents(name: str, options: type | None = None, uses: tuple[str, ...] = ()) -> Family:
    """A family whose module is ``docgen.documents.<name>``, with ``build_<name>`` and ``preview_context``."""
    module = f"docgen.documents.{name}"
    return Family(name, f"{module}:build_{name}", f"{module}:preview_context", options, uses=uses)


# In the order `docgen build` runs them.
FAMILIES: dict[str, Family] = {f.name: f for f in (
    _documents("letters", LetterOptions),
    _documents("agenda", AgendaOptions),
    _documents("attendance", AttendanceOptions),
    _documents("summary", uses=("attendance", "outcomes")),
)}


def family_of_template(template: str) -> Family | None:
    """The family whose templates folder holds ``template`` (``letters`` for ``letters/invitation.km.xml``)."""
    folder = template.split("/", 1)[0] if "/" in template else ""
    return next((f for f in FAMILIES.values() if f.folder == folder), None) if folder else None
