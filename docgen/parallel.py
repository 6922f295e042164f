"""The process pool of a build (``--jobs``): a stock ``concurrent.futures`` executor, or none for one job.

A build hands its independent pieces of work (chunks of letters, runs of envelopes
and label sheets, the register) to the pool and takes the results in its own
order, so what is written never depends on which process did the work. The
workers may be forked or spawned (Windows can only spawn): everything a task
needs travels with it, pickled.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from docgen.errors import DocgenError, Problem

__all__ = ["START_METHOD_ENV", "InlineExecutor", "process_pool", "workers_are_forked"]

#: ``spawn``, ``fork`` or ``forkserver``: how worker processes start (default: the system's own;
#: Windows can only spawn). ``DOCGEN_START_METHOD=spawn`` tries Windows' way on any system.
START_METHOD_ENV = "DOCGEN_START_METHOD"

_MAX_WORKERS = 61 if os.name == "nt" else 1024  # Windows waits on at most 61 worker processes


class InlineExecutor(Executor):
    """One job: each task runs in this process when it is submitted (``map``: when its result is taken);
    a failure is raised when its result is asked for, as from a pool."""

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
def process_pool(jobs: int) -> Iterator[Executor]:
    """An executor of ``jobs`` worker processes (one job: this process).

    Leaving the block waits for the tasks already started and cancels the others, so
    no worker writes a file after it (Ctrl-C too: workers ignore it and leave it to
    this process). A worker that dies (killed, out of memory) is one error line.
    """
    if jobs <= 1:
        yield InlineExecutor()
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, _MAX_WORKERS), mp_context=_start_context(),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BrokenProcessPool as exc:
        raise DocgenError(Problem("--jobs", None, None, "a worker process stopped before its work was done "
                                  "(out of memory?); run again, or with --jobs 1")) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def workers_are_forked() -> bool:
    """Whether workers start as copies of this process (``fork``), sharing what it has loaded."""
    return _start_context().get_start_method() == "fork"


def _start_context() -> multiprocessing.context.BaseContext:
    method = os.environ.get(START_METHOD_ENV, "").strip().lower() or None
    known = multiprocessing.get_all_start_methods()
    if method is not None and method not in known:
        raise DocgenError(Problem(START_METHOD_ENV, None, None,
                                  f"{method!r} is not a start method here (known: {', '.join(known)})"))
    return multiprocessing.get_context(method)


def _start_worker(docgen: int) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle, and the worker ends with the docgen
    that started it (process ``docgen``), however that ends (kill -9 too)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker shares its parent's pages until it writes to them, and a garbage collection
    # writes to every object it visits: the objects inherited are left out of this worker's collections.
    gc.freeze()
    threading.Thread(target=_end_with, args=(docgen,), name="docgen-parent-watch", daemon=True).start()


def _end_with(docgen: int) -> None:
    """Wait until process ``docgen`` is gone, then end this one.

    On Windows the parent's handle tells. Elsewhere no pipe tells (forked siblings hold each
    other's), so the worker looks every half second: docgen is gone, or this worker was given
    another parent. (A worker spawned after docgen died never had it as parent: hence both.)
    """
    handle = multiprocessing.parent_process()
    if os.name == "nt" and handle is not None:
        handle.join()
    else:
        parent = os.getppid()
        while os.getppid() == parent and _alive(docgen):
            time.sleep(0.5)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
