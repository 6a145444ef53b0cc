"""A festival team's admin: each session's roster, booked/free/waiting columns, the "Today" page,
country and time-zone pickers, Greenroom branding."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, organizer):
    organizer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["activations", "signups", "stock", "helplines", "kiosk"])
    )
    client.force_login(organizer)
    return client


@pytest.fixture
def workshop(org):
    now = timezone.now()
    festival = factories.activation(
        org, title="Harbor booth", starts_at=now - timedelta(hours=2), ends_at=now + timedelta(days=1)
    )
    session = factories.session(festival, title="Breathwork", starts_at=now + timedelta(minutes=30), capacity=2)
    factories.signup(session, display_name="Ari")
    factories.signup(session, display_name="Bea", status="checked_in", checked_in_at=now)
    factories.signup(session, display_name="Cass", status="waitlisted")
    return session


def test_a_sessions_page_shows_its_roster_and_the_list_shows_booked_free_waiting(team, workshop):
    page = team.get(f"/admin/activations/session/{workshop.pk}/change/").content.decode()
    assert "Roster" in page and "Ari" in page and "Bea" in page and "Cass" in page
    assert "Checked in" in page and "Search this roster" in page
    listing = team.get("/admin/activations/session/").content.decode()
    assert "Booked" in listing and "Free" in listing and "Waiting" in listing
    row = listing.split("Breathwork", 1)[1].split("</tr>", 1)[0]
    assert '<td class="field-booked">2</td>' in row and '<td class="field-free">0</td>' in row and "1 · roster" in row
    found = team.get(f"/admin/signups/signup/?session={workshop.pk}&q=cass").content.decode()
    assert "Cass" in found and "Ari" not in found


def test_the_today_page_lists_sessions_next_and_is_branded(team, workshop, org):
    page = team.get("/admin/today/").content.decode()
    assert "Next 12 hours" in page and "Breathwork" in page and "Harbor booth" in page
    assert "Low stock" in page and "Crisis lines due for re-check" in page and "Kiosks:" in page
    assert "Greenroom" in page and "for festival teams" in page and "Django administration" not in page


def test_venue_country_and_time_zone_are_pickers(team):
    page = team.get("/admin/activations/venue/add/").content.decode()
    assert '<select name="country"' in page and '<option value="GB">United Kingdom (GB)</option>' in page
    assert '<select name="timezone"' in page and '<option value="Europe/London">London</option>' in page
