"""The emails speak the language the person signed up in (`SignUp.language`), whoever's action
sends them: a German sign-up reads German when it is confirmed, waiting, or promoted by someone
else's cancellation, while an English sign-up of the same session still reads English."""

from datetime import timedelta

import pytest

from core.actors import PUBLIC
from signups.services import signups
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db


def test_a_german_sign_up_gets_german_emails(festival, mailoutbox, django_capture_on_commit_callbacks):
    session = session_in(festival, timedelta(hours=3), capacity=1, title="Atemarbeit")
    with django_capture_on_commit_callbacks(execute=True):
        first = signups.sign_up(PUBLIC, session.pk, "Ana", "ana@example.org", language="en").signup
        lena = signups.sign_up(PUBLIC, session.pk, "Lena", "lena@example.org", language="de").signup
    confirmed, waiting = mailoutbox
    assert confirmed.subject == "You're in: Atemarbeit" and "Hi Ana," in confirmed.body
    assert waiting.subject == "Du stehst auf der Warteliste für Atemarbeit"
    assert "Hallo Lena," in waiting.body and "Nummer 1" in waiting.body and "Wann:" in waiting.body
    assert "Ortszeit am Veranstaltungsort" in waiting.body and "Pass auf dich auf" in waiting.body
    assert "Hi " not in waiting.body and "waiting list" not in waiting.body
    assert lena.get_absolute_url() in waiting.body

    with django_capture_on_commit_callbacks(execute=True):
        signups.cancel(PUBLIC, first.token)  # in English: Ana's own page
    promoted = mailoutbox[-1]
    assert promoted.to == ["lena@example.org"]
    assert promoted.subject == "Ein Platz ist für dich frei geworden: Atemarbeit"
    assert "gute Nachricht" in promoted.body and "Kalenderdatei" in promoted.body
