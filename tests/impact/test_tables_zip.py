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
