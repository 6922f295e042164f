"""One run at a time: an exclusive lock on a file, which a second run finds taken at once.

It is SQLite's own lock (``BEGIN EXCLUSIVE`` on a small database file), so it works
the same on Windows, macOS and Linux and is let go when the process ends, however it ends.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from docgen.errors import DocgenError

__all__ = ["exclusive"]


@contextlib.contextmanager
def exclusive(lock_file: Path, busy: DocgenError) -> Iterator[None]:
    """Hold the lock at ``lock_file`` for the block; raise ``busy`` if another process holds it."""
    lock_file = Path(lock_file)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = sqlite3.connect(lock_file, timeout=0, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        with contextlib.suppress(UnboundLocalError):
            lock.close()
        raise busy from exc
    try:
        yield
    finally:
        lock.execute("ROLLBACK")
        lock.close()
