"""Every refusal of a shift, with the clock frozen where the rule bites, across daylight-saving changes.

New York in 2027: clocks go forward on Sunday 14 March (02:00 → 03:00) and back on Sunday
7 November (02:00 → 01:00). Limits count real hours, so the same wall-clock shifts pass on an
ordinary night and are refused on the night the clocks change.
"""

from datetime import date, timedelta

import pytest

from core.errors import Conflict
from rota.models import Assignment
from rota.services.assignments import assign_volunteer
from tests.rota.conftest import ny, shift, volunteer

pytestmark = pytest.mark.django_db


def _refused(actor, s, v, now):
    with pytest.raises(Conflict) as caught:
        assign_volunteer(actor, s.pk, v.pk, now=now)
    return caught.value.code


def test_a_full_shift_is_refused_and_nothing_is_written(organizer_actor, festival, org, policy):
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), max_people=1)
    first, second = volunteer(org, "Ana Lee"), volunteer(org, "Ben Okafor")
    now = ny(2027, 6, 1, 9)
    assert assign_volunteer(organizer_actor, s.pk, first.pk, now=now).created
    assert _refused(organizer_actor, s, second, now) == "shift_full"
    assert list(Assignment.objects.values_list("volunteer__name", flat=True)) == ["Ana Lee"]


def test_training_missing_or_expiring_before_the_shift_ends_is_refused(organizer_actor, festival, org, policy):
    # An overnight shift: it ends on 13 June, so training that expires on 12 June does not cover it.
    s = shift(festival, ny(2027, 6, 12, 22), ny(2027, 6, 13, 4), required_training=["safeguarding", "first-aid"])
    untrained = volunteer(org, "Ana Lee", training={"safeguarding": None})
    lapsing = volunteer(org, "Ben Okafor", training={"safeguarding": None, "first-aid": date(2027, 6, 12)})
    valid = volunteer(org, "Cleo Diaz", training={"safeguarding": date(2027, 6, 13), "first-aid": date(2027, 6, 13)})
    now = ny(2027, 6, 10, 12)
    with pytest.raises(Conflict) as caught:
        assign_volunteer(organizer_actor, s.pk, untrained.pk, now=now)
    assert caught.value.code == "training_required" and caught.value.extra["missing"] == ["first-aid"]
    assert _refused(organizer_actor, s, lapsing, now) == "training_required"
    assert assign_volunteer(organizer_actor, s.pk, valid.pk, now=now).created


def test_an_overlapping_shift_is_refused(organizer_actor, festival, sam, policy):
    booth = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), role="Booth lead")
    runner = shift(festival, ny(2027, 6, 12, 13), ny(2027, 6, 12, 15), role="Kit runner")
    now = ny(2027, 6, 1)
    assign_volunteer(organizer_actor, booth.pk, sam.pk, now=now)
    assert _refused(organizer_actor, runner, sam, now) == "overlap"


def test_too_little_rest_is_refused_when_the_clocks_go_forward(organizer_actor, festival, sam, policy):
    # 19:00–23:00, then 07:00–11:00 next morning: 8 wall-clock hours apart, which is enough on an
    # ordinary night, but only 7 real hours on the night of 13–14 March.
    now = ny(2027, 3, 1, 12)
    evening = shift(festival, ny(2027, 3, 13, 19), ny(2027, 3, 13, 23))
    morning = shift(festival, ny(2027, 3, 14, 7), ny(2027, 3, 14, 11))
    assign_volunteer(organizer_actor, evening.pk, sam.pk, now=now)
    assert _refused(organizer_actor, morning, sam, now) == "rest_limit"

    ordinary_evening = shift(festival, ny(2027, 3, 20, 19), ny(2027, 3, 20, 23))
    ordinary_morning = shift(festival, ny(2027, 3, 21, 7), ny(2027, 3, 21, 11))
    assign_volunteer(organizer_actor, ordinary_evening.pk, sam.pk, now=now)
    assert assign_volunteer(organizer_actor, ordinary_morning.pk, sam.pk, now=now).created


def test_more_than_eight_hours_in_a_day_is_refused_when_the_clocks_go_back(organizer_actor, festival, sam, policy):
    # 22:00–06:00 is eight hours on the wall clock; on the night of 6–7 November it is nine.
    now = ny(2027, 11, 1, 12)
    long_night = shift(festival, ny(2027, 11, 6, 22), ny(2027, 11, 7, 6))
    long_night.refresh_from_db()  # stored in UTC: the real length (same-zone Python arithmetic is wall-clock)
    assert long_night.ends_at - long_night.starts_at == timedelta(hours=9)
    assert _refused(organizer_actor, long_night, sam, now) == "rest_limit"
    ordinary_night = shift(festival, ny(2027, 11, 13, 22), ny(2027, 11, 14, 6))
    assert assign_volunteer(organizer_actor, ordinary_night.pk, sam.pk, now=now).created


def test_hours_add_up_over_any_24_hours_and_back_to_back_shifts_are_one_stretch(organizer_actor, festival, sam, policy):
    now = ny(2027, 6, 1)
    morning = shift(festival, ny(2027, 6, 12, 8), ny(2027, 6, 12, 12))
    noon = shift(festival, ny(2027, 6, 12, 12), ny(2027, 6, 12, 16))  # back to back: no rest needed
    next_morning = shift(festival, ny(2027, 6, 13, 6), ny(2027, 6, 13, 7))  # 14 h rest, but a 9th hour within 24 h
    assign_volunteer(organizer_actor, morning.pk, sam.pk, now=now)
    assert assign_volunteer(organizer_actor, noon.pk, sam.pk, now=now).created
    assert _refused(organizer_actor, next_morning, sam, now) == "rest_limit"


def test_the_organizations_own_limits_apply(organizer_actor, festival, sam, policy):
    policy.max_hours_per_24h, policy.min_rest_hours = 4, 2
    policy.save()
    now = ny(2027, 6, 1)
    first = shift(festival, ny(2027, 6, 12, 8), ny(2027, 6, 12, 10))
    after_three_hours = shift(festival, ny(2027, 6, 12, 13), ny(2027, 6, 12, 15))
    third = shift(festival, ny(2027, 6, 12, 18), ny(2027, 6, 12, 19))
    assign_volunteer(organizer_actor, first.pk, sam.pk, now=now)
    assert assign_volunteer(organizer_actor, after_three_hours.pk, sam.pk, now=now).created  # 3 h rest ≥ 2 h
    assert _refused(organizer_actor, third, sam, now) == "rest_limit"  # a 5th hour


def test_a_past_shift_or_another_organizations_volunteer_is_refused(organizer_actor, festival, other_org, policy):
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14))
    stranger = volunteer(other_org, "Zed Other")
    from core.errors import NotFound

    with pytest.raises(NotFound):
        assign_volunteer(organizer_actor, s.pk, stranger.pk, now=ny(2027, 6, 1))
    assert Assignment.objects.count() == 0
