"""A mail server that is down when someone signs up: the sign-up answers at once, the email comes later, once."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from notifications.models import Message
from tests import factories
from tests.notifications.conftest import run_worker


def test_sign_up_while_the_mail_server_is_down_then_the_email_arrives_once(transactional_db, client, smtp, db_queue):
    session = factories.session_starting_in(timedelta(days=3))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = client.post(
            f"/api/sessions/{session.pk}/signups",
            {"display_name": "Sam", "email": "sam@example.org"},
            content_type="application/json",
        )
        assert response.status_code == 201  # answered without talking to any mail server
        confirmation = Message.objects.get(kind="signup_confirmation")
        assert confirmation.status == "pending" and confirmation.attempts == 0

        run_worker()  # the server is down: connection refused, nothing handed over
        confirmation.refresh_from_db()
        assert (confirmation.status, confirmation.attempts) == ("pending", 1)
        assert confirmation.due_at == timezone.now() + timedelta(seconds=30)  # backoff
        assert "Connection" in confirmation.last_error or "refused" in confirmation.last_error

        smtp.start()
        run_worker()  # not due yet
        assert smtp.inbox.messages == []
        clock.shift(timedelta(seconds=31))
        run_worker()
        clock.shift(timedelta(hours=2))
        run_worker()

    assert len(smtp.inbox.messages) == 1
    received = smtp.inbox.messages[0]
    assert received["To"] == "sam@example.org"
    assert received["Subject"] == f"You're in: {session.title}"
    assert received["Message-ID"].startswith(f"<{confirmation.key}@")
    confirmation.refresh_from_db()
    assert confirmation.status == "sent" and confirmation.attempts == 2


def test_a_rolled_back_change_leaves_no_message(transactional_db, smtp, db_queue):
    from django.db import transaction

    from notifications.services import queue_email

    try:
        with transaction.atomic():
            queue_email(to="a@example.org", subject="s", body="b", kind="test")
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    assert not Message.objects.exists()


def test_a_message_that_keeps_failing_becomes_a_dead_letter_shown_to_its_organization_only(
    transactional_db, client, smtp, db_queue, settings, org, other_org
):
    from notifications.services import queue_email

    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    ours = queue_email(to="a@example.org", subject="Rota changed", body="b", kind="rota", organization=org)
    theirs = queue_email(to="b@example.org", subject="Their rota", body="b", kind="rota", organization=other_org)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            run_worker()
            clock.shift(timedelta(hours=1))
    ours.refresh_from_db()
    assert (ours.status, ours.attempts) == ("failed", 3)
    assert "Gave up after 3 attempts" in ours.last_error

    user = factories.organizer(org)
    client.force_login(user)
    user.is_superuser = False
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_message"]))
    page = client.get("/admin/notifications/message/?dead=yes")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rota changed" in text and "Their rota" not in text
    assert theirs.pk  # the other organization's dead letter exists, just not for us

    smtp.start()
    client.post("/admin/notifications/message/", {"action": "send_again", "_selected_action": [ours.pk]})
    run_worker()
    assert [m["Subject"] for m in smtp.inbox.messages] == ["Rota changed"]
