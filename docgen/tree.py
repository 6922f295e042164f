"""Walking a document tree: every node in order, a Visitor that dispatches by class, and the stable text dump."""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

from docgen.nodes import PageSetup, Run, Width, format_float

__all__ = ["walk", "Visitor", "dump"]


def walk(node: Any) -> Iterator[Any]:
    """``node`` and every model node inside it, depth first in document order."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        children: list[Any] = []
        for name in _fields_of(type(node)):
            value = getattr(node, name)
            for child in value if type(value) is tuple else (value,):
                if _is_node(type(child)):
                    children.append(child)
        stack.extend(reversed(children))


@functools.cache
def _fields_of(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ()


@functools.cache
def _is_node(cls: type) -> bool:
    return dataclasses.is_dataclass(cls) and not issubclass(cls, (Width, PageSetup))


class Visitor:
    """Dispatch ``visit(node)`` to ``visit_<classname>``; an unknown node is an error, never skipped."""

    def visit(self, node: Any) -> Any:
        method = getattr(self, f"visit_{type(node).__name__.lower()}", None)
        if method is None:
            return self.unknown_visit(node)
        return method(node)

    def unknown_visit(self, node: Any) -> Any:
        raise TypeError(f"{type(self).__name__} cannot handle a {type(node).__name__} block")


# -- dump ------------------------------------------------------------------------------

def dump(document: Any) -> str:
    """A stable, indented text form of ``document`` (or any model node): only non-default fields."""
    lines: list[str] = []
    _dump_node(document, 0, lines)
    return "\n".join(lines) + "\n"


def _dump_node(node: Any, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, Run):
        flags = _attributes(node, skip={"text"})
        lines.append(f"{pad}Run {_quote(node.text)}{flags}")
        return
    scalars, children = [], []
    for f in dataclasses.fields(node):
        if not f.metadata.get("dump", True):
            continue
        value = getattr(node, f.name)
        if _is_default(f, value):
            continue
        nested = isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0])
        if (dataclasses.is_dataclass(value) or nested) and not isinstance(value, Width) and not _is_widths(value):
            children.append((f.name, value))
        else:
            scalars.append(f"{f.name}={_format(value)}")
    lines.append(pad + " ".join([type(node).__name__, *scalars]))
    for name, value in children:
        items = value if isinstance(value, tuple) else (value,)
        if name in ("blocks", "inlines", "rows", "cells"):
            for item in items:
                _dump_node(item, depth + 1, lines)
            continue
        lines.append(f"{pad}  {name}:")
        for item in items:
            _dump_node(item, depth + 2, lines)


def _is_widths(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], Width)


def _attributes(node: Any, skip: set[str]) -> str:
    parts = []
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if f.name in skip or _is_default(f, value):
            continue
        parts.append(f.name if value is True else f"{f.name}={_format(value)}")
    return (" " + " ".join(parts)) if parts else ""


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    if f.default_factory is not dataclasses.MISSING:
        return value == f.default_factory()
    return False


def _format(value: Any) -> str:
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, tuple):
        return ",".join(_format(v) for v in value)
    if isinstance(value, Width):
        return str(value)
    if isinstance(value, str):
        return _quote(value) if (not value or any(c in value for c in ' "\n=')) else value
    return str(value)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
