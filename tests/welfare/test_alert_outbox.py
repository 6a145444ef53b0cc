"""A welfare alert raised while the mail server is down: the kiosk is answered at once, the lead's email arrives once, later."""

import re
import secrets
from datetime import timedelta

import time_machine
from django.utils import timezone

from notifications.models import Message
from tests.notifications.conftest import run_worker
from welfare.models import Alert, AlertNotice
from welfare.services import escalation

LINK = re.compile(r"/welfare/ack/(\S+)")


def test_an_alert_raised_while_the_mail_server_is_down_reaches_the_lead_exactly_once(
    transactional_db,
    client,
    festival,
    on_call,
    staff_headers,
    smtp,
    db_queue,
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = client.post(
            f"/api/activations/{festival.pk}/alerts",
            {"where": "stage", "what": "panic_anxiety"},
            content_type="application/json",
            **staff_headers,
        )
        assert response.status_code == 201, response.content  # answered without waiting for any mail server
        email = Message.objects.get(kind="welfare_alert", channel="email")
        assert (email.recipient, email.status, email.attempts) == ("sam@lead.test", "pending", 0)
        assert Message.objects.filter(kind="welfare_alert", channel="sms", recipient="+447911123401", urgent=True).exists()

        run_worker()  # the mail server is down: nothing handed over, tried again later
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("pending", 1)
        assert smtp.inbox.messages == []

        smtp.start()
        clock.shift(timedelta(seconds=31))
        run_worker()
        clock.shift(timedelta(seconds=10))
        run_worker()  # nothing is sent twice

    assert len(smtp.inbox.messages) == 1
    received = smtp.inbox.messages[0]
    assert received["To"] == "sam@lead.test"
    assert "panic or anxiety" in received["Subject"].lower()
    token = LINK.search(received.get_payload(decode=True).decode()).group(1)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)

    # The link in that email acknowledges the alert; the chain stops and nothing more is queued.
    assert client.post(f"/welfare/ack/{token}").status_code == 200
    assert Alert.objects.get().status == "acknowledged"


def test_an_acknowledged_alert_withdraws_the_messages_not_sent_yet(
    transactional_db,
    client,
    festival,
    on_call,
    staff_headers,
    smtp,
    db_queue,
):
    response = client.post(
        f"/api/activations/{festival.pk}/alerts",
        {"where": "booth", "what": "other"},
        content_type="application/json",
        **staff_headers,
    )
    assert response.status_code == 201
    run_worker()  # the mail server is down: the email waits for its retry
    # Sam acknowledges by some other way (the text's link): a fresh link for his notice stands in for it.
    token = secrets.token_urlsafe(32)
    AlertNotice.objects.update(token_hash=escalation.hash_ack_token(token))
    escalation.acknowledge_alert(token)

    smtp.start()
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        run_worker()
    assert smtp.inbox.messages == []  # nobody is told about an alert someone already has
    assert Message.objects.get(kind="welfare_alert", channel="email").status == "cancelled"


def test_a_contact_number_no_text_can_reach_gets_the_email_only(festival, organizer_actor, db):
    escalation.set_on_call(organizer_actor, festival.pk, [{"name": "Sam Lead", "phone": "+44 12", "email": "sam@lead.test"}])
    escalation.raise_alert(organizer_actor, festival.pk, "booth", "other")
    assert list(Message.objects.values_list("channel", "recipient")) == [("email", "sam@lead.test")]
