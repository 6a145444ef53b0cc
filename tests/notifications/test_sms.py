"""SMS through a local stand-in for the provider: credentials checked there, signatures checked here."""

from datetime import timedelta

from notifications.models import Message, SmsOptOut
from notifications.services import queue_sms
from signups.models import SignUp
from tests import factories
from tests.notifications.conftest import run_worker, twilio_signature


def _sign_up(client, session, name, phone):
    response = client.post(
        f"/api/sessions/{session.pk}/signups", {"display_name": name, "phone": phone}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return SignUp.objects.get(token=response.json()["token"])


def _reply(client, settings, provider, phone, text, signature=None):
    params = {"From": phone, "To": settings.SMS_FROM, "Body": text, "MessageSid": "SM" + "9" * 32}
    signature = signature or twilio_signature(provider.token, settings.SITE_URL + "/sms/inbound", params)
    return client.post("/sms/inbound", params, HTTP_X_TWILIO_SIGNATURE=signature)


def test_cancel_by_text_promotes_the_next_person_who_is_told(transactional_db, client, settings, sms_provider, db_queue):
    session = factories.session_starting_in(timedelta(days=2), capacity=1, title="Mental health first aid")
    alex = _sign_up(client, session, "Alex", "+44 7911 123456")
    robin = _sign_up(client, session, "Robin", "+447911123457")
    assert (alex.phone, alex.status, robin.status) == ("+447911123456", "confirmed", "waitlisted")
    run_worker()
    assert len(sms_provider.to("+447911123456")) == 1 and sms_provider.refused == 0

    assert _reply(client, settings, sms_provider, "+447911123456", "cancel").status_code == 200
    alex.refresh_from_db(), robin.refresh_from_db()
    assert (alex.status, robin.status) == ("cancelled", "confirmed")
    run_worker()
    assert "A place opened up for you" in sms_provider.to("+447911123457")[-1]
    assert "given up your place" in sms_provider.to("+447911123456")[-1]
    for body in (m["Body"] for m in sms_provider.sent):
        assert "Mental" not in body and "health" not in body.lower()  # lock screens are public
    assert Message.objects.filter(channel="sms", provider_id__startswith="SM", status="sent").count() == 4


def test_a_forged_reply_is_refused_and_changes_nothing(transactional_db, client, settings, sms_provider):
    session = factories.session_starting_in(timedelta(days=2))
    alex = _sign_up(client, session, "Alex", "+447911123456")
    forged = twilio_signature(
        "not-the-token",
        settings.SITE_URL + "/sms/inbound",
        {"From": "+447911123456", "To": settings.SMS_FROM, "Body": "CANCEL", "MessageSid": "SM" + "9" * 32},
    )
    response = _reply(client, settings, sms_provider, "+447911123456", "CANCEL", signature=forged)
    assert response.status_code == 403 and response.json()["code"] == "bad_signature"
    assert client.post("/sms/inbound", {"From": "+447911123456", "Body": "CANCEL"}).status_code == 403
    alex.refresh_from_db()
    assert alex.status == "confirmed"


def test_stop_silences_the_number(transactional_db, client, settings, sms_provider, db_queue):
    session = factories.session_starting_in(timedelta(days=2))
    _sign_up(client, session, "Alex", "+447911123456")
    run_worker()
    sent_before = len(sms_provider.to("+447911123456"))
    assert Message.objects.filter(channel="sms", kind__startswith="reminder", status="pending").count() == 2

    assert _reply(client, settings, sms_provider, "+447911123456", "STOP").status_code == 200
    assert SmsOptOut.objects.filter(phone="+447911123456").exists()
    assert not Message.objects.filter(channel="sms", status="pending").exists()  # reminders withdrawn
    assert queue_sms(to="+447911123456", body="Anything", kind="rota") is None
    run_worker()
    assert len(sms_provider.to("+447911123456")) == sent_before


def test_wrong_credentials_are_refused_by_the_provider_and_retried(transactional_db, settings, sms_provider, db_queue):
    settings.SMS_AUTH_TOKEN = "wrong"
    message = queue_sms(to="+447911123456", body="Hello", kind="test", urgent=True)
    run_worker()
    message.refresh_from_db()
    assert sms_provider.refused == 1 and message.status == "failed" and "401" in message.last_error


def test_a_phone_that_is_not_a_number_is_refused(db, client):
    session = factories.session_starting_in(timedelta(days=2))
    response = client.post(
        f"/api/sessions/{session.pk}/signups", {"display_name": "Alex", "phone": "12345"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid_phone"
    assert not SignUp.objects.exists()


def test_quiet_hours_hold_a_reminder_text_until_morning(transactional_db, settings, sms_provider, db_queue):
    import time_machine
    from django.utils import timezone

    from notifications.services.delivery import deliver_message
    from tests.factories import local

    from zoneinfo import ZoneInfo

    with time_machine.travel(local("Europe/London", 2026, 3, 28, 23, 30), tick=False):
        message = queue_sms(to="+447911123456", body="Reminder", kind="reminder_24h", zone="Europe/London")
        assert deliver_message(message.pk) == "deferred past quiet hours"
    message.refresh_from_db()
    # 08:00 the next morning, which is after the clocks went forward that night (BST)
    assert timezone.localtime(message.due_at, ZoneInfo("Europe/London")).strftime("%d %H:%M %Z") == "29 08:00 BST"
    assert sms_provider.sent == []
