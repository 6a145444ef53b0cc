"""Texts at the web door: an optional mobile number and an explicit "Text me reminders" tick on the
sign-up form, checked by the same rule as the API's `phone`; a refusal names the field and writes nothing."""

from datetime import timedelta

import pytest

from notifications.models import Message
from signups.models import SignUp
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=30)


def post(client, session, **fields):
    return client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", **fields})


def test_the_form_asks_for_a_number_and_a_tick(client, festival):
    session_in(festival, LATER)
    html = client.get("/a/harbor-sound/").content.decode()
    assert 'type="tel"' in html and 'name="phone"' in html and 'autocomplete="tel"' in html
    assert 'type="checkbox"' in html and 'name="sms_consent"' in html
    assert "Text me reminders" in html and "Reply STOP to end them." in html


def test_a_number_with_the_tick_gets_the_confirmation_and_reminders_by_text(client, festival):
    session = session_in(festival, LATER)
    response = post(client, session, phone="+44 7911 123456", sms_consent="1")
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert signup.phone == "+447911123456"  # stored in E.164, as the API stores it
    texts = Message.objects.filter(channel="sms", recipient="+447911123456")
    assert {"signup_confirmation", "reminder_24h", "reminder_2h"} <= set(texts.values_list("kind", flat=True))


def test_no_number_and_no_tick_is_a_sign_up_without_texts(client, festival):
    session = session_in(festival, LATER)
    assert post(client, session, email="ana@example.org").status_code == 302
    assert SignUp.objects.get().phone == ""
    assert not Message.objects.filter(channel="sms").exists()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"phone": "12345", "sms_consent": "1"}, "phone", "“12345” is not a phone number we can text"),
        ({"phone": "+44 7911 123456"}, "sms-consent", "Tick “Text me reminders” to get texts, or leave the mobile number out."),
        ({"sms_consent": "1"}, "phone", "To get texts, give your mobile number with its country code"),
        ({"phone": "+" + "4" * 40, "sms_consent": "1"}, "phone", "That phone number is not valid."),
    ],
)
def test_a_refused_number_or_tick_names_the_field_and_writes_nothing(client, festival, fields, field, message):
    session = session_in(festival, LATER)
    response = post(client, session, email="ana@example.org", **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="{field}-error-{session.pk}"' in html  # beside the field, which is marked invalid
    assert 'value="Ana"' in html and '<details class="signup" open>' in html
    assert not SignUp.objects.exists() and not Message.objects.exists()


def test_the_api_takes_the_same_tick(client, festival):
    session = session_in(festival, LATER)
    url = f"/api/sessions/{session.pk}/signups"
    refused = client.post(
        url, {"display_name": "Ana", "phone": "+447911123456", "sms_consent": False}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["code"] == "sms_consent_needed"
    refused = client.post(url, {"display_name": "Ana", "phone": "07911", "sms_consent": True}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_phone"
    assert not SignUp.objects.exists() and not Message.objects.exists()
    # A partner app that sends only `phone` vouches for the person's wish, as before.
    made = client.post(url, {"display_name": "Ana", "phone": "+447911123456"}, content_type="application/json")
    assert made.status_code == 201 and SignUp.objects.get().phone == "+447911123456"
