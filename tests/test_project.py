"""Finding and loading a forum project, the bundled forum and docgen init."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.errors import ProjectError, SourceError
from docgen.compose import list_templates, search_path
from docgen.folders import EXAMPLE_FILES, TEMPLATES_DIR
from docgen.model import Project
from docgen.folders import EXAMPLE_DIR
from docgen.project import bundled_notice, init_project, load_project, load_project_problems
from docgen.provinces import find_province


def test_bundled_forum_is_complete(bundled_project: Project):
    forum = bundled_project.forum
    assert [s.id for s in forum.sessions] == ["takeo", "kep", "kampot"]
    assert [s.date.isoformat() for s in forum.sessions] == ["2018-02-27", "2018-02-28", "2018-03-01"]
    assert [s.co_chairs[0].name.en for s in forum.sessions] == ["Un Vanna", "Ngin Nginda", "Chreung Phalla"]
    assert all(s.chair.name.km == "កែម រ័ត្នវិសិដ្ឋ" and len(s.agenda) >= 6 for s in forum.sessions)
    assert forum.organiser.short_name.en == "CSAF" and forum.organiser.logo.is_file()
    assert forum.letters.signatory.name.en == "Kem Rath Viseth"


def test_bundled_recipients_cover_every_province_and_category(bundled_project: Project):
    recipients = bundled_project.recipients
    assert len(recipients) >= 150
    assert {r.source.file for r in recipients} >= {"recipients/kep.xlsx", "recipients/takeo.csv"}
    for province in ("Takeo", "Kep", "Kampot"):
        mine = [r for r in recipients if r.province == province]
        assert sum(r.category == "department" for r in mine) >= 10
        assert {r.category for r in mine} >= {"authority", "district", "commune", "ngo", "union", "community"}
    assert all(r.name.km and r.position.en and r.address.km for r in recipients)
    assert sum(bool(r.email) for r in recipients) > len(recipients) * 0.7
    assert {r.language for r in recipients} == {"km", "en", "both"}


def test_session_defaults_to_the_province_session(bundled_project: Project):
    kep = bundled_project.recipient("KEP-001")
    assert kep.session == "kep" and kep.source.row == 2
    assert kep.phone.startswith("0")  # stored as a number in the workbook
    national = bundled_project.recipient("NAT-001")
    assert national.province == "Phnom Penh" and national.session == "takeo"


def test_bundled_attendance_and_outcomes(bundled_project: Project):
    sessions = {s.id for s in bundled_project.forum.sessions}
    assert {a.session for a in bundled_project.attendance} == sessions
    assert any(a.walk_in for a in bundled_project.attendance)
    invited = {r.id for r in bundled_project.recipients}
    assert all(a.recipient_id in invited for a in bundled_project.attendance if not a.walk_in)
    assert len(invited) > len({a.recipient_id for a in bundled_project.attendance})  # some were absent
    by_session = {s: [o for o in bundled_project.outcomes if o.session == s] for s in sessions}
    assert all(3 <= len(items) <= 5 for items in by_session.values())
    assert {o.status for o in bundled_project.outcomes} == {"addressed", "pending", "referred"}


def test_provinces_are_canonical(bundled_project: Project):
    assert all(find_province(r.province).en == r.province for r in bundled_project.recipients)


def test_no_project_here_means_the_bundled_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project = load_project()
    assert project.bundled and project.root == EXAMPLE_DIR
    assert project.out_dir == tmp_path / "out"
    assert "bundled example forum" in bundled_notice(project)


def test_cwd_project_is_found_and_outputs_go_inside(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    project = load_project()
    assert not project.bundled and project.root == project_copy
    assert project.out_dir == project_copy / "out"
    assert bundled_notice(project) is None
    assert load_project(project_copy, Path("/tmp/elsewhere")).out_dir == Path("/tmp/elsewhere")


def test_missing_folder_or_forum_yaml_is_a_project_error(tmp_path):
    with pytest.raises(ProjectError, match="no such project folder"):
        load_project(tmp_path / "nowhere")
    with pytest.raises(ProjectError, match="has no forum.yaml") as info:
        load_project(tmp_path)
    assert info.value.exit_code == 2


def test_invalid_data_raises_source_error_with_every_problem(project_copy):
    shutil.copy(Path(__file__).parent / "fixtures" / "broken" / "bad_rows.csv", project_copy / "recipients")
    with pytest.raises(SourceError) as info:
        load_project(project_copy)
    assert len(info.value.problems) == 10  # the Khmer text problems are for docgen check
    project, problems = load_project_problems(project_copy)
    assert project is not None and sum(p.is_error for p in problems) == 10
    assert project.recipient("X-1") is None  # rows with errors are left out


def test_load_problems_for_an_unreadable_project(tmp_path):
    project, problems = load_project_problems(tmp_path)
    assert project is None and "forum.yaml" in str(problems[0])


def test_init_copies_the_bundled_forum(tmp_path):
    root = init_project(tmp_path / "new")
    assert (root / "forum.yaml").is_file() and (root / "recipients" / "kep.xlsx").is_file()
    assert (root / "logo.png").read_bytes() == (EXAMPLE_DIR / "logo.png").read_bytes()
    assert load_project(root).forum.title == load_project(EXAMPLE_DIR).forum.title
    # only the forum: in a clone the bundled forum's folder is the repository, README, docgen/ and tests/ too
    assert sorted(p.name for p in root.iterdir()) == sorted(EXAMPLE_FILES)


def test_a_folder_with_lists_and_templates_but_no_forum_yaml_leaves_the_bundled_forum_as_it_is(tmp_path, monkeypatch):
    (tmp_path / "recipients").mkdir()
    (tmp_path / "recipients" / "mine.csv").write_text("id,category,province\nMINE-1,ngo,Kep\n", encoding="utf-8")
    (tmp_path / "templates" / "letters").mkdir(parents=True)
    (tmp_path / "templates" / "letters" / "invitation.en.xml").write_text("<document/>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project = load_project()
    assert project.bundled and project.root == EXAMPLE_DIR
    assert project.recipient("MINE-1") is None and len(project.recipients) == len(load_project(EXAMPLE_DIR).recipients)
    assert {t.origin for t in list_templates(project)} == {"bundled"}


def test_the_bundled_forum_lists_each_bundled_template_once(tmp_path):
    """In a clone the bundled forum's own templates/ is the bundled folder: not a second, overriding copy."""
    listed = list_templates(EXAMPLE_DIR)
    assert {t.origin for t in listed} == {"bundled"} and not any(t.overrides for t in listed)
    assert search_path(EXAMPLE_DIR) == (TEMPLATES_DIR,)
    assert "letters/invitation.km.xml" in {t.name for t in listed}


