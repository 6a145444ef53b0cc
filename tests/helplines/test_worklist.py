"""The re-check worklist: an organizer's countries (activations and card batches), lines due and due
within 30 days, a call script, and one-tap outcomes; "dead" unvets at once and warns unprinted batches."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission

from helplines.models import CrisisLine, LineChange, WrongNumberReport
from helplines.services.reports import report_from_organizer
from helplines.services.verification import verify_by_test_call
from helplines.services.worklist import record_outcome, worklist
from printables.models import CardBatch, ScanCount
from tests import factories

TODAY = date(2026, 12, 7)


def with_directory_rights(user):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="helplines"))
    return user


@pytest.fixture
def gb_org(directory):
    """An organization with a festival in Britain and a card batch for Norway."""
    org = factories.organization(name="Festival Wellbeing", slug="festival-wellbeing")
    gb_venue = factories.venue(org, country="GB", city="London", timezone="Europe/London")
    factories.activation(org, gb_venue)
    CardBatch.objects.create(organization=org, country="NO", language="en", count=10)
    return org


@pytest.fixture
def gb_organizer(gb_org):
    return with_directory_rights(factories.organizer(gb_org, username="gwen"))


def test_the_worklist_holds_the_lines_of_the_organizations_countries(gb_org, gb_organizer):
    samaritans = CrisisLine.objects.get(key="gb-samaritans")
    verify_by_test_call([samaritans], gb_organizer, today=TODAY - timedelta(days=350))  # due in 16 days
    shout = CrisisLine.objects.get(key="gb-shout")
    verify_by_test_call([shout], gb_organizer, today=TODAY - timedelta(days=100))  # not due for months
    items = {i.line.key: i for i in worklist({gb_org.pk}, today=TODAY)}
    assert {i.line.country_id for i in items.values()} <= {"GB", "NO"} and "NO" in {i.line.country_id for i in items.values()}
    assert items["gb-samaritans"].state == "due soon" and items["gb-samaritans"].due_on == TODAY + timedelta(days=16)
    assert "gb-shout" not in items
    assert all(
        i.state == "due" for i in items.values() if i.line.verified_on and i.line.verified_on < TODAY - timedelta(days=365)
    )
    script = items["gb-samaritans"].script
    assert script.dial == ["Call 116 123 — works only on a local SIM"]
    assert any("open 24 hours a day" in q for q in script.ask) and any("not calling for support" in q for q in script.ask)
    assert [r.split()[0] for r in script.record] == ["Confirmed", "Changed", "No", "Dead"]


def test_confirmed_checks_the_line_and_lifts_its_hold(gb_org, gb_organizer):
    line = CrisisLine.objects.get(key="gb-samaritans")
    report_from_organizer(line, gb_organizer, "rings out")
    assert worklist({gb_org.pk}, today=TODAY)[0].state == "held"
    record_outcome(line.pk, "confirmed", gb_organizer, organization_ids={gb_org.pk}, today=TODAY)
    line.refresh_from_db()
    assert not line.held_for_recheck and line.verified_on == TODAY and line.verification_method == "test call"
    assert not WrongNumberReport.objects.filter(line=line, resolved=False).exists()
    assert line.pk not in {i.line.pk for i in worklist({gb_org.pk}, today=TODAY)}


def test_changed_needs_a_note_and_holds_the_line_no_answer_flags_it(gb_org, gb_organizer):
    line = CrisisLine.objects.get(key="gb-samaritans")
    with pytest.raises(Exception) as refused:
        record_outcome(line.pk, "changed", gb_organizer, organization_ids={gb_org.pk})
    assert refused.value.code == "note_required" and not CrisisLine.objects.get(pk=line.pk).held_for_recheck
    record_outcome(line.pk, "changed", gb_organizer, organization_ids={gb_org.pk}, note="now closes at 22:00", today=TODAY)
    line.refresh_from_db()
    assert line.held_for_recheck and "now closes at 22:00" in line.held_reason
    shout = CrisisLine.objects.get(key="gb-shout")
    record_outcome(shout.pk, "no_answer", gb_organizer, organization_ids={gb_org.pk}, today=TODAY)
    shout.refresh_from_db()
    assert shout.recheck_flag == "no answer on 2026-12-07" and not shout.held_for_recheck
    assert shout.changes.filter(source=LineChange.Source.RECHECK, summary__startswith="No answer").exists()


def test_dead_unvets_at_once_and_warns_every_batch_not_yet_in_use(client, gb_org, gb_organizer):
    line = CrisisLine.objects.get(key="gb-samaritans")
    fresh = CardBatch.objects.create(organization=gb_org, country="GB", language="en", count=10)
    other_org = CardBatch.objects.create(organization=factories.organization(), country="GB", language="fr", count=10)
    handed_out = CardBatch.objects.create(organization=gb_org, country="GB", language="en", count=10)
    ScanCount.objects.create(batch=handed_out, day=TODAY, scans=3)
    result = record_outcome(line.pk, "dead", gb_organizer, organization_ids={gb_org.pk}, today=TODAY)
    assert result.batches_warned == 2
    line.refresh_from_db()
    assert line.status == CrisisLine.Status.UNVETTED
    for batch in (fresh, other_org):
        batch.refresh_from_db()
        assert [w["code"] for w in batch.warnings] == ["line_dead"] and "116 123" in batch.warnings[0]["message"]
    handed_out.refresh_from_db()
    assert handed_out.warnings == []  # its cards are out already: it is not "unprinted"
    assert "Samaritans" not in client.get("/help/GB/?lang=en").content.decode()
    assert line.changes.filter(summary__contains="Dead on the re-check call of 2026-12-07").exists()


def test_a_line_outside_the_organizers_countries_is_not_theirs_to_mark(gb_org, directory):
    stranger = with_directory_rights(factories.organizer(username="far"))
    line = CrisisLine.objects.get(key="gb-samaritans")
    with pytest.raises(Exception) as refused:
        record_outcome(line.pk, "dead", stranger, organization_ids=set(stranger.organizations.values_list("pk", flat=True)))
    assert refused.value.status == 404
    line.refresh_from_db()
    assert line.status == CrisisLine.Status.VETTED


def test_the_admin_page_takes_one_tap_outcomes(client, gb_org, gb_organizer):
    client.force_login(gb_organizer)
    page = client.get("/admin/helplines/crisisline/worklist/")
    html = page.content.decode()
    assert page.status_code == 200 and "Samaritans" in html and "Kirkens SOS" in html and 'value="dead"' in html
    line = CrisisLine.objects.get(key="gb-samaritans")
    answer = client.post("/admin/helplines/crisisline/worklist/", {"line": line.pk, "outcome": "no_answer"}, follow=True)
    assert "no answer recorded" in answer.content.decode()
    bad = client.post("/admin/helplines/crisisline/worklist/", {"line": line.pk, "outcome": "maybe"}, follow=True)
    assert "Unknown outcome" in bad.content.decode()
    assert "Re-check worklist" in client.get("/admin/helplines/crisisline/").content.decode()
