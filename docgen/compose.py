"""Templates -> documents: the sandboxed Jinja2 environment, template lookup, and render().

Templates are found in the project's ``templates/`` folder first, then in the
bundled ones (the repository's ``templates/``, in a wheel ``docgen/templates/``:
:mod:`docgen.folders`). The environment is docgen's bounded sandbox
(:mod:`docgen.sandbox`: plain data only, nothing that reaches a file) with ``StrictUndefined`` and autoescaping by extension (``.xml``/``.html`` on,
``.txt`` off), so data can never inject markup or template code. For XML
templates a small extension marks each literal line of the template in the
output, so a markup problem found after rendering still names the template line.
"""
from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from docgen import markup
from docgen.document import Document
from docgen.errors import Problem, TemplateError
from docgen.files import atomic_write_bytes
from docgen.folders import TEMPLATES_DIR, TEMPLATES_DIR_NAME
from docgen.khmer.filters import FILTERS
from docgen.sandbox import BoundedSandbox, ContainedLoader, plain_context, render_bounded

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["TEMPLATE_SUFFIXES", "TemplateInfo", "search_path", "environment", "render",
           "render_markup", "render_text", "list_templates", "copy_template"]

TEMPLATE_SUFFIXES = (".xml", ".txt", ".html")
_MARK = re.compile("\x00([^\x00]*)\x00")
_UNDEFINED = re.compile(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')")
_EVAL_ERRORS = (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError, ArithmeticError)


def search_path(project: Project | Path | None = None) -> tuple[Path, ...]:
    """The template folders, in lookup order: the project's ``templates/`` (if any), then the bundled ones."""
    root = _root(project)
    own = Path(root) / TEMPLATES_DIR_NAME if root is not None else None
    if own is None or not own.is_dir() or own.resolve() == TEMPLATES_DIR:
        return (TEMPLATES_DIR,)  # (in a clone, the bundled forum's own templates/ is the bundled one)
    return (own, TEMPLATES_DIR)


def _root(project: Project | Path | str | None) -> Path | None:
    """The project folder: ``project`` itself when it is a path, else its ``root``."""
    if project is None or isinstance(project, (str, Path)):
        return Path(project) if project is not None else None
    return Path(project.root)


def environment(project: Project | Path | None = None) -> BoundedSandbox:
    """The sandboxed environment for ``project``'s templates (cached per search path)."""
    return _environment(tuple(str(p) for p in search_path(project)))


@functools.lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> BoundedSandbox:
    env = BoundedSandbox(
        loader=ContainedLoader(list(folders), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("xml", "html", "htm"),
                                            default_for_string=True, default=False),
        extensions=[LineMarkers],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.add_filters(FILTERS)
    return env


class LineMarkers(Extension):
    """Marks, in the output of an XML template, the template line each piece of literal text comes from."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        name = stream.name or ""
        for token in stream:
            if token.type == "data" and name.endswith(".xml"):
                yield Token(token.lineno, "data", _mark_lines(token.value, token.lineno, name))
            else:
                yield token


def _mark_lines(text: str, lineno: int, name: str) -> str:
    """``text`` with a mark of its template line at its start and after each newline."""
    pieces = text.split("\n")
    return "\n".join(f"\x00{name}:{lineno + i}\x00{piece}" for i, piece in enumerate(pieces))


def _strip_marks(output: str, name: str) -> tuple[str, markup.Locator]:
    """Remove the marks; return the clean markup and a map from its lines to template lines.

    An output line comes from the last mark before its first visible character (a loop
    repeats template lines, so a line's origin is where its own text starts); a line
    without marks continues the template line of the mark before it.
    """
    origins: list[tuple[str, int]] = []
    lines = []
    current = (name, 1)
    for line in output.split("\n"):
        origin, pos = current, 0
        for mark in _MARK.finditer(line):
            if line[pos:mark.start()].strip():
                break
            origin, pos = _origin(mark), mark.end()
        marks = list(_MARK.finditer(line))
        current = _origin(marks[-1]) if marks else origin
        origins.append(origin)
        lines.append(_MARK.sub("", line))
    return "\n".join(lines), lambda n: origins[min(max(n, 1), len(origins)) - 1]


def _origin(mark: re.Match) -> tuple[str, int]:
    file, _, number = mark.group(1).rpartition(":")
    return file, int(number)


# -- the template catalogue --------------------------------------------------------------

@dataclass(frozen=True)
class TemplateInfo:
    """A template docgen can use: its name, where it comes from, its file, and whether it hides a default."""

    name: str
    origin: str  # "project" or "bundled"
    path: Path
    overrides: bool = False


def list_templates(project: Project | Path | None = None) -> list[TemplateInfo]:
    """Every template by name; a project's copy wins over the bundled default of the same name."""
    found: dict[str, TemplateInfo] = {}
    for folder in reversed(search_path(project)):
        origin = "bundled" if folder == TEMPLATES_DIR else "project"
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
                name = path.relative_to(folder).as_posix()
                found[name] = TemplateInfo(name, origin, path, overrides=name in found)
    return [found[name] for name in sorted(found)]


def copy_template(name: str, project_dir: Path) -> Path:
    """Copy the bundled template ``name`` into ``project_dir/templates/`` to edit; never overwrite a copy."""
    source = TEMPLATES_DIR / name
    if not source.is_file() or source.suffix not in TEMPLATE_SUFFIXES or ".." in Path(name).parts:
        known = ", ".join(t.name for t in list_templates())
        raise TemplateError(Problem(name, None, "template", f"no bundled template of that name; known: {known}"))
    target = project_dir / TEMPLATES_DIR_NAME / name
    if target.exists():
        raise TemplateError(Problem(target, None, "template", "the project already has this template; edit it there"))
    return atomic_write_bytes(target, source.read_bytes())


# -- rendering ---------------------------------------------------------------------------

def render(template: str, context: dict[str, Any], project: Project | Path | None = None) -> Document:
    """Render the XML template ``template`` with ``context`` and parse it into a Document."""
    text, locate, folder = render_markup(template, context, project)
    # images: beside the template, in the project folder, then beside the bundled original
    base_dirs = [folder] + ([_root(project)] if project is not None else []) + [(TEMPLATES_DIR / template).parent]
    return markup.parse(text, source=template, locate=locate, base_dir=base_dirs)


def render_markup(template: str, context: dict[str, Any],
                  project: Project | Path | None = None) -> tuple[str, markup.Locator, Path]:
    """The markup ``template`` renders to, its line map, and the folder the template lives in."""
    env = environment(project)
    tpl = _load(env, template)
    output = _run(tpl, context)
    text, locate = _strip_marks(output, template)
    return text, locate, Path(tpl.filename or TEMPLATES_DIR).parent


def render_text(template: str, context: dict[str, Any], project: Project | Path | None = None) -> str:
    """Render a plain-text or HTML template (e-mail bodies); HTML is autoescaped, text is not."""
    return _run(_load(environment(project), template), context)


def _load(env: BoundedSandbox, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(Problem(exc.name or name, exc.lineno, None, f"template syntax: {exc.message}")) from exc
    except jinja2.TemplateNotFound as exc:
        missing = exc.name if exc.name != name else name
        raise TemplateError(Problem(missing, None, None, "template not found; `docgen templates` lists them")) from exc


def _run(tpl: jinja2.Template, context: dict[str, Any]) -> str:
    data = plain_context(context)   # outside the try: a value no template may hold is docgen's own mistake
    try:
        return render_bounded(tpl, data)
    except jinja2.TemplateSyntaxError as exc:  # an included template that does not compile
        raise TemplateError(Problem(exc.name or tpl.name, exc.lineno, None, f"template syntax: {exc.message}")) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(Problem(exc.name, None, None, "template not found; `docgen templates` lists them")) from exc
    except _EVAL_ERRORS as exc:
        file, line = _template_frame(exc, tpl)
        raise TemplateError(Problem(file, line, _variable(exc), _message(exc))) from exc


def _template_frame(exc: BaseException, tpl: jinja2.Template) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback (Jinja rewrites frames to template lines)."""
    folders = [Path(p) for p in tpl.environment.loader.searchpath]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        for folder in folders:
            if path.is_relative_to(folder):
                return path.relative_to(folder).as_posix(), frame.lineno
    return tpl.name or "<template>", None


def _variable(exc: BaseException) -> str | None:
    match = _UNDEFINED.search(str(exc))
    if not match:
        return None
    owner, attribute = match.groups()
    if attribute is None:
        return owner
    return attribute if " object" in owner else f"{owner}.{attribute}"


def _message(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined: {exc}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    return f"{type(exc).__name__}: {exc}"
