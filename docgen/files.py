"""Atomic file writes: a temporary file in the target folder, then a rename."""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
import tempfile
from typing import IO, BinaryIO

from docgen.errors import Problem, WriteError

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text", "parts_folder", "remove_stale_parts",
           "spooled_input", "write_output"]

# Like tempfile.mkstemp's flags, without its private permissions: an output gets those of any new file.
_NEW_FILE = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    If the body raises (or the process dies), ``path`` is untouched and the
    temporary file is removed, so no half-written output is ever left behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_file_beside(path)
    except OSError as exc:
        raise WriteError(Problem(path, None, None, f"cannot write: {exc.strerror or exc}")) from exc
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(Problem(path, None, None, f"cannot write: {exc.strerror or exc}")) from exc
        raise


# The hidden names of work in progress: a temporary file (".print.pdf.1a2b3c4d.part") and a
# folder of parts (".print.pdf.parts"). Nothing else is ever named so.
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.part")
_PARTS = re.compile(r"\..+\.parts")


def parts_folder(path: Path) -> Path:
    """The hidden folder beside ``path`` where its parts wait while it is made."""
    return path.parent / f".{path.name}.parts"


def remove_stale_parts(folder: Path, depth: int = 2) -> int:
    """Remove what a killed run left half-made in ``folder`` and its subfolders ``depth`` deep; how many.

    Call it only while holding the folder's build lock: then no other run is making them.
    """
    removed = 0
    with contextlib.suppress(OSError):
        for entry in list(os.scandir(folder)):
            if entry.is_dir(follow_symlinks=False):
                if _PARTS.fullmatch(entry.name):
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed += 1
                elif depth > 1:
                    removed += remove_stale_parts(Path(entry.path), depth - 1)
            elif _TEMPORARY.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _new_file_beside(path: Path) -> tuple[int, str]:
    """A new hidden file in ``path``'s folder under a random name, open for writing, and its name."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name[:40]}.{secrets.token_hex(4)}.part")
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_output(target: str | Path | BinaryIO, data: bytes) -> Path | None:
    """``data`` into the file ``target`` atomically (and its path), or into an open binary stream such as
    standard output (``docgen preview -o -``; and None)."""
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
        target.flush()  # type: ignore[union-attr]
        return None
    return atomic_write_bytes(target, data)  # type: ignore[arg-type]


@contextlib.contextmanager
def spooled_input(stream: BinaryIO, suffix: str | None = None) -> Iterator[Path]:
    """Standard input (``-``) as a temporary file ``stdin<suffix>``, for readers that take a path; without
    ``suffix``, ``.xlsx`` for a spreadsheet (a ZIP) and ``.csv`` otherwise. Removed afterwards."""
    data = stream.read()
    suffix = suffix or (".xlsx" if data.startswith(b"PK\x03\x04") else ".csv")
    with tempfile.TemporaryDirectory(prefix="docgen-stdin-") as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        yield path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    with atomic_write(path, "w", encoding=encoding) as fh:
        fh.write(text)
    return Path(path)
