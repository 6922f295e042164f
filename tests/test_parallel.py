"""The worker pool: results in order whatever the number of workers, and a dead worker is one error line."""
from __future__ import annotations

import gc
import multiprocessing
import os
import time
from concurrent.futures import wait

import pytest

from docgen.errors import DocgenError
from docgen.parallel import worker_pool


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_order_and_a_failure_when_asked_for(workers):
    with worker_pool(workers) as pool:
        assert list(pool.map(abs, [-3, 2, -1])) == [3, 2, 1]
        failing = pool.submit(int, "not a number")
        with pytest.raises(ValueError):
            failing.result()


def _die_in_a_worker() -> None:
    if multiprocessing.parent_process() is not None:
        os._exit(3)


def test_a_worker_that_dies_is_one_error_naming_jobs():
    with pytest.raises(DocgenError, match="worker process stopped") as caught:
        with worker_pool(2) as pool:
            dying = pool.submit(_die_in_a_worker)
            wait([dying])  # waiting is not asking for the result: the worker, not this process, runs it
            dying.result()
    assert caught.value.problems[0].file == "--jobs"
    assert gc.get_freeze_count() == 0  # collections see every object again


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_the_calling_process_is_one_of_the_jobs():
    with worker_pool(2) as pool:
        pids = list(pool.map(_pid_after, [0.02] * 40))
    # two jobs: this process and one worker, each taking the next task no one has started
    assert os.getpid() in pids and len(set(pids)) == 2


def test_a_task_not_started_can_be_cancelled_and_waiting_for_it_ends():
    with worker_pool(2) as pool:
        started = [pool.submit(time.sleep, 0.3) for _ in range(2)]  # the worker's and its queued one
        later = pool.submit(abs, -1)
        assert later.cancel()
        done, _ = wait([later, *started])
        assert later in done and later.cancelled()


class _Box:
    def __init__(self, value: int):
        self.value = value


def _boxed(value: int) -> _Box:
    return _Box(value)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_taken_from_map_are_not_held_by_the_pool(workers):
    import weakref

    with worker_pool(workers) as pool:
        results = pool.map(_boxed, range(40), chunksize=4)
        taken = [weakref.ref(next(results)) for _ in range(8)]  # two whole chunks
        assert next(results).value == 8
        assert [box.value for box in results] == list(range(9, 40))
        gc.collect()
        # A mailing's outcomes do not pile up in the caller. (The executor's result thread may still
        # hold the last chunk a worker handed back until the next one comes: at most one chunk.)
        assert sum(ref() is not None for ref in taken) <= 4


def test_a_result_the_workers_made_is_held_only_by_its_future():
    import concurrent.futures
    import weakref

    with worker_pool(2) as pool:
        futures = [pool.submit(_boxed, i) for i in range(6)]
        concurrent.futures.wait(futures)  # all made by the worker: the pool never ran one here
        taken = [weakref.ref(future.result()) for future in futures]
        del futures
        gc.collect()
        # (The executor's result thread may still hold the last result a worker handed back.)
        assert sum(ref() is not None for ref in taken) <= 1


def test_what_exists_when_the_workers_are_forked_is_left_out_of_collections_until_the_pool_closes():
    with worker_pool(2) as pool:
        assert gc.get_freeze_count() == 0  # no worker yet: what the caller makes first is shared with them
        assert pool.submit(abs, -1).result() == 1
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_gets_its_arguments_as_they_were_when_it_was_submitted(workers):
    box = [1]
    with worker_pool(workers) as pool:
        counted = pool.submit(len, box)  # pickled now, as a worker receives it: no page read after the fork
        box.append(2)
        assert counted.result() == 1


def test_tasks_submitted_in_a_batch_are_handed_out_together_when_it_ends():
    with worker_pool(2) as pool:
        with pool.batch():
            tasks = [pool.submit(abs, -n) for n in range(5)]
            assert gc.get_freeze_count() == 0  # no worker forked yet: every task is pickled before the fork
        assert gc.get_freeze_count() > 0
        assert [t.result() for t in tasks] == [0, 1, 2, 3, 4]


def test_a_batch_that_fails_hands_out_nothing():
    with worker_pool(2) as pool:
        with pytest.raises(ZeroDivisionError):
            with pool.batch():
                tasks = [pool.submit(abs, -n) for n in range(3)]
                1 / 0
        done, _ = wait(tasks)
        assert all(t.cancelled() for t in tasks) and len(done) == 3
        assert gc.get_freeze_count() == 0  # and no worker was forked for them


def _part_made_by(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(os.getpid()))
    return path


def test_a_document_s_first_part_can_be_made_here_before_the_workers_are_forked(tmp_path):
    from docgen.documents.printfile import PdfParts

    with worker_pool(2) as pool, PdfParts(tmp_path / "out.pdf") as parts:
        with pool.batch():
            for _ in range(3):
                parts.submit(pool, _part_made_by)
            parts.make_first_here()  # loads what the workers then share (fonts, shaping data)
            assert gc.get_freeze_count() == 0
        assert (parts.folder / "part-00000.pdf").read_text() == str(os.getpid())


def test_a_map_submits_a_few_chunks_per_process_ahead_not_all_of_them():
    from docgen import parallel

    with worker_pool(2) as pool:
        submitted = []
        submit = pool.submit
        pool.submit = lambda *args: submitted.append(1) or submit(*args)
        results = pool.map(abs, range(-1000, 0), chunksize=5)  # 200 chunks
        first = [next(results) for _ in range(5)]
        assert len(submitted) <= parallel._CHUNKS_AHEAD * 2 + 1
        assert first + list(results) == list(range(1000, 0, -1))
        assert len(submitted) == 200


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads processes from /proc")
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_end_when_their_parent_is_killed(tmp_path, method):
    import signal
    import subprocess
    import sys

    env = {**os.environ, "DOCGEN_START_METHOD": method}
    build = subprocess.Popen([sys.executable, "-m", "docgen", "build", "letters", "-j", "2", "-o", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 30
        while not (workers := _children(build.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers, "no worker started"
        time.sleep(0.5)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [w for w in workers if _running(w)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived their parent"


@pytest.mark.skipif(not (hasattr(os, "geteuid") and os.geteuid() == 0 and __import__("shutil").which("unshare")),
                    reason="needs unshare and root to run docgen as PID 1")
def test_workers_live_when_docgen_is_a_container_s_first_process():
    import subprocess
    import sys

    script = ("import os\nassert os.getpid() == 1\nfrom docgen.parallel import worker_pool\n"
              "with worker_pool(3) as pool:\n    print(sum(pool.map(abs, range(-50, 50), chunksize=5)))\n")
    done = subprocess.run(["unshare", "--pid", "--fork", sys.executable, "-c", script],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "2500"), done.stderr[-500:]
