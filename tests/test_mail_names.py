"""Files a mailing writes are named through the one safe-name function: nothing leaves out/outbox/ (issue 22)."""
from __future__ import annotations

from pathlib import Path

import pytest
from mail_support import FakeClock, make_project, recipient, write_letters

from docgen.filenames import safe_filename
from docgen.mail import SendOptions, send_mailing

HOSTILE_IDS = ["../../../../x", "a/b/c", "X" * 300, "ខ" * 100, "CON", "nul.txt", "LPT1", r"a\b", "c:d", ".."]


def dry_run(project):
    return send_mailing(project, SendOptions(dry_run=True), clock=FakeClock())


@pytest.fixture
def hostile(tmp_path):
    """A project four folders deep, so that ``../../../../x`` would still land inside ``tmp_path``."""
    people = [recipient(rid, email=f"r{i}@example.org", row=i + 2) for i, rid in enumerate(HOSTILE_IDS)]
    project = make_project(tmp_path / "a" / "b" / "c" / "forum", people)
    write_letters(project)
    return project


def test_eml_files_named_after_hostile_ids_stay_in_the_outbox(hostile, tmp_path):
    from docgen.build import BUILD_LOCK   # (held by a send as by a build: out/'s own lock)

    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    report = dry_run(hostile)
    assert report.counts == {"dry-run": len(HOSTILE_IDS)}
    outbox = hostile.out_dir / "outbox" / "letters"
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before - {hostile.out_dir / BUILD_LOCK}
    emls = [p for p in written if p.suffix == ".eml"]
    assert len(emls) == len(HOSTILE_IDS), "one file per recipient, none overwriting another"
    for path in written:
        assert path.parent in (outbox, outbox.parent), f"{path} is outside out/outbox/"
        assert len(path.name.encode("utf-8")) <= 255
        assert path.name == safe_filename(path.stem, path.suffix), f"{path.name!r} is not a safe file name"
        assert path.stem.split(".")[0].upper() not in ("CON", "NUL", "LPT1")
    assert sorted(d.reply for d in report.deliveries) == sorted(str(p) for p in emls)


def test_two_ids_that_make_the_same_safe_name_get_two_files(tmp_path):
    people = [recipient("a/b", email="one@example.org"), recipient("a:b", email="two@example.org", row=3)]
    project = make_project(tmp_path / "forum", people)
    write_letters(project)
    dry_run(project)
    names = sorted(p.name for p in (project.out_dir / "outbox" / "letters").iterdir())
    assert names == ["a-b-2.eml", "a-b.eml"]


def test_a_very_long_id_makes_no_header_line_a_server_would_refuse(tmp_path):
    project = make_project(tmp_path / "forum", [recipient("X" * 2000, email="x@example.org")])
    write_letters(project)
    (delivery,) = dry_run(project).deliveries
    lines = Path(delivery.reply).read_bytes().split(b"\r\n")
    assert max(len(line) for line in lines) <= 998, "RFC 5322 limits a line to 998 characters"
