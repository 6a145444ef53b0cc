"""The sign-up API: shapes, codes, who may do what, and retries that take effect once."""

import json
from datetime import timedelta

import pytest
from django.test import Client

from signups.models import SignUp
from kiosk.models import KioskDevice
from tests import factories
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=3)


def post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_sign_up_answers_201_confirmed_then_waitlisted_then_409_without_waiting_list(client, festival):
    session = session_in(festival, LATER, capacity=1)
    first = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana"})
    assert first.status_code == 201
    body = first.json()
    assert (body["status"], body["waitlist_position"]) == ("confirmed", None)
    assert len(body["token"]) >= 30 and body["url"].endswith(f"/signups/{body['token']}/")
    assert body["calendar_url"].endswith(f"/signups/{body['token']}.ics")

    second = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ben"})
    assert second.status_code == 201
    assert (second.json()["status"], second.json()["waitlist_position"]) == ("waitlisted", 1)

    closed_list = session_in(festival, LATER, capacity=1, waitlist=False, title="Sound bath")
    post(client, f"/api/sessions/{closed_list.pk}/signups", {"display_name": "Ana"})
    full = post(client, f"/api/sessions/{closed_list.pk}/signups", {"display_name": "Ben"})
    assert full.status_code == 409
    assert full.json() == {"detail": "“Sound bath” is full (1 place) and has no waiting list.", "code": "session_full"}


def test_public_write_works_from_a_real_client_without_csrf_cookie(festival):
    """A partner app or phone posts JSON with no cookies; the admin-session door must not refuse it."""
    session = session_in(festival, LATER)
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana"}).status_code == 201


def test_kiosk_header_write_works_without_csrf(festival, kiosk_device):
    session = session_in(festival, LATER)
    strict = Client(enforce_csrf_checks=True)
    response = post(
        strict, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana"}, HTTP_X_KIOSK_CREDENTIAL=kiosk_device.secret
    )
    assert response.status_code == 201
    assert SignUp.objects.get().source == "kiosk"


def test_same_email_gives_organizers_the_sign_up_and_the_public_and_kiosks_only_a_message(
    client, festival, auth_headers, kiosk_headers, kiosk_attendee_headers, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER)
    created = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Sam", "email": "sam@example.org"}).json()
    already = {
        "detail": "You're already on the list for this session: we've emailed your sign-up link to that address again.",
        "code": "already_signed_up",
        "token": None,
        "status": None,
        "waitlist_position": None,
    }
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        public = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Sam", "email": "sam@example.org"})
    assert public.status_code == 200 and public.json() == already
    assert [m.to for m in mailoutbox] == [["sam@example.org"]] and created["token"] in mailoutbox[0].body

    # Anyone at the booth can type anyone's email: the kiosk, in either mode, never shows that place.
    for headers in (kiosk_attendee_headers, kiosk_headers):
        kiosk = post(
            client, f"/api/sessions/{session.pk}/signups", {"display_name": "Not Sam", "email": "SAM@example.org"}, **headers
        )
        assert kiosk.status_code == 200 and kiosk.json() == already
        assert created["token"] not in kiosk.content.decode()

    staff = post(
        client, f"/api/sessions/{session.pk}/signups", {"display_name": "Sam", "email": "sam@example.org"}, **auth_headers
    )
    assert staff.status_code == 200
    assert (staff.json()["code"], staff.json()["token"], staff.json()["status"]) == (
        "already_signed_up",
        created["token"],
        "confirmed",
    )
    assert SignUp.objects.count() == 1


