"""The kiosk's writes in headless Chromium: sign-ups (confirmed and waitlisted), staff check-in,
no-shows, walk-ins, kit hand-outs with undo, and all of it while the festival Wi-Fi is down."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from kiosk.services import staff_pin
from tests import factories
from tests.kiosk.browser_support import storage_dump
from tests.kiosk.conftest import pair_tablet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def soon(festival, minutes=50, **kw):
    now = timezone.now()
    return factories.session(
        festival, starts_at=now + timedelta(minutes=minutes), ends_at=now + timedelta(minutes=minutes + 45), **kw
    )


def add_signup(session, name, status="confirmed", position=None, email=""):
    return SignUp.objects.create(
        session=session, display_name=name, status=status, waitlist_position=position, email=email, source="web"
    )


@pytest.fixture
def booth_stock(org, festival, organizer_actor):
    from stock.models import KitType, StockLocation
    from stock.services import stock

    kit = KitType.objects.create(organization=org, name="Self-care kit", contents="Earplugs, water, electrolytes")
    booth = StockLocation.objects.create(organization=org, name="Harbor booth", activation=festival)
    stock.receive_kits(organizer_actor, location=booth.pk, kit_type=kit.pk, quantity=20)
    stock.set_low_stock_threshold(organizer_actor, location=booth.pk, kit_type=kit.pk, threshold=18)
    return kit, booth


def on_hand(kit, booth):
    from stock.models import StockLevel

    return StockLevel.objects.get(kit_type=kit, location=booth).on_hand


def hand_outs(kit, booth):
    from stock.models import StockMovement

    return StockMovement.objects.filter(kit_type=kit, location=booth, kind="distribute", quantity__lt=0).count()


def enter_staff_mode(page, device, organizer_actor):
    staff_pin.set_pin(organizer_actor, device.pk, "246813")
    page.get_by_role("button", name="Staff").click()
    page.get_by_label("Staff PIN").fill("246813")
    page.get_by_role("button", name="Enter staff mode").click()
    page.get_by_role("heading", name="Staff mode").wait_for()


def test_a_sign_up_and_a_waitlisted_sign_up(tablet, organizer_actor, festival, live_site):
    import zxingcpp
    from PIL import Image

    breathwork = soon(festival, title="Guided breathwork", capacity=2)
    grief = soon(festival, 100, title="Songwriting through grief", capacity=1, waitlist=True)
    add_signup(grief, "Someone earlier")
    pair_tablet(tablet, organizer_actor, festival)
    assert "2 spots free" in tablet.locator("#k-sessions").inner_text()

    tablet.get_by_role("button", name="Guided breathwork").click()
    assert not tablet.locator("#k-waitlist-note").is_visible()
    tablet.get_by_label("Your name or a nickname").fill("Sam")
    tablet.get_by_label("Email (optional)").fill("sam@example.org")
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_role("heading", name="You're in, Sam!").wait_for()
    signup = SignUp.objects.get(session=breathwork)
    assert (signup.display_name, signup.email, signup.status, signup.source) == ("Sam", "sam@example.org", "confirmed", "kiosk")
    qr = tablet.locator("#k-done-qr-img")
    qr.wait_for()
    tablet.wait_for_function("() => document.getElementById('k-done-qr-img').naturalWidth > 0")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in decoded] == [f"{live_site}/signups/{signup.token}/?lang=en"]
    tablet.get_by_role("button", name="Done").click()
    tablet.wait_for_function("() => document.getElementById('k-sessions').innerText.includes('1 spot free')")

    tablet.get_by_role("button", name="Songwriting through grief").click()
    assert tablet.locator("#k-waitlist-note").is_visible()
    tablet.get_by_label("Your name or a nickname").fill("Robin")
    tablet.get_by_role("button", name="Join the waiting list").click()
    tablet.get_by_role("heading", name="You're on the waiting list, Robin").wait_for()
    assert "number 1" in tablet.locator("#k-done-text").inner_text()
    waiting = SignUp.objects.get(session=grief, display_name="Robin")
    assert (waiting.status, waiting.waitlist_position) == ("waitlisted", 1)


def test_an_email_already_on_the_list_shows_no_place_and_no_qr_code(tablet, organizer_actor, festival, mailoutbox, tmp_path):
    """Anyone at the booth can type anyone's email: the kiosk says the person is already on the
    list and that their link was emailed, and shows neither that place nor its QR code."""
    breathwork = soon(festival, title="Guided breathwork", capacity=5)
    sam = add_signup(breathwork, "Sam", email="sam@example.org")
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("Your name or a nickname").fill("Not Sam")
    tablet.get_by_label("Email (optional)").fill("SAM@example.org")
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_role("heading", name="You're already on the list").wait_for()
    assert "emailed your link" in tablet.locator("#k-done-text").inner_text()
    assert not tablet.locator("#k-done-qr").is_visible()
    assert sam.token not in tablet.content() and "Sam" not in tablet.locator("#screen-done").inner_text()
    tablet.screenshot(path=str(tmp_path / "already-on-the-list.png"))
    assert SignUp.objects.filter(session=breathwork).count() == 1
    assert [m.to for m in mailoutbox] == [["sam@example.org"]] and sam.token in mailoutbox[0].body


def test_full_without_waitlist_cannot_be_tapped(tablet, organizer_actor, festival):
    full = soon(festival, title="Peer support 101", capacity=1, waitlist=False)
    add_signup(full, "First")
    pair_tablet(tablet, organizer_actor, festival)
    card = tablet.locator(".k-session", has_text="Peer support 101")
    assert "Full" in card.inner_text()
    assert tablet.get_by_role("button", name="Peer support 101").count() == 0


def test_idle_reset_after_a_sign_up_leaves_no_name_behind(tablet, organizer_actor, festival):
    soon(festival, title="Guided breathwork", capacity=5)
    tablet.clock.install()
    pair_tablet(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("Your name or a nickname").fill("Zebulon Quist")
    tablet.get_by_label("Email (optional)").fill("zq@example.org")
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_role("heading", name="You're in, Zebulon Quist!").wait_for()
    tablet.clock.run_for(41_000)
    assert tablet.get_by_role("heading", name="Are you still there?").is_visible()
    tablet.clock.run_for(20_000)
    tablet.get_by_role("heading", name="Today's workshops").wait_for()
    html = tablet.content()
    assert "Zebulon" not in html and "zq@example.org" not in html
    assert "/kiosk/qr/" not in html  # the QR of their private link is gone too
    assert "Zebulon" not in storage_dump(tablet)


def test_staff_check_in_no_show_walk_in_and_kit_hand_out_with_undo(tablet, organizer_actor, festival, booth_stock, live_site):
    kit, booth = booth_stock
    now = timezone.now()
    upcoming = soon(festival, 30, title="Guided breathwork", capacity=5)
    sam = add_signup(upcoming, "Sam Searchable")
    cody = add_signup(upcoming, "Cody Scanned")
    started = factories.session(
        festival, title="Ear care", capacity=2, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=35)
    )
    nora = add_signup(started, "Nora Absent")
    wade = add_signup(started, "Wade Waiting", status="waitlisted", position=1)
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)

    tablet.get_by_label("Name", exact=True).fill("searchable")
    tablet.get_by_role("button", name="Search").click()
    row = tablet.locator("#k-results .k-result", has_text="Sam Searchable")
    row.get_by_role("button", name="Check in").click()
    tablet.get_by_text("Checked in: Sam Searchable").wait_for()
    sam.refresh_from_db()
    assert sam.status == "checked_in"

    tablet.get_by_label("Code or link from their QR").fill(f"{live_site}/signups/{cody.token}/")
    tablet.locator("#k-code-form").get_by_role("button", name="Check in").click()
    tablet.get_by_text("Checked in: Cody Scanned").wait_for()
    cody.refresh_from_db()
    assert cody.status == "checked_in"

    tablet.get_by_role("button", name="Sessions").click()
    tablet.locator("#k-staff-sessions .k-result", has_text="Ear care").get_by_role("button", name="Sign-ups").click()
    tablet.locator("#k-roster-list .k-result", has_text="Wade Waiting").get_by_role("button", name="Admit and check in").click()
    tablet.get_by_text("Checked in: Wade Waiting").wait_for()
    wade.refresh_from_db()
    assert (wade.status, wade.waitlist_position) == ("checked_in", None)
    tablet.locator("#k-roster-list .k-result", has_text="Nora Absent").get_by_role("button", name="No-show").click()
    tablet.get_by_text("Marked as a no-show").wait_for()
    nora.refresh_from_db()
    assert nora.status == "no_show"
    tablet.get_by_label("Admit a walk-in (name)").fill("Wendy Walkin")
    tablet.get_by_role("button", name="Admit walk-in").click()
    tablet.get_by_text("Walk-in admitted").wait_for()
    wendy = SignUp.objects.get(session=started, display_name="Wendy Walkin")
    assert wendy.status == "checked_in"

    tablet.get_by_role("button", name="Kits").click()
    stock_row = tablet.locator("#k-stock .k-stock-row", has_text="Self-care kit")
    assert stock_row.locator(".k-count").inner_text() == "20"
    for expected in ("19", "18"):
        stock_row.get_by_role("button", name="Hand out 1").click()
        tablet.wait_for_function(f"() => document.querySelector('#k-stock .k-count').textContent === '{expected}'")
    assert "Low stock" in tablet.locator("#k-stock").inner_text()
    tablet.get_by_role("button", name="Undo").click()
    tablet.get_by_text("Hand-out undone.").wait_for()
    assert on_hand(kit, booth) == 19
    assert hand_outs(kit, booth) == 2


def test_offline_sign_ups_and_hand_outs_reach_the_server_once_when_back_online(
    tablet, organizer_actor, festival, booth_stock, settings
):
    settings.GREENROOM_KIOSK_LEASE_PLACES = 0  # no places held (test_seat_leases_browser.py): offline means not confirmed
    kit, booth = booth_stock
    breathwork = soon(festival, title="Guided breathwork", capacity=10)
    grief = soon(festival, 100, title="Songwriting through grief", capacity=10)
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_role("button", name="Kits").click()
    stock_row = tablet.locator("#k-stock .k-stock-row", has_text="Self-care kit")
    stock_row.wait_for()

    tablet.context.set_offline(True)
    for n in (1, 2, 3):
        stock_row.get_by_role("button", name="Hand out 1").click()
        tablet.get_by_text(f"Offline — {n} action{'s' if n > 1 else ''} waiting").wait_for()
    tablet.get_by_role("button", name="Leave staff mode").click()

    for title, name, n in (("Guided breathwork", "Ava Offline", 4), ("Songwriting through grief", "Ben Offline", 5)):
        tablet.get_by_role("button", name=title).click()
        tablet.get_by_label("Your name or a nickname").fill(name)
        tablet.get_by_role("button", name="Sign up").click()
        tablet.get_by_role("heading", name="Saved on this tablet — not confirmed yet").wait_for()
        assert "not confirmed" in tablet.locator("#k-done-text").inner_text()
        tablet.get_by_text(f"Offline — {n} actions waiting").wait_for()
        tablet.get_by_role("button", name="Done").click()

    assert SignUp.objects.count() == 0
    assert hand_outs(kit, booth) == 0
    assert "Ava Offline" in storage_dump(tablet)  # the queued write is what survives, until sent

    tablet.context.set_offline(False)
    # The sign-ups go at once; the hand-outs are staff writes, refused by the server without the
    # staff token (kept in memory only): they wait, in order, until staff mode is open again.
    tablet.get_by_text("3 staff write(s) saved on this tablet: open staff mode to send them.").wait_for(timeout=20_000)
    assert sorted(SignUp.objects.values_list("display_name", "session_id", "status")) == [
        ("Ava Offline", breathwork.pk, "confirmed"),
        ("Ben Offline", grief.pk, "confirmed"),
    ]
    assert hand_outs(kit, booth) == 0
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.wait_for_function("() => document.getElementById('k-offline').textContent === ''", timeout=20_000)
    assert hand_outs(kit, booth) == 3
    assert on_hand(kit, booth) == 17
    assert "Ava Offline" not in storage_dump(tablet)

    # Another reconnect (the Wi-Fi flapping) sends nothing twice.
    tablet.context.set_offline(True)
    tablet.context.set_offline(False)
    tablet.evaluate("KioskQueue.flush()")
    assert SignUp.objects.count() == 2 and hand_outs(kit, booth) == 3


def test_a_write_whose_answer_was_lost_is_applied_once(tablet, organizer_actor, festival, settings):
    """The request reached the server but the answer never came back: the kiosk queues it and
    replays it with the same Idempotency-Key, and the server answers from its record."""
    settings.GREENROOM_KIOSK_LEASE_PLACES = 0  # no place held for the tablet: it cannot say "confirmed"
    session = soon(festival, title="Guided breathwork", capacity=10)
    pair_tablet(tablet, organizer_actor, festival)
    lost = []

    def deliver_then_drop(route):
        if not lost:
            route.fetch()  # the server does the work…
            lost.append(route.request.headers.get("idempotency-key"))
            route.abort("connectionreset")  # …but the tablet never hears back
        else:
            route.continue_()

    tablet.route("**/api/sessions/*/signups", deliver_then_drop)
    tablet.get_by_role("button", name="Guided breathwork").click()
    tablet.get_by_label("Your name or a nickname").fill("Lou Lost")
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_role("heading", name="Saved on this tablet — not confirmed yet").wait_for()
    assert SignUp.objects.filter(session=session).count() == 1
    tablet.evaluate("KioskQueue.flush()")
    tablet.wait_for_function("() => KioskQueue.count() === 0")
    assert SignUp.objects.filter(session=session).count() == 1
    assert len(lost) == 1 and lost[0]


FAKE_DETECTOR = """
window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  async detect(source) { return window.__qrOnCamera ? [{ rawValue: window.__qrOnCamera, format: 'qr_code' }] : []; }
};
"""


def test_scanning_a_qr_code_checks_in(tablet, organizer_actor, festival, live_site):
    """Where the browser has BarcodeDetector, the camera scan checks the attendee in. Headless
    Chromium has a synthetic camera but no detector, so the test supplies one that "sees" the code."""
    session = soon(festival, 30, title="Guided breathwork", capacity=5)
    cody = add_signup(session, "Cody Camera")
    tablet.context.grant_permissions(["camera"])
    tablet.add_init_script(FAKE_DETECTOR)
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_role("button", name="Scan QR code").click()
    tablet.locator("#k-scanner video").wait_for()
    tablet.evaluate(f"window.__qrOnCamera = '{live_site}/signups/{cody.token}/'")
    tablet.get_by_text("Checked in: Cody Camera").wait_for()
    assert not tablet.locator("#k-scanner").is_visible()
    cody.refresh_from_db()
    assert cody.status == "checked_in"


def test_without_barcode_detector_the_code_is_typed(tablet, organizer_actor, festival):
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    assert tablet.evaluate("'BarcodeDetector' in window") is False
    assert not tablet.get_by_role("button", name="Scan QR code").is_visible()
    assert tablet.get_by_label("Code or link from their QR").is_visible()


def test_the_hand_out_undo_lasts_ten_seconds(tablet, organizer_actor, festival, booth_stock):
    kit, booth = booth_stock
    tablet.clock.install()
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_role("button", name="Kits").click()
    tablet.locator("#k-stock .k-stock-row").get_by_role("button", name="Hand out 1").click()
    tablet.get_by_role("button", name="Undo").wait_for()
    tablet.clock.run_for(9_000)
    assert tablet.get_by_role("button", name="Undo").is_visible()
    tablet.clock.run_for(1_500)
    assert not tablet.get_by_role("button", name="Undo").is_visible()
    assert on_hand(kit, booth) == 19 and hand_outs(kit, booth) == 1


def test_a_rostered_person_signs_in_as_themselves_and_their_check_ins_are_theirs(tablet, organizer_actor, festival, tmp_path):
    """On shift now, Sam picks their name on the PIN screen and types their own PIN; the check-in
    they then make is recorded as theirs. Someone not on shift is not on the list."""
    from rota.models import Shift, Volunteer
    from rota.services.assignments import assign_volunteer
    from rota.services.staff_pins import set_staff_pin

    now = timezone.now()
    session = soon(festival, 30, title="Guided breathwork", capacity=5)
    guest = add_signup(session, "Gita Guest")
    sam = Volunteer.objects.create(organization=festival.organization, name="Sam Rivera", email="sam@volunteers.example")
    later = Volunteer.objects.create(organization=festival.organization, name="Lee Later", email="lee@volunteers.example")
    on_now = Shift.objects.create(
        activation=festival,
        role="Peer supporter",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        min_people=1,
        max_people=3,
    )
    tonight = Shift.objects.create(
        activation=festival,
        role="Peer supporter",
        starts_at=now + timedelta(hours=6),
        ends_at=now + timedelta(hours=9),
        min_people=1,
        max_people=3,
    )
    assign_volunteer(organizer_actor, on_now.pk, sam.pk)
    assign_volunteer(organizer_actor, tonight.pk, later.pk)
    set_staff_pin(sam.pk, "135792")
    set_staff_pin(later.pk, "864209")
    device = pair_tablet(tablet, organizer_actor, festival)
    staff_pin.set_pin(organizer_actor, device.pk, "246813")

    tablet.get_by_role("button", name="Staff").click()
    picker = tablet.get_by_label("Who are you?")
    picker.wait_for()
    assert [o.strip() for o in picker.locator("option").all_inner_texts()] == ["The booth's shared PIN", "Sam Rivera"]
    picker.select_option(label="Sam Rivera")
    tablet.get_by_label("Staff PIN").fill("135792")
    tablet.screenshot(path=str(tmp_path / "pin-as-myself.png"))
    tablet.get_by_role("button", name="Enter staff mode").click()
    tablet.get_by_role("heading", name="Staff mode").wait_for()

    tablet.get_by_label("Name", exact=True).fill("gita")
    tablet.get_by_role("button", name="Search").click()
    tablet.locator("#k-results .k-result", has_text="Gita Guest").get_by_role("button", name="Check in").click()
    tablet.get_by_text("Checked in: Gita Guest").wait_for()
    guest.refresh_from_db()
    assert (guest.status, guest.checked_in_by) == ("checked_in", f"kiosk:{device.pk} staff:{sam.pk}")
