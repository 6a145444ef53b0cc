"""Private organizer feeds (secret, revocable, drafts included) and the admin path: feeds made
and revoked there, and SEQUENCE raised when the admin moves a session."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from calendars.models import CalendarFeed
from activations.models import Session
from tests import factories
from tests.calendar.parsing import activation_uid, parse_everywhere, session_uid

pytestmark = pytest.mark.django_db


def make_feed(org, name="Partners"):
    feed = CalendarFeed(organization=org, name=name)
    secret = feed.issue_secret()
    feed.save()
    return feed, f"/calendar/private/{secret}.ics"


def test_private_feed_includes_drafts_of_its_organization_only(client, org, other_org):
    draft = factories.activation(org, status="draft", title="Secret residency")
    draft_session = factories.session(draft)
    published = factories.activation(org)
    theirs = factories.activation(other_org, status="draft")
    feed, url = make_feed(org)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    events = parse_everywhere(response.content)
    assert set(events) == {activation_uid(draft), session_uid(draft_session), activation_uid(published)}
    assert activation_uid(theirs) not in events
    assert events[activation_uid(draft)]["status"] == "TENTATIVE"
    assert events[activation_uid(draft)]["summary"] == "[Draft] Secret residency"
    assert "/admin/activations/activation/" in response.content.decode()  # a draft links to the admin, not a 404
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_revoked_and_unknown_feeds_are_404(client, org):
    factories.activation(org, status="draft")
    feed, url = make_feed(org)
    etag = client.get(url)["ETag"]
    feed.revoke()
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404  # no 304 either
    assert client.get("/calendar/private/" + "A" * 43 + ".ics").status_code == 404


def test_secret_is_stored_hashed(org):
    feed, url = make_feed(org)
    secret = re.search(r"private/([^/]+)\.ics", url).group(1)
    feed.refresh_from_db()
    assert secret not in (feed.secret_hash, feed.prefix) and len(secret) >= 40
    assert CalendarFeed.active_for_secret(secret) == feed


def test_private_feed_304(client, org):
    factories.activation(org, status="draft")
    _, url = make_feed(org)
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.fixture
def admin_client(client, org):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_admin_makes_a_feed_shows_its_url_once_and_revokes_it(admin_client, org):
    factories.activation(org, status="draft", title="Planning retreat")
    response = admin_client.post("/admin/calendars/calendarfeed/add/", {"organization": org.pk, "name": "Producers"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    url = re.search(r"http://127\.0\.0\.1:8000(/calendar/private/[A-Za-z0-9_-]+\.ics)", page).group(1)
    assert "webcal://127.0.0.1:8000" + url in page
    feed = CalendarFeed.objects.get(name="Producers")
    assert feed.created_by.username == "root"
    assert "Planning retreat" in admin_client.get(url).content.decode()
    # The list never shows the secret again.
    assert url not in admin_client.get("/admin/calendars/calendarfeed/").content.decode()
    admin_client.post("/admin/calendars/calendarfeed/", {"action": "revoke_feeds", "_selected_action": [feed.pk]})
    feed.refresh_from_db()
    assert feed.is_revoked
    assert admin_client.get(url).status_code == 404


def _admin_session_form(session, **changes):
    zone = session.activation.venue.zone
    start = session.starts_at.astimezone(zone)
    end = session.ends_at.astimezone(zone)
    data = {
        "activation": session.activation_id,
        "title": session.title,
        "description": session.description,
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "capacity": session.capacity or "",
        "waitlist": "on" if session.waitlist else "",
        "max_party_size": session.max_party_size,
        "signups_open_at_0": "",
        "signups_open_at_1": "",
        "signups_close_at_0": "",
        "signups_close_at_1": "",
        "status": session.status,
        # The session page's roster (signups.admin.RosterInline) posts an empty formset.
        "signups-TOTAL_FORMS": "0",
        "signups-INITIAL_FORMS": "0",
        "signups-MIN_NUM_FORMS": "0",
        "signups-MAX_NUM_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_edits_raise_sequence_only_for_time_place_or_status(admin_client, org):
    start = factories.local("America/New_York", 2031, 3, 8, 9)
    activation = factories.activation(org, starts_at=start, ends_at=start + timedelta(days=3))
    session = factories.session(activation, starts_at=start + timedelta(hours=2), ends_at=start + timedelta(hours=3))
    url = f"/admin/activations/session/{session.pk}/change/"

    response = admin_client.post(url, _admin_session_form(session, title="Renamed in the admin"))
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert (session.title, session.sequence) == ("Renamed in the admin", 0)

    response = admin_client.post(url, _admin_session_form(session, starts_at_1="13:00:00", ends_at_1="14:00:00"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1
    assert session.starts_at == factories.local("America/New_York", 2031, 3, 8, 13)

    response = admin_client.post(url, _admin_session_form(session, status="cancelled"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 2

    events = parse_everywhere(admin_client.get(f"/calendar/{activation.slug}.ics").content)
    assert events[session_uid(session)]["sequence"] == 2
    assert events[session_uid(session)]["status"] == "CANCELLED"


def test_model_save_rule_for_scripts(org):
    session = factories.session(factories.activation(org))
    session.title = "Only a new name"
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 0
    fresh = Session.objects.get(pk=session.pk)
    fresh.ends_at += timedelta(minutes=15)
    fresh.save(update_fields=["ends_at"])
    assert Session.objects.get(pk=session.pk).sequence == 1
    # An instance built by hand, not loaded: the stored row is read to compare.
    stored = Session.objects.filter(pk=session.pk).values().get()
    rebuilt = Session(**{**stored, "status": "cancelled"})
    rebuilt._state.adding = False
    rebuilt.save()
    assert Session.objects.get(pk=session.pk).sequence == 2


def test_refreshed_instance_compares_with_what_it_reloaded(org):
    session = factories.session(factories.activation(org))
    elsewhere = Session.objects.get(pk=session.pk)
    elsewhere.starts_at -= timedelta(minutes=30)
    elsewhere.save()  # someone else moved it: sequence 1
    session.refresh_from_db()
    session.title = "Renamed after reloading"
    session.save()  # no move of its own
    assert Session.objects.get(pk=session.pk).sequence == 1
