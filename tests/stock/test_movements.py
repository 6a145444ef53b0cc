"""Each movement kind changes the level and the ledger together; each error says what is wrong."""

import pytest
from django.db import IntegrityError

from core.actors import Actor
from stock.models import StockLevel, StockMovement
from stock.services import stock
from core.errors import GreenroomError
from tests import factories
from tests.stock.conftest import ledger_sum, on_hand, receive

pytestmark = pytest.mark.django_db


def test_receive_adds_stock_and_one_ledger_row(actor, warehouse, kit):
    change = receive(actor, warehouse, kit, 500)
    assert on_hand(warehouse, kit) == 500
    row = StockMovement.objects.get()
    assert (row.kind, row.quantity, row.actor, row.user_id) == ("receive", 500, "user:olivia", actor.user.pk)
    assert change.levels[0].on_hand == 500


def test_distribute_takes_stock_out(actor, booth, kit):
    receive(actor, booth, kit, 10)
    stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=3)
    assert on_hand(booth, kit) == 7
    assert ledger_sum(booth, kit) == 7
    assert StockMovement.objects.filter(kind="distribute").get().quantity == -3


def test_transfer_moves_stock_between_locations(actor, warehouse, booth, kit):
    receive(actor, warehouse, kit, 100)
    change = stock.transfer_kits(
        actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=40, reason="box to main stage"
    )
    assert (on_hand(warehouse, kit), on_hand(booth, kit)) == (60, 40)
    out, into = change.movements
    assert (out.location, out.quantity, out.other_location) == (warehouse, -40, booth)
    assert (into.location, into.quantity, into.other_location) == (booth, 40, warehouse)
    assert out.direction_label == "to Main stage booth" and into.direction_label == "from Brooklyn warehouse"


def test_adjust_is_signed_and_needs_a_reason(actor, booth, kit):
    receive(actor, booth, kit, 10)
    stock.adjust_stock(actor, location=booth.pk, kit_type=kit.pk, quantity=3, reason="recount found a box")
    stock.adjust_stock(actor, location=booth.pk, kit_type=kit.pk, quantity=-5, reason="recount")
    assert on_hand(booth, kit) == 8
    with pytest.raises(GreenroomError) as err:
        stock.adjust_stock(actor, location=booth.pk, kit_type=kit.pk, quantity=-1, reason="  ")
    assert (err.value.code, err.value.status) == ("reason_required", 422)
    assert on_hand(booth, kit) == 8


def test_write_off_needs_a_reason(actor, booth, kit):
    receive(actor, booth, kit, 50)
    with pytest.raises(GreenroomError) as err:
        stock.write_off_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=10, reason="")
    assert err.value.code == "reason_required"
    stock.write_off_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=10, reason="soaked in the rain")
    assert on_hand(booth, kit) == 40
    assert StockMovement.objects.get(kind="write_off").reason == "soaked in the rain"


@pytest.mark.parametrize("kind", ["distribute", "write_off", "adjust", "transfer"])
def test_over_draw_is_refused_with_the_number_on_hand(actor, warehouse, booth, kit, kind):
    receive(actor, booth, kit, 4)
    fields = dict(location=booth.pk, kit_type=kit.pk, quantity=5, reason="r")
    if kind == "adjust":
        fields["quantity"] = -5
    if kind == "transfer":
        fields["to_location"] = warehouse.pk
    with pytest.raises(GreenroomError) as err:
        stock.record_movement(actor, kind, **fields)
    assert (err.value.code, err.value.status) == ("insufficient_stock", 409)
    assert err.value.detail == "Only 4 “Self-care kit” on hand at Main stage booth; cannot take 5."
    assert err.value.as_dict()["on_hand"] == 4
    assert on_hand(booth, kit) == 4 and on_hand(warehouse, kit) == 0
    assert StockMovement.objects.count() == 1


def test_distribute_where_nothing_was_ever_received(actor, booth, kit):
    with pytest.raises(GreenroomError) as err:
        stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk)
    assert err.value.code == "insufficient_stock" and "Only 0" in err.value.detail


def test_undo_of_a_hand_out_is_a_reversing_row(actor, booth, kit):
    receive(actor, booth, kit, 5)
    handed = stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=2).movement
    undo = stock.undo_distribution(actor, handed.pk).movement
    assert (undo.kind, undo.quantity, undo.reverses) == ("distribute", 2, handed)
    assert undo.reason == f"Undo of hand-out #{handed.pk}"
    assert on_hand(booth, kit) == 5
    assert StockMovement.objects.filter(pk=handed.pk).exists()  # nothing deleted
    with pytest.raises(GreenroomError) as err:
        stock.undo_distribution(actor, handed.pk)
    assert (err.value.code, err.value.status) == ("already_undone", 409)
    assert on_hand(booth, kit) == 5


def test_only_a_hand_out_can_be_undone(actor, booth, kit):
    received = receive(actor, booth, kit, 5).movement
    with pytest.raises(GreenroomError) as err:
        stock.undo_distribution(actor, received.pk)
    assert err.value.code == "not_undoable"
    first_undo = stock.undo_distribution(actor, stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk).movement.pk)
    with pytest.raises(GreenroomError) as err:
        stock.undo_distribution(actor, first_undo.movement.pk)  # an undo is not itself a hand-out
    assert err.value.code == "not_undoable"


