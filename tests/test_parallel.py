"""The worker pool: results in order whatever the number of workers, and a dead worker is one error line."""
from __future__ import annotations

import gc
import os

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


def test_a_worker_that_dies_is_one_error_naming_jobs():
    with pytest.raises(DocgenError, match="worker process stopped") as caught:
        with worker_pool(2, os._exit, (3,)) as pool:
            pool.submit(abs, -1).result()
    assert caught.value.problems[0].file == "--jobs"
    assert gc.get_freeze_count() == 0  # collections see every object again
