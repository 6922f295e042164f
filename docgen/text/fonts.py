"""Font discovery for the roles body, heading and latin: forum.yaml, the system's Khmer faces, then the faces docgen ships."""
from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from docgen.errors import FontError, Problem
from docgen.text.font_families import BUNDLED, FONTS_DIR, FAMILIES, KHMER_NEEDED, PREFERRED, STYLES

__all__ = [
    "NO_SYSTEM_FONTS_ENV",
    "ROLES",
    "FontChoice",
    "FontFace",
    "FontSet",
    "resolve_fonts",
    "font_report",
    "fallback_face",
]

#: Set to 1 to ignore every installed font and use only the faces docgen ships
#: (what a fresh machine without Khmer fonts gets). Tests and CI use it.
NO_SYSTEM_FONTS_ENV = "DOCGEN_NO_SYSTEM_FONTS"
ROLES = ("body", "heading", "latin")


@contextlib.contextmanager
def _open_font(path: Path):
    """A lazily read fontTools font whose file is closed even when the file is no font."""
    from fontTools.ttLib import TTFont

    with open(path, "rb") as handle:
        font = TTFont(handle, lazy=True)
        try:
            yield font
        finally:
            font.close()


@dataclass(frozen=True)
class FontChoice:
    """What was chosen for a role, and why (the lines of ``docgen fonts``)."""

    role: str
    family: str
    path: Path
    why: str


@dataclass(eq=False)
class FontFace:
    """One font file used at one style; bold or italic may be synthesised when the family lacks it."""

    family: str
    path: Path
    embolden: bool = False      # draw with a thin outline stroke (no real bold file)
    slant: bool = False         # draw sheared (no real italic file)
    fallback: FontFace | None = field(default=None, repr=False)

    @cached_property
    def _metrics(self) -> tuple[float, float, frozenset[int]]:
        with _open_font(self.path) as font:
            upem = font["head"].unitsPerEm
            hhea, os2 = font["hhea"], font["OS/2"]
            # The largest of the three metric sets, so Khmer stacks never clip.
            ascent = max(hhea.ascent, os2.sTypoAscender, os2.usWinAscent)
            descent = max(-hhea.descent, -os2.sTypoDescender, os2.usWinDescent)
            return ascent / upem, descent / upem, frozenset(font.getBestCmap())

    @cached_property
    def ps_name(self) -> str:
        """The PostScript name the face has inside a PDF (its file's, made unique within its FontSet):
        printable ASCII, at most 63 characters, never empty."""
        from fontTools.ttLib import TTLibError

        try:
            with _open_font(self.path) as font:
                name = str(font["name"].getDebugName(6) or "")
        except (TTLibError, OSError, KeyError):
            name = ""   # a file that is no font fails later, when it is embedded, with its own message
        clean = re.sub(r"[^A-Za-z0-9_.+-]", "", name) or re.sub(r"[^A-Za-z0-9_.+-]", "", self.path.stem)
        return (clean or "docgen-font")[:56]   # room for the "-2" of a twin and a subset's tag

    @property
    def ascent(self) -> float:
        """Height above the baseline, in em."""
        return self._metrics[0]

    @property
    def descent(self) -> float:
        """Depth below the baseline, in em (positive)."""
        return self._metrics[1]

    def covers(self, char: str) -> bool:
        """Whether the font has a glyph for ``char`` in its cmap."""
        return ord(char) in self._metrics[2]


@dataclass
class _Role:
    choice: FontChoice
    faces: dict[str, FontFace]


class FontSet:
    """The fonts of one configuration, by role and style."""

    def __init__(self, roles: dict[str, _Role]):
        self._roles = roles

    def face(self, role: str, bold: bool = False, italic: bool = False) -> FontFace:
        """The face for ``role`` in the asked style; its ``fallback`` covers what it lacks."""
        if role not in self._roles:
            raise FontError(f"unknown font role {role!r} (known: {', '.join(ROLES)})")
        return self._roles[role].faces[_style(bold, italic)]

    def choices(self) -> list[FontChoice]:
        """One choice per role, in the order body, heading, latin."""
        return [self._roles[r].choice for r in ROLES]


def _style(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}[
        (bool(bold), bool(italic))]


# -- where fonts live ----------------------------------------------------------------

def _font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts",
            Path("/Library/Fonts"), home / "Library/Fonts", Path("/System/Library/Fonts")]
    if windir := os.environ.get("WINDIR"):
        dirs.insert(0, Path(windir) / "Fonts")
    if local := os.environ.get("LOCALAPPDATA"):
        dirs.insert(1, Path(local) / "Microsoft/Windows/Fonts")
    return [d for d in dirs if d.is_dir()]


