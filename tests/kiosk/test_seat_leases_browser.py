"""Two booth tablets and five places, in headless Chromium: each holds a lease while online, both
lose the Wi-Fi, each takes four sign-ups. Together they confirm no more than the five places
there were, the rest wait as "not confirmed yet", and once back online the server agrees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SeatLease, SignUp
from tests import factories
from tests.kiosk.browser_support import shoot
from tests.kiosk.conftest import _tablet, pair_tablet
from tests.browser import close_loop_connections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def held_by(device):
    lease = SeatLease.objects.filter(kiosk=device, returned_at__isnull=True).first()
    return lease.unused if lease else None


def wait_for(predicate, page, timeout_s=20):
    deadline = timezone.now() + timedelta(seconds=timeout_s)
    while not predicate():
        assert timezone.now() < deadline, "timed out"
        page.wait_for_timeout(200)


def sign_up(page, name, shot=None):
    page.get_by_role("button", name="Songwriting circle").click()
    page.get_by_label("Your name or a nickname").fill(name)
    page.get_by_role("button", name="Sign up").click()
    heading = page.locator("#done-heading")
    heading.wait_for()
    text = heading.inner_text()
    if shot:
        shoot(page, shot)
    page.get_by_role("button", name="Done").click()
    return text


def test_two_offline_kiosks_confirm_no_more_than_the_places_there_were(chromium, live_site, organizer_actor, festival, settings):
    settings.GREENROOM_KIOSK_LEASE_PLACES = 3
    now = timezone.now()
    circle = factories.session(
        festival,
        title="Songwriting circle",
        starts_at=now + timedelta(minutes=50),
        ends_at=now + timedelta(minutes=95),
        capacity=5,
    )
    tablets = []
    try:
        for name in ("Tablet A", "Tablet B"):
            context, page, errors = _tablet(chromium, live_site, bypass_csp=False)
            device = pair_tablet(page, organizer_actor, festival, name=name)
            tablets.append((context, page, errors, device))
            # It holds its lease as soon as it is online with nothing to send.
            wait_for(lambda device=device: held_by(device) is not None, page)
        (_, a, _, device_a), (_, b, _, device_b) = tablets
        # Three for the first tablet, the two left for the second: never more than the five.
        assert (held_by(device_a), held_by(device_b)) == (3, 2)
        a.reload()
        assert "3 spots free" in a.locator("#k-sessions").inner_text()  # its own three are its to give

        for page in (a, b):
            page.context.set_offline(True)
        confirmed = {"A": [], "B": []}
        for label, page in (("A", a), ("B", b)):
            for n in range(4):
                shot = {0: "offline-confirmed-from-lease", 3: "offline-beyond-lease"}.get(n) if label == "A" else None
                heading = sign_up(page, f"Walk-in {label}{n}", shot)
                confirmed[label].append(heading.startswith("You're in"))
        assert confirmed == {"A": [True, True, True, False], "B": [True, True, False, False]}
        assert SignUp.objects.count() == 0  # nothing has reached the server yet

        for page in (a, b):
            page.context.set_offline(False)
            page.evaluate("KioskQueue.flush()")
        for page in (a, b):
            page.wait_for_function("() => KioskQueue.count() === 0", timeout=20_000)

        rows = SignUp.objects.filter(session=circle)
        assert rows.count() == 8
        assert rows.filter(status="confirmed").count() == 5  # the five the tablets promised: 0 oversold
        assert set(rows.filter(status="confirmed").values_list("display_name", flat=True)) == {
            "Walk-in A0",
            "Walk-in A1",
            "Walk-in A2",
            "Walk-in B0",
            "Walk-in B1",
        }
        assert sorted(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True)) == [1, 2, 3]
        # Back online, each renews its lease: there is nothing left to hold.
        for page, device in ((a, device_a), (b, device_b)):
            page.evaluate("KioskLeases.renew([{id: %d, availability: 'waitlist'}], 3)" % circle.pk)
            wait_for(lambda device=device: held_by(device) == 0, page)
    finally:
        for context, page, *_ in tablets:
            page.goto("about:blank")  # no lease renewal left running into the database's teardown
            page.wait_for_timeout(300)
            context.close()
        close_loop_connections()
    for _, _, errors, _ in tablets:
        assert not errors, errors
