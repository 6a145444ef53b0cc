"""Staff at the door, in headless Chromium: a check-in tapped by mistake is undone within 10 seconds,
and a session's roster of 20 is searched as staff type, offline too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from tests import factories
from tests.kiosk.conftest import pair_tablet
from tests.kiosk.test_browser_writes import add_signup, enter_staff_mode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def soon(festival, minutes=30, **kw):
    now = timezone.now()
    return factories.session(
        festival, starts_at=now + timedelta(minutes=minutes), ends_at=now + timedelta(minutes=minutes + 45), **kw
    )


def test_checking_in_the_wrong_person_is_undone_with_one_tap(tablet, organizer_actor, festival):
    session = soon(festival, title="Guided breathwork", capacity=5)
    sam = add_signup(session, "Sam Searchable")
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)

    tablet.get_by_label("Name", exact=True).fill("searchable")
    tablet.get_by_role("button", name="Search").click()
    tablet.locator("#k-results .k-result", has_text="Sam Searchable").get_by_role("button", name="Check in").click()
    tablet.get_by_text("Checked in: Sam Searchable").wait_for()
    row = tablet.locator("#k-results .k-result", has_text="Sam Searchable")
    row.get_by_text("Checked in", exact=True).wait_for()
    assert SignUp.objects.get(pk=sam.pk).status == "checked_in"

    assert "Undo the check-in of Sam Searchable" in tablet.locator("#k-undo").inner_text()
    tablet.get_by_role("button", name="Undo").click()
    tablet.get_by_text("Check-in undone: Sam Searchable is not checked in.").wait_for()
    row.get_by_text("Confirmed", exact=True).wait_for()  # the list shows them waiting at the door again
    assert row.get_by_role("button", name="Check in").is_visible()
    assert not tablet.get_by_role("button", name="Undo").is_visible()
    sam.refresh_from_db()
    assert (sam.status, sam.checked_in_at, sam.checked_in_count) == ("confirmed", None, 0)


def test_the_check_in_undo_lasts_ten_seconds(tablet, organizer_actor, festival):
    session = soon(festival, title="Guided breathwork", capacity=5)
    add_signup(session, "Sam Searchable")
    tablet.clock.install()
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_label("Name", exact=True).fill("sam")
    tablet.get_by_role("button", name="Search").click()
    tablet.locator("#k-results .k-result").get_by_role("button", name="Check in").click()
    tablet.get_by_role("button", name="Undo").wait_for()
    tablet.clock.run_for(9_000)
    assert tablet.get_by_role("button", name="Undo").is_visible()
    tablet.clock.run_for(1_500)
    assert not tablet.get_by_role("button", name="Undo").is_visible()
    assert SignUp.objects.get(display_name="Sam Searchable").status == "checked_in"


ROSTER = [
    ("Zoë Ångström", "zoe.a@example.org"),
    ("Ángel Núñez", ""),
    ("Łukasz Wójcik", "lw@example.org"),
    ("Sam Rivera", "sam@example.org"),
    ("Samira Haddad", "haddad.s@example.org"),
    ("Björn Æsir", ""),
    ("Chloé Dubois", "chloe@example.fr"),
    ("François Lemaître", ""),
    ("Nora Absent", "nora@example.org"),
    ("Kaito Mori", "dj.kaito@example.jp"),
    ("Priya Natarajan", ""),
    ("Oluwaseun Adeyemi", "seun@example.ng"),
    ("Mia Hoffmann", ""),
    ("Liam O’Brien", "liam@example.ie"),
    ("Sofía Herrera", "sofia.h@example.mx"),
    ("Jonas Weiß", ""),
    ("Ava Chen", "ava.chen@example.org"),
    ("Mateo Rossi", ""),
    ("Emma Larsen", "emma@example.no"),
    ("Noah Kim", "noah.k@example.kr"),
]


def roster_names(tablet):
    return sorted(name.strip() for name in tablet.locator("#k-roster-list .k-who").all_inner_texts())


def test_a_roster_of_twenty_is_filtered_as_staff_type_even_offline(tablet, organizer_actor, festival):
    session = soon(festival, 20, title="Songwriting circle", capacity=30)
    for name, email in ROSTER:
        add_signup(session, name, email=email)
    device = pair_tablet(tablet, organizer_actor, festival)
    enter_staff_mode(tablet, device, organizer_actor)
    tablet.get_by_role("button", name="Sessions").click()
    tablet.locator("#k-staff-sessions .k-result", has_text="Songwriting circle").get_by_role("button", name="Sign-ups").click()
    tablet.get_by_text("20 people on this list").wait_for()
    assert len(roster_names(tablet)) == 20

    tablet.context.set_offline(True)  # the festival Wi-Fi drops: the loaded roster is still searchable
    search = tablet.get_by_label("Find in this list")
    search.press_sequentially("s")
    # a word of the name, or the email, starting with "s" (seun@… is Oluwaseun's)
    assert roster_names(tablet) == ["Oluwaseun Adeyemi", "Sam Rivera", "Samira Haddad", "Sofía Herrera"]
    search.press_sequentially("a")
    assert roster_names(tablet) == ["Sam Rivera", "Samira Haddad"]
    search.press_sequentially("mi")
    assert roster_names(tablet) == ["Samira Haddad"]
    assert tablet.locator("#k-roster-count").inner_text() == "1 of 20 shown"

    def found(typed):
        search.fill("")
        search.press_sequentially(typed)
        return roster_names(tablet)

    assert found("zoe") == ["Zoë Ångström"]  # accents and capitals do not matter
    assert found("ANG") == sorted(["Ángel Núñez", "Zoë Ångström"])
    assert found("nunez") == ["Ángel Núñez"]
    assert found("lukasz") == ["Łukasz Wójcik"]
    assert found("weiss") == ["Jonas Weiß"]
    assert found("francois lem") == ["François Lemaître"]
    assert found("riv") == ["Sam Rivera"]  # any word of the name
    assert found("dj.k") == ["Kaito Mori"]  # the start of the email
    assert found("haddad.s@example") == ["Samira Haddad"]
    assert found("example") == []  # a prefix, not anywhere in it
    assert found("xyz") == [] and tablet.locator("#k-roster-list").inner_text().strip() == "Nobody found."
    search.fill("")
    assert len(roster_names(tablet)) == 20
    assert tablet.get_by_text("20 people on this list").is_visible()
