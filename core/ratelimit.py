"""Rate limits for public writes (sign-ups, wrong-number reports) and admin log-ins, through Django's cache.

Rates are named in `settings.GREENROOM_RATE_LIMITS` (overridable by environment) or given inline.
One limiter, three ways to use it:

- `RateLimit("signups").check(request)` anywhere: raises `RateLimited` (a GreenroomError,
  so the API answers 429 `{"detail", "code": "rate_limited"}` with `Retry-After`);
- `@rate_limited("signups")` on a plain Django view: answers 429 itself (JSON under
  /api/, a short page otherwise) and counts only unsafe methods (a GET of the form is free);
- `throttle=[PublicThrottle("signups")]` on a django-ninja operation: counts only the
  public (a kiosk or an organizer is never limited per IP: a booth's tablets share one address).

The window is a sliding-window counter: the count of this fixed window plus the previous
window's count weighted by how much of it still overlaps. Counters live in the cache
(local memory by default, Redis when `REDIS_URL` is set) under keys made of the limit's name and a
hash of the client's address, so no address is stored in clear. When Redis is unreachable
(core/resilient_cache.py) the counters move to this process's memory: the same limits, counted
per process until Redis answers again, and a warning once a minute says so.
"""

import functools
import hashlib
import math
import re
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse, JsonResponse

from ninja.throttling import BaseThrottle

from core.errors import GreenroomError
from core.resilient_cache import CacheUnavailable, log_degraded

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Where counters go while the shared cache is unreachable: this process only.
_per_process_counters = LocMemCache("greenroom-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


class RateLimited(GreenroomError):
    status = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int):
        super().__init__(detail)
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/m" → (10, 60); "100/5m" → (100, 300)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", rate or "")
    if not match or int(match[1]) < 1 or match[2] == "0":
        raise ValueError(f"Not a rate: {rate!r} (say e.g. '10/m', '100/h', '5/10m')")
    return int(match[1]), int(match[2] or 1) * UNITS[match[3]]


