"""`manage.py check_stock` proves every level equals the sum of its ledger, and names the ones that do not."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stock.models import StockLevel
from stock.services import stock
from tests.stock.conftest import receive

pytestmark = pytest.mark.django_db


def test_consistent_stock_passes(actor, warehouse, booth, kit):
    receive(actor, warehouse, kit, 100)
    stock.transfer_kits(actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=30)
    stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=4)
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert out.getvalue().strip() == "Stock OK: 2 level(s), each equal to the sum of its ledger."


def test_a_level_that_drifted_from_its_ledger_fails_with_a_list(actor, warehouse, booth, kit):
    receive(actor, warehouse, kit, 100)
    receive(actor, booth, kit, 10)
    StockLevel.objects.filter(location=booth).update(on_hand=7)  # written behind the services' back
    out = StringIO()
    with pytest.raises(CommandError) as err:
        call_command("check_stock", stdout=out)
    assert str(err.value) == "1 stock level(s) disagree with the ledger."
    assert out.getvalue().strip() == (
        f"MISMATCH location {booth.pk} “Main stage booth”, kit type {kit.pk} “Self-care kit”: level 7, ledger sum 10"
    )


def test_a_level_without_ledger_rows_is_reported(actor, booth, kit):
    StockLevel.objects.create(location=booth, kit_type=kit, on_hand=3)
    with pytest.raises(CommandError):
        call_command("check_stock", stdout=StringIO())
