"""SMTP settings for a run: forum.yaml's ``mail:`` section, overridden by DOCGEN_SMTP_* variables.

The password is never read from forum.yaml or the command line, where it would
end up in a shared folder or a shell history: only from the environment
variable ``DOCGEN_SMTP_PASSWORD`` or, at a terminal, from a hidden prompt.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from docgen.errors import DeliveryError, Problem
from docgen.model import MailSettings

__all__ = ["SECURITY_PORTS", "SMTPConfig", "smtp_config", "HOW_TO_CONFIGURE"]

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}

HOW_TO_CONFIGURE = (
    "no SMTP server configured: add to forum.yaml\n"
    "  mail:\n"
    "    host: smtp.example.org\n"
    "    port: 587\n"
    "    security: starttls        # starttls, ssl or none\n"
    "    user: secretariat@example.org\n"
    "    sender: secretariat@example.org\n"
    "or set DOCGEN_SMTP_HOST, DOCGEN_SMTP_PORT, DOCGEN_SMTP_SECURITY and DOCGEN_SMTP_USER;\n"
    "the password comes from DOCGEN_SMTP_PASSWORD or is asked for. "
    "`docgen send letters --dry-run` needs no server."
)


@dataclass(frozen=True)
class SMTPConfig:
    """Everything needed to open one SMTP connection; the password is kept out of ``repr``."""

    host: str
    port: int
    security: str = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0


def _env(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _port(raw: str, origin: str, security: str) -> int:
    if not raw or raw == "0":
        return SECURITY_PORTS[security]
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise DeliveryError(Problem(origin, None, "port", f"{raw!r} is not a port number (1-65535)"))
    return port


def _security(raw: str, origin: str) -> str:
    value = raw.lower()
    if value not in SECURITY_PORTS:
        raise DeliveryError(
            Problem(origin, None, "security", f"{raw!r} is not one of {', '.join(SECURITY_PORTS)}")
        )
    return value


def _password(env: Mapping[str, str], user: str, host: str, prompt: Callable[[str], str] | None) -> str:
    if "DOCGEN_SMTP_PASSWORD" in env or not user:
        return env.get("DOCGEN_SMTP_PASSWORD", "")
    if prompt is None:
        raise DeliveryError(
            Problem("DOCGEN_SMTP_PASSWORD", None, None, f"the password of {user} on {host} is needed: set DOCGEN_SMTP_PASSWORD")
        )
    return prompt(f"SMTP password for {user} on {host}")


def smtp_config(
    mail: MailSettings,
    env: Mapping[str, str] | None = None,
    prompt: Callable[[str], str] | None = None,
    forum_file: str = "forum.yaml",
) -> SMTPConfig:
    """The SMTP settings of this run; raises ``DeliveryError`` saying how to configure when no host is set.

    ``prompt(text) -> password`` is called only when a user is set and
    DOCGEN_SMTP_PASSWORD is not; without it, the missing password is an error.
    """
    env = os.environ if env is None else env
    host = _env(env, "DOCGEN_SMTP_HOST") or mail.host.strip()
    if not host:
        raise DeliveryError(HOW_TO_CONFIGURE)
    raw_security = _env(env, "DOCGEN_SMTP_SECURITY")
    security = _security(raw_security or mail.security or "starttls",
                         "DOCGEN_SMTP_SECURITY" if raw_security else f"{forum_file} mail")
    raw_port = _env(env, "DOCGEN_SMTP_PORT")
    port = _port(raw_port or str(mail.port or ""), "DOCGEN_SMTP_PORT" if raw_port else f"{forum_file} mail", security)
    # DOCGEN_SMTP_USER set to "" means "no login" (a relay that trusts the office network).
    user = env["DOCGEN_SMTP_USER"].strip() if "DOCGEN_SMTP_USER" in env else mail.user.strip()
    return SMTPConfig(host, port, security, user, _password(env, user, host, prompt))
