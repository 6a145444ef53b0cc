"""The organizer's admin: own organization only, times typed in the venue's zone."""

from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth.models import Permission

from activations.models import Activation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    client.force_login(organizer)
    return client


def test_organizer_sees_only_their_organizations_activations(logged_in, org, other_org):
    factories.activation(org, title="Our booth")
    theirs = factories.activation(other_org, title="Their booth")
    page = logged_in.get("/admin/activations/activation/").content.decode()
    assert "Our booth" in page and "Their booth" not in page
    assert logged_in.get(f"/admin/activations/activation/{theirs.pk}/change/").status_code == 302  # not found → redirect


def test_venue_choices_are_limited_to_own_organization(logged_in, org, other_org):
    factories.venue(org, name="Our tent")
    factories.venue(other_org, name="Their tent")
    page = logged_in.get("/admin/activations/activation/add/").content.decode()
    assert "Our tent" in page and "Their tent" not in page


def test_adding_an_activation_with_a_session_in_venue_time(logged_in, org):
    venue = factories.venue(org, timezone="America/New_York")
    response = logged_in.post(
        "/admin/activations/activation/add/",
        {
            "organization": org.pk,
            "kind": "festival",
            "title": "Harbor booth",
            "slug": "harbor-booth",
            "status": "published",
            "venue": venue.pk,
            "starts_at_0": "2030-07-15",
            "starts_at_1": "09:00",
            "ends_at_0": "2030-07-15",
            "ends_at_1": "20:00",
            "description": "",
            "featured_artists": "",
            "partners": "",
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-title": "Breathwork",
            "sessions-0-status": "scheduled",
            "sessions-0-starts_at_0": "2030-07-15",
            "sessions-0-starts_at_1": "14:00",
            "sessions-0-ends_at_0": "2030-07-15",
            "sessions-0-ends_at_1": "14:45",
            "sessions-0-capacity": "20",
            "sessions-0-max_party_size": "4",
            "sessions-0-waitlist": "on",
            "sessions-0-description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activation = Activation.objects.get(slug="harbor-booth")
    assert activation.starts_at.astimezone(dt_timezone.utc).hour == 13  # 09:00 EDT
    session = activation.sessions.get()
    assert session.starts_at.astimezone(dt_timezone.utc).hour == 18  # 14:00 EDT
    # And the change form shows it back as 14:00, venue time.
    page = logged_in.get(f"/admin/activations/activation/{activation.pk}/change/").content.decode()
    assert 'value="14:00:00"' in page or 'value="14:00"' in page


def test_admin_refuses_a_session_outside_the_activation(logged_in, org):
    venue = factories.venue(org, timezone="America/New_York")
    response = logged_in.post(
        "/admin/activations/activation/add/",
        {
            "organization": org.pk,
            "kind": "festival",
            "title": "Harbor booth",
            "slug": "harbor-booth",
            "status": "published",
            "venue": venue.pk,
            "starts_at_0": "2030-07-15",
            "starts_at_1": "09:00",
            "ends_at_0": "2030-07-15",
            "ends_at_1": "20:00",
            "sessions-TOTAL_FORMS": "1",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-title": "Late",
            "sessions-0-status": "scheduled",
            "sessions-0-starts_at_0": "2030-07-15",
            "sessions-0-starts_at_1": "21:00",
            "sessions-0-ends_at_0": "2030-07-15",
            "sessions-0-ends_at_1": "22:00",
            "sessions-0-capacity": "20",
            "sessions-0-max_party_size": "4",
        },
    )
    assert response.status_code == 200
    assert "The session must fall within its activation" in response.content.decode()
    assert not Activation.objects.filter(slug="harbor-booth").exists()
