"""Safe file names from people's names: Khmer kept, nothing Windows or Linux refuses.

A recipient's name becomes part of a file name (``out/letters/<id>-<slug>.pdf``).
Names come from spreadsheets typed by hand, so anything can be in them: slashes,
``..``, control characters, a name that Windows reserves (``CON``, ``COM1``), or
300 characters of Khmer that a file system refuses because Khmer is three bytes
per character in UTF-8. Every rule below answers one of those cases.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_NAME_BYTES", "MAX_NAME_CHARS", "safe_filename", "slugify", "truncate"]

# ext4 and NTFS refuse names over 255 bytes / 255 UTF-16 units; a path on Windows
# is also limited (260 characters without long-path support), so we stay well below.
MAX_NAME_BYTES = 150
MAX_NAME_CHARS = 80

# Windows refuses these as a name stem whatever the extension ("CON.pdf" too).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{stem}{n}" for stem in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}
# Characters Windows forbids in names, plus both separators.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Zero-width and joiner characters are invisible; in a file name they only confuse.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _clean_char(ch: str) -> str:
    """One character as a file name may carry it: a space, ``-`` or itself."""
    if ch in _INVISIBLE:
        return ""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "-"
    if category == "Zs":
        return " "
    return "-" if _FORBIDDEN.match(ch) else ch


def _inside_cluster(text: str, cut: int) -> bool:
    """True when cutting ``text`` at ``cut`` would split a Khmer (or any) cluster."""
    following = text[cut]
    return unicodedata.category(following) in ("Mn", "Mc") or following == "\u17d2" or text[cut - 1] == "\u17d2"


def truncate(text: str, max_chars: int, max_bytes: int | None = None) -> str:
    """At most ``max_chars`` characters and ``max_bytes`` UTF-8 bytes, never cutting a cluster.

    Cutting between a consonant and its subscript or vowel would leave a
    cluster that shows as a dotted circle, so the cut moves back to a base character.
    """
    cut = min(len(text), max_chars)
    while max_bytes is not None and len(text[:cut].encode("utf-8")) > max_bytes:
        cut -= 1
    while 0 < cut < len(text) and _inside_cluster(text, cut):
        cut -= 1
    return text[:cut]


def slugify(text: str, max_chars: int = 60, max_bytes: int = 120) -> str:
    """A readable slug: spaces become ``-``, Khmer and other letters are kept as they are.

    ``slugify("ឯកឧត្តម សុខ ចាន់")`` -> ``"ឯកឧត្តម-សុខ-ចាន់"``; ``slugify("../x")`` -> ``"x"``.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(_clean_char(ch) for ch in text)
    text = re.sub(r"[\s\-]+", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = text.strip("-. ")
    text = truncate(text, max_chars, max_bytes).rstrip("-. ")
    return text


def safe_filename(stem: str, suffix: str = "", fallback: str = "file") -> str:
    """``stem`` + ``suffix`` as a name every Windows and Linux file system accepts.

    The stem is slugified, bounded to :data:`MAX_NAME_CHARS` characters and
    :data:`MAX_NAME_BYTES` bytes, never empty, never a reserved device name and
    never ending in a dot or a space. ``suffix`` (e.g. ``".pdf"``) is trusted.
    """
    budget_bytes = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    budget_chars = MAX_NAME_CHARS - len(suffix)
    name = slugify(stem, max_chars=budget_chars, max_bytes=budget_bytes) or fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name + suffix
