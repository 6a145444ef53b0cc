"""No figure that leaves the organizer's screen, and no difference of such figures, comes to 1–4 people."""

from datetime import datetime, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings, strategies as st
from django.utils import timezone

from impact.disclosure import SMALL, is_small, merge_small_groups, safe_partition, session_figures_shown
from impact.figures import activation_report
from impact.export import render_csv


def derivable(figures: dict[str, frozenset], values: dict[str, int], shown: set[str]) -> list[int]:
    """Every count a reader can work out: a shown figure minus any shown figures inside it that do not overlap."""
    out = []
    names = sorted(shown)
    for name in names:
        inner = [n for n in names if figures[n] < figures[name]]
        for k in range(len(inner) + 1):
            for chosen in combinations(inner, k):
                parts = [figures[c] for c in chosen]
                if any(a & b for a, b in combinations(parts, 2)):
                    continue
                rest = figures[name] - frozenset().union(*parts)
                out.append(sum(values[p] for p in rest))
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40))
def test_no_sign_up_figure_of_a_session_gives_away_fewer_than_5(came, absent, unmarked):
    values = {"came": came, "absent": absent, "unmarked": unmarked}
    figures = {
        "booked": frozenset(values),
        "checked_in": frozenset({"came"}),
        "no_show": frozenset({"absent"}),
        "not_marked": frozenset({"unmarked"}),
    }
    shown = session_figures_shown(came + absent + unmarked, came, absent)
    assert all(not is_small(n) for n in derivable(figures, values, shown))


def test_booked_12_came_9_no_longer_gives_away_3_no_shows():
    assert session_figures_shown(12, 9, 3) == {"booked", "not_marked"}  # not_marked is 0
    assert session_figures_shown(12, 7, 5) == {"booked", "checked_in", "no_show", "not_marked"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=0, max_size=14), st.booleans())
def test_merged_groups_are_5_or_more_and_add_up(counts, adjacent):
    groups = [((f"{h}:00", f"{h + 1}:00") if adjacent else f"kind {h}", n) for h, n in enumerate(counts)]
    merged = merge_small_groups(groups, adjacent=adjacent)
    total = sum(counts)
    assert sum(n for _, n in merged) == total
    if total >= SMALL:
        # Every shown group is 5 or more, so the total minus any set of them is 0 or 5 and more too.
        assert all(n >= SMALL for _, n in merged)
    else:
        assert len(merged) <= 1


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 20), min_size=4, max_size=4))
def test_safe_partition_leaves_no_small_difference(values):
    figures = {"all": frozenset("abcd"), "abc": frozenset("abc"), "a": frozenset("a"), "b": frozenset("b"), "c": frozenset("c")}
    shown = safe_partition(values, figures, keep="all")
    assert all(not is_small(n) for n in derivable(figures, values, shown))


@pytest.mark.django_db
def test_welfare_visits_in_the_report_are_in_groups_of_5_or_more(org, organizer):
    from core.actors import Actor
    from tests import factories
    from welfare.services.visits import record_welfare_visit

    venue = factories.venue(org, timezone="Europe/London", country="GB", city="London")
    start = timezone.make_aware(datetime(2026, 6, 12, 10), venue.zone)
    fest = factories.activation(org, venue, starts_at=start, ends_at=start + timedelta(hours=14))
    actor = Actor.for_user(organizer)
    # 14:00: 6 panic + 2 substance; 15:00: 3 disclosure; 16:00: 7 emotional support.
    for hour, category, n in [
        (14, "panic_anxiety", 6),
        (14, "substance", 2),
        (15, "disclosure", 3),
        (16, "emotional_support", 7),
    ]:
        for k in range(n):
            record_welfare_visit(actor, fest.pk, category, now=start.replace(hour=hour, minute=k * 7))
    report = activation_report(fest, start.date(), start.date())
    assert report.welfare_visits == 18
    assert report.welfare_by_category(True) == [
        ("Emotional support", 7),
        ("Panic or anxiety", 6),
        ("Disclosure + Substance-related (together)", 5),
    ]
    assert report.welfare_by_hour(True) == [("Fri 12 Jun 14:00–15:00", 8), ("Fri 12 Jun 15:00–17:00", 10)]
    cells = render_csv(report)
    assert "welfare visits by kind,Disclosure + Substance-related (together),,5" in cells
    assert ",3" not in cells.split("welfare visits")[1] and ",2\r" not in cells.split("welfare visits")[1]
