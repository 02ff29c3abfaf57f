"""TECHSTORE_SMTP_URL and TECHSTORE_MAIL_FROM: STARTTLS, SSL or plain; the password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from techstore.infrastructure.notifications.smtp import SmtpServer, build_mail_sender
from techstore.settings import SettingsError, load_settings


def _load(tmp_path: Path, **environ: str) -> object:
    return load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), **environ})


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://apikey:s%40cret@smtp.example.com:587?starttls=true",
     ("smtp.example.com", 587, False, True, "apikey", "s@cret")),
    ("smtps://user:pw@smtp.example.com", ("smtp.example.com", 465, True, False, "user", "pw")),
    ("smtp://localhost:1025", ("localhost", 1025, False, False, None, None)),
])
def test_the_url_says_how_to_reach_the_server(url: str, expected: tuple[object, ...], tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path), "TECHSTORE_SMTP_URL": url,
                              "TECHSTORE_MAIL_FROM": "Shop <shop@example.com>"})
    server = SmtpServer.from_url(settings.smtp_url)
    assert (server.host, server.port, server.ssl, server.starttls, server.username, server.password) == expected
    assert "pw" not in repr(server) and "cret" not in repr(server)
    assert settings.smtp_url not in repr(settings)


@pytest.mark.parametrize("environ", [
    {"TECHSTORE_SMTP_URL": "http://mail.example.com"},
    {"TECHSTORE_SMTP_URL": "smtp://:secret@"},
    {"TECHSTORE_SMTP_URL": "smtp://host:587?starttls=maybe", "TECHSTORE_MAIL_FROM": "a@b.c"},
    {"TECHSTORE_SMTP_URL": "smtp://host:587?tls=1", "TECHSTORE_MAIL_FROM": "a@b.c"},
    {"TECHSTORE_SMTP_URL": "smtp://host:587"},  # no MAIL_FROM
])
def test_a_bad_smtp_setting_is_refused_without_echoing_it(environ: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        _load(tmp_path, **environ)
    assert environ["TECHSTORE_SMTP_URL"] not in str(refused.value)


def test_without_an_smtp_url_there_is_no_mail_sender(tmp_path: Path) -> None:
    settings = load_settings({"TECHSTORE_VAR_DIR": str(tmp_path)})
    assert settings.smtp_url == "" and build_mail_sender(settings.smtp_url, settings.mail_from) is None
