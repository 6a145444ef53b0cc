"""The kiosk in headless Chromium against a live server: pairing, sign-ups, idle reset, offline
writes, revoking, "Need help now" offline, the staff PIN lock-out."""

import pytest

from kiosk.models import KioskDevice
from kiosk.services import pairing
from tests.kiosk.conftest import pair_tablet
from tests.kiosk.browser_support import storage_dump

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pairing_page_then_button_pairs_the_browser(tablet, organizer_actor, festival):
    created = pairing.create_device(organizer_actor, festival.pk, "Front counter")
    tablet.goto(created.path)
    tablet.reload()  # looking twice (as a link preview would) does not spend the code
    assert tablet.get_by_role("heading", name="Harbor Sound Booth").is_visible()
    assert "Front counter" in tablet.content()
    tablet.get_by_role("button", name="Pair this device").click()
    tablet.wait_for_url("**/kiosk/")
    assert tablet.locator(".k-title").inner_text() == "Harbor Sound Booth"
    cookie = [c for c in tablet.context.cookies() if c["name"] == "greenroom_kiosk"][0]
    assert cookie["httpOnly"]
    assert tablet.evaluate("document.cookie").find("greenroom_kiosk") == -1
    device = KioskDevice.objects.get(pk=created.device.pk)
    assert device.paired_at is not None and device.pairing_code_hash == ""
    # The code is spent: a second browser gets the "cannot be used" page.
    other = tablet.context.browser.new_context(base_url=tablet.url.split("/kiosk")[0])
    second = other.new_page()
    response = second.goto(created.path)
    assert response.status == 404
    assert "cannot be used" in second.content()
    other.close()


def test_a_revoked_tablet_is_locked_out_at_its_next_request(tablet, organizer_actor, festival):
    tablet.clock.install()
    device = pair_tablet(tablet, organizer_actor, festival)
    pairing.revoke_device(organizer_actor, device.pk)
    tablet.clock.run_for(16_000)  # the next refresh of today's sessions
    tablet.wait_for_url("**/kiosk/")
    # "no longer a kiosk", or "not paired" when the service worker's own request already removed
    # the dead cookie: locked out either way.
    tablet.locator("#kiosk-locked").wait_for()
    assert tablet.locator("#screen-today").count() == 0
    assert not [c for c in tablet.context.cookies() if c["name"] == "greenroom_kiosk" and c["value"]]
    assert tablet.evaluate("localStorage.length") == 0


def test_need_help_now_works_with_no_connection(tablet, organizer_actor, festival):
    from helplines.services.importer import import_helplines

    import_helplines()
    venue = festival.venue
    venue.country, venue.timezone = "GB", "Europe/London"
    venue.save()
    pair_tablet(tablet, organizer_actor, festival)
    # Wait until the service worker controls the page and holds the shell.
    tablet.evaluate("navigator.serviceWorker.ready")
    tablet.wait_for_function("() => caches.match('/kiosk/').then(r => !!r)")
    tablet.reload()
    tablet.wait_for_function("() => !!navigator.serviceWorker.controller")
    # Change the activation's title on the server: an offline reload that shows the old title
    # proves the page came from the tablet's cache, not from the network.
    type(festival).objects.filter(pk=festival.pk).update(title="Renamed while offline")

    tablet.context.set_offline(True)
    assert tablet.evaluate("fetch('/api/kiosk/today').then(() => 'online', () => 'offline')") == "offline"
    tablet.reload()
    assert tablet.locator(".k-title").inner_text() == "Harbor Sound Booth"
    tablet.get_by_role("button", name="Need help now").click()
    help_screen = tablet.locator("#screen-help")
    assert help_screen.is_visible()
    assert help_screen.get_by_role("heading", name="Need help now").is_visible()
    help_screen.get_by_text("116 123").wait_for()  # from the service worker's copy of help.json
    tablet.wait_for_function("() => document.getElementById('k-offline').textContent.includes('Offline')")
    text = help_screen.inner_text()
    assert "999 or 112" in text
    assert text.index("999 or 112") < text.index("116 123")  # the emergency number first
    assert "Samaritans" in text and "Text SHOUT to 85258" in text
    assert tablet.locator("#screen-help img").evaluate("img => img.complete && img.naturalWidth > 0")
    # In another language, still offline.
    tablet.locator("#k-lang-button").click()
    tablet.get_by_role("button", name="Français").click()
    tablet.get_by_role("heading", name="Besoin d'aide maintenant").wait_for()
    assert "116 123" in help_screen.inner_text()
    assert "Hors ligne" in tablet.locator("#k-offline").inner_text()
    assert "Royaume-Uni" in help_screen.inner_text()
    # Its QR code opens the help page in French on the attendee's phone.
    import io

    import zxingcpp
    from PIL import Image

    qr = tablet.locator("#k-help-qr")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in decoded] == [f"{tablet.url.split('/kiosk')[0]}/help/GB/?lang=fr"]


