"""YAML files into plain Python values that remember the line each value came from.

``load_yaml(path, name)`` composes the node tree (so every node keeps its mark)
and builds dicts, lists and scalars from it, recording the line of every key
path in a :class:`YamlDoc`. Readers then report problems at the right line.
Times such as ``14:30`` stay text (YAML 1.1 would read them as the number 870),
and so do an unquoted phone number such as ``023214356`` (YAML 1.1 octal) and a
scalar YAML cannot construct, such as the date ``2018-02-30``.

Every YAML docgen reads is a user's file, so it is read under limits (issue 22):
nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_ALIASES` alias uses,
aliases that expand to more than :data:`MAX_ALIAS_VALUES` values (a "billion
laughs" bomb) or that hold themselves raise SourceError at their line; a text
holding a control character is a problem of the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import Problem, SourceError
from docgen.sources.values import bad_character

__all__ = ["YamlPath", "YamlDoc", "load_yaml", "parse_yaml", "MAX_DEPTH", "MAX_ALIASES", "MAX_ALIAS_VALUES"]

YamlPath = tuple[str | int, ...]
MAX_DEPTH = 50  # forum.yaml nests 6 deep; the composer and the builder recurse once per level
MAX_ALIASES = 100  # the bundled forum uses 3
MAX_ALIAS_VALUES = 10_000  # values aliases may add to those written in the file
_TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep"
_OCTAL = re.compile(r"[-+]?0[0-7_]+")


@dataclass
class YamlDoc:
    """A YAML document's data, the line (1-based) of each key path, and what was wrong in its texts."""

    file: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    duplicates: list[tuple[YamlPath, int]] = field(default_factory=list)  # (key path, line of its first use)
    problems: list[Problem] = field(default_factory=list)

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


class _Refused(Exception):
    """A document past a limit: the mark of the node where it went over, the key path when known."""

    def __init__(self, mark: yaml.Mark | None, message: str, path: YamlPath = ()):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else None
        self.message, self.path = message, path


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing deep nesting and many aliases before it recurses or expands."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = self.aliases = self.nodes = 0

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        # the scanner looks back over every open bracket for each token: 20,000 "[" would take seconds
        if self.flow_level >= MAX_DEPTH:
            raise _Refused(self.get_mark(), _TOO_DEEP)
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(event.start_mark, f"uses more than {MAX_ALIASES} aliases (*name); write the values out")
            return super().compose_node(parent, index)
        self.depth += 1
        self.nodes += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(event.start_mark, _TOO_DEEP)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds scalars only; mappings and sequences are walked by :class:`_Builder`."""


def _scalar(node: yaml.ScalarNode, constructor: _Constructor) -> Any:
    if node.tag.endswith((":int", ":float")) and ":" in node.value:
        return node.value  # a sexagesimal "number" is a clock time a person typed
    if node.tag.endswith(":int") and _OCTAL.fullmatch(node.value):
        return node.value  # YAML 1.1's octal 023214356 is a phone number with its trunk zero
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        return node.value  # 2018-02-30 stays text, so the reader says it is not a date


class _Builder:
    """Walks a composed node tree into Python values, within the alias budget and the depth limit."""

    def __init__(self, doc: YamlDoc, written: int):
        self.doc, self.constructor = doc, _Constructor()
        self.budget = written + MAX_ALIAS_VALUES  # every value written once, and what aliases may add
        self.open: set[int] = set()  # the nodes being built: meeting one again is an alias to itself

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Refused(node.start_mark, f"its aliases (*name) expand to more than {MAX_ALIAS_VALUES} values", path)
        if len(path) > MAX_DEPTH:
            raise _Refused(node.start_mark, _TOO_DEEP, path)
        if id(node) in self.open:
            raise _Refused(node.start_mark, "an alias (*name) holds the value it is part of", path)
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node, self.constructor)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = (*path, key)
            self.check_text(key_node, key, child)
            if key in result:
                self.doc.duplicates.append((child, self.doc.lines[child]))
            self.doc.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        value = _scalar(node, self.constructor)
        if isinstance(value, str):
            self.check_text(node, value, path)
        return value

    def check_text(self, node: yaml.Node, text: str, path: YamlPath) -> None:
        """A control character in a text is a problem; a block scalar (| or >) may end with its line break."""
        message = bad_character(text.rstrip("\n") if getattr(node, "style", None) in ("|", ">") else text)
        if message:
            self.doc.problems.append(Problem(self.doc.file, node.start_mark.line + 1, ".".join(map(str, path)), message))


def parse_yaml(text: str, name: str) -> YamlDoc:
    """Parse YAML text; a syntax error, or a document past the limits, raises SourceError at its line."""
    doc = YamlDoc(name, None)
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses a NUL or other special character here, before any node
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Builder(doc, loader.nodes).build(node, ())
    except _Refused as exc:
        raise SourceError(Problem(name, exc.line, ".".join(map(str, exc.path)) or None, exc.message)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise SourceError(Problem(name, line, None, f"is not valid YAML: {message}")) from exc
    except yaml.YAMLError as exc:
        raise SourceError(Problem(name, None, None, f"is not valid YAML: {exc}")) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return doc


def load_yaml(path: Path, name: str) -> YamlDoc:
    """Read and parse a UTF-8 (or UTF-16) YAML file."""
    from docgen.sources.csv import decode_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")) from exc
    return parse_yaml(decode_text(data, name), name)
