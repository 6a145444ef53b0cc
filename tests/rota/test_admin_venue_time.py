"""A shift added in the admin is typed and shown in the venue's time, as the API reads it, with the
same venue-time widgets as sessions (no "hours ahead of server time" note)."""

from datetime import timezone as dt_timezone

import pytest

from rota.models import Shift

pytestmark = pytest.mark.django_db


def test_the_admin_reads_and_shows_shift_times_in_venue_time(admin_client_for_org, festival):
    answer = admin_client_for_org.post(
        "/admin/rota/shift/add/",
        {
            "activation": festival.pk,
            "role": "booth",
            "starts_at_0": "2027-07-15",
            "starts_at_1": "14:00",
            "ends_at_0": "2027-07-15",
            "ends_at_1": "18:00",
            "min_people": "1",
            "max_people": "3",
            "required_training": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
            "assignments-MIN_NUM_FORMS": "0",
            "assignments-MAX_NUM_FORMS": "1000",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    shift = Shift.objects.get(activation=festival)
    assert shift.starts_at.astimezone(dt_timezone.utc).hour == 18  # 14:00 in New York (EDT) is 18:00 UTC
    page = admin_client_for_org.get(f"/admin/rota/shift/{shift.pk}/change/").content.decode()
    assert 'value="14:00:00"' in page
    assert 'data-venue-time="America/New_York"' in page and ">America/New_York</span>)." in page
    assert "activations/venue-time" in page
