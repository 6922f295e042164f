"""PackedSequence and Picked: a project's recipients held as deflated pickles, read back equal."""
import pickle

import pytest

from docgen.model import Project
from docgen.packed import PackedSequence, Picked


RECORDS = [{"id": f"R{n:05}", "name": "ឯកឧត្តម អភិបាល" * (n % 3), "n": n} for n in range(200)]


def test_every_record_reads_back_equal_by_index_and_in_order():
    packed = PackedSequence(RECORDS)
    assert len(packed) == len(RECORDS)
    assert list(packed) == RECORDS
    assert [packed[i] for i in range(len(RECORDS))] == RECORDS


def test_negative_indices_and_slices_read_like_a_list():
    packed = PackedSequence(RECORDS)
    assert packed[-1] == RECORDS[-1]
    assert packed[-len(RECORDS)] == RECORDS[0]
    assert packed[10:20] == RECORDS[10:20]
    assert packed[::-50] == RECORDS[::-50]
    with pytest.raises(IndexError):
        packed[len(RECORDS)]
    with pytest.raises(IndexError):
        packed[-len(RECORDS) - 1]


def test_each_read_is_a_fresh_copy_so_the_stored_record_cannot_be_changed():
    packed = PackedSequence(RECORDS)
    packed[3]["name"] = "changed"
    assert packed[3] == RECORDS[3]


def test_an_empty_sequence_and_a_single_record():
    assert list(PackedSequence([])) == []
    assert len(PackedSequence()) == 0
    assert list(PackedSequence([RECORDS[5]])) == [RECORDS[5]]


def test_it_survives_pickling_for_spawned_workers():
    packed = pickle.loads(pickle.dumps(PackedSequence(RECORDS)))
    assert list(packed) == RECORDS


def test_the_records_take_far_less_room_than_their_pickles():
    packed = PackedSequence(RECORDS)
    assert len(packed._data) < sum(len(pickle.dumps(r)) for r in RECORDS) / 3


def test_picked_reads_the_chosen_items_in_the_chosen_order():
    picked = Picked(PackedSequence(RECORDS), [7, 2, 150, 2])
    assert len(picked) == 4
    assert list(picked) == [RECORDS[7], RECORDS[2], RECORDS[150], RECORDS[2]]
    assert picked[1] == RECORDS[2]
    assert picked[-1] == RECORDS[2]
    assert picked[1:3] == [RECORDS[2], RECORDS[150]]


def test_a_loaded_project_holds_its_recipients_packed(bundled_project: Project):
    recipients = bundled_project.recipients
    assert isinstance(recipients, PackedSequence)
    assert recipients[0].id and recipients[0] == list(recipients)[0]



def test_a_generator_is_packed_as_it_goes_never_all_its_pickles_held_at_once():
    import tracemalloc

    records = ({"n": n, "text": "ឯកឧត្តម អភិបាលខេត្ត " * 100} for n in range(2000))  # each pickle about 4 kB
    tracemalloc.start()
    try:
        packed = PackedSequence(records)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(packed) == 2000 and packed[1999]["n"] == 1999
    assert peak < 2_000_000  # all the pickles would be 8 MB
