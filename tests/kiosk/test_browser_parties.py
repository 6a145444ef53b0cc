"""The kiosk's party and access-needs flows in headless Chromium: a party of two with a carer and
access needs signs up, staff see the needs in the roster and let the party in one person at a time."""

import pytest

from signups.models import SignUp
from tests.kiosk.conftest import pair_tablet
from tests.kiosk.test_browser_writes import enter_staff_mode, soon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_party_with_access_needs_signs_up_and_is_checked_in_one_by_one(tablet, organizer_actor, festival):
    soon(festival, 30, title="Guided breathwork", capacity=5, max_party_size=3, step_free_access=True)
    device = pair_tablet(tablet, organizer_actor, festival)
    tablet.locator("button[data-session]", has_text="Guided breathwork").click()
    assert "Step-free access" in tablet.locator("#k-signup-session").inner_text()
    assert tablet.locator("#k-places option").all_inner_texts() == ["1 (just me)", "2", "3"]
    tablet.get_by_label("Your name or a nickname").fill("Robin")
    tablet.get_by_label("How many places?").select_option("2")
    tablet.get_by_label("One of them is a companion or carer").check()
    tablet.get_by_label("Seating").check()
    tablet.get_by_label("Anything else? (shown only to staff)").fill("Front row, please")
    tablet.get_by_role("button", name="Sign up").click()
    assert "Please tick the box" in tablet.locator("#k-signup-error").inner_text()  # no consent: nothing sent
    assert not SignUp.objects.exists()
    tablet.get_by_label("I agree that the session's staff see").check()
    tablet.get_by_role("button", name="Sign up").click()
    tablet.get_by_text("Places for 2 are yours").wait_for()
    robin = SignUp.objects.get()
    assert (robin.places, robin.companion, robin.access_seating, robin.access_note) == (2, True, True, "Front row, please")

    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_role("button", name="Sessions").click()
    tablet.locator("#k-staff-sessions .k-result", has_text="Guided breathwork").get_by_role("button", name="Sign-ups").click()
    row = tablet.locator("#k-roster-list .k-result", has_text="Robin")
    assert "Access: Seating · Note: Front row, please" in row.inner_text()
    row.locator("select").select_option("1")
    row.get_by_role("button", name="Check in").click()
    tablet.get_by_text("Checked in: Robin (1 of 2 in)").wait_for()
    tablet.locator("#k-roster-list .k-result", has_text="Robin").get_by_role("button", name="Check in the rest").click()
    tablet.get_by_text("Checked in: Robin (2 of 2 in)").wait_for()
    robin.refresh_from_db()
    assert (robin.status, robin.checked_in_count) == ("checked_in", 2)
