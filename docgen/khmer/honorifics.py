"""Khmer honorifics and titles with their English forms, letter salutations by rank, and name order.

The table follows ``shared/khmer-letter-facts.md`` §8: titles stack (rank + academic title,
ឯកឧត្តមបណ្ឌិត = H.E. Dr.), and the usual order of a mixed audience is
សម្តេច ឯកឧត្តម លោកជំទាវ អស់លោក លោកស្រី. Khmer names are written family name first, and English
texts keep that order with the family name in capitals (ហ៊ុន ម៉ាណែត = HUN Manet).

Salutation by rank: a letter to a dignitary (Samdech, H.E., Lok Chumteav, Oknha, and their
academic forms) opens the addressee line with ``សូមគោរពជូន``; to anyone else with ``ជូន``.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = [
    "Honorific",
    "HONORIFICS",
    "find_honorific",
    "honorific_en",
    "honorific_km",
    "is_dignitary",
    "salutation_km",
    "salutation_en",
    "attachment_phrase_km",
    "split_khmer_name",
    "name_en",
]


@dataclass(frozen=True)
class Honorific:
    """A title as Khmer letters write it, its English form, and its rank (higher = more senior)."""

    km: str
    en: str
    rank: int
    aliases: tuple[str, ...] = ()

    @property
    def dignitary(self) -> bool:
        """True for the ranks that take ``សូមគោរពជូន`` (rank >= 3)."""
        return self.rank >= 3


# Ordered from the most senior; spellings as in the facts file (សម្តេច with ត subscript).
HONORIFICS: tuple[Honorific, ...] = (
    Honorific("សម្តេចបណ្ឌិត", "Samdech Dr.", 6, ("សម្ដេចបណ្ឌិត",)),
    Honorific("សម្តេច", "Samdech", 6, ("សម្ដេច",)),
    Honorific("ឯកឧត្តមបណ្ឌិត", "H.E. Dr.", 5, ("ឯកឧត្ដមបណ្ឌិត", "His Excellency Dr.", "Her Excellency Dr.")),
    Honorific("ឯកឧត្តម", "H.E.", 5, ("ឯកឧត្ដម", "His Excellency", "Her Excellency", "Excellency")),
    Honorific("លោកជំទាវបណ្ឌិត", "Lok Chumteav Dr.", 5),
    Honorific("លោកជំទាវ", "Lok Chumteav", 5, ("Lok Chumtiev", "Lok Chumteav (H.E.)")),
    Honorific("អ្នកឧកញ៉ា", "Neak Oknha", 4),
    Honorific("ឧកញ៉ា", "Oknha", 4, ("Oknha.",)),
    Honorific("លោកបណ្ឌិត", "Dr.", 2, ("Doctor", "Dr")),
    Honorific("លោកស្រីបណ្ឌិត", "Dr.", 2),
    Honorific("លោក", "Mr.", 1, ("Mr", "Mister")),
    Honorific("លោកស្រី", "Mrs.", 1, ("Mrs", "Ms.", "Ms", "Madame")),
    Honorific("អ្នកនាង", "Madam", 1, ("Mdm.",)),
    Honorific("កញ្ញា", "Miss", 1, ("Miss.",)),
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold()
    return " ".join(text.split()).replace("ដ្ដ", "ត្ត").replace("ម្ដ", "ម្ត")


_INDEX: dict[str, Honorific] = {}
for _honorific in HONORIFICS:
    for _name in (_honorific.km, _honorific.en, *_honorific.aliases):
        _INDEX.setdefault(_fold(_name), _honorific)


def find_honorific(text: str) -> Honorific | None:
    """The honorific named by ``text`` in Khmer or English (any spelling in the table), or None."""
    return _INDEX.get(_fold(text)) if text else None


def honorific_en(km: str) -> str:
    """The English form of a Khmer title (ឯកឧត្តម -> H.E.); unknown text is returned unchanged."""
    found = find_honorific(km)
    return found.en if found else km


def honorific_km(en: str) -> str:
    """The Khmer form of an English title (H.E. -> ឯកឧត្តម); unknown text is returned unchanged."""
    found = find_honorific(en)
    return found.km if found else en


def is_dignitary(title: str) -> bool:
    """True if ``title`` (Khmer or English) is a senior rank: Samdech, H.E., Lok Chumteav, Oknha."""
    found = find_honorific(title)
    return bool(found and found.dignitary)


def salutation_km(recipient_honorific: str) -> str:
    """The relationship formula before the addressee: ``សូមគោរពជូន`` to a dignitary, else ``ជូន``."""
    return "សូមគោរពជូន" if is_dignitary(recipient_honorific) else "ជូន"


def salutation_en(recipient_honorific: str, family_name: str = "") -> str:
    """The English greeting line: ``Your Excellency,`` / ``Dear Samdech,`` / ``Dear Mr. HUN,``.

    A title given in English is kept as written (``Ms.`` stays ``Ms.``, not ``Mrs.``).
    """
    found = find_honorific(recipient_honorific)
    if found is None:
        return f"Dear {family_name}," if family_name else "Dear Sir or Madam,"
    if found.rank == 5 and found.en.startswith("H.E."):
        return "Your Excellency,"
    name = f" {family_name}" if family_name and found.rank < 5 else ""
    given = recipient_honorific.strip()
    title = given if given.isascii() and found.rank < 5 else found.en
    return f"Dear {title}{name},"


def attachment_phrase_km(recipient_honorific: str) -> str:
    """The attachment sentence opening by rank (facts §6): upward ``សូមគោរពជូនភ្ជាប់…``, else ``សូមជូនភ្ជាប់…``."""
    if is_dignitary(recipient_honorific):
        return "សូមគោរពជូនភ្ជាប់មកជាមួយនូវ"
    return "សូមជូនភ្ជាប់មកជាមួយនូវ"


def split_khmer_name(full_name: str) -> tuple[str, str]:
    """(family name, given names) of a Khmer name written family name first: ហ៊ុន ម៉ាណែត -> (ហ៊ុន, ម៉ាណែត)."""
    parts = full_name.split()
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


def name_en(family_name: str, given_name: str = "", *, capitals: bool = True) -> str:
    """A Khmer person's name in English, family name first: ``HUN Manet`` (or ``Hun Manet``)."""
    family = family_name.strip().upper() if capitals else family_name.strip()
    return f"{family} {given_name.strip()}".strip()
