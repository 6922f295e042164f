"""Imports: a small module loads only what it needs, and docgen's modules import each other without a cycle.

The first tests count the modules a fresh interpreter holds after one import (counts, not times:
``import docgen.khmer.digits`` took 1.2 s when ``docgen/__init__`` imported the whole library).
The last walks the graph of module-level imports, as Python runs them when a module is first
imported: an import inside a function or under ``if TYPE_CHECKING:`` is not an edge.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import docgen

PACKAGE = Path(docgen.__file__).parent
HEAVY = ("jinja2", "lxml", "icu", "reportlab", "uharfbuzz", "docx", "openpyxl", "yaml", "PIL")


def loaded_by(module: str) -> list[str]:
    """The names in ``sys.modules`` after a fresh interpreter imports ``module``."""
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    path = os.pathsep.join(filter(None, [str(PACKAGE.parent), os.environ.get("PYTHONPATH")]))  # this docgen
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": path})
    return json.loads(run.stdout)


def top_packages(names: list[str]) -> set[str]:
    return {name.partition(".")[0] for name in names}


# module -> (at most this many docgen modules, heavy libraries it may load)
BUDGETS = {
    "docgen.khmer.digits": (4, ()),
    "docgen.errors": (3, ()),
    "docgen.model": (4, ()),
    "docgen.document": (8, ()),
    "docgen.sources": (12, ()),
    "docgen.text.layout": (12, ("icu", "uharfbuzz")),
    "docgen.markup": (12, ("lxml",)),
}


@pytest.mark.parametrize("module", BUDGETS)
def test_a_small_module_loads_only_what_it_needs(module):
    most, allowed = BUDGETS[module]
    names = loaded_by(module)
    ours = [name for name in names if name == "docgen" or name.startswith("docgen.")]
    assert len(ours) <= most, f"{module} loads {len(ours)} docgen modules: {ours}"
    assert top_packages(names) & set(HEAVY) <= set(allowed)


def test_the_khmer_digits_load_no_library():
    names = loaded_by("docgen.khmer.digits")
    assert sorted(name for name in names if name.startswith("docgen")) == ["docgen", "docgen.khmer", "docgen.khmer.digits"]
    assert not top_packages(names) & set(HEAVY)


def test_the_public_names_are_there_when_used():
    names = loaded_by("docgen")
    assert "docgen.compose" not in names and "jinja2" not in names
    assert set(docgen.__all__) <= set(dir(docgen))
    for name in docgen.__all__:
        assert getattr(docgen, name).__name__ == name
    with pytest.raises(AttributeError, match="no_such_name"):
        docgen.no_such_name  # noqa: B018


def test_the_cli_loads_no_writer_at_start():
    # `docgen --help` and `docgen check` need neither ReportLab nor python-docx nor Jinja2
    assert not top_packages(loaded_by("docgen.cli")) & {"reportlab", "docx", "jinja2", "uharfbuzz"}


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _runs_at_import(body: list[ast.stmt]):
    """The import statements Python runs when the module is imported: not in functions, not for type checkers."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            test = node.test
            if not (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
                    or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
                yield from _runs_at_import(node.body)
            yield from _runs_at_import(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(handler.body for handler in node.handlers), node.orelse, node.finalbody):
                yield from _runs_at_import(block)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            yield from _runs_at_import(node.body)


def import_graph() -> dict[str, set[str]]:
    """Module -> the docgen modules it imports at module level.

    ``from docgen.x import y`` is an edge to ``docgen.x.y`` when that is a module, else to ``docgen.x``.
    The parent packages a module's import also runs are not edges: Python starts a package before its modules.
    """
    modules = module_names()
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for node in _runs_at_import(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in modules)
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                target = f"{base}.{alias.name}"
                edges.add(target if target in modules else base)
        graph[name] = {edge for edge in edges if edge in modules and edge != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_has_the_imports_python_runs():
    graph = import_graph()
    assert "docgen.errors" in graph["docgen.project"]
    assert "docgen.document" in graph["docgen.pdf.writer"]  # from docgen import document as d
    assert graph["docgen"] == set()  # its names are imported in __getattr__


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_project_does_not_depend_on_a_document_family():
    graph = import_graph()
    seen, todo = set(), ["docgen.project"]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert not {name for name in seen if name.startswith("docgen.documents.")}, sorted(seen)
