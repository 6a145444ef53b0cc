"""Property-based API testing: schemathesis reads the live /api/openapi.json from the Django WSGI app
and sends generated requests (valid and invalid) to every operation — as the public, an organizer
and a kiosk device — against a real database. No answer may be a 5xx or contradict the document.

Examples per operation and caller are bounded (SCHEMATHESIS_MAX_EXAMPLES, default 10) so CI stays
within a couple of minutes; raise it locally to search harder.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.models import ApiToken
from greenroom.wsgi import application
from tests import factories
from tests.api.conftest import paired_kiosk

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
HTTPS = {"X-Forwarded-Proto": "https"}  # production settings redirect plain HTTP

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=HTTPS)
schema.config.generation.update(max_examples=MAX_EXAMPLES)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.specs.openapi.checks.status_code_conformance,
    schemathesis.specs.openapi.checks.content_type_conformance,
    schemathesis.specs.openapi.checks.response_schema_conformance,
    schemathesis.specs.openapi.checks.response_headers_conformance,
    schemathesis.specs.openapi.checks.negative_data_rejection,
]


@pytest.fixture
def keep_test_connection():
    """Called as a WSGI app, Django closes the database connection after each request; the test
    database lives in this connection's transaction, so keep it open (as Django's test client does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(db, keep_test_connection):
    """Data for the generated requests to find (small ids exist), and a header set per caller."""
    from datetime import timedelta

    from django.utils import timezone

    from core.actors import Actor
    from stock.services import stock

    org = factories.organization(name="SoundMind Collective", slug="soundmind")
    owner = factories.organizer(org, username="olivia")
    venue = factories.venue(org)
    now = timezone.now()
    activation = factories.activation(org, venue, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=2))
    session = factories.session(activation, starts_at=now + timedelta(minutes=30), capacity=3)
    factories.signup(session, display_name="Sam", email="sam@example.org")
    factories.activation(org, venue, status="draft")
    kit = factories.kit_type(org)
    booth = factories.stock_location(activation_obj=activation)
    stock.receive_kits(Actor.for_user(owner), location=booth, kit_type=kit, quantity=20)
    _, kiosk = paired_kiosk(activation)
    return {
        "public": {},
        "organizer": {"Authorization": f"Bearer {ApiToken.create_for(owner)[1]}"},
        "kiosk": {"X-Kiosk-Credential": kiosk["HTTP_X_KIOSK_CREDENTIAL"]},
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_within_its_schema(case, callers):
    for headers in callers.values():
        case.call_and_validate(headers={**HTTPS, **headers}, checks=CHECKS)
