"""A volunteer's own page (take a shift, be told why not, withdraw, set a PIN), their .ics feed
(VTIMEZONE, SEQUENCE on change), and what happens to their data when they leave."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from rota.models import Assignment, Volunteer
from rota.services.assignments import assign_volunteer
from tests.rota.conftest import ny, shift, volunteer

pytestmark = pytest.mark.django_db


def test_a_volunteer_takes_a_shift_from_their_page_and_is_told_why_not(client, festival, org, sam, policy):
    booth = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), role="Peer supporter")
    first_aid = shift(festival, ny(2027, 6, 13, 10), ny(2027, 6, 13, 14), role="First aider", required_training=["first-aid"])
    page = client.get(f"/rota/{sam.token}/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    assert "Peer supporter" in page.content.decode() and "Needs: first-aid" in page.content.decode()

    taken = client.post(f"/rota/{sam.token}/take/", {"shift": booth.pk}, follow=True)
    assert "on the rota: Peer supporter" in taken.content.decode()
    refused = client.post(f"/rota/{sam.token}/take/", {"shift": first_aid.pk}, follow=True)
    assert "needs valid first-aid training" in refused.content.decode()  # the service says why
    assert "You need valid first-aid training for this one" in refused.content.decode()  # and the page warned
    assert list(Assignment.objects.values_list("shift__role", flat=True)) == ["Peer supporter"]

    assignment = Assignment.objects.get()
    client.post(f"/rota/{sam.token}/withdraw/", {"assignment": assignment.pk})
    assert Assignment.objects.get().status == "withdrawn"
    assert client.get("/rota/not-a-real-token-at-all/").status_code == 404


def test_the_feed_has_the_venues_timezone_and_a_higher_sequence_after_a_change(client, festival, sam, organizer_actor, policy):
    s = shift(festival, ny(2027, 11, 6, 22), ny(2027, 11, 7, 5), role="Night owl")
    assign_volunteer(organizer_actor, s.pk, sam.pk, now=ny(2027, 11, 1))
    feed = client.get(f"/rota/{sam.token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(feed.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    (event,) = cal.walk("VEVENT")
    assert b"DTSTART;TZID=America/New_York:20271106T220000" in feed.content
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    uid = str(event["UID"])

    s.ends_at = ny(2027, 11, 7, 4)
    s.save()
    (moved,) = Calendar.from_ical(client.get(f"/rota/{sam.token}.ics").content).walk("VEVENT")
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1

    client.post(f"/rota/{sam.token}/withdraw/", {"assignment": Assignment.objects.get().pk})
    (gone,) = Calendar.from_ical(client.get(f"/rota/{sam.token}.ics").content).walk("VEVENT")
    assert str(gone["UID"]) == uid and gone["SEQUENCE"] == 2 and gone["STATUS"] == "CANCELLED"


def test_a_volunteer_sets_their_kiosk_pin_and_it_is_stored_hashed(client, sam):
    client.post(f"/rota/{sam.token}/pin/", {"pin": "135792", "pin_again": "135792"})
    sam.refresh_from_db()
    assert sam.has_staff_pin and "135792" not in sam.staff_pin_hash
    answer = client.post(f"/rota/{sam.token}/pin/", {"pin": "1234", "pin_again": "1234"}, follow=True)
    assert "6 to 8 digits" in answer.content.decode()


def test_removing_a_volunteer_erases_them_and_purge_does_it_after_retention(
    client, auth_headers, festival, org, organizer_actor, policy
):
    leaver = volunteer(org, "Ana Lee", training={"first-aid": None}, phone="+447911123456")
    past = shift(festival, timezone.now() - timedelta(days=3, hours=4), timezone.now() - timedelta(days=3))
    future = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14))
    Assignment.objects.create(shift=past, volunteer=leaver)
    assign_volunteer(organizer_actor, future.pk, leaver.pk)
    old_link = f"/rota/{leaver.token}/"

    assert client.delete(f"/api/volunteers/{leaver.pk}", **auth_headers).status_code == 204
    leaver.refresh_from_db()
    assert (leaver.name, leaver.email, leaver.phone, leaver.trainings.count()) == ("", "", "", 0)
    assert client.get(old_link).status_code == 404
    assert Assignment.objects.get(shift=future).status == "withdrawn"
    assert Assignment.objects.get(shift=past).status == "active"  # still counts in past coverage

    stale = volunteer(org, "Ben Okafor")
    Volunteer.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=90))
    Assignment.objects.create(
        shift=shift(festival, timezone.now() - timedelta(days=40, hours=4), timezone.now() - timedelta(days=40)), volunteer=stale
    )
    recent = volunteer(org, "Cleo Diaz")
    call_command("purge_personal_data")
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.name == "" and stale.removed_at is not None
    assert recent.name == "Cleo Diaz"
