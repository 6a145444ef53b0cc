"""Nobody is told "you're in" for a place that does not exist, whatever arrives at the same time.

Real threads, each with its own database connection, released together by a barrier. Runs on
SQLite and PostgreSQL (whichever DATABASE_URL names).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from core.actors import PUBLIC, Actor
from signups.models import SignUp
from signups.services import signups
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Runs each job in its own thread and connection, all released at once. Returns (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def worker(index, job):
        try:
            barrier.wait(timeout=60)
            results[index] = job()
        except Exception as exc:  # collected and asserted on: any error fails the test
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(t.is_alive() for t in threads), "a worker never finished"
    return results, errors


def _sign_up(session_id, name):
    return lambda: signups.sign_up(PUBLIC, session_id, name).signup.status


def _cancel(token):
    return lambda: signups.cancel(PUBLIC, token).status


def test_sixty_at_once_for_ten_places_then_cancellations_mixed_with_new_sign_ups():
    session = factories.session_starting_in(timedelta(hours=3), capacity=10, waitlist=True)

    results, errors = run_together([_sign_up(session.pk, f"Person {i:02d}") for i in range(60)])

    assert errors == []
    assert sorted(results).count("confirmed") == 10
    assert sorted(results).count("waitlisted") == 50
    rows = SignUp.objects.filter(session=session)
    assert rows.filter(status="confirmed").count() == 10
    positions = list(rows.filter(status="waitlisted").order_by("waitlist_position").values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 51))

    # The order everyone joined the waiting list in, to check nobody jumps the queue later.
    original_order = list(rows.filter(status="waitlisted").order_by("waitlist_position").values_list("pk", flat=True))
    confirmed = list(rows.filter(status="confirmed").order_by("pk"))
    waiting = list(rows.filter(status="waitlisted").order_by("waitlist_position"))
    leaving = confirmed[:5] + waiting[::3][:15]  # 5 with a place, 15 spread along the waiting list
    assert len(leaving) == 20
    leaving_pks = {s.pk for s in leaving}

    jobs = [_cancel(s.token) for s in leaving] + [_sign_up(session.pk, f"Late {i:02d}") for i in range(20)]
    results, errors = run_together(jobs)

    assert errors == []
    assert results[:20] == ["cancelled"] * 20
    assert rows.filter(status="confirmed").count() == 10  # never more, and the freed places were refilled
    assert rows.filter(status="cancelled").count() == 20
    final = list(rows.filter(status="waitlisted").order_by("waitlist_position"))
    assert [s.waitlist_position for s in final] == list(range(1, 51))  # 50 - 15 left - 5 promoted + 20 new
    # Nobody jumped the queue: the people who moved up were the ones at the front, the ones still
    # waiting kept their order, and everyone who came later is behind them.
    still_waiting = [pk for pk in original_order if pk not in leaving_pks]
    promoted = {s.pk for s in rows.filter(status="confirmed", promoted_at__isnull=False)}
    assert len(promoted) == 5
    assert set(still_waiting[:5]) == promoted
    assert [s.pk for s in final[:30]] == still_waiting[5:]
    assert all(s.display_name.startswith("Late") for s in final[30:])


def test_last_place_goes_to_exactly_one_of_two_people_at_once():
    session = factories.session_starting_in(timedelta(hours=3), capacity=1, waitlist=False)

    results, errors = run_together([_sign_up(session.pk, "Ana"), _sign_up(session.pk, "Ben")])

    assert results.count("confirmed") == 1
    assert len(errors) == 1 and "is full (1 place) and has no waiting list" in errors[0]
    assert SignUp.objects.filter(session=session, status="confirmed").count() == 1


def test_same_email_at_once_makes_one_sign_up():
    session = factories.session_starting_in(timedelta(hours=3), capacity=5)

    results, errors = run_together(
        [(lambda i=i: signups.sign_up(PUBLIC, session.pk, f"Sam {i}", "sam@example.org").created) for i in range(6)]
    )

    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert SignUp.objects.filter(session=session).count() == 1


def test_one_freed_place_goes_to_exactly_one_of_several_tablets_admitting_at_once():
    from kiosk.models import KioskDevice

    session = factories.session_starting_in(-timedelta(minutes=10), capacity=2, waitlist=True)
    tablets = [
        Actor.for_device(staff_mode=True, device=KioskDevice.objects.create(activation=session.activation, name=f"Tablet {i}"))
        for i in range(3)
    ]
    late = factories.signup(session, "confirmed")
    factories.signup(session, "checked_in")
    waiting = [factories.signup(session, "waitlisted") for _ in range(3)]
    signups.mark_no_show(tablets[0], late.token)

    jobs = [(lambda t=t: signups.admit_walk_in(t, session.pk, "Walk-in").status) for t in tablets]
    jobs += [(lambda s=s, t=t: signups.check_in(t, s.token).status) for s, t in zip(waiting, tablets)]
    results, errors = run_together(jobs)

    assert results.count("checked_in") == 1
    assert len(errors) == 5 and all("No place is free" in e for e in errors)
    rows = SignUp.objects.filter(session=session)
    assert rows.filter(status__in=["confirmed", "checked_in"]).count() == 2
    positions = sorted(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
