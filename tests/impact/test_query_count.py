"""The report's queries do not grow with the number of sign-ups or ledger rows."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact.figures import activation_report, organization_report
from signups.models import SignUp
from stock.models import StockMovement
from tests.impact.conftest import PERIOD, ny


def _queries(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def _grow(seeded, signups: int, movements: int):
    s1, fest = seeded["s1"], seeded["fest"]
    SignUp.objects.bulk_create(
        [SignUp(session=s1, display_name=f"More {i}", status="checked_in", checked_in_count=1) for i in range(signups)]
    )
    place = fest.stock_locations.get(name="Main booth")
    kit = place.movements.first().kit_type
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                kind="distribute",
                kit_type=kit,
                location=place,
                quantity=-1,
                actor="user:test",
                created_at=ny(6, 12, 10 + i % 8, i % 60),
            )
            for i in range(movements)
        ]
    )


def test_activation_report_queries_are_fixed(seeded):
    fest = seeded["fest"]
    before = _queries(lambda: activation_report(fest, *PERIOD))
    _grow(seeded, signups=300, movements=1000)
    after = _queries(lambda: activation_report(fest, *PERIOD))
    report = activation_report(fest, *PERIOD)
    assert report.checked_in == 6 + 300 and report.handed_out == 41 + 1000  # the rows were counted …
    assert after == before  # … by the same queries
    assert before <= 10


def test_organization_report_queries_are_fixed(seeded, org):
    period = (date(2026, 6, 1), date(2026, 6, 30))
    before = _queries(lambda: organization_report(org, *period))
    _grow(seeded, signups=300, movements=1000)
    assert _queries(lambda: organization_report(org, *period)) == before
