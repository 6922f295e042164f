"""Finding a library's private names used outside the one module allowed to use them (its adapter)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import docgen

DOCGEN = Path(docgen.__file__).parent
TESTS = Path(__file__).parent


def private_attributes(objects: Iterable[object]) -> set[str]:
    """The ``_names`` (not ``__dunder__``) that ``objects`` (classes or instances) have of their own."""
    return {n for obj in objects for n in vars(obj) if n.startswith("_") and not n.startswith("__")}


def uses_outside(private: set[str], library: str, folder: str, adapter: str, this_test: str) -> list[str]:
    """``file:line: .name`` for each private name in ``private`` used in docgen's modules that mention
    ``library`` or sit in ``docgen/<folder>/``, and in the tests, except in ``adapter`` and ``this_test``."""
    sources = [p for p in DOCGEN.rglob("*.py") if p.parent.name == folder or library in p.read_text(encoding="utf-8")]
    sources += [p for p in TESTS.glob("*.py") if library in p.read_text(encoding="utf-8")]
    found = []
    for path in sorted(set(sources)):
        if path.name in (adapter, Path(this_test).name, Path(__file__).name):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path}:{number}: .{name}" for name in re.findall(r"\.(_[A-Za-z]\w*)", line) if name in private]
    return found
