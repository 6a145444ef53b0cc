"""Proves the stock ledger and the levels agree: on hand == sum of the ledger, for every pair."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum

from stock.models import StockLevel, StockMovement


def stock_mismatches() -> list[dict]:
    """Every (location, kit type) whose level differs from its ledger sum, or that has only one of them."""
    sums = {
        (row["location_id"], row["kit_type_id"]): row["total"]
        for row in StockMovement.objects.order_by().values("location_id", "kit_type_id").annotate(total=Sum("quantity"))
    }
    levels = {
        (row["location_id"], row["kit_type_id"]): row["on_hand"]
        for row in StockLevel.objects.order_by().values("location_id", "kit_type_id", "on_hand")
    }
    wrong = []
    for pair in sorted(set(sums) | set(levels)):
        ledger, on_hand = sums.get(pair, 0), levels.get(pair)
        if on_hand is None or on_hand != ledger:
            wrong.append({"location_id": pair[0], "kit_type_id": pair[1], "on_hand": on_hand, "ledger": ledger})
    return wrong


class Command(BaseCommand):
    help = "Checks that every stock level equals the sum of its ledger; exits non-zero and lists the pairs that do not."

    def handle(self, *args, **options):
        from stock.models import KitType, StockLocation

        pairs = StockLevel.objects.count()
        wrong = stock_mismatches()
        if not wrong:
            self.stdout.write(self.style.SUCCESS(f"Stock OK: {pairs} level(s), each equal to the sum of its ledger."))
            return
        places = StockLocation.objects.in_bulk({w["location_id"] for w in wrong})
        kits = KitType.objects.in_bulk({w["kit_type_id"] for w in wrong})
        for w in wrong:
            on_hand = "no level row" if w["on_hand"] is None else f"level {w['on_hand']}"
            self.stdout.write(
                f"MISMATCH location {w['location_id']} “{places.get(w['location_id'])}”, "
                f"kit type {w['kit_type_id']} “{kits.get(w['kit_type_id'])}”: {on_hand}, ledger sum {w['ledger']}"
            )
        raise CommandError(f"{len(wrong)} stock level(s) disagree with the ledger.")
