"""docgen's user cache folder: where the details of an internal error are logged."""
from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["CACHE_DIR_ENV", "cache_dir"]

#: Where docgen keeps its cache and logs (default: the platform's user cache folder).
CACHE_DIR_ENV = "DOCGEN_CACHE_DIR"


def cache_dir() -> Path:
    """The user cache folder: ``DOCGEN_CACHE_DIR`` if set, else the platform's own."""
    if env := os.environ.get(CACHE_DIR_ENV):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData/Local")
        return base / "docgen" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library/Caches/docgen"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "docgen"
