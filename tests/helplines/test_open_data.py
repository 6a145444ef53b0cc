"""/help/data.json and /help/data.csv: the vetted directory with sources and check dates, no reports,
no personal data, a formula-safe CSV, and an ETag that answers 304."""

import csv
import io

from django.contrib.auth import get_user_model

from helplines.models import CrisisLine
from helplines.services.reports import report_from_organizer
from helplines.services.verification import verify_by_test_call


def test_the_json_lists_vetted_lines_with_sources_and_dates_and_nothing_personal(client, directory):
    organizer = get_user_model().objects.create_user("tester.person", email="tester@example.org", password="x", is_staff=True)
    samaritans = CrisisLine.objects.get(key="gb-samaritans")
    report_from_organizer(samaritans, organizer, "my friend Alex said it rang out")
    verify_by_test_call([CrisisLine.objects.get(key="gb-shout")], organizer)
    response = client.get("/help/data.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["licence"] == "CC BY 4.0" and "sources" in data["attribution"]
    keys = {line["key"] for line in data["lines"]}
    assert keys == set(CrisisLine.objects.vetted().values_list("key", flat=True))
    assert not CrisisLine.objects.filter(key__in=keys).exclude(status="vetted").exists()
    gb = next(line for line in data["lines"] if line["key"] == "gb-samaritans")
    assert gb["sources"] and all(s.startswith("http") for s in gb["sources"][:1])
    assert gb["number_checked_on"] == samaritans.verified_on.isoformat()
    assert any(line["number_checked_on"] is None for line in data["lines"])  # a never-checked line says so, no other date
    text = response.content.decode()
    for private in ("tester", "Alex", "rang out", "held", "reported wrong", samaritans.notes[:40]):
        assert private not in text, private
    assert next(c for c in data["countries"] if c["code"] == "ET")["emergency"]["first"] == "991"


def test_an_etag_answers_304_until_the_directory_changes(client, directory, django_capture_on_commit_callbacks):
    first = client.get("/help/data.json")
    etag = first["ETag"]
    assert etag.startswith('"') and first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/help/data.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get("/help/data.json", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    line = CrisisLine.objects.get(key="gb-shout")
    line.status = CrisisLine.Status.RETIRED
    with django_capture_on_commit_callbacks(execute=True):  # a change bumps the directory's version on commit
        line.save()
    changed = client.get("/help/data.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "gb-shout" not in changed.content.decode()
    csv_answer = client.get("/help/data.csv")
    assert client.get("/help/data.csv", HTTP_IF_NONE_MATCH=csv_answer["ETag"]).status_code == 304


def test_the_csv_has_a_row_per_channel_and_runs_no_formula(client, directory):
    line = CrisisLine.objects.get(key="gb-samaritans")
    line.name = '=HYPERLINK("http://evil.example","x")'
    line.save()
    response = client.get("/help/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    samaritans = [r for r in rows if r["key"] == "gb-samaritans"]
    assert samaritans and all(r["name"].startswith("'=HYPERLINK") for r in samaritans)
    phones = [r for r in rows if r["e164"]]
    assert phones and all(r["e164"].startswith("+") for r in phones)  # a bare E.164 number stays usable
    assert {r["number_checked_on"] for r in rows} >= {"not yet checked"}
    assert all(r["sources"] for r in rows)
