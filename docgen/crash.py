"""An unexpected exception: its traceback logged in the user cache folder, one line for the user."""
from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from docgen.cache import cache_dir

__all__ = ["INTERNAL_ERROR_EXIT", "log_internal_error"]

#: The exit code of an internal error (EX_SOFTWARE in BSD's sysexits.h).
INTERNAL_ERROR_EXIT = 70


def log_internal_error(exc: BaseException, argv: list[str] | None = None) -> str:
    """Log ``exc`` with its traceback and return the line to show: what happened and where the details are."""
    what = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    try:
        log = _write_log(exc, argv if argv is not None else sys.argv)
    except OSError as error:
        return f"docgen: internal error: {what} (no log could be written: {error.strerror or error})"
    return f"docgen: internal error: {what} (details in {log})"


def _write_log(exc: BaseException, argv: list[str]) -> Path:
    from importlib.metadata import PackageNotFoundError, version

    try:
        docgen_version = version("docgen")
    except PackageNotFoundError:
        docgen_version = "unknown"
    now = dt.datetime.now()
    text = "".join([
        f"docgen {docgen_version} internal error at {now.isoformat(timespec='seconds')}\n",
        f"command: {' '.join(argv)}\n",
        f"python {platform.python_version()} on {platform.platform()}\n\n",
        *traceback.format_exception(exc),
    ])
    name = f"internal-error-{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    for folder in (cache_dir() / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return path
        except OSError as error:
            last = error
    raise last
