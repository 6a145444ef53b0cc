"""The demo always has a session at the demo booth starting within the next hour (check-in is open
60 minutes before), whatever the time of day, and running seed_demo again adds nothing."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from activations.models import Session

pytestmark = pytest.mark.django_db

BOOTH = "governors-ball-wellness-booth"


def _next_hour():
    """The drop-in that always starts within the hour (the demo's other sessions keep their own
    times and may start within the hour too, depending on the time of day)."""
    from greenroom.management.commands.seed_demo import DROP_IN_TITLE

    now = timezone.now()
    return Session.objects.filter(
        activation__slug=BOOTH, title=DROP_IN_TITLE, starts_at__gt=now, starts_at__lte=now + timedelta(hours=1)
    )


def test_the_demo_booth_always_has_a_session_within_the_hour(client):
    call_command("seed_demo", stdout=io.StringIO())
    soon = _next_hour().get()
    sessions = Session.objects.count()
    assert client.get(f"/a/{BOOTH}/").content.decode().count(soon.title) == 1

    call_command("seed_demo", stdout=io.StringIO())
    assert Session.objects.count() == sessions and _next_hour().get().pk == soon.pk  # idempotent

    # Hours later (the session now in the past), the demo is loaded again: the same session moves.
    Session.objects.filter(pk=soon.pk).update(
        starts_at=soon.starts_at - timedelta(hours=5), ends_at=soon.ends_at - timedelta(hours=5), updated_at=timezone.now()
    )
    assert not _next_hour().exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert Session.objects.count() == sessions and _next_hour().get().pk == soon.pk
