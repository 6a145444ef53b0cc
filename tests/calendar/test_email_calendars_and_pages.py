"""The .ics of a sign-up and of an email announcing a change, and the calendar links on pages."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendars.ical import calendar_content_type, session_update_calendar, signup_calendar
from activations.services import scheduling
from tests import factories
from tests.calendar.parsing import parse_everywhere, session_uid

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(org):
    start = factories.local("Europe/London", 2031, 10, 25, 9)
    activation = factories.activation(
        org,
        venue_obj=factories.venue(org, timezone="Europe/London", country="GB", city="London"),
        starts_at=start,
        ends_at=start + timedelta(days=3),
    )
    return factories.session(activation, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2))


def test_signup_calendar_is_the_feed_event(client, session):
    body = signup_calendar(SimpleNamespace(session=session))
    events = parse_everywhere(body)
    assert list(events) == [session_uid(session)]
    assert (events[session_uid(session)]["start"], events[session_uid(session)]["end"]) == (session.starts_at, session.ends_at)
    feed = parse_everywhere(client.get(f"/calendar/{session.activation.slug}.ics").content)
    assert feed[session_uid(session)] == events[session_uid(session)]
    assert calendar_content_type(body) == "text/calendar; method=PUBLISH; charset=utf-8"


def test_changed_session_email_carries_same_uid_higher_sequence(session, organizer):
    before = parse_everywhere(signup_calendar(SimpleNamespace(session=session)))[session_uid(session)]
    moved = scheduling.update_session(
        factories.actor_for(organizer),
        session.pk,
        {"starts_at": session.starts_at + timedelta(days=1), "ends_at": session.ends_at + timedelta(days=1)},
    )
    body = session_update_calendar(moved)
    after = parse_everywhere(body)[session_uid(session)]
    assert after["sequence"] > before["sequence"]
    moved.refresh_from_db()
    # Same wall-clock time a day later: across London's clock change, an hour more in UTC.
    assert after["start"] == moved.starts_at == before["start"] + timedelta(hours=25)
    assert b"METHOD:PUBLISH" in body and after["status"] == "CONFIRMED"


def test_cancelled_session_email_is_a_cancel(session, organizer):
    cancelled = scheduling.update_session(factories.actor_for(organizer), session.pk, {"status": "cancelled"})
    body = session_update_calendar(cancelled)
    event = parse_everywhere(body)[session_uid(session)]
    assert event["status"] == "CANCELLED" and event["sequence"] == 1
    assert b"METHOD:CANCEL\r\n" in body and b"ORGANIZER;CN=" in body
    assert calendar_content_type(body) == "text/calendar; method=CANCEL; charset=utf-8"


def test_activation_page_offers_subscribe_google_and_download(client, org):
    activation = factories.activation(org, slug="gov-ball")
    factories.session(activation)
    html = client.get("/a/gov-ball/").content.decode()
    assert 'href="webcal://127.0.0.1:8000/calendar/gov-ball.ics"' in html
    assert (
        'href="https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F127.0.0.1%3A8000%2Fcalendar%2Fgov-ball.ics"' in html
    )
    assert 'href="http://127.0.0.1:8000/calendar/gov-ball.ics" download="gov-ball.ics"' in html
    assert ">Subscribe<" in html and ">Add to Google Calendar<" in html and ">Download .ics<" in html


def test_schedule_page_links_carry_its_filters(client, org):
    factories.activation(org, kind="panel", venue_obj=factories.venue(org, country="GB", city="London", timezone="Europe/London"))
    html = client.get("/?kind=panel&country=gb").content.decode()
    assert 'href="webcal://127.0.0.1:8000/calendar/all.ics?kind=panel&amp;country=GB"' in html
    assert 'download="greenroom-panel-gb.ics"' in html
    assert 'href="webcal://127.0.0.1:8000/calendar/all.ics"' in client.get("/").content.decode()
    assert client.get("/?kind=rave").status_code == 400


def test_schedule_filters_narrow_the_page(client, org):
    factories.activation(
        org,
        kind="panel",
        title="London panel",
        venue_obj=factories.venue(org, country="GB", city="London", timezone="Europe/London"),
    )
    factories.activation(
        org,
        kind="dinner",
        title="Berlin dinner",
        venue_obj=factories.venue(org, country="DE", city="Berlin", timezone="Europe/Berlin"),
    )
    html = client.get("/?country=GB").content.decode()
    assert "London panel" in html and "Berlin dinner" not in html
    html = client.get("/?kind=dinner").content.decode()
    assert "Berlin dinner" in html and "London panel" not in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_with_links_keep_constant_query_counts(client, org):
    activation = factories.activation(org, slug="fest")
    factories.session(activation)
    page, schedule = _count(client, "/a/fest/"), _count(client, "/")
    for _ in range(10):
        factories.session(activation)
        factories.activation(org, venue_obj=factories.venue(org, country="FR", city="Paris", timezone="Europe/Paris"))
    assert (_count(client, "/a/fest/"), _count(client, "/")) == (page, schedule)


@pytest.mark.django_db(transaction=True)
def test_emails_about_a_moved_or_cancelled_session_carry_the_updated_event(org, organizer, mailoutbox):
    """Through the sign-ups' own emails: the attached .ics keeps the UID and raises SEQUENCE."""
    start = factories.local("America/New_York", 2031, 3, 8, 9)
    activation = factories.activation(org, starts_at=start, ends_at=start + timedelta(days=3))
    session = factories.session(activation, starts_at=start + timedelta(hours=2), ends_at=start + timedelta(hours=3))
    factories.signup(session, email="ana@example.org")
    actor = factories.actor_for(organizer)

    def attached_event():
        message = mailoutbox[-1]
        calendars = [part for part in message.message().walk() if part.get_content_type() == "text/calendar"]
        assert calendars, f"no calendar attached to {message.subject!r}"
        return parse_everywhere(calendars[-1].get_payload(decode=True))[session_uid(session)]

    scheduling.update_session(
        actor, session.pk, {"starts_at": session.starts_at + timedelta(days=1), "ends_at": session.ends_at + timedelta(days=1)}
    )
    moved = attached_event()
    session.refresh_from_db()
    assert moved["sequence"] == 1 and moved["start"] == session.starts_at
    scheduling.update_session(actor, session.pk, {"status": "cancelled"})
    cancelled = attached_event()
    assert cancelled["sequence"] == 2 and cancelled["status"] == "CANCELLED"


