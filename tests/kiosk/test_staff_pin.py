"""Staff mode: a PIN of 6 to 8 digits set by an organizer; five wrong tries lock it, server-side,
for 5 minutes, then 10, 20… within a day (Retry-After says how long); the third lock-out in a day
emails the organizers, and an organizer can lift it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kiosk.models import KioskDevice
from kiosk.services import pairing


def enter(client, headers, pin):
    return client.post("/api/kiosk/staff-mode", {"pin": pin}, content_type="application/json", **headers)


@pytest.mark.django_db
def test_organizer_sets_a_pin_and_staff_mode_opens_with_it(client, auth_headers, device, kiosk_headers):
    assert enter(client, kiosk_headers, "246813").json()["code"] == "no_pin_set"
    response = client.put(
        f"/api/kiosk-devices/{device.pk}/pin", {"pin": "246813"}, content_type="application/json", **auth_headers
    )
    assert response.status_code == 204
    device.refresh_from_db()
    assert device.pin_hash and "246813" not in device.pin_hash
    opened = enter(client, kiosk_headers, "246813")
    assert opened.status_code == 200
    assert opened.json()["staff_token"]


@pytest.mark.django_db
@pytest.mark.parametrize("pin", ["123", "2468", "12345", "123456789", "12a456", "", "١٢٣٤٥٦"])
def test_a_pin_is_6_to_8_plain_digits(client, auth_headers, device, pin):
    response = client.put(f"/api/kiosk-devices/{device.pk}/pin", {"pin": pin}, content_type="application/json", **auth_headers)
    assert response.status_code == 422
    device.refresh_from_db()
    assert device.pin_hash == ""


@pytest.mark.django_db
def test_a_kiosk_cannot_set_its_own_pin(client, device, kiosk_headers):
    response = client.put(
        f"/api/kiosk-devices/{device.pk}/pin", {"pin": "1111"}, content_type="application/json", **kiosk_headers
    )
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
    right = enter(client.__class__(), kiosk_headers, "246813")
    assert right.status_code == 429 and right.json()["code"] == "pin_locked"
    assert 0 < int(right["Retry-After"]) <= 300 and 0 < int(fifth["Retry-After"]) <= 300

    KioskDevice.objects.filter(pk=device_with_pin.pk).update(pin_locked_until=timezone.now() - timedelta(seconds=1))
    assert enter(client, kiosk_headers, "246813").status_code == 200


@pytest.mark.django_db
def test_a_right_pin_resets_the_count_of_wrong_ones(client, device_with_pin, kiosk_headers):
    for _ in range(4):
        enter(client, kiosk_headers, "0000")
    assert enter(client, kiosk_headers, "246813").status_code == 200
    assert enter(client, kiosk_headers, "0000").json()["tries_left"] == 4


@pytest.mark.django_db
def test_setting_a_new_pin_lifts_a_lock(client, auth_headers, device_with_pin, kiosk_headers):
    for _ in range(5):
        enter(client, kiosk_headers, "0000")
    client.put(f"/api/kiosk-devices/{device_with_pin.pk}/pin", {"pin": "975310"}, content_type="application/json", **auth_headers)
    assert enter(client, kiosk_headers, "975310").status_code == 200


@pytest.mark.django_db
def test_reading_names_needs_the_staff_token_of_this_device(client, festival, organizer_actor, device_with_pin, kiosk_headers):
    assert client.get("/api/kiosk/signups?q=a", **kiosk_headers).json()["code"] == "staff_mode_required"
    token = enter(client, kiosk_headers, "246813").json()["staff_token"]
    staff = {**kiosk_headers, "HTTP_X_KIOSK_STAFF": token}
    assert client.get("/api/kiosk/signups?q=a", **staff).status_code == 200

    # Another tablet of the same activation cannot borrow it.
    other_device, other_credential = pairing.pair_device(pairing.create_device(organizer_actor, festival.pk, "Tablet 2").code)
    borrowed = client.get("/api/kiosk/signups?q=a", HTTP_X_KIOSK_CREDENTIAL=other_credential, HTTP_X_KIOSK_STAFF=token)
    assert borrowed.status_code == 403 and borrowed.json()["code"] == "staff_mode_required"
    assert client.get("/api/kiosk/signups?q=a", **{**kiosk_headers, "HTTP_X_KIOSK_STAFF": token + "x"}).status_code == 403


@pytest.mark.django_db
def test_changing_the_pin_ends_staff_sessions(client, auth_headers, device_with_pin, kiosk_headers):
    token = enter(client, kiosk_headers, "246813").json()["staff_token"]
    client.put(f"/api/kiosk-devices/{device_with_pin.pk}/pin", {"pin": "135792"}, content_type="application/json", **auth_headers)
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


def lock_out(client, kiosk_headers):
    for _ in range(4):
        enter(client, kiosk_headers, "000000")
    return enter(client, kiosk_headers, "000000")


def unlock_by_waiting(device):
    """The lock-out has run out (its escalation stays: it counts lock-outs within a day)."""
    KioskDevice.objects.filter(pk=device.pk).update(pin_locked_until=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
def test_each_lock_out_of_a_day_lasts_twice_as_long_and_the_third_tells_the_organizers(
    client, device_with_pin, kiosk_headers, organizer
):
    from notifications.models import Message

    organizer.email = "olivia@soundmind.example"
    organizer.save()
    waits = []
    for n in range(1, 5):
        locked = lock_out(client, kiosk_headers)
        assert locked.status_code == 429 and locked.json()["code"] == "pin_locked"
        waits.append(int(locked["Retry-After"]))
        told = list(Message.objects.filter(kind="kiosk_pin_locked"))  # the outbox: sent once committed
        assert len(told) == (1 if n >= 3 else 0), n  # once, at the third lock-out
        unlock_by_waiting(device_with_pin)
    assert [round(w / 60) for w in waits] == [5, 10, 20, 40]
    assert told[0].recipient == "olivia@soundmind.example" and "/admin/kiosk/kioskdevice/" in told[0].body
    assert "locked 3 times today" in told[0].subject
    # a guessing loop gets about 40 tries a day, not 1,440
    from core.pins import MAX_WRONG_TRIES, lock_duration

    minutes, locks = 0, 0
    while minutes + lock_duration(locks + 1).total_seconds() / 60 <= 24 * 60:
        locks += 1
        minutes += lock_duration(locks).total_seconds() / 60
    assert MAX_WRONG_TRIES * (locks + 1) <= 50


@pytest.mark.django_db
def test_a_day_later_the_escalation_starts_again_and_a_right_pin_ends_it(client, device_with_pin, kiosk_headers):
    lock_out(client, kiosk_headers)
    unlock_by_waiting(device_with_pin)
    assert round(int(lock_out(client, kiosk_headers)["Retry-After"]) / 60) == 10
    KioskDevice.objects.filter(pk=device_with_pin.pk).update(
        pin_locked_until=timezone.now() - timedelta(seconds=1), pin_lockouts_since=timezone.now() - timedelta(days=1, minutes=1)
    )
    assert round(int(lock_out(client, kiosk_headers)["Retry-After"]) / 60) == 5
    unlock_by_waiting(device_with_pin)
    assert enter(client, kiosk_headers, "246813").status_code == 200
    assert round(int(lock_out(client, kiosk_headers)["Retry-After"]) / 60) == 5


@pytest.mark.django_db
def test_an_organizer_lifts_a_lock_out_in_the_kiosk_admin(client, device_with_pin, kiosk_headers, organizer):
    from django.contrib.auth.models import Permission
    from django.test import Client

    for _ in range(3):
        lock_out(client, kiosk_headers)
        unlock_by_waiting(device_with_pin)
    lock_out(client, kiosk_headers)
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label="kiosk"))
    team = Client()
    team.force_login(organizer)
    listing = team.get("/admin/kiosk/kioskdevice/").content.decode()
    assert "Locked until" in listing and "lift_pin_lockouts" in listing
    lifted = team.post(
        "/admin/kiosk/kioskdevice/", {"action": "lift_pin_lockouts", "_selected_action": [device_with_pin.pk]}, follow=True
    )
    assert "Lifted the PIN lock-out" in lifted.content.decode()
    assert enter(client, kiosk_headers, "246813").status_code == 200
    device_with_pin.refresh_from_db()
    assert device_with_pin.pin_lockouts == 0


@pytest.mark.django_db
def test_a_kiosk_cannot_lift_its_own_lock_out(device_with_pin):
    from core.actors import Actor
    from core.errors import Forbidden
    from kiosk.services.staff_pin import lift_pin_lockout

    with pytest.raises(Forbidden):
        lift_pin_lockout(Actor.for_device(device_with_pin), device_with_pin.pk)
