"""One run at a time: an exclusive lock on a file, which a second run finds taken at once.

It is SQLite's own lock (``BEGIN EXCLUSIVE`` on a small database file), so it works
the same on Windows, macOS and Linux and is let go when the process ends, however it ends.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from docgen.errors import DocgenError, Problem, WriteError

__all__ = ["exclusive"]


@contextlib.contextmanager
def exclusive(lock_file: Path, busy: DocgenError) -> Iterator[None]:
    """Hold the lock at ``lock_file`` for the block; raise ``busy`` if another process holds it,
    and a WriteError if the lock file cannot be made (a read-only folder, a file that is no lock)."""
    lock_file = Path(lock_file)
    lock = None
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = sqlite3.connect(lock_file, timeout=0, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
    except (OSError, sqlite3.Error) as exc:
        if lock is not None:
            lock.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise busy from exc
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            raise WriteError(Problem(lock_file, None, None, "is not a lock docgen made; delete it")) from exc
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise WriteError(Problem(lock_file, None, None, f"cannot write: {reason}")) from exc
    try:
        yield
    finally:
        lock.execute("ROLLBACK")
        lock.close()
