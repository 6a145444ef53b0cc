"""Help-page views are counted per day, country and language (no cookie, no IP), and the report shows them."""

from datetime import date

import pytest
from django.test import Client

from impact.export import render_csv
from impact.figures import activation_report
from helplines.models import HelpPageView
from helplines.services.page_views import count_help_page_view
from tests.impact.conftest import PERIOD

pytestmark = pytest.mark.django_db


def test_a_help_page_view_is_counted_once_per_get_and_sets_no_cookie():
    client = Client()
    for _ in range(3):
        response = client.get("/help/US/?lang=es")
        assert response.status_code == 200 and not response.cookies
    client.head("/help/US/?lang=es")  # a link preview is not a reader
    client.get("/help/ZZ/")  # no such country: nothing to count
    assert list(HelpPageView.objects.values_list("country", "language", "views")) == [("US", "es", 3)]
    assert {f.name for f in HelpPageView._meta.get_fields()} == {"id", "day", "country", "language", "views"}


def test_report_shows_views_per_country_and_language_with_small_ones_hidden(seeded):
    for language, n in (("en", 12), ("es", 3), ("ko", 0)):
        for _ in range(n):
            count_help_page_view("US", language, day=date(2026, 6, 13))
    count_help_page_view("US", "en", day=date(2026, 7, 30))  # after the period
    count_help_page_view("FR", "fr", day=date(2026, 6, 13))  # a country the festival had nothing to do with
    report = activation_report(seeded["fest"], *PERIOD)
    assert [(v.country, v.language, v.views) for v in report.help_views] == [("US", "en", 12), ("US", "es", 3)]
    assert report.help_page_views == 15
    text = render_csv(report)
    assert "help-page views,US,en,12" in text and "help-page views,US,es,fewer than 5" in text
