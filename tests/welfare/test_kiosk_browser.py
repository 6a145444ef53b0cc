"""The kiosk's welfare screen in headless Chromium: one tap per visit (offline too, replayed once),
the 10-second undo, "Call the welfare lead" with its status, axe-clean with 44 px targets."""

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.kiosk.browser_support import LANDSCAPE, PORTRAIT, assert_accessible
from tests.kiosk.conftest import pair_tablet
from tests.kiosk.test_browser_writes import enter_staff_mode
from welfare.models import WelfareVisit
from welfare.services import escalation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("WELFARE_SHOTS")  # a folder for screenshots (never in the repo)


def shoot(page, name):
    if SHOTS:
        for label, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            page.set_viewport_size(size)
            page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
        page.set_viewport_size(PORTRAIT)


def open_welfare(page, organizer_actor, festival):
    device = pair_tablet(page, organizer_actor, festival)
    enter_staff_mode(page, device, organizer_actor)
    page.get_by_role("button", name="Welfare").click()
    page.get_by_role("heading", name="Log a visit").wait_for()
    return device


def test_visits_tapped_offline_reach_the_server_once_and_undo_withdraws_one(tablet, organizer_actor, festival):
    open_welfare(tablet, organizer_actor, festival)
    tablet.context.set_offline(True)
    tablet.get_by_role("button", name="Panic or anxiety").click()
    tablet.get_by_text("Visit logged: Panic or anxiety (waiting to send).").wait_for()
    tablet.get_by_role("button", name="Left with a friend").click()
    tablet.get_by_role("button", name="Lost or separated").click()
    tablet.get_by_role("button", name="Other").click()
    tablet.get_by_role("button", name="Undo").click()  # takes back "Other" before it ever left the tablet
    tablet.get_by_text("Visit undone.").wait_for()
    queued = tablet.evaluate("() => JSON.parse(localStorage.getItem('greenroom.kiosk.outbox'))")
    assert [item["body"] for item in queued] == [
        {"category": "panic_anxiety"},
        {"category": "lost_separated", "outcome": "left_with_friend"},
    ]
    assert all("staff" not in str(item.get("headers", "")) for item in queued)  # the staff token stays in memory
    assert WelfareVisit.objects.count() == 0

    tablet.context.set_offline(False)
    tablet.evaluate("() => window.dispatchEvent(new Event('online'))")
    tablet.wait_for_function("() => !localStorage.getItem('greenroom.kiosk.outbox')", timeout=20_000)
    # Replayed once more (as after a lost answer): the server applies each key once.
    tablet.evaluate(
        """items => Promise.all(items.map(i => fetch(i.url, {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'Idempotency-Key': i.key,
                  'X-CSRFToken': decodeURIComponent(document.cookie.match(/csrftoken=([^;]+)/)[1])},
        body: JSON.stringify(i.body)})))""",
        queued,
    )
    assert sorted(WelfareVisit.objects.values_list("category", "outcome")) == [
        ("lost_separated", "left_with_friend"),
        ("panic_anxiety", ""),
    ]


def test_an_online_visit_is_undone_within_ten_seconds(tablet, organizer_actor, festival):
    open_welfare(tablet, organizer_actor, festival)
    tablet.get_by_role("button", name="Substance-related").click()
    tablet.get_by_text("Visit logged: Substance-related.").wait_for()
    assert WelfareVisit.objects.count() == 1
    tablet.get_by_role("button", name="Undo").click()
    tablet.get_by_text("Visit undone.").wait_for()
    assert WelfareVisit.objects.count() == 0


def test_call_the_welfare_lead_shows_who_was_told_then_who_acknowledged(axe_tablet, organizer_actor, festival, live_site):
    page = axe_tablet
    escalation.set_on_call(
        organizer_actor,
        festival.pk,
        [{"name": "Sam Lead", "email": "sam@lead.test"}, {"name": "Riya Second", "email": "riya@second.test"}],
    )
    open_welfare(page, organizer_actor, festival)
    assert_accessible(page, "welfare screen portrait")
    page.set_viewport_size(LANDSCAPE)
    assert_accessible(page, "welfare screen landscape")
    page.set_viewport_size(PORTRAIT)
    shoot(page, "welfare-screen")

    page.get_by_role("button", name="Stage").click()
    page.get_by_label("What", exact=True).select_option("panic_anxiety")
    page.get_by_role("button", name="Call the welfare lead").click()
    page.get_by_text("Alert sent to Sam Lead; waiting for them to acknowledge…").wait_for()
    alert = escalation.Alert.objects.get()
    assert (alert.where, alert.what) == ("stage", "panic_anxiety")

    escalation.escalate_due_alerts(timezone.now() + timedelta(minutes=3))
    page.get_by_text("No answer yet: escalated to Riya Second; waiting for them to acknowledge…").wait_for(timeout=8000)
    assert_accessible(page, "alert escalated")
    shoot(page, "alert-escalated")

    riya = [m for m in mail.outbox if "riya@second.test" in m.to]
    token = re.search(r"/welfare/ack/(\S+)", riya[-1].body).group(1)
    escalation.acknowledge_alert(token)
    page.get_by_text("Acknowledged by Riya Second.").wait_for(timeout=8000)
    assert_accessible(page, "alert acknowledged")
    shoot(page, "alert-acknowledged")
