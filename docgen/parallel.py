"""A pool of processes for a build's work (``--jobs``), or none: the same ``submit``/``map`` either way.

A build hands every independent piece of work (a letter, a run of envelopes, a
run of label sheets, the register) to the pool as soon as it is known, and
collects the results in its own order, so what is written never depends on
which process did the work. The calling process is one of the ``--jobs``: when
it needs a result no worker has started yet, it does that work itself, so N
jobs take N - 1 worker processes (and their memory), not N.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import pickle
import threading
import time
import weakref
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from docgen.errors import DocgenError, Problem

__all__ = ["START_METHOD_ENV", "InlineExecutor", "HelpingPool", "Pool", "worker_pool", "return_freed_memory"]

#: ``spawn``, ``fork`` or ``forkserver``: how worker processes start (default: the system's own;
#: Windows can only spawn). ``DOCGEN_START_METHOD=spawn`` tries Windows' way on any system.
START_METHOD_ENV = "DOCGEN_START_METHOD"

_MAX_WORKERS = 61 if os.name == "nt" else 1024  # Windows waits on at most 61 worker processes
_CHUNKS_AHEAD = 4  # chunks of a map submitted ahead, per process


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
    def batch(self) -> Iterator[None]:
        """As :meth:`HelpingPool.batch`; here each task has run when it was submitted."""
        yield


class _Claimable(Future):
    """The future of a task for a worker pool, which the caller may still run itself.

    The task is held pickled, as a worker receives it. Asked for its result before it
    is done, the future runs the task here if no worker has started it, else
    ``help()`` runs another task no worker has started, until it is done.
    """

    def __init__(self, task: bytes, help: Callable[[], bool]):
        super().__init__()
        self._task: bytes | None = task
        self._help = help
        self._inner: Future | None = None  # the pool's future, once the task is handed to the workers
        self._claimed = False
        self._lock = threading.Lock()

    def hand_to(self, pool: ProcessPoolExecutor) -> None:
        """Give the task to the workers, unless it has been run here or cancelled meanwhile."""
        with self._lock:
            if self._claimed or self._task is None:
                return
            self._inner = inner = pool.submit(_run_pickled, self._task)
        inner.add_done_callback(self._copy)

    def claim(self) -> bool:
        """Run the task here if no worker has started it; False if one has (or it is done)."""
        with self._lock:
            task, inner = self._task, self._inner
            if self._claimed or task is None or self.done():
                return False
            self._claimed = True  # before cancelling: the cancellation's callback must not cancel this future
            if inner is not None and not inner.cancel():
                self._claimed = False
                return False
        self._let_go()
        try:
            value = _run_pickled(task)
        except BaseException as exc:  # noqa: BLE001 - raised when the result is asked for, as from a worker
            self.set_exception(exc)
        else:
            self.set_result(value)
        return True

    def result(self, timeout: float | None = None) -> Any:
        self._work_until_done()
        return super().result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        self._work_until_done()
        return super().exception(timeout)

    def _work_until_done(self) -> None:
        while not self.done() and (self.claim() or self._help()):
            pass  # when nothing is left to run here, the worker that has this task finishes it

    def cancel(self) -> bool:
        with self._lock:
            inner = self._inner
            if self._claimed or self._task is None or (inner is not None and not inner.cancel()):
                return False
        if inner is None:  # never handed out
            self._cancelled()
        return True  # otherwise _copy marks this future cancelled

    def _copy(self, inner: Future) -> None:
        if inner.cancelled():
            if not self._claimed:  # not cancelled to be run here
                self._cancelled()
        else:
            exception = inner.exception()
            self._let_go()
            if exception is not None:
                self.set_exception(exception)
            else:
                self.set_result(inner.result())

    def _cancelled(self) -> None:
        self._let_go()
        super().cancel()
        self.set_running_or_notify_cancel()  # wakes concurrent.futures.wait()

    def _let_go(self) -> None:
        """Done: the task and the worker's future (which holds the result too) are not needed."""
        self._task = self._inner = None


