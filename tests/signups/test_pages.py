"""The attendee's pages: the form on /a/<slug>/, their own /signups/<token>/ page, and its .ics."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from signups.models import SignUp
from tests import factories
from tests.signups.conftest import session_in, waitlist

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=3)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_activation_page_shows_free_places_waiting_list_and_full(client, festival):
    some = session_in(festival, LATER, capacity=5, title="Some left")
    factories.signup(some)
    factories.signup(some, "checked_in")
    factories.signup(some, "cancelled")
    waiting = session_in(festival, LATER + timedelta(hours=1), capacity=1, title="With a queue")
    factories.signup(waiting)
    factories.signup(waiting, "waitlisted")
    factories.signup(waiting, "waitlisted")
    full = session_in(festival, LATER + timedelta(hours=2), capacity=1, waitlist=False, title="No queue")
    factories.signup(full)

    html = page(client, "/a/harbor-sound/")
    assert "3 of 5 places free" in html
    assert "Full · 2 on the waiting list" in html
    assert "Join the waiting list" in html
    assert "This session has no waiting list." in html
    assert html.count('name="display_name"') == 2  # a form where one can still sign up
    assert "Only to tell you if a spot opens or the time changes." in html
    assert "csrfmiddlewaretoken" in html


def test_closed_and_cancelled_sessions_have_no_form(client, festival):
    session_in(festival, -timedelta(minutes=10), title="Started")
    session_in(festival, LATER, title="Called off", status="cancelled")
    html = page(client, "/a/harbor-sound/")
    assert "Happening now" in html and "Cancelled" in html  # a session that has started is running, not open
    assert 'name="display_name"' not in html


def test_signing_up_on_the_page_leads_to_the_own_page(client, festival):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "email": ""})
    signup = SignUp.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/signups/{signup.token}/"
    assert signup.source == "web"
    html = page(client, response["Location"])
    assert "You're in, Ana" in html and "Cancel my place" in html
    assert f'href="/signups/{signup.token}.ics"' in html

    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ben"})
    html = page(client, response["Location"])
    assert "You're on the waiting list" in html
    assert re.search(r'number <strong class="position">1</strong>', html)
    assert "Leave the waiting list" in html


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client, festival):
    session = session_in(festival, LATER)
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "email": "ana@"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "“ana@” does not look like an email address." in html
    assert 'value="Ana"' in html and 'value="ana@"' in html and 'aria-invalid="true"' in html
    assert f'id="session-{session.pk}"' in html and '<details class="signup" open>' in html
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": " "})
    assert "Please give a name; a nickname is enough." in response.content.decode()
    assert not SignUp.objects.exists()


def test_full_session_says_so_on_the_page(client, festival):
    session = session_in(festival, LATER, capacity=1, waitlist=False, title="Sound bath")
    factories.signup(session)
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana"})
    assert response.status_code == 409
    assert "“Sound bath” is full (1 place) and has no waiting list." in response.content.decode()


def test_unknown_or_foreign_session_is_404(client, festival):
    other = factories.session_starting_in(LATER)
    assert client.post("/a/harbor-sound/signup/", {"session": other.pk, "display_name": "Ana"}).status_code == 404
    assert client.post("/a/harbor-sound/signup/", {"session": "x", "display_name": "Ana"}).status_code == 404
    assert client.get("/a/harbor-sound/signup/").status_code == 405


def test_same_email_on_the_page_shows_no_token(client, festival, mailoutbox, django_capture_on_commit_callbacks):
    session = session_in(festival, LATER)
    factories.signup(session, email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Sam", "email": "sam@example.org"}
        )
    html = response.content.decode()
    assert response.status_code == 200 and "You're already signed up" in html
    assert SignUp.objects.get().token not in html
    assert len(mailoutbox) == 1 and SignUp.objects.get().token in mailoutbox[0].body


def test_forms_need_csrf(festival):
    session = session_in(festival, LATER)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana"}).status_code == 403
    signup = factories.signup(session)
    assert strict.post(f"/signups/{signup.token}/cancel/").status_code == 403
    html = strict.get("/a/harbor-sound/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    ok = strict.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "csrfmiddlewaretoken": token})
    assert ok.status_code == 302


def test_cancel_button_frees_the_place_for_the_next_person(client, festival):
    session = session_in(festival, LATER, capacity=1)
    ana = factories.signup(session, display_name="Ana")
    factories.signup(session, "waitlisted", display_name="Ben")
    response = client.post(f"/signups/{ana.token}/cancel/", follow=True)
    html = response.content.decode()
    assert "Thank you for letting us know." in html and "Your sign-up is cancelled</h1>" in html
    assert waitlist(session) == []
    assert SignUp.objects.get(display_name="Ben").status == "confirmed"


def test_own_page_shows_local_time_and_is_private(client, festival):
    session = session_in(festival, LATER, title="Breathwork")
    signup = factories.signup(session)
    response = client.get(f"/signups/{signup.token}/")
    html = response.content.decode()
    local = session.starts_at.astimezone(festival.venue.zone)
    assert f"{local:%H:%M}" in html and local.tzname() in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Referrer-Policy"] == "same-origin"
    assert client.get("/signups/not-a-token/").status_code == 404


def test_cancelled_session_page(client, festival):
    session = session_in(festival, LATER, status="cancelled")
    signup = factories.signup(session)
    html = page(client, f"/signups/{signup.token}/")
    assert "This session has been cancelled" in html and "Cancel my place" not in html


def test_calendar_file_is_valid_and_in_the_venue_zone(client, festival):
    session = session_in(festival, LATER, title="Breathwork")
    signup = factories.signup(session)
    response = client.get(f"/signups/{signup.token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert str(event["dtstart"].params["TZID"]) == "America/New_York"
    assert "Breathwork" in str(event["summary"])
    assert client.get("/signups/not-a-token.ics").status_code == 404


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_activation_page_queries_do_not_grow_with_sessions_or_sign_ups(client, festival):
    first = session_in(festival, LATER)
    factories.signup(first)
    one = _count_queries(client, "/a/harbor-sound/")
    for i in range(9):
        session = session_in(festival, LATER + timedelta(hours=i), capacity=2)
        for status in ("confirmed", "confirmed", "waitlisted", "cancelled"):
            factories.signup(session, status)
    assert _count_queries(client, "/a/harbor-sound/") == one


def test_nul_in_the_form_is_a_form_error(client, festival):
    session = session_in(festival, LATER)
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "An\x00a"})
    assert response.status_code == 400 and not SignUp.objects.exists()
