"""``docgen date``: the library behind it and the command."""
from __future__ import annotations

import io
import json
from datetime import date

from docgen.cli import cli
from docgen.datecmd import date_inputs, date_record, describe_dates

KEYS = ["iso", "weekday_km", "lunar_day", "moon_phase", "lunar_month_km", "animal_year_km",
        "era_km", "buddhist_era", "lunar_line", "solar_line_km", "solar_line_en"]


def test_record_has_exactly_the_documented_keys():
    record = date_record(date(2018, 2, 27))
    assert list(record) == KEYS
    assert record["lunar_day"] == 13 and record["moon_phase"] == "កើត"
    assert record["lunar_month_km"] == "ផល្គុន" and record["animal_year_km"] == "រកា"
    assert record["buddhist_era"] == 2561 and record["era_km"] == "នព្វស័ក"


def test_bad_dates_become_problems_after_the_good_ones():
    report = describe_dates(["2018-02-27", "", "2018-02-30", "1066-10-14"], source="<stdin>")
    assert len(report.lines) == 1
    assert [(p.file, p.row, p.field) for p in report.problems] == [("<stdin>", 3, "date"), ("<stdin>", 4, "date")]


class _Stream(io.StringIO):
    def __init__(self, text: str, tty: bool):
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_inputs_arguments_stdin_or_today():
    assert date_inputs(["2020-02-05"], None) == (["2020-02-05"], "<arguments>")
    assert date_inputs([], _Stream("2020-02-05\n", tty=False)) == (["2020-02-05\n"], "<stdin>")
    assert date_inputs([], _Stream("", tty=True)) == ([date.today().isoformat()], "<today>")
    assert date_inputs([], _Stream("\n", tty=False)) == ([date.today().isoformat()], "<today>")


def test_cli_text_and_json(runner):
    result = runner.invoke(cli, ["date", "2018-02-27"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.split("\t") == ["2018-02-27", "ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១",
                                         "ថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨", "27 February 2018\n"]
    result = runner.invoke(cli, ["date", "--json"], input="2020-02-05\n2025-05-15\n", catch_exceptions=False)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["lunar_line"] for r in records] == [
        "ថ្ងៃពុធ ១២កើត ខែមាឃ ឆ្នាំកុរ ឯកស័ក ព.ស.២៥៦៣",
        "ថ្ងៃព្រហស្បតិ៍ ៤រោច ខែពិសាខ ឆ្នាំម្សាញ់ សប្តស័ក ព.ស.២៥៦៩",
    ]


def test_cli_bad_date_exits_2_after_the_good_ones(runner):
    result = runner.invoke(cli, ["date", "2018-02-27", "2018-02-31"])
    assert result.exit_code == 2
    assert result.stdout.startswith("2018-02-27\t")
    assert result.stderr.strip().splitlines() == [
        "<arguments>:2: date: '2018-02-31' is not a date in ISO form YYYY-MM-DD"]
    assert "Traceback" not in result.output