def test_a_waiting_places_ics_is_tentative_with_its_position(client, session):
    session.capacity = 1
    session.save()
    factories.signup(session)
    factories.signup(session, status="waitlisted")
    second = factories.signup(session, status="waitlisted", display_name="Sam")
    body = client.get(f"/signups/{second.token}.ics").content
    event = parse_everywhere(body)[session_uid(session)]
    assert event["status"] == "TENTATIVE"
    assert b"SUMMARY:[Waiting list #2] " in body


def test_a_cancelled_signups_ics_is_cancelled(client, session):
    signup = factories.signup(session, status="cancelled")
    body = client.get(f"/signups/{signup.token}.ics").content
    assert parse_everywhere(body)[session_uid(session)]["status"] == "CANCELLED"
    assert b"SUMMARY:Cancelled: " in body


def test_a_confirmed_signups_ics_stays_confirmed_and_the_page_offers_google_and_outlook(client, session):
    signup = factories.signup(session)
    assert parse_everywhere(client.get(f"/signups/{signup.token}.ics").content)[session_uid(session)]["status"] == "CONFIRMED"
    html = client.get(f"/signups/{signup.token}/").content.decode()
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html and "Add to Google Calendar" in html
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html and "Add to Outlook" in html
    assert signup.token not in html.split("calendar.google.com", 1)[1].split('"', 1)[0]  # the secret stays here
