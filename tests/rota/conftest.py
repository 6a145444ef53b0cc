"""Rota fixtures: a festival in New York across both 2027 daylight-saving changes, volunteers, shifts.

Services take `now=`, so each test freezes the clock where it needs it instead of waiting.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.actors import Actor
from rota.models import RotaPolicy, Shift, Training, Volunteer
from tests.notifications.conftest import db_queue, smtp  # noqa: F401  (the outbox fixtures, used by name)
from tests import factories

NY = ZoneInfo("America/New_York")


def ny(*args):
    """An aware instant from New York wall-clock fields."""
    return datetime(*args, tzinfo=NY)


@pytest.fixture
def festival(org):
    venue = factories.venue(org, name="Harbor Tent", city="New York", country="US", timezone="America/New_York")
    return factories.activation(
        org, venue, title="Harbor Sound Booth", slug="harbor-sound", starts_at=ny(2027, 3, 1, 9), ends_at=ny(2027, 11, 30, 23)
    )


@pytest.fixture
def organizer_actor(organizer):
    return Actor.for_user(organizer)


def volunteer(org, name="Sam Rivera", training=None, **kw):
    v = Volunteer.objects.create(
        organization=org, name=name, email=kw.pop("email", f"{name.split()[0].lower()}@example.org"), **kw
    )
    for tag, expires in (training or {}).items():
        Training.objects.create(volunteer=v, tag=tag, expires_on=expires)
    return v


def shift(activation, start, end, role="Peer supporter", **kw):
    return Shift.objects.create(
        activation=activation, role=role, starts_at=start, ends_at=end, **{"min_people": 1, "max_people": 3, **kw}
    )


@pytest.fixture
def policy(org):
    return RotaPolicy.objects.create(organization=org, cover_training=["safeguarding"])


@pytest.fixture
def sam(org):
    return volunteer(org, "Sam Rivera", training={"safeguarding": date(2027, 12, 31)})


@pytest.fixture
def admin_client_for_org(client, organizer):
    from django.contrib.auth.models import Permission

    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label="rota"))
    client.force_login(organizer)
    return client
