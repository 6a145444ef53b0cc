"""The language chosen at the kiosk stays with the attendee: the sign-up keeps it, and the QR code on
the done screen opens the sign-up page in it (`?lang=`), whatever the phone's own language."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from tests import factories
from tests.kiosk.conftest import pair_tablet


def soon(festival, **kw):
    now = timezone.now()
    return factories.session(festival, starts_at=now + timedelta(minutes=50), ends_at=now + timedelta(minutes=95), **kw)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_sign_up_in_japanese_keeps_japanese_and_its_qr_code_says_so(tablet, organizer_actor, festival, live_site):
    import zxingcpp
    from PIL import Image

    session = soon(festival, title="Guided breathwork", capacity=5)
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="English").click()
    tablet.get_by_role("button", name="日本語").click()
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("お名前またはニックネーム").fill("Sam")
    tablet.get_by_role("button", name="申し込む").click()
    tablet.get_by_role("heading", name="Samさん、申し込み完了です!").wait_for()
    signup = SignUp.objects.get(session=session)
    assert (signup.language, signup.source) == ("ja", "kiosk")
    qr = tablet.locator("#k-done-qr-img")
    tablet.wait_for_function("() => document.getElementById('k-done-qr-img').naturalWidth > 0")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in decoded] == [f"{live_site}/signups/{signup.token}/?lang=ja"]


@pytest.mark.django_db
@pytest.mark.parametrize("sent, kept", [("ar", "ar"), ("pt-BR", "pt"), ("ja_JP", "ja")])
def test_the_api_keeps_the_language_a_sign_up_was_made_in(client, festival, kiosk_headers, sent, kept):
    session = soon(festival)
    response = client.post(
        f"/api/sessions/{session.pk}/signups",
        {"display_name": "Sam", "language": sent},
        content_type="application/json",
        **kiosk_headers,
    )
    assert response.status_code == 201, response.content
    assert SignUp.objects.get().language == kept


@pytest.mark.django_db
def test_a_language_we_do_not_speak_is_refused_and_nothing_is_written(client, festival, kiosk_headers):
    session = soon(festival)
    response = client.post(
        f"/api/sessions/{session.pk}/signups",
        {"display_name": "Sam", "language": "tlh"},
        content_type="application/json",
        **kiosk_headers,
    )
    assert response.status_code == 422
    assert "language" in response.content.decode()
    assert not SignUp.objects.exists()
