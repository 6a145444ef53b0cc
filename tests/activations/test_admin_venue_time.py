"""The admin's date/time widgets speak venue time: no "hours ahead of server time" note beside a
venue's times, help text naming the venue's zone, and Now/Today filled from the venue's clock
(hidden while no venue is picked), in Debian's Chromium with the laptop in another zone."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from tests import factories
from tests.browser import DESKTOP

LONDON = "Europe/London"


def _organizer_with_a_london_session():
    org = factories.organization(name="Soundmind", slug="soundmind")
    venue = factories.venue(org, name="Tent", city="London", country="GB", timezone=LONDON)
    activation = factories.activation(org, venue, title="Field Day booth", slug="field-day-booth")
    session = factories.session(activation, title="Breathwork")
    user = factories.organizer(org, username="ada")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    return org, venue, activation, session, user


@pytest.mark.django_db
def test_the_session_form_marks_its_times_as_the_venues(client):
    _, _, activation, session, user = _organizer_with_a_london_session()
    client.force_login(user)
    for url in (f"/admin/activations/session/{session.pk}/change/", f"/admin/activations/activation/{activation.pk}/change/"):
        page = client.get(url).content.decode()
        assert page.count(f'data-venue-time="{LONDON}"') >= 4, url  # date and time input of starts_at and ends_at
        assert "Local time at the venue (<span data-venue-zone-name" in page and f">{LONDON}</span>)." in page
        assert re.search(r'<script src="[^"]*activations/venue-time[^"]*\.js"', page)
        assert "data-venue-zones=" in page
    add = client.get("/admin/activations/activation/add/").content.decode()
    assert 'data-venue-time=""' in add and "pick the venue first" in add


def _london_now():
    return datetime.now(ZoneInfo(LONDON))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_now_and_today_give_the_venues_clock_and_no_server_time_note(live_site, new_page, tmp_path):
    _, venue, activation, session, _ = _organizer_with_a_london_session()
    # The laptop is in Tokyo (9 hours ahead of the server's UTC, 8 or 9 ahead of London).
    page = new_page(DESKTOP | {"width": 1024}, timezone_id="Asia/Tokyo")
    page.goto(f"{live_site}/admin/login/?next=/admin/activations/session/{session.pk}/change/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_site}/admin/activations/session/{session.pk}/change/")
    page.wait_for_selector("#id_starts_at_1 + .datetimeshortcuts")
    assert page.locator(".timezonewarning").count() == 0
    assert "server time" not in page.content()
    assert f"Local time at the venue ({LONDON})." in page.locator(".field-starts_at").first.inner_text()

    page.locator("#id_starts_at_1 + .datetimeshortcuts a", has_text="Now").click()
    typed = datetime.strptime(page.input_value("#id_starts_at_1"), "%H:%M:%S")
    london = _london_now()
    assert abs((london.hour * 60 + london.minute) - (typed.hour * 60 + typed.minute)) % (24 * 60) in (0, 1, 24 * 60 - 1)
    page.locator("#id_starts_at_0 + .datetimeshortcuts a", has_text="Today").click()
    assert page.input_value("#id_starts_at_0") == _london_now().date().isoformat()
    page.click("#clocklink0")
    assert page.locator("#clockbox0 .timelist li").first.is_visible()
    page.screenshot(path=str(tmp_path / "session-admin.png"))

    # Adding an activation: no venue yet, so no zone and no Now/Today; picking the venue brings them.
    page.goto(f"{live_site}/admin/activations/activation/add/")
    page.wait_for_selector("#id_starts_at_1 + .datetimeshortcuts")
    assert page.locator(".timezonewarning").count() == 0
    now_link = page.locator("#id_starts_at_1 + .datetimeshortcuts a", has_text="Now")
    assert not now_link.is_visible()
    assert "pick the venue first" in page.locator(".field-starts_at").first.inner_text()
    page.select_option("#id_venue", str(venue.pk))
    assert now_link.is_visible()
    assert f"Local time at the venue ({LONDON})." in page.locator(".field-starts_at").first.inner_text()
    page.locator("#id_starts_at_0 + .datetimeshortcuts a", has_text="Today").click()
    assert page.input_value("#id_starts_at_0") == _london_now().date().isoformat()
    assert not page.errors, page.errors
