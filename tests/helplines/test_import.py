"""`import_helplines`: the bundled file loads, twice changes nothing, and a bad file is refused whole."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from helplines.models import Channel, Country, CrisisLine, LineChange
from helplines.services.importer import BUNDLED_FILE, ImportRejected, import_helplines

HEADER = BUNDLED_FILE.read_text(encoding="utf-8").splitlines()[0]


def _row(**overrides):
    values = dict(
        key="xx-line",
        country="GB",
        section="crisis",
        name="Test line",
        local_name="",
        status="vetted",
        display_order="1",
        group="",
        hours_24_7="yes",
        hours="",
        hours_local="",
        languages="en",
        audiences="general",
        free="yes",
        confidential="no",
        cost="free",
        eligibility="",
        channel="phone",
        dial="0800 123 4567",
        e164="+448001234567",
        short_code="no",
        sms_keyword="",
        after_dialing="",
        url="",
        email="",
        channel_hours="",
        channel_label="",
        verified_on="2026-01-02",
        verification_method="public source",
        sources="https://example.org/source",
        notes="",
    )
    values.update(overrides)
    return ",".join(values.get(c, "") for c in HEADER.split(","))


def _emergency(country="GB", dial="999"):
    return _row(
        key=f"{country.lower()}-emergency",
        country=country,
        section="emergency",
        name="Emergency services",
        status="",
        dial=dial,
        e164="",
        short_code="yes",
        verified_on="",
        verification_method="",
        sources="",
    )


def test_the_bundled_file_imports_and_a_second_import_changes_nothing(directory):
    assert directory.countries >= 60 and directory.created > 100
    assert Country.objects.get(code="GB").emergency_numbers == ["999", "112"]
    history = LineChange.objects.count()
    again = import_helplines()
    assert (again.created, again.updated) == (0, 0)
    assert LineChange.objects.count() == history


def test_warnings_in_the_research_notes_are_respected(directory):
    dials = set(Channel.objects.filter(line__status="vetted").values_list("dial", flat=True))
    assert "284 016 666" not in dials  # Czechia: Bohnice closed 2023-12-31
    assert not CrisisLine.objects.filter(name__icontains="TELL").exists()  # JP TELL: UNCONFIRMED
    assert not CrisisLine.objects.filter(country="EE", name__icontains="116 123", hours_24_7=True).exists()
    estonia = CrisisLine.objects.get(key="ee-116123")
    assert not estonia.hours_24_7 and "10:00" in estonia.hours  # no longer 24/7
    belgium = CrisisLine.objects.filter(country="BE", status="vetted")
    assert {l.group for l in belgium} == {"be-main"} and belgium.count() == 2
    us = CrisisLine.objects.get(key="us-988")
    assert "press 3" not in " ".join([us.hours, us.cost, us.name]).lower()
    # CONFIRMED-OLD keeps its old date, so it is due for re-check.
    assert CrisisLine.objects.get(key="be-1813").verified_on == date(2021, 11, 1)
    assert CrisisLine.objects.get(key="be-1813").due_for_recheck()


def test_a_bad_file_is_refused_whole_and_every_bad_row_is_named(db):
    text = (
        "\n".join(
            [
                HEADER,
                _emergency(),
                _row(key="gb-good"),
                _row(key="gb-bad-number", e164="+44123", dial="0123"),
                _row(key="gb-unconfirmed", dial="UNCONFIRMED", e164="", short_code="yes"),
                _row(key="zz-line", country="ZZ"),
                _row(key="gb-bad-date", verified_on="last spring"),
            ]
        )
        + "\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_helplines(io.StringIO(text))
    lines = sorted({p.line for p in caught.value.problems})
    assert lines == [4, 5, 6, 7]
    reasons = " | ".join(p.reason for p in caught.value.problems)
    assert "+44123" in reasons and "UNCONFIRMED" in reasons and "ZZ" in reasons and "last spring" in reasons
    assert not CrisisLine.objects.exists() and not Country.objects.exists()  # not even the good row


def test_a_bad_file_leaves_the_existing_directory_untouched(directory):
    before = list(Channel.objects.filter(line__key="gb-samaritans").values_list("dial", flat=True))
    text = (
        "\n".join(
            [
                HEADER,
                _emergency(),
                _row(key="gb-samaritans", dial="0800 999 9999", e164="+448009999999"),
                _row(key="gb-broken", channel="fax"),
            ]
        )
        + "\n"
    )
    with pytest.raises(ImportRejected):
        import_helplines(io.StringIO(text))
    assert list(Channel.objects.filter(line__key="gb-samaritans").values_list("dial", flat=True)) == before


def test_the_command_reports_each_bad_row_with_its_line_number(db, tmp_path):
    bad = tmp_path / "lines.csv"
    bad.write_text(
        "\n".join([HEADER, _emergency(), _row(key="gb-x", e164="+1 202"), _row(key="gb-y", status="UNCONFIRMED")]) + "\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: \d+ problem"):
        call_command("import_helplines", str(bad), stderr=err)
    assert "line 3:" in err.getvalue() and "line 4:" in err.getvalue()
    assert not CrisisLine.objects.exists()


def test_a_line_without_an_emergency_row_for_its_country_is_refused(db):
    with pytest.raises(ImportRejected, match="no emergency row"):
        import_helplines(io.StringIO("\n".join([HEADER, _row(key="gb-alone")]) + "\n"))


def test_a_newer_test_call_outranks_the_files_older_date(directory, organizer):
    from helplines.services.verification import verify_by_test_call

    line = CrisisLine.objects.get(key="be-1813")
    verify_by_test_call([line], organizer, today=date(2026, 11, 1))
    import_helplines()
    line.refresh_from_db()
    assert (line.verified_on, line.verification_method) == (date(2026, 11, 1), "test call")


def test_the_coverage_command_counts_the_bundled_directory(directory, capsys):
    import json

    call_command("helpline_coverage", "--per-country", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["countries"] == 159 and data["countries"] == len(data["countries_detail"])
    assert data["vetted_lines"] == sum(len(r["vetted"]) for r in data["countries_detail"])
    gb = next(r for r in data["countries_detail"] if r["code"] == "GB")
    assert "gb-samaritans" in gb["vetted"] and "gb-samaritans" in gb["24_7_general"]
