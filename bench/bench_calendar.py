"""Issue 8: /calendar/all.ics with 1,000 sessions — cold (nothing cached), after one session
changed, unchanged (whole feed cached), the 304 path, and over HTTP on gunicorn; plus SQL
queries per request at 100 and at 1,000 sessions (they must be equal)."""

import http.client
import json
import time

from bench.common import Row, bench_database, gunicorn, run_python

SETUP = """
from datetime import timedelta
from django.utils import timezone
from activations.models import *
org = Organization.objects.create(name="Bench", slug="bench")
zones = [("America/New_York", "US", "New York"), ("Europe/London", "GB", "London"),
         ("Europe/Berlin", "DE", "Berlin"), ("America/Los_Angeles", "US", "Los Angeles")]
start = timezone.now() + timedelta(days=1)
n = 0
for i in range(20):
    zone, country, city = zones[i % 4]
    venue = Venue.objects.create(organization=org, name=f"Tent {i}", address=f"{i} Festival Way", city=city,
                                 country=country, timezone=zone, latitude="40.790000", longitude="-73.920000")
    a = Activation.objects.create(organization=org, venue=venue, kind="festival", title=f"Bench Fest {i}",
                                  slug=f"bench-fest-{i}", status="published", starts_at=start,
                                  ends_at=start + timedelta(days=200), description="A wellness booth. " * 5)
    Session.objects.bulk_create([
        Session(activation=a, title=f"Workshop {j}", description="Breathing, rest and a cup of tea. " * 3,
                starts_at=start + timedelta(hours=4 * j), ends_at=start + timedelta(hours=4 * j, minutes=45), capacity=20)
        for j in range({per_activation})
    ])
"""

MEASURE = """
import json, statistics, time
from datetime import timedelta
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from activations.models import Session

client = Client(HTTP_HOST="localhost")
URL = "/calendar/all.ics"

CPU = {{}}

def timed(**headers):
    t, c = time.perf_counter(), time.process_time()
    response = client.get(URL, **headers)
    CPU.setdefault(CURRENT[0], []).append((time.process_time() - c) * 1000)
    return (time.perf_counter() - t) * 1000, response

CURRENT = ["warm-up"]

def median(samples):
    return round(statistics.median(samples), 2)

out = {{"sessions": Session.objects.count()}}
cold = []
timed()  # the process's first request loads country names and time-zone rules once
CURRENT[0] = "cold"
for _ in range({repeats}):
    caches["calendar"].clear()
    ms, response = timed()
    cold.append(ms)
out["cold_ms"] = median(cold)
out["bytes"] = len(response.content)
out["etag"] = response["ETag"]

CURRENT[0] = "changed"
changed = []
session = Session.objects.order_by("pk")[out["sessions"] // 2]
for i in range({repeats}):
    session.title = f"Moved workshop {{i}}"
    session.starts_at += timedelta(minutes=5)
    session.save()
    ms, response = timed()
    changed.append(ms)
out["changed_ms"] = median(changed)
out["changed_sequence"] = Session.objects.get(pk=session.pk).sequence

CURRENT[0] = "unchanged"
same = [timed()[0] for _ in range({repeats})]
out["unchanged_ms"] = median(same)

etag = response["ETag"]
CURRENT[0] = "not_modified"
not_modified = []
for _ in range({repeats} * 5):
    ms, r = timed(HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 304
    not_modified.append(ms)
out["not_modified_ms"] = median(not_modified)

for name, samples in CPU.items():
    out[name + "_cpu_ms"] = median(samples)
caches["calendar"].clear()
with CaptureQueriesContext(connection) as ctx:
    client.get(URL)
out["queries_200"] = len(ctx.captured_queries)
with CaptureQueriesContext(connection) as ctx:
    client.get(URL, HTTP_IF_NONE_MATCH=etag)
out["queries_304"] = len(ctx.captured_queries)
print(json.dumps(out))
"""


def _measure(env, repeats=5):
    return json.loads(run_python(env, MEASURE.format(repeats=repeats)).strip().splitlines()[-1])


def _http(port, path, headers=None, times=50):
    samples = []
    for _ in range(times):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t = time.perf_counter()
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        samples.append((time.perf_counter() - t) * 1000)
        etag = response.getheader("ETag")
        conn.close()
    samples.sort()
    return samples[len(samples) // 2], response.status, len(body), etag


def run():
    rows = []
    with bench_database("calendar_small") as (env, label):
        run_python(env, SETUP.replace("{per_activation}", "5"))
        small = _measure(env, repeats=1)
    with bench_database("calendar") as (env, label):
        run_python(env, SETUP.replace("{per_activation}", "50"))
        big = _measure(env)
        with gunicorn(env, workers=1, threads=2) as port:
            _http(port, "/calendar/all.ics", times=2)  # warm the worker
            full_ms, _, size, etag = _http(port, "/calendar/all.ics", times=20)
            nm_ms, status, _, _ = _http(port, "/calendar/all.ics", {"If-None-Match": etag}, times=100)
    import os

    note = f"{big['sessions']:,} sessions + 20 activations; load avg {os.getloadavg()[0]:.1f}"
    cpu = "CPU {:.1f} ms"
    rows += [
        Row("calendar", "all.ics cold (nothing cached)", big["cold_ms"], "ms", note),
        Row("calendar", "all.ics cold, CPU time", big["cold_cpu_ms"], "ms", "median; less sensitive to a busy machine"),
        Row(
            "calendar",
            "all.ics after one session changed",
            big["changed_ms"],
            "ms",
            f"SEQUENCE now {big['changed_sequence']}; " + cpu.format(big["changed_cpu_ms"]),
        ),
        Row("calendar", "all.ics unchanged (whole feed cached)", big["unchanged_ms"], "ms", cpu.format(big["unchanged_cpu_ms"])),
        Row(
            "calendar",
            "all.ics 304 (If-None-Match)",
            big["not_modified_ms"],
            "ms",
            "in-process; " + cpu.format(big["not_modified_cpu_ms"]),
        ),
        Row("calendar", "all.ics bytes", big["bytes"], "B", ""),
        Row(
            "calendar",
            "SQL queries, 200",
            big["queries_200"],
            "queries",
            f"{small['queries_200']} at {small['sessions']} sessions",
        ),
        Row(
            "calendar",
            "SQL queries, 304",
            big["queries_304"],
            "queries",
            f"{small['queries_304']} at {small['sessions']} sessions",
        ),
        Row("calendar", "HTTP all.ics 200 p50 (gunicorn)", round(full_ms, 2), "ms", f"{size:,} B"),
        Row("calendar", "HTTP all.ics 304 p50 (gunicorn)", round(nm_ms, 2), "ms", f"status {status}; {label}"),
    ]
    return rows
