"""Templates are data: no value they get reaches a file, nothing escapes the sandbox, and their work is bounded."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import docgen.sandbox
from docgen.compose import environment, render_text
from docgen.documents.letter_context import LetterFacts, letter_context
from docgen.errors import TemplateError
from docgen.mail.content import Renderer
from docgen.project import load_project
from docgen.sandbox import plain_context, render_bounded

# What a pathlib.Path (or any file-like object) would let a template do.
FILE_METHODS = ("read_text", "read_bytes", "write_text", "write_bytes", "unlink", "open", "touch", "mkdir",
                "rmdir", "rename", "iterdir", "glob", "exists", "resolve", "chmod", "symlink_to")
ESCAPES = [
    "{{ lipsum.__globals__.os.system('touch pwned') }}",
    "{{ cycler.__init__.__globals__.os.listdir('/') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% import 'os' as os %}{{ os.getcwd() }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
]


def _paths(value, prefix: str) -> Iterator[str]:
    """Every dotted path into a context value, the value itself included."""
    yield prefix
    if isinstance(value, Mapping):
        for key, item in value.items():
            if str(key).isidentifier():
                yield from _paths(item, f"{prefix}.{key}")
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _paths(getattr(value, name), f"{prefix}.{name}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, f"{prefix}[{index}]")


def _snapshot(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha1(p.read_bytes()).hexdigest() for folder in folders
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "probe.txt"}


def render_text_from(project, source: str, context: dict) -> str:
    """``source`` rendered as a project's mail template would be."""
    template = project.root / "templates" / "mail" / "probe.txt"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text(source, encoding="utf-8")
    return render_text("mail/probe.txt", context, project)


@pytest.fixture
def project(project_copy):
    return load_project(project_copy)


def _contexts(project):
    from docgen.documents.agenda import agenda_context
    from docgen.documents.attendance import sheet_context
    from docgen.documents.summary import summary_context

    recipient, session = project.recipients[0], project.forum.sessions[0]
    yield "letter", letter_context(project, recipient, "km", LetterFacts(1, dt.date(2018, 2, 12)))
    yield "agenda", agenda_context(project, [session], "km")
    yield "attendance", sheet_context(project, session, "en", 2, True)
    yield "summary", summary_context(project, "km")
    yield "mail", Renderer(project).context(recipient, "en", ())


@pytest.mark.parametrize("kind", ["letter", "agenda", "attendance", "summary", "mail"])
def test_no_value_a_template_gets_reaches_a_file(project, tmp_path, kind):
    context = dict(_contexts(project))[kind]
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    before = _snapshot(project.root, tmp_path)
    env = environment(project)
    probe = "{% for m in methods %}{% if (PATH)|attr(m) is defined %}{{ m }} {% endif %}{% endfor %}"
    paths = [path for name, value in context.items() for path in _paths(value, name)]
    assert len(paths) > 20
    for path in paths:   # not one of these values has a method that reaches a file
        found = render_bounded(env.from_string(probe.replace("PATH", path)),
                               plain_context({**context, "methods": FILE_METHODS}))
        assert found == "", (path, found)
    for call in ("write_text('pwned')", "unlink()", "read_text()"):   # and calling one fails
        for path in [p for p in paths if p.endswith(("logo", "ornament", "path", "file"))]:
            with pytest.raises(TemplateError):
                render_text_from(project, f"{{{{ {path}.{call} }}}}", context)
    assert _snapshot(project.root, tmp_path) == before
    assert not (Path.cwd() / "pwned").exists()


@pytest.mark.parametrize("source", ESCAPES)
def test_the_sandbox_refuses_every_way_out(project, source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateError):
        render_text_from(project, source, dict(_contexts(project))["mail"])
    assert not (tmp_path / "pwned").exists()


def test_a_template_linked_out_of_the_template_folder_is_not_read(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the password")
    folder = project.root / "templates" / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, folder / "letters.en.txt")
    with pytest.raises(TemplateError) as caught:
        render_text("mail/letters.en.txt", {}, project)
    assert "the password" not in str(caught.value)


@pytest.mark.parametrize("source", [
    "{{ ('x' * 10**10)|length }}",
    "{{ 9 ** (9 ** 9) }}",
    "{{ [0] * 10**9 }}",
    "{{ 'x'|center(10**10) }}",
    "{{ 'x'.rjust(10**10) }}",
    "{{ '{:>9999999999}'.format(1) }}",
    "{{ '%9999999999s'|format(1) }}",
    "{{ range(10**9)|list|length }}",
    "{{ '%300000000s' % 'x' }}",
    "{{ '%*s'|format(300000000, '') }}",
    "{{ '{:>{}}'.format('x', 300000000) }}",
    "{{ ('x\n' * 500)|indent(999999) }}",
    "{{ ('\t' * 500).expandtabs(999999) }}",
    "{{ (['x' * 1000000] * 1000)|join }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
])
def test_work_that_would_exhaust_memory_or_time_is_refused(project, source):
    with pytest.raises(TemplateError) as caught:
        render_text_from(project, source, {})
    assert caught.value.problems[0].file == "mail/probe.txt"


@pytest.mark.parametrize("endless", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    "{% set r = range(100000)|list %}{% for i in r %}{% for j in r %}{% for k in r %}{% endfor %}{% endfor %}"
    "{% endfor %}",   # loops that call nothing and write nothing
])
def test_a_render_has_a_time_budget(project, monkeypatch, endless):
    monkeypatch.setattr(docgen.sandbox, "MAX_SECONDS", 0.2)
    with pytest.raises(TemplateError, match="time budget"):
        render_text_from(project, endless, {})


def test_ordinary_arithmetic_and_formatting_still_work(project):
    source = ("{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ '{:,}'.format(25000000) }} {{ '%d'|format(25000000) }} "
              "{{ 'x'|center(9) }} {{ [1] + [2] }}")
    source += " {{ '%5s|%-3d' % ('ab', 7) }} {{ 'a\nb'|indent(2) }} {{ ['a', 'b']|join('-') }} {{ 'x' ~ 1 }}"
    assert render_bounded(environment(project).from_string(source), {}) == (
        "1024 ababab 25,000,000 25000000     x     [1, 2]    ab|7   a\n  b a-b x1")


def test_a_hostile_project_template_is_one_line_and_a_failed_build(runner, project_copy):
    from docgen.cli import cli

    evil = project_copy / "templates" / "agenda" / "agenda.en.xml"
    evil.parent.mkdir(parents=True, exist_ok=True)
    evil.write_text("<document><p>{{ 9 ** (9 ** 9) }}</p></document>", encoding="utf-8")
    result = runner.invoke(cli, ["build", "agenda", "-p", str(project_copy)])
    assert result.exit_code == 1
    assert "agenda/agenda.en.xml:1" in result.output and "Traceback" not in result.output
