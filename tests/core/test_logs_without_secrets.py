"""What reaches the server's log: no sign-up token, pairing code or address in any line at any level
(Django's request logger included), and a production that would print mail instead of sending it
fails `check --deploy`."""

import io
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from core.log_scrub import ScrubSecrets
from tests import factories
from tests.signups.conftest import festival, kiosk_device, kiosk_headers, session_in  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def server_log():
    """The text the configured console handler writes (settings.LOGGING), at every level."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if any(isinstance(f, ScrubSecrets) for f in h.filters))
    stream = io.StringIO()
    old_stream, old_level = handler.setStream(stream), root.level
    root.setLevel(logging.DEBUG)
    yield stream.getvalue
    handler.setStream(old_stream)
    root.setLevel(old_level)


def post(client, url, **headers):
    return client.post(url, "{}", content_type="application/json", **headers)


def test_tokens_and_codes_stay_out_of_the_log(client, server_log, festival, kiosk_headers):  # noqa: F811
    soon, later = session_in(festival, timedelta(minutes=30)), session_in(festival, timedelta(hours=3))
    ana, ben = factories.signup(soon, email="ana.rivera@example.org"), factories.signup(later)
    assert post(client, f"/api/signups/{ana.token}/check-in").status_code == 401
    assert post(client, f"/api/signups/{ben.token}/check-in", **kiosk_headers).status_code == 409
    assert client.get(f"/signups/{ben.token}x/").status_code == 404
    assert client.get("/kiosk/pair/SECRETPAIRINGCODE").status_code in (404, 410, 400, 200)
    assert client.put(f"/signups/{ana.token}/").status_code == 405
    text = server_log()
    assert "Unauthorized: /api/signups/" in text and "Conflict: /api/signups/" in text, text
    for secret in (ana.token, ben.token, "SECRETPAIRINGCODE", "ana.rivera"):
        assert secret not in text, (secret, text)


def test_an_address_in_an_error_message_is_blanked(server_log):
    # the outbox logs why a delivery failed; an SMTP refusal quotes the recipient
    logging.getLogger("notifications.services.delivery").warning(
        "Message %s attempt %s failed: %s", 7, 1, "SMTPRecipientsRefused: {'quinn.lee@example.org': (550, b'no')}"
    )
    text = server_log()
    assert "attempt 1 failed: SMTPRecipientsRefused" in text and "quinn.lee@example.org" not in text and "<email>" in text


def _check_deploy(**env):
    full = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "EMAIL_BACKEND",
            "GREENROOM_DEMO_EMAIL",
            "SMS_BACKEND",
        )
    }
    full.update(
        DEBUG="0",
        SECRET_KEY="d" * 20 + "e" * 20 + "f" * 20,
        SITE_URL="https://x.example",
        ALLOWED_HOSTS="x.example",
        DATABASE_URL="sqlite:///" + str(ROOT / ".check-deploy.sqlite3"),
        SMS_BACKEND="twilio",
        **env,
    )
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=full, capture_output=True, text=True)


def test_console_email_in_production_fails_the_deploy_check_unless_a_demo_says_so():
    printed = _check_deploy()  # EMAIL_BACKEND not set: the console default
    assert printed.returncode != 0 and "greenroom.E001" in printed.stderr + printed.stdout
    locmem = _check_deploy(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    assert "greenroom.E001" in locmem.stderr + locmem.stdout
    demo = _check_deploy(GREENROOM_DEMO_EMAIL="1")
    assert demo.returncode == 0 and "greenroom.E001" not in demo.stderr + demo.stdout, demo.stderr
    smtp = _check_deploy(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert smtp.returncode == 0, smtp.stderr
