"""Test factories: real rows with sensible defaults, overridable by keyword."""

import itertools
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.actors import Actor
from activations.models import Activation, Membership, Organization, Session, Venue

_n = itertools.count(1)


def organization(**kw):
    n = next(_n)
    return Organization.objects.create(**{"name": f"Org {n}", "slug": f"org-{n}", **kw})


def organizer(org=None, username=None, **kw):
    org = org or organization()
    user = get_user_model().objects.create_user(
        username=username or f"organizer{next(_n)}", password="pw-for-tests-only", is_staff=True, **kw
    )
    Membership.objects.create(organization=org, user=user)
    return user


def actor_for(user):
    return Actor.for_user(user)


def venue(org=None, **kw):
    org = org or organization()
    defaults = dict(name=f"Venue {next(_n)}", address="1 Main St", city="New York", country="US", timezone="America/New_York")
    return Venue.objects.create(organization=org, **{**defaults, **kw})


def local(zone_name, *args):
    """An aware datetime from wall-clock fields in the named zone."""
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(zone_name))


def activation(org=None, venue_obj=None, **kw):
    venue_obj = venue_obj or venue(org)
    org = org or venue_obj.organization
    start = kw.pop("starts_at", None) or timezone.now() + timedelta(days=1)
    end = kw.pop("ends_at", None) or start + timedelta(days=2)
    n = next(_n)
    defaults = dict(kind="festival", title=f"Activation {n}", slug=f"activation-{n}", status="published")
    return Activation.objects.create(organization=org, venue=venue_obj, starts_at=start, ends_at=end, **{**defaults, **kw})


def session(activation_obj=None, **kw):
    activation_obj = activation_obj or activation()
    start = kw.pop("starts_at", None) or activation_obj.starts_at + timedelta(hours=1)
    end = kw.pop("ends_at", None) or start + timedelta(minutes=45)
    defaults = dict(title=f"Workshop {next(_n)}", capacity=10, waitlist=True)
    return Session.objects.create(activation=activation_obj, starts_at=start, ends_at=end, **{**defaults, **kw})


def session_starting_in(delta, activation_obj=None, minutes=60, **kw):
    """A session whose start is `delta` from now (negative: already started), in a live activation."""
    now = timezone.now()
    activation_obj = activation_obj or activation(starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=2))
    start = now + delta
    return session(activation_obj, starts_at=start, ends_at=start + timedelta(minutes=minutes), **kw)


def signup(session_obj, status="confirmed", **kw):
    """A sign-up row as it would be; positions for waitlisted ones follow the existing list."""
    from signups.models import SignUp

    n = next(_n)
    if status == "checked_in" and "checked_in_count" not in kw:
        kw["checked_in_count"] = kw.get("places", 1)  # as check_in leaves it: the whole party in
    if status == "waitlisted" and "waitlist_position" not in kw:
        kw["waitlist_position"] = SignUp.objects.filter(session=session_obj, status="waitlisted").count() + 1
    return SignUp.objects.create(session=session_obj, status=status, **{"display_name": f"Guest {n}", **kw})


def kit_type(org=None, **kw):
    from stock.models import KitType

    org = org or organization()
    defaults = dict(name=f"Kit {next(_n)}", contents="earplugs, water, electrolytes, info card")
    return KitType.objects.create(organization=org, **{**defaults, **kw})


def stock_location(org=None, activation_obj=None, **kw):
    """A booth when `activation_obj` is given, else a warehouse."""
    from stock.models import StockLocation

    org = org or (activation_obj.organization if activation_obj else organization())
    return StockLocation.objects.create(organization=org, activation=activation_obj, **{"name": f"Location {next(_n)}", **kw})


STAFF_PIN = "246813"


def staff_mode_headers(device, credential) -> dict:
    """Request headers of a paired tablet in staff mode: the device's shared PIN (set here if it
    has none) typed on it, as the kiosk's PIN screen does, and the staff token that answers."""
    from django.contrib.auth.hashers import make_password

    from kiosk.services import staff_pin

    device.refresh_from_db()
    if not device.pin_hash:
        device.pin_hash = make_password(STAFF_PIN)
        device.save(update_fields=["pin_hash"])
        pin = STAFF_PIN
    else:
        pin = STAFF_PIN  # the PIN the tests set (6 to 8 digits)
    token = staff_pin.enter_staff_mode(device, pin).token
    return {"HTTP_X_KIOSK_CREDENTIAL": credential, "HTTP_X_KIOSK_STAFF": token}


def kiosk_staff(device):
    """A kiosk tablet in staff mode, as services see it."""
    return Actor.for_device(device, staff_mode=True)
