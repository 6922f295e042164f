"""``docgen typeset``: set a UTF-8 text file in the Khmer typesetting engine, to check fonts and line breaking."""
from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from docgen.errors import DocgenError, Problem, SourceError
from docgen.files import write_output
from docgen.text.fonts import font_report, resolve_fonts
from docgen.pdf.paragraph import KhmerParagraph
from docgen.text.spans import ALIGNS, ParaStyle, Span

__all__ = ["typeset", "project_fonts", "fonts_report", "read_paragraphs", "MARGIN_MM"]

MARGIN_MM = 20.0


def project_fonts(project_dir: Path | None) -> dict[str, str]:
    """The ``fonts:`` mapping of a project's forum.yaml (the loader makes font paths absolute).

    Without ``project_dir``: the project in the current folder, else the bundled
    forum; {} when there is none (then the system's fonts are used).
    """
    from docgen.project import find_project_dir, load_project_problems

    root, bundled = find_project_dir(project_dir)
    if bundled and not (root / "forum.yaml").is_file():
        return {}
    project, problems = load_project_problems(root)
    if project is None:
        raise DocgenError("the forum project cannot be read", problems)
    return dict(project.forum.fonts)


def fonts_report(project_dir: Path | None = None) -> list[str]:
    """``docgen fonts``: one line per role (role, family, file, why) for a project's fonts."""
    return font_report(project_fonts(project_dir))


def read_paragraphs(path: Path) -> list[str]:
    """The paragraphs of a UTF-8 text file: blank lines separate them, a single newline is a forced break."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SourceError(Problem(str(path), None, None, f"cannot read: {exc.strerror or exc}")) from exc
    except UnicodeDecodeError as exc:
        row = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise SourceError(Problem(str(path), row, None, "not UTF-8 text (save it as UTF-8)")) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _check_options(width_mm: float | None, size: float, align: str, font_role: str) -> None:
    wrong = []
    if width_mm is not None and width_mm <= 0:
        wrong.append(Problem(None, None, "--width-mm", f"must be more than 0, not {width_mm}"))
    if size <= 0:
        wrong.append(Problem(None, None, "--size", f"must be more than 0, not {size}"))
    if align not in ALIGNS:
        wrong.append(Problem(None, None, "--align", f"must be one of {', '.join(ALIGNS)}, not {align!r}"))
    if font_role not in ("body", "heading", "latin"):
        wrong.append(Problem(None, None, "--font-role", f"must be body, heading or latin, not {font_role!r}"))
    if wrong:
        raise DocgenError(wrong[0], wrong[1:])


def typeset(text_path: Path, out_path: Path | BinaryIO, *, width_mm: float | None = None, size: float = 11.0,
            align: str = "left", font_role: str = "body", fonts_config: Mapping[str, str] | None = None) -> Path | None:
    """Typeset the paragraphs of ``text_path`` into the PDF ``out_path`` and return its path (``out_path`` may be
    a binary stream, such as standard output: then None).

    The page is A4 with 20 mm margins; with ``width_mm`` the text block is that
    wide, on a page widened beyond A4 when needed.
    """
    _check_options(width_mm, size, align, font_role)
    fonts = resolve_fonts(fonts_config)
    style = ParaStyle(role=font_role, size=size, align=align, space_after=size * 0.6)
    story = [KhmerParagraph([Span(p)], style, fonts) for p in read_paragraphs(Path(text_path))]
    page_width, page_height = A4
    margin = MARGIN_MM * mm
    frame_width = width_mm * mm if width_mm else page_width - 2 * margin
    page_width = max(page_width, frame_width + 2 * margin)
    side = (page_width - frame_width) / 2
    # No frame padding: the text block is exactly --width-mm wide.
    frame = Frame(side, margin, frame_width, page_height - 2 * margin, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(page_width, page_height), pageTemplates=[PageTemplate("text", [frame])],
                          title=Path(text_path).stem, creator="docgen typeset")
    doc.build(story)
    return write_output(out_path, buffer.getvalue())
