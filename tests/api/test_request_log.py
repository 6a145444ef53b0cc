"""One log line per request — method, route pattern, status, duration — and no personal data."""

import logging
import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="greenroom.requests")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "greenroom.requests"]


def test_route_pattern_status_and_duration_are_logged(client, lines, org):
    factories.activation(org, slug="governors-ball")
    client.get("/a/governors-ball/")
    client.get("/api/activations/12345")
    assert re.fullmatch(r"GET a/<slug:slug>/ 200 \d+\.\dms", lines()[0]), lines()
    assert re.fullmatch(r"GET api/activations/<activation_id> 404 \d+\.\dms", lines()[1]), lines()


def test_no_token_query_string_email_or_address_reaches_the_log(client, lines, api_token, organizer):
    client.get(
        "/api/activations?country=US&email=fan%40example.org",
        HTTP_AUTHORIZATION=f"Bearer {api_token}",
        REMOTE_ADDR="203.0.113.77",
    )
    client.post("/admin/login/", {"username": "olivia", "password": "wrong-password"}, REMOTE_ADDR="203.0.113.77")
    client.get("/kiosk/pair/SECRETPAIRINGCODE", REMOTE_ADDR="203.0.113.77")
    text = "\n".join(lines())
    assert len(lines()) == 3
    for secret in (
        api_token,
        "fan",
        "example.org",
        "203.0.113.77",
        "country=US",
        "olivia",
        "wrong-password",
        "SECRETPAIRINGCODE",
    ):
        assert secret not in text, secret


def test_unknown_methods_are_not_echoed(client, lines):
    client.generic("X-EVIL-<script>", "/api/activations")
    assert lines()[0].startswith("OTHER ")