def client_address(request) -> str:
    """The client's IP: REMOTE_ADDR, or the address the trusted proxies saw.

    Behind N proxies (`RATELIMIT_PROXY_COUNT`, default 0) the client is the N-th address from the
    right of X-Forwarded-For; addresses further left were written by the client and can be forged.
    """
    hops = getattr(settings, "RATELIMIT_PROXY_COUNT", 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or "unknown"


class RateLimit:
    def __init__(self, name: str, rate: str | None = None, *, cache_alias: str = "default"):
        """`rate` like "10/m"; without it, `settings.GREENROOM_RATE_LIMITS[name]` (read at each use)."""
        self.name = name
        self.rate = rate
        self.cache_alias = cache_alias
        if rate is not None:
            parse_rate(rate)

    @property
    def limit(self) -> int:
        return parse_rate(self._rate())[0]

    @property
    def window(self) -> int:
        return parse_rate(self._rate())[1]

    def _rate(self) -> str:
        return self.rate or settings.GREENROOM_RATE_LIMITS[self.name]

    @property
    def cache(self):
        """The shared counters; `strict` (a ResilientRedisCache) raises when Redis is down."""
        cache = caches[self.cache_alias]
        return getattr(cache, "strict", cache)

    def _counted(self, operation):
        """Runs `operation(counters)` on the shared cache, or on this process's when it is down."""
        try:
            return operation(self.cache)
        except CacheUnavailable:
            log_degraded("Rate limits count per process while the cache is unreachable")
            return operation(_per_process_counters)

    def _key(self, who: str, window_index: int) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()[:32]
        return f"greenroom:rl:{self.name}:{digest}:{window_index}"

    def hit(self, who: str, now: float | None = None) -> tuple[bool, int]:
        """Counts one attempt by `who`. Returns (allowed, seconds until the next attempt may pass)."""
        now = time.time() if now is None else now
        return self._counted(lambda cache: self._hit(cache, who, now))

    def _hit(self, cache, who: str, now: float) -> tuple[bool, int]:
        limit, window = parse_rate(self._rate())
        index = int(now // window)
        key = self._key(who, index)
        # add() then incr() is atomic on both the local-memory cache and Redis: two workers
        # never both read 9 and write 10.
        cache.add(key, 0, timeout=window * 2 + 1)
        try:
            current = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window * 2 + 1)
            current = 1
        previous = cache.get(self._key(who, index - 1), 0)
        elapsed = now - index * window
        weighted = current + previous * (window - elapsed) / window
        if weighted <= limit:
            return True, 0
        # Wait until the weighted count drops under the limit (at the latest, the next window).
        if previous and current <= limit:
            needed = window - (limit - current) * window / previous
            wait = max(1, math.ceil(needed - elapsed))
        else:
            wait = max(1, math.ceil(window - elapsed))
        return False, wait

    def peek(self, who: str, now: float | None = None) -> bool:
        """True when `who` is currently over the limit, without counting an attempt."""
        now = time.time() if now is None else now
        limit, window = parse_rate(self._rate())
        index = int(now // window)
        current, previous = self._counted(
            lambda cache: (cache.get(self._key(who, index), 0), cache.get(self._key(who, index - 1), 0))
        )
        elapsed = now - index * window
        return current + previous * (window - elapsed) / window >= limit

    def give_back(self, who: str, now: float | None = None) -> None:
        """Un-counts one attempt of `who` in this window (an attempt counted first that turned out fine)."""
        now = time.time() if now is None else now
        key = self._key(who, int(now // self.window))

        def decrement(cache):
            try:
                if cache.incr(key, -1) < 0:
                    cache.set(key, 0, timeout=self.window * 2 + 1)
            except ValueError:  # expired meanwhile: nothing to give back
                pass

        self._counted(decrement)

    def reset(self, who: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        index = int(now // self.window)
        keys = [self._key(who, index), self._key(who, index - 1)]
        self._counted(lambda cache: cache.delete_many(keys))
        _per_process_counters.delete_many(keys)

    def check(self, request, who: str | None = None) -> None:
        """Counts this request against the client (its IP unless `who` is given); raises RateLimited."""
        allowed, wait = self.hit(who or client_address(request))
        if not allowed:
            raise RateLimited(f"Too many requests; please wait {wait} seconds and try again.", retry_after=wait)


def rate_limited_response(request, exc: RateLimited) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(exc.as_dict(), status=429)
    else:
        response = HttpResponse(
            "<!doctype html><title>Too many requests</title><p>Too many tries from your connection. "
            f"Please wait {exc.retry_after} seconds and try again.</p>",
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(exc.retry_after)
    return response


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def rate_limited(name: str, rate: str | None = None, *, methods=None):
    """Decorator for a plain Django view: counts unsafe requests (or `methods`) per client IP."""
    limit = RateLimit(name, rate)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            counted = request.method in methods if methods else request.method not in SAFE_METHODS
            if counted:
                try:
                    limit.check(request)
                except RateLimited as exc:
                    return rate_limited_response(request, exc)
            return view(request, *args, **kwargs)

        wrapper.rate_limit = limit
        return wrapper

    return decorator


class PublicThrottle(BaseThrottle):
    """A django-ninja throttle (`throttle=[PublicThrottle("signups")]`) that limits the public.

    Organizers and kiosk devices pass: they are authenticated, and a booth's tablets share one IP.
    The API's exception handler turns ninja's `Throttled` into our 429 body with Retry-After.
    """

    def __init__(self, name: str, rate: str | None = None):
        self.limit = RateLimit(name, rate)
        self._last = threading.local()  # ninja asks wait() right after allow_request(), same thread

    def allow_request(self, request) -> bool:
        actor = getattr(request, "auth", None)
        if actor is not None and not getattr(actor, "is_public", True):
            return True
        allowed, wait = self.limit.hit(client_address(request))
        self._last.wait = wait
        return allowed

    def wait(self):
        return getattr(self._last, "wait", None)
