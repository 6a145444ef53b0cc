"""/healthz: 200 while the database answers, with each dependency's state; 503 when it does not.

`{"status": "ok" | "degraded", "database": "ok", "cache": …, "queue": …}`:
- cache: "ok" (Redis answers), "down" (unreachable: pages are served without it, rate limits count
  per process, core/resilient_cache.py), or "local" (no REDIS_URL: each process has its own);
- queue: "ok", "stalled" (messages have waited more than QUEUE_STALLED_AFTER for a worker: is
  `manage.py worker` running?), or "immediate" (delivered in the request, no worker needed).
A down cache or a stalled queue is "degraded": the site answers, something needs a look.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.resilient_cache import CacheUnavailable

QUEUE_STALLED_AFTER = timedelta(minutes=10)


def _cache_state() -> str:
    states = set()
    for alias in settings.CACHES:
        cache = caches[alias]
        if not hasattr(cache, "ping"):
            states.add("local" if "locmem" in settings.CACHES[alias]["BACKEND"].lower() else "ok")
            continue
        try:
            cache.ping()
            states.add("ok")
        except CacheUnavailable:
            states.add("down")
    for state in ("down", "local"):
        if state in states:
            return state
    return "ok"


def _queue_state() -> str:
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return "immediate"
    from django_tasks_db.models import DBTaskResult, get_date_max

    stale = timezone.now() - QUEUE_STALLED_AFTER
    waiting = DBTaskResult.objects.ready().filter(Q(run_after__lte=stale) | Q(run_after=get_date_max(), enqueued_at__lte=stale))
    return "stalled" if waiting.exists() else "ok"


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = _queue_state()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    cache = _cache_state()
    degraded = cache == "down" or queue == "stalled"
    return JsonResponse({"status": "degraded" if degraded else "ok", "database": "ok", "cache": cache, "queue": queue})