def test_init_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ProjectError, match="is not empty"):
        init_project(tmp_path)
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_relative_font_paths_are_read_from_the_project_folder(project_copy, tmp_path, monkeypatch):
    yaml_path = project_copy / "forum.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("fonts: {}", '{fonts: {body: fonts/KhmerOSsiemreap.ttf, heading: "Khmer OS Muol Light"}}'[1:-1], 1)
    yaml_path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # somewhere else: the path must not depend on the current folder
    fonts = load_project(project_copy).forum.fonts
    assert fonts["body"] == str(project_copy / "fonts" / "KhmerOSsiemreap.ttf")
    assert fonts["heading"] == "Khmer OS Muol Light"  # a family name stays a name


# -- issue 22: nothing escapes and nothing is lost ------------------------------------

def _link(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")


def _lines(project: Path) -> list[str]:
    from docgen.check import check_project

    return [str(p) for p in check_project(project)]


def test_a_list_linked_from_outside_the_project_is_refused(project_copy, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n", encoding="utf-8")
    _link(project_copy / "recipients" / "passwd.csv", outside)
    lines = _lines(project_copy)
    assert lines == ["recipients/passwd.csv: is a link to a file outside the project; copy the file into the "
                     "project instead"]


def test_a_list_linked_from_inside_the_project_is_read(project_copy):
    shared = project_copy / "shared"
    shared.mkdir()
    (project_copy / "recipients" / "national.csv").rename(shared / "national.csv")
    _link(project_copy / "recipients" / "national.csv", Path("..") / "shared" / "national.csv")
    assert _lines(project_copy) == []
    assert len(load_project(project_copy).recipients) == len(load_project(EXAMPLE_DIR).recipients)


@pytest.mark.parametrize("name", ["~$kep.xlsx", ".kep.csv"])
@pytest.mark.parametrize("folder", ["recipients", "attendance"])
def test_lock_and_hidden_files_are_not_lists(project_copy, folder, name):
    (project_copy / folder / name).write_bytes(b"\xd0\xcf\x11\xe0 \xe9\xe8 lock")  # neither a workbook nor UTF-8
    assert _lines(project_copy) == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_attendance_id_in_another_case_is_the_recipients_own(project_copy, bundled_project):
    from docgen.attendance import participation

    _edit(project_copy / "attendance" / "kep.csv", "kep,KEP-001,", "kep,kep-001,")
    assert _lines(project_copy) == []
    project = load_project(project_copy)
    assert [a.recipient_id for a in project.attendance if a.session == "kep"][0] == "KEP-001"
    assert participation(project).sessions["kep"] == participation(bundled_project).sessions["kep"]


def test_the_same_invitee_in_another_case_is_recorded_twice(project_copy):
    with (project_copy / "attendance" / "kep.csv").open("a", encoding="utf-8") as handle:
        handle.write("kep,kep-001,វង្ស សំណាង,Vong Samnang,M,,,,,authority,\n")
    assert [line.split(": also")[0] for line in _lines(project_copy)] == [
        "attendance/kep.csv:36: id: KEP-001 is recorded twice for session kep"]


def test_a_rejected_recipient_is_still_known_to_the_attendance(project_copy):
    _edit(project_copy / "recipients" / "takeo.csv", "deputy.governor@takeo.example.org", "deputy.governor@takeo")
    assert _lines(project_copy) == ["recipients/takeo.csv:3: email: 'deputy.governor@takeo' is not an e-mail address"]


def _bundled_forum_files() -> list[Path]:
    """The bundled forum's files, and those a build keeps in a project (in a clone, not the rest of the repository)."""
    from docgen.documents.refnumbers import REGISTER_NAME

    paths = [EXAMPLE_DIR / name for name in (*EXAMPLE_FILES, ".docgen", REGISTER_NAME)]
    return sorted(p.relative_to(EXAMPLE_DIR) for path in paths if path.exists() for p in (path, *path.rglob("*")))


def test_the_bundled_forum_named_by_its_folder_is_still_the_read_only_bundled_one(tmp_path):
    from docgen.build import BuildOptions, build
    from docgen.options import LetterOptions

    before = _bundled_forum_files()
    project = load_project(EXAMPLE_DIR, tmp_path)
    assert project.bundled
    results = build(project, ["letters"], BuildOptions(out_dir=tmp_path, jobs=1, formats=("pdf",), only=("KEP-001",),
                                                        family_options=(LetterOptions(envelopes=()),)))
    assert all(r.ok for r in results)
    assert _bundled_forum_files() == before   # no register, no lock


def test_docgens_repository_is_the_bundled_forum_however_docgen_is_installed(tmp_path, monkeypatch):
    """A clone builds its forum as the bundled one (numbers and ledger under out/) whether docgen runs from
    the clone or from a wheel, whose own copy of the forum is elsewhere."""
    import docgen.project

    repository = tmp_path / "clone"
    shutil.copytree(EXAMPLE_DIR, repository, ignore=shutil.ignore_patterns("out", ".git", "tests", "docgen", "*.md"))
    (repository / "pyproject.toml").write_text('[project]\nname = "docgen"\n', encoding="utf-8")
    monkeypatch.setattr(docgen.project, "EXAMPLE_DIR", tmp_path / "site-packages" / "docgen" / "example")
    assert load_project(repository, tmp_path / "out").bundled
    monkeypatch.chdir(repository)
    assert load_project(None, tmp_path / "out").bundled


def test_a_forum_beside_another_projects_pyproject_is_the_users_own(tmp_path):
    forum = init_project(tmp_path / "mine")
    (forum / "pyproject.toml").write_text('[project]\nname = "my-forum-tools"\n', encoding="utf-8")
    assert not load_project(forum, tmp_path / "out").bundled
