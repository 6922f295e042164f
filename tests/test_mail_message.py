"""Messages are right: Khmer subject and names encoded, alternative bodies, attachments intact, CRLF only."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from mail_support import decoded_address, fake_pdf, reparse

from docgen.errors import DeliveryError
from docgen.mail.message import (
    Attachment,
    MailContent,
    build_message,
    content_hash,
    message_bytes,
    new_message_id,
    parse_addresses,
)

SUBJECT = "លិខិតអញ្ជើញចូលរួមវេទិកាសង្គមស៊ីវិល / Invitation"
DATE = dt.datetime(2018, 9, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def content(tmp_path):
    letter = tmp_path / "R001-letter.pdf"
    letter.write_bytes(fake_pdf("R001"))
    return MailContent(
        subject=SUBJECT,
        text="សូមគោរពជូន ឯកឧត្តម សុខ ចាន់\n\nលិខិតភ្ជាប់មកជាមួយ។\n.a line starting with a dot\n",
        html="<p>សូមគោរពជូន <strong>ឯកឧត្តម</strong></p>",
        attachments=(Attachment.from_file(letter, "លិខិតអញ្ជើញ-Invitation-letter.pdf"),),
    )


def _build(content, message_id="<x.R001@forum.example.org>"):
    return build_message(
        content,
        sender=("លេខាធិការដ្ឋានវេទិកា", "secretariat@forum.example.org"),
        to=[("ឯកឧត្តម សុខ ចាន់", "governor@kep.gov.kh")],
        message_id=message_id,
        date=DATE,
        reply_to="info@forum.example.org",
    )


def test_khmer_headers_are_encoded_words_and_decode_back(content):
    raw = message_bytes(_build(content))
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii(), "headers must be 7-bit (RFC 2047 encoded words)"
    assert b"=?utf-8?" in head
    parsed = reparse(raw)
    assert parsed["Subject"] == SUBJECT
    # A long Khmer name needs two encoded words (75 characters each at most); RFC 2047 says the folding
    # space between them is not part of the name. email.header decodes it so; the address parser adds a space.
    assert decoded_address(raw, "From") == ("លេខាធិការដ្ឋានវេទិកា", "secretariat@forum.example.org")
    assert decoded_address(raw, "To") == ("ឯកឧត្តម សុខ ចាន់", "governor@kep.gov.kh")
    assert parsed["Reply-To"].addresses[0].addr_spec == "info@forum.example.org"


def test_message_id_and_date_headers(content):
    parsed = reparse(_build(content, message_id="<abc.R001@forum.example.org>"))
    assert parsed["Message-ID"] == "<abc.R001@forum.example.org>"
    assert parsed["Date"].datetime == DATE


def test_no_bare_line_feeds(content):
    raw = message_bytes(_build(content))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")


def test_plain_and_html_alternatives_carry_the_khmer_text(content):
    parsed = reparse(_build(content))
    assert parsed.get_content_type() == "multipart/mixed"
    body = parsed.get_body(("plain",))
    assert body.get_content_charset() == "utf-8"
    assert "សូមគោរពជូន ឯកឧត្តម សុខ ចាន់" in body.get_content()
    assert ".a line starting with a dot" in body.get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "<strong>ឯកឧត្តម</strong>" in html
    alternative = next(p for p in parsed.walk() if p.get_content_type() == "multipart/alternative")
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]


def test_attachment_has_khmer_rfc2231_filename_and_identical_bytes(content):
    raw = message_bytes(_build(content))
    assert re.search(rb"filename\*(0\*)?=utf-8''%E1%9E", raw), "a Khmer file name is an RFC 2231 parameter"
    parsed = reparse(raw)
    (part,) = list(parsed.iter_attachments())
    assert part.get_filename() == "លិខិតអញ្ជើញ-Invitation-letter.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == fake_pdf("R001")


def test_content_hash_ignores_headers_but_sees_every_byte(content, tmp_path):
    first = content_hash(content)
    assert content_hash(content) == first
    assert content_hash(MailContent(content.subject + "!", content.text, content.html, content.attachments)) != first
    changed = Attachment(tmp_path / "x.pdf", content.attachments[0].filename, fake_pdf("R001") + b"changed")
    assert content_hash(MailContent(content.subject, content.text, content.html, (changed,))) != first
    renamed = Attachment(tmp_path / "x.pdf", "Invitation.pdf", fake_pdf("R001"))
    assert content_hash(MailContent(content.subject, content.text, content.html, (renamed,))) != first


def test_new_message_ids_are_unique_and_in_the_sender_domain():
    ids = {new_message_id("secretariat@forum.example.org", "R 001/x") for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"<[^<>@\s]+\.R-001-x@forum\.example\.org>", i) for i in ids)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("a@x.org", ["a@x.org"]), (" a@x.org; b@y.org ", ["a@x.org", "b@y.org"]), ("a@x.org,b@y.org", ["a@x.org", "b@y.org"])],
)
def test_parse_addresses(cell, expected):
    assert parse_addresses(cell) == expected


@pytest.mark.parametrize("cell", ["not-an-address", "a@b", "a@@x.org", "សុខ@x.org"])
def test_parse_addresses_refuses_typos(cell):
    with pytest.raises(ValueError, match="is not an e-mail address"):
        parse_addresses(cell)


def test_unusable_address_is_a_delivery_error(content):
    with pytest.raises(DeliveryError, match="'a b@x.org' is not a usable e-mail address") as info:
        build_message(content, sender=("x", "a b@x.org"), to=[("y", "y@x.org")], message_id="<1@x>", date=DATE)
    assert [p.field for p in info.value.problems] == ["mail.sender"]  # the forum.yaml field to mend


@pytest.mark.parametrize("document", ["letters", "summary"])
def test_every_body_greets_with_position_and_organisation_and_ends_with_the_files_and_contact(tmp_path, document):
    """The greeting and the sign-off are shared templates: every body, in both languages, has them."""
    from mail_support import make_project, recipient

    from docgen.mail.content import Renderer

    person = recipient("R003", "both")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(fake_pdf("R003"))
    files = (Attachment.from_file(letter, "លិខិតអញ្ជើញ-Invitation-letter.pdf"),)
    mail = Renderer(make_project(tmp_path / "forum", [person])).content(person, document, files)
    for body in (mail.text, mail.html):
        for lang, closing in (("km", "ទទួលនូវការគោរពដ៏ខ្ពង់ខ្ពស់"), ("en", "highest consideration")):
            assert person.position.get(lang) in body and person.organisation.get(lang) in body
            assert closing in body
        assert body.count("លិខិតអញ្ជើញ-Invitation-letter.pdf") == 2 and body.count("012 345 678") == 2
    sentence = "has the honour to invite" if document == "letters" else "thanks you"
    assert mail.text.index("Provincial Governor, Kep Provincial Hall") < mail.text.index(sentence)