def _normalise(stem: str) -> str:
    return re.sub(r"[^a-z0-9]", "", stem.lower())


@lru_cache(maxsize=1)
def _system_index() -> dict[str, Path]:
    """Normalised file stem -> path of every TrueType font in the system font folders."""
    index: dict[str, Path] = {}
    for folder in _font_dirs():
        for path in sorted(_walk_fonts(folder)):
            index.setdefault(_normalise(path.stem), path)
    return index


def _walk_fonts(folder: Path) -> Iterator[Path]:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            # Only TrueType outlines can be embedded (ReportLab cannot subset CFF .otf fonts).
            if name.lower().endswith(".ttf"):
                yield Path(root) / name


def _system_enabled() -> bool:
    return os.environ.get(NO_SYSTEM_FONTS_ENV, "").strip().lower() not in ("1", "true", "yes")


def _find_family(family: str) -> dict[str, Path]:
    """Style -> path for a family, bundled or in the system folders (empty when absent)."""
    bundled = next((files for name, files in BUNDLED.values() if _normalise(name) == _normalise(family)), None)
    if bundled is not None:
        return {style: FONTS_DIR / name for style, name in bundled.items()}
    if not _system_enabled():
        return {}
    index = _system_index()
    found = {}
    for style, stems in FAMILIES.get(family, {}).items():
        path = next((index[s] for s in stems if s in index), None)
        if path is not None:
            found[style] = path
    if not found and family not in FAMILIES:
        found = _scan_family_names(family, index)
    return found if "regular" in found else {}


def _scan_family_names(family: str, index: dict[str, Path]) -> dict[str, Path]:
    """Read the name table of every installed font to find an unknown family."""
    from fontTools.ttLib import TTLibError

    wanted = _normalise(family)
    found: dict[str, Path] = {}
    for path in index.values():
        try:
            with _open_font(path) as font:
                name = font["name"]
                names = {_normalise(str(name.getDebugName(i) or "")) for i in (1, 16)}
                sub = _normalise(str(name.getDebugName(2) or "regular"))
        except (TTLibError, OSError, KeyError):
            continue
        if wanted in names:
            style = sub if sub in STYLES else "regular"
            found.setdefault(style, path)
    return found


def _usable(path: Path, khmer: bool) -> bool:
    """Whether the file at ``path`` is a TrueType font docgen can embed (with every Khmer letter and
    sign a letter needs, if ``khmer``): a damaged file is passed over, not a failure."""
    from fontTools.ttLib import TTLibError

    try:
        with _open_font(path) as font:
            font["name"].getDebugName(6)
            return "glyf" in font and (not khmer or KHMER_NEEDED <= set(font.getBestCmap()))
    except (TTLibError, OSError, KeyError, AttributeError, ValueError, TypeError):
        return False


# -- choosing ---------------------------------------------------------------------------

def _configured(role: str, value: str) -> tuple[str, dict[str, Path], str]:
    """Family, style paths and reason for a font that forum.yaml names by path or family."""
    field_name = f"fonts.{role}"
    path = Path(value).expanduser()
    if path.suffix.lower() in (".ttf", ".otf") or path.is_file():
        if not path.is_file():
            raise FontError(Problem("forum.yaml", None, field_name, f"font file not found: {value}"))
        return _family_name(path, field_name), {"regular": path}, "named by path in forum.yaml"
    paths = _find_family(value)
    if not paths:
        where = "system font search is off" if not _system_enabled() else "not installed in the system font folders"
        raise FontError(Problem("forum.yaml", None, field_name, f"font family {value!r} not found ({where})"))
    return value, paths, "named by family in forum.yaml"


def _family_name(path: Path, field_name: str) -> str:
    from fontTools.ttLib import TTLibError

    try:
        with _open_font(path) as font:
            name = font["name"]
            family = str(name.getDebugName(16) or name.getDebugName(1) or path.stem)
            outlines = "glyf" in font
    except (TTLibError, OSError, KeyError) as exc:
        raise FontError(Problem("forum.yaml", None, field_name, f"{path}: not a usable font file: {exc}")) from exc
    if not outlines:
        raise FontError(Problem("forum.yaml", None, field_name,
                                f"{path}: PostScript-outline (CFF) fonts cannot be embedded; use a TrueType .ttf"))
    return family


def _discovered(role: str) -> tuple[str, dict[str, Path], str]:
    """The first preferred family installed here and usable, else the face docgen ships for ``role``."""
    for family, why in PREFERRED[role]:
        paths = _find_family(family)
        if paths and all(_usable(path, khmer=role != "latin") for path in paths.values()):
            return family, paths, why
    family, files = BUNDLED[role]
    reason = "no system font found" if _system_enabled() else f"system fonts off by {NO_SYSTEM_FONTS_ENV}"
    return family, {style: FONTS_DIR / name for style, name in files.items()}, f"{reason}; bundled with docgen (OFL)"


