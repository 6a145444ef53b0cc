"""Self-care-kit stock: kit types, where kits are kept, how many are there, and the ledger of every change.

The ledger (`StockMovement`) is append-only: each row changes one location's stock of one kit type
by a signed quantity, and `StockLevel.on_hand` is kept equal to the sum of those rows (checked by
`manage.py check_stock`). The database refuses a level below zero. All changes go through
`stock/services/stock.py`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from core.text import ONE_LINE, SEVERAL_LINES


class KitType(models.Model):
    organization = models.ForeignKey("activations.Organization", on_delete=models.PROTECT, related_name="kit_types")
    name = models.CharField(max_length=120, validators=[ONE_LINE])
    contents = models.TextField(
        blank=True,
        max_length=2000,
        validators=[SEVERAL_LINES],
        help_text="What is inside, e.g. earplugs, water, electrolytes, info card.",
    )
    sku = models.CharField("SKU", max_length=64, blank=True, validators=[ONE_LINE], help_text="Optional stock-keeping code.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="kit_type_name_unique_per_org"),
            models.UniqueConstraint(fields=["organization", "sku"], condition=~Q(sku=""), name="kit_type_sku_unique_per_org"),
        ]

    def __str__(self):
        return self.name


class StockLocation(models.Model):
    """A warehouse (no activation) or a booth at an activation."""

    organization = models.ForeignKey("activations.Organization", on_delete=models.PROTECT, related_name="stock_locations")
    name = models.CharField(max_length=120, validators=[ONE_LINE])
    activation = models.ForeignKey(
        "activations.Activation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_locations",
        help_text="The activation whose booth this is; leave empty for a warehouse.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="stock_location_name_unique_per_org"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_warehouse(self) -> bool:
        return self.activation_id is None

    @property
    def kind_label(self) -> str:
        return "warehouse" if self.is_warehouse else "booth"

    def clean(self):
        if self.activation_id and self.organization_id and self.activation.organization_id != self.organization_id:
            raise ValidationError(
                {"activation": ValidationError("The activation belongs to another organization.", code="other_organization")}
            )


class StockLevel(models.Model):
    """How many kits of one type are at one location now: the running sum of the ledger."""

    location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="levels")
    kit_type = models.ForeignKey(KitType, on_delete=models.PROTECT, related_name="levels")
    on_hand = models.IntegerField(default=0)
    low_stock_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Warn the organizers when the stock here falls to this number or below; empty for no warning.",
    )
    # Set when the low-stock email went out; cleared once the stock is back above the threshold,
    # so the email goes once per crossing rather than on every hand-out.
    low_alert_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["location__name", "kit_type__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["location", "kit_type"], name="one_stock_level_per_location_and_kit"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_level_on_hand_not_negative"),
        ]

    def __str__(self):
        return f"{self.kit_type} at {self.location}: {self.on_hand}"

    @property
    def is_low(self) -> bool:
        return is_low(self.on_hand, self.low_stock_threshold)


def is_low(on_hand: int, threshold: int | None) -> bool:
    return threshold is not None and on_hand <= threshold


class StockMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The stock ledger is append-only: record a new movement instead of changing one.")

    def delete(self):
        raise TypeError("The stock ledger is append-only: record a reversing movement instead of deleting.")


class StockMovement(models.Model):
    """One ledger row: `quantity` (signed) kits of `kit_type` came into (+) or left (−) `location`.

    A transfer is two rows written together: −n at the source and +n at the destination, each
    naming the other end in `other_location`. An undone hand-out is a `distribute` row of +n that
    `reverses` the original.
    """

    class Kind(models.TextChoices):
        RECEIVE = "receive", "Receive"
        DISTRIBUTE = "distribute", "Hand out"
        TRANSFER = "transfer", "Transfer"
        ADJUST = "adjust", "Adjust (count correction)"
        WRITE_OFF = "write_off", "Write off"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    kit_type = models.ForeignKey(KitType, on_delete=models.PROTECT, related_name="movements")
    location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(help_text="Change at this location: positive in, negative out.")
    other_location = models.ForeignKey(
        StockLocation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a transfer: the destination on the outgoing row, the source on the incoming row.",
    )
    reason = models.CharField(max_length=500, blank=True, validators=[ONE_LINE])
    actor = models.CharField(max_length=150, help_text="Who: user:<username> or kiosk:<device id>.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    device = models.ForeignKey("kiosk.KioskDevice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        help_text="The hand-out this row undoes.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["location", "kit_type", "created_at"], name="stock_ledger_by_place_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stock_movement_quantity_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="transfer") | Q(other_location__isnull=False), name="stock_transfer_has_other_end"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} {self.kit_type} at {self.location}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The stock ledger is append-only: record a new movement instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The stock ledger is append-only: record a reversing movement instead of deleting.")

    @property
    def direction_label(self) -> str:
        if self.kind != self.Kind.TRANSFER or self.other_location_id is None:
            return ""
        return f"to {self.other_location}" if self.quantity < 0 else f"from {self.other_location}"