class HelpingPool(Executor):
    """A process pool whose caller works too: waiting for a result, it runs a task no worker has started.

    Each task is pickled when it is submitted, as a worker will receive it, not later
    by the pool's feeder thread: the workers are forked from this process, and
    pickling writes to every object it reads (if only to count a reference), so
    each page read after the fork would be copied, the worker keeping the original.
    Tasks submitted in a :meth:`batch` are all pickled before the workers are forked.
    """

    def __init__(self, pool: ProcessPoolExecutor, workers: int):
        self._pool = pool
        self._processes = workers + 1  # the workers and this process
        self._forked = False
        self._held: list[_Claimable] | None = None  # submitted in a batch, not yet handed out
        # In submission order; some may have been started since. Weak: a finished task's result is held
        # by whoever asks for it, not here (the pool holds a task it has until it is done).
        self._unstarted: deque[weakref.ref[_Claimable]] = deque()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future = _Claimable(_pickled(fn, args, kwargs), self._run_one)
        while self._unstarted and _finished(self._unstarted[0]):
            self._unstarted.popleft()
        self._unstarted.append(weakref.ref(future))
        if self._held is not None:
            self._held.append(future)
        else:
            self._hand_out([future])
        return future

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Tasks submitted in the block are handed out on leaving it, or cancelled if it fails.
        The block must not wait for them (though asking for a result runs the task here)."""
        if self._held is not None:
            yield  # within another batch
            return
        self._held = held = []
        try:
            yield
        except BaseException:
            for future in held:
                future.cancel()
            raise
        finally:
            self._held = None
        self._hand_out(held)

    def _hand_out(self, futures: list[_Claimable]) -> None:
        if futures and not self._forked:
            # The first hand-out forks the workers. Objects made so far are left out of the garbage
            # collections from now on: a collection writes to every object it visits, and each page
            # written is copied, in the worker or here, where it was shared.
            gc.freeze()
            self._forked = True
        for future in futures:
            future.hand_to(self._pool)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[Any]:
        """``fn`` over the items, handed out ``chunksize`` at a time; the results in order.

        Only a few chunks per process are submitted ahead of the one whose results are being
        taken: a national mailing's 400 chunks never wait all at once, each with its futures.
        """
        items = zip(*iterables)
        chunks = iter(lambda: list(itertools.islice(items, chunksize)), [])
        ahead: deque[Future] = deque()
        window = _CHUNKS_AHEAD * self._processes

        def top_up() -> None:
            for chunk in itertools.islice(chunks, window - len(ahead)):
                ahead.append(self.submit(_run_chunk, fn, chunk))

        with self.batch():
            top_up()

        def results() -> Iterator[Any]:
            while ahead:
                chunk = ahead.popleft()
                top_up()  # before waiting: no process runs out of work meanwhile
                yield from chunk.result()  # each chunk's results held only until they are taken

        return results()

    def _run_one(self) -> bool:
        """Run here the earliest task no worker has started; False if there is none."""
        while self._unstarted:
            future = self._unstarted.popleft()()
            if future is not None and future.claim():
                return True
        return False

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def _finished(ref: weakref.ref[_Claimable]) -> bool:
    future = ref()
    return future is None or future.done()


def _pickled(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bytes:
    """A task as a worker receives it, deflated: a mailing's tasks wait in the queue at a third of the size."""
    return zlib.compress(pickle.dumps((fn, args, kwargs), pickle.HIGHEST_PROTOCOL), 1)


def _run_pickled(task: bytes) -> Any:
    fn, args, kwargs = pickle.loads(zlib.decompress(task))
    return fn(*args, **kwargs)


Pool = InlineExecutor | HelpingPool  # what worker_pool() gives: submit, map and batch


def _run_chunk(fn: Callable[..., Any], chunk: list[tuple[Any, ...]]) -> list[Any]:
    return [fn(*args) for args in chunk]


@contextmanager
def worker_pool(workers: int, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> Iterator[Pool]:
    """``workers`` processes: this one and ``workers`` - 1 workers, each set up once by ``initializer``.

    Leaving the block early (an error) cancels the work not yet started; a worker
    that dies (killed, out of memory) is one error line, not a traceback.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield InlineExecutor()
        return
    pool = None
    try:
        forked = min(workers - 1, _MAX_WORKERS)
        pool = ProcessPoolExecutor(max_workers=forked, mp_context=_start_context(), initializer=_start_worker,
                                   initargs=(initializer, initargs))
        if initializer is not None:
            initializer(*initargs)
        yield HelpingPool(pool, forked)
    except BrokenProcessPool as exc:
        raise DocgenError(Problem("--jobs", None, None, "a worker process stopped before its work was done "
                                  "(out of memory?); run again, or with --jobs 1")) from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Set up a worker process: it ends with its parent, however the parent ends (kill -9 too)."""
    parent = os.getppid()   # this docgen (or the fork server it started)
    if parent != 1 or os.name == "nt":   # docgen itself is PID 1 in a container: it cannot die and leave us
        threading.Thread(target=_end_with_parent, args=(parent,), name="docgen-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _end_with_parent(parent: int) -> None:
    """Wait until the process that started this one is gone, then end this one.

    On Windows the parent's handle tells; elsewhere a worker whose parent died is
    given another parent (forked siblings hold each other's pipes, so no pipe tells).
    """
    handle = multiprocessing.parent_process()
    if os.name == "nt" and handle is not None:
        handle.join()
    else:
        while os.getppid() == parent:
            time.sleep(0.5)
    os._exit(1)


def _start_context() -> multiprocessing.context.BaseContext:
    method = os.environ.get(START_METHOD_ENV, "").strip().lower() or None
    known = multiprocessing.get_all_start_methods()
    if method is not None and method not in known:
        raise DocgenError(Problem(START_METHOD_ENV, None, None,
                                  f"{method!r} is not a start method here (known: {', '.join(known)})"))
    return multiprocessing.get_context(method)


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
