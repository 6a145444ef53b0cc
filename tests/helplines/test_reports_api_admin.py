"""Wrong-number reports, the crisis-line API, and the admin's verification action and history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helplines.models import CrisisLine, LineChange, WrongNumberReport
from helplines.services.reports import form_token


def test_a_wrong_number_report_is_recorded_without_login(client, directory):
    line = CrisisLine.objects.get(key="gb-samaritans")
    form = client.get("/help/GB/report/").content.decode()
    assert 'name="token"' in form and "Samaritans" in form
    response = client.post("/help/GB/report/", {"token": form_token("GB"), "line": line.pk, "message": "Rang, no answer"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    report = WrongNumberReport.objects.get()
    assert (report.country, report.line, report.message) == ("GB", line, "Rang, no answer")


@pytest.mark.parametrize(
    "data",
    [
        {"token": "forged", "message": "x"},
        {"token": None, "message": ""},
        {"token": None, "message": "x", "line": "other-country"},
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_recorded(client, directory, data):
    data = dict(data)
    data["token"] = data["token"] or form_token("GB")
    if data.get("line") == "other-country":
        data["line"] = CrisisLine.objects.get(key="be-1813").pk
    response = client.post("/help/GB/report/", data)
    assert response.status_code == 400
    assert not WrongNumberReport.objects.exists()


def test_the_api_lists_vetted_lines_in_order_with_the_main_line_marked(client, directory):
    body = client.get("/api/helplines?country=gb&lang=es").json()
    assert body["country"] == "GB" and body["emergency"] == ["999", "112"] and body["language"] == "es"
    assert [(l["name"], l["main"]) for l in body["lines"]] == [("Samaritans", True), ("Shout 85258", False)]
    shout = body["lines"][1]["channels"][0]
    assert shout["text"] == "Envía SHOUT por SMS al 85258" and shout["href"] == "sms:85258?&body=SHOUT"
    assert body["lines"][0]["channels"][0]["href"] == "tel:116123"
    assert body["music_industry"][0]["name"].startswith("Music Minds Matter")


def test_the_api_answers_404_for_a_non_country_and_an_empty_list_for_no_vetted_line(client, directory):
    assert client.get("/api/helplines?country=XX").json()["code"] == "unknown_country"
    body = client.get("/api/helplines?country=ET").json()
    assert body["lines"] == [] and body["emergency"][0] == "991"


def test_verified_today_by_test_call_records_who_and_how(client, directory, django_user_model):
    admin = django_user_model.objects.create_superuser("lead", "lead@example.org", "pw")
    client.force_login(admin)
    line = CrisisLine.objects.get(key="gb-samaritans")
    response = client.post(
        "/admin/helplines/crisisline/", {"action": "verified_today_by_test_call", "_selected_action": [line.pk]}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.verified_on, line.verification_method, line.verified_by) == (timezone.localdate(), "test call", admin)
    change = LineChange.objects.filter(line=line, source="verification").get()
    assert change.changed_by == admin and "test call" in change.summary and "verified_on" in change.changes


def test_the_admin_filters_lines_due_for_recheck(client, directory, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("lead", "lead@example.org", "pw"))
    CrisisLine.objects.filter(key="gb-shout").update(verified_on=timezone.localdate() - timedelta(days=3))
    due = client.get("/admin/helplines/crisisline/?due=yes&country__code__exact=GB").content.decode()
    fresh = client.get("/admin/helplines/crisisline/?due=no&country__code__exact=GB").content.decode()
    assert "Samaritans" in due and "Shout 85258" not in due
    assert "Shout 85258" in fresh and "Samaritans" not in fresh
    assert client.get(f"/admin/helplines/crisisline/{CrisisLine.objects.get(key='gb-shout').pk}/change/").status_code == 200


def test_the_admin_refuses_a_number_that_is_not_valid_for_the_lines_country(directory):
    from helplines.admin import ChannelForm

    line = CrisisLine.objects.get(key="gb-samaritans")
    ChannelForm.parent_country = "GB"
    try:
        bad = ChannelForm(
            data={"kind": "phone", "dial": "0800 32 123", "e164": "+3280032123", "display_order": 0},
            instance=line.channels.first(),
        )
        assert not bad.is_valid() and "not a number of GB" in str(bad.errors)
        good = ChannelForm(
            data={"kind": "phone", "dial": "0800 111 1111", "e164": "+44 800 111 1111", "display_order": 0},
            instance=line.channels.first(),
        )
        assert good.is_valid(), good.errors
        assert good.cleaned_data["e164"] == "+448001111111"
    finally:
        ChannelForm.parent_country = None


def test_the_demo_seed_is_idempotent(db):
    from helplines import demo

    first = demo.seed()
    again = demo.seed()
    assert first.created > 100 and (again.created, again.updated) == (0, 0)
