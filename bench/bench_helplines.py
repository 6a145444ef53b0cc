"""Issue 5: a card scan, /h/<code> (render + count), against /healthz on one gunicorn server; page bytes."""

import http.client

from bench.common import Row, bench_database, get, gunicorn, load, manage, run_python

SETUP = """
from printables.models import CardBatch
CardBatch.objects.create(code="benchgb", country="GB", language="en", count=10)
CardBatch.objects.create(code="benchjp", country="JP", language="ja", count=10)
"""
COUNT = """
from django.db.models import Sum
from printables.models import ScanCount
print(ScanCount.objects.aggregate(n=Sum("scans"))["n"] or 0)
"""


def _bytes(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.request("GET", "/static/helplines/help.css")
    css = conn.getresponse().read()
    return len(body), len(css)


def run():
    rows = []
    with bench_database("helplines") as (env, label):
        manage(env, "import_helplines")
        run_python(env, SETUP)
        with gunicorn(env) as port:
            warm = load(port, get("/h/benchgb"), clients=4, duration=1)  # warm up both workers' page caches
            health = load(port, get("/healthz"), clients=8, duration=5)
            scan = load(port, get("/h/benchgb"), clients=8, duration=5)
            html_gb, css = _bytes(port, "/help/GB/")
            html_jp, _ = _bytes(port, "/help/JP/?lang=ja")
        counted = int(run_python(env, COUNT).strip())
    for name, result in (("/healthz", health), ("/h/<code> (GB)", scan)):
        rows.append(Row("helplines", f"{name} req/s", round(result.rps, 1), "req/s", label))
        rows.append(Row("helplines", f"{name} p50", result.pct(50), "ms", ""))
        rows.append(Row("helplines", f"{name} p99", result.pct(99), "ms", ""))
    rows.append(
        Row(
            "helplines",
            "scan / healthz rate",
            round(scan.rps / health.rps, 3),
            "ratio",
            "aim ≥ 0.6; gunicorn 2 workers × 4 threads, 8 clients",
        )
    )
    answered = warm.statuses.get(200, 0) + scan.statuses.get(200, 0)
    rows.append(Row("helplines", "scans counted", counted, "scans", f"of {answered} answered 200 (none may be lost)"))
    rows.append(Row("helplines", "/help/GB/ HTML", html_gb, "bytes", "uncompressed"))
    rows.append(Row("helplines", "/help/JP/?lang=ja HTML", html_jp, "bytes", "uncompressed"))
    rows.append(Row("helplines", "help.css", css, "bytes", f"HTML+CSS GB {html_gb + css} B (limit 20,000)"))
    return rows
