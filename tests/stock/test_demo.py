"""The demo stock: a warehouse and the NY festival booth with kits handed out, one level near its
threshold; running seed_demo again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from stock.models import StockLevel, StockMovement

pytestmark = pytest.mark.django_db


def test_seed_demo_stock_is_idempotent_and_adds_up():
    call_command("seed_demo", stdout=StringIO())
    rows = StockMovement.objects.count()
    levels = {
        (lv.location.name, lv.kit_type.name): (lv.on_hand, lv.low_stock_threshold)
        for lv in StockLevel.objects.select_related("location", "kit_type")
    }
    booth_kits = levels[("Harbor Sound main stage booth", "Self-care kit")]
    assert booth_kits[0] > booth_kits[1] and booth_kits[0] - booth_kits[1] <= 5  # near its threshold
    assert StockMovement.objects.filter(kind="distribute").count() > 10
    assert (
        StockLevel.objects.get(
            location__name="Harbor Sound main stage booth", kit_type__name="Self-care kit"
        ).location.activation.slug
        == "governors-ball-wellness-booth"
    )

    call_command("seed_demo", stdout=StringIO())
    assert StockMovement.objects.count() == rows
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "Stock OK" in out.getvalue()
