"""The impact report as tidy tables: a zip with one CSV per table, layouts by their names."""

import csv
import io
import zipfile

from django.urls import reverse


def test_the_tables_zip_has_one_tidy_csv_per_table(seeded, admin_client):
    url = reverse("admin:activations_activation_impact_zip", args=[seeded["fest"].pk]) + "?start=2026-06-12&end=2026-06-20"
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="impact-tables-test-fest-20260612-20260620.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"report.csv", "totals.csv", "sessions.csv", "kits_by_type.csv", "card_batches.csv", "scans_by_day.csv"} <= names
    tables = {n: list(csv.DictReader(io.StringIO(archive.read(n).decode("utf-8-sig")))) for n in names}
    sessions = tables["sessions.csv"]
    assert sessions and set(sessions[0]) >= {"session", "starts_at", "capacity", "booked", "checked_in", "attendance_rate"}
    assert all(row["booked"] for row in sessions)  # one row per session, one column per measure
    for batch in tables["card_batches.csv"]:
        assert batch["layout"] not in ("card-a4-10up", "card-letter-10up", "postcard-a6", "poster-a4")
    page = admin_client.get(reverse("admin:activations_activation_impact", args=[seeded["fest"].pk])).content.decode()
    assert "Download tables (zip of CSVs)" in page


def test_no_table_lets_a_typed_name_run_as_a_formula(seeded, admin_client):
    from activations.models import Session
    from stock.models import KitType

    Session.objects.filter(title="Breathwork").update(title='=HYPERLINK("http://evil.example","Open")')
    KitType.objects.filter(name="Earplugs").update(name="@SUM(A1)")
    url = reverse("admin:activations_activation_impact_zip", args=[seeded["fest"].pk]) + "?start=2026-06-12&end=2026-06-20"
    archive = zipfile.ZipFile(io.BytesIO(admin_client.get(url).content))
    cells = [
        cell
        for name in archive.namelist()
        for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")))
        for cell in row
    ]
    assert '\'=HYPERLINK("http://evil.example","Open")' in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c[:1] == "-" and not c.lstrip("-").replace(".", "").isdigit()]


def _read_tables(path_or_bytes) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(path_or_bytes if not isinstance(path_or_bytes, bytes) else io.BytesIO(path_or_bytes))
    return {n: list(csv.reader(io.StringIO(archive.read(n).decode("utf-8-sig")))) for n in archive.namelist()}


def test_the_command_writes_the_tables_under_the_reports_small_numbers_rule(seeded, tmp_path):
    from datetime import timedelta

    from django.core.management import call_command

    from tests.impact.conftest import ny
    from welfare.models import WelfareVisit

    # Welfare visits: 6 emotional support in one hour, 2 lost/separated in the next.
    quarter = ny(6, 12, 14)
    WelfareVisit.objects.bulk_create(
        [WelfareVisit(activation=seeded["fest"], category="emotional_support", quarter=quarter) for _ in range(6)]
        + [
            WelfareVisit(activation=seeded["fest"], category="lost_separated", quarter=quarter + timedelta(hours=1))
            for _ in range(2)
        ]
    )
    zipped, sheet = tmp_path / "tables.zip", tmp_path / "long.csv"
    out = io.StringIO()
    call_command(
        "impact_report",
        "test-fest",
        "--tables",
        str(zipped),
        "--csv",
        str(sheet),
        "--from",
        "2026-06-12",
        "--to",
        "2026-06-20",
        stdout=out,
    )
    assert f"Wrote {zipped}" in out.getvalue()
    tables = _read_tables(zipped)
    assert tables["sessions.csv"][0] == [
        "session",
        "activation",
        "starts_at",
        "held",
        "capacity",
        "booked",
        "checked_in",
        "no_shows",
        "unmet_demand",
        "attendance_rate",
    ]
    assert tables["kits_by_type.csv"][0] == ["kit_type", "handed_out", "written_off", "left_at_the_end"]
    assert tables["welfare_by_kind.csv"][0] == ["kind", "visits"]
    assert tables["welfare_by_hour.csv"][0] == ["hours", "visits"]
    sessions = {row[0]: dict(zip(tables["sessions.csv"][0], row)) for row in tables["sessions.csv"][1:]}
    breathwork = sessions["Breathwork"]
    # 10 booked, 6 came, 2 no-shows, 2 unmarked: the 2 no-shows read "fewer than 5", and "came" is
    # not shown because 10 − 6 would give the 4 who did not come away — exactly as the long CSV says.
    assert breathwork["booked"] == "10" and breathwork["no_shows"] == "fewer than 5"
    assert breathwork["checked_in"] == "not shown" and breathwork["attendance_rate"] == "not shown"
    long_rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    long_breathwork = {row[2].split(" ", 1)[1]: row[3] for row in long_rows if row[0] == "session" and row[1] == "Breathwork"}
    assert long_breathwork["checked in"] == breathwork["checked_in"] and long_breathwork["no-shows"] == breathwork["no_shows"]
    # The 2 lost/separated visits are pooled with the 6 (never a count under 5), as in the PDF and CSV.
    kinds = tables["welfare_by_kind.csv"][1:]
    assert kinds == [["Emotional support + Lost or separated (together)", "8"]]
    assert tables["welfare_by_hour.csv"][1:] == [["Fri 12 Jun 14:00–16:00", "8"]]
