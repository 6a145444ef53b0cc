"""Undoing a check-in tapped by mistake: `POST /api/signups/{token}/check-in/undo`.

Within 10 seconds, only from the kiosk that made the check-in, only in staff mode; a party's
check-in takes just its people out again; every refusal leaves the sign-up as it was.
"""

import json
from datetime import timedelta

import pytest

from core.actors import PUBLIC
from kiosk.models import KioskDevice
from signups.models import CheckIn, SignUp
from signups.services import signups
from tests import factories
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

SOON = timedelta(minutes=30)  # check-in is open


def post(client, url, **headers):
    return client.post(url, "{}", content_type="application/json", **headers)


def check_in(client, signup, headers):
    response = post(client, f"/api/signups/{signup.token}/check-in", **headers)
    assert response.status_code == 200, response.content
    return response


def undo(client, signup, headers):
    return post(client, f"/api/signups/{signup.token}/check-in/undo", **headers)


def written(signup):
    """Everything an undo could change: the sign-up's check-in fields, its place and its check-in log."""
    row = SignUp.objects.get(pk=signup.pk)
    log = list(CheckIn.objects.filter(signup=signup).order_by("pk").values_list("people", "by", "undone_at"))
    return (row.status, row.checked_in_count, row.checked_in_at, row.checked_in_by, row.waitlist_position, log)


def refused(response, status, code):
    assert (response.status_code, response.json()["code"]) == (status, code), response.content
    return response.json()["detail"]


@pytest.fixture
def second_kiosk(festival):
    """Another tablet at the same booth, in staff mode."""
    device = KioskDevice(activation=festival, name="Booth tablet 2")
    secret = device.issue_credential()
    device.save()
    return factories.staff_mode_headers(device, secret)


def test_the_kiosk_that_checked_someone_in_can_undo_it_and_they_are_confirmed_again(client, festival, kiosk_headers):
    session = session_in(festival, SOON, capacity=5)
    ana = factories.signup(session, display_name="Ana")
    check_in(client, ana, kiosk_headers)

    response = undo(client, ana, kiosk_headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["checked_in_at"], body["display_name"]) == ("confirmed", None, "Ana")
    ana.refresh_from_db()
    assert (ana.status, ana.checked_in_count, ana.checked_in_by) == ("confirmed", 0, "")
    # and the place is still theirs: checking in again works
    assert check_in(client, ana, kiosk_headers).json()["status"] == "checked_in"


def test_undo_needs_staff_mode_and_writes_nothing_without_it(client, festival, kiosk_headers, kiosk_attendee_headers):
    session = session_in(festival, SOON)
    ana = factories.signup(session, display_name="Ana")
    check_in(client, ana, kiosk_headers)
    before = written(ana)
    refused(undo(client, ana, kiosk_attendee_headers), 403, "staff_mode_required")
    assert post(client, f"/api/signups/{ana.token}/check-in/undo").status_code == 401  # the public
    assert written(ana) == before


def test_only_the_kiosk_that_made_the_check_in_may_undo_it(client, festival, kiosk_headers, second_kiosk, auth_headers):
    session = session_in(festival, SOON)
    ana = factories.signup(session, display_name="Ana")
    check_in(client, ana, kiosk_headers)
    before = written(ana)
    detail = refused(undo(client, ana, second_kiosk), 403, "not_your_check_in")
    assert "another kiosk" in detail
    refused(undo(client, ana, auth_headers), 403, "not_your_check_in")  # nor an organizer, for a kiosk's check-in
    assert written(ana) == before

    ben = factories.signup(session, display_name="Ben")
    check_in(client, ben, second_kiosk)
    refused(undo(client, ben, kiosk_headers), 403, "not_your_check_in")
    assert undo(client, ben, second_kiosk).json()["status"] == "confirmed"


