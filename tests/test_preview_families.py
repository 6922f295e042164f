"""docgen preview with each family's real context: the right recipient or session, nothing recorded."""
from __future__ import annotations

import pytest

from docgen.document import Paragraph, plain_text, walk
from docgen.documents.refnumbers import register_path
from docgen.errors import TemplateError
from docgen.families import FAMILIES
from docgen.preview import compose_preview


def text_of(document) -> str:
    return "\n".join(plain_text(node.inlines) for node in walk(document) if isinstance(node, Paragraph))


def test_letter_preview_uses_the_named_recipient_without_recording_a_number(project_copy):
    from docgen.project import load_project

    recipient = load_project(project_copy).recipients[5]
    document, _ = compose_preview("letters/invitation.km.xml", project_copy, recipient.id)
    text = text_of(document)
    assert recipient.name.km in text and recipient.organisation.km in text
    assert not register_path(load_project(project_copy)).exists()


def test_english_template_gets_the_english_context(project_copy):
    document, _ = compose_preview("letters/invitation.en.xml", project_copy, None)
    text = text_of(document)
    assert "Subject" in text and "កម្មវត្ថុ" not in text


@pytest.mark.parametrize(
    ("template", "item", "expected"),
    [
        ("agenda/agenda.en.xml", "kep", ["Kep"]),
        ("agenda/agenda.en.xml", "forum", ["Takeo", "Kep", "Kampot"]),
        ("attendance/sheet.km.xml", "kampot", ["ខេត្តកំពត"]),
        ("summary/report.en.xml", "takeo", ["Takeo"]),
    ],
)
def test_session_families_preview_the_named_session(project_copy, template, item, expected):
    text = text_of(compose_preview(template, project_copy, item)[0])
    assert all(word in text for word in expected), (template, item)


def test_report_of_one_session_leaves_out_the_others(project_copy):
    text = text_of(compose_preview("summary/report.en.xml", project_copy, "takeo")[0])
    assert "Takeo Province · Tuesday, 27 February 2018" in text
    assert "Kampot Province · Thursday, 1 March 2018" not in text


def test_cover_letter_preview_is_addressed_to_a_report_recipient(project_copy):
    from docgen.documents.summary import report_recipients
    from docgen.project import load_project

    first = report_recipients(load_project(project_copy))[0]
    assert first.name.en in text_of(compose_preview("summary/cover.en.xml", project_copy, None)[0])


@pytest.mark.parametrize(
    ("template", "item", "field"),
    [("letters/invitation.km.xml", "NOPE", "recipient"), ("agenda/agenda.km.xml", "mars", "session")],
)
def test_unknown_item_is_one_problem_naming_the_template(project_copy, template, item, field):
    with pytest.raises(TemplateError) as info:
        compose_preview(template, project_copy, item)
    (problem,) = info.value.problems
    assert (problem.file, problem.field) == (template, field)
    assert item in problem.message


@pytest.mark.parametrize("family", list(FAMILIES.values()), ids=list(FAMILIES))
def test_every_registered_family_previews_its_templates_with_its_own_context(family):
    from docgen.compose import list_templates
    from docgen.variables import VARIABLES

    templates = [t.name for t in list_templates() if t.name.startswith(f"{family.folder}/")]
    assert templates, f"no templates in {family.folder}/"
    sample_name = VARIABLES["recipient.name"].sample
    for template in templates:
        document, _ = compose_preview(template)  # the bundled forum, its first recipient or session
        assert document.blocks and sample_name not in text_of(document), template
