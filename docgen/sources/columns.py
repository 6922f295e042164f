"""Column headers in English or Khmer, folded to docgen's standard column names.

A header is folded (case, spaces, punctuation, ``(Khmer)``-style language marks)
and looked up in :data:`ALIASES`; a header that is not an alias is kept as it
was written, so templates can still use it as an extra column.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = [
    "RECIPIENT_COLUMNS",
    "ATTENDANCE_COLUMNS",
    "ALIASES",
    "canonical_column",
    "canonical_header",
]

RECIPIENT_COLUMNS: tuple[str, ...] = (
    "id", "honorific_km", "honorific_en", "name_km", "name_en", "position_km", "position_en",
    "organisation_km", "organisation_en", "category", "province", "session", "language",
    "email", "phone", "address_km", "address_en", "sex", "report",
)

ATTENDANCE_COLUMNS: tuple[str, ...] = (
    "session", "id", "name_km", "name_en", "sex", "position_km", "position_en",
    "organisation_km", "organisation_en", "category", "phone",
)

# Bilingual fields: the stem in English and Khmer. "Name (Khmer)", "name km",
# "ឈ្មោះ" and "ឈ្មោះ (ខ្មែរ)" all fold to name_km; "Name (English)" and
# "ឈ្មោះ (អង់គ្លេស)" to name_en. A bare English stem ("Name") means the English
# field, a bare Khmer stem ("ឈ្មោះ") the Khmer one.
_STEMS: dict[str, tuple[str, ...]] = {
    "honorific": ("honorific", "title", "salutation", "ងារ", "គោរមងារ", "ឋានន្តរស័ក្តិ"),
    "name": ("name", "fullname", "ឈ្មោះ", "នាមត្រកូលនិងនាមខ្លួន", "គោត្តនាមនិងនាម"),
    "position": ("position", "jobtitle", "role", "function", "តួនាទី", "មុខតំណែង"),
    "organisation": ("organisation", "organization", "org", "institution", "agency",
                     "អង្គភាព", "ស្ថាប័ន", "អង្គការ", "អង្គការស្ថាប័ន"),
    "address": ("address", "postaladdress", "អាសយដ្ឋាន"),
    "theme": ("theme", "topic", "ប្រធានបទ"),
}

# Single-language fields.
_PLAIN: dict[str, tuple[str, ...]] = {
    "id": ("id", "code", "no", "number", "recipientid", "លេខសម្គាល់", "អត្តលេខ", "លេខកូដ"),
    "category": ("category", "type", "group", "ប្រភេទ", "ក្រុម"),
    "province": ("province", "city", "ខេត្ត", "ខេត្តក្រុង", "រាជធានីខេត្ត"),
    "session": ("session", "meeting", "សម័យប្រជុំ", "វគ្គ"),
    "language": ("language", "lang", "ភាសា"),
    "email": ("email", "mail", "emailaddress", "អ៊ីមែល", "អុីមែល", "អ៊ីម៉ែល", "សារអេឡិចត្រូនិច"),
    "phone": ("phone", "telephone", "tel", "mobile", "phonenumber", "ទូរស័ព្ទ", "លេខទូរស័ព្ទ"),
    "sex": ("sex", "gender", "ភេទ"),
    "report": ("report", "summaryreport", "receivesreport", "របាយការណ៍"),
}

_KM_MARKS = ("km", "kh", "khmer", "ខ្មែរ", "ភាសាខ្មែរ")
_EN_MARKS = ("en", "eng", "english", "អង់គ្លេស", "ភាសាអង់គ្លេស")


def _fold(header: str) -> str:
    """Lower case, NFC, without spaces, punctuation, ZWSP or brackets."""
    text = unicodedata.normalize("NFC", header).casefold()
    return re.sub(r"[\s\u200b\u200c\u200d_\-.,:;/()\[\]'\"៖]+", "", text)


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for canonical, words in _PLAIN.items():
        for word in words:
            aliases[_fold(word)] = canonical
    for stem, words in _STEMS.items():
        for word in words:
            key = _fold(word)
            is_khmer = any("\u1780" <= ch <= "\u17ff" for ch in key)
            aliases.setdefault(key, f"{stem}_km" if is_khmer else f"{stem}_en")
            for mark in _KM_MARKS:
                aliases[key + _fold(mark)] = f"{stem}_km"
            for mark in _EN_MARKS:
                aliases[key + _fold(mark)] = f"{stem}_en"
    return aliases


ALIASES: dict[str, str] = _build_aliases()


def canonical_column(header: str) -> str:
    """The standard name of a column header, or the header itself (stripped) when it is no alias."""
    text = (header or "").strip()
    return ALIASES.get(_fold(text), text)


def canonical_header(headers: list[str]) -> list[str]:
    """Fold every header of a table; empty headers stay empty."""
    return [canonical_column(h) if h and h.strip() else "" for h in headers]