def test_a_retried_sign_up_with_the_same_idempotency_key_takes_effect_once(client, festival, kiosk_attendee_headers):
    session = session_in(festival, LATER, capacity=1)
    url = f"/api/sessions/{session.pk}/signups"
    first = post(client, url, {"display_name": "Ana"}, HTTP_IDEMPOTENCY_KEY="tablet-42-0001", **kiosk_attendee_headers)
    again = post(client, url, {"display_name": "Ana"}, HTTP_IDEMPOTENCY_KEY="tablet-42-0001", **kiosk_attendee_headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert SignUp.objects.count() == 1  # not a second place, not a waiting-list entry

    other = post(client, url, {"display_name": "Someone else"}, HTTP_IDEMPOTENCY_KEY="tablet-42-0001", **kiosk_attendee_headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert SignUp.objects.count() == 1


def test_the_public_never_gets_a_stored_token_back(client, festival):
    """The public is known by its address only; two phones behind one festival NAT sending the same
    key and body must not get each other's sign-up link. The write still happens once."""
    session = session_in(festival, LATER, capacity=5)
    url = f"/api/sessions/{session.pk}/signups"
    first = post(client, url, {"display_name": "Ana"}, HTTP_IDEMPOTENCY_KEY="same-key", REMOTE_ADDR="203.0.113.9")
    again = post(client, url, {"display_name": "Ana"}, HTTP_IDEMPOTENCY_KEY="same-key", REMOTE_ADDR="203.0.113.9")
    assert first.status_code == 201 and first.json()["token"]
    assert (again.status_code, again.json()["code"]) == (409, "already_answered")
    assert first.json()["token"] not in again.content.decode()
    assert SignUp.objects.count() == 1


def test_bad_input_answers_422_and_writes_nothing(client, festival):
    session = session_in(festival, LATER)
    url = f"/api/sessions/{session.pk}/signups"
    missing = post(client, url, {})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"
    assert post(client, url, {"display_name": "x" * 61}).status_code == 422
    blank = post(client, url, {"display_name": "   "})
    assert (blank.status_code, blank.json()["code"]) == (422, "name_required")
    bad_email = post(client, url, {"display_name": "Ana", "email": "nope"})
    assert (bad_email.status_code, bad_email.json()["code"]) == (422, "invalid_email")
    wrong_type = client.post(url, "not json", content_type="application/json")
    assert wrong_type.status_code in (400, 422)
    assert post(client, "/api/sessions/999999/signups", {"display_name": "Ana"}).status_code == 404
    assert not SignUp.objects.exists()


def test_closed_session_answers_409_with_its_code(client, festival):
    session = session_in(festival, -timedelta(minutes=5))
    response = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana"})
    assert response.status_code == 409 and response.json()["code"] == "signups_closed"


def test_list_is_for_the_organizer_and_the_activations_kiosk(client, festival, auth_headers, kiosk_headers, other_org):
    session = session_in(festival, LATER, capacity=1)
    factories.signup(session, display_name="Ana", email="ana@example.org")
    factories.signup(session, "waitlisted", display_name="Ben")
    url = f"/api/sessions/{session.pk}/signups"

    body = client.get(url, **auth_headers).json()
    assert body["count"] == 2
    assert [(r["display_name"], r["status"], r["waitlist_position"]) for r in body["items"]] == [
        ("Ana", "confirmed", None),
        ("Ben", "waitlisted", 1),
    ]
    assert body["items"][0]["has_email"] is True and "email" not in body["items"][0]
    assert client.get(url + "?status=waitlisted", **kiosk_headers).json()["count"] == 1

    assert client.get(url).status_code == 401
    device = KioskDevice(activation=factories.activation(festival.organization), name="Other booth")
    secret = device.issue_credential()
    device.save()
    assert client.get(url, **factories.staff_mode_headers(device, secret)).status_code == 404
    stranger = factories.organizer(other_org)
    from api.models import ApiToken

    token = ApiToken.create_for(stranger)[1]
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404


def test_get_and_cancel_by_token(client, festival):
    session = session_in(festival, LATER, capacity=1)
    ana = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana"}).json()
    ben = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ben"}).json()

    shown = client.get(f"/api/signups/{ben['token']}").json()
    assert (shown["status"], shown["waitlist_position"], shown["display_name"]) == ("waitlisted", 1, "Ben")
    assert shown["session"]["timezone"] == "America/New_York"
    assert shown["session"]["starts_at"].endswith(("-05:00", "-04:00"))

    cancelled = post(client, f"/api/signups/{ana['token']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"/api/signups/{ben['token']}").json()["status"] == "confirmed"
    assert client.get("/api/signups/made-up-token").status_code == 404
    assert post(client, "/api/signups/made-up-token/cancel").json()["code"] == "unknown_signup"


def test_check_in_and_no_show_are_for_staff(client, festival, kiosk_headers, auth_headers):
    session = session_in(festival, timedelta(minutes=30))
    ana = factories.signup(session)
    assert post(client, f"/api/signups/{ana.token}/check-in").status_code == 401
    response = post(client, f"/api/signups/{ana.token}/check-in", **kiosk_headers)
    assert response.status_code == 200 and response.json()["status"] == "checked_in"

    not_yet = post(client, f"/api/signups/{factories.signup(session).token}/no-show", **auth_headers)
    assert (not_yet.status_code, not_yet.json()["code"]) == (409, "session_not_started")

    later = session_in(festival, timedelta(hours=2))
    early = post(client, f"/api/signups/{factories.signup(later).token}/check-in", **kiosk_headers)
    assert (early.status_code, early.json()["code"]) == (409, "check_in_not_open")


def test_walk_in_through_the_api(client, festival, kiosk_headers):
    session = session_in(festival, -timedelta(minutes=10), capacity=1)
    ana = factories.signup(session)
    assert (
        post(client, f"/api/sessions/{session.pk}/walk-ins", {"display_name": "Walk-in"}, **kiosk_headers).json()["code"]
        == "session_full"
    )
    assert post(client, f"/api/signups/{ana.token}/no-show", **kiosk_headers).json()["status"] == "no_show"
    response = post(client, f"/api/sessions/{session.pk}/walk-ins", {"display_name": "Walk-in"}, **kiosk_headers)
    assert response.status_code == 201 and response.json()["status"] == "checked_in"


@pytest.mark.parametrize("token", ["%00abcdefghijklmnopqrst", "x" * 300, "%F0%9F%98%80" * 6, "abc"])
def test_malformed_tokens_are_404_never_500(client, token):
    assert client.get(f"/api/signups/{token}").status_code == 404
    response = post(client, f"/api/signups/{token}/cancel")
    assert (response.status_code, response.json()["code"]) == (404, "unknown_signup")


def test_huge_or_negative_session_ids_are_404(client, festival):
    for session_id in ("99999999999999999999999", "-1"):
        response = post(client, f"/api/sessions/{session_id}/signups", {"display_name": "Ana"})
        assert (response.status_code, response.json()["code"]) == (404, "unknown_session")


def test_control_characters_are_refused_not_stored(client, festival):
    session = session_in(festival, LATER)
    url = f"/api/sessions/{session.pk}/signups"
    name = post(client, url, {"display_name": "An\u0000a"})
    assert (name.status_code, name.json()["code"], name.json()["fields"][0]["field"]) == (422, "invalid", "display_name")
    email = post(client, url, {"display_name": "Ana", "email": "a\u0000@example.org"})
    assert (email.status_code, email.json()["code"], email.json()["fields"][0]["field"]) == (422, "invalid", "email")
    assert not SignUp.objects.exists()


def test_availability_shows_places_left_and_the_queue(client, festival):
    session = session_in(festival, LATER, capacity=2)
    factories.signup(session)
    factories.signup(session, "checked_in")
    factories.signup(session, "waitlisted")
    factories.signup(session, "cancelled")
    body = client.get(f"/api/sessions/{session.pk}/availability").json()
    assert body == {
        "session": session.pk,
        "title": session.title,
        "capacity": 2,
        "places_taken": 2,
        "places_held": 0,
        "free_places": 0,
        "waitlist": True,
        "waitlist_count": 1,
        "signups": "open",
    }
    draft = factories.session_starting_in(LATER, factories.activation(festival.organization, status="draft"))
    assert client.get(f"/api/sessions/{draft.pk}/availability").status_code == 404
