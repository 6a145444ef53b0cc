"""The report's figures on seeded data where each is known in advance (tests/impact/conftest.py)."""

from datetime import date

from impact.figures import activation_report, default_period, organization_report
from tests.impact.conftest import KNOWN, PERIOD


def test_sign_up_figures(seeded):
    r = activation_report(seeded["fest"], *PERIOD)
    assert (r.sessions_held, r.sessions_cancelled) == (KNOWN["sessions_held"], KNOWN["sessions_cancelled"])
    assert (r.booked, r.checked_in, r.no_show, r.not_marked, r.unmet) == (10, 6, 2, 2, 4)
    assert round(100 * r.attendance_rate) == 60
    breathwork, ear_care = r.sessions
    assert (breathwork.title, breathwork.capacity, breathwork.booked, breathwork.unmet) == ("Breathwork", 10, 10, 4)
    assert (ear_care.title, ear_care.booked, ear_care.checked_in, ear_care.unmet) == ("Ear care", 0, 0, 0)
    assert breathwork.starts_at.hour == 11  # shown in the venue's time


def test_kit_figures(seeded):
    r = activation_report(seeded["fest"], *PERIOD)
    assert r.handed_out == KNOWN["handed_out"]
    assert r.handed_out_by_kit_type == KNOWN["by_kit_type"]
    assert r.handed_out_by_location == KNOWN["by_location"]
    assert {(k.kit_type, k.location): k.left for k in r.kits} == KNOWN["left"]  # the warehouse is not the festival's
    assert (r.written_off, r.brought_in, r.stock_left) == (2, 110, 66)


def test_hand_outs_per_hour_include_the_empty_hour_and_undo_counts_against_its_hour(seeded):
    r = activation_report(seeded["fest"], *PERIOD)
    got = {day: [(h.hour, h.handed_out) for h in hours] for day, hours in r.hours_by_day}
    assert got == KNOWN["hours"]
    assert (r.busiest_hour.day, r.busiest_hour.hour, r.busiest_hour.handed_out) == (date(2026, 6, 12), 12, 13)


def test_card_figures(seeded):
    r = activation_report(seeded["fest"], *PERIOD)
    assert r.cards_printed == KNOWN["cards_printed"]
    assert r.scans == KNOWN["scans"]
    assert {(b.language, b.scans) for b in r.batches} == {("en", 22), ("es", 2)}
    assert {d: n for d, n in r.scans_by_day if n} == KNOWN["scans_by_day"]
    assert len(r.scans_by_day) == 9 and dict(r.scans_by_day)[date(2026, 6, 15)] == 0


def test_activation_where_everyone_stayed_away(seeded):
    r = activation_report(seeded["no_shows"], date(2026, 6, 14), date(2026, 6, 14))
    assert (r.sessions_held, r.booked, r.checked_in, r.no_show, r.unmet) == (1, 7, 0, 7, 0)
    assert r.attendance_rate == 0


def test_activation_with_no_sign_ups(seeded):
    r = activation_report(seeded["empty"], date(2026, 6, 15), date(2026, 6, 15))
    assert (r.sessions_held, r.booked, r.checked_in, r.no_show, r.unmet) == (1, 0, 0, 0, 0)
    assert r.attendance_rate is None
    assert (r.handed_out, r.kits, r.hours, r.batches, r.scans) == (0, [], [], [], 0)


def test_default_period_runs_on_after_the_festival_for_late_scans(seeded):
    start, end = default_period(seeded["fest"], today=date(2026, 11, 26))
    assert (start, end) == (date(2026, 6, 12), date(2026, 7, 13))
    start, end = default_period(seeded["fest"], today=date(2026, 6, 13))
    assert (start, end) == (date(2026, 6, 12), date(2026, 6, 13))


def test_organization_report_adds_up_its_activations(seeded, org):
    r = organization_report(org, date(2026, 6, 1), date(2026, 6, 30))
    assert (r.sessions_held, r.booked, r.checked_in, r.no_show) == (4, 17, 6, 9)
    assert r.handed_out == 41 + 8  # the later hand-out is inside June
    assert r.cards_printed == 280 and r.scans == 24 + 9
    assert [(a.title, a.booked, a.no_show) for a in r.activations] == [
        ("Test Fest", 10, 2),
        ("Rainy Day", 7, 7),
        ("Quiet Night", 0, 0),
    ]
    got = {day: [(h.hour, h.handed_out) for h in hours] for day, hours in r.hours_by_day}
    assert got[date(2026, 6, 12)][:3] == [(10, 12), (11, 0), (12, 13)]


def test_another_organization_s_report_has_none_of_it(seeded, other_org):
    r = organization_report(other_org, date(2026, 6, 1), date(2026, 6, 30))
    assert (r.sessions, r.kits, r.batches, r.activations) == ([], [], [], [])


def test_hours_follow_a_half_hour_time_zone(org):
    """Kolkata is UTC+5:30: 10:10 there is 04:40 UTC; it must count in the 10:00 hour, not 09:00 or 11:00."""
    from stock.models import StockMovement
    from tests import factories

    venue = factories.venue(org, city="Mumbai", country="IN", timezone="Asia/Kolkata")
    fest = factories.activation(
        org,
        venue,
        starts_at=factories.local("Asia/Kolkata", 2026, 3, 1, 9),
        ends_at=factories.local("Asia/Kolkata", 2026, 3, 1, 22),
    )
    kit, place = factories.kit_type(org), factories.stock_location(org, fest)
    for minute, n in ((10, 2), (29, 3), (59, 4)):
        StockMovement.objects.create(
            kind="distribute",
            kit_type=kit,
            location=place,
            quantity=-n,
            actor="t",
            created_at=factories.local("Asia/Kolkata", 2026, 3, 1, 10, minute),
        )
    StockMovement.objects.create(
        kind="distribute",
        kit_type=kit,
        location=place,
        quantity=-1,
        actor="t",
        created_at=factories.local("Asia/Kolkata", 2026, 3, 1, 11, 0),
    )
    r = activation_report(fest, date(2026, 3, 1), date(2026, 3, 1))
    assert [(h.hour, h.handed_out) for h in r.hours] == [(10, 9), (11, 1)]
