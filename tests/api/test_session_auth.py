"""The admin's own browser calls the API with its session; writes need the CSRF token."""

import json

import pytest
from django.test import Client

from activations.models import Venue
from tests.api.conftest import paired_kiosk
from tests import factories

pytestmark = pytest.mark.django_db

VENUE = {"name": "Tent", "city": "New York", "country": "US", "timezone": "America/New_York"}


@pytest.fixture
def browser(organizer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)
    return client


def csrf_token(client):
    client.get("/admin/")  # any page that renders a form sets the cookie
    response = client.get("/admin/password_change/")
    return response.cookies.get("csrftoken").value if "csrftoken" in response.cookies else client.cookies["csrftoken"].value


def test_session_reads_work_without_a_csrf_token(browser, org):
    factories.venue(org)
    response = browser.get("/api/venues")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_session_write_without_csrf_token_is_403_and_writes_nothing(browser):
    response = browser.post("/api/venues", json.dumps(VENUE), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not Venue.objects.exists()


def test_session_write_with_csrf_token_works(browser):
    token = csrf_token(browser)
    response = browser.post("/api/venues", json.dumps(VENUE), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content
    assert Venue.objects.get().name == "Tent"


def test_a_non_staff_session_is_not_an_organizer(db, org):
    user = factories.organizer(org, username="visitor")
    user.is_staff = False
    user.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/venues").status_code == 401
    # and its writes are refused as unauthenticated, not as a CSRF failure it could not avoid
    assert client.post("/api/venues", json.dumps(VENUE), content_type="application/json").status_code == 401


def test_anonymous_writes_are_401_not_csrf_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/venues", json.dumps(VENUE), content_type="application/json")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_kiosk_credential_in_its_cookie_needs_csrf_on_writes_but_not_in_its_header(db, org, rf):
    """Checked at the door itself: kiosk write endpoints land with the sign-up and stock branches."""
    from django.core.signing import get_cookie_signer
    from ninja.errors import HttpError

    from api.auth import KioskCredential
    from kiosk.credentials import COOKIE_NAME

    device, headers = paired_kiosk(factories.activation(org))
    secret = headers["HTTP_X_KIOSK_CREDENTIAL"]
    signed = get_cookie_signer(salt=COOKIE_NAME + "greenroom.kiosk").sign(secret)
    door = KioskCredential()

    read = rf.get("/api/sessions/1")
    read.COOKIES[COOKIE_NAME] = signed
    assert door(read).device == device

    forged = rf.post("/api/sessions/1/signups", "{}", content_type="application/json")
    forged.COOKIES[COOKIE_NAME] = signed
    with pytest.raises(HttpError) as refused:
        door(forged)
    assert refused.value.status_code == 403

    by_header = rf.post("/api/sessions/1/signups", "{}", content_type="application/json", **headers)
    assert door(by_header).device == device

    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    csrf_secret = _get_new_csrf_string()
    with_token = rf.post(
        "/api/sessions/1/signups", "{}", content_type="application/json", HTTP_X_CSRFTOKEN=_mask_cipher_secret(csrf_secret)
    )
    with_token.COOKIES[COOKIE_NAME] = signed
    with_token.COOKIES["csrftoken"] = csrf_secret
    assert door(with_token).device == device
