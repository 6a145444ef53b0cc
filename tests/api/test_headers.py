"""Security headers on every answer, and `check --deploy` clean with production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(org):
    return factories.activation(org, slug="fest")


PATHS = [
    "/",
    "/a/fest/",
    "/healthz",
    "/api/activations",
    "/api/openapi.json",
    "/api/docs",
    "/api/no-such",
    "/admin/login/",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_carries_the_security_headers(client, published, path):
    response = client.get(path, secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["script-src"] == "'self'" and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"


def test_oversized_and_method_errors_carry_them_too(client):
    response = client.post("/api/venues", b"x" * (300 * 1024), content_type="application/json", secure=True)
    assert response.status_code == 413
    assert "Content-Security-Policy" in response and response["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_and_http_only_outside_debug(client, organizer, settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY
    response = client.post("/admin/login/?next=/admin/", {"username": "olivia", "password": "pw-for-tests-only"}, secure=True)
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/api/activations")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def _manage(*args, **env):
    # A deployment never runs with the test-only async escape hatch some browser tests set.
    unset = ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update(env)
    full_env.setdefault("DATABASE_URL", "sqlite:///" + str(ROOT / ".check-deploy.sqlite3"))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True)


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        SITE_URL="https://x.example",
        ALLOWED_HOSTS="x.example",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SMS_BACKEND="twilio",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_complain_about_a_weak_setup():
    """The test above can fail: the same command with DEBUG on and the development key warns."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1", SECRET_KEY="")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on
