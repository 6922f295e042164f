"""Templates -> model: sandbox, escaping, errors with template file/line/variable, lookup order, goldens."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from docgen import compose, variables
from docgen.document import dump, plain_text
from docgen.errors import TemplateError
from golden_support import assert_golden

INJECTIONS = ["<b>bold</b>", "Tom & Jerry", "]]>", "{{ 7*7 }}", "{% raw %}", "&amp;", "<!-- c -->"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates" / "t").mkdir(parents=True)
    return tmp_path


def write_template(project: Path, name: str, text: str) -> None:
    (project / "templates" / name).write_text(text, encoding="utf-8")


def render_error(name: str, context: dict, project: Path) -> str:
    with pytest.raises(TemplateError) as info:
        compose.render(name, context, project)
    return "\n".join(info.value.lines())


@pytest.mark.parametrize("value", INJECTIONS)
def test_data_is_printed_literally_never_as_markup_or_template_code(project, value):
    write_template(project, "t/a.xml", '<document title="{{ v }}"><p>{{ v }}</p><p><b>{{ v }}</b></p></document>')
    doc = compose.render("t/a.xml", {"v": value}, project)
    assert doc.meta.title == value
    assert [plain_text(p.inlines) for p in doc.blocks] == [value, value]


def test_the_sandbox_refuses_unsafe_attribute_access(project):
    write_template(project, "t/a.xml", "<document>\n<p>{{ ''.__class__.__mro__ }}</p>\n</document>")
    # the sandbox's refusal, not any other error on that line
    assert render_error("t/a.xml", {}, project).startswith("t/a.xml:2: not allowed in a template: ")
    assert "'__class__'" in render_error("t/a.xml", {}, project)


def test_an_undefined_variable_names_file_line_and_variable(project):
    write_template(project, "t/a.xml", "<document>\n<p>{{ title }}</p>\n\n<p>{{ recipient.titel }}</p>\n</document>")
    assert render_error("t/a.xml", {"title": "x", "recipient": {"name": "n"}}, project) == \
        "t/a.xml:4: titel: undefined: 'dict object' has no attribute 'titel'"
    assert render_error("t/a.xml", {}, project) == "t/a.xml:2: title: undefined: 'title' is undefined"


def test_a_template_syntax_error_names_the_line(project):
    write_template(project, "t/a.xml", "<document>\n{% for x in xs %}\n<p>{{ x }</p>\n</document>")
    assert render_error("t/a.xml", {"xs": []}, project).startswith("t/a.xml:3: template syntax:")


def test_malformed_markup_after_a_loop_names_the_template_line(project):
    write_template(project, "t/a.xml", "<document>\n{% for n in names %}\n<p>{{ n }}\n{% endfor %}\n<p>ok</p>\n</document>\n")
    message = render_error("t/a.xml", {"names": ["a", "b", "c"]}, project)
    assert message.startswith("t/a.xml:6: malformed markup:") and "p line 3" in message


def test_project_templates_win_over_bundled_ones_and_are_listed_so(project):
    (project / "templates" / "demo").mkdir()
    write_template(project, "demo/every-block.xml", "<document><p>{{ recipient.name }}</p></document>")
    doc = compose.render("demo/every-block.xml", {"recipient": {"name": "mine"}}, project)
    assert plain_text(doc.blocks[0].inlines) == "mine"
    listed = {t.name: t for t in compose.list_templates(project)}
    assert listed["demo/every-block.xml"].origin == "project" and listed["demo/every-block.xml"].overrides
    assert listed["letters/invitation.km.xml"].origin == "bundled"


def test_copy_template_puts_an_editable_copy_in_the_project_once(project):
    path = compose.copy_template("demo/every-block.xml", project)
    assert path == project / "templates" / "demo" / "every-block.xml"
    assert path.read_bytes() == (compose.TEMPLATES_DIR / "demo" / "every-block.xml").read_bytes()
    compose.render("demo/every-block.xml", variables.sample_context(), project)  # the emblem is still found
    with pytest.raises(TemplateError, match="already has this template"):
        compose.copy_template("demo/every-block.xml", project)
    with pytest.raises(TemplateError, match="no bundled template"):
        compose.copy_template("../../etc/passwd", project)


def test_text_templates_are_not_escaped_and_html_ones_are(project):
    write_template(project, "t/m.txt", "Dear {{ name }}")
    write_template(project, "t/m.html", "<p>Dear {{ name }}</p>")
    assert compose.render_text("t/m.txt", {"name": "A & B"}, project) == "Dear A & B"
    assert compose.render_text("t/m.html", {"name": "A & B"}, project) == "<p>Dear A &amp; B</p>"


def test_the_environment_is_cached_per_search_path(project):
    assert compose.environment(project) is compose.environment(project)
    assert compose.environment(project) is not compose.environment(None)


def test_demo_template_model_matches_the_golden_dump():
    doc = compose.render("demo/every-block.xml", variables.sample_context())
    assert_golden("demo-every-block.txt", dump(doc))


def test_templates_command_lists_and_copies(runner, project):
    from docgen.cli import cli

    (project / "forum.yaml").write_text("title: x\n", encoding="utf-8")
    listed = runner.invoke(cli, ["templates", "-p", str(project)], catch_exceptions=False)
    assert listed.exit_code == 0 and "demo/every-block.xml\tbundled" in listed.output
    copied = runner.invoke(cli, ["templates", "copy", "demo/every-block.xml", "-p", str(project)],
                           catch_exceptions=False)
    assert copied.exit_code == 0 and (project / "templates" / "demo" / "every-block.xml").is_file()


def test_templates_copy_of_an_unknown_name_fails_with_one_line(runner, project):
    from docgen.cli import cli

    (project / "forum.yaml").write_text("title: x\n", encoding="utf-8")
    result = runner.invoke(cli, ["templates", "copy", "nope.xml", "-p", str(project)])
    assert result.exit_code != 0
    assert result.stderr.startswith("nope.xml: template: no bundled template of that name")


def test_khmer_filters_are_registered(project):
    write_template(project, "t/a.xml", "<document><p>{{ 2018 | khmer_digits }}</p></document>")
    assert plain_text(compose.render("t/a.xml", {}, project).blocks[0].inlines) == "២០១៨"


def test_a_family_context_builder_feeds_preview(project, monkeypatch):
    from docgen.preview import compose_preview

    (project / "forum.yaml").write_text("title: x\n", encoding="utf-8")
    calls = []

    def build(proj, recipient, lang, template):
        calls.append((recipient, lang, template))
        return {"recipient": {"name": f"from {recipient}"}}

    from docgen.families import FAMILIES, Family

    monkeypatch.setitem(FAMILIES, "t", Family("t", builder=build, preview=build))
    loaded = SimpleNamespace(root=project, forum=SimpleNamespace(fonts={}))
    monkeypatch.setattr("docgen.project.load_project", lambda project_dir=None, out_dir=None: loaded)
    write_template(project, "t/a.xml", "<document><p>{{ recipient.name }}</p></document>")
    doc, _ = compose_preview("t/a.xml", project, recipient="R7", lang="en")
    assert plain_text(doc.blocks[0].inlines) == "from R7" and calls == [("R7", "en", "t/a.xml")]
