"""Time for a send run: the :class:`Clock` it reads (injectable, so tests never sleep) and the rate limit."""
from __future__ import annotations

import datetime as dt
import time
from typing import Protocol

__all__ = ["Clock", "SystemClock", "RateLimiter"]


class Clock(Protocol):
    """Where a run gets time from: a monotonic counter, a sleep, and the wall clock for Date headers."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real clock."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()


class RateLimiter:
    """Spaces hand-overs at least 60/``per_minute`` seconds apart (retries count too)."""

    def __init__(self, per_minute: int, clock: Clock):
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock = clock
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            remaining = self._last + self.interval - self.clock.monotonic()
            if remaining > 0:
                self.clock.sleep(remaining)
        self._last = self.clock.monotonic()
