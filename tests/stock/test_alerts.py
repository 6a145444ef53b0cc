"""The low-stock email goes once when a level crosses its threshold, and again only after a restock above it."""

import pytest

from core.errors import GreenroomError

from core.actors import Actor
from stock.models import StockLevel
from stock.services import stock
from tests import factories
from tests.stock.conftest import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizers(org, organizer, other_org):
    organizer.email = "olivia@soundmind.example"
    organizer.save()
    factories.organizer(org, username="sam", email="sam@soundmind.example")
    factories.organizer(other_org, username="outsider", email="outsider@other.example")


def hand_out(who, booth, kit, n=1):
    return stock.distribute_kits(who, location=booth.pk, kit_type=kit.pk, quantity=n)


def test_alert_fires_once_per_crossing_and_again_after_restock(
    actor, booth, kit, organizers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 12)
        stock.set_low_stock_threshold(actor, location=booth.pk, kit_type=kit.pk, threshold=10)
        hand_out(actor, booth, kit)  # 11: above
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        change = hand_out(actor, booth, kit)  # 10: crosses
    assert change.levels[0].is_low
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == ["olivia@soundmind.example", "sam@soundmind.example"]
    assert email.subject == "Low stock: Self-care kit at Main stage booth (10 left)"
    assert "10 left (warning threshold 10)" in email.body

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            hand_out(actor, booth, kit)  # 9..5: still low, no more email
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 3)  # 8: restocked but not above the threshold
        hand_out(actor, booth, kit)
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 20)  # 27: above again, re-armed
        hand_out(actor, booth, kit, 17)  # 10: crosses again
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Low stock: Self-care kit at Main stage booth (10 left)"


def test_every_path_raises_it_kiosk_transfer_and_write_off(
    actor, warehouse, booth, kit, kiosk, organizers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, warehouse, kit, 100)
        receive(actor, booth, kit, 6)
        stock.set_low_stock_threshold(actor, location=warehouse.pk, kit_type=kit.pk, threshold=50)
        stock.set_low_stock_threshold(actor, location=booth.pk, kit_type=kit.pk, threshold=5)
        hand_out(Actor.for_device(kiosk[0], staff_mode=True), booth, kit)  # the tablet crosses the booth's threshold
        stock.transfer_kits(actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=45)  # booth re-armed
        stock.write_off_kits(actor, location=warehouse.pk, kit_type=kit.pk, quantity=5, reason="crushed")  # 50: warehouse crosses
    assert [m.subject for m in mailoutbox] == [
        "Low stock: Self-care kit at Main stage booth (5 left)",
        "Low stock: Self-care kit at Brooklyn warehouse (50 left)",
    ]
    booth_level = StockLevel.objects.get(location=booth)
    assert booth_level.on_hand == 50 and booth_level.low_alert_sent_at is None


def test_refused_hand_out_sends_nothing(actor, booth, kit, organizers, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 3)
        stock.set_low_stock_threshold(actor, location=booth.pk, kit_type=kit.pk, threshold=1)
        with pytest.raises(GreenroomError):
            hand_out(actor, booth, kit, 5)
    assert mailoutbox == []
    assert StockLevel.objects.get().low_alert_sent_at is None


def test_setting_a_threshold_already_crossed_does_not_email_until_the_next_crossing(
    actor, booth, kit, organizers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 3)
        level = stock.set_low_stock_threshold(actor, location=booth.pk, kit_type=kit.pk, threshold=5)
        hand_out(actor, booth, kit)
    assert level.is_low and mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 10)  # 12
        hand_out(actor, booth, kit, 7)  # 5
    assert len(mailoutbox) == 1


def test_no_threshold_no_alert(actor, booth, kit, organizers, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(actor, booth, kit, 1)
        hand_out(actor, booth, kit)
    assert mailoutbox == [] and not StockLevel.objects.get().is_low
