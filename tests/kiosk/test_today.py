"""The kiosk's start screen data: today's sessions at its own activation, with free spots, in a
fixed number of SQL queries whatever the number of sessions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from tests import factories


def soon(festival, minutes=50, **kw):
    now = timezone.now()
    return factories.session(
        festival, starts_at=now + timedelta(minutes=minutes), ends_at=now + timedelta(minutes=minutes + 45), **kw
    )


def add(session, name, status="confirmed", position=None):
    return SignUp.objects.create(session=session, display_name=name, status=status, waitlist_position=position)


@pytest.mark.django_db
def test_free_spots_and_what_an_attendee_can_do(client, festival, kiosk_headers):
    open_one = soon(festival, 30, title="Open", capacity=3)
    add(open_one, "A")
    add(open_one, "B", status="checked_in")
    add(open_one, "C", status="cancelled")
    add(open_one, "D", status="no_show")
    waitlisted = soon(festival, 60, title="Full with list", capacity=1, waitlist=True)
    add(waitlisted, "E")
    add(waitlisted, "F", status="waitlisted", position=1)
    soon(festival, 90, title="Unlimited", capacity=None)
    full = soon(festival, 120, title="Full no list", capacity=1, waitlist=False)
    add(full, "G")
    soon(festival, 150, title="Cancelled", status="cancelled")
    now = timezone.now()
    factories.session(festival, title="Under way", starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(minutes=40))
    factories.session(festival, title="Over", starts_at=now - timedelta(minutes=90), ends_at=now - timedelta(minutes=30))

    sessions = {s["title"]: s for s in client.get("/api/kiosk/today", **kiosk_headers).json()["sessions"]}
    assert "Over" not in sessions
    assert (sessions["Open"]["free_spots"], sessions["Open"]["availability"]) == (1, "open")
    assert (
        sessions["Full with list"]["free_spots"],
        sessions["Full with list"]["availability"],
        sessions["Full with list"]["waiting"],
    ) == (0, "waitlist", 1)
    assert (sessions["Unlimited"]["free_spots"], sessions["Unlimited"]["availability"]) == (None, "open")
    assert sessions["Full no list"]["availability"] == "full"
    assert sessions["Cancelled"]["availability"] == "cancelled"
    assert sessions["Under way"]["availability"] == "closed" and sessions["Under way"]["started"]
    # Names never travel in the public start screen's data.
    assert '"A"' not in client.get("/api/kiosk/today", **kiosk_headers).content.decode()


@pytest.mark.django_db
def test_only_today_at_this_activation(client, org, festival, kiosk_headers):
    soon(festival, 30, title="Today here")
    soon(festival, 60 * 26, title="Tomorrow here")
    soon(factories.activation(org, starts_at=festival.starts_at, ends_at=festival.ends_at), 30, title="Today elsewhere")
    titles = [s["title"] for s in client.get("/api/kiosk/today", **kiosk_headers).json()["sessions"]]
    assert titles == ["Today here"]


@pytest.mark.django_db
def test_the_today_view_and_its_refresh_need_a_paired_kiosk(client, festival):
    assert client.get("/api/kiosk/today").status_code == 401
    assert client.get("/kiosk/").status_code == 401
    assert "not paired" in client.get("/kiosk/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/kiosk/today", "/kiosk/"])
def test_query_count_does_not_grow_with_sessions(client, festival, kiosk_headers, django_assert_num_queries, path):
    first = soon(festival, 30)
    add(first, "A")
    client.get(path, **kiosk_headers)  # the device's last-seen stamp is written at most once a minute
    with django_assert_num_queries(2):  # the device, then the sessions with their counts
        assert client.get(path, **kiosk_headers).status_code == 200
    for minutes in (60, 90):
        add(soon(festival, minutes), "B", status="waitlisted", position=1)
    with django_assert_num_queries(2):
        response = client.get(path, **kiosk_headers)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_shell_embeds_no_personal_data_and_no_inline_script(client, festival, kiosk_headers):
    add(soon(festival, 30), "Private Person")
    response = client.get("/kiosk/", **kiosk_headers)
    html = response.content.decode()
    assert "Private Person" not in html
    assert "no-store" in response["Cache-Control"]
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag


@pytest.mark.django_db
def test_the_signup_qr_only_for_this_kiosks_sign_ups(client, org, festival, kiosk_headers, settings):
    mine = add(soon(festival, 30), "Mine")
    theirs = add(soon(factories.activation(org)), "Theirs")
    ok = client.get(f"/kiosk/qr/{mine.token}.svg", **kiosk_headers)
    assert ok.status_code == 200 and ok["Content-Type"] == "image/svg+xml"
    assert "no-store" in ok["Cache-Control"]
    assert client.get(f"/kiosk/qr/{theirs.token}.svg", **kiosk_headers).status_code == 404
    assert client.get(f"/kiosk/qr/{mine.token}.svg").status_code == 401


@pytest.mark.django_db
def test_service_worker_is_served_for_the_kiosk_scope(client):
    response = client.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/kiosk/"
