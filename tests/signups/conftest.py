"""Sign-up fixtures: a live festival, a kiosk device on it, and helpers to read a session's list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import Actor
from signups.models import SignUp
from kiosk.models import KioskDevice
from tests import factories


@pytest.fixture
def festival(org):
    now = timezone.now()
    venue = factories.venue(org, name="Wellness Tent", city="New York", timezone="America/New_York")
    return factories.activation(
        org,
        venue,
        title="Harbor Sound Wellness Booth",
        slug="harbor-sound",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=3),
    )


@pytest.fixture
def organizer_actor(organizer):
    return Actor.for_user(organizer)


@pytest.fixture
def kiosk_device(festival):
    device = KioskDevice(activation=festival, name="Booth tablet")
    secret = device.issue_credential()
    device.save()
    device.secret = secret
    return device


@pytest.fixture
def kiosk_actor(kiosk_device):
    """The tablet in staff mode (its PIN typed): what check-in, no-shows and walk-ins need."""
    return Actor.for_device(kiosk_device, staff_mode=True)


@pytest.fixture
def kiosk_attendee(kiosk_device):
    """The same tablet in attendee mode: anyone at the booth."""
    return Actor.for_device(kiosk_device)


@pytest.fixture
def kiosk_headers(kiosk_device):
    """The tablet in staff mode (its PIN typed and the staff token sent with each call)."""
    return factories.staff_mode_headers(kiosk_device, kiosk_device.secret)


@pytest.fixture
def kiosk_attendee_headers(kiosk_device):
    """The tablet in attendee mode: its device credential only."""
    return {"HTTP_X_KIOSK_CREDENTIAL": kiosk_device.secret}


def session_in(festival, delta, **kw):
    return factories.session_starting_in(delta, festival, **kw)


def statuses(session):
    return sorted(SignUp.objects.filter(session=session).values_list("status", flat=True))


def count(session, status):
    return SignUp.objects.filter(session=session, status=status).count()


def waitlist(session):
    """The waiting list in order, as (position, display_name)."""
    return list(
        SignUp.objects.filter(session=session, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("waitlist_position", "display_name")
    )
