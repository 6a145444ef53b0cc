"""Times are stored in UTC and entered and shown in the venue's zone."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.utils import timezone

from activations.services import scheduling
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day, expected_utc_hour",
    [((2026, 7, 15), 18), ((2026, 1, 15), 19)],  # EDT (UTC-4) in summer, EST (UTC-5) in winter
)
def test_new_york_14_00_is_stored_as_utc_by_date(organizer, day, expected_utc_hour):
    actor = factories.actor_for(organizer)
    venue = factories.venue(organizer.organizations.get(), timezone="America/New_York")
    activation = scheduling.create_activation(
        actor,
        {
            "kind": "festival",
            "title": "Booth",
            "venue": venue.pk,
            "status": "published",
            "starts_at": datetime(*day, 9, 0),
            "ends_at": datetime(*day, 20, 0),
        },
    )
    session = scheduling.create_session(
        actor,
        activation.pk,
        {
            "title": "Breathwork",
            "starts_at": datetime(*day, 14, 0),
            "ends_at": datetime(*day, 14, 45),
            "capacity": 20,
            "waitlist": True,
        },
    )
    session.refresh_from_db()
    assert session.starts_at.astimezone(dt_timezone.utc).hour == expected_utc_hour
    assert timezone.localtime(session.starts_at, venue.zone).strftime("%H:%M") == "14:00"


def test_public_page_shows_venue_time_not_server_time(client, organizer):
    venue = factories.venue(organizer.organizations.get(), timezone="America/New_York")
    start = factories.local("America/New_York", 2030, 7, 15, 9, 0)
    activation = factories.activation(venue_obj=venue, starts_at=start, ends_at=start.replace(hour=20))
    factories.session(activation, title="Breathwork", starts_at=start.replace(hour=14), ends_at=start.replace(hour=14, minute=45))
    html = client.get(f"/a/{activation.slug}/").content.decode()
    assert ">14:00</time>" in html
    assert ">18:00</time>" not in html


def test_offset_given_in_api_means_that_instant(client, organizer, auth_headers):
    venue = factories.venue(organizer.organizations.get(), timezone="America/New_York")
    response = client.post(
        "/api/activations",
        {
            "kind": "panel",
            "title": "Panel",
            "venue": venue.pk,
            "status": "published",
            "starts_at": "2030-07-15T18:00:00+00:00",
            "ends_at": "2030-07-15T20:00:00Z",
        },
        content_type="application/json",
        **auth_headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2030-07-15T14:00:00-04:00"


def test_admin_form_reads_times_as_venue_time(client, organizer):
    """An organizer (server in UTC) enters 14:00 for a New York session: it is 14:00 in New York."""
    from activations.forms import session_form_for

    venue = factories.venue(organizer.organizations.get(), timezone="America/New_York")
    start = factories.local("America/New_York", 2030, 1, 15, 9, 0)
    activation = factories.activation(venue_obj=venue, starts_at=start, ends_at=start.replace(hour=20))
    Form = session_form_for(activation)
    form = Form(
        data={
            "activation": activation.pk,
            "title": "Breathwork",
            "status": "scheduled",
            "starts_at_0": "2030-01-15",
            "starts_at_1": "14:00",
            "ends_at_0": "2030-01-15",
            "ends_at_1": "14:45",
            "capacity": "20",
            "waitlist": "on",
            "max_party_size": "4",
        }
    )
    from django import forms as djforms
    from django.contrib.admin import widgets

    for name in ("starts_at", "ends_at"):
        form.fields[name] = djforms.SplitDateTimeField(widget=widgets.AdminSplitDateTime)
    assert form.is_valid(), form.errors
    session = form.save()
    assert session.starts_at.astimezone(dt_timezone.utc).hour == 19
