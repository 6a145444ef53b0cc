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
