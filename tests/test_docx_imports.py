"""docgen.docx's modules import each other without a cycle, and the package itself imports none of them."""
from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import docgen.docx

PACKAGE = Path(docgen.docx.__file__).parent


def module_level_imports(path: Path) -> set[str]:
    """docgen.docx modules imported by ``path`` at module level (``if TYPE_CHECKING:`` included, functions not)."""
    found: set[str] = set()
    body = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If):
            body += node.body + node.orelse
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name.startswith("docgen.docx.") and (PACKAGE / f"{name.removeprefix('docgen.docx.')}.py").exists()}


def test_the_modules_of_docgen_docx_form_no_import_cycle():
    graph = {f"docgen.docx.{p.stem}": module_level_imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {exc.args[1]}") from None
    assert order.index("docgen.docx.internals") < order.index("docgen.docx.package") < order.index("docgen.docx.writer")
    assert module_level_imports(PACKAGE / "__init__.py") == set()


def test_a_submodule_loads_without_the_writer():
    code = "import sys, docgen.docx.oxml; print(sorted(m for m in sys.modules if m.startswith('docgen.docx')))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert ast.literal_eval(loaded) == ["docgen.docx", "docgen.docx.oxml"]
