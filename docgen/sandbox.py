"""The Jinja sandbox every template renders in: plain data in, bounded work, no file outside the template folders.

A project's templates are data too: whoever sends a secretariat a project folder
writes its templates. So a template gets no object that reaches a file (paths
become text; docgen's records become plain dicts), cannot change what it
is given, and cannot make a string, a number or an output larger than a letter
ever needs, nor run for longer than any letter takes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import math
import re
import time
from contextvars import ContextVar
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["MAX_OUTPUT", "MAX_SECONDS", "MAX_SIZE", "BoundedSandbox", "ContainedLoader", "plain", "plain_context",
           "render_bounded"]

MAX_SIZE = 1_000_000       # characters of a string, items of a list a template may make with * or +
MAX_INT_BITS = 4_096       # digits of a number a template may make with ** or * (about 1,200 decimal digits)
MAX_OUTPUT = 20_000_000    # characters one render may write
MAX_SECONDS = 20.0         # one render's time budget (a letter takes milliseconds)

_SCALARS = (str, bool, int, float, Decimal, dt.date, dt.time, dt.timedelta)


def plain(value: Any) -> Any:
    """``value`` as a template may hold it: text, numbers, dates, and dicts and lists of them
    (which the immutable sandbox lets no template change).

    Paths become their text; dataclasses become dicts of their fields; an enum its value.
    Anything else is refused: a template is never handed an object with methods of its own.
    """
    if value is None or isinstance(value, _SCALARS):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"a template cannot be given a {type(value).__name__}")


class ContainedLoader(jinja2.FileSystemLoader):
    """A file system loader that refuses a template whose real file lies outside its folder (a symbolic link)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(template, f"{template} leads outside the template folders")
        return source, filename, uptodate


class _BoundedCode(CodeGenerator):
    """Jinja's code generator, with every loop timed and every ``~`` joined text measured."""

    def visit_For(self, node: nodes.For, frame: Any) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("timed"), [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.measured(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with what a template makes bounded in size and its work in time."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {}
        self.add_filters(jinja2.filters.FILTERS)

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Add ``filters``, each bounded as Jinja's own are."""
        self.filters.update({name: _bounded_filter(name, function) for name, function in filters.items()})

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        on_time()
        if op == "**":
            _check_power(left, right)
        elif op == "*":
            _check_product(left, right)
        elif op == "%" and isinstance(left, str):
            _check_widths(left, right if isinstance(right, tuple) else (right,), {}, dynamic=True)
        return self.measured(super().call_binop(context, op, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        on_time()
        method = getattr(__obj, "__wrapped__", __obj)   # the sandbox wraps str.format at access
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str) and getattr(method, "__name__", "") in _WIDENING:
            _check_widths(owner, args, kwargs, dynamic=method.__name__.startswith("format"))
            if method.__name__ == "expandtabs":
                _check_growth(owner.count("\t"), args, kwargs)
        return __self.measured(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        on_time()
        return super().getattr(obj, attribute)

    @staticmethod
    def timed(items: Any) -> Iterator[Any]:
        """The items of a loop, each once the render is still within its time budget."""
        for item in items:
            on_time()
            yield item

    @staticmethod
    def measured(value: Any) -> Any:
        """``value``, if it is no larger than a template may make."""
        if isinstance(value, (str, list, tuple)) and len(value) > MAX_SIZE:
            raise SecurityError(f"a value of over {MAX_SIZE:,} items")
        return value


_DEADLINE: ContextVar[float] = ContextVar("docgen_template_deadline", default=math.inf)


def on_time() -> None:
    """Raise once the render under way has run past its time budget."""
    if time.monotonic() > _DEADLINE.get():
        raise SecurityError(f"the template ran past its time budget of {MAX_SECONDS:g} s")


# What makes a string wider than its input by a number it is given: str methods and Jinja filters.
_WIDENING = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map", "indent", "wordwrap"}
_BIG_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\d{7}|%[-+ #0]*\d{7}|%[-+ #0]*\d*\.\d{7}")
_DYNAMIC_WIDTH = re.compile(r"%[-+ #0]*\*|%[-+ #0]*\d*\.\*|\{[^{}]*:[^{}]*\{")


def _check_widths(text: Any, args: Any, kwargs: Mapping[str, Any], dynamic: bool = False) -> None:
    """Refuse a width past MAX_SIZE: an argument, or inside a format string ("{:>999999999}", "%999999999s").

    A format's arguments (``dynamic``) are values, not widths, unless the format takes
    its widths from them ("%*s", "{:>{}}").
    """
    if isinstance(text, str) and _BIG_WIDTH.search(text):
        raise SecurityError("a format with a width past the bound")
    if dynamic and not (isinstance(text, str) and _DYNAMIC_WIDTH.search(text)):
        return
    values = args.values() if isinstance(args, Mapping) else args
    for value in (*values, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise SecurityError(f"a width of {value:,} is past the bound of {MAX_SIZE:,}")


def _check_growth(copies: int, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a width that ``copies`` places of a text would each grow by past MAX_SIZE (indent, tabs)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and copies * value > MAX_SIZE:
            raise SecurityError(f"a width of {value:,} in {copies:,} places is past the bound of {MAX_SIZE:,}")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (the filter ``name``), refusing widths past the bounds and results larger than a value may be."""
    @functools.wraps(function)   # keeps Jinja's pass_environment / pass_context mark
    def bounded(*args: Any, **kwargs: Any) -> Any:
        on_time()
        values = [a for a in args if not isinstance(a, (jinja2.Environment, jinja2.runtime.Context,
                                                         jinja2.nodes.EvalContext))]
        value, rest = (values[0], tuple(values[1:])) if values else (None, ())
        if name in _WIDENING:
            _check_widths(value, rest, kwargs, dynamic=name == "format")
            if name == "indent" and isinstance(value, str):
                _check_growth(value.count("\n") + 1, rest, kwargs)
        if name == "join" and isinstance(value, (list, tuple)):
            if sum(len(str(v)) for v in value) > MAX_SIZE:
                raise SecurityError(f"a joined text of over {MAX_SIZE:,} characters")
        return BoundedSandbox.measured(function(*args, **kwargs))

    return bounded


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        if exponent * math.log2(abs(base)) > MAX_INT_BITS:
            raise SecurityError(f"{base} ** {exponent} is too large a number")


def _check_product(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
            raise SecurityError(f"a repetition of over {MAX_SIZE:,} items")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise SecurityError("too large a number")


def plain_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """A template context made plain data (see :func:`plain`)."""
    return {str(key): plain(value) for key, value in context.items()}


def render_bounded(template: jinja2.Template, data: Mapping[str, Any]) -> str:
    """``template`` rendered with ``data`` (plain data: :func:`plain_context`), within the output and time bounds."""
    token = _DEADLINE.set(time.monotonic() + MAX_SECONDS)
    try:
        written, chunks = 0, []
        for chunk in template.generate(data):
            written += len(chunk)
            if written > MAX_OUTPUT:
                raise SecurityError(f"the template wrote over {MAX_OUTPUT:,} characters")
            on_time()
            chunks.append(chunk)
        return "".join(chunks)
    except MemoryError as exc:
        raise SecurityError("the template needed more memory than this machine has") from exc
    finally:
        _DEADLINE.reset(token)
