"""Deterministic zip archives with ``zipfile``: one fixed time, attributes and compression rule for every member.

An archive can start from a prefix, an archive already written: its members are kept as
they are, compressed once, and the new members are appended after them
(``zipfile``'s append mode), so the parts every letter shares are not compressed again.
"""
from __future__ import annotations

import datetime as dt
import io
import stat
import zipfile
from collections.abc import Iterable

__all__ = ["Entry", "date_time", "write_archive"]

Entry = tuple[str, bytes, bool]  # member name, bytes, deflated (else stored)
_UNIX = 3  # the zip "version made by" system
_REGULAR_FILE = (stat.S_IFREG | 0o644) << 16  # the member's Unix mode, in the high half of its external attributes


def date_time(stamp: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """The zip time of ``stamp`` (a zip cannot say a year before 1980)."""
    return (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def write_archive(entries: Iterable[Entry], when: tuple[int, int, int, int, int, int], prefix: bytes = b"") -> bytes:
    """A zip of ``prefix``'s members followed by ``entries``, each new member dated ``when``.

    Every member says it is a regular file, ``rw-r--r--``, made on Unix, whatever system writes
    it (zipfile would say MS-DOS on Windows), so that the bytes do not depend on the system.
    """
    buffer = io.BytesIO(prefix)
    with zipfile.ZipFile(buffer, "a" if prefix else "w") as archive:
        for name, blob, deflated in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
            info.create_system = _UNIX
            info.external_attr = _REGULAR_FILE
            archive.writestr(info, blob)
    return buffer.getvalue()
