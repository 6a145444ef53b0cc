"""Redis is an optimisation: with it stopped, every public page and the admin keep answering from the
database, rate limits count per process, and /healthz says "degraded" (then "ok" once it is back).

The Redis here is a real redis-server that the test starts, stops and starts again."""

import logging
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from core.ratelimit import RateLimit
from helplines.services.importer import import_helplines
from printables.models import CardBatch
from signups.models import SignUp
from tests import factories


@pytest.fixture
def redis_cache(settings, redis_server):
    backend = {
        "BACKEND": "core.resilient_cache.ResilientRedisCache",
        "LOCATION": redis_server.url,
        "OPTIONS": {"retry_interval": 0.2},
    }
    settings.CACHES = {"default": backend, "calendar": {**backend, "KEY_PREFIX": "ical"}}
    caches["default"].clear()
    return redis_server


@pytest.fixture
def site(db, organizer, org):
    import_helplines()
    now = timezone.now()
    activation = factories.activation(
        org, slug="harbor", title="Harbor Sound", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=2)
    )
    session = factories.session(activation, starts_at=now + timedelta(hours=2))
    card = CardBatch.objects.create(country="GB", language="en", count=10)
    return {"activation": activation, "session": session, "card": card}


def every_door(site, n):
    """The pages a festival depends on; returns their status codes."""
    client = Client()
    answers = {
        "/help/": client.get("/help/").status_code,
        "/help/GB/": client.get("/help/GB/").status_code,
        "/h/<code>": client.get(f"/h/{site['card'].code}").status_code,
        "calendar": client.get("/calendar/all.ics").status_code,
        "activation": client.get("/a/harbor/").status_code,
        "sign-up": client.post(
            "/a/harbor/signup/", {"session": site["session"].pk, "display_name": f"Guest {n}", "email": f"guest{n}@example.org"}
        ).status_code,
        "admin log-in": Client()
        .post("/admin/login/?next=/admin/", {"username": "olivia", "password": "pw-for-tests-only"})
        .status_code,
        "wrong log-in": Client().post("/admin/login/", {"username": "olivia", "password": "nope"}).status_code,
        "healthz": client.get("/healthz").status_code,
    }
    return answers


EXPECTED = {
    "/help/": 200,
    "/help/GB/": 200,
    "/h/<code>": 200,
    "calendar": 200,
    "activation": 200,
    "sign-up": 302,
    "admin log-in": 302,
    "wrong log-in": 200,
    "healthz": 200,
}


def test_every_page_answers_with_redis_stopped_and_health_says_degraded(redis_cache, site, caplog):
    assert every_door(site, 1) == EXPECTED
    assert Client().get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok", "queue": "immediate"}

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="greenroom.cache"):
        for n in range(2, 6):
            assert every_door(site, n) == EXPECTED
    assert SignUp.objects.filter(display_name__startswith="Guest").count() == 5
    health = Client().get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "down", "queue": "immediate"}
    # A line says so, not one per request (dozens of cache calls were made above).
    warnings = [r for r in caplog.records if r.name == "greenroom.cache"]
    assert 1 <= len(warnings) <= 2, [r.getMessage() for r in warnings]

    redis_cache.start()
    import time

    time.sleep(0.3)  # past the retry interval
    assert Client().get("/healthz").json()["status"] == "ok"
    assert every_door(site, 6) == EXPECTED
    assert caches["default"].get("helplines:directory-version") is not None  # the cache is used again


def test_rate_limits_still_hold_per_process_while_redis_is_down(redis_cache, db):
    limit = RateLimit("test-redis-down", "3/m")
    assert [limit.hit("203.0.113.9")[0] for _ in range(2)] == [True, True]
    redis_cache.stop()
    # the shared count is out of reach: this process counts from zero, with the same limit
    assert [limit.hit("203.0.113.9")[0] for _ in range(4)] == [True, True, True, False]
    assert limit.peek("203.0.113.9")


def test_admin_log_in_throttle_holds_while_redis_is_down(redis_cache, organizer):
    redis_cache.stop()
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "olivia", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    response = client.post("/admin/login/", {"username": "olivia", "password": "pw-for-tests-only"}, REMOTE_ADDR="198.51.100.7")
    assert b"Too many failed log-ins" in response.content
