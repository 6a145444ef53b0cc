"""Ten volunteers take the same three-person shift at the same moment: exactly three get it.

Real threads, each with its own database connection, released together; SQLite and PostgreSQL
(whichever DATABASE_URL names). Half come through the organizer's service, half through their
own page's, since both take the same lock.
"""

import pytest

from core.actors import Actor
from core.errors import Conflict
from rota.models import Assignment
from rota.services.assignments import assign_volunteer, sign_up_for_shift
from tests import factories
from tests.rota.conftest import ny, shift, volunteer
from tests.signups.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_at_once_for_a_shift_of_three_gives_exactly_three():
    org = factories.organization()
    user = factories.organizer(org)
    venue = factories.venue(org, timezone="America/New_York")
    activation = factories.activation(org, venue, starts_at=ny(2027, 6, 11, 9), ends_at=ny(2027, 6, 14, 23))
    s = shift(activation, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), min_people=2, max_people=3)
    people = [volunteer(org, f"Person {i:02d}", email=f"p{i}@example.org") for i in range(10)]
    actor = Actor.for_user(user)
    now = ny(2027, 6, 1)

    def take(i, person):
        def job():
            try:
                if i % 2:
                    return sign_up_for_shift(person.token, s.pk, now=now).created and "on"
                return assign_volunteer(actor, s.pk, person.pk, now=now).created and "on"
            except Conflict as refusal:
                return refusal.code

        return job

    results, errors = run_together([take(i, p) for i, p in enumerate(people)])

    assert errors == []
    assert sorted(results) == ["on"] * 3 + ["shift_full"] * 7
    assert Assignment.objects.filter(shift=s, status="active").count() == 3
