"""Texts at the kiosk door: an optional mobile number and a "Text me reminders" tick, in every kiosk
language, checked by the server's one rule (the API's `phone`); a refusal names the field and writes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Message
from signups.models import SignUp
from tests import factories
from tests.kiosk.browser_support import shoot
from tests.kiosk.conftest import pair_tablet

KIOSK_LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "nl", "sv", "ja", "ko", "ar"]
NEW_WORDS = ["phone", "phone_help", "sms_consent", "invalid_phone", "phone_needed", "sms_consent_needed", "invalid_email"]


def soon(festival, **kw):
    now = timezone.now()
    return factories.session(festival, starts_at=now + timedelta(minutes=50), ends_at=now + timedelta(minutes=95), **kw)


def sign_up(client, session, headers, **fields):
    return client.post(
        f"/api/sessions/{session.pk}/signups", {"display_name": "Sam", **fields}, content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_the_kiosk_signs_up_with_a_number_and_the_tick(client, festival, kiosk_headers):
    session = soon(festival, title="Guided breathwork")
    response = sign_up(client, session, kiosk_headers, phone="+44 7911 123456", sms_consent=True)
    assert response.status_code == 201, response.content
    signup = SignUp.objects.get()
    assert (signup.phone, signup.source) == ("+447911123456", "kiosk")
    assert Message.objects.filter(channel="sms", recipient="+447911123456", kind="signup_confirmation").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, code, field",
    [
        ({"phone": "+44 7911", "sms_consent": True}, "invalid_phone", "phone"),
        ({"phone": "+447911123456", "sms_consent": False}, "sms_consent_needed", "sms_consent"),
        ({"sms_consent": True}, "phone_needed", "phone"),
    ],
)
def test_a_refused_number_or_tick_at_the_kiosk_names_the_field_and_writes_nothing(
    client, festival, kiosk_headers, fields, code, field
):
    session = soon(festival)
    response = sign_up(client, session, kiosk_headers, **fields)
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert not SignUp.objects.exists() and not Message.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_kiosk_form_shows_the_number_and_the_tick_in_every_language(tablet, organizer_actor, festival):
    session = soon(festival, title="Guided breathwork", capacity=5)
    pair_tablet(tablet, organizer_actor, festival)
    strings = tablet.evaluate("window.KIOSK_STRINGS")
    assert sorted(strings) == sorted(KIOSK_LANGUAGES)
    for language in KIOSK_LANGUAGES:
        missing = [key for key in NEW_WORDS if not strings[language].get(key)]
        assert missing == [], f"{language} lacks {missing}"
        if language != "en":
            assert strings[language]["sms_consent"] != strings["en"]["sms_consent"], language

    tablet.get_by_role("button", name="Guided breathwork").click()
    phone = tablet.get_by_label("Mobile number (optional)")
    tick = tablet.get_by_label("Text me reminders")
    assert phone.is_visible() and tick.is_visible() and not tick.is_checked()
    assert phone.get_attribute("type") == "tel"

    # A number without the tick: the server refuses, the kiosk says why beside the field, nothing is written.
    tablet.get_by_label("Your name or a nickname").fill("Sam")
    phone.fill("+44 7911 123456")
    tablet.get_by_role("button", name="Sign up").click()
    error = tablet.locator("#k-signup-error")
    error.get_by_text("Tick “Text me reminders” to get texts").wait_for()
    assert tick.get_attribute("aria-invalid") == "true"
    assert not SignUp.objects.exists()
    shoot(tablet, "signup-sms-refused")

    tick.check()
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_role("heading", name="You're in, Sam!").wait_for()
    assert SignUp.objects.get(session=session).phone == "+447911123456"

    # In German the same form, the same refusal in German.
    tablet.get_by_role("button", name="Done").click()
    tablet.locator("#k-lang-button").click()
    tablet.get_by_role("button", name="Deutsch").click()
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("Dein Name oder ein Spitzname").fill("Mia")
    tablet.get_by_label("Schickt mir Erinnerungen per SMS").check()
    tablet.get_by_role("button", name="Anmelden").click()
    error.get_by_text("Für SMS gib bitte auch deine Handynummer ein.").wait_for()
    assert tablet.get_by_label("Handynummer (freiwillig)").get_attribute("aria-invalid") == "true"
    assert SignUp.objects.count() == 1