def _faces(family: str, paths: dict[str, Path], display_bold: bool = False) -> dict[str, FontFace]:
    """A face per style; missing bold/italic files are synthesised from the nearest one."""
    faces = {}
    for style in STYLES:
        bold, italic = "bold" in style, "italic" in style
        order = [style, "bold" if bold else "regular", "italic" if italic else "regular", "regular"]
        chosen = next(s for s in order if s in paths)
        embolden = bold and "bold" not in chosen and not display_bold
        slant = italic and "italic" not in chosen
        faces[style] = FontFace(family, paths[chosen], embolden=embolden, slant=slant)
    return faces


def _name_uniquely(faces: list[FontFace]) -> None:
    """Give each font file a PostScript name of its own within the set: two files named alike
    (instances of one family, badly named fonts) would otherwise collide inside one PDF."""
    taken: dict[str, Path] = {}
    for face in faces:
        name = face.ps_name
        number = 1
        while taken.setdefault(name, face.path) != face.path:
            number += 1
            name = f"{face.ps_name}-{number}"
        face.ps_name = name


def _link_fallbacks(primary: dict[str, FontFace], secondary: dict[str, FontFace]) -> None:
    for style, face in primary.items():
        face.fallback = secondary[style]


@lru_cache(maxsize=16)
def _resolve(config: tuple[tuple[str, str], ...], system: bool) -> FontSet:
    wanted = dict(config)
    unknown = sorted(set(wanted) - set(ROLES))
    if unknown:
        raise FontError(Problem("forum.yaml", None, f"fonts.{unknown[0]}",
                                f"unknown font role (known: {', '.join(ROLES)})"))
    roles: dict[str, _Role] = {}
    for role in ROLES:
        family, paths, why = _configured(role, wanted[role]) if wanted.get(role) else _discovered(role)
        # Muol is a display face: already heavy, never emboldened further.
        faces = _faces(family, paths, display_bold=any(m in _normalise(family) for m in ("muol", "moul", "mool")))
        roles[role] = _Role(FontChoice(role, family, paths["regular"], why), faces)
    _link_fallbacks(roles["latin"].faces, roles["body"].faces)
    _link_fallbacks(roles["body"].faces, roles["latin"].faces)
    _link_fallbacks(roles["heading"].faces, roles["latin"].faces)
    _name_uniquely([face for role in roles.values() for face in role.faces.values()])
    return FontSet(roles)


def resolve_fonts(config: Mapping[str, str] | None = None) -> FontSet:
    """The fonts for each role, from ``config`` (forum.yaml ``fonts:``) or the system, else the bundled faces.

    Cached per configuration. Raises FontError (with a Problem on forum.yaml) for
    a named font that cannot be found.
    """
    items = tuple(sorted((str(k), str(v)) for k, v in (config or {}).items() if v))
    return _resolve(items, _system_enabled())


@lru_cache(maxsize=1)
def _installed_coverage() -> tuple[tuple[Path, frozenset[int]], ...]:
    """Every installed TrueType font and the characters it has (read once, when a face lacks one)."""
    from fontTools.ttLib import TTLibError

    found = []
    for path in _system_index().values():
        try:
            with _open_font(path) as font:
                if "glyf" in font:   # only TrueType outlines can be embedded
                    found.append((path, frozenset(font.getBestCmap())))
        except (TTLibError, OSError, KeyError, AttributeError):
            continue
    return tuple(found)


def fallback_face(char: str) -> FontFace | None:
    """An installed face that has ``char`` when none of the chosen faces has it (an Arabic name,
    a symbol); None when none has it or system fonts are off. Its PostScript name is its own."""
    return _fallback(char, _system_enabled())


@lru_cache(maxsize=256)
def _fallback(char: str, system: bool) -> FontFace | None:
    if not system:
        return None
    code = ord(char)
    return next((_fallback_at(path) for path, covered in _installed_coverage() if code in covered), None)


@lru_cache(maxsize=32)
def _fallback_at(path: Path) -> FontFace:
    """One face per file, so that the characters it draws make one run (Arabic letters join)."""
    with _open_font(path) as font:
        family = str(font["name"].getDebugName(16) or font["name"].getDebugName(1) or path.stem)
    face = FontFace(family, path)
    face.ps_name = f"{face.ps_name}-fallback"
    return face


def font_report(config: Mapping[str, str] | None = None) -> list[str]:
    """One line per role: the role, the family, the file chosen and why (for ``docgen fonts``)."""
    return [f"{c.role}: {c.family} — {c.path} ({c.why})" for c in resolve_fonts(config).choices()]
