"""axe-core (WCAG 2.2 A/AA, target size 44 px) on every kiosk screen, portrait and landscape.
With KIOSK_SHOTS=<folder> the same walk saves a screenshot of each screen in both orientations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kiosk.services import pairing, staff_pin
from tests import factories
from tests.kiosk.browser_support import check_screen
from tests.kiosk.conftest import pair_tablet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sessions(festival):
    now = timezone.now()
    return [
        factories.session(
            festival,
            title="Guided breathwork for stage nerves",
            capacity=20,
            starts_at=now + timedelta(minutes=50),
            ends_at=now + timedelta(minutes=95),
            description="Slow, guided breathing to settle the body before a set.",
        ),
        factories.session(
            festival,
            title="Songwriting through grief",
            capacity=0,
            waitlist=True,
            starts_at=now + timedelta(minutes=100),
            ends_at=now + timedelta(minutes=160),
        ),
        factories.session(
            festival,
            title="Ear care for crew and artists",
            capacity=None,
            starts_at=now + timedelta(minutes=170),
            ends_at=now + timedelta(minutes=215),
        ),
        factories.session(
            festival,
            title="Peer support 101",
            capacity=0,
            waitlist=False,
            starts_at=now + timedelta(minutes=220),
            ends_at=now + timedelta(minutes=265),
        ),
        factories.session(
            festival,
            title="Morning movement",
            capacity=2,
            starts_at=now - timedelta(minutes=10),
            ends_at=now + timedelta(minutes=35),
        ),
    ]


def test_pairing_pages_are_accessible(axe_tablet, organizer_actor, festival):
    created = pairing.create_device(organizer_actor, festival.pk, "Front counter")
    axe_tablet.goto(created.path)
    check_screen(axe_tablet, "pair")
    axe_tablet.goto("/kiosk/pair/NOTACODE00")
    check_screen(axe_tablet, "pair-invalid")
    axe_tablet.goto("/kiosk/")
    check_screen(axe_tablet, "not-paired")


def test_every_attendee_and_staff_screen_is_accessible(axe_tablet, org, organizer_actor, festival, sessions, settings):
    settings.GREENROOM_KIOSK_LEASE_PLACES = 0  # offline, the "not confirmed yet" screen (no place held)
    from stock.models import KitType, StockLocation
    from stock.services import stock
    from helplines.services.importer import import_helplines

    import_helplines()  # so that "Need help now" shows the country's real lines

    booth = StockLocation.objects.create(organization=org, name="Harbor booth", activation=festival)
    for name, count, threshold in (("Self-care kit", 40, 10), ("Earplugs", 6, 8)):
        kit = KitType.objects.create(organization=org, name=name)
        stock.receive_kits(organizer_actor, location=booth.pk, kit_type=kit.pk, quantity=count)
        stock.set_low_stock_threshold(organizer_actor, location=booth.pk, kit_type=kit.pk, threshold=threshold)
    page = axe_tablet
    page.clock.install()
    device = pair_tablet(page, organizer_actor, festival)
    staff_pin.set_pin(organizer_actor, device.pk, "246813")

    from signups.models import SignUp

    SignUp.objects.create(session=sessions[4], display_name="Nora Early", status="confirmed")
    check_screen(page, "today")

    page.get_by_role("button", name="Guided breathwork").click()
    page.get_by_label("Your name or a nickname").fill("Sam")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="You're in, Sam!").wait_for()
    page.wait_for_function("() => document.getElementById('k-done-qr-img').naturalWidth > 0")
    check_screen(page, "done-confirmed")
    page.get_by_role("button", name="Done").click()

    page.get_by_role("button", name="Songwriting through grief").click()
    page.get_by_label("Your name or a nickname").fill("Robin")
    page.get_by_role("button", name="Join the waiting list").click()
    page.get_by_role("heading", name="You're on the waiting list, Robin").wait_for()
    check_screen(page, "done-waitlisted")
    page.get_by_role("button", name="Done").click()

    page.context.set_offline(True)
    page.get_by_role("button", name="Guided breathwork").click()
    page.get_by_label("Your name or a nickname").fill("Ava")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Saved on this tablet — not confirmed yet").wait_for()
    check_screen(page, "done-pending-offline")
    page.get_by_role("button", name="Done").click()
    check_screen(page, "today-offline")
    page.context.set_offline(False)
    page.evaluate("KioskQueue.flush()")
    page.wait_for_function("() => KioskQueue.count() === 0")

    page.get_by_role("button", name="Guided breathwork").click()
    check_screen(page, "signup")
    page.get_by_role("button", name="Sign up").click()  # no name: the error is shown
    page.get_by_text("Please type a name").wait_for()
    check_screen(page, "signup-error")
    page.get_by_role("button", name="Back").click()

    page.get_by_role("button", name="Songwriting through grief").click()
    assert page.locator("#k-waitlist-note").is_visible()
    assert page.get_by_role("button", name="Join the waiting list").is_visible()
    check_screen(page, "signup-waitlist")
    page.get_by_role("button", name="Back").click()

    page.get_by_role("button", name="Need help now").click()
    page.locator("#k-help-lines .k-emergency").wait_for()
    check_screen(page, "help")

    page.locator("#k-lang-button").click()
    check_screen(page, "language-menu")
    page.get_by_role("button", name="日本語").click()
    page.get_by_role("heading", name="今すぐ助けが必要").wait_for()
    check_screen(page, "help-ja")
    page.get_by_role("button", name="戻る").click()
    check_screen(page, "today-ja")

    page.clock.run_for(41_000)
    page.locator("#k-idle").wait_for()
    check_screen(page, "idle-warning")
    page.clock.run_for(20_000)
    page.get_by_role("heading", name="Today's workshops").wait_for()

    page.get_by_role("button", name="Staff").click()
    check_screen(page, "pin")
    page.get_by_label("Staff PIN").fill("1111")
    page.get_by_role("button", name="Enter staff mode").click()
    page.get_by_text("Wrong PIN").wait_for()
    check_screen(page, "pin-wrong")
    page.get_by_label("Staff PIN").fill("246813")
    page.get_by_role("button", name="Enter staff mode").click()
    page.get_by_role("heading", name="Staff mode").wait_for()
    check_screen(page, "staff-checkin")
    page.get_by_label("Name", exact=True).fill("sam")
    page.get_by_role("button", name="Search").click()
    page.locator("#k-results .k-result").first.wait_for()
    check_screen(page, "staff-search-results")
    page.locator("#k-results").get_by_role("button", name="Check in").first.click()
    page.wait_for_function("() => document.getElementById('k-staff-notice').textContent !== ''")
    assert "Checked in" in page.locator("#k-staff-notice").inner_text(), page.locator("#k-staff-notice").inner_text()
    check_screen(page, "staff-checked-in")
    page.get_by_role("button", name="Sessions").click()
    check_screen(page, "staff-sessions")
    page.locator("#k-staff-sessions .k-result", has_text="Morning movement").get_by_role("button", name="Sign-ups").click()
    page.locator("#k-roster-list .k-result").first.wait_for()
    check_screen(page, "staff-roster")
    page.get_by_role("button", name="Kits").click()
    page.locator("#k-stock .k-stock-row").first.wait_for()
    assert "Low stock" in page.locator("#k-stock .k-stock-row", has_text="Earplugs").inner_text()
    check_screen(page, "staff-kits")
    page.locator("#k-stock .k-stock-row", has_text="Self-care kit").get_by_role("button", name="Hand out 1").click()
    page.locator("#k-undo").wait_for()
    check_screen(page, "staff-kits-undo")
