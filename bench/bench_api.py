"""Issue 9: GET /api/activations over 1,000 activations — latency on gunicorn and SQL queries per page.

The query count must not grow with the page size: 10, 50 and 200 items per page cost the same
number of queries (a COUNT and one SELECT joined to the venue, plus the caller's credential).
"""

import json

from bench.common import Row, bench_database, get, gunicorn, load, run_python

SETUP = """
from datetime import timedelta
from django.utils import timezone
from activations.models import Activation, Membership, Organization, Venue
from django.contrib.auth import get_user_model
from api.models import ApiToken
org = Organization.objects.create(name="Bench", slug="bench")
user = get_user_model().objects.create_user("bench", password="x", is_staff=True)
Membership.objects.create(organization=org, user=user)
zones = ["America/New_York", "Europe/London", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo"]
venues = [Venue.objects.create(organization=org, name=f"Venue {i}", city="City", country="US", timezone=zones[i % 5])
          for i in range(20)]
start = timezone.now()
Activation.objects.bulk_create([
    Activation(organization=org, venue=venues[i % 20], kind="festival", title=f"Activation {i}", slug=f"activation-{i}",
               status="published", starts_at=start + timedelta(hours=i), ends_at=start + timedelta(hours=i + 5))
    for i in range(1000)
])
print(ApiToken.create_for(user)[1])
"""

COUNT_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
token = {token!r}
out = {{}}
for who, headers in (("public", {{}}), ("organizer", {{"HTTP_AUTHORIZATION": "Bearer " + token}})):
    for limit in (10, 50, 200):
        client.get("/api/activations?limit=1", secure=True, **headers)  # warm (token's last-used time, caches)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/activations?limit={{limit}}", secure=True, **headers)
        assert response.status_code == 200, response.content
        assert len(response.json()["items"]) == limit
        out[f"{{who}} {{limit}}"] = len(queries)
print(json.dumps(out))
"""


def run():
    rows = []
    with bench_database("api") as (env, label):
        token = run_python(env, SETUP).strip().splitlines()[-1]
        counts = json.loads(run_python(env, COUNT_QUERIES.format(token=token)).strip().splitlines()[-1])
        with gunicorn(env) as port:
            load(port, get("/api/activations?limit=50"), clients=4, duration=1)  # warm up
            public = load(port, get("/api/activations?limit=50&offset=500"), clients=8, duration=5)
            organizer = load(
                port, get("/api/activations?limit=50&offset=500", {"Authorization": f"Bearer {token}"}), clients=8, duration=5
            )
            health = load(port, get("/healthz"), clients=8, duration=3)
    for name, result in (("public", public), ("organizer token", organizer)):
        ok = result.statuses.get(200, 0)
        rows.append(Row("api", f"GET /api/activations 50/page ({name}) p50", result.pct(50), "ms", label))
        rows.append(
            Row(
                "api",
                f"GET /api/activations 50/page ({name}) p99",
                result.pct(99),
                "ms",
                f"{result.rps:.0f} req/s, {ok}/{result.requests} answered 200",
            )
        )
    rows.append(Row("api", "/healthz p50 (same server)", health.pct(50), "ms", f"{health.rps:.0f} req/s"))
    for key, value in counts.items():
        rows.append(Row("api", f"SQL queries, {key} per page", value, "queries", "1,000 activations"))
    return rows
