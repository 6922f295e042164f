"""The process pool: results in order whatever the number of workers, a dead worker is one error line,
and workers never outlive the build."""
from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from docgen.errors import DocgenError
from docgen.parallel import process_pool


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_order_and_a_failure_when_asked_for(jobs):
    with process_pool(jobs) as pool:
        assert list(pool.map(abs, range(-300, 0), chunksize=7)) == list(range(300, 0, -1))
        failing = pool.submit(int, "not a number")
        with pytest.raises(ValueError):
            failing.result()


def _die_in_a_worker() -> None:
    if multiprocessing.parent_process() is not None:
        os._exit(3)


def test_a_worker_that_dies_is_one_error_naming_jobs():
    with pytest.raises(DocgenError, match="worker process stopped") as caught:
        with process_pool(2) as pool:
            pool.submit(_die_in_a_worker).result()
    assert caught.value.problems[0].file == "--jobs"


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

    script = ("import os\nassert os.getpid() == 1\nfrom docgen.parallel import process_pool\n"
              "with process_pool(3) as pool:\n    print(sum(pool.map(abs, range(-50, 50), chunksize=5)))\n")
    done = subprocess.run(["unshare", "--pid", "--fork", sys.executable, "-c", script],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "2500"), done.stderr[-500:]
