"""Demo self-care-kit stock for `seed_demo`: a warehouse, the NY festival booth, kits received,
moved and handed out, and one level close to its low-stock threshold. Safe to run again: the
movements are recorded only the first time (the ledger is append-only)."""

from core.actors import Actor
from activations.models import Activation
from stock.models import KitType, StockLevel, StockLocation, StockMovement
from stock.services import stock

FESTIVAL_SLUG = "governors-ball-wellness-booth"


def seed(org, user, stdout=None):
    actor = Actor.for_user(user)
    kit, _ = KitType.objects.update_or_create(
        organization=org,
        name="Self-care kit",
        defaults={"contents": "earplugs, water, electrolytes, info card", "sku": "SCK-2026"},
    )
    earplugs, _ = KitType.objects.update_or_create(
        organization=org,
        name="Spare earplugs (pair)",
        defaults={"contents": "one pair of foam earplugs", "sku": "EAR-1"},
    )
    warehouse, _ = StockLocation.objects.update_or_create(
        organization=org, name="Brooklyn warehouse", defaults={"activation": None}
    )
    festival = Activation.objects.filter(slug=FESTIVAL_SLUG, organization=org).first()
    booth = None
    if festival is not None:
        booth, _ = StockLocation.objects.update_or_create(
            organization=org, name="Harbor Sound main stage booth", defaults={"activation": festival}
        )
    if StockMovement.objects.filter(location=warehouse).exists():
        _say(stdout, "Stock demo already present (ledger left as it is).")
        return
    stock.receive_kits(actor, location=warehouse, kit_type=kit, quantity=500, reason="Delivery from the packing day")
    stock.receive_kits(actor, location=warehouse, kit_type=earplugs, quantity=200, reason="Donated by a hearing charity")
    if booth is not None:
        stock.transfer_kits(
            actor, location=warehouse, to_location=booth, kit_type=kit, quantity=200, reason="Van to the festival"
        )
        stock.transfer_kits(
            actor, location=warehouse, to_location=booth, kit_type=earplugs, quantity=20, reason="Van to the festival"
        )
        for _ in range(25):  # the tablets hand them out one at a time
            stock.distribute_kits(actor, location=booth, kit_type=kit, quantity=1)
        stock.distribute_kits(actor, location=booth, kit_type=kit, quantity=122, reason="Handed out during the headline set")
        stock.distribute_kits(actor, location=booth, kit_type=earplugs, quantity=14)
        stock.write_off_kits(actor, location=booth, kit_type=kit, quantity=10, reason="Damaged: box soaked in the rain")
        # 43 left against a threshold of 40: a few more hand-outs and the organizers get the email.
        stock.set_low_stock_threshold(actor, location=booth, kit_type=kit, threshold=40)
        stock.set_low_stock_threshold(actor, location=booth, kit_type=earplugs, threshold=10)
    stock.set_low_stock_threshold(actor, location=warehouse, kit_type=kit, threshold=100)
    levels = ", ".join(
        f"{lv.kit_type} at {lv.location}: {lv.on_hand}"
        for lv in StockLevel.objects.filter(location__organization=org).select_related("location", "kit_type")
    )
    _say(stdout, f"Stock demo: {levels}.")


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)