@pytest.mark.parametrize("quantity", [0, -1, 100_001, "3", 2.5, True])
def test_bad_quantities(actor, booth, kit, quantity):
    with pytest.raises(GreenroomError) as err:
        stock.receive_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=quantity)
    assert (err.value.code, err.value.status) == ("invalid_quantity", 422)
    assert not StockMovement.objects.exists() and not StockLevel.objects.filter(on_hand__gt=0).exists()


def test_transfer_needs_another_location(actor, booth, kit):
    receive(actor, booth, kit, 5)
    for to, code in ((None, "to_location_required"), (booth.pk, "same_location"), (999999, "unknown_location")):
        with pytest.raises(GreenroomError) as err:
            stock.transfer_kits(actor, location=booth.pk, to_location=to, kit_type=kit.pk, quantity=1)
        assert err.value.code == code
    with pytest.raises(GreenroomError) as err:
        stock.record_movement(actor, "receive", location=booth.pk, to_location=booth.pk, kit_type=kit.pk, quantity=1)
    assert err.value.code == "unexpected_to_location"
    assert on_hand(booth, kit) == 5


def test_another_organizations_stock_is_absent(actor, booth, kit, other_org):
    their_place = factories.stock_location(other_org, name="Their warehouse")
    their_kit = factories.kit_type(other_org)
    for location, kit_type, code in ((their_place.pk, kit.pk, "unknown_location"), (booth.pk, their_kit.pk, "unknown_kit_type")):
        with pytest.raises(GreenroomError) as err:
            stock.receive_kits(actor, location=location, kit_type=kit_type, quantity=1)
        assert (err.value.code, err.value.status) == (code, 404)
    receive(actor, booth, kit, 5)
    with pytest.raises(GreenroomError) as err:
        stock.transfer_kits(actor, location=booth.pk, to_location=their_place.pk, kit_type=kit.pk, quantity=1)
    assert err.value.status == 404
    assert not StockMovement.objects.filter(location=their_place).exists()


def test_a_kiosk_may_only_hand_out_at_its_own_booth(org, festival, booth, warehouse, kit, actor, kiosk):
    device, _ = kiosk
    tablet = Actor.for_device(device, staff_mode=True)
    receive(actor, booth, kit, 5)
    receive(actor, warehouse, kit, 5)
    handed = stock.distribute_kits(tablet, location=booth.pk, kit_type=kit.pk).movement
    assert (handed.actor, handed.device) == (f"kiosk:{device.pk}", device)
    stock.undo_distribution(tablet, handed.pk)
    with pytest.raises(GreenroomError) as err:
        stock.distribute_kits(tablet, location=warehouse.pk, kit_type=kit.pk)
    assert (err.value.code, err.value.status) == ("unknown_location", 404)
    for service in (stock.receive_kits, stock.write_off_kits):
        with pytest.raises(GreenroomError) as err:
            service(tablet, location=booth.pk, kit_type=kit.pk, quantity=1, reason="x")
        assert (err.value.code, err.value.status) == ("kiosk_not_allowed", 403)
    other_booth = factories.stock_location(activation_obj=factories.activation(org), name="Second stage tent")
    receive(actor, other_booth, kit, 3)
    elsewhere = stock.distribute_kits(actor, location=other_booth.pk, kit_type=kit.pk).movement
    with pytest.raises(GreenroomError) as err:
        stock.undo_distribution(tablet, elsewhere.pk)
    assert err.value.status == 404
    assert on_hand(booth, kit) == 5 and on_hand(other_booth, kit) == 2


def test_the_ledger_is_append_only(actor, booth, kit):
    row = receive(actor, booth, kit, 5).movement
    row.quantity = 500
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        StockMovement.objects.filter(pk=row.pk).update(quantity=500)
    with pytest.raises(TypeError):
        StockMovement.objects.all().delete()
    assert StockMovement.objects.get().quantity == 5


def test_the_database_itself_refuses_a_negative_level(actor, booth, kit):
    receive(actor, booth, kit, 1)
    with pytest.raises(IntegrityError):
        StockLevel.objects.filter(location=booth).update(on_hand=-1)


def test_a_transfer_whose_second_row_fails_changes_nothing(actor, warehouse, booth, kit, monkeypatch):
    receive(actor, warehouse, kit, 100)
    real_create = StockMovement.objects.create
    calls = []

    def create_failing_second_row(**fields):
        calls.append(fields)
        if len(calls) == 2:
            raise IntegrityError("simulated failure writing the incoming row")
        return real_create(**fields)

    monkeypatch.setattr(StockMovement.objects, "create", create_failing_second_row)
    with pytest.raises(IntegrityError):
        stock.transfer_kits(actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=30)
    monkeypatch.undo()
    assert len(calls) == 2
    assert (on_hand(warehouse, kit), on_hand(booth, kit)) == (100, 0)
    assert list(StockMovement.objects.values_list("kind", "quantity")) == [("receive", 100)]
