"""The organizer's admin for self-care-kit stock: kit types, locations, levels (low ones
highlighted), the read-only ledger with a CSV export per activation, and actions to receive and
transfer kits. Every change goes through `stock.services.stock`, like the API and the kiosk.
"""

from datetime import timezone as dt_timezone

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_scoping import OrganizationScopedAdmin, actor_for
from core.csv_export import BOM, csv_line
from activations.models import Activation
from stock.models import KitType, StockLevel, StockLocation, StockMovement
from activations.scoping import activations_for
from stock.scoping import kit_types_for, stock_locations_for, stock_movements_for
from stock.services import stock
from core.errors import GreenroomError

STOCK_CSS = {"all": ["greenroom/admin-stock.css"]}
# Filter choices come from the organizer's own rows only, so no other organization's names show.
RelatedOnly = admin.RelatedOnlyFieldListFilter
LOW = Q(low_stock_threshold__isnull=False, on_hand__lte=F("low_stock_threshold"))


@admin.register(KitType)
class KitTypeAdmin(OrganizationScopedAdmin):
    list_display = ["name", "sku", "contents", "organization"]
    search_fields = ["name", "sku", "contents"]
    list_filter = [("organization", RelatedOnly)]
    scoped_foreign_keys = {"organization": "id"}


# --- the intermediate forms of the receive and transfer actions ---------------------------------


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(min_value=1, max_value=stock.MAX_QUANTITY, help_text="For each selected row.")
    reason = forms.CharField(max_length=500, required=False, help_text="E.g. the delivery note or why the box moves.")


class ReceiveNewKitForm(QuantityForm):
    kit_type = forms.ModelChoiceField(queryset=KitType.objects.none())
    field_order = ["kit_type", "quantity", "reason"]


class TransferForm(QuantityForm):
    to_location = forms.ModelChoiceField(queryset=StockLocation.objects.none(), label="To location")
    field_order = ["to_location", "quantity", "reason"]


def run_stock_action(model_admin, request, queryset, *, title, form_class, form_setup, apply, done):
    """Shows the form for the selected rows; on "apply", runs `apply(row, cleaned)` for each, all or nothing."""
    form = form_class(request.POST if "apply" in request.POST else None)
    form_setup(form)
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                changes = [apply(row, form.cleaned_data) for row in queryset]
        except GreenroomError as error:
            model_admin.message_user(request, f"Nothing was changed: {error.detail}", messages.ERROR)
        else:
            model_admin.message_user(request, done(len(changes), form.cleaned_data), messages.SUCCESS)
            return None  # back to the list
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "rows": list(queryset),
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": model_admin.model._meta,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/stock/stock_action.html", context)


# --- locations ----------------------------------------------------------------------------------


@admin.register(StockLocation)
class StockLocationAdmin(OrganizationScopedAdmin):
    list_display = ["name", "kind", "activation", "kits_on_hand", "low_levels"]
    list_filter = [("organization", RelatedOnly), ("activation", admin.EmptyFieldListFilter)]
    search_fields = ["name", "activation__title"]
    scoped_foreign_keys = {"organization": "id", "activation": "organization_id"}
    actions = ["receive_kits"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("activation", "organization")
            .annotate(
                total_on_hand=Sum("levels__on_hand"),
                low_count=Count(
                    "levels",
                    filter=Q(levels__low_stock_threshold__isnull=False, levels__on_hand__lte=F("levels__low_stock_threshold")),
                ),
            )
        )

    @admin.display(description="Kind")
    def kind(self, obj):
        return "Booth" if obj.activation_id else "Warehouse"

    @admin.display(description="Kits on hand", ordering="total_on_hand")
    def kits_on_hand(self, obj):
        return obj.total_on_hand or 0

    @admin.display(description="Low levels")
    def low_levels(self, obj):
        if not obj.low_count:
            return "—"
        url = reverse("admin:stock_stocklevel_changelist") + f"?location__id__exact={obj.pk}&low=yes"
        return format_html('<a class="gr-stock-low" href="{}">{} low</a>', url, obj.low_count)

    @admin.action(description="Receive kits at the selected locations…")
    def receive_kits(self, request, queryset):
        actor = actor_for(request)

        def setup(form):
            form.fields["kit_type"].queryset = kit_types_for(actor)

        def apply(place, data):
            return stock.receive_kits(
                actor, location=place.pk, kit_type=data["kit_type"].pk, quantity=data["quantity"], reason=data["reason"]
            )

        return run_stock_action(
            self,
            request,
            queryset,
            title="Receive kits",
            form_class=ReceiveNewKitForm,
            form_setup=setup,
            apply=apply,
            done=lambda n, data: f"Received {data['quantity']} “{data['kit_type']}” at each of {n} location(s).",
        )


