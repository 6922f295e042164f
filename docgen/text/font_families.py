"""The font families docgen knows: the faces it ships, the files of known families, the order of choice."""
from __future__ import annotations

from pathlib import Path

__all__ = ["STYLES", "FONTS_DIR", "BUNDLED", "FAMILIES", "PREFERRED", "KHMER_NEEDED"]

STYLES = ("regular", "bold", "italic", "bolditalic")
#: The OFL faces shipped in the wheel (docgen/fonts/, made by scripts/bundle_fonts.py).
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
BUNDLED: dict[str, tuple[str, dict[str, str]]] = {
    "body": ("Battambang", {"regular": "Battambang-Regular.ttf", "bold": "Battambang-Bold.ttf"}),
    "heading": ("Moul", {"regular": "Moul-Regular.ttf"}),
    "latin": ("Noto Serif", {"regular": "NotoSerif-Regular.ttf", "bold": "NotoSerif-Bold.ttf",
                             "italic": "NotoSerif-Italic.ttf", "bolditalic": "NotoSerif-BoldItalic.ttf"}),
}

# Known families: style -> normalised file stems (lower case, letters and digits only).
FAMILIES: dict[str, dict[str, tuple[str, ...]]] = {
    "Khmer OS Siemreap": {"regular": ("khmerossiemreap",)},
    "Khmer OS Battambang": {"regular": ("khmerosbattambang",)},
    "Khmer OS Muol Light": {"regular": ("khmerosmuollight",)},
    "Khmer OS Muol": {"regular": ("khmerosmuol",)},
    # Windows
    "Khmer UI": {"regular": ("khmerui",), "bold": ("khmeruib",)},
    "Leelawadee UI": {"regular": ("leelawui",), "bold": ("leelauib",)},
    "DaunPenh": {"regular": ("daunpenh",)},
    "MoolBoran": {"regular": ("moolbor",)},
    # macOS
    "Khmer Sangam MN": {"regular": ("khmersangammn",)},
    "Khmer MN": {"regular": ("khmermn",), "bold": ("khmermnbold",)},
    # Latin
    "Times New Roman": {"regular": ("times", "timesnewroman"), "bold": ("timesbd", "timesnewromanbold"),
                        "italic": ("timesi", "timesnewromanitalic"),
                        "bolditalic": ("timesbi", "timesnewromanbolditalic")},
    "Liberation Serif": {s: (f"liberationserif{s}",) for s in STYLES},
    "DejaVu Serif": {"regular": ("dejavuserif",), "bold": ("dejavuserifbold",), "italic": ("dejavuserifitalic",),
                     "bolditalic": ("dejavuserifbolditalic",)},
}
_KHMER_OS = "installed in the system font folders (Khmer OS, as Cambodian offices have)"
_WINDOWS = "a Khmer face of Windows (no Khmer OS font installed)"
_MACOS = "a Khmer face of macOS (no Khmer OS font installed)"
_SYSTEM = "installed in the system font folders"
# In the order of choice, after forum.yaml and before the bundled faces.
PREFERRED: dict[str, tuple[tuple[str, str], ...]] = {
    "body": (("Khmer OS Siemreap", _KHMER_OS), ("Khmer OS Battambang", _KHMER_OS),
             ("Khmer UI", _WINDOWS), ("Leelawadee UI", _WINDOWS), ("DaunPenh", _WINDOWS),
             ("Khmer Sangam MN", _MACOS), ("Khmer MN", _MACOS)),
    "heading": (("Khmer OS Muol Light", _KHMER_OS), ("Khmer OS Muol", _KHMER_OS), ("MoolBoran", _WINDOWS)),
    "latin": (("Times New Roman", _SYSTEM), ("Liberation Serif", _SYSTEM), ("DejaVu Serif", _SYSTEM)),
}
# A Khmer face is taken only if it has the consonants, the coeng and the vowel signs.
KHMER_NEEDED = frozenset([*range(0x1780, 0x17A3), *range(0x17B6, 0x17D3)])
