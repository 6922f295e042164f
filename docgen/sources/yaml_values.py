"""Typed values read out of a YAML document (texts in both languages, dates, times, e-mails, people), each problem at its line."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from docgen.model import Person, Text
from docgen.sources.values import Collector, check_email, parse_date, parse_province, parse_time
from docgen.sources.yaml import YamlDoc, YamlPath

__all__ = ["YamlReader"]

Parsed = TypeVar("Parsed", dt.date, dt.time)


class YamlReader:
    """Reads typed values out of a YamlDoc, reporting problems to a Collector."""

    def __init__(self, doc: YamlDoc, collector: Collector):
        self.doc, self.out = doc, collector

    def error(self, path: YamlPath, message: str) -> None:
        problem = self.doc.problem(path, message)
        self.out.error(problem.file, problem.row, problem.field, message)

    def report_document_problems(self) -> None:
        """What the YAML reader found: texts with control characters, and keys given twice.

        YAML keeps only the last of two equal keys: say so, or an edit seems to be ignored.
        """
        self.out.problems.extend(self.doc.problems)
        for path, first_line in self.doc.duplicates:
            self.error(path, f"the key {path[-1]!r} is given twice (also at line {first_line}); only this one counts")

    def mapping(self, value: Any, path: YamlPath) -> dict[str, Any]:
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        self.error(path, "must be a mapping of keys to values")
        return {}

    def items(self, value: Any, path: YamlPath) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.error(path, "must be a list (lines starting with '- ')")
        return []

    def string(self, mapping: dict[str, Any], key: str, path: YamlPath, required: bool = False) -> str:
        value = mapping.get(key)
        if value in (None, "") and required:
            self.error((*path, key), "is required")
        return self._plain(value, (*path, key)).strip()

    def text(self, mapping: dict[str, Any], key: str, path: YamlPath, required: bool = False) -> Text:
        """A bilingual text: ``key: {km, en}``, ``key_km``/``key_en`` or one text for both."""
        value = mapping.get(key)
        if value is not None:
            text = self.bilingual(value, (*path, key))
        else:
            km_path = (*path, f"{key}_km")
            km, en = (self._plain(mapping.get(f"{key}_km"), km_path, bilingual=True),
                      self._plain(mapping.get(f"{key}_en"), (*path, f"{key}_en"), bilingual=True))
            text = self.out.text(self.doc.file, self.doc.line(km_path), ".".join(map(str, (*path, key))), km, en)
        if required and not text:
            self.error((*path, key), "is required (give km and en)")
        return text

    def bilingual(self, value: Any, path: YamlPath) -> Text:
        """The text ``value``, ``{km: ..., en: ...}`` or one text for both, at ``path``."""
        if isinstance(value, dict):
            km_path: YamlPath = (*path, "km")
            km = self._plain(value.get("km"), km_path, bilingual=True)
            en = self._plain(value.get("en"), (*path, "en"), bilingual=True)
        else:
            km_path = path
            km = en = self._plain(value, path, bilingual=True)
        return self.out.text(self.doc.file, self.doc.line(km_path), ".".join(map(str, path)), km, en)

    def _plain(self, value: Any, path: YamlPath, bilingual: bool = False) -> str:
        """A scalar as text; a list or mapping, or a YAML yes/no, where a text belongs is a problem."""
        if isinstance(value, (list, dict)):
            shape = "or {km: ..., en: ...}" if bilingual else f"not a {'list' if isinstance(value, list) else 'mapping'}"
            self.error(path, f"must be a text, {shape}")
            return ""
        if isinstance(value, bool):
            self.error(path, "is read as true/false by YAML; put the text in quotes")
            return ""
        return "" if value is None else str(value)

    def flag(self, mapping: dict[str, Any], key: str, path: YamlPath) -> bool:
        """A true/false setting (false when absent)."""
        value = mapping.get(key, False)
        if not isinstance(value, bool):
            self.error((*path, key), f"must be true or false, not {value!r}")
            return False
        return value

    def email(self, mapping: dict[str, Any], key: str, path: YamlPath) -> str:
        value = self.string(mapping, key, path)
        message = check_email(value)
        if message:
            self.error((*path, key), message)
        return value

    def times(self, data: dict[str, Any], path: YamlPath, required: bool) -> tuple[dt.time | None, dt.time | None]:
        """(start, end) of a session or agenda item; the end may not come before the start."""
        begins, ends = self.time(data, "start", path, required), self.time(data, "end", path)
        if begins and ends and ends < begins:
            self.error((*path, "end"), f"ends at {ends:%H:%M}, before it starts at {begins:%H:%M}")
        return begins, ends

    def date(self, mapping: dict[str, Any], key: str, path: YamlPath, required: bool = False) -> dt.date | None:
        return self._parsed(parse_date, "YYYY-MM-DD", mapping, key, path, required)

    def time(self, mapping: dict[str, Any], key: str, path: YamlPath, required: bool = False) -> dt.time | None:
        return self._parsed(parse_time, "HH:MM", mapping, key, path, required)

    def _parsed(self, parse: Callable[[Any], tuple[Parsed | None, str | None]], form: str, mapping: dict[str, Any],
                key: str, path: YamlPath, required: bool) -> Parsed | None:
        """``mapping[key]`` read by ``parse``; its message, or "is required (``form``)", is an error at the key."""
        value, message = parse(mapping.get(key))
        if message:
            self.error((*path, key), message)
        elif value is None and required:
            self.error((*path, key), f"is required ({form})")
        return value

    def province(self, mapping: dict[str, Any], key: str, path: YamlPath, default: str = "") -> str:
        raw = self.string(mapping, key, path, required=not default)
        if not raw:
            return default
        name, message = parse_province(raw)
        if message:
            self.error((*path, key), message)
        return name or default

    def person(self, value: Any, path: YamlPath) -> Person | None:
        data = self.mapping(value, path)
        if not data:
            return None
        return Person(
            name=self.text(data, "name", path, required=True),
            honorific=self.text(data, "honorific", path),
            position=self.text(data, "position", path),
            organisation=self.text(data, "organisation", path),
        )
