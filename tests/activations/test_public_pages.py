"""The public schedule: published things only, cancelled shown as cancelled, fixed query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_drafts_are_hidden(client, org):
    factories.activation(org, title="Secret draft", slug="secret-draft", status="draft")
    factories.activation(org, title="Open day", slug="open-day", status="published")
    html = client.get("/").content.decode()
    assert "Open day" in html and "Secret draft" not in html
    assert client.get("/a/secret-draft/").status_code == 404
    assert client.get("/a/open-day/").status_code == 200


def test_cancelled_activation_shows_as_cancelled(client, org):
    factories.activation(org, title="Rained off", slug="rained-off", status="cancelled")
    assert "Cancelled" in client.get("/").content.decode()
    assert "This activation has been cancelled." in client.get("/a/rained-off/").content.decode()


def test_past_activations_are_not_upcoming(client, org):
    past = timezone.now() - timedelta(days=10)
    factories.activation(org, title="Long gone", starts_at=past, ends_at=past + timedelta(hours=3))
    assert "Long gone" not in client.get("/").content.decode()


def test_upcoming_groups_by_venue_date(client, org):
    venue = factories.venue(org, timezone="Asia/Tokyo", city="Tokyo", country="JP")
    # 23:30 UTC on 1 Jun is 08:30 on 2 Jun in Tokyo: grouped under 2 June.
    start = factories.local("UTC", 2030, 6, 1, 23, 30)
    factories.activation(venue_obj=venue, title="Tokyo morning", starts_at=start, ends_at=start + timedelta(hours=3))
    html = client.get("/").content.decode()
    assert "Sunday, 2 June 2030" in html  # CLDR (core.dates), in the page language


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_of_upcoming_does_not_grow(client, org):
    venue = factories.venue(org)
    factories.activation(venue_obj=venue)
    one = _count_queries(client, "/")
    for _ in range(19):
        factories.activation(venue_obj=factories.venue(org))
    assert _count_queries(client, "/") == one


def test_query_count_of_activation_page_does_not_grow(client, org):
    activation = factories.activation(org, slug="festival")
    factories.session(activation)
    one = _count_queries(client, "/a/festival/")
    for _ in range(19):
        factories.session(activation)
    assert _count_queries(client, "/a/festival/") == one


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
