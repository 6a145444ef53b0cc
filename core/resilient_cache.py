"""A Redis cache that degrades to "always a miss" when Redis is unreachable, instead of a 500.

The cache only speeds pages up (help pages, calendar events, card scans), so a Redis that is down,
restarting or unreachable must cost speed, never an answer. `ResilientRedisCache` is Django's
`RedisCache` with every operation guarded: a connection error or time-out reads as a miss (`get`
answers the default, `add` False, `incr` raises ValueError as for a missing key) and writes are
dropped. After a failure the cache stays away from Redis for `RETRY_INTERVAL` seconds (OPTIONS
`retry_interval`), so a dead Redis costs one short time-out per interval, not one per call; a
warning is logged once a minute, not once a request.

The rate limiter needs to know when its counters are not shared any more: it uses `cache.strict`,
the same operations raising `CacheUnavailable`, and then counts per process (core/ratelimit.py).
`/healthz` asks `cache.ping()`.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("greenroom.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_INTERVAL = 2.0  # seconds without trying Redis after a failure
LOG_INTERVAL = 60.0  # seconds between two "still down" log lines for the same thing


class CacheUnavailable(Exception):
    """Redis did not answer (raised only through `cache.strict` and `cache.ping()`)."""


_lock = threading.Lock()
_down_until: dict[str, float] = {}  # server location → time before which we do not try it
_last_logged: dict[str, float] = {}


def log_degraded(what: str, detail: str = "") -> None:
    """Logs a warning about `what` at most once a minute per process."""
    now = time.monotonic()
    with _lock:
        last = _last_logged.get(what)
        if last is not None and now - last < LOG_INTERVAL:
            return
        _last_logged[what] = now
    logger.warning("%s%s", what, f" ({detail})" if detail else "")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_interval = float(options.pop("retry_interval", RETRY_INTERVAL))
        # A Redis that is unreachable (not refused) must not hold a request for the OS's minutes.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = ",".join(self._servers)

    # --- the breaker ---------------------------------------------------------------------
    def _strictly(self, operation, *args, **kwargs):
        if time.monotonic() < _down_until.get(self._location, 0):
            raise CacheUnavailable(f"Redis at {self._location} is down")
        try:
            return operation(self, *args, **kwargs)
        except UNREACHABLE as exc:
            with _lock:
                _down_until[self._location] = time.monotonic() + self.retry_interval
            log_degraded(
                "Cache unreachable: pages are served without it, rate limits count per process",
                f"{type(exc).__name__}: {exc}",
            )
            raise CacheUnavailable(str(exc)) from exc

    def _softly(self, fallback, operation, *args, **kwargs):
        try:
            return self._strictly(operation, *args, **kwargs)
        except CacheUnavailable:
            return fallback() if callable(fallback) else fallback

    @property
    def strict(self):
        """The same cache, raising CacheUnavailable instead of behaving as a miss."""
        return _StrictView(self)

    def ping(self) -> None:
        self._strictly(lambda cache: cache._cache.get_client(None, write=True).ping())

    # --- every operation of RedisCache, guarded ----------------------------------------------
    def add(self, *args, **kwargs):
        return self._softly(False, RedisCache.add, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._softly(default, RedisCache.get, key, default, version)

    def set(self, *args, **kwargs):
        return self._softly(None, RedisCache.set, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._softly(False, RedisCache.touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._softly(False, RedisCache.delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._softly(dict, RedisCache.get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._softly(False, RedisCache.has_key, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        try:
            return self._strictly(RedisCache.incr, key, delta, version)
        except CacheUnavailable:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).") from None

    def set_many(self, data, *args, **kwargs):
        return self._softly(lambda: list(data), RedisCache.set_many, data, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._softly(None, RedisCache.delete_many, *args, **kwargs)

    def clear(self):
        return self._softly(False, RedisCache.clear)


class _StrictView:
    """`cache.strict.incr(...)`: RedisCache's own operation, raising CacheUnavailable when down."""

    def __init__(self, backend: ResilientRedisCache):
        self._backend = backend

    def __getattr__(self, name):
        return functools.partial(self._backend._strictly, getattr(RedisCache, name))
