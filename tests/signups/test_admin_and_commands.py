"""The organizer's admin list, its actions and CSV; purge_personal_data; the demo sign-ups."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from signups.models import SignUp
from tests import factories
from tests.signups.conftest import session_in, waitlist

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organizer):
    client.force_login(organizer)
    from django.contrib.auth.models import Permission

    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    return client


def test_admin_lists_only_own_sign_ups_with_status_and_position(admin_client, festival, other_org):
    session = session_in(festival, timedelta(hours=3), capacity=1, title="Breathwork")
    factories.signup(session, display_name="Ana")
    factories.signup(session, "waitlisted", display_name="Ben")
    foreign = factories.session_starting_in(timedelta(hours=3), factories.activation(other_org))
    factories.signup(foreign, display_name="Stranger")
    html = admin_client.get(f"/admin/signups/signup/?session={session.pk}").content.decode()
    assert "Ana" in html and "Ben" in html and "On the waiting list" in html
    assert "Breathwork, " in html and ": 1 of 1 places taken, 1 waiting" in html
    assert "Stranger" not in admin_client.get("/admin/signups/signup/").content.decode()


def test_admin_actions_use_the_rules(admin_client, festival):
    session = session_in(festival, -timedelta(minutes=5), capacity=1)
    ana = factories.signup(session, display_name="Ana")
    ben = factories.signup(session, "waitlisted", display_name="Ben")
    url = "/admin/signups/signup/"
    response = admin_client.post(url, {"action": "check_in_selected", "_selected_action": [ben.pk]}, follow=True)
    assert "No place is free" in response.content.decode()
    admin_client.post(url, {"action": "mark_selected_no_show", "_selected_action": [ana.pk]})
    admin_client.post(url, {"action": "check_in_selected", "_selected_action": [ben.pk]})
    assert dict(SignUp.objects.values_list("display_name", "status")) == {"Ana": "no_show", "Ben": "checked_in"}
    assert admin_client.get(url + "add/").status_code == 403


def test_csv_export_of_a_sessions_list(admin_client, festival):
    session = session_in(festival, timedelta(hours=3), capacity=1, title="Breathwork")
    factories.signup(session, display_name="Ana", email="ana@example.org")
    factories.signup(session, "waitlisted", display_name="=HYPERLINK(1)")
    rows = SignUp.objects.filter(session=session)
    response = admin_client.post("/admin/signups/signup/", {"action": "export_csv", "_selected_action": [s.pk for s in rows]})
    assert response["Content-Disposition"] == 'attachment; filename="breathwork.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["session", "starts (venue time)", "name", "email", "status"]
    assert [(r[2], r[3], r[4], r[5]) for r in table[1:]] == [
        ("Ana", "ana@example.org", "Confirmed", ""),
        ("'=HYPERLINK(1)", "", "On the waiting list", "1"),
    ]


def test_purge_blanks_old_names_and_emails_and_keeps_counts(festival, settings):
    settings.GREENROOM_RETENTION_DAYS = 30
    now = timezone.now()
    old = factories.session(festival, starts_at=now - timedelta(days=31), ends_at=now - timedelta(days=31) + timedelta(hours=1))
    recent = factories.session(
        festival, starts_at=now - timedelta(days=29), ends_at=now - timedelta(days=29) + timedelta(hours=1)
    )
    factories.signup(old, "checked_in", display_name="Ana", email="ana@example.org")
    factories.signup(old, "no_show", display_name="Ben")
    factories.signup(recent, display_name="Cy", email="cy@example.org")
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "from 2 sign-up(s)" in out.getvalue()
    assert sorted(SignUp.objects.filter(session=old).values_list("display_name", "email", "status")) == [
        ("", "", "checked_in"),
        ("", "", "no_show"),
    ]
    assert SignUp.objects.get(session=recent).display_name == "Cy"
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "from 0 sign-up(s)" in out.getvalue()  # idempotent


def test_demo_sign_ups_are_idempotent_and_fill_some_sessions(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = SignUp.objects.count()
    call_command("seed_demo", stdout=out)
    assert SignUp.objects.count() == first > 0
    from activations.models import Session

    festival_sessions = Session.objects.filter(activation__slug="governors-ball-wellness-booth")
    full_with_queue = [
        s
        for s in festival_sessions
        if s.signups.filter(status__in=["confirmed", "checked_in"]).count() == s.capacity
        and s.signups.filter(status="waitlisted").exists()
    ]
    assert full_with_queue
    assert [p for p, _ in waitlist(full_with_queue[0])] == list(range(1, len(waitlist(full_with_queue[0])) + 1))
    assert not SignUp.objects.exclude(email="").exists()  # demo people get no emails


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =1+1"])
def test_csv_export_neutralises_every_formula_start(admin_client, festival, typed):
    session = session_in(festival, timedelta(hours=3), title="-Breathwork")
    row = factories.signup(session, display_name=typed, email="")
    response = admin_client.post("/admin/signups/signup/", {"action": "export_csv", "_selected_action": [row.pk]})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[1][0] == "'-Breathwork" and table[1][2] == "'" + typed
