"""Seat leases: places a kiosk holds so it can confirm people for certain while offline.

Through the API a tablet uses (PUT/DELETE /api/kiosk/sessions/{id}/lease, and sign-ups naming
the lease), against the real database.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from kiosk.services import pairing
from signups.availability import availability_of
from signups.models import SeatLease, SignUp
from tests import factories


@pytest.fixture
def workshop(festival):
    start = timezone.now() + timedelta(hours=2)
    return factories.session(festival, title="Songwriting circle", starts_at=start, capacity=5, waitlist=True)


@pytest.fixture
def second_tablet(festival, organizer_actor):
    created = pairing.create_device(organizer_actor, festival.pk, "Booth tablet 2")
    device, credential = pairing.pair_device(created.code)
    return device, {"HTTP_X_KIOSK_CREDENTIAL": credential}


def hold(client, headers, session, places, claims=0):
    return client.put(
        f"/api/kiosk/sessions/{session.pk}/lease",
        data=json.dumps({"places": places, "claims": claims}),
        content_type="application/json",
        **headers,
    )


def sign_up(client, headers, session, name, lease=None, key=None):
    body = {"display_name": name}
    if lease is not None:
        body["lease"] = lease
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/sessions/{session.pk}/signups", data=json.dumps(body), content_type="application/json", **headers, **extra
    )


def test_two_kiosks_never_hold_more_than_the_free_places(client, workshop, kiosk_headers, second_tablet):
    first = hold(client, kiosk_headers, workshop, 3)
    second = hold(client, second_tablet[1], workshop, 3)
    assert first.status_code == 200 and second.status_code == 200
    assert first.json()["places"] == 3
    assert second.json()["places"] == 2  # only 2 of the 5 were left
    assert availability_of(workshop).free == 0
    # Everyone else sees the session full: the public joins the waiting list.
    public = client.post(f"/api/sessions/{workshop.pk}/signups", data={"display_name": "Kit"}, content_type="application/json")
    assert public.status_code == 201 and public.json()["status"] == "waitlisted"


def test_offline_sign_ups_arrive_confirmed_from_the_lease_once_each(client, workshop, kiosk_headers, second_tablet):
    lease = hold(client, kiosk_headers, workshop, 3).json()
    hold(client, second_tablet[1], workshop, 2)
    # The public fills nothing (all 5 are held) and waits.
    client.post(f"/api/sessions/{workshop.pk}/signups", data={"display_name": "Kit"}, content_type="application/json")
    # The first tablet's three offline sign-ups arrive: confirmed from the lease, ahead of the waiting list.
    answers = [sign_up(client, kiosk_headers, workshop, f"Walk-in {n}", lease=lease["id"], key=f"key-{n}") for n in range(3)]
    assert [a.json()["status"] for a in answers] == ["confirmed"] * 3
    # A replay of one (its answer was lost on the festival Wi-Fi) is not a second sign-up.
    replay = sign_up(client, kiosk_headers, workshop, "Walk-in 0", lease=lease["id"], key="key-0")
    assert replay.status_code == 201 and replay.json()["token"] == answers[0].json()["token"]
    # A fourth: the tablet had no place left for it, so it waits like anyone.
    fourth = sign_up(client, kiosk_headers, workshop, "Walk-in 3", lease=lease["id"], key="key-3")
    assert fourth.json()["status"] == "waitlisted"
    row = SeatLease.objects.get(pk=lease["id"])
    assert (row.used, row.claims, row.unused) == (3, 4, 0)
    assert SignUp.objects.filter(session=workshop, status="confirmed").count() == 3
    assert availability_of(workshop).free == 0  # 3 taken + 2 still held by the second tablet


def test_unused_places_come_back_when_the_kiosk_returns_them(client, workshop, kiosk_headers):
    hold(client, kiosk_headers, workshop, 3)
    assert availability_of(workshop).free == 2
    assert client.delete(f"/api/kiosk/sessions/{workshop.pk}/lease", **kiosk_headers).status_code == 204
    assert availability_of(workshop).free == 5


def test_revoking_a_tablet_gives_back_what_it_held(client, workshop, device, kiosk_headers, organizer_actor):
    hold(client, kiosk_headers, workshop, 3)
    pairing.revoke_device(organizer_actor, device.pk)
    assert availability_of(workshop).free == 5


def test_a_lease_is_not_changed_while_sign_ups_made_with_it_are_on_their_way(client, workshop, kiosk_headers):
    lease = hold(client, kiosk_headers, workshop, 3).json()
    sign_up(client, kiosk_headers, workshop, "Ana", lease=lease["id"])
    # The tablet made two with the lease; one has arrived.
    pending = hold(client, kiosk_headers, workshop, 3, claims=2)
    assert pending.status_code == 409 and pending.json()["code"] == "lease_claims_pending"
    assert SeatLease.objects.get(pk=lease["id"]).unused == 2  # unchanged
    sign_up(client, kiosk_headers, workshop, "Bo", lease=lease["id"])
    renewed = hold(client, kiosk_headers, workshop, 3, claims=2)
    assert renewed.status_code == 200
    assert renewed.json() | {"expires_at": None, "expires_in": None} == {
        "id": lease["id"],
        "session": workshop.pk,
        "places": 3,
        "used": 2,
        "claims": 2,
        "expires_at": None,
        "expires_in": None,
    }
    assert availability_of(workshop).free == 0  # 2 taken, 3 held


def test_a_refused_sign_up_does_not_count_as_a_claim(client, workshop, kiosk_headers):
    lease = hold(client, kiosk_headers, workshop, 2).json()
    refused = sign_up(client, kiosk_headers, workshop, "bad\x00name", lease=lease["id"])
    assert refused.status_code == 422
    assert SeatLease.objects.get(pk=lease["id"]).claims == 0
    assert hold(client, kiosk_headers, workshop, 2, claims=0).status_code == 200


def test_the_lease_expires_for_confirming_and_says_so(client, workshop, kiosk_headers, settings):
    settings.GREENROOM_KIOSK_LEASE_MINUTES = 30
    answer = hold(client, kiosk_headers, workshop, 2).json()
    assert 29 * 60 <= answer["expires_in"] <= 30 * 60


@pytest.mark.parametrize("places", [-1, 11, 10**12, "3", True, None, 2.5])
def test_odd_lease_sizes_are_refused_and_change_nothing(client, workshop, kiosk_headers, places):
    answer = client.put(
        f"/api/kiosk/sessions/{workshop.pk}/lease",
        data=json.dumps({"places": places}),
        content_type="application/json",
        **kiosk_headers,
    )
    assert answer.status_code == 422
    assert not SeatLease.objects.exists()


def test_only_a_kiosk_holds_places_and_only_its_own_lease_counts(client, workshop, kiosk_headers, second_tablet, auth_headers):
    assert hold(client, auth_headers, workshop, 2).status_code in (401, 403)
    lease = hold(client, kiosk_headers, workshop, 2).json()
    # Another tablet naming it: 422, nothing written.
    other = sign_up(client, second_tablet[1], workshop, "Sam", lease=lease["id"])
    assert other.status_code == 422 and other.json()["code"] == "unknown_lease"
    # The public naming it: the same.
    public = client.post(
        f"/api/sessions/{workshop.pk}/signups",
        data=json.dumps({"display_name": "Sam", "lease": lease["id"]}),
        content_type="application/json",
    )
    assert public.status_code == 422 and public.json()["code"] == "unknown_lease"
    assert not SignUp.objects.exists()
    assert SeatLease.objects.get(pk=lease["id"]).claims == 0


def test_a_session_that_is_over_gets_no_places(client, festival, kiosk_headers):
    now = timezone.now()
    cancelled = factories.session(festival, starts_at=now + timedelta(hours=1), capacity=5, status="cancelled")
    answer = hold(client, kiosk_headers, cancelled, 3)
    assert answer.status_code == 200 and answer.json()["places"] == 0


def test_the_public_count_leaves_held_places_out(client, workshop, kiosk_headers):
    hold(client, kiosk_headers, workshop, 3)
    answer = client.get(f"/api/sessions/{workshop.pk}/availability").json()
    assert (answer["free_places"], answer["places_held"], answer["places_taken"]) == (2, 3, 0)


def test_a_sign_up_confirmed_offline_still_counts_when_it_arrives_after_sign_ups_closed(client, workshop, kiosk_headers):
    lease = hold(client, kiosk_headers, workshop, 2).json()
    # The tablet confirmed Ana offline just before sign-ups closed; the Wi-Fi came back after.
    type(workshop).objects.filter(pk=workshop.pk).update(signups_close_at=timezone.now() - timedelta(minutes=1))
    late = sign_up(client, kiosk_headers, workshop, "Ana", lease=lease["id"])
    assert late.status_code == 201 and late.json()["status"] == "confirmed"
    # Without a place in the lease, the rule is as for anyone: closed.
    closed = sign_up(client, kiosk_headers, workshop, "Bo")
    assert closed.status_code == 409 and closed.json()["code"] == "signups_closed"


def test_an_organizer_gives_back_a_lost_tablets_places_from_the_admin(client, workshop, kiosk_headers, organizer):
    from django.contrib.auth.models import Permission

    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label="signups"))
    lease = hold(client, kiosk_headers, workshop, 3).json()
    client.force_login(organizer)
    listing = client.get("/admin/signups/seatlease/")
    assert listing.status_code == 200 and "Booth tablet 1" in listing.content.decode()
    answer = client.post(
        "/admin/signups/seatlease/", {"action": "give_back_selected", "_selected_action": [lease["id"]]}, follow=True
    )
    assert "1 lease(s) given back." in answer.content.decode()
    assert availability_of(workshop).free == 5
    # Another organization's organizer cannot.
    stranger = factories.organizer(factories.organization())
    stranger.user_permissions.set(Permission.objects.filter(content_type__app_label="signups"))
    client.force_login(stranger)
    assert "Booth tablet 1" not in client.get("/admin/signups/seatlease/").content.decode()
