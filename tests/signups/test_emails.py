"""What people are told by email: kind, about them only, and never at the cost of their place."""

from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from core.actors import PUBLIC
from signups.models import SignUp
from signups.services import signups
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=3)


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_waiting_list_email_says_where_they_stand_without_a_calendar(festival, mailoutbox, django_capture_on_commit_callbacks):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    signups.sign_up(PUBLIC, session.pk, "Ana", "ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        ben = signups.sign_up(PUBLIC, session.pk, "Ben", "ben@example.org").signup
    message = mailoutbox[-1]
    assert message.subject == "You're on the waiting list for Breathwork"
    assert "number 1" in message.body and ben.get_absolute_url() in message.body
    assert message.attachments == []
    assert "Ana" not in message.body and "ana@example.org" not in message.body
    assert "/help/" in message.body


def test_no_email_is_sent_for_a_rolled_back_change(festival, mailoutbox, django_capture_on_commit_callbacks):
    session = session_in(festival, LATER, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            from django.db import transaction

            with transaction.atomic():
                signups.sign_up(PUBLIC, session.pk, "Ana", "ana@example.org")
                raise RuntimeError("something after it failed")
    assert mailoutbox == [] and not SignUp.objects.exists()


def test_a_broken_mail_server_does_not_cost_anyone_their_place(festival, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    session = session_in(festival, LATER, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = signups.sign_up(PUBLIC, session.pk, "Ana", "ana@example.org")
    assert result.signup.status == "confirmed"
    assert SignUp.objects.get().email == "ana@example.org"
