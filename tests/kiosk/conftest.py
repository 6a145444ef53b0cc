"""Kiosk fixtures: a festival booth today in New York, a paired tablet, its API headers."""

from datetime import timedelta

import pytest

from tests.browser import close_loop_connections
from django.utils import timezone

from core.actors import Actor
from kiosk.services import pairing, staff_pin
from tests import factories

# Where the booth is: the place among these where it is nearest midday now, so that "today's
# sessions" (an hour or two from now, venue time) never straddle midnight, whenever tests run.
PLACES = [
    ("US", "America/New_York", "New York"),
    ("US", "America/Los_Angeles", "Los Angeles"),
    ("GB", "Europe/London", "London"),
    ("DE", "Europe/Berlin", "Berlin"),
    ("JP", "Asia/Tokyo", "Tokyo"),
    ("AU", "Australia/Sydney", "Sydney"),
    ("IN", "Asia/Kolkata", "Mumbai"),
    ("NZ", "Pacific/Auckland", "Auckland"),
]


def place_near_midday(now=None):
    from zoneinfo import ZoneInfo

    now = now or timezone.now()

    def distance(place):
        local = timezone.localtime(now, ZoneInfo(place[1]))
        return abs(local.hour + local.minute / 60 - 12)

    return min(PLACES, key=distance)


@pytest.fixture
def festival(org):
    """A booth running from two hours ago until tomorrow, where it is about midday now."""
    country, zone, city = place_near_midday()
    venue = factories.venue(org, name="Harbor Tent", city=city, country=country, timezone=zone)
    now = timezone.now()
    return factories.activation(
        org,
        venue,
        title="Harbor Sound Booth",
        slug="harbor-sound",
        starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(days=1),
    )


@pytest.fixture
def organizer_actor(organizer):
    return Actor.for_user(organizer)


@pytest.fixture
def device_and_credential(festival, organizer_actor):
    created = pairing.create_device(organizer_actor, festival.pk, "Booth tablet 1")
    device, credential = pairing.pair_device(created.code)
    return device, credential


@pytest.fixture
def device(device_and_credential):
    return device_and_credential[0]


@pytest.fixture
def kiosk_headers(device_and_credential):
    return {"HTTP_X_KIOSK_CREDENTIAL": device_and_credential[1]}


@pytest.fixture
def device_with_pin(device, organizer_actor):
    staff_pin.set_pin(organizer_actor, device.pk, "246813")
    device.refresh_from_db()
    return device


# --- End-to-end (browser) fixtures: the tablet, on the shared ones in tests/browser.py ------------


def _tablet(chromium, live_site, bypass_csp):
    from tests.browser import PORTRAIT

    context = chromium.new_context(viewport=PORTRAIT, base_url=live_site, bypass_csp=bypass_csp)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    return context, page, errors


@pytest.fixture
def tablet(chromium, live_site):
    """A fresh portrait tablet with the site's Content-Security-Policy enforced."""
    context, page, errors = _tablet(chromium, live_site, bypass_csp=False)
    yield page
    context.close()
    close_loop_connections()
    assert not errors, errors


@pytest.fixture
def axe_tablet(chromium, live_site):
    """The same, but the CSP is bypassed so that the tests can inject axe-core."""
    context, page, errors = _tablet(chromium, live_site, bypass_csp=True)
    yield page
    context.close()
    close_loop_connections()
    assert not errors, errors


def pair_tablet(page, organizer_actor, activation, name="Booth tablet"):
    """Creates a device and pairs the page's browser to it through the pairing page."""
    created = pairing.create_device(organizer_actor, activation.pk, name)
    page.goto(created.path)
    page.get_by_role("button", name="Pair this device").click()
    page.wait_for_url("**/kiosk/")
    page.locator("#k-sessions").wait_for()
    return created.device