def test_nothing_to_undo_is_409_not_checked_in(client, festival, kiosk_headers):
    session = session_in(festival, SOON)
    ana = factories.signup(session, display_name="Ana")
    before = written(ana)
    assert "Ana is not checked in" in refused(undo(client, ana, kiosk_headers), 409, "not_checked_in")
    assert written(ana) == before

    check_in(client, ana, kiosk_headers)
    assert undo(client, ana, kiosk_headers).status_code == 200
    refused(undo(client, ana, kiosk_headers), 409, "not_checked_in")  # the same undo twice

    walk_in = SignUp.objects.create(session=session, display_name="Wendy", status="checked_in", checked_in_count=1)
    assert "walk-in" in refused(undo(client, walk_in, kiosk_headers), 409, "not_checked_in")
    assert SignUp.objects.get(pk=walk_in.pk).status == "checked_in"


def test_after_ten_seconds_the_undo_window_has_passed(client, festival, kiosk_headers):
    session = session_in(festival, SOON)
    ana = factories.signup(session, display_name="Ana")
    check_in(client, ana, kiosk_headers)
    made = CheckIn.objects.get(signup=ana)
    CheckIn.objects.filter(pk=made.pk).update(at=made.at - timedelta(seconds=9))
    assert undo(client, ana, kiosk_headers).status_code == 200  # at 9 s: still in time

    check_in(client, ana, kiosk_headers)
    latest = CheckIn.objects.filter(signup=ana, undone_at__isnull=True).get()
    CheckIn.objects.filter(pk=latest.pk).update(at=latest.at - timedelta(seconds=11))
    before = written(ana)
    assert "within 10 seconds" in refused(undo(client, ana, kiosk_headers), 409, "undo_window_passed")
    assert written(ana) == before and before[0] == "checked_in"


def test_undoing_a_party_check_in_takes_out_that_check_in_s_people(client, festival, kiosk_device, kiosk_actor, kiosk_headers):
    session = session_in(festival, SOON, capacity=10)
    party = signups.sign_up(PUBLIC, session.pk, "Ana", places=4).signup
    signups.check_in(kiosk_actor, party.token, people=1)
    signups.check_in(kiosk_actor, party.token, people=2)
    assert SignUp.objects.get(pk=party.pk).checked_in_count == 3

    first = undo(client, party, kiosk_headers)
    assert first.status_code == 200 and first.json()["status"] == "checked_in"
    assert SignUp.objects.get(pk=party.pk).checked_in_count == 1  # the two who came in last are out again
    second = undo(client, party, kiosk_headers)
    assert second.json()["status"] == "confirmed"
    assert SignUp.objects.get(pk=party.pk).checked_in_count == 0


def test_undoing_the_admission_of_someone_waiting_puts_them_back_in_their_place_on_the_list(client, festival, kiosk_headers):
    session = session_in(festival, -timedelta(minutes=5), capacity=2)  # started: sign-ups closed, staff admit
    factories.signup(session, display_name="Ana")
    absent = factories.signup(session, display_name="Abe")
    first = factories.signup(session, "waitlisted", display_name="Wade")
    second = factories.signup(session, "waitlisted", display_name="Wren")
    assert post(client, f"/api/signups/{absent.token}/no-show", **kiosk_headers).json()["status"] == "no_show"
    assert check_in(client, second, kiosk_headers).json()["status"] == "checked_in"
    assert SignUp.objects.get(pk=first.pk).waitlist_position == 1

    assert undo(client, second, kiosk_headers).json()["status"] == "waitlisted"
    order = SignUp.objects.filter(session=session, status="waitlisted").order_by("waitlist_position")
    assert [(s.waitlist_position, s.display_name) for s in order] == [(1, "Wade"), (2, "Wren")]


def test_a_retried_undo_with_the_same_idempotency_key_answers_the_same(client, festival, kiosk_headers):
    session = session_in(festival, SOON)
    ana = factories.signup(session, display_name="Ana")
    check_in(client, ana, kiosk_headers)
    url = f"/api/signups/{ana.token}/check-in/undo"
    first = client.post(url, json.dumps({}), content_type="application/json", HTTP_IDEMPOTENCY_KEY="undo-1", **kiosk_headers)
    again = client.post(url, json.dumps({}), content_type="application/json", HTTP_IDEMPOTENCY_KEY="undo-1", **kiosk_headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()
