"""A public sign-up costs the same number of queries however many people (and kiosk leases) the
session already has: the rule counts places with aggregates under the session's lock, never row by row."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signups.models import SeatLease
from tests import factories


def _queries_for_a_sign_up(client, session, n):
    with CaptureQueriesContext(connection) as captured:
        answer = client.post(
            f"/api/sessions/{session.pk}/signups",
            data=json.dumps({"display_name": f"Newcomer {n}", "email": f"new{n}@example.org"}),
            content_type="application/json",
        )
    assert answer.status_code == 201
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_a_sign_up_costs_the_same_queries_on_a_busy_session(client):
    quiet = factories.session_starting_in(timedelta(hours=30), capacity=100)
    busy = factories.session_starting_in(timedelta(hours=30), capacity=100)
    for n in range(30):
        factories.signup(busy, email=f"p{n}@example.org")
    from kiosk.models import KioskDevice
    from django.utils import timezone

    for n in range(3):
        tablet = KioskDevice.objects.create(activation=busy.activation, name=f"Tablet {n}")
        now = timezone.now()
        SeatLease.objects.create(session=busy, kiosk=tablet, places=2, granted_at=now, expires_at=now + timedelta(minutes=30))
    _queries_for_a_sign_up(client, quiet, 0)  # warm the caches both share (rate limits, the organization)
    assert _queries_for_a_sign_up(client, busy, 1) == _queries_for_a_sign_up(client, quiet, 2) <= 16
