"""YAML files into plain Python values that remember the line each value came from.

``load_yaml(path, name)`` composes the node tree (so every node keeps its mark)
and builds dicts, lists and scalars from it, recording the line of every key
path in a :class:`YamlDoc`. Readers then report problems at the right line.
Times such as ``14:30`` stay text (YAML 1.1 would read them as the number 870).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import Problem, SourceError

__all__ = ["YamlPath", "YamlDoc", "load_yaml", "parse_yaml"]

YamlPath = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A YAML document's data and the line (1-based) of each key path."""

    file: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    duplicates: list[tuple[YamlPath, int]] = field(default_factory=list)  # (key path, line of its first use)

    def line(self, path: YamlPath) -> int | None:
        """The line of ``path``, else of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: YamlPath, message: str, field_name: str | None = None) -> Problem:
        """A problem located at ``path``; the field is the dotted path unless named."""
        dotted = field_name if field_name is not None else ".".join(str(p) for p in path) or None
        return Problem(self.file, self.line(path), dotted, message)


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds scalars only; mappings and sequences are walked by :func:`_build`."""


def _scalar(node: yaml.ScalarNode, constructor: _Constructor) -> Any:
    if node.tag.endswith((":int", ":float")) and ":" in node.value:
        return node.value  # a sexagesimal "number" is a clock time a person typed
    return constructor.construct_object(node, deep=True)


def _build(node: yaml.Node, path: YamlPath, doc: YamlDoc, constructor: _Constructor) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node, constructor)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = (*path, key)
            if key in result:
                doc.duplicates.append((child, doc.lines[child]))
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, doc, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc, constructor) for i, item in enumerate(node.value)]
    return _scalar(node, constructor)


def parse_yaml(text: str, name: str) -> YamlDoc:
    """Parse YAML text; a syntax error raises SourceError at its line."""
    doc = YamlDoc(name, None)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            doc.data = _build(node, (), doc, _Constructor())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise SourceError(Problem(name, line, None, f"is not valid YAML: {message}")) from exc
    except yaml.YAMLError as exc:
        raise SourceError(Problem(name, None, None, f"is not valid YAML: {exc}")) from exc
    return doc


def load_yaml(path: Path, name: str) -> YamlDoc:
    """Read and parse a UTF-8 (or UTF-16) YAML file."""
    from docgen.sources.csv import decode_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")) from exc
    return parse_yaml(decode_text(data, name), name)
