"""The one exception tree of docgen, and problems as values.

Every problem a user can cause is first a :class:`Problem` (file, row, field,
message, severity); it becomes an exception only when work cannot go on.

    DocgenError                 root: every error docgen raises on purpose
    ├── ProjectError            the forum project cannot be found or read at all
    ├── SourceError             a data file (YAML, CSV, XLSX) is unreadable or invalid
    ├── TemplateError           a template cannot be found, parsed or rendered
    ├── FontError               no usable font for a role
    ├── WriteError              an output file cannot be written
    └── DeliveryError           e-mail cannot be sent (configuration or server)

The CLI prints one line per problem and exits non-zero; ``--traceback`` re-raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

__all__ = [
    "INVISIBLE",
    "Severity",
    "Problem",
    "DocgenError",
    "ProjectError",
    "SourceError",
    "TemplateError",
    "FontError",
    "WriteError",
    "DeliveryError",
]


# What no value may hold and no problem line may show raw (issue 22): C0 and C1 controls (a CR/LF splits
# the line, the e-mail header or the CSV row it is written into), U+2028/U+2029 and lone surrogates.
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


class Severity(str, Enum):
    """How bad a problem is: an error stops the affected item, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the user's input, located as precisely as we can."""

    file: str | Path | None
    row: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """The one line shown to a user; a control character taken from the input is shown escaped (\\u001e)."""
        return INVISIBLE.sub(_escaped, self._text())

    def _text(self) -> str:
        if self.file is None and self.row is None and not self.field:
            return self.message if self.severity is Severity.ERROR else f"{self.message} (warning)"
        place = str(self.file) if self.file is not None else "<project>"
        if self.row is not None:
            place += f":{self.row}"
        field = f" {self.field}:" if self.field else ""
        level = "" if self.severity is Severity.ERROR else " (warning)"
        return f"{place}:{field} {self.message}{level}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class DocgenError(Exception):
    """Root of every error docgen raises on purpose; carries the problems behind it (at least one)."""

    exit_code = 1

    def __init__(self, message: str | Problem, problems: list[Problem] | None = None):
        if isinstance(message, Problem):
            problems = [message, *(problems or [])]
            message = str(message)
        super().__init__(message)
        self.problems: list[Problem] = list(problems or []) or [Problem(None, None, None, message)]

    def lines(self) -> list[str]:
        """The one-line messages to show a user."""
        return [str(p) for p in self.problems]


class ProjectError(DocgenError):
    """The forum project cannot be found or read at all."""

    exit_code = 2


class SourceError(DocgenError):
    """A data file (YAML, CSV, XLSX) is unreadable or invalid."""


class TemplateError(DocgenError):
    """A template cannot be found, parsed or rendered."""


class FontError(DocgenError):
    """No usable font can be found for a role."""


class WriteError(DocgenError):
    """An output file cannot be written."""


class DeliveryError(DocgenError):
    """E-mail cannot be sent: missing configuration or a server that refuses."""
