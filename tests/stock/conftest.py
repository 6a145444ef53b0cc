"""Stock fixtures: an organization with a warehouse, a festival booth, a kit type and a paired kiosk."""

import pytest

from core.actors import Actor
from stock.services import stock
from kiosk.models import KioskDevice
from tests import factories


@pytest.fixture
def actor(organizer):
    return Actor.for_user(organizer)


@pytest.fixture
def festival(org):
    return factories.activation(org, title="Harbor Sound Festival booth")


@pytest.fixture
def warehouse(org):
    return factories.stock_location(org, name="Brooklyn warehouse")


@pytest.fixture
def booth(festival):
    return factories.stock_location(activation_obj=festival, name="Main stage booth")


@pytest.fixture
def kit(org):
    return factories.kit_type(org, name="Self-care kit")


def paired_device(activation, name="Tablet 1"):
    device = KioskDevice.objects.create(activation=activation, name=name)
    secret = device.issue_credential()
    device.save()
    return device, secret


@pytest.fixture
def kiosk(festival):
    """(device, credential headers) for a tablet paired to the festival."""
    device, secret = paired_device(festival)
    return device, factories.staff_mode_headers(device, secret)


def on_hand(location, kit):
    from stock.models import StockLevel

    level = StockLevel.objects.filter(location=location, kit_type=kit).first()
    return level.on_hand if level else 0


def ledger_sum(location, kit):
    from django.db.models import Sum

    from stock.models import StockMovement

    return StockMovement.objects.filter(location=location, kit_type=kit).aggregate(s=Sum("quantity"))["s"] or 0


def receive(actor, location, kit, quantity):
    return stock.receive_kits(actor, location=location.pk, kit_type=kit.pk, quantity=quantity)
