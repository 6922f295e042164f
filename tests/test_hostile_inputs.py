"""A net under every reader: random bytes and well-formed but wrong CSV, XLSX and YAML never end in a traceback.

Whatever a project's files hold, ``docgen check`` and ``docgen build`` exit 0, 1 or 2,
print no traceback, and every problem line they print names a file.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli import cli
from docgen.folders import EXAMPLE_DIR

HEADER = ("id,honorific_km,honorific_en,name_km,name_en,position_km,position_en,organisation_km,organisation_en,"
          "category,province,session,language,email,phone,address_km,address_en,sex,report").split(",")
ROW = ["TAK-001", "ឯកឧត្តម", "H.E.", "តាំង ភារម្យ", "Tang Phearum", "អភិបាល", "Governor", "រដ្ឋបាលខេត្តតាកែវ",
       "Takeo Provincial Administration", "authority", "Takeo", "", "km", "governor@takeo.example.org",
       "011 765 201", "ខេត្តតាកែវ", "Takeo", "M", ""]
FILES = ("forum.yaml", "outcomes.yaml", "recipients/takeo.csv", "recipients/list.xlsx", "attendance/takeo.csv")
# A problem line: a file (any path, with its extension), then maybe a row, then the message.
PROBLEM = re.compile(r"^\S[^:]*\.(yaml|yml|csv|tsv|txt|xlsx)(:\d+)?: |^.*/forum(:\d+)?: ")

cells = st.one_of(
    st.text(alphabet=st.sampled_from(list("aZ09 ,;\t\"'\n\r=+-@.:/\\") + ["ក", "្", "ា", "\x00", "\x07",
                                                                         "\u200b", "\u2028", "ﷺ", "😀"]),
            max_size=12),
    st.sampled_from(["", "TAK-001", "tak-001", "Takeo", "Atlantis", "km", "fr", "both", "1e9", "0", "-1",
                     "2018-02-30", "=1+1", "x" * 300, "ខេត្ត", "@", "a@b", "CON"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=20), st.dates(), st.sampled_from(["*alias", "../../x", "{{ 9**9**9 }}"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small copy of the bundled forum: Takeo's first recipients only, so that a build is quick."""
    from docgen.project import init_project

    root = init_project(tmp_path_factory.mktemp("base") / "forum")
    for path in (root / "recipients").iterdir():
        if path.name != "takeo.csv":
            path.unlink()
    takeo = root / "recipients" / "takeo.csv"
    takeo.write_text("\n".join(takeo.read_text(encoding="utf-8").splitlines()[:6]) + "\n", encoding="utf-8")
    return root


def _project(base: Path, work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base, work)
    return work


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    for row in rows:   # what Excel itself cannot hold is left out
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def damage(draw) -> tuple[str, bytes]:
    """One project file and what it is made to hold."""
    target = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["bytes", "structured"]))
    if kind == "bytes":
        return target, draw(st.binary(max_size=400))
    if target.endswith(".yaml"):
        return target, _yaml(draw, target)
    header = draw(st.one_of(st.just(HEADER), st.permutations(HEADER), st.lists(st.sampled_from(HEADER), max_size=8)))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(HEADER) + 2), max_size=5))
    rows = [[*ROW[:len(row)], *row][:len(header) + 2] if draw(st.booleans()) else row for row in rows]
    if target.endswith(".xlsx"):
        odd = draw(st.lists(st.one_of(cells, st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                                      st.dates(min_value=dt.date(1900, 3, 1)), st.booleans()), max_size=4))
        return target, _xlsx([list(header), *rows, odd])
    return target, _csv([list(header), *rows])


def _yaml(draw, target: str) -> bytes:
    if target == "outcomes.yaml":
        return yaml.safe_dump(draw(values), allow_unicode=True).encode("utf-8")
    forum = yaml.safe_load((EXAMPLE_DIR / "forum.yaml").read_text("utf-8"))
    parent, key = forum, draw(st.sampled_from(sorted(forum)))
    for _ in range(draw(st.integers(0, 3))):   # walk to a random place and put a random value there
        node = parent[key]
        if isinstance(node, dict) and node:
            parent, key = node, draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            parent, key = node, draw(st.integers(0, len(node) - 1))
        else:
            break
    parent[key] = draw(values)
    return yaml.safe_dump(forum, allow_unicode=True, default_flow_style=False).encode("utf-8", "surrogatepass")


def _assert_clean(result, stream: str) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output[-2000:]
    for line in getattr(result, stream).splitlines():
        if line.startswith(("No problems", "Files are in")) or re.match(r"^\d+ problem\(s\)|^\w+: \d+ ", line):
            continue
        assert PROBLEM.match(line), line


def _bounded(examples: int):
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _damaged(base: Path, tmp_path: Path, damaged: tuple[str, bytes]) -> str:
    """A fresh copy of ``base`` with one file damaged; its folder."""
    target, content = damaged
    root = _project(base, tmp_path / "p")
    (root / target).write_bytes(content)
    return str(root)


@_bounded(100)
@given(damaged=damage())
def test_check_of_any_damaged_file_is_problem_lines_never_a_traceback(base, tmp_path, runner, damaged):
    _assert_clean(runner.invoke(cli, ["check", "-p", _damaged(base, tmp_path, damaged)]), "stdout")


@_bounded(30)
@given(damaged=damage())
def test_build_of_any_damaged_file_is_problem_lines_never_a_traceback(base, tmp_path, runner, damaged):
    result = runner.invoke(cli, ["build", "letters", "agenda", "-p", _damaged(base, tmp_path, damaged),
                                 "--format", "pdf", "-j", "1", "--envelopes", "none"])
    _assert_clean(result, "stderr")
