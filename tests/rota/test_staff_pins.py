"""Rostered people on the kiosk: their own PIN works only during their shifts ± 30 minutes, with
the device PIN's escalating lock-out, and what they do at the kiosk is recorded as theirs. The shared
device PIN stays as a fallback until the organization turns it off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from core.errors import GreenroomError
from kiosk.services import pairing, staff_pin
from rota.models import RotaPolicy
from rota.services.assignments import assign_volunteer
from rota.services.staff_pins import enter_personal_staff_mode, set_staff_pin, staff_member_for_token
from tests import factories
from tests.rota.conftest import ny, shift, volunteer

pytestmark = pytest.mark.django_db


def _device(actor, activation):
    created = pairing.create_device(actor, activation.pk, "Booth tablet")
    return pairing.pair_device(created.code)


def test_a_personal_pin_is_refused_outside_its_shift(organizer_actor, festival, sam, policy):
    device, _ = _device(organizer_actor, festival)
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14))
    assign_volunteer(organizer_actor, s.pk, sam.pk, now=ny(2027, 6, 1))
    set_staff_pin(sam.pk, "135792")

    for too_early_or_late in (ny(2027, 6, 12, 9, 29), ny(2027, 6, 12, 14, 31), ny(2027, 6, 13, 10)):
        with pytest.raises(GreenroomError) as refused:
            enter_personal_staff_mode(device, sam.pk, "135792", now=too_early_or_late)
        assert refused.value.code == "not_on_shift" and refused.value.status == 403
    token = enter_personal_staff_mode(device, sam.pk, "135792", now=ny(2027, 6, 12, 9, 31))
    assert token.expires_at == ny(2027, 6, 12, 10, 1)  # 30 minutes, then the PIN again
    late = enter_personal_staff_mode(device, sam.pk, "135792", now=ny(2027, 6, 12, 14, 20))
    assert late.expires_at == ny(2027, 6, 12, 14, 30)  # never beyond the shift's end + 30 minutes
    assert staff_member_for_token(device, late.token, now=ny(2027, 6, 12, 14, 25)) == sam
    assert staff_member_for_token(device, late.token, now=ny(2027, 6, 12, 14, 31)) is None


def test_wrong_personal_pins_lock_it_for_five_minutes(organizer_actor, festival, sam, policy):
    device, _ = _device(organizer_actor, festival)
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14))
    assign_volunteer(organizer_actor, s.pk, sam.pk, now=ny(2027, 6, 1))
    set_staff_pin(sam.pk, "135792")
    now = ny(2027, 6, 12, 11)
    codes = []
    for _ in range(5):
        with pytest.raises(GreenroomError) as refused:
            enter_personal_staff_mode(device, sam.pk, "0000", now=now)
        codes.append(refused.value.code)
    assert codes == ["wrong_pin"] * 4 + ["pin_locked"]
    with pytest.raises(GreenroomError) as refused:
        enter_personal_staff_mode(device, sam.pk, "135792", now=now + timedelta(minutes=4))
    assert refused.value.code == "pin_locked"
    assert enter_personal_staff_mode(device, sam.pk, "135792", now=now + timedelta(minutes=5, seconds=1)).token


def test_each_next_personal_lock_out_of_the_day_lasts_twice_as_long(organizer_actor, festival, sam, policy):
    """A guessing loop gets about 40 tries a day, not 1,440, as with the kiosk's own PIN."""
    device, _ = _device(organizer_actor, festival)
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 18))
    assign_volunteer(organizer_actor, s.pk, sam.pk, now=ny(2027, 6, 1))
    set_staff_pin(sam.pk, "135792")
    now = ny(2027, 6, 12, 11)
    waits = []
    for _ in range(3):
        for _ in range(5):
            with pytest.raises(GreenroomError) as refused:
                enter_personal_staff_mode(device, sam.pk, "000000", now=now)
        assert refused.value.code == "pin_locked" and refused.value.status == 429
        waits.append(refused.value.retry_after)
        now += timedelta(seconds=refused.value.retry_after + 1)
    assert waits == [300, 600, 1200]
    assert "20 more minutes" in str(refused.value)
    set_staff_pin(sam.pk, "246800")  # an organizer sets a new PIN: the count starts again
    for _ in range(4):
        with pytest.raises(GreenroomError) as refused:
            enter_personal_staff_mode(device, sam.pk, "000000", now=now)
    assert refused.value.code == "wrong_pin" and refused.value.extra["tries_left"] == 1
    with pytest.raises(GreenroomError) as refused:
        enter_personal_staff_mode(device, sam.pk, "000000", now=now)
    assert refused.value.retry_after == 300


def test_the_kiosk_records_who_checked_someone_in_and_the_shared_pin_can_be_turned_off(client, organizer_actor, org):
    now = timezone.now()
    booth = factories.activation(org, starts_at=now - timedelta(hours=3), ends_at=now + timedelta(hours=8))
    session = factories.session(booth, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=50))
    guest = factories.signup(session)
    device, credential = _device(organizer_actor, booth)
    staff_pin.set_pin(organizer_actor, device.pk, "246813")
    sam = volunteer(org, "Sam Rivera")
    on_now = shift(booth, now - timedelta(hours=1), now + timedelta(hours=2))
    assign_volunteer(organizer_actor, on_now.pk, sam.pk)
    set_staff_pin(sam.pk, "135792")
    kiosk = {"HTTP_X_KIOSK_CREDENTIAL": credential}

    assert client.get("/api/kiosk/on-shift", **kiosk).json() == [{"id": sam.pk, "name": "Sam Rivera"}]
    entered = client.post(
        "/api/kiosk/staff-mode", {"pin": "135792", "staff_member": sam.pk}, content_type="application/json", **kiosk
    )
    assert entered.status_code == 200, entered.content
    staff = {**kiosk, "HTTP_X_KIOSK_STAFF": entered.json()["staff_token"]}
    assert client.get("/api/kiosk/signups?q=Guest", **staff).status_code == 200
    checked = client.post(f"/api/signups/{guest.token}/check-in", content_type="application/json", **staff)
    assert checked.status_code == 200, checked.content
    assert SignUp.objects.get(pk=guest.pk).checked_in_by == f"kiosk:{device.pk} staff:{sam.pk}"

    shared = client.post("/api/kiosk/staff-mode", {"pin": "246813"}, content_type="application/json", **kiosk).json()[
        "staff_token"
    ]
    assert client.get("/api/kiosk/signups?q=Guest", **kiosk, HTTP_X_KIOSK_STAFF=shared).status_code == 200
    RotaPolicy.objects.update_or_create(organization=org, defaults={"shared_device_pin": False})
    refused = client.post("/api/kiosk/staff-mode", {"pin": "246813"}, content_type="application/json", **kiosk)
    assert refused.status_code == 403 and refused.json()["code"] == "shared_pin_off"
    assert client.get("/api/kiosk/signups?q=Guest", **kiosk, HTTP_X_KIOSK_STAFF=shared).status_code == 403
    assert client.get("/api/kiosk/signups?q=Guest", **staff).status_code == 200  # Sam's own still works