def test_five_wrong_pins_lock_staff_mode_even_after_a_reload(tablet, organizer_actor, festival):
    device = pair_tablet(tablet, organizer_actor, festival)
    from kiosk.services import staff_pin

    staff_pin.set_pin(organizer_actor, device.pk, "246813")
    tablet.get_by_role("button", name="Staff").click()
    for tries_left in (4, 3, 2, 1):
        tablet.get_by_label("Staff PIN").fill("1111")
        tablet.get_by_role("button", name="Enter staff mode").click()
        tablet.get_by_text(f"{tries_left} tr").wait_for()
    tablet.get_by_label("Staff PIN").fill("1111")
    tablet.get_by_role("button", name="Enter staff mode").click()
    tablet.get_by_text("locked for 5 more minutes").wait_for()

    tablet.reload()
    tablet.get_by_role("button", name="Staff").click()
    tablet.get_by_label("Staff PIN").fill("246813")
    tablet.get_by_role("button", name="Enter staff mode").click()
    tablet.get_by_text("Too many wrong PINs").wait_for()
    assert not tablet.locator("#screen-staff").is_visible()


def _today_session(festival, **kw):
    from datetime import timedelta

    from django.utils import timezone

    from tests import factories

    now = timezone.now()
    defaults = dict(starts_at=now + timedelta(minutes=50), ends_at=now + timedelta(minutes=95))
    return factories.session(festival, **{**defaults, **kw})


def test_idle_reset_warns_at_40_seconds_and_clears_everything_at_60(tablet, organizer_actor, festival):
    _today_session(festival, title="Guided breathwork", capacity=20)
    tablet.clock.install()
    pair_tablet(tablet, organizer_actor, festival)
    tablet.locator("#k-lang-button").click()
    tablet.get_by_role("button", name="Deutsch").click()
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("Dein Name oder ein Spitzname").fill("Zebulon Quist")
    tablet.get_by_label("E-Mail (freiwillig)").fill("zebulon@example.org")
    tablet.evaluate("sessionStorage.setItem('draft', 'Zebulon Quist')")  # as if something had kept it

    tablet.clock.run_for(39_000)
    assert not tablet.locator("#k-idle").is_visible()
    tablet.clock.run_for(2_000)
    assert tablet.get_by_role("heading", name="Bist du noch da?").is_visible()
    assert "Sekunden" in tablet.locator("#k-idle-text").inner_text()

    tablet.clock.run_for(20_000)
    tablet.get_by_role("heading", name="Today's workshops").wait_for()
    assert tablet.evaluate("document.documentElement.lang") == "en"
    assert not tablet.locator("#k-idle").is_visible()
    html = tablet.content()
    assert "Zebulon" not in html and "zebulon@" not in html
    values = tablet.evaluate("Array.from(document.querySelectorAll('input')).map(i => i.value).join('|')")
    assert "Zebulon" not in values and "zebulon" not in values
    assert "Zebulon" not in storage_dump(tablet)


def test_input_keeps_the_kiosk_awake(tablet, organizer_actor, festival):
    _today_session(festival, title="Guided breathwork", capacity=20)
    tablet.clock.install()
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="Guided breathwork").click()
    for _ in range(3):
        tablet.clock.run_for(35_000)
        tablet.get_by_label("Your name or a nickname").press_sequentially("ab")
    assert tablet.locator("#screen-signup").is_visible()
    tablet.clock.run_for(41_000)
    tablet.get_by_role("button", name="I'm still here").click()
    tablet.clock.run_for(30_000)
    assert tablet.locator("#screen-signup").is_visible()


def test_the_help_screen_is_not_hurried_away(tablet, organizer_actor, festival):
    tablet.clock.install()
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="Need help now").click()
    tablet.clock.run_for(120_000)
    assert tablet.locator("#screen-help").is_visible()
    tablet.clock.run_for(481_000)
    tablet.get_by_role("heading", name="Today's workshops").wait_for()
