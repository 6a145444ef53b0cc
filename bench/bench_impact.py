"""Issue 10: the impact report.

Time to build the report of one activation with 10,000 sign-ups (over 40 sessions) and 50,000
ledger rows (bulk-created), as the figures alone, as the PDF and as the CSV; the same figures for
a small activation beside it, so the growth is visible; and the number of SQL queries, which must
be the same for both.
"""

import json

from bench.common import Row, bench_database, run_python

SETUP = """
import json, random
from datetime import timedelta
from django.utils import timezone
from activations.models import *
from signups.models import SignUp
from stock.models import KitType, StockLocation, StockMovement
from printables.models import CardBatch, ScanCount

random.seed(10)
org = Organization.objects.create(name="Bench", slug="bench")
venue = Venue.objects.create(organization=org, name="Tent", city="New York", country="US", timezone="America/New_York")
start = timezone.now() - timedelta(days=5)

def festival(slug, sessions, signups, movements):
    fest = Activation.objects.create(organization=org, venue=venue, kind="festival", title=slug, slug=slug,
                                     status="published", starts_at=start, ends_at=start + timedelta(days=3))
    rows = [Session(activation=fest, title=f"Workshop {i}", starts_at=start + timedelta(hours=1 + i), ends_at=start + timedelta(hours=2 + i),
                    capacity=300, waitlist=True) for i in range(sessions)]
    Session.objects.bulk_create(rows)
    rows = list(fest.sessions.all())
    statuses = ["checked_in"] * 6 + ["no_show"] * 2 + ["confirmed", "cancelled"]
    people = []
    for i in range(signups):
        status = statuses[i % len(statuses)]
        people.append(SignUp(session=rows[i % len(rows)], display_name=f"P{i}", status=status, token=f"{slug}-{i:08d}-token"))
    for i in range(signups // 20):
        people.append(SignUp(session=rows[i % len(rows)], display_name=f"W{i}", status="waitlisted", waitlist_position=i // len(rows) + 1,
                             token=f"{slug}-w{i:08d}-token"))
    SignUp.objects.bulk_create(people, batch_size=5000)
    places = [StockLocation.objects.create(organization=org, name=f"{slug} booth {i}", activation=fest) for i in range(2)]
    kits = [KitType.objects.create(organization=org, name=f"{slug} kit {i}") for i in range(3)]
    ledger = [StockMovement(kind="receive", kit_type=k, location=p, quantity=100_000, actor="bench", created_at=start)
              for p in places for k in kits]
    for i in range(movements - len(ledger)):
        ledger.append(StockMovement(kind=("distribute", "distribute", "distribute", "write_off")[i % 4], kit_type=kits[i % 3],
                                    location=places[i % 2], quantity=-1, actor="bench",
                                    created_at=start + timedelta(minutes=(i * 7) % (3 * 24 * 60))))
    StockMovement.objects.bulk_create(ledger, batch_size=5000)
    batch = CardBatch.objects.create(organization=org, activation=fest, country="US", language="en", count=500)
    ScanCount.objects.bulk_create([ScanCount(batch=batch, day=(start + timedelta(days=d)).date(), scans=random.randint(0, 90)) for d in range(20)])
    return fest.slug

print(json.dumps({"big": festival("big-fest", 40, 10_000, 50_000), "small": festival("small-fest", 4, 100, 500)}))
"""

MEASURE = """
import json, time, statistics
from django.db import connection
from django.test.utils import CaptureQueriesContext
from impact.figures import activation_report
from impact.pdf import render_pdf
from impact.export import render_csv
from activations.models import Activation

out = {}
for slug in ("big-fest", "small-fest"):
    activation = Activation.objects.select_related("venue", "organization").get(slug=slug)
    activation_report(activation)  # warm caches (fonts, zone data)
    times, pdf, csv = [], [], []
    for _ in range(5):
        t = time.perf_counter(); report = activation_report(activation); times.append(time.perf_counter() - t)
        t = time.perf_counter(); render_pdf(report); pdf.append(time.perf_counter() - t)
        t = time.perf_counter(); render_csv(report); csv.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as q:
        report = activation_report(activation)
    out[slug] = {"figures": statistics.median(times), "pdf": statistics.median(pdf), "csv": statistics.median(csv),
                 "queries": len(q), "signups": report.booked, "handed_out": report.handed_out}
print(json.dumps(out))
"""


def run() -> list[Row]:
    rows = []
    with bench_database("impact") as (env, label):
        run_python(env, SETUP)
        result = json.loads(run_python(env, MEASURE).strip().splitlines()[-1])
        big, small = result["big-fest"], result["small-fest"]
        note = f"{label}; 10,000 sign-ups, 50,000 ledger rows"
        rows += [
            Row("impact", "build figures (big activation)", big["figures"] * 1000, "ms", note),
            Row("impact", "render PDF (big activation)", big["pdf"] * 1000, "ms", note),
            Row("impact", "render CSV (big activation)", big["csv"] * 1000, "ms", note),
            Row(
                "impact",
                "build figures (small activation)",
                small["figures"] * 1000,
                "ms",
                f"{label}; 100 sign-ups, 500 ledger rows",
            ),
            Row("impact", "SQL queries, big vs small", big["queries"], "queries", f"small: {small['queries']} (must be equal)"),
        ]
    return rows
