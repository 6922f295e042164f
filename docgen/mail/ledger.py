"""The mail ledger: an SQLite file in the project remembering every message handed to a server.

One row per message handed over, keyed by recipient, document ("letters",
"summary") and content hash, with its Message-ID, status and the server's
reply. The latest row of a (recipient, document) pair is its state:

    sending    committed at the last moment before the server can accept the message: after
               connecting, MAIL, RCPT and DATA's 354, right before the message itself is sent
    sent       the server accepted it (committed right after the 250 reply)
    failed     refused (5xx), or a temporary failure (4xx) waiting for a retry or out of retries;
               sent again by the next run
    uncertain  handed over but the answer never came back, or the run died in between

A message gets a row only once something happened to it: a run that dies while
connecting or at RCPT leaves no row (or "failed"), and the next run sends it;
only the time the server may hold the message is "sending" (issue 22).

The duplicate window is the time between the server's 250 and the commit of
"sent": a few milliseconds of local disk I/O. If the process dies inside it,
the row stays "sending"; the next run turns it into "uncertain" and does *not*
send it again unless ``--resend`` is given, and a resend reuses the same
Message-ID so that a mail system which did receive the first copy can tell the
second is the same message. A lost answer after the final "." (the other
ambiguous moment, which SMTP itself cannot close) is recorded the same way.

Only one run may use a ledger at a time: :meth:`Ledger.run_lock` holds an
exclusive SQLite lock on a sibling file, which the operating system releases
if the process dies, so there is never a stale lock to clean up.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DeliveryError, Problem
from docgen.lock import exclusive

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["LEDGER_NAME", "Entry", "Ledger", "ledger_path"]

LEDGER_NAME = "mail-ledger.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id           INTEGER PRIMARY KEY,
    recipient_id TEXT NOT NULL,
    document     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    email        TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'uncertain')),
    reply        TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_key ON messages (recipient_id, document, content_hash);
"""

_INTERRUPTED = "the run stopped after handing the message over; it may have arrived (resend with --resend)"


@dataclass(frozen=True)
class Entry:
    """One message in the ledger."""

    id: int
    recipient_id: str
    document: str
    content_hash: str
    email: str
    message_id: str
    status: str
    reply: str
    attempts: int
    created_at: str
    updated_at: str


def ledger_path(project: Project) -> Path:
    """``<project>/.docgen/mail-ledger.sqlite``; for the read-only bundled forum, under its out folder."""
    base = project.out_dir if project.bundled else project.root
    return Path(base) / ".docgen" / LEDGER_NAME


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Ledger:
    """The ledger at ``path`` (created with its folder if missing); use as a context manager."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: every statement commits at once, which is the point of a ledger.
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise DeliveryError(Problem(self.path, None, None, f"cannot open the mail ledger: {exc}")) from exc
        self._db.row_factory = sqlite3.Row

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def run_lock(self) -> Iterator[None]:
        """Hold the project's send lock for a run; raise if another run holds it."""
        busy = DeliveryError(Problem(self.path, None, None,
                                     "another `docgen send` is running for this project; wait for it to end"))
        with exclusive(self.path.with_name(self.path.name + ".lock"), busy):
            self.recover_interrupted()
            yield

    def recover_interrupted(self) -> int:
        """Mark rows a dead run left in "sending" as "uncertain"; return how many."""
        cursor = self._db.execute(
            "UPDATE messages SET status = 'uncertain', reply = ?, updated_at = ? WHERE status = 'sending'",
            (_INTERRUPTED, _now()),
        )
        return cursor.rowcount

    def latest(self, recipient_id: str, document: str) -> Entry | None:
        """The newest message for this recipient and document, or None if there was none."""
        row = self._db.execute(
            "SELECT * FROM messages WHERE recipient_id = ? AND document = ? ORDER BY id DESC LIMIT 1",
            (recipient_id, document),
        ).fetchone()
        return Entry(**dict(row)) if row else None

    def history(self, recipient_id: str, document: str) -> list[Entry]:
        """Every message for this recipient and document, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM messages WHERE recipient_id = ? AND document = ? ORDER BY id", (recipient_id, document)
        ).fetchall()
        return [Entry(**dict(r)) for r in rows]

    def latest_all(self, document: str | None = None) -> dict[tuple[str, str], Entry]:
        """The newest entry per (recipient id, document), optionally of one document."""
        rows = self._db.execute(
            "SELECT * FROM messages WHERE id IN (SELECT MAX(id) FROM messages GROUP BY recipient_id, document)"
            + (" AND document = ?" if document else "")
            + " ORDER BY id",
            (document,) if document else (),
        ).fetchall()
        return {(r["recipient_id"], r["document"]): Entry(**dict(r)) for r in rows}

    def begin(self, recipient_id: str, document: str, content_hash: str, email: str, message_id: str,
              status: str = "sending") -> int:
        """Record a message (committed) and return its row id: "sending" right before it is handed over,
        or "failed" when a try ended before it could be."""
        if status not in ("sending", "failed"):
            raise ValueError(f"not a first status: {status}")
        now = _now()
        cursor = self._db.execute(
            "INSERT INTO messages (recipient_id, document, content_hash, email, message_id, status,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (recipient_id, document, content_hash, email, message_id, status, now, now),
        )
        return int(cursor.lastrowid or 0)

    def attempt(self, row_id: int, reply: str) -> None:
        """Record a try that failed for now (a temporary reply): "failed", so a run that dies while
        waiting to retry leaves nothing uncertain, and the next run sends it."""
        self._db.execute(
            "UPDATE messages SET status = 'failed', attempts = attempts + 1, reply = ?, updated_at = ? WHERE id = ?",
            (reply, _now(), row_id),
        )

    def retry(self, row_id: int) -> None:
        """Mark the message "sending" again (committed) right before the next try hands it over."""
        self._db.execute("UPDATE messages SET status = 'sending', updated_at = ? WHERE id = ?", (_now(), row_id))

    def finish(self, row_id: int, status: str, reply: str) -> None:
        """Record the outcome of the last try at a message: "sent", "failed" or "uncertain", with the server's reply."""
        if status not in ("sent", "failed", "uncertain"):
            raise ValueError(f"not a final status: {status}")
        self._db.execute(
            "UPDATE messages SET status = ?, reply = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
            (status, reply, _now(), row_id),
        )
