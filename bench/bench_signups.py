"""Issue 3: sign-ups per second through the API with 16 clients, against /healthz in the same run,
and the number of oversold places afterwards (must be 0).

Two loads: sign-ups spread over a festival's 20 workshops (the usual day), and all 16 clients on
one workshop (the rush for the last mats, every request waiting for the same session lock).
"""

import json

from bench.common import Load, Row, bench_database, get, gunicorn, load, run_python

SESSIONS = 20
CLIENTS = 16
SECONDS = 6
ROUNDS = 3
WORKERS, THREADS = 2, 4
RAISED_LIMITS = {
    "GREENROOM_RATE_SIGNUPS": "1000000/m",
    "GREENROOM_RATE_SIGNUPS_PER_CLIENT_SESSION": "1000000/m",
    "GREENROOM_RATE_SIGNUPS_PER_EMAIL": "1000000/m",
}

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from activations.models import *
org = Organization.objects.create(name="Bench", slug="bench")
venue = Venue.objects.create(organization=org, name="Tent", city="New York", country="US", timezone="America/New_York")
start = timezone.now() + timedelta(days=1)
a = Activation.objects.create(organization=org, venue=venue, kind="festival", title="Bench Fest", slug="bench-fest",
                              status="published", starts_at=start, ends_at=start + timedelta(days=2))
ids = [Session.objects.create(activation=a, title=f"Workshop {{i}}", starts_at=start + timedelta(hours=i),
                              ends_at=start + timedelta(hours=i, minutes=45), capacity=40, waitlist=True).pk
       for i in range({SESSIONS} + 1)]
print(",".join(map(str, ids)))
"""

CHECK = """
from django.db.models import Count, Q
from activations.models import Session
from signups.models import SignUp
oversold = gaps = total = 0
for s in Session.objects.annotate(
        taken=Count("signups", filter=Q(signups__status__in=SignUp.PLACE_HOLDING)),
        queued=Count("signups", filter=Q(signups__status="waitlisted"))):
    oversold += max(0, s.taken - s.capacity)
    positions = sorted(SignUp.objects.filter(session=s, status="waitlisted").values_list("waitlist_position", flat=True))
    gaps += positions != list(range(1, len(positions) + 1))
    total += s.taken + s.queued
print(oversold, gaps, total)
"""


def _sign_up(session_ids):
    headers = {"Content-Type": "application/json"}

    def make(i):
        body = json.dumps({"display_name": f"Bench {i}"}).encode()
        return "POST", f"/api/sessions/{session_ids[i % len(session_ids)]}/signups", body, headers

    return make


def _combined(loads: list[Load]) -> Load:
    statuses: dict = {}
    for part in loads:
        for status, n in part.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return Load(sum(p.requests for p in loads), sum(p.seconds for p in loads), [t for p in loads for t in p.latencies], statuses)


def run():
    rows = []
    with bench_database("signups") as (env, label):
        # This measures capacity, not the abuse limits: one address sends every request, so the
        # public sign-up limits (signups/limits.py) are raised for the bench and the table says so.
        env = {**env, **RAISED_LIMITS}
        ids = [int(x) for x in run_python(env, SETUP).strip().split(",")]
        spread, hot = ids[:SESSIONS], ids[SESSIONS:]
        with gunicorn(env, workers=WORKERS, threads=THREADS) as port:
            load(port, get("/healthz"), clients=4, duration=1)  # warm up
            # Short rounds taken in turn, so a busy moment on a shared machine weighs on all three alike.
            health, many, one = [], [], []
            for _ in range(ROUNDS):
                health.append(load(port, get("/healthz"), clients=CLIENTS, duration=SECONDS / ROUNDS))
                many.append(load(port, _sign_up(spread), clients=CLIENTS, duration=SECONDS / ROUNDS))
                one.append(load(port, _sign_up(hot), clients=CLIENTS, duration=SECONDS / ROUNDS))
            health, many, one = _combined(health), _combined(many), _combined(one)
        oversold, gaps, stored = (int(x) for x in run_python(env, CHECK).split())
    for name, result in (("/healthz", health), (f"sign-up, {SESSIONS} workshops", many), ("sign-up, 1 workshop", one)):
        rows.append(Row("signups", f"{name} req/s", round(result.rps, 1), "req/s", label))
        rows.append(Row("signups", f"{name} p50", round(result.pct(50), 1), "ms", ""))
        rows.append(Row("signups", f"{name} p99", round(result.pct(99), 1), "ms", ""))
    note = f"gunicorn {WORKERS} workers × {THREADS} threads, {CLIENTS} clients, sign-up rate limits raised"
    rows.append(Row("signups", f"sign-up ({SESSIONS} workshops) / healthz rate", round(many.rps / health.rps, 3), "ratio", note))
    rows.append(Row("signups", "sign-up (1 workshop) / healthz rate", round(one.rps / health.rps, 3), "ratio", note))
    answered = {**{f"{k}": v for k, v in many.statuses.items()}}
    for k, v in one.statuses.items():
        answered[str(k)] = answered.get(str(k), 0) + v
    sent = many.requests + one.requests
    rows.append(
        Row(
            "signups",
            "sign-ups answered 201",
            answered.get("201", 0),
            "requests",
            f"of {sent}; others: " + (", ".join(f"{k}×{v}" for k, v in answered.items() if k != "201") or "none"),
        )
    )
    rows.append(Row("signups", "sign-ups stored", stored, "rows", "must equal the 201s"))
    rows.append(Row("signups", "oversold places", oversold, "places", "must be 0"))
    rows.append(Row("signups", "waiting lists with gaps", gaps, "sessions", "must be 0"))
    return rows
