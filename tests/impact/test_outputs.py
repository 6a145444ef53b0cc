"""The PDF, the CSV, the command and the admin page, on the seeded data of conftest.py."""

import csv
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from impact.export import render_csv
from impact.figures import activation_report
from impact.pdf import render_pdf
from tests import factories
from tests.impact.conftest import PERIOD


def pdf_text(data: bytes, tmp_path, layout=False) -> str:
    """The PDF's text as pdftotext reads it: in reading order, or (layout) table rows as lines."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_has_the_figures_with_small_counts_hidden(seeded, tmp_path):
    data = render_pdf(activation_report(seeded["fest"], *PERIOD))
    text = squash(pdf_text(data, tmp_path))
    assert 1 <= pdf_pages(data, tmp_path) <= 3
    assert "Impact report: Test Fest" in text
    # 10 booked with 6 came would give the 4 no-shows away: "came" and the rate are not shown.
    assert "10 people booked a place." in text and "6 came" not in text and "60%" not in text
    assert "Fewer than 5 more people were still on a waiting list" in text  # unmet demand is 4
    assert "41 kits were handed out (37 × Self-care kit, fewer than 5 × Earplugs)" in text
    assert "The busiest hour was Fri 12 Jun, 12:00–13:00 (13)" in text
    assert "250 crisis cards were printed in 2 batches; their QR codes were scanned 24 times" in text
    assert "No-shows fewer than 5" in text
    assert "Kits left at the end of the period 66" in text
    assert "No kits in the hours from 11:00 and 13:00" in text  # the empty hour is said, not just drawn
    rows = squash(pdf_text(data, tmp_path, layout=True))
    assert "Breathwork Fri 12 Jun 11:00 10 10 n/s <5 <5" in rows
    assert "Ear care Sat 13 Jun 11:00 8 0 0 0 0" in rows
    assert "Guest" not in text  # no one's name


def test_pdf_prints_unicode_titles_in_the_cards_fonts(seeded, tmp_path):
    pytest.importorskip("printables.typesetting")
    fest = seeded["fest"]
    fest.title = "Festival 音楽と心 · 음악"
    fest.save()
    text = pdf_text(render_pdf(activation_report(fest, *PERIOD)), tmp_path)
    assert "音楽と心" in text and "음악" in text


def test_pdf_for_an_activation_with_no_sign_ups_and_one_with_all_no_shows(seeded, tmp_path):
    from datetime import date

    empty = squash(pdf_text(render_pdf(activation_report(seeded["empty"], date(2026, 6, 15), date(2026, 6, 15))), tmp_path))
    assert "1 session was held at Harbor Tent, New York. Nobody had booked a place." in empty
    assert "Attendance rate —" in empty
    rainy = squash(pdf_text(render_pdf(activation_report(seeded["no_shows"], date(2026, 6, 14), date(2026, 6, 14))), tmp_path))
    assert "7 people booked a place and 0 came (0%)" in rainy


def test_csv_has_the_same_figures_under_the_same_rule(seeded):
    rows = list(csv.reader(io.StringIO(render_csv(activation_report(seeded["fest"], *PERIOD)))))
    assert rows[0] == ["section", "item", "detail", "value"]
    cells = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert cells[("totals", "booked", "")] == "10"
    assert cells[("totals", "no_show", "")] == "fewer than 5"
    assert cells[("totals", "checked_in", "at sessions held")] == "not shown"  # 10 − 6 would reveal 4
    assert cells[("totals", "attendance_rate", "checked in ÷ booked, sessions held")] == "not shown"
    assert cells[("kits by type", "Earplugs", "handed out")] == "fewer than 5"
    assert cells[("kits by type", "Self-care kit", "left at the end")] == "40"
    assert cells[("kits by hour", "2026-06-12", "11:00")] == "0"
    assert cells[("kits by hour", "2026-06-12", "12:00")] == "13"
    assert cells[("kits by location", "Main booth", "handed out")] == "35"
    assert cells[("scans by day", "2026-06-13", "")] == "5"
    assert cells[("scans by day", "2026-06-14", "")] == "0"
    assert cells[("card batch", seeded["b2"].code, "scans")] == "fewer than 5"


def test_csv_does_not_let_a_title_run_as_a_formula(seeded):
    s1 = seeded["s1"]
    s1.title = '=HYPERLINK("http://x")'
    s1.save()
    text = render_csv(activation_report(seeded["fest"], *PERIOD))
    assert "'=HYPERLINK" in text


def test_command_writes_pdf_and_csv(seeded, tmp_path):
    pdf, sheet = tmp_path / "r.pdf", tmp_path / "r.csv"
    call_command("impact_report", "test-fest", "-o", str(pdf), "--csv", str(sheet), "--from", "2026-06-12", "--to", "2026-06-20")
    assert "10 people booked a place" in squash(pdf_text(pdf.read_bytes(), tmp_path))
    assert "totals,handed_out,,41" in sheet.read_text(encoding="utf-8-sig")


def test_command_refuses_clearly(seeded, tmp_path):
    with pytest.raises(CommandError, match="No activation"):
        call_command("impact_report", "nope", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="end on or after"):
        call_command("impact_report", "test-fest", "-o", str(tmp_path / "x.pdf"), "--from", "2026-06-20", "--to", "2026-06-12")
    with pytest.raises(CommandError, match="Say where"):
        call_command("impact_report", "test-fest")


def test_organization_command(seeded, org, tmp_path):
    sheet = tmp_path / "org.csv"
    call_command("impact_report", org.slug, "--organization", "--csv", str(sheet), "--from", "2026-06-01", "--to", "2026-06-30")
    text = sheet.read_text(encoding="utf-8-sig")
    assert "activation,Rainy Day,no-shows,7" in text


# --- the admin page --------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, organizer):
    from django.contrib.auth.models import Permission

    organizer.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    client.force_login(organizer)
    return client


def test_page_shows_exact_figures_and_charts_without_script(seeded, admin_client):
    url = reverse("admin:activations_activation_impact", args=[seeded["fest"].pk]) + "?start=2026-06-12&end=2026-06-20"
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fewer than 5" not in html.split('<h2 id="gr-summary">')[1].split("</section>")[0]  # exact on screen
    assert "4 more people were still on a waiting list" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="gr-chart"') == 4  # capacity, two days of hours, scans
    assert 'role="img"' in html and "<desc" in html
    assert "<script" not in html.split('id="content-main"')[1]
    assert " style=" not in html.split('id="content-main"')[1]
    assert "Download PDF" in html and "impact.pdf?start=2026-06-12&amp;end=2026-06-20" in html


def test_page_downloads(seeded, admin_client):
    base = reverse("admin:activations_activation_impact_pdf", args=[seeded["fest"].pk])
    pdf = admin_client.get(base + "?start=2026-06-12&end=2026-06-20")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="impact-test-fest-20260612-20260620.pdf"' in pdf["Content-Disposition"]
    sheet = admin_client.get(
        reverse("admin:activations_activation_impact_csv", args=[seeded["fest"].pk]) + "?start=2026-06-12&end=2026-06-20"
    )
    assert sheet.status_code == 200 and "totals,no_show,,fewer than 5" in sheet.content.decode("utf-8-sig")


def test_bad_dates_are_a_clear_400(seeded, admin_client):
    url = reverse("admin:activations_activation_impact", args=[seeded["fest"].pk])
    response = admin_client.get(url + "?start=2026-06-20&end=2026-06-12")
    assert response.status_code == 400 and "end on or after" in response.content.decode()
    response = admin_client.get(url + "?start=yesterday")
    assert response.status_code == 400
    pdf = admin_client.get(reverse("admin:activations_activation_impact_pdf", args=[seeded["fest"].pk]) + "?start=2027-01-01")
    assert pdf.status_code == 400 and b"Cannot make the report" in pdf.content


def test_another_organization_s_report_is_absent(seeded, client, other_org):
    from django.contrib.auth.models import Permission

    stranger = factories.organizer(other_org)
    stranger.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["activations", "signups"]))
    client.force_login(stranger)
    for name in ("impact", "impact_pdf", "impact_csv"):
        assert client.get(reverse(f"admin:activations_activation_{name}", args=[seeded["fest"].pk])).status_code == 404
    assert client.get(reverse("admin:activations_organization_impact", args=[seeded["fest"].organization_id])).status_code == 404


def test_linked_from_the_activation_admin(seeded, admin_client):
    link = reverse("admin:activations_activation_impact", args=[seeded["fest"].pk])
    assert link in admin_client.get(reverse("admin:activations_activation_change", args=[seeded["fest"].pk])).content.decode()
    assert link in admin_client.get(reverse("admin:activations_activation_changelist")).content.decode()


def test_organization_page(seeded, org, admin_client):
    response = admin_client.get(
        reverse("admin:activations_organization_impact", args=[org.pk]) + "?start=2026-06-01&end=2026-06-30"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rainy Day" in html and "Quiet Night" in html
