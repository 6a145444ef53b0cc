"""The demo: seed_demo's past festival has a full report, and running it again adds nothing."""

from io import StringIO

from django.core.management import call_command

from impact.figures import activation_report
from impact.pdf import render_pdf
from activations.models import Activation
from signups.models import SignUp
from stock.models import StockMovement
from tests.impact.test_outputs import pdf_pages


def test_demo_history_reports_and_is_idempotent(db, tmp_path):
    call_command("seed_demo", stdout=StringIO())
    rows = (SignUp.objects.count(), StockMovement.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (SignUp.objects.count(), StockMovement.objects.count()) == rows
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "Stock OK" in out.getvalue()

    past = Activation.objects.select_related("venue", "organization").get(slug="riverside-sound-wellness-booth")
    report = activation_report(past)
    assert (report.sessions_held, report.booked, report.checked_in, report.no_show, report.unmet) == (7, 103, 86, 17, 22)
    assert report.handed_out == 350 + 64 and report.written_off == 12
    day_one = report.hours_by_day[0][1]
    assert [h.handed_out for h in day_one if h.hour == 14] == [0 + 0]  # the thunderstorm hour
    assert report.scans == 127 + 25
    assert 1 <= pdf_pages(render_pdf(report), tmp_path) <= 3

    today = Activation.objects.select_related("venue", "organization").get(slug="governors-ball-wellness-booth")
    assert 1 <= pdf_pages(render_pdf(activation_report(today)), tmp_path) <= 3
