"""Dates and times by the reader's language rules (CLDR through babel), at the venue's wall clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import dates

MONDAY_11 = datetime(2026, 12, 7, 11, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.mark.parametrize(
    "language, moment, day",
    [
        ("ja", "12月7日(月) 11:00", "2026年12月7日月曜日"),
        ("fr", "lun. 7 déc. 11:00", "lundi 7 décembre 2026"),
        ("de", "Mo., 7. Dez. 11:00", "Montag, 7. Dezember 2026"),
        ("en", "Mon 7 Dec 11:00", "Monday, 7 December 2026"),
        ("ko", "12월 7일 (월) 11:00", "2026년 12월 7일 월요일"),
    ],
)
def test_dates_follow_the_languages_rules(language, moment, day):
    assert dates.moment_label(MONDAY_11, language) == moment
    assert dates.day_label(date(2026, 12, 7), language) == day


def test_a_wall_clock_is_written_as_it_is_not_moved_to_another_zone():
    # 11:00 in Tokyo stays 11:00 whatever the server's zone.
    assert dates.time_label(MONDAY_11, "en").endswith("11:00")


def test_an_unknown_language_falls_back_to_english():
    assert dates.moment_label(MONDAY_11, "xx") == "Mon 7 Dec 11:00"


def test_the_filters_use_the_pages_language():
    template = Template("{% load dates %}{{ when|local_moment }} · {{ day|local_day }}")
    with translation.override("ja"):
        assert (
            template.render(Context({"when": MONDAY_11, "day": date(2026, 12, 7)})) == "12月7日(月) 11:00 · 2026年12月7日月曜日"
        )
