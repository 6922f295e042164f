"""Issue 22 in the send run: one recipient's bad data fails only that recipient."""
from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from mail_support import FakeClock, make_project, recipient, write_letters

from docgen.cli import cli
from docgen.mail import MemoryTransport, SendOptions, send_mailing
from docgen.model import Text
from docgen.project import load_project


def run(project, transport=None, **options):
    return send_mailing(project, SendOptions(**options), transport=transport or MemoryTransport(), clock=FakeClock())


def broken_name(rid, row, language="en"):
    return replace(recipient(rid, language, row=row), name=Text("សុខ\r\nចាន់", "Sok\r\nChan"))


@pytest.fixture
def project(tmp_path):
    people = [recipient("R001", "km", row=2), broken_name("R002", 3), recipient("R003", "both", row=4)]
    project = make_project(tmp_path / "forum", people)
    write_letters(project)
    return project


# -- one bad row -----------------------------------------------------------------------------------------

def test_a_name_with_a_line_break_fails_that_recipient_and_the_run_goes_on(project):
    transport = MemoryTransport()
    report = run(project, transport)
    assert report.counts == {"sent": 2, "failed": 1}
    assert sorted(str(m["To"].addresses[0].addr_spec) for m in transport.sent) == ["r001@example.org",
                                                                                   "r003@example.org"]
    failed = next(d for d in report.deliveries if d.outcome == "failed")
    problem = failed.problem()
    assert (failed.recipient.id, problem.file, problem.row, problem.field) == (
        "R002", "recipients/invitees.csv", 3, "name_en")
    assert "line break" in failed.reply
    with report.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["recipient_id"]: r for r in csv.DictReader(fh)}
    assert rows["R002"]["outcome"] == "failed" and "name_en" in rows["R002"]["reply"]
    # The next run does not stop there either: the others are done, the bad one fails again with its reason.
    assert run(project, transport).counts == {"already-sent": 2, "failed": 1}
    assert len(transport.sent) == 2


def test_a_dry_run_also_goes_past_a_bad_name(project):
    report = run(project, dry_run=True)
    assert report.counts == {"dry-run": 2, "failed": 1}
    assert report.path.exists()


def test_an_address_the_mail_library_refuses_is_that_recipients_row(tmp_path):
    people = [recipient("R001", email="../../x@example.org", row=7), recipient("R002", row=8)]
    project = make_project(tmp_path / "forum", people)
    write_letters(project)
    report = run(project)
    assert report.counts == {"invalid-address": 1, "sent": 1}
    (problem,) = report.problems
    assert (problem.file, problem.row, problem.field) == ("recipients/invitees.csv", 7, "email")


def test_the_cli_names_the_row_of_the_bad_name_in_one_line(runner, project_copy):
    lists = sorted((project_copy / "recipients").glob("*.csv"))
    text = lists[0].read_text(encoding="utf-8-sig")
    header, first, *rest = text.splitlines(keepends=True)
    columns = next(csv.reader([header]))
    cells = next(csv.reader([first]))
    for field in ("name_km", "name_en"):
        cells[columns.index(field)] = cells[columns.index(field)].replace(" ", "\r\n", 1)
    rebuilt = ",".join(f'"{c}"' for c in cells) + "\r\n"
    lists[0].write_text(header + rebuilt + "".join(rest), encoding="utf-8")
    write_letters(load_project(project_copy))
    result = runner.invoke(cli, ["send", "letters", "-p", str(project_copy), "--dry-run", "--only", cells[0]])
    assert result.exit_code == 1 and "Traceback" not in result.output
    field = "name_en" if cells[columns.index("language")] == "en" else "name_km"
    assert f"recipients/{lists[0].name}:2: {field}:" in result.output, result.output
