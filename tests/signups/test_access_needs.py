"""Access needs: asked with consent and purpose at every door, shown only to staff, purged with the
names, and counted in the impact report only under the small-numbers rule."""

import html
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from core.actors import PUBLIC
from core.errors import GreenroomError
from impact.export import render_csv
from impact.figures import activation_report
from impact.summary import headline
from signups.models import SignUp
from signups.services import signups
from signups.services.access import ASK
from tests import factories
from tests.signups.conftest import session_in

pytestmark = pytest.mark.django_db

NEEDS = {
    "access_needs": ["step_free", "interpretation"],
    "interpretation": "BSL",
    "access_note": "I use a wheelchair\nand tire quickly",
}


def post(client, path, body=None, **headers):
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return client.generic("POST", path, **kwargs, **headers)


# --- The rule -----------------------------------------------------------------------------------


def test_access_needs_are_kept_only_with_consent(festival):
    session = session_in(festival, timedelta(hours=3))
    with pytest.raises(GreenroomError) as refused:
        signups.sign_up(PUBLIC, session.pk, "Ana", access_needs=["seating"])
    assert (refused.value.status, refused.value.code) == (422, "access_consent_required")
    with pytest.raises(GreenroomError):
        signups.sign_up(PUBLIC, session.pk, "Ana", access_note="a note alone needs consent too")
    assert not SignUp.objects.exists()
    nothing = signups.sign_up(PUBLIC, session.pk, "Ben").signup  # nothing given: no consent needed
    assert nothing.access_consent_at is None and not nothing.access_step_free
    ana = signups.sign_up(PUBLIC, session.pk, "Ana", access_needs=["seating", "quiet_space"], access_consent=True).signup
    assert (ana.access_seating, ana.access_quiet_space, ana.access_step_free) == (True, True, False)
    assert ana.access_consent_at is not None


@pytest.mark.parametrize(
    "given, code",
    [
        ({"access_needs": ["wings"]}, "invalid_access_need"),
        ({"access_needs": ["interpretation"]}, "interpretation_which"),
        ({"access_needs": "seating"}, "invalid_access_need"),
        ({"access_note": "bad\x07bell"}, "invalid"),
        ({"access_note": "x" * 501}, "invalid"),
        ({"interpretation": "BSL\nASL"}, "invalid"),
    ],
)
def test_bad_access_needs_are_refused_and_nothing_written(festival, given, code):
    session = session_in(festival, timedelta(hours=3))
    with pytest.raises(GreenroomError) as refused:
        signups.sign_up(PUBLIC, session.pk, "Ana", access_consent=True, **given)
    assert (refused.value.status, refused.value.code) == (422, code)
    assert not SignUp.objects.exists()


# --- The API: staff see them, the public never ----------------------------------------------------


def test_api_takes_access_needs_and_never_answers_them_to_the_public(client, festival, auth_headers, kiosk_headers):
    session = session_in(festival, timedelta(hours=3))
    url = f"/api/sessions/{session.pk}/signups"
    refused = post(client, url, {"display_name": "Ana", **NEEDS})
    assert (refused.status_code, refused.json()["code"]) == (422, "access_consent_required")
    assert post(client, url, {"display_name": "Ana", "access_needs": ["hoverboard"], "access_consent": True}).status_code == 422
    assert not SignUp.objects.exists()

    made = post(client, url, {"display_name": "Ana", **NEEDS, "access_consent": True})
    assert made.status_code == 201, made.content
    public_answers = [made.content.decode(), client.get(f"/api/signups/{made.json()['token']}").content.decode()]
    for answer in public_answers:
        assert "wheelchair" not in answer and "step_free" not in answer and "BSL" not in answer
    rows = client.get(url, **auth_headers).json()["items"]
    assert rows[0]["access_needs"] == ["step_free", "interpretation"] and rows[0]["interpretation"] == "BSL"
    assert rows[0]["access_note"] == "I use a wheelchair\nand tire quickly"
    kiosk_rows = client.get(f"/api/sessions/{session.pk}/signups", **kiosk_headers).json()["items"]
    assert kiosk_rows[0]["access_needs"] == ["step_free", "interpretation"]
    public_list = client.get(url)
    assert public_list.status_code in (401, 403)


def test_kiosk_roster_shows_access_needs_in_staff_mode_only(client, festival, kiosk_headers, kiosk_attendee_headers):
    session = session_in(festival, timedelta(minutes=30))
    made = post(
        client,
        f"/api/sessions/{session.pk}/signups",
        {"display_name": "Ana", **NEEDS, "access_consent": True},
        **kiosk_attendee_headers,
    )
    assert made.status_code == 201 and "wheelchair" not in made.content.decode()
    found = client.get("/api/kiosk/signups?q=Ana", **kiosk_headers).json()["items"][0]
    assert found["access_needs"] == ["Step-free access", "Interpretation: BSL"]
    assert found["access_note"].startswith("I use a wheelchair")
    attendee = client.get("/api/kiosk/signups?q=Ana", **kiosk_attendee_headers)
    assert (attendee.status_code, attendee.json()["code"]) == (403, "staff_mode_required")


