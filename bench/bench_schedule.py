"""Issue 2: the public activation page (20 sessions) against /healthz on one gunicorn server."""

from bench.common import Row, bench_database, get, gunicorn, load, run_python

SETUP = """
from datetime import timedelta
from django.utils import timezone
from activations.models import *
org = Organization.objects.create(name="Bench", slug="bench")
venue = Venue.objects.create(organization=org, name="Tent", city="New York", country="US", timezone="America/New_York")
start = timezone.now() + timedelta(days=1)
a = Activation.objects.create(organization=org, venue=venue, kind="festival", title="Bench Fest", slug="bench-fest",
                              status="published", starts_at=start, ends_at=start + timedelta(days=2))
for i in range(20):
    Session.objects.create(activation=a, title=f"Workshop {i}", starts_at=start + timedelta(hours=i),
                           ends_at=start + timedelta(hours=i, minutes=45), capacity=20)
"""


def run():
    rows = []
    with bench_database("schedule") as (env, label):
        run_python(env, SETUP)
        with gunicorn(env) as port:
            load(port, get("/a/bench-fest/"), clients=4, duration=1)  # warm up
            health = load(port, get("/healthz"), clients=8, duration=5)
            page = load(port, get("/a/bench-fest/"), clients=8, duration=5)
    for name, result in (("/healthz", health), ("/a/<slug>/ (20 sessions)", page)):
        rows.append(Row("schedule", f"{name} req/s", round(result.rps, 1), "req/s", label))
        rows.append(Row("schedule", f"{name} p50", result.pct(50), "ms", ""))
        rows.append(Row("schedule", f"{name} p99", result.pct(99), "ms", ""))
    rows.append(
        Row(
            "schedule",
            "page / healthz rate",
            round(page.rps / health.rps, 3),
            "ratio",
            "gunicorn 2 workers × 4 threads, 8 clients",
        )
    )
    return rows
