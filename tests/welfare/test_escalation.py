"""Escalation that reaches a person: the chain walks the on-call list on a frozen clock until someone acknowledges."""

import re
import threading
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.db import connection

from welfare.models import Alert, AlertEvent, AlertNotice, OnCallContact
from welfare.services import escalation

T0 = datetime(2026, 6, 12, 21, 30, 5, tzinfo=dt_timezone.utc)
LINK = re.compile(r"https?://\S+/welfare/ack/(\S+)")


def link_in(messages):
    assert len(messages) == 1, messages
    return LINK.search(messages[0]["body"]).group(1)


def status(client, alert, headers):
    response = client.get(f"/api/alerts/{alert.pk}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_no_ack_in_three_minutes_tells_the_second_contact_and_an_ack_stops_the_chain(
    client, festival, on_call, organizer_actor, staff_headers, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = escalation.raise_alert(organizer_actor, festival.pk, "stage", "panic_anxiety", now=T0)
    sam_link = link_in(smtp_inbox.to("sam@lead.test"))
    assert "Panic or anxiety".lower() in smtp_inbox.messages[0]["subject"].lower()
    assert status(client, alert, staff_headers)["status"] == "raised"

    # 2 min 59 s: still waiting for Sam.
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.escalate_due_alerts(T0 + timedelta(minutes=2, seconds=59)) == 0
    assert smtp_inbox.to("riya@second.test") == []

    # 3 min: Riya is told; the kiosk reads "escalated to Riya".
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.escalate_due_alerts(T0 + timedelta(minutes=3)) == 1
    riya_link = link_in(smtp_inbox.to("riya@second.test"))
    shown = status(client, alert, staff_headers)
    assert shown["status"] == "escalated" and shown["last_told"] == "Riya Second"
    assert [t["name"] for t in shown["told"]] == ["Sam Lead", "Riya Second"]

    # Riya acknowledges through her link (GET shows a button, only the POST acknowledges).
    page = client.get(f"/welfare/ack/{riya_link}")
    assert page.status_code == 200 and b"acknowledge" in page.content.lower()
    assert Alert.objects.get().status == "escalated"
    assert client.post(f"/welfare/ack/{riya_link}").status_code == 200
    shown = status(client, alert, staff_headers)
    assert shown["status"] == "acknowledged" and shown["acknowledged_by"] == "Riya Second"

    # The chain has stopped: Tom is never told, however long we wait.
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation.escalate_due_alerts(T0 + timedelta(minutes=30)) == 0
    assert smtp_inbox.to("tom@third.test") == []

    # Single use: Riya's link again, and Sam's late tap, are both refused.
    assert client.post(f"/welfare/ack/{riya_link}").status_code == 409
    assert client.post(f"/welfare/ack/{sam_link}").status_code == 409
    assert Alert.objects.get().acknowledged_by.contact_name == "Riya Second"


@pytest.mark.django_db
def test_the_audit_trail_has_every_step_in_order(
    client, festival, on_call, organizer_actor, auth_headers, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alert = escalation.raise_alert(organizer_actor, festival.pk, "campsite", "lost_separated", now=T0)
        escalation.escalate_due_alerts(T0 + timedelta(minutes=3))
        escalation.escalate_due_alerts(T0 + timedelta(minutes=6))
    tom_link = link_in(smtp_inbox.to("tom@third.test"))
    escalation.acknowledge_alert(tom_link, now=T0 + timedelta(minutes=7))
    response = client.get(f"/api/alerts/{alert.pk}/audit", **auth_headers)
    assert response.status_code == 200
    steps = [(e["kind"], e["contact"], e["by"]) for e in response.json()]
    assert steps == [
        ("raised", None, "user:olivia"),
        ("notified", "Sam Lead", "system"),
        ("escalated", "Riya Second", "system"),
        ("notified", "Riya Second", "system"),
        ("escalated", "Tom Third", "system"),
        ("notified", "Tom Third", "system"),
        ("acknowledged", "Tom Third", "acknowledge link"),
    ]
    times = [datetime.fromisoformat(e["at"]) for e in response.json()]
    assert times == sorted(times) and times[-1] == T0 + timedelta(minutes=7)


@pytest.mark.django_db
def test_after_the_last_contact_the_chain_starts_again_from_the_top(
    festival, on_call, organizer_actor, smtp_inbox, django_capture_on_commit_callbacks
):
    escalation.set_on_call(
        organizer_actor,
        festival.pk,
        [{"name": "Sam Lead", "email": "sam@lead.test"}, {"name": "Riya Second", "email": "riya@second.test"}],
        ack_minutes=5,
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalation.raise_alert(organizer_actor, festival.pk, "booth", "other", now=T0)
        assert escalation.escalate_due_alerts(T0 + timedelta(minutes=4)) == 0  # this activation waits 5 minutes
        for minutes in (5, 10, 15):
            assert escalation.escalate_due_alerts(T0 + timedelta(minutes=minutes)) == 1
    assert [n.contact_name for n in AlertNotice.objects.order_by("step")] == [
        "Sam Lead",
        "Riya Second",
        "Sam Lead",
        "Riya Second",
    ]
    assert len(smtp_inbox.to("sam@lead.test")) == 2


@pytest.mark.django_db
def test_the_management_command_runs_one_pass(festival, on_call, organizer_actor, smtp_inbox):
    alert = escalation.raise_alert(organizer_actor, festival.pk, "booth", "other", now=T0)
    call_command("run_welfare_escalations", "--once")  # the real clock is long past T0 + 3 min
    assert alert.notices.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "forged", "A" * 43, "x" * 500])
def test_a_forged_acknowledge_link_is_refused(client, festival, on_call, organizer_actor, token, smtp_inbox):
    alert = escalation.raise_alert(organizer_actor, festival.pk, "booth", "substance", now=T0)
    if token:
        assert client.get(f"/welfare/ack/{token}").status_code == 404
        assert client.post(f"/welfare/ack/{token}").status_code == 404
    with pytest.raises(Exception) as refused:
        escalation.acknowledge_alert(token)
    assert refused.value.code == "invalid_ack_link"
    alert.refresh_from_db()
    assert alert.status == "raised" and alert.acknowledged_at is None
    # Only the hash of each link's token is stored.
    assert all(len(n.token_hash) == 64 for n in AlertNotice.objects.all())


@pytest.mark.django_db
def test_alert_api_from_the_kiosk_needs_staff_mode_and_only_the_lists(client, festival, on_call, staff_headers, kiosk_headers):
    url = f"/api/activations/{festival.pk}/alerts"
    refused = client.post(url, {"where": "booth", "what": "panic_anxiety"}, content_type="application/json", **kiosk_headers)
    assert refused.status_code == 403 and refused.json()["code"] == "staff_mode_required"
    extra = client.post(
        url, {"where": "booth", "what": "panic_anxiety", "who": "Jo"}, content_type="application/json", **staff_headers
    )
    assert extra.status_code == 422 and extra.json()["fields"][0]["field"] == "who"
    wrong = client.post(url, {"where": "bar", "what": "panic_anxiety"}, content_type="application/json", **staff_headers)
    assert wrong.status_code == 422
    assert Alert.objects.count() == 0
    raised = client.post(url, {"where": "booth", "what": "panic_anxiety"}, content_type="application/json", **staff_headers)
    assert raised.status_code == 201
    assert set(raised.json()) == {"id", "status"} and raised.json()["status"] == "raised"
    alert_id = raised.json()["id"]
    assert client.get(f"/api/alerts/{alert_id}", **kiosk_headers).json()["code"] == "staff_mode_required"


@pytest.mark.django_db
def test_on_call_list_is_ordered_and_organizer_only(client, festival, auth_headers, staff_headers):
    url = f"/api/activations/{festival.pk}/on-call"
    assert client.get(url, **auth_headers).json() == {"activation": festival.pk, "ack_minutes": 3, "contacts": []}
    body = {"contacts": [{"name": "B", "email": "b@x.test"}, {"name": "A", "phone": "+447911123403"}], "ack_minutes": 4}
    put = client.put(url, body, content_type="application/json", **auth_headers)
    assert put.status_code == 200
    assert [(c["position"], c["name"]) for c in put.json()["contacts"]] == [(1, "B"), (2, "A")]
    assert put.json()["ack_minutes"] == 4
    unreachable = client.put(url, {"contacts": [{"name": "Nobody"}]}, content_type="application/json", **auth_headers)
    assert unreachable.status_code == 422
    assert client.get(url, **staff_headers).status_code == 401
    assert OnCallContact.objects.count() == 2


@pytest.mark.django_db
def test_purge_removes_contacts_from_old_alerts_and_keeps_the_steps(festival, on_call, organizer_actor, smtp_inbox):
    from django.utils import timezone

    alert = escalation.raise_alert(organizer_actor, festival.pk, "booth", "disclosure", now=T0)
    escalation.escalate_due_alerts(T0 + timedelta(minutes=3))
    recent = escalation.raise_alert(organizer_actor, festival.pk, "booth", "other")
    type(festival).objects.filter(pk=festival.pk).update(
        starts_at=timezone.now() - timedelta(days=42), ends_at=timezone.now() - timedelta(days=40)
    )
    call_command("purge_personal_data")
    old = list(AlertNotice.objects.filter(alert=alert))
    assert len(old) == 2 and all(n.contact_name == n.contact_phone == n.contact_email == "" for n in old)
    assert AlertEvent.objects.filter(alert=alert).count() == 4  # the audit trail's steps stay, without names
    assert OnCallContact.objects.filter(activation=festival).count() == 0
    assert AlertNotice.objects.get(alert=recent).contact_name == "Sam Lead"  # raised today: kept


@pytest.mark.django_db(transaction=True)
def test_two_taps_on_the_same_link_at_once_acknowledge_once(festival, on_call, organizer_actor):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    from django.test import Client

    escalation.raise_alert(organizer_actor, festival.pk, "booth", "other", now=T0)
    notice = AlertNotice.objects.get()
    token = "known-for-this-test"
    AlertNotice.objects.filter(pk=notice.pk).update(token_hash=escalation.hash_ack_token(token))
    codes, barrier = [], threading.Barrier(2)

    def tap():
        barrier.wait()
        codes.append(Client().post(f"/welfare/ack/{token}").status_code)
        connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(codes) == [200, 409]
    assert AlertEvent.objects.filter(kind="acknowledged").count() == 1