def test_openapi_marks_the_note_as_multi_line_and_lists_the_needs(client):
    body = client.get("/api/openapi.json").json()["components"]["schemas"]["SignUpIn"]["properties"]
    assert body["access_needs"]["items"]["enum"] == ["step_free", "seating", "quiet_space", "interpretation"]
    assert body["access_note"].get("x-multi-line") or "access_note" in json.dumps(body)


# --- The web form -------------------------------------------------------------------------------


def test_activation_page_shows_access_facts_and_asks_with_purpose(client, festival):
    session = session_in(festival, timedelta(hours=3), step_free_access=True, hearing_loop=True)
    page = client.get("/a/harbor-sound/").content.decode()
    part = html.unescape(page.split(f'id="session-{session.pk}"')[1].split("</li>\n")[0])
    facts = part.split('class="access-facts"')[1].split("</ul>")[0]
    assert "Step-free access" in facts and "Hearing loop" in facts and "Quiet space" not in facts
    assert part.index("access-facts") < part.index("<form")  # before anyone signs up
    assert ASK in part and "shown only to staff" in part and 'name="access_consent"' in part


def test_web_form_keeps_access_needs_with_consent_and_refuses_them_without(client, festival):
    session = session_in(festival, timedelta(hours=3))
    form = {
        "session": session.pk,
        "display_name": "Ana",
        "access_needs": ["seating"],
        "interpretation": "other",
        "interpretation_other": "LSF",
        "access_note": "Near the door, please",
    }
    refused = client.post("/a/harbor-sound/signup/", form)
    assert refused.status_code == 422 and "Please tick the box" in refused.content.decode()
    assert not SignUp.objects.exists()
    no_which = client.post("/a/harbor-sound/signup/", {**form, "interpretation_other": "", "access_consent": "1"})
    assert no_which.status_code == 422 and not SignUp.objects.exists()
    made = client.post("/a/harbor-sound/signup/", {**form, "access_consent": "1"})
    assert made.status_code == 302
    ana = SignUp.objects.get()
    assert (ana.access_seating, ana.access_interpretation, ana.access_note) == (True, "LSF", "Near the door, please")
    own_page = client.get(made["Location"]).content.decode()
    assert "Near the door" not in own_page and "LSF" not in own_page  # never on a public page


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    client.force_login(organizer)
    return client


def test_admin_roster_shows_access_needs_and_the_session_form_edits_access_facts(admin_client, festival):
    session = session_in(festival, timedelta(hours=3))
    ana = signups.sign_up(
        PUBLIC, session.pk, "Ana", access_needs=["quiet_space"], access_note="Loud noise", access_consent=True
    ).signup
    roster = admin_client.get(f"/admin/activations/session/{session.pk}/change/").content.decode()
    assert "A quiet space · note: Loud noise" in roster
    for fact in ("step_free_access", "seating", "hearing_loop", "quiet_space"):
        assert f'name="{fact}"' in roster
    change = admin_client.get(f"/admin/signups/signup/{ana.pk}/change/").content.decode()
    assert "Loud noise" in change and 'name="access_note"' not in change  # shown, never edited around consent


# --- The purge ----------------------------------------------------------------------------------


def test_purge_clears_access_needs_with_the_names(festival):
    session = session_in(festival, timedelta(hours=3))
    ana = signups.sign_up(PUBLIC, session.pk, "Ana", **NEEDS, access_consent=True).signup
    SignUp.objects.filter(pk=ana.pk).update(status="checked_in", checked_in_count=1)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=41), ends_at=timezone.now() - timedelta(days=40)
    )
    call_command("purge_personal_data", stdout=io.StringIO())
    ana.refresh_from_db()
    assert (ana.display_name, ana.access_step_free, ana.access_interpretation, ana.access_note) == ("", False, "", "")
    assert ana.access_consent_at is None and ana.status == "checked_in"


# --- The impact report --------------------------------------------------------------------------


def test_impact_report_counts_access_needs_under_the_small_numbers_rule(festival):
    session = session_in(festival, -timedelta(minutes=10))
    for i in range(6):
        factories.signup(session, display_name=f"S{i}", access_step_free=True, access_seating=i < 2)
    factories.signup(session, "cancelled", access_quiet_space=True)
    report = activation_report(festival)
    assert report.access_needs == {"step_free": 6, "seating": 2, "quiet_space": 0, "interpretation": 0}
    on_screen = {f.key: f.text for f in headline(report, suppress=False)}
    assert (on_screen["access_step_free"], on_screen["access_seating"]) == ("6", "2")
    csv_text = render_csv(report)
    assert "access_seating" in csv_text and "fewer than 5" in csv_text.split("access_seating")[1].splitlines()[0]
    assert "S0" not in csv_text
