"""Golden-file comparison for tests: DOCGEN_UPDATE_GOLDEN=1 rewrites the files instead of comparing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """``actual`` equals ``tests/golden/<name>``; with DOCGEN_UPDATE_GOLDEN=1 the file is rewritten.

    A missing golden fails the test (after writing it), so a lost file cannot pass by comparing
    the output with itself.
    """
    path = GOLDEN / name
    if os.environ.get("DOCGEN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    elif not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"{path} did not exist and was written; check it and commit it")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}; rerun with DOCGEN_UPDATE_GOLDEN=1 if intended"
