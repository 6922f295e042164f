"""Reading one typed attendance row: header aliases, names, sex, category, session and id look-ups."""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

from docgen.model import Forum, Recipient, Session
from docgen.khmer.digits import ascii_digits
from docgen.khmer.segment import has_khmer
from docgen.sources import values

__all__ = [
    "split_by_script",
    "norm_name",
    "norm_id",
    "parse_sex",
    "find_category",
    "find_session",
    "NameIndex",
    "looks_like_id",
    "did_you_mean",
]


def split_by_script(value: str) -> tuple[str, str]:
    """(km, en): a value of a column without language goes to Khmer if it has Khmer letters."""
    return (value, "") if has_khmer(value) else ("", value)


def norm_name(text: str) -> str:
    """A name folded for comparison: NFC, no zero-width characters, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\u200c", "")
    return " ".join(text.replace(".", " ").split()).casefold()


def norm_id(text: str) -> str:
    """An id folded for comparison: Khmer digits as ASCII, no spaces, case-folded."""
    return "".join(ascii_digits(unicodedata.normalize("NFC", text)).split()).casefold()


def looks_like_id(text: str) -> bool:
    """True for a value that was meant as an id (one token with a digit), not a person's name."""
    folded = norm_id(text)
    return bool(folded) and " " not in text.strip() and any(ch.isdigit() for ch in folded)


def parse_sex(text: str) -> str | None:
    """"M", "F", "" for blank, or None for a value we cannot read (the readers' aliases; "Mr." reads as "mr")."""
    code, error = values.parse_sex(norm_name(text))
    return None if error else code


def find_category(forum: Forum, text: str) -> str | None:
    """The category code a user's text names (code or label in either language), "" if blank, else None."""
    folded = norm_name(text)
    if not folded:
        return ""
    for category in forum.categories:
        if folded in (category.code.casefold(), norm_name(category.label.km), norm_name(category.label.en)):
            return category.code
    return None


def find_session(forum: Forum, text: str) -> Session | None:
    """The session a user's text names: its id, or its province in Khmer or English."""
    from docgen.provinces import find_province

    folded = norm_id(text)
    by_id = next((s for s in forum.sessions if norm_id(s.id) == folded), None)
    if by_id is not None or not text.strip():
        return by_id
    province = find_province(text)
    matches = [s for s in forum.sessions if province is not None and find_province(s.province) == province]
    return matches[0] if len(matches) == 1 else None


# Letters typists take for digits (and the reverse) when copying ids by hand.
_CONFUSABLE = str.maketrans("oilsbz", "011582")


def did_you_mean(value: str, ids: Iterable[str]) -> str:
    """" (did you mean X?)" for the closest known id, or "" when none is close.

    Ids are compared with look-alike letters folded to digits (O->0, l->1, ...)
    so the usual copying slips find the id that was meant.
    """
    by_fold = {norm_id(i).translate(_CONFUSABLE): i for i in ids}
    wanted = norm_id(value).translate(_CONFUSABLE)
    close = [wanted] if wanted in by_fold else difflib.get_close_matches(wanted, list(by_fold), n=1, cutoff=0.6)
    return f" (did you mean {by_fold[close[0]]}?)" if close else ""


class NameIndex:
    """Invitees looked up by id and by name (with or without the honorific), in either language."""

    def __init__(self, recipients: Iterable[Recipient]):
        self.by_id: dict[str, Recipient] = {}
        self._by_name: dict[str, list[Recipient]] = {}
        for recipient in recipients:
            self.by_id[norm_id(recipient.id)] = recipient
            for key in self.name_keys(recipient):
                bucket = self._by_name.setdefault(key, [])
                if recipient not in bucket:
                    bucket.append(recipient)

    @staticmethod
    def name_keys(recipient: Recipient) -> set[str]:
        """Every folded way a sheet may write this person's name."""
        keys = set()
        for lang in ("km", "en"):
            name = recipient.name.get(lang)
            honorific = recipient.honorific.get(lang)
            if name:
                keys |= {norm_name(name), norm_name(f"{honorific} {name}"), norm_name(f"{honorific}{name}")}
        keys.discard("")
        return keys

    def by_name(self, text: str, prefer: Mapping[str, Recipient] | None = None) -> list[Recipient]:
        """Invitees with this name; when several share it, those in ``prefer`` (by id) come alone."""
        found = self._by_name.get(norm_name(text), [])
        if len(found) > 1 and prefer:
            preferred = [r for r in found if r.id in prefer]
            found = preferred or found
        return found

    def get(self, recipient_id: str) -> Recipient | None:
        return self.by_id.get(norm_id(recipient_id))
