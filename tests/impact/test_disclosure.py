"""The small-numbers rule: 1–4 people read "fewer than 5" once a figure leaves the organizer's screen."""

from datetime import date

from impact import charts
from impact.disclosure import count_text, rate_text, short_count_text, thing_text
from impact.figures import HourFigures, ImpactReport


def test_counts_of_people():
    assert [count_text(n, suppress=True) for n in (0, 1, 4, 5, 1234)] == ["0", "fewer than 5", "fewer than 5", "5", "1,234"]
    assert [count_text(n, suppress=False) for n in (0, 1, 4)] == ["0", "1", "4"]
    assert short_count_text(3, suppress=True) == "<5"
    assert thing_text(3) == "3"  # kits in stock, cards printed: not people


def test_rates_need_five_people_behind_them():
    assert rate_text(2, 4, suppress=True) == "not shown (fewer than 5)"
    assert rate_text(2, 4, suppress=False) == "50%"
    assert rate_text(0, 7, suppress=True) == "0%"
    assert rate_text(0, 0, suppress=True) == "—"


def _report(hours):
    return ImpactReport(
        title="t",
        organization="o",
        period_start=date(2026, 6, 12),
        period_end=date(2026, 6, 12),
        time_zone="America/New_York",
        generated_at=None,
        hours=hours,
    )


def test_a_shared_chart_draws_1_and_4_alike_so_its_height_gives_nothing_away():
    day = date(2026, 6, 12)
    one, four = (
        charts.handouts_by_hour(_report([HourFigures(day, 10, n), HourFigures(day, 11, 30)]), suppress=True)[0] for n in (1, 4)
    )
    assert (one.bars[0].height, one.bars[0].text) == (four.bars[0].height, four.bars[0].text) == (5, "<5")
    assert one.bars[1].text == "30"
    on_screen = charts.handouts_by_hour(_report([HourFigures(day, 10, 1)]), suppress=False)[0]
    assert (on_screen.bars[0].height, on_screen.bars[0].text) == (1, "1")
