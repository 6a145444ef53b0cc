"""The organizer's admin for card batches, and the "Print crisis cards" action on activations.

The action and the print page call the same services as the API and `print_cards`.
"""

from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from activations.admin import ActivationAdmin
from core.admin_scoping import OrganizationScopedAdmin, actor_for
from activations.scoping import activations_for
from core.errors import GreenroomError
from helplines.models import Country
from printables import pdf, services
from printables.forms import PrintCardsForm, default_language
from printables.models import CardBatch, ScanCount
from printables.preview import PreviewUnavailable, page_png


class ScanCountInline(admin.TabularInline):
    model = ScanCount
    extra = 0
    can_delete = False
    fields = ["day", "scans"]
    readonly_fields = ["day", "scans"]
    ordering = ["-day"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CardBatch)
class CardBatchAdmin(OrganizationScopedAdmin):
    # The activation's (long) title last, so that a narrow screen still shows when and what.
    list_display = [
        "code",
        "created",
        "country",
        "language",
        "layout",
        "profile_name",
        "count",
        "scans",
        "has_warnings",
        "activation",
    ]
    list_filter = ["layout", "profile", "country", "language"]
    search_fields = ["code", "activation__title"]
    list_select_related = ["activation__venue"]
    scoped_foreign_keys = {"organization": "id", "activation": "organization_id"}
    inlines = [ScanCountInline]
    view_on_site = False  # opening /h/<code> would count as a scan
    readonly_fields = [
        "code",
        "short_link",
        "downloads",
        "sheet_preview",
        "country",
        "language",
        "layout",
        "count",
        "profile",
        "bleed",
        "allow_stale",
        "activation",
        "organization",
        "created_by",
        "created",
        "scans",
        "warnings_list",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        country_zone = Country.objects.filter(code=OuterRef("country")).values("time_zone")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("activation__venue")
            .annotate(total_scans=Sum("scan_counts__scans"), country_zone=Subquery(country_zone))
        )

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:printables_cardbatch_print")

    def has_delete_permission(self, request, obj=None):
        return False  # printed codes must keep working: a batch is never deleted

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Profile", ordering="profile")
    def profile_name(self, obj):
        return obj.get_profile_display().split(":")[0]  # "Office", "Press": the list has no room for the rest

    @admin.display(description="Created at", ordering="created_at")
    def created(self, obj):
        """In the venue's time (or the card country's, for a batch without an activation), its zone named."""
        zone = batch_zone(obj)
        local = timezone.localtime(obj.created_at, zone)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>', obj.created_at.isoformat(), zone.key, local_time_label(local)
        )

    @admin.display(description="Scans", ordering="total_scans")
    def scans(self, obj):
        return obj.scans

    @admin.display(description="Warnings", boolean=True)
    def has_warnings(self, obj):
        return bool(obj.warnings)

    @admin.display(description="QR code points to")
    def short_link(self, obj):
        return obj.short_url

    @admin.display(description="Files")
    def downloads(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">PDF</a> · <a href="{}">QR code PNG</a> · <a href="{}">QR code SVG</a>',
            reverse("admin:printables_cardbatch_pdf", args=[obj.pk]),
            reverse("admin:printables_cardbatch_qr", args=[obj.pk, "png"]),
            reverse("admin:printables_cardbatch_qr", args=[obj.pk, "svg"]),
        )

    @admin.display(description="First sheet")
    def sheet_preview(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("admin:printables_cardbatch_sheet", args=[obj.pk])
        if obj.layout == "poster-a4":
            return format_html('<img src="{}" alt="The poster" width="360">', url)
        return format_html(
            '<img src="{}" alt="Front of the first sheet" width="360"> '
            '<img src="{}?side=back" alt="Back of the first sheet" width="360">',
            url,
            url,
        )

    @admin.display(description="Warnings")
    def warnings_list(self, obj):
        if not obj.warnings:
            return "None"
        return format_html("<br>".join(["{}"] * len(obj.warnings)), *[w.get("message", str(w)) for w in obj.warnings])

    def get_urls(self):
        own = [
            path("print/", self.admin_site.admin_view(self.print_view), name="printables_cardbatch_print"),
            path("print/preview.png", self.admin_site.admin_view(self.preview_view), name="printables_cardbatch_preview"),
            path("<int:batch_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="printables_cardbatch_pdf"),
            path("<int:batch_id>/sheet.png", self.admin_site.admin_view(self.sheet_view), name="printables_cardbatch_sheet"),
            path("<int:batch_id>/qr.<str:fmt>", self.admin_site.admin_view(self.qr_view), name="printables_cardbatch_qr"),
        ]
        return own + super().get_urls()

    # --- views ---------------------------------------------------------------------------

    def _batch(self, request, batch_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=batch_id)

    def pdf_view(self, request, batch_id):
        batch = self._batch(request, batch_id)
        try:
            data = services.render_batch_pdf(batch)
        except GreenroomError as exc:
            self.message_user(request, exc.detail, messages.ERROR)
            return redirect("admin:printables_cardbatch_change", batch.pk)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{services.pdf_filename(batch)}"'
        return response

    def qr_view(self, request, batch_id, fmt):
        batch = self._batch(request, batch_id)
        if fmt == "png":
            return HttpResponse(services.batch_qr_png(batch), content_type="image/png")
        if fmt == "svg":
            return HttpResponse(services.batch_qr_svg(batch), content_type="image/svg+xml")
        return HttpResponseBadRequest("png or svg")

    def sheet_view(self, request, batch_id):
        batch = self._batch(request, batch_id)
        try:
            data = services.render_batch_pdf(batch)
            return HttpResponse(page_png(data, _side(request)), content_type="image/png")
        except (GreenroomError, PreviewUnavailable) as exc:
            return HttpResponse(getattr(exc, "detail", str(exc)), status=409, content_type="text/plain")

    def preview_view(self, request):
        """The first sheet a batch with these settings would print (nothing is saved)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PrintCardsForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest("Fill in country, language, layout and count.")
        data = form.cleaned_data
        try:
            directory = services.directory_for_print(data["country"], data["language"])
            services.check_preview(directory, data["layout"], data["allow_stale"])  # the same refusal as printing
            sheet = pdf.render(
                directory,
                f"{settings.SITE_URL}/h/preview",
                data["layout"],
                1 if data["bleed"] else 10,
                bleed=data["bleed"],
                profile=data["profile"],
            )
            return HttpResponse(page_png(sheet, _side(request) if data["layout"] != "poster-a4" else 1), content_type="image/png")
        except (GreenroomError, PreviewUnavailable, pdf.DoesNotFit) as exc:
            return HttpResponse(getattr(exc, "detail", str(exc)), status=409, content_type="text/plain")

    def print_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        actor = actor_for(request)
        activation = None
        activation_id = request.POST.get("activation") or request.GET.get("activation")
        if activation_id:
            activation = get_object_or_404(
                activations_for(actor).select_related("venue"), pk=int(activation_id) if str(activation_id).isdigit() else 0
            )
        if request.method == "POST":
            form = PrintCardsForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    batch = services.create_batch(
                        actor,
                        country=data["country"],
                        language=data["language"],
                        layout=data["layout"],
                        count=data["count"],
                        activation_id=activation.pk if activation else None,
                        allow_stale=data["allow_stale"],
                        bleed=data["bleed"],
                        profile=data["profile"],
                    )
                except GreenroomError as exc:
                    form.add_error(None, _in_this_page_s_words(exc, form))
                    for line in exc.extra.get("lines", []):
                        form.add_error(
                            None, f"Due for re-check: {line['name']} — {line['dial']} (verified {line['verified_on'] or 'never'})"
                        )
                else:
                    self.message_user(request, f"Batch {batch.code} created: {batch.summary}.", messages.SUCCESS)
                    for warning in batch.warnings:
                        self.message_user(request, warning["message"], messages.WARNING)
                    return redirect("admin:printables_cardbatch_change", batch.pk)
        else:
            country = request.GET.get("country") or (activation.venue.country if activation else "")
            initial = {
                "country": country,
                "language": request.GET.get("language") or default_language(country),
                "layout": request.GET.get("layout") or ("card-letter-10up" if country in ("US", "CA") else "card-a4-10up"),
                "count": request.GET.get("count") or 100,
                # "Update preview" sends the whole form: keep every choice, the checkboxes too.
                "profile": request.GET.get("profile") or CardBatch.Profile.OFFICE,
                "bleed": request.GET.get("bleed") == "on",
                "allow_stale": request.GET.get("allow_stale") == "on",
                "activation": activation.pk if activation else None,
            }
            form = PrintCardsForm(initial=initial)
        preview_query = urlencode(
            {k: form[k].value() or "" for k in ("country", "language", "layout", "count", "profile")}
            | ({"bleed": "on"} if form["bleed"].value() else {})
            | ({"allow_stale": "on"} if form["allow_stale"].value() else {})
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Print crisis cards" + (f" for {activation.title}" if activation else ""),
            "form": form,
            "activation": activation,
            "opts": self.model._meta,
            "preview_url": reverse("admin:printables_cardbatch_preview") + "?" + preview_query,
            "show_preview": bool(form["country"].value()),
            "preview_problem": _preview_problem(form) if form["country"].value() else None,
            "site_url_problem": services.site_url_problem(),
        }
        return TemplateResponse(request, "admin/printables/print_cards.html", context)


def batch_zone(batch) -> ZoneInfo:
    """Where a batch's times are read: its activation's venue, else its country (the directory's zone), else UTC."""
    if batch.activation_id and batch.activation.venue_id:
        return batch.activation.venue.zone
    name = getattr(batch, "country_zone", None)
    if name is None:
        name = Country.objects.filter(code=batch.country).values_list("time_zone", flat=True).first()
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time_label(local) -> str:
    """ "7 Dec 2026, 14:05 CET"; a zone without a common abbreviation reads "UTC+04"."""
    name = local.tzname() or ""
    if name[:1] in "+-":
        name = f"UTC{name}"
    return f"{local.day} {local:%b %Y}, {local:%H:%M} {name}".rstrip()


def _in_this_page_s_words(exc: GreenroomError, form) -> str:
    """The services' refusal, with the checkbox this page shows where the API would name its field."""
    if exc.code == "stale_lines":
        label = form.fields["allow_stale"].label
        return services.stale_lines_message(exc.extra.get("lines", []), f"tick “{label}” to print with lines due for re-check")
    return exc.detail


def _preview_problem(form) -> str | None:
    """Why the first sheet cannot be previewed with these settings (shown instead of broken images), if it cannot."""
    values = {k: form[k].value() for k in ("country", "language", "layout", "count", "profile", "bleed", "allow_stale")}
    check = PrintCardsForm({k: v for k, v in values.items() if v not in (None, False, "")})
    if not check.is_valid():
        return None  # the form's own errors say what to fix
    data = check.cleaned_data
    try:
        directory = services.directory_for_print(data["country"], data["language"])
        services.check_preview(directory, data["layout"], data["allow_stale"])
    except GreenroomError as exc:
        return _in_this_page_s_words(exc, form)
    return None


def _side(request) -> int:
    return 2 if request.GET.get("side") == "back" else 1


@admin.action(description="Print crisis cards")
def print_crisis_cards(modeladmin, request, queryset):
    """Opens the print page for the one selected activation, its venue's country filled in."""
    if queryset.count() != 1:
        modeladmin.message_user(request, "Choose one activation to print cards for.", messages.WARNING)
        return None
    return redirect(reverse("admin:printables_cardbatch_print") + f"?activation={queryset.get().pk}")


# The hook on the Activation admin (activations/admin.py), kept here with the feature.
ActivationAdmin.actions = [*(ActivationAdmin.actions or []), print_crisis_cards]
