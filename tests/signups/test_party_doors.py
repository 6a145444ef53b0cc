"""Parties at every door: the API, the web form, the kiosk (sign-up and check-in of N people), the
admin and the impact report all go through the same service and refuse the same bad sizes."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from core.actors import PUBLIC
from impact.figures import activation_report
from signups.models import SignUp
from signups.services import signups
from tests import factories
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

BAD_SIZES = [0, 5, "x", -1, 2.5, True, None]


def post(client, path, body=None, **headers):
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return client.generic("POST", path, **kwargs, **headers)  # no body at all when `body` is None


# --- The API ------------------------------------------------------------------------------------


def test_api_signs_up_a_party_and_says_so(client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=5)
    answer = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana", "places": 3, "companion": True})
    assert answer.status_code == 201, answer.content
    assert (answer.json()["places"], answer.json()["companion"], answer.json()["status"]) == (3, True, "confirmed")
    signup = SignUp.objects.get()
    assert (signup.places, signup.companion, signup.counted_places) == (3, True, 3)
    mine = client.get(f"/api/signups/{signup.token}").json()
    assert (mine["places"], mine["companion"], mine["checked_in_count"]) == (3, True, 0)
    full = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ben", "places": 3})
    assert (full.status_code, full.json()["status"]) == (201, "waitlisted")  # 2 left: the party waits whole


@pytest.mark.parametrize("places", BAD_SIZES)
def test_api_refuses_a_bad_party_size_and_writes_nothing(client, festival, places):
    session = session_in(festival, timedelta(hours=3), capacity=10, max_party_size=4)
    answer = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana", "places": places})
    assert answer.status_code == 422, answer.content
    assert "places" in json.dumps(answer.json())
    assert not SignUp.objects.exists()


def test_api_party_errors_name_their_rule(client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=3, max_party_size=4)
    url = f"/api/sessions/{session.pk}/signups"
    assert post(client, url, {"display_name": "A", "places": 5}).json()["code"] == "party_too_large"  # over 4
    assert post(client, url, {"display_name": "A", "places": 21}).json()["code"] == "invalid"  # over any party: the schema
    assert post(client, url, {"display_name": "A", "places": 4}).status_code == 409  # larger than the session
    assert post(client, url, {"display_name": "A", "places": 4}).json()["code"] == "party_larger_than_session"
    session.capacity = 10
    session.max_party_size = 2
    session.save()
    too_many = post(client, url, {"display_name": "A", "places": 3})
    assert (too_many.status_code, too_many.json()["code"]) == (422, "party_too_large")
    alone = post(client, url, {"display_name": "A", "places": 1, "companion": True})
    assert (alone.status_code, alone.json()["code"]) == (422, "companion_needs_party")
    assert post(client, url, {"display_name": "A", "companion": "yes"}).status_code == 422
    assert not SignUp.objects.exists()


def test_api_checks_in_some_of_a_party_then_the_rest(client, festival, kiosk_headers, auth_headers):
    session = session_in(festival, timedelta(minutes=20), capacity=10)
    party = signups.sign_up(PUBLIC, session.pk, "Ana", places=3).signup
    url = f"/api/signups/{party.token}/check-in"
    for bad in ({"people": 0}, {"people": "x"}, {"people": 2.5}, {"persons": 1}):
        assert post(client, url, bad, **kiosk_headers).status_code == 422, bad
    too_many = post(client, url, {"people": 4}, **kiosk_headers)
    assert (too_many.status_code, too_many.json()["code"]) == (422, "more_than_party")
    assert SignUp.objects.get(pk=party.pk).status == "confirmed"

    two = post(client, url, {"people": 2}, **kiosk_headers)
    assert (two.status_code, two.json()["checked_in_count"], two.json()["places"]) == (200, 2, 3)
    over = post(client, url, {"people": 2}, **kiosk_headers)
    assert (over.status_code, over.json()["code"]) == (409, "party_checked_in")
    rest = post(client, url, {}, **auth_headers)  # `{}` or no body: all still to come
    assert rest.json()["checked_in_count"] == 3
    assert post(client, url, **auth_headers).status_code == 200  # the whole party again: harmless


def test_api_walk_in_party(client, festival, kiosk_headers):
    session = session_in(festival, -timedelta(minutes=5), capacity=3)
    url = f"/api/sessions/{session.pk}/walk-ins"
    assert post(client, url, {"display_name": "Big", "places": 4}, **kiosk_headers).status_code == 409
    answer = post(client, url, {"display_name": "Ana", "places": 2, "companion": True}, **kiosk_headers)
    assert answer.status_code == 201, answer.content
    assert (answer.json()["places"], answer.json()["checked_in_count"]) == (2, 2)


def test_openapi_documents_party_fields_and_an_optional_check_in_body(client):
    doc = client.get("/api/openapi.json").json()
    body = doc["components"]["schemas"]["SignUpIn"]["properties"]
    assert body["places"]["minimum"] == 1 and body["companion"]["type"] == "boolean"
    check_in = doc["paths"]["/api/signups/{token}/check-in"]["post"]["requestBody"]
    assert check_in["required"] is False
    assert check_in["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/CheckInIn"}
    assert "places" in doc["components"]["schemas"]["SignUpCreated"]["required"]


# --- The web form -------------------------------------------------------------------------------


def test_web_form_offers_places_up_to_the_session_maximum_only_when_over_one(client, festival):
    party = session_in(festival, timedelta(hours=3), capacity=10, max_party_size=3, companions_free=True)
    single = session_in(festival, timedelta(hours=4), capacity=10, max_party_size=1)
    html = client.get("/a/harbor-sound/").content.decode()
    form_of = {s.pk: html.split(f'id="session-{s.pk}"')[1].split("</li>")[0] for s in (party, single)}
    assert "How many places?" in form_of[party.pk]
    assert re.findall(r'<option value="(\d+)"', form_of[party.pk]) == ["1", "2", "3"]
    assert "companion or carer" in form_of[party.pk] and "comes free" in form_of[party.pk]
    assert "How many places?" not in form_of[single.pk] and "companion" not in form_of[single.pk]


def test_web_form_signs_up_a_party_with_a_companion(client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=10, companions_free=True)
    response = client.post(
        "/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "places": "3", "companion": "1"}
    )
    assert response.status_code == 302
    signup = SignUp.objects.get()
    assert (signup.places, signup.companion, signup.counted_places, signup.source) == (3, True, 2, "web")


@pytest.mark.parametrize("places", ["0", "5", "x", "-1", "2.5", ""])
def test_web_form_refuses_a_bad_party_size_with_422_and_writes_nothing(client, festival, places):
    session = session_in(festival, timedelta(hours=3), capacity=10, max_party_size=4)
    response = client.post("/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "places": places})
    if places == "":
        assert response.status_code == 302  # not chosen: one place
        assert SignUp.objects.get().places == 1
        return
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "How many places?" in html
    assert not SignUp.objects.exists()


def test_web_form_companion_alone_is_refused(client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=10)
    response = client.post(
        "/a/harbor-sound/signup/", {"session": session.pk, "display_name": "Ana", "places": "1", "companion": "1"}
    )
    assert response.status_code == 422 and "choose a party of 2 or more" in response.content.decode()
    assert not SignUp.objects.exists()


# --- The kiosk ----------------------------------------------------------------------------------


def test_kiosk_signs_up_a_party_and_its_roster_shows_it(client, festival, kiosk_device, kiosk_attendee_headers, kiosk_headers):
    session = session_in(festival, timedelta(minutes=30), capacity=6, max_party_size=4)
    answer = post(client, f"/api/sessions/{session.pk}/signups", {"display_name": "Ana", "places": 4}, **kiosk_attendee_headers)
    assert answer.status_code == 201 and answer.json()["places"] == 4
    assert SignUp.objects.get().source == "kiosk"
    for bad in (0, 5, "x"):
        refused = post(
            client, f"/api/sessions/{session.pk}/signups", {"display_name": "B", "places": bad}, **kiosk_attendee_headers
        )
        assert refused.status_code == 422, bad
    assert SignUp.objects.count() == 1
    roster = client.get(f"/api/sessions/{session.pk}/signups", **kiosk_headers).json()["items"]
    assert [(r["display_name"], r["places"], r["checked_in_count"]) for r in roster] == [("Ana", 4, 0)]


def test_kiosk_today_tells_the_tablet_the_party_size(client, festival, kiosk_attendee_headers):
    from kiosk.today import today_payload
    from core.actors import Actor
    from kiosk.models import KioskDevice

    session = session_in(festival, timedelta(minutes=1), capacity=6, max_party_size=3, companions_free=True)
    device = KioskDevice.objects.get()
    rows = today_payload(Actor.for_device(device))["sessions"]
    row = next(r for r in rows if r["id"] == session.pk)
    assert (row["max_party_size"], row["companions_free"]) == (3, True)


def test_kiosk_staff_check_in_of_some_people_of_a_party(client, festival, kiosk_headers, kiosk_attendee_headers):
    session = session_in(festival, timedelta(minutes=20), capacity=6)
    token = signups.sign_up(PUBLIC, session.pk, "Ana", places=3).signup.token
    url = f"/api/signups/{token}/check-in"
    refused = post(client, url, {"people": 1}, **kiosk_attendee_headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "staff_mode_required")
    assert post(client, url, {"people": 1}, **kiosk_headers).json()["checked_in_count"] == 1
    found = client.get("/api/kiosk/signups?q=Ana", **kiosk_headers).json()["items"][0]
    assert (found["places"], found["checked_in_count"], found["status"]) == (3, 1, "checked_in")
    assert post(client, url, {"people": 2}, **kiosk_headers).json()["checked_in_count"] == 3


def test_kiosk_page_has_the_party_fields():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kiosk"
    shell = (root / "templates" / "kiosk" / "shell.html").read_text()
    script = (root / "static" / "kiosk" / "kiosk.js").read_text()
    assert 'id="k-places"' in shell and 'id="k-companion"' in shell
    assert "body.places" in script and "people: people" in script


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    client.force_login(organizer)
    return client


def test_admin_shows_the_party_and_never_saves_it_around_the_rule(admin_client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=4)
    ana = signups.sign_up(PUBLIC, session.pk, "Ana", places=3, companion=True).signup
    listing = admin_client.get(f"/admin/signups/signup/?session={session.pk}").content.decode()
    assert "3 (1 companion)" in listing
    page = admin_client.get(f"/admin/signups/signup/{ana.pk}/change/").content.decode()
    assert 'name="places"' not in page and 'name="companion"' not in page  # shown, not editable
    assert "3" in page and "Companion" in page
    response = admin_client.post(
        f"/admin/signups/signup/{ana.pk}/change/", {"display_name": "Ana B", "email": "", "places": "9", "companion": ""}
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.display_name, ana.places, ana.companion, ana.counted_places) == ("Ana B", 3, True, 3)
    roster = admin_client.get(f"/admin/activations/session/{session.pk}/change/").content.decode()
    assert "3 (1 companion)" in roster


# --- The impact report --------------------------------------------------------------------------


def test_impact_report_counts_people_not_sign_up_rows(festival):
    session = session_in(festival, -timedelta(minutes=10), capacity=20)
    session.starts_at -= timedelta(hours=1)
    for name, places, status, came in (
        ("Ana", 3, "checked_in", 2),
        ("Ben", 4, "checked_in", 4),
        ("Cleo", 2, "no_show", 0),
        ("Dev", 1, "confirmed", 0),
        ("Eve", 2, "waitlisted", 0),
    ):
        factories.signup(session, status, display_name=name, places=places, counted_places=places, checked_in_count=came)
    report = activation_report(festival)
    figures = next(s for s in report.sessions if s.id == session.pk)
    assert figures.booked == 3 + 4 + 2 + 1
    assert figures.checked_in == 6
    assert figures.no_show == 2
    assert figures.not_marked == 1 + 1  # Dev, and the one of Ana's party who never came in
    assert figures.waitlisted_now == 2
    assert figures.booked == figures.checked_in + figures.no_show + figures.not_marked
