"""One pool of worker processes for a whole build (``--jobs``), or none: the same ``submit``/``map`` either way.

A build hands every independent piece of work (a letter, a run of envelopes, a
run of label sheets, the register) to the pool as soon as it is known, and
collects the results in its own order, so what is written never depends on
which worker finished first.
"""
from __future__ import annotations

import ctypes
import gc
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from docgen.errors import DocgenError, Problem

__all__ = ["InlineExecutor", "worker_pool", "return_freed_memory"]

_MAX_WORKERS = 61 if os.name == "nt" else 1024  # Windows waits on at most 61 worker processes


class InlineExecutor(Executor):
    """Runs each task at once in this process; a failure is raised when its result is asked for, as in a pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - handed to whoever asks for the result
            future.set_exception(exc)
        return future

    def map(self, fn: Callable[..., Any], *iterables: Any, timeout: float | None = None,
            chunksize: int = 1) -> Iterator[Any]:
        return map(fn, *iterables)


@contextmanager
def worker_pool(workers: int, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> Iterator[Executor]:
    """``workers`` processes (each set up once by ``initializer``), or this process alone when ``workers`` <= 1.

    Leaving the block early (an error) cancels the work not yet started; a worker
    that dies (killed, out of memory) is one error line, not a traceback.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield InlineExecutor()
        return
    # Objects made so far are left out of the workers' garbage collections: a collection
    # writes to every object it visits, and each page written is copied into the worker.
    gc.freeze()
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=min(workers, _MAX_WORKERS), initializer=initializer,
                                   initargs=initargs)
        yield pool
    except BrokenProcessPool as exc:
        raise DocgenError(Problem("--jobs", None, None, "a worker process stopped before its work was done "
                                  "(out of memory?); run again, or with --jobs 1")) from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def return_freed_memory() -> None:
    """Free reference cycles (platypus flowables point at their canvas) and give the freed heap
    pages back to the system, which glibc would otherwise keep: called between pieces of work,
    it keeps a process's memory flat however long the mailing."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None on other C libraries (Windows, macOS, musl)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
