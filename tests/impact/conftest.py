"""Seeded data for the impact report, where every figure is known in advance (see KNOWN below).

Times are wall-clock times in New York (the venue's zone) in June 2026, in the past. Ledger rows
are written directly with their times (the services stamp "now"); the report reads the ledger only.
"""

from datetime import date

import pytest

from stock.models import StockMovement
from printables.models import CardBatch, ScanCount
from tests import factories

NY = "America/New_York"
PERIOD = (date(2026, 6, 12), date(2026, 6, 20))


def ny(*args):
    return factories.local(NY, 2026, *args)


def people(session, status, n, **kw):
    return [factories.signup(session, status=status, **kw) for _ in range(n)]


@pytest.fixture
def seeded(org, other_org):
    venue = factories.venue(org, name="Harbor Tent", city="New York", country="US", timezone=NY)
    fest = factories.activation(org, venue, title="Test Fest", slug="test-fest", starts_at=ny(6, 12, 10), ends_at=ny(6, 13, 20))
    # S1: a full-ish workshop with every kind of sign-up
    s1 = factories.session(fest, title="Breathwork", starts_at=ny(6, 12, 11), ends_at=ny(6, 12, 12), capacity=10)
    people(s1, "checked_in", 6)
    people(s1, "no_show", 2)
    people(s1, "confirmed", 1)
    people(s1, "confirmed", 1, promoted_at=ny(6, 12, 11, 5))  # moved up after the start, never came
    people(s1, "waitlisted", 3)
    people(s1, "cancelled", 1)
    # S3: nobody signed up
    factories.session(fest, title="Ear care", starts_at=ny(6, 13, 11), ends_at=ny(6, 13, 12), capacity=8)
    # S4: cancelled, with its cancelled sign-ups
    s4 = factories.session(
        fest, title="Cancelled talk", starts_at=ny(6, 13, 15), ends_at=ny(6, 13, 16), capacity=20, status="cancelled"
    )
    people(s4, "cancelled", 2)

    no_shows = factories.activation(
        org, venue, title="Rainy Day", slug="rainy-day", starts_at=ny(6, 14, 10), ends_at=ny(6, 14, 20)
    )
    people(
        factories.session(no_shows, title="Lawn yoga", starts_at=ny(6, 14, 11), ends_at=ny(6, 14, 12), capacity=10), "no_show", 7
    )

    empty = factories.activation(
        org, venue, title="Quiet Night", slug="quiet-night", starts_at=ny(6, 15, 18), ends_at=ny(6, 15, 22)
    )
    factories.session(empty, title="Listening circle", starts_at=ny(6, 15, 19), ends_at=ny(6, 15, 20), capacity=12)

    # Stock: a warehouse (not in the festival's report) and two booths.
    kit = factories.kit_type(org, name="Self-care kit")
    ear = factories.kit_type(org, name="Earplugs")
    depot = factories.stock_location(org, name="Depot")
    main = factories.stock_location(org, fest, name="Main booth")
    second = factories.stock_location(org, fest, name="Second booth")

    def move(kind, kit_type, place, quantity, at, other=None, reverses=None):
        return StockMovement.objects.create(
            kind=kind,
            kit_type=kit_type,
            location=place,
            quantity=quantity,
            other_location=other,
            reverses=reverses,
            actor="user:test",
            created_at=at,
            reason="test",
        )

    move("receive", kit, depot, 100, ny(6, 1, 9))
    move("transfer", kit, depot, -60, ny(6, 12, 9), main)
    move("transfer", kit, main, 60, ny(6, 12, 9), depot)
    move("transfer", kit, depot, -20, ny(6, 12, 9), second)
    move("transfer", kit, second, 20, ny(6, 12, 9), depot)
    move("receive", ear, main, 30, ny(6, 12, 9, 30))
    move("distribute", kit, main, -5, ny(6, 12, 10, 15))
    move("distribute", kit, main, -7, ny(6, 12, 10, 40))
    # nothing from 11:00 to 12:00 on the first day
    move("distribute", kit, main, -9, ny(6, 12, 12, 5))
    move("distribute", ear, main, -4, ny(6, 12, 12, 30))
    mistake = move("distribute", kit, main, -3, ny(6, 12, 12, 45))
    move("distribute", kit, main, 3, ny(6, 12, 14, 10), reverses=mistake)  # undone: counts against 12:00, not 14:00
    move("distribute", kit, main, -10, ny(6, 13, 10, 30))
    move("distribute", kit, second, -6, ny(6, 13, 13, 20))
    move("write_off", kit, main, -2, ny(6, 13, 18))
    move("adjust", kit, second, -1, ny(6, 13, 19))
    move("distribute", kit, main, -8, ny(6, 22, 10))  # after the period: not counted

    b1 = CardBatch.objects.create(organization=org, activation=fest, country="US", language="en", count=200)
    b2 = CardBatch.objects.create(organization=org, activation=fest, country="US", language="es", count=50)
    other = CardBatch.objects.create(organization=org, activation=no_shows, country="US", language="en", count=30)
    for batch, day, n in [
        (b1, date(2026, 6, 12), 7),
        (b1, date(2026, 6, 13), 3),
        (b1, date(2026, 6, 20), 12),
        (b2, date(2026, 6, 13), 2),
        (b1, date(2026, 7, 30), 100),
        (other, date(2026, 6, 14), 9),
    ]:
        ScanCount.objects.create(batch=batch, day=day, scans=n)
    return {"fest": fest, "no_shows": no_shows, "empty": empty, "b1": b1, "b2": b2, "s1": s1}


# Every figure of Test Fest's report over PERIOD, worked out by hand from the rows above.
KNOWN = {
    "sessions_held": 2,
    "sessions_cancelled": 1,
    "booked": 10,
    "checked_in": 6,
    "no_show": 2,
    "not_marked": 2,
    "unmet": 4,
    "attendance": "60%",
    "handed_out": 41,
    "by_kit_type": [("Self-care kit", 37), ("Earplugs", 4)],
    "by_location": [("Main booth", 35), ("Second booth", 6)],
    "hours": {
        date(2026, 6, 12): [(10, 12), (11, 0), (12, 13), (13, 0)],
        date(2026, 6, 13): [(10, 10), (11, 0), (12, 0), (13, 6)],
    },
    "left": {("Self-care kit", "Main booth"): 27, ("Earplugs", "Main booth"): 26, ("Self-care kit", "Second booth"): 13},
    "written_off": 2,
    "brought_in": 110,
    "cards_printed": 250,
    "scans": 24,
    "scans_by_day": {date(2026, 6, 12): 7, date(2026, 6, 13): 5, date(2026, 6, 20): 12},
}
