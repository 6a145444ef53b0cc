"""Reminders 24 h and 2 h before, with a frozen clock across the end of summer time in Berlin."""

import time_machine

from activations.services import scheduling
from notifications.models import Message
from signups.services import signups
from core.actors import PUBLIC
from tests import factories
from tests.factories import local
from tests.notifications.conftest import run_worker

BERLIN = "Europe/Berlin"


def _festival(org):
    venue = factories.venue(org, name="Kesselhaus", city="Berlin", country="DE", timezone=BERLIN)
    activation = factories.activation(
        org, venue, starts_at=local(BERLIN, 2026, 10, 20, 9), ends_at=local(BERLIN, 2026, 10, 30, 9)
    )
    # Sunday 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET.
    return factories.session(
        activation,
        title="Mental health first aid",
        starts_at=local(BERLIN, 2026, 10, 25, 10),
        ends_at=local(BERLIN, 2026, 10, 25, 11),
    )


def test_reminders_keep_24_hours_across_the_clock_change_and_say_local_time(transactional_db, org, smtp, db_queue):
    session = _festival(org)
    smtp.start()
    with time_machine.travel(local(BERLIN, 2026, 10, 21, 12), tick=False) as clock:
        signup = signups.sign_up(PUBLIC, session.pk, "Kim", "kim@example.org").signup
        reminders = {m.kind: m for m in Message.objects.filter(kind__startswith="reminder")}
        # 24 hours of real time before 10:00 CET is 11:00 CEST the day before.
        assert reminders["reminder_24h"].due_at == local(BERLIN, 2026, 10, 24, 11)
        assert reminders["reminder_2h"].due_at == local(BERLIN, 2026, 10, 25, 8)
        run_worker()
        assert [m["Subject"] for m in smtp.inbox.messages] == [f"You're in: {session.title}"]

        clock.move_to(local(BERLIN, 2026, 10, 24, 10, 59))
        run_worker()
        assert len(smtp.inbox.messages) == 1
        clock.move_to(local(BERLIN, 2026, 10, 24, 11, 0))
        run_worker()
        reminder = smtp.inbox.messages[-1]
        assert reminder["Subject"] == "Reminder: your session tomorrow at 10:00"
        body = (
            reminder.get_payload(decode=True).decode()
            if not reminder.is_multipart()
            else reminder.get_payload(0).get_payload(decode=True).decode()
        )
        assert "10:00 (CET, local time at the venue)" in body and "Kesselhaus" in body

        clock.move_to(local(BERLIN, 2026, 10, 25, 8, 0))
        run_worker()
        assert smtp.inbox.messages[-1]["Subject"] == "Reminder: your session today at 10:00"
    assert len(smtp.inbox.messages) == 3
    for message in smtp.inbox.messages[1:]:
        assert "mental" not in message["Subject"].lower() and "health" not in message["Subject"].lower()
    assert signup.pk


def test_a_moved_session_moves_its_reminders_and_a_cancelled_one_has_none(transactional_db, org, organizer, db_queue):
    session = _festival(org)
    with time_machine.travel(local(BERLIN, 2026, 10, 21, 12), tick=False):
        kim = signups.sign_up(PUBLIC, session.pk, "Kim", "kim@example.org").signup
        lee = signups.sign_up(PUBLIC, session.pk, "Lee", "lee@example.org").signup
        actor = factories.actor_for(organizer)
        scheduling.update_session(
            actor, session.pk, {"starts_at": local(BERLIN, 2026, 10, 26, 15), "ends_at": local(BERLIN, 2026, 10, 26, 16)}
        )
        pending = Message.objects.filter(kind__startswith="reminder", status="pending")
        assert sorted(pending.filter(recipient="kim@example.org").values_list("due_at", flat=True)) == [
            local(BERLIN, 2026, 10, 25, 15),
            local(BERLIN, 2026, 10, 26, 13),
        ]
        assert Message.objects.filter(kind="new_time", recipient="kim@example.org").exists()

        signups.cancel(PUBLIC, lee.token)
        assert not pending.filter(recipient="lee@example.org").exists()
        scheduling.update_session(actor, session.pk, {"status": "cancelled"})
        assert not pending.exists()
    assert kim.pk
