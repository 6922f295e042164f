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
import operator
import re
import time
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["MAX_OUTPUT", "MAX_SECONDS", "MAX_SIZE", "BoundedSandbox", "ContainedLoader", "plain", "render_bounded"]

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


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with repetition, powers and growth bounded and a time budget."""

    intercepted_binops = frozenset(["*", "**", "+"])
    deadline: float = math.inf   # set by render_bounded

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        self.on_time()
        if op == "**":
            _check_power(left, right)
            return left ** right
        if op == "*":
            _check_product(left, right)
            return left * right
        result = operator.add(left, right)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_SIZE:
            raise SecurityError(f"a value of over {MAX_SIZE:,} items")
        return result

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _WIDENING:
            self.filters[name] = _bounded_filter(self.filters[name])

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.on_time()
        method = getattr(__obj, "__wrapped__", __obj)   # the sandbox wraps str.format at access
        owner = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(owner, str) and name in _WIDENING_METHODS:
            _check_widths(owner, () if name.startswith("format") else args, {} if name.startswith("format") else kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.on_time()
        return super().getattr(obj, attribute)

    def on_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template ran past its time budget of {MAX_SECONDS:g} s")


# What makes a string wider than its input by a number it is given: str methods and Jinja filters.
_WIDENING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"}
_WIDENING = ("center", "indent", "wordwrap", "format")
_BIG_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\d{7}|%[-+ #0]*\d{7}|%[-+ #0]*\d*\.\d{7}")


def _check_widths(text: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a width past MAX_SIZE, as an argument or inside a format string ("{:>999999999}", "%999999999s").
    A format's own arguments are values, not widths: pass none for them."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise SecurityError(f"a width of {value:,} is past the bound of {MAX_SIZE:,}")
    if isinstance(text, str) and _BIG_WIDTH.search(text):
        raise SecurityError("a format with a width past the bound")


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)   # keeps Jinja's pass_environment / pass_context mark
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, (jinja2.Environment, jinja2.runtime.Context))]
        widths = function.__name__ != "do_format"   # a format's arguments are values; its spec sets widths
        _check_widths(values[0] if values else None, tuple(values[1:]) if widths else (), kwargs if widths else {})
        return function(*args, **kwargs)

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


def render_bounded(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """``template`` rendered with ``plain(context)``, within the output and time bounds."""
    env = template.environment
    data = {key: plain(value) for key, value in context.items()}
    previous = getattr(env, "deadline", math.inf)
    env.deadline = time.monotonic() + MAX_SECONDS
    try:
        return "".join(_bounded_chunks(template.generate(data), env))
    finally:
        env.deadline = previous


def _bounded_chunks(chunks: Iterator[str], env: Any) -> Iterator[str]:
    written = 0
    for chunk in chunks:
        written += len(chunk)
        if written > MAX_OUTPUT:
            raise SecurityError(f"the template wrote over {MAX_OUTPUT:,} characters")
        if isinstance(env, BoundedSandbox):
            env.on_time()
        yield chunk
