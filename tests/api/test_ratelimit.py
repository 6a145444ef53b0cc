"""The rate limiter: per client, sliding window, 429 with Retry-After, through Django's cache —
the local-memory cache and the machine's Redis."""

import os
import threading
import uuid

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.ratelimit import PublicThrottle, RateLimit, RateLimited, client_address, parse_rate, rate_limited

REDIS_URL = os.environ.get("GREENROOM_TEST_REDIS_URL")


def test_parse_rate():
    assert parse_rate("10/m") == (10, 60)
    assert parse_rate("5/15m") == (5, 900)
    assert parse_rate("100/h") == (100, 3600)
    for bad in ("ten per minute", "10/", "0/m", "10/0m", "10/y"):
        with pytest.raises(ValueError):
            parse_rate(bad)


CACHE_BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-tests"},
}
if REDIS_URL:
    CACHE_BACKENDS["redis"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}


@pytest.fixture(params=["locmem", "redis"])
def limiter_cache(request, settings):
    if request.param not in CACHE_BACKENDS:
        pytest.skip("GREENROOM_TEST_REDIS_URL is not set (.ci/run sets it when Redis answers on 127.0.0.1:6379)")
    # A fresh key prefix instead of clear(): the Redis database may be shared with other test runs.
    settings.CACHES = {**settings.CACHES, "limits": {**CACHE_BACKENDS[request.param], "KEY_PREFIX": uuid.uuid4().hex}}
    yield "limits"


def test_limit_is_per_client_and_answers_how_long_to_wait(limiter_cache):
    limit = RateLimit("test-signups", "3/m", cache_alias=limiter_cache)
    now = 1_000_000 * 60 + 5  # 5 s into a window
    assert [limit.hit("1.1.1.1", now)[0] for _ in range(3)] == [True, True, True]
    allowed, wait = limit.hit("1.1.1.1", now)
    assert not allowed and 1 <= wait <= 60
    assert limit.hit("2.2.2.2", now) == (True, 0)  # another client is not affected


def test_window_slides_rather_than_resetting_at_the_boundary(limiter_cache):
    limit = RateLimit("test-slide", "4/m", cache_alias=limiter_cache)
    start = 2_000_000 * 60
    for _ in range(4):
        assert limit.hit("ip", start + 50)[0]  # 4 attempts late in one window
    # 15 s into the next window, 3/4 of the last window still counts: 4*0.75 = 3, so one more passes…
    assert limit.hit("ip", start + 60 + 15)[0]
    # …but not a second (1 + 3 + 1 > 4)
    assert not limit.hit("ip", start + 60 + 15)[0]
    # two windows later everything has slid out
    assert limit.hit("ip", start + 180)[0]


def test_concurrent_hits_never_let_more_through_than_the_limit(limiter_cache):
    limit = RateLimit("test-race", "25/h", cache_alias=limiter_cache)
    results = []
    lock = threading.Lock()

    def attempt():
        for _ in range(10):
            allowed, _ = limit.hit("same-ip", 3_000_000 * 3600 + 10)
            with lock:
                results.append(allowed)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 25 and len(results) == 80


def test_check_raises_rate_limited_with_retry_after(limiter_cache):
    limit = RateLimit("test-check", "1/h", cache_alias=limiter_cache)
    request = RequestFactory().post("/api/sessions/1/signups", REMOTE_ADDR="10.0.0.7")
    limit.check(request)
    with pytest.raises(RateLimited) as refused:
        limit.check(request)
    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert 1 <= refused.value.retry_after <= 3600


def test_decorated_django_view_answers_429_and_counts_only_writes(db):
    @rate_limited("test-form", "2/m")
    def form_view(request):
        return HttpResponse("ok")

    rf = RequestFactory()
    for _ in range(5):
        assert form_view(rf.get("/a/fest/", REMOTE_ADDR="10.0.0.1")).status_code == 200
    assert [form_view(rf.post("/a/fest/", REMOTE_ADDR="10.0.0.1")).status_code for _ in range(3)] == [200, 200, 429]
    refused = form_view(rf.post("/a/fest/", REMOTE_ADDR="10.0.0.1"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert b"Please wait" in refused.content
    assert form_view(rf.post("/a/fest/", REMOTE_ADDR="10.0.0.2")).status_code == 200
    api = form_view(rf.post("/api/x", REMOTE_ADDR="10.0.0.1"))
    assert api.status_code == 429 and api["Content-Type"] == "application/json"


def test_public_throttle_spares_kiosks_and_organizers(db):
    from core.actors import PUBLIC, Actor

    throttle = PublicThrottle("test-throttle", "1/h")
    rf = RequestFactory()

    def request_as(actor):
        request = rf.post("/api/sessions/1/signups", REMOTE_ADDR="10.9.9.9")
        request.auth = actor
        return request

    kiosk = Actor(device=object(), organization_ids=frozenset({1}))
    assert all(throttle.allow_request(request_as(kiosk)) for _ in range(5))
    assert throttle.allow_request(request_as(PUBLIC))
    assert not throttle.allow_request(request_as(PUBLIC))
    assert throttle.wait() >= 1


@override_settings(RATELIMIT_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_last_forwarded_address():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"  # the left one was written by the client: ignored


def test_without_proxy_setting_forwarded_for_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "10.0.0.1"


def test_rate_from_settings_can_change_without_restart(settings):
    settings.GREENROOM_RATE_LIMITS = {**settings.GREENROOM_RATE_LIMITS, "signups": "2/m"}
    assert RateLimit("signups").limit == 2
