"""The kiosk device admin: create (code, link and QR shown once), new code, PIN, revoke, scoping."""

import re

import pytest

from kiosk.models import KioskDevice
from tests import factories


@pytest.fixture
def admin_client(client, organizer):
    from django.contrib.auth.models import Permission

    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label="kiosk"))
    client.force_login(organizer)
    return client


@pytest.mark.django_db
def test_creating_a_device_shows_its_pairing_code_link_and_qr_once(admin_client, festival, settings):
    response = admin_client.post(
        "/admin/kiosk/kioskdevice/add/",
        {"activation": festival.pk, "name": "Booth tablet 1", "default_language": "es", "new_pin": "246813"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    code = re.search(r'id="pairing-code">(\w+)<', html).group(1)
    assert f"{settings.SITE_URL}/kiosk/pair/{code}" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "no-store" in response["Cache-Control"]
    device = KioskDevice.objects.get()
    assert device.name == "Booth tablet 1" and device.default_language == "es" and device.has_pin
    assert code not in device.pairing_code_hash
    # The code pairs a tablet.
    assert admin_client.__class__().post(f"/kiosk/pair/{code}").status_code == 303
    # The device page never shows the code again.
    assert code not in admin_client.get(f"/admin/kiosk/kioskdevice/{device.pk}/change/").content.decode()


@pytest.mark.django_db
def test_a_new_code_from_the_admin(admin_client, device):
    assert "Get a new pairing code" in admin_client.get(f"/admin/kiosk/kioskdevice/{device.pk}/pairing/").content.decode()
    response = admin_client.post(f"/admin/kiosk/kioskdevice/{device.pk}/pairing/")
    code = re.search(r'id="pairing-code">(\w+)<', response.content.decode()).group(1)
    assert admin_client.__class__().get(f"/kiosk/pair/{code}").status_code == 200


@pytest.mark.django_db
def test_setting_the_pin_in_the_admin(admin_client, device):
    url = f"/admin/kiosk/kioskdevice/{device.pk}/change/"
    bad = admin_client.post(url, {"name": device.name, "default_language": "en", "new_pin": "1234"})
    assert bad.status_code == 200 and "6 to 8 digits" in bad.content.decode()
    ok = admin_client.post(url, {"name": device.name, "default_language": "en", "new_pin": "975319"})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.has_pin
    from kiosk.services.staff_pin import enter_staff_mode

    assert enter_staff_mode(device, "975319").token


@pytest.mark.django_db
def test_revoke_action_locks_the_tablet_out(admin_client, device, kiosk_headers):
    response = admin_client.post(
        "/admin/kiosk/kioskdevice/", {"action": "revoke_selected", "_selected_action": [device.pk]}, follow=True
    )
    assert "Revoked 1 kiosk device" in response.content.decode()
    assert admin_client.get("/api/kiosk/today", **kiosk_headers).status_code == 401


@pytest.mark.django_db
def test_organizers_see_and_pick_only_their_own(admin_client, device, other_org):
    foreign_activation = factories.activation(other_org, title="Not ours")
    listing = admin_client.get("/admin/kiosk/kioskdevice/").content.decode()
    assert device.name in listing
    form = admin_client.get("/admin/kiosk/kioskdevice/add/").content.decode()
    assert "Not ours" not in form
    response = admin_client.post(
        "/admin/kiosk/kioskdevice/add/", {"activation": foreign_activation.pk, "name": "x", "default_language": "en"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    from core.actors import Actor
    from kiosk.services import pairing

    stranger_device = pairing.create_device(
        Actor.for_user(factories.organizer(other_org)), foreign_activation.pk, "Theirs"
    ).device
    assert admin_client.get(f"/admin/kiosk/kioskdevice/{stranger_device.pk}/change/").status_code == 302
    assert admin_client.post(f"/admin/kiosk/kioskdevice/{stranger_device.pk}/pairing/").status_code == 404
