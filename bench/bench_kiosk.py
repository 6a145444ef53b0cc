"""Issue 7: the kiosk's today view (/kiosk/) and its 15-second refresh (/api/kiosk/today) with 40
sessions today: server time and SQL queries per request (the count must not grow with sessions),
and the refresh endpoint's rate on gunicorn against /healthz."""

import json

from bench.common import Row, bench_database, get, gunicorn, load, run_python

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from core.actors import Actor
from activations.models import Activation, Membership, Organization, Session, Venue
from kiosk.services import pairing
from zoneinfo import ZoneInfo

# A zone where it is about midday, so 40 sessions from now on are all "today" there.
zone = min(["America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata"],
           key=lambda z: abs(timezone.localtime(timezone.now(), ZoneInfo(z)).hour - 12))
country, city = "US", "Somewhere"
org = Organization.objects.create(name="Bench", slug="bench")
user = get_user_model().objects.create_user("bench", password="x", is_staff=True)
Membership.objects.create(organization=org, user=user)
venue = Venue.objects.create(organization=org, name="Tent", city=city, country=country, timezone=zone)
now = timezone.now()
actor = Actor.for_user(user)
credentials = {}
for n in (SIZES):
    a = Activation.objects.create(organization=org, venue=venue, kind="festival", title=f"Booth {n}", slug=f"booth-{n}",
                                  status="published", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=12))
    for i in range(n):
        start = now + timedelta(minutes=5 + i * 5)
        Session.objects.create(activation=a, title=f"Workshop {i}", starts_at=start, ends_at=start + timedelta(minutes=45),
                               capacity=20, waitlist=bool(i % 2))
    credentials[n] = pairing.pair_device(pairing.create_device(actor, a.pk, f"Tablet {n}").code)[1]
print(json.dumps(credentials))
"""

MEASURE = """
import json, statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
credentials = json.loads(CREDENTIALS)
out = {}
for n, credential in credentials.items():
    client = Client(HTTP_X_KIOSK_CREDENTIAL=credential)
    for path in ("/kiosk/", "/api/kiosk/today"):
        for _ in range(5):
            client.get(path)  # warm up
        times = []
        for _ in range(40):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        out[f"{path} {n}"] = [statistics.median(times), len(queries)]
print(json.dumps(out))
"""


def run():
    rows = []
    with bench_database("kiosk") as (env, label):
        env = {**env, "SITE_URL": "http://127.0.0.1", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
        credentials = json.loads(run_python(env, SETUP.replace("SIZES", "4, 40")).strip().splitlines()[-1])
        measured = json.loads(
            run_python(env, MEASURE.replace("CREDENTIALS", repr(json.dumps(credentials)))).strip().splitlines()[-1]
        )
        with gunicorn(env) as port:
            headers = {"X-Kiosk-Credential": credentials["40"]}
            load(port, get("/api/kiosk/today", headers), clients=4, duration=1)  # warm up
            health = load(port, get("/healthz"), clients=8, duration=5)
            today = load(port, get("/api/kiosk/today", headers), clients=8, duration=5)
    for path in ("/kiosk/", "/api/kiosk/today"):
        ms40, q40 = measured[f"{path} 40"]
        ms4, q4 = measured[f"{path} 4"]
        rows.append(Row("kiosk", f"{path} server time, 40 sessions", round(ms40, 2), "ms", f"median of 40, in-process, {label}"))
        rows.append(Row("kiosk", f"{path} SQL queries, 40 sessions", q40, "queries", f"{q4} with 4 sessions"))
    rows.append(Row("kiosk", "/api/kiosk/today req/s (40 sessions)", round(today.rps, 1), "req/s", label))
    rows.append(Row("kiosk", "/api/kiosk/today p50", today.pct(50), "ms", ""))
    rows.append(Row("kiosk", "/api/kiosk/today p99", today.pct(99), "ms", ""))
    rows.append(
        Row(
            "kiosk",
            "refresh / healthz rate",
            round(today.rps / health.rps, 3),
            "ratio",
            "gunicorn 2 workers × 4 threads, 8 clients",
        )
    )
    return rows
