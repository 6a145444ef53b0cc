"""Staff mode: a PIN set by an organizer; five wrong tries lock it for five minutes, server-side."""
from datetime import timedelta

import pytest
from django.utils import timezone

from kiosk.models import KioskDevice
from kiosk.services import pairing


def enter(client, headers, pin):
    return client.post("/api/kiosk/staff-mode", {"pin": pin}, content_type="application/json", **headers)


@pytest.mark.django_db
def test_organizer_sets_a_pin_and_staff_mode_opens_with_it(client, auth_headers, device, kiosk_headers):
    assert enter(client, kiosk_headers, "2468").json()["code"] == "no_pin_set"
    response = client.put(f"/api/kiosk-devices/{device.pk}/pin", {"pin": "2468"}, content_type="application/json", **auth_headers)
    assert response.status_code == 204
    device.refresh_from_db()
    assert device.pin_hash and "2468" not in device.pin_hash
    opened = enter(client, kiosk_headers, "2468")
    assert opened.status_code == 200
    assert opened.json()["staff_token"]


@pytest.mark.django_db
@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "١٢٣٤"])
def test_a_pin_is_4_to_8_plain_digits(client, auth_headers, device, pin):
    response = client.put(f"/api/kiosk-devices/{device.pk}/pin", {"pin": pin}, content_type="application/json", **auth_headers)
    assert response.status_code == 422
    device.refresh_from_db()
    assert device.pin_hash == ""


@pytest.mark.django_db
def test_a_kiosk_cannot_set_its_own_pin(client, device, kiosk_headers):
    response = client.put(f"/api/kiosk-devices/{device.pk}/pin", {"pin": "1111"}, content_type="application/json", **kiosk_headers)
    assert response.status_code == 401


@pytest.mark.django_db
def test_five_wrong_pins_lock_staff_mode_for_five_minutes(client, device_with_pin, kiosk_headers):
    lefts = []
    for _ in range(4):
        response = enter(client, kiosk_headers, "0000")
        assert response.status_code == 403
        assert response.json()["code"] == "wrong_pin"
        lefts.append(response.json()["tries_left"])
    assert lefts == [4, 3, 2, 1]
    fifth = enter(client, kiosk_headers, "0000")
    assert fifth.status_code == 429
    assert fifth.json()["code"] == "pin_locked"
    assert "5 more minutes" in fifth.json()["detail"]
    # Locked: even the right PIN is refused, and a fresh browser (reload) is no way round it.
    right = enter(client.__class__(), kiosk_headers, "2468")
    assert right.status_code == 429 and right.json()["code"] == "pin_locked"
    assert 0 < right.json()["retry_after"] <= 300

    KioskDevice.objects.filter(pk=device_with_pin.pk).update(pin_locked_until=timezone.now() - timedelta(seconds=1))
    assert enter(client, kiosk_headers, "2468").status_code == 200


@pytest.mark.django_db
def test_a_right_pin_resets_the_count_of_wrong_ones(client, device_with_pin, kiosk_headers):
    for _ in range(4):
        enter(client, kiosk_headers, "0000")
    assert enter(client, kiosk_headers, "2468").status_code == 200
    assert enter(client, kiosk_headers, "0000").json()["tries_left"] == 4


@pytest.mark.django_db
def test_setting_a_new_pin_lifts_a_lock(client, auth_headers, device_with_pin, kiosk_headers):
    for _ in range(5):
        enter(client, kiosk_headers, "0000")
    client.put(f"/api/kiosk-devices/{device_with_pin.pk}/pin", {"pin": "97531"}, content_type="application/json", **auth_headers)
    assert enter(client, kiosk_headers, "97531").status_code == 200


@pytest.mark.django_db
def test_reading_names_needs_the_staff_token_of_this_device(client, festival, organizer_actor, device_with_pin, kiosk_headers):
    assert client.get("/api/kiosk/signups?q=a", **kiosk_headers).json()["code"] == "staff_mode_required"
    token = enter(client, kiosk_headers, "2468").json()["staff_token"]
    staff = {**kiosk_headers, "HTTP_X_KIOSK_STAFF": token}
    assert client.get("/api/kiosk/signups?q=a", **staff).status_code == 200

    # Another tablet of the same activation cannot borrow it.
    other_device, other_credential = pairing.pair_device(pairing.create_device(organizer_actor, festival.pk, "Tablet 2").code)
    borrowed = client.get("/api/kiosk/signups?q=a", HTTP_X_KIOSK_CREDENTIAL=other_credential, HTTP_X_KIOSK_STAFF=token)
    assert borrowed.status_code == 403 and borrowed.json()["code"] == "staff_mode_required"
    assert client.get("/api/kiosk/signups?q=a", **{**kiosk_headers, "HTTP_X_KIOSK_STAFF": token + "x"}).status_code == 403


@pytest.mark.django_db
def test_changing_the_pin_ends_staff_sessions(client, auth_headers, device_with_pin, kiosk_headers):
    token = enter(client, kiosk_headers, "2468").json()["staff_token"]
    client.put(f"/api/kiosk-devices/{device_with_pin.pk}/pin", {"pin": "1357"}, content_type="application/json", **auth_headers)
    response = client.get("/api/kiosk/signups?q=a", **{**kiosk_headers, "HTTP_X_KIOSK_STAFF": token})
    assert response.status_code == 403 and response.json()["code"] == "staff_mode_required"


@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_pins_are_all_counted(device_with_pin):
    """Ten wrong PINs at once from two browsers: none is lost, so the lock still comes at five."""
    import threading

    from django.db import connection

    from core.errors import GreenroomError
    from kiosk.services.staff_pin import enter_staff_mode

    codes = []
    barrier = threading.Barrier(10)

    def attempt():
        try:
            barrier.wait()
            enter_staff_mode(device_with_pin, "0000")
        except GreenroomError as error:
            codes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes.count("wrong_pin") == 4
    assert codes.count("pin_locked") == 6
