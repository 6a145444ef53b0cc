"""seed_demo gives the past demo festival its welfare visits, and its impact PDF shows them in groups of 5 or more."""

import pytest
from django.core.management import call_command

from impact.figures import activation_report
from impact.pdf import render_pdf
from activations.models import Activation
from tests.impact.test_outputs import pdf_text, squash
from welfare.models import WelfareVisit


@pytest.mark.django_db
def test_seed_demo_adds_welfare_visits_once_and_the_pdf_shows_them(tmp_path):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    fest = Activation.objects.get(slug="riverside-sound-wellness-booth")
    assert WelfareVisit.objects.filter(activation=fest).count() == 220
    report = activation_report(fest)
    text = squash(pdf_text(render_pdf(report), tmp_path))
    assert "The welfare team logged 220 visits" in text
    assert "Welfare visits Kind of visit" in text or "Kind of visit" in text
    assert all(n >= 5 for _, n in report.welfare_by_category(True) + report.welfare_by_hour(True))
