"""Calendar feeds as a subscriber's calendar sees them: every feed parsed by three parsers, times
equal to the database's in UTC (across daylight-saving changes), stable UIDs, rising SEQUENCE,
cancellations kept, identical bytes, and 304s for the validators clients send."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activations.services import scheduling
from tests import factories
from tests.calendar.parsing import activation_uid, parse_everywhere, session_uid

pytestmark = pytest.mark.django_db

ICS = "text/calendar; charset=utf-8"


def get_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == ICS
    return response


def assert_matches_database(events: dict, sessions=(), activations=()):
    for session in sessions:
        session.refresh_from_db()
        event = events[session_uid(session)]
        assert (event["start"], event["end"]) == (session.starts_at, session.ends_at), session.title
    for activation in activations:
        activation.refresh_from_db()
        event = events[activation_uid(activation)]
        assert (event["start"], event["end"]) == (activation.starts_at, activation.ends_at), activation.title


@pytest.fixture
def world(org):
    """Activations in five zones with sessions on both sides of, and across, a clock change."""
    made = {"sessions": [], "activations": []}

    def add(zone, country, city, start, end, sessions):
        venue = factories.venue(
            org,
            timezone=zone,
            country=country,
            city=city,
            latitude="40.790000" if zone == "America/New_York" else None,
            longitude="-73.920000" if zone == "America/New_York" else None,
        )
        activation = factories.activation(
            venue_obj=venue, starts_at=start, ends_at=end, kind="festival" if zone == "America/New_York" else "panel"
        )
        made["activations"].append(activation)
        for s_start, s_end in sessions:
            made["sessions"].append(factories.session(activation, starts_at=s_start, ends_at=s_end))
        return activation

    ny = lambda *a: factories.local("America/New_York", *a)  # noqa: E731
    # New York: clocks go forward at 02:00 on Sunday 9 March 2031.
    made["ny"] = add(
        "America/New_York",
        "US",
        "New York",
        ny(2031, 3, 8, 9),
        ny(2031, 3, 10, 22),
        [
            (ny(2031, 3, 8, 10), ny(2031, 3, 8, 11)),  # EST
            (ny(2031, 3, 9, 1, 30), ny(2031, 3, 9, 3, 30)),  # across the change: one hour long
            (ny(2031, 3, 10, 10), ny(2031, 3, 10, 11)),  # EDT
        ],
    )
    ldn = lambda *a: factories.local("Europe/London", *a)  # noqa: E731
    # London: clocks go back at 02:00 BST on Sunday 26 October 2031.
    made["london"] = add(
        "Europe/London",
        "GB",
        "London",
        ldn(2031, 10, 25, 9),
        ldn(2031, 10, 27, 20),
        [
            (ldn(2031, 10, 25, 18), ldn(2031, 10, 25, 19)),
            (ldn(2031, 10, 26, 0, 30), ldn(2031, 10, 26, 3, 0)),
            (ldn(2031, 10, 27, 18), ldn(2031, 10, 27, 19)),
        ],
    )
    syd = lambda *a: factories.local("Australia/Sydney", *a)  # noqa: E731
    # Sydney (southern hemisphere): clocks go back on Sunday 6 April 2031.
    add(
        "Australia/Sydney",
        "AU",
        "Sydney",
        syd(2031, 4, 5, 9),
        syd(2031, 4, 7, 20),
        [
            (syd(2031, 4, 5, 19), syd(2031, 4, 5, 20)),
            (syd(2031, 4, 7, 19), syd(2031, 4, 7, 20)),
        ],
    )
    tyo = lambda *a: factories.local("Asia/Tokyo", *a)  # noqa: E731
    add("Asia/Tokyo", "JP", "Tokyo", tyo(2031, 6, 1, 9), tyo(2031, 6, 1, 20), [(tyo(2031, 6, 1, 10), tyo(2031, 6, 1, 11))])
    # Casablanca's offsets follow Ramadan, which no yearly rule describes: explicit transitions.
    cas = lambda *a: factories.local("Africa/Casablanca", *a)  # noqa: E731
    add(
        "Africa/Casablanca",
        "MA",
        "Casablanca",
        cas(2031, 1, 10, 9),
        cas(2031, 3, 30, 20),
        [
            (cas(2031, 1, 10, 10), cas(2031, 1, 10, 11)),
            (cas(2031, 3, 20, 10), cas(2031, 3, 20, 11)),
        ],
    )
    return made


def test_all_feed_parses_everywhere_with_database_times(client, world):
    body = get_feed(client, "/calendar/all.ics").content
    events = parse_everywhere(body)
    assert len(events) == len(world["sessions"]) + len(world["activations"])
    assert_matches_database(events, world["sessions"], world["activations"])
    across = world["sessions"][1]
    assert across.ends_at - across.starts_at == timedelta(hours=1)  # 01:30 EST to 03:30 EDT
    # Every TZID used has its VTIMEZONE; the yearly-rule zones in Outlook's RRULE form.
    text = body.decode()
    for zone in ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Tokyo", "Africa/Casablanca"):
        assert f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n" in text
        assert f"DTSTART;TZID={zone}:" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text  # New York's DAYLIGHT onset
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text  # London's STANDARD onset


def test_feed_properties(client, world):
    text = get_feed(client, "/calendar/all.ics").content.decode()
    for line in (
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Greenroom wellness activations",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "X-WR-TIMEZONE:",
    ):
        assert f"\r\n{line}" in text
    ny = world["ny"]
    import icalendar

    cal = icalendar.Calendar.from_ical(text)
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == activation_uid(ny))
    assert event["LOCATION"] == f"{ny.venue.name}, 1 Main St, New York, United States"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (40.79, -73.92)
    assert str(event["URL"]) == f"http://127.0.0.1:8000/a/{ny.slug}/"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Festival booth"]
    assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == ny.updated_at.replace(microsecond=0)
    session = world["sessions"][0]
    s_event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == session_uid(session))
    assert str(s_event["SUMMARY"]) == f"{session.title} · {ny.title}"
    assert f"/a/{ny.slug}/#session-{session.pk}" in str(s_event["URL"])


def test_activation_feed_holds_its_sessions_only(client, world):
    ny = world["ny"]
    events = parse_everywhere(get_feed(client, f"/calendar/{ny.slug}.ics").content)
    assert set(events) == {activation_uid(ny)} | {session_uid(s) for s in ny.sessions.all()}
    assert_matches_database(events, list(ny.sessions.all()), [ny])


def test_filters_match_the_schedule(client, world):
    events = parse_everywhere(get_feed(client, "/calendar/all.ics?kind=festival").content)
    assert set(events) == {activation_uid(world["ny"])} | {session_uid(s) for s in world["ny"].sessions.all()}
    events = parse_everywhere(get_feed(client, "/calendar/all.ics?country=gb").content)
    assert activation_uid(world["london"]) in events and activation_uid(world["ny"]) not in events
    assert (
        "X-WR-CALNAME:Greenroom wellness activations · in United Kingdom"
        in client.get("/calendar/all.ics?country=GB").content.decode()
    )
    bad = client.get("/calendar/all.ics?kind=rave")
    assert bad.status_code == 400 and "Unknown kind" in bad.content.decode()
    assert client.get("/calendar/all.ics?country=XX").status_code == 400


def test_drafts_and_unknown_slugs_are_absent(client, org):
    draft = factories.activation(org, status="draft", slug="secret-plan")
    factories.session(draft)
    assert client.get("/calendar/secret-plan.ics").status_code == 404
    assert client.get("/calendar/no-such-thing.ics").status_code == 404
    assert "secret-plan" not in client.get("/calendar/all.ics").content.decode()


def test_uids_are_unique_and_survive_a_rename(client, world, organizer):
    before = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    ny = world["ny"]
    actor = factories.actor_for(organizer)
    scheduling.update_activation(actor, ny.pk, {"title": "Governors Ball wellness booth", "slug": "gov-ball"})
    session = world["sessions"][0]
    scheduling.update_session(actor, session.pk, {"title": "Breathing for performers"})
    after = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    assert set(after) == set(before)  # same UIDs: subscribers update, nothing duplicates
    assert len(after) == len(world["sessions"]) + len(world["activations"])
    assert after[session_uid(session)]["summary"] == "Breathing for performers · Governors Ball wellness booth"
    assert after[session_uid(session)]["sequence"] == before[session_uid(session)]["sequence"]  # a rename is no move
    assert parse_everywhere(get_feed(client, "/calendar/gov-ball.ics").content).keys() >= {activation_uid(ny)}


def test_sequence_goes_up_when_a_session_moves(client, world, organizer):
    session = world["sessions"][0]
    before = parse_everywhere(get_feed(client, "/calendar/all.ics").content)[session_uid(session)]
    scheduling.update_session(
        factories.actor_for(organizer),
        session.pk,
        {"starts_at": session.starts_at + timedelta(hours=2), "ends_at": session.ends_at + timedelta(hours=2)},
    )
    events = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    after = events[session_uid(session)]
    assert after["sequence"] == before["sequence"] + 1
    assert after["start"] == before["start"] + timedelta(hours=2)
    assert_matches_database(events, [session])


def test_moving_the_activation_to_another_venue_raises_its_sessions_sequence(client, world, organizer, org):
    ny = world["ny"]
    session = world["sessions"][0]
    before = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    other = factories.venue(org, name="Brooklyn Hall")
    scheduling.update_activation(factories.actor_for(organizer), ny.pk, {"venue": other.pk})
    after = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    assert after[activation_uid(ny)]["sequence"] == before[activation_uid(ny)]["sequence"] + 1
    assert after[session_uid(session)]["sequence"] == before[session_uid(session)]["sequence"] + 1


def test_a_cancelled_session_stays_with_status_cancelled(client, world, organizer):
    session = world["sessions"][2]
    scheduling.update_session(factories.actor_for(organizer), session.pk, {"status": "cancelled"})
    events = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    event = events[session_uid(session)]
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 1
    assert event["summary"].startswith("Cancelled: ")
    assert_matches_database(events, [session])


def test_a_cancelled_activation_cancels_its_sessions_in_the_feed(client, world, organizer):
    london = world["london"]
    scheduling.update_activation(factories.actor_for(organizer), london.pk, {"status": "cancelled"})
    events = parse_everywhere(get_feed(client, "/calendar/all.ics").content)
    assert events[activation_uid(london)]["status"] == "CANCELLED"
    assert {events[session_uid(s)]["status"] for s in london.sessions.all()} == {"CANCELLED"}


def test_same_data_gives_identical_bytes_warm_or_cold(client, world):
    first = get_feed(client, "/calendar/all.ics")
    second = get_feed(client, "/calendar/all.ics")
    caches["calendar"].clear()  # as after a restart: every event serialized again
    third = get_feed(client, "/calendar/all.ics")
    assert first.content == second.content == third.content
    assert first["ETag"] == second["ETag"] == third["ETag"]
    assert first["Last-Modified"] == third["Last-Modified"]


def test_cached_events_follow_changes(client, world, organizer):
    get_feed(client, "/calendar/all.ics")  # every event now cached
    session = world["sessions"][0]
    scheduling.update_session(factories.actor_for(organizer), session.pk, {"description": "Bring water."})
    warm = get_feed(client, "/calendar/all.ics").content
    caches["calendar"].clear()
    cold = get_feed(client, "/calendar/all.ics").content
    assert warm == cold and b"Bring water." in warm


def test_etag_and_last_modified_answer_304(client, world):
    first = get_feed(client, "/calendar/all.ics")
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    with CaptureQueriesContext(connection) as queries:
        not_modified = client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert len(queries.captured_queries) == 1  # the validator; the calendar is not built
    assert client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=f'"stale", {etag}').status_code == 304
    assert client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get("/calendar/all.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert client.head("/calendar/all.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_change_ends_the_304s(client, world, organizer):
    first = get_feed(client, "/calendar/all.ics")
    scheduling.update_session(factories.actor_for(organizer), world["sessions"][0].pk, {"title": "Renamed"})
    again = client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_a_deletion_moves_etag_and_last_modified(client, world, organizer):
    first = get_feed(client, "/calendar/all.ics")
    gone = world["sessions"][0]
    scheduling.delete_session(factories.actor_for(organizer), gone.pk)
    by_etag = client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 200 and session_uid(gone) not in parse_everywhere(by_etag.content)
    # Last-Modified has second precision: a client asking from the second of its last copy.
    from django.utils.http import http_date, parse_http_date

    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert client.get("/calendar/all.ics", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert parse_http_date(by_etag["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


def test_unpublishing_removes_the_activation(client, world, organizer):
    london = world["london"]
    first = get_feed(client, "/calendar/all.ics")
    scheduling.update_activation(factories.actor_for(organizer), london.pk, {"status": "draft"})
    response = client.get("/calendar/all.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert activation_uid(london) not in parse_everywhere(response.content)
    assert client.get(f"/calendar/{london.slug}.ics").status_code == 404


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_sessions(client, org):
    activation = factories.activation(org, slug="fest")
    factories.session(activation)
    caches["calendar"].clear()
    one = _queries(client, "/calendar/all.ics")
    one_slug = _queries(client, "/calendar/fest.ics")
    for _ in range(25):
        other = factories.activation(venue_obj=factories.venue(org, timezone="Europe/Berlin", country="DE"))
        factories.session(other)
        factories.session(activation)
    caches["calendar"].clear()
    # validator, activations with venues, sessions per activation, sessions of uncached activations
    assert _queries(client, "/calendar/all.ics") == one <= 4
    assert _queries(client, "/calendar/fest.ics") == one_slug <= 4


def test_bad_methods_are_refused(client, world):
    assert client.post("/calendar/all.ics").status_code == 405


def test_a_utc_venue_is_written_in_utc(client, org):
    venue = factories.venue(org, timezone="UTC", country="GB", city="Online")
    start = factories.local("UTC", 2031, 5, 1, 18)
    activation = factories.activation(venue_obj=venue, starts_at=start, ends_at=start + timedelta(hours=3), slug="online")
    session = factories.session(activation)
    body = get_feed(client, "/calendar/online.ics").content
    assert b"BEGIN:VTIMEZONE" not in body and b"DTSTART:20310501T180000Z" in body
    assert_matches_database(parse_everywhere(body), [session], [activation])


def test_awkward_titles_are_escaped_text_in_every_line_and_newlines_never_reach_a_feed(client, org):
    """A backslash, ";" and "," in a title are TEXT-escaped in NAME and X-WR-CALNAME as in SUMMARY;
    a title with a line break is refused at the door (core.text), so no feed ever answers 500."""
    from django.core.exceptions import ValidationError
    from icalendar import Calendar

    awkward = factories.activation(org, title=r"Calm\Loud; songs, tea", slug="awkward")
    factories.session(awkward, title="Back\\slash; one, two")
    body = get_feed(client, "/calendar/awkward.ics").content.decode()
    assert "NAME:Calm\\\\Loud\\; songs\\, tea" in body and "X-WR-CALNAME:Calm\\\\Loud\\; songs\\, tea" in body
    parsed = Calendar.from_ical(body)
    assert any("Back\\slash; one, two" in str(e["SUMMARY"]) for e in parsed.walk("VEVENT"))

    with pytest.raises(ValidationError):
        scheduling.update_activation(factories.actor_for(factories.organizer(org)), awkward.pk, {"title": "Two\nlines"})
    assert get_feed(client, "/calendar/awkward.ics")
