"""SMTP settings: forum.yaml values, DOCGEN_SMTP_* overrides, the password only from env or a prompt."""
from __future__ import annotations

import pytest

from docgen.errors import DeliveryError
from docgen.mail.settings import smtp_config
from docgen.model import MailSettings

YAML = MailSettings(host="smtp.forum.org", port=587, security="starttls", user="secretariat", sender="s@forum.org")


def test_values_from_forum_yaml():
    config = smtp_config(YAML, env={"DOCGEN_SMTP_PASSWORD": "pw"})
    assert (config.host, config.port, config.security, config.user, config.password) == (
        "smtp.forum.org", 587, "starttls", "secretariat", "pw")


def test_environment_overrides_every_field():
    env = {"DOCGEN_SMTP_HOST": "127.0.0.1", "DOCGEN_SMTP_PORT": "2525", "DOCGEN_SMTP_SECURITY": "None",
           "DOCGEN_SMTP_USER": "other", "DOCGEN_SMTP_PASSWORD": "secret"}
    config = smtp_config(YAML, env=env)
    assert (config.host, config.port, config.security, config.user, config.password) == (
        "127.0.0.1", 2525, "none", "other", "secret")


def test_port_defaults_to_the_security_mode():
    assert smtp_config(MailSettings(host="h", security="ssl"), env={}).port == 465
    assert smtp_config(MailSettings(host="h", security="none"), env={}).port == 25
    assert smtp_config(MailSettings(host="h"), env={}).port == 587


def test_password_is_prompted_when_not_in_the_environment():
    asked = []
    config = smtp_config(YAML, env={}, prompt=lambda text: asked.append(text) or "typed")
    assert config.password == "typed"
    assert asked == ["SMTP password for secretariat on smtp.forum.org"]


def test_password_never_shows_in_repr():
    assert "pw" not in repr(smtp_config(YAML, env={"DOCGEN_SMTP_PASSWORD": "pw"}))


def test_missing_password_without_a_prompt_names_the_variable():
    with pytest.raises(DeliveryError, match="DOCGEN_SMTP_PASSWORD"):
        smtp_config(YAML, env={})


def test_no_server_says_how_to_configure_one():
    with pytest.raises(DeliveryError) as info:
        smtp_config(MailSettings(), env={})
    text = str(info.value)
    assert text.startswith("no SMTP server configured")
    for hint in ("forum.yaml", "DOCGEN_SMTP_HOST", "DOCGEN_SMTP_PASSWORD", "--dry-run"):
        assert hint in text


@pytest.mark.parametrize(
    ("env", "field", "origin"),
    [({"DOCGEN_SMTP_SECURITY": "tls"}, "security", "DOCGEN_SMTP_SECURITY"),
     ({"DOCGEN_SMTP_PORT": "smtp"}, "port", "DOCGEN_SMTP_PORT"),
     ({"DOCGEN_SMTP_PORT": "70000"}, "port", "DOCGEN_SMTP_PORT")],
)
def test_bad_values_name_where_they_came_from(env, field, origin):
    with pytest.raises(DeliveryError) as info:
        smtp_config(YAML, env={**env, "DOCGEN_SMTP_PASSWORD": "x"})
    (problem,) = info.value.problems
    assert (problem.file, problem.field) == (origin, field)


def test_bad_security_in_forum_yaml_names_forum_yaml():
    with pytest.raises(DeliveryError) as info:
        smtp_config(MailSettings(host="h", security="tls"), env={})
    assert info.value.problems[0].file == "forum.yaml mail"


def test_an_empty_user_variable_means_no_login():
    config = smtp_config(YAML, env={"DOCGEN_SMTP_USER": ""})
    assert (config.user, config.password) == ("", "")