# --- levels -------------------------------------------------------------------------------------


class LowStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "low"

    def lookups(self, request, model_admin):
        return [("yes", "Low (at or below threshold)"), ("no", "Not low")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(LOW)
        if self.value() == "no":
            return queryset.exclude(LOW)
        return queryset


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = StockLevel
        fields = ["low_stock_threshold"]


@admin.register(StockLevel)
class StockLevelAdmin(OrganizationScopedAdmin):
    """Levels per location: how many are left where, the low ones highlighted."""

    organization_path = "location__organization_id"
    form = ThresholdForm
    list_display = ["location", "kit_type", "on_hand_cell", "threshold", "status"]
    list_display_links = ["kit_type"]
    list_filter = [LowStockFilter, ("location", RelatedOnly), ("location__activation", RelatedOnly), ("kit_type", RelatedOnly)]
    list_select_related = ["location__activation", "kit_type"]
    search_fields = ["location__name", "kit_type__name", "kit_type__sku"]
    ordering = ["location__name", "kit_type__name"]
    readonly_fields = ["location", "kit_type", "on_hand", "low_alert_sent_at", "updated_at"]
    fields = ["location", "kit_type", "on_hand", "low_stock_threshold", "low_alert_sent_at", "updated_at"]
    actions = ["receive_kits", "transfer_kits"]
    list_per_page = 200

    class Media:
        css = STOCK_CSS

    def has_add_permission(self, request):
        return False  # a level appears with its first movement

    def has_delete_permission(self, request, obj=None):
        return False  # the ledger must keep adding up

    @admin.display(description="Warn at", ordering="low_stock_threshold")
    def threshold(self, obj):
        return "—" if obj.low_stock_threshold is None else obj.low_stock_threshold

    @admin.display(description="On hand", ordering="on_hand")
    def on_hand_cell(self, obj):
        css = "gr-stock-low" if obj.is_low else "gr-stock-ok"
        return format_html('<strong class="{}">{}</strong>', css, obj.on_hand)

    @admin.display(description="Status")
    def status(self, obj):
        if obj.on_hand == 0:
            return format_html('<span class="gr-stock-badge gr-stock-out">{}</span>', "Out")
        if obj.is_low:
            return format_html('<span class="gr-stock-badge gr-stock-low">{}</span>', "Low")
        threshold = obj.low_stock_threshold
        if threshold is not None and obj.on_hand - threshold <= max(5, threshold // 10):
            return format_html(
                '<span class="gr-stock-badge gr-stock-near" title="{} above the warning level">{}</span>',
                obj.on_hand - threshold,
                "Near",
            )
        return format_html('<span class="gr-stock-badge">{}</span>', "OK")

    def save_model(self, request, obj, form, change):
        stock.set_low_stock_threshold(
            actor_for(request),
            location=obj.location_id,
            kit_type=obj.kit_type_id,
            threshold=form.cleaned_data["low_stock_threshold"],
        )

    @admin.action(description="Receive kits into the selected levels…")
    def receive_kits(self, request, queryset):
        actor = actor_for(request)

        def apply(level, data):
            return stock.receive_kits(
                actor, location=level.location_id, kit_type=level.kit_type_id, quantity=data["quantity"], reason=data["reason"]
            )

        return run_stock_action(
            self,
            request,
            queryset,
            title="Receive kits",
            form_class=QuantityForm,
            form_setup=lambda form: None,
            apply=apply,
            done=lambda n, data: f"Received {data['quantity']} kits into each of {n} level(s).",
        )

    @admin.action(description="Transfer kits from the selected levels…")
    def transfer_kits(self, request, queryset):
        actor = actor_for(request)

        def setup(form):
            form.fields["to_location"].queryset = stock_locations_for(actor).select_related("activation")

        def apply(level, data):
            return stock.transfer_kits(
                actor,
                location=level.location_id,
                to_location=data["to_location"].pk,
                kit_type=level.kit_type_id,
                quantity=data["quantity"],
                reason=data["reason"],
            )

        return run_stock_action(
            self,
            request,
            queryset,
            title="Transfer kits",
            form_class=TransferForm,
            form_setup=setup,
            apply=apply,
            done=lambda n, data: f"Moved {data['quantity']} kits from each of {n} level(s) to {data['to_location']}.",
        )


# --- the ledger ---------------------------------------------------------------------------------


@admin.register(StockMovement)
class StockMovementAdmin(OrganizationScopedAdmin):
    """The ledger: read-only, newest first. Corrections are new movements (adjust, undo)."""

    organization_path = "location__organization_id"
    list_display = ["when", "kind", "change", "kit_type", "where", "actor", "reason"]
    list_filter = ["kind", ("location__activation", RelatedOnly), ("location", RelatedOnly), ("kit_type", RelatedOnly)]
    list_select_related = ["kit_type", "location__activation__venue", "other_location__activation__venue"]
    search_fields = ["reason", "actor", "kit_type__name", "location__name"]
    date_hierarchy = "created_at"
    list_per_page = 100
    change_list_template = "admin/stock/stockmovement/change_list.html"

    class Media:
        css = STOCK_CSS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Change", ordering="quantity")
    def change(self, obj):
        return f"{obj.quantity:+d}"

    @admin.display(description="When", ordering="created_at")
    def when(self, obj):
        """In the booth's venue time (a warehouse-only row: UTC), short enough to scan down a column."""
        activation = obj.location.activation or (obj.other_location.activation if obj.other_location_id else None)
        zone = activation.venue.zone if activation is not None else dt_timezone.utc
        local = timezone.localtime(obj.created_at, zone)
        return f"{local:%b %d %H:%M} {local.tzname()}"

    @admin.display(description="Where")
    def where(self, obj):
        if obj.direction_label:
            return f"{obj.location} ({obj.direction_label})"
        if obj.reverses_id:
            return f"{obj.location} (undoes #{obj.reverses_id})"
        return str(obj.location)

    def get_urls(self):
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name="stock_stockmovement_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        activation_id = request.GET.get("location__activation__id__exact")
        extra = {
            "export_url": reverse("admin:stock_stockmovement_export")
            + (f"?activation={activation_id}" if activation_id and activation_id.isdigit() else "")
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def export_view(self, request):
        """The CSV of an activation's ledger, or the list of activations to pick from."""
        if not self.has_view_permission(request):
            raise Http404
        actor = actor_for(request)
        activation_id = request.GET.get("activation", "")
        if not activation_id:
            with_stock = activations_for(actor).filter(stock_locations__isnull=False).distinct().select_related("venue")
            context = {
                **self.admin_site.each_context(request),
                "title": "Export a stock ledger",
                "activations": with_stock,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/stock/stockmovement/export.html", context)
        if not activation_id.isdigit():
            raise Http404
        activation = get_object_or_404(activations_for(actor).select_related("venue"), pk=int(activation_id))
        return ledger_csv_response(actor, activation)


CSV_HEADER = [
    "time (venue)",
    "kind",
    "kit type",
    "sku",
    "location",
    "change",
    "other location",
    "reason",
    "who",
    "undoes movement",
    "movement",
]


def ledger_csv_response(actor, activation: Activation) -> StreamingHttpResponse:
    """Every ledger row at the activation's booth location(s), oldest first, in the venue's time."""
    zone = activation.venue.zone
    rows = (
        stock_movements_for(actor)
        .filter(location__activation=activation)
        .select_related("kit_type", "location", "other_location")
        .order_by("created_at", "pk")
    )

    def lines():
        yield BOM + csv_line(CSV_HEADER)  # a BOM so spreadsheet apps read UTF-8
        for m in rows.iterator(chunk_size=2000):
            # reasons, SKUs and names are typed by people: csv_line keeps them from running as formulas
            yield csv_line(
                [
                    timezone.localtime(m.created_at, zone).isoformat(timespec="seconds"),
                    m.kind,
                    m.kit_type.name,
                    m.kit_type.sku,
                    m.location.name,
                    m.quantity,
                    m.other_location.name if m.other_location_id else "",
                    m.reason,
                    m.actor,
                    m.reverses_id or "",
                    m.pk,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stock-ledger-{activation.slug}.csv"'
    return response
