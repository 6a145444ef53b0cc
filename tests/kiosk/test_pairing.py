"""Pairing a tablet: single-use codes that a link preview cannot spend, 24-hour expiry, revoking."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kiosk.credentials import COOKIE_NAME
from kiosk.models import KioskDevice
from kiosk.services import pairing
from tests import factories


def create(client, auth_headers, activation_id, name="Booth tablet 1"):
    return client.post(
        "/api/kiosk-devices", {"activation": activation_id, "name": name}, content_type="application/json", **auth_headers
    )


@pytest.mark.django_db
def test_organizer_creates_a_device_and_gets_a_pairing_code_and_url(client, auth_headers, festival, settings):
    response = create(client, auth_headers, festival.pk)
    assert response.status_code == 201
    body = response.json()
    assert body["activation"] == festival.pk and body["name"] == "Booth tablet 1"
    assert body["pairing_url"] == f"{settings.SITE_URL}/kiosk/pair/{body['pairing_code']}"
    device = KioskDevice.objects.get(pk=body["id"])
    assert body["pairing_code"] not in (device.pairing_code_hash, device.credential_hash)  # only hashes stored
    expires = device.pairing_expires_at - timezone.now()
    assert timedelta(hours=23, minutes=59) < expires <= timedelta(hours=24)


@pytest.mark.django_db
def test_the_pairing_page_shows_the_activation_and_does_not_spend_the_code(client, auth_headers, festival):
    code = create(client, auth_headers, festival.pk).json()["pairing_code"]
    for _ in range(3):  # a chat app's link preview, then the tablet itself
        page = client.get(f"/kiosk/pair/{code}")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Harbor Sound Booth" in html and "Booth tablet 1" in html
        assert html.count("Pair this device") == 1
        assert COOKIE_NAME not in page.cookies
    paired = client.post(f"/kiosk/pair/{code}")
    assert paired.status_code == 303 and paired["Location"] == "/kiosk/"
    cookie = paired.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    home = client.get("/kiosk/")
    assert home.status_code == 200
    assert "Harbor Sound Booth" in home.content.decode()


@pytest.mark.django_db
def test_a_code_pairs_once(client, auth_headers, festival):
    code = create(client, auth_headers, festival.pk).json()["pairing_code"]
    assert client.post(f"/kiosk/pair/{code}").status_code == 303
    other = client.__class__()
    again = other.post(f"/kiosk/pair/{code}")
    assert again.status_code == 404
    assert "already used or expired" in again.content.decode()
    assert COOKIE_NAME not in again.cookies
    assert other.get(f"/kiosk/pair/{code}").status_code == 404


@pytest.mark.django_db
def test_an_expired_code_is_refused(client, auth_headers, festival):
    body = create(client, auth_headers, festival.pk).json()
    KioskDevice.objects.filter(pk=body["id"]).update(pairing_expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/kiosk/pair/{body['pairing_code']}").status_code == 404
    assert client.post(f"/kiosk/pair/{body['pairing_code']}").status_code == 404


@pytest.mark.django_db
def test_typed_codes_forgive_case_and_spaces(client, auth_headers, festival):
    code = create(client, auth_headers, festival.pk).json()["pairing_code"]
    typed = code.lower()[:5] + "-" + code.lower()[5:]
    assert client.post(f"/kiosk/pair/{typed}").status_code == 303


@pytest.mark.django_db
def test_unknown_code_and_garbage_get_a_clear_404(client):
    assert client.get("/kiosk/pair/NOPE123456").status_code == 404
    assert client.post("/kiosk/pair/" + "x" * 500).status_code == 404


@pytest.mark.django_db
def test_bad_device_input_is_a_clear_4xx(client, auth_headers, festival, other_org):
    assert create(client, auth_headers, festival.pk, name="").status_code == 422
    assert create(client, auth_headers, festival.pk, name="x" * 101).status_code == 422
    assert create(client, auth_headers, 999999).status_code == 404
    foreign = factories.activation(other_org)
    response = create(client, auth_headers, foreign.pk)
    assert response.status_code == 404 and response.json()["code"] == "unknown_activation"
    assert (
        client.post("/api/kiosk-devices", {"activation": festival.pk, "name": "x"}, content_type="application/json").status_code
        == 401
    )
    bad_lang = client.post(
        "/api/kiosk-devices",
        {"activation": festival.pk, "name": "x", "default_language": "xx"},
        content_type="application/json",
        **auth_headers,
    )
    assert bad_lang.status_code == 422
    assert KioskDevice.objects.count() == 0


@pytest.mark.django_db
def test_a_kiosk_cannot_create_devices(client, festival, kiosk_headers):
    response = client.post(
        "/api/kiosk-devices", {"activation": festival.pk, "name": "x"}, content_type="application/json", **kiosk_headers
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_revoking_locks_the_tablet_out_at_its_next_request(client, auth_headers, festival):
    body = create(client, auth_headers, festival.pk).json()
    tablet = client.__class__()
    tablet.post(f"/kiosk/pair/{body['pairing_code']}")
    assert tablet.get("/kiosk/").status_code == 200
    assert tablet.get("/api/kiosk/today").status_code == 200

    assert client.delete(f"/api/kiosk-devices/{body['id']}", **auth_headers).status_code == 204

    api = tablet.get("/api/kiosk/today")
    assert api.status_code == 401 and api.json()["code"] == "unauthenticated"
    page = tablet.get("/kiosk/")
    assert page.status_code == 403
    assert "no longer a kiosk" in page.content.decode()
    assert page.cookies[COOKIE_NAME].value == ""  # the dead credential is removed from the tablet
    assert tablet.get("/kiosk/help.json").status_code == 401
    assert client.get(f"/api/kiosk-devices/{body['id']}", **auth_headers).json()["state"] == "revoked"


@pytest.mark.django_db
def test_another_organization_cannot_revoke_or_see_the_device(client, festival, device, other_org):
    from api.models import ApiToken

    stranger = factories.organizer(other_org)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(stranger)[1]}"}
    assert client.delete(f"/api/kiosk-devices/{device.pk}", **headers).status_code == 404
    assert client.get(f"/api/kiosk-devices/{device.pk}", **headers).status_code == 404
    assert client.get("/api/kiosk-devices", **headers).json()["count"] == 0
    device.refresh_from_db()
    assert device.revoked_at is None


@pytest.mark.django_db
def test_a_new_pairing_code_replaces_the_tablet_paired_before(client, auth_headers, festival, device, kiosk_headers):
    assert client.get("/api/kiosk/today", **kiosk_headers).status_code == 200
    renewed = client.post(f"/api/kiosk-devices/{device.pk}/pairing-code", **auth_headers)
    assert renewed.status_code == 201
    assert client.get("/api/kiosk/today", **kiosk_headers).status_code == 200  # not yet used
    new_tablet = client.__class__()
    new_tablet.post(f"/kiosk/pair/{renewed.json()['pairing_code']}")
    assert new_tablet.get("/api/kiosk/today").status_code == 200
    assert client.get("/api/kiosk/today", **kiosk_headers).status_code == 401


@pytest.mark.django_db
def test_the_kiosk_sees_only_its_own_activation(client, org, festival, kiosk_headers):
    other = factories.activation(org, title="Another booth")
    session = factories.session(other)
    assert client.get(f"/api/sessions/{session.pk}", **kiosk_headers).status_code == 404
    assert client.get(f"/api/activations/{other.pk}", **kiosk_headers).status_code == 404
    today = client.get("/api/kiosk/today", **kiosk_headers).json()
    assert today["activation"]["id"] == festival.pk


@pytest.mark.django_db(transaction=True)
def test_two_tablets_racing_with_one_code_pair_only_one(festival, organizer):
    import threading

    from django.db import connection

    from core.actors import Actor

    code = pairing.create_device(Actor.for_user(organizer), festival.pk, "Race").code
    results = []
    barrier = threading.Barrier(2)

    def attempt():
        try:
            barrier.wait()
            results.append(pairing.pair_device(code)[1])
        except Exception as error:  # noqa: BLE001 - the loser's refusal is what we count
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    credentials = [r for r in results if isinstance(r, str)]
    assert len(credentials) == 1
    assert [getattr(r, "code", None) for r in results if not isinstance(r, str)] == ["invalid_pairing_code"]


@pytest.mark.django_db
def test_a_revoked_device_cannot_be_paired_again(client, auth_headers, festival):
    body = create(client, auth_headers, festival.pk).json()
    assert client.delete(f"/api/kiosk-devices/{body['id']}", **auth_headers).status_code == 204
    assert client.get(f"/kiosk/pair/{body['pairing_code']}").status_code == 404
    assert client.post(f"/kiosk/pair/{body['pairing_code']}").status_code == 404
    renewed = client.post(f"/api/kiosk-devices/{body['id']}/pairing-code", **auth_headers)
    assert renewed.status_code == 409 and renewed.json()["code"] == "device_revoked"
    assert client.delete(f"/api/kiosk-devices/{body['id']}", **auth_headers).status_code == 204  # idempotent


@pytest.mark.django_db
def test_a_retried_device_creation_makes_one_device(client, auth_headers, festival):
    headers = {**auth_headers, "HTTP_IDEMPOTENCY_KEY": "create-tablet-1"}
    payload = {"activation": festival.pk, "name": "Booth tablet 1"}
    first = client.post("/api/kiosk-devices", payload, content_type="application/json", **headers)
    second = client.post("/api/kiosk-devices", payload, content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert KioskDevice.objects.count() == 1
