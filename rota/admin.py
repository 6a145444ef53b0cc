"""The organizers' admin for the rota: volunteers (with their training), shifts, rota settings,
and the rota page (day by day, each shift's people against its minimum, gaps in red, untrained
shifts flagged) where organizers put volunteers on shifts. Changes go through rota.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_scoping import OrganizationScopedAdmin, actor_for
from activations.forms import VENUE_TIME_JS, VenueTimeFormMixin
from activations.scoping import activations_for
from core.errors import GreenroomError
from rota.models import Assignment, RotaPolicy, Shift, Training, Volunteer
from rota.scoping import volunteers_for
from rota.services import assignments, coverage, shifts as shift_rules, volunteers as volunteer_rules

ROTA_CSS = {"all": ["rota/admin-rota.css"]}


class TrainingInline(admin.TabularInline):
    model = Training
    extra = 1


@admin.register(Volunteer)
class VolunteerAdmin(OrganizationScopedAdmin):
    list_display = ["name", "email", "phone", "training_list", "has_staff_pin", "organization"]
    search_fields = ["name", "email"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    scoped_foreign_keys = {"organization": "id"}
    inlines = [TrainingInline]
    readonly_fields = ["personal_link"]
    actions = ["remove_volunteers"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(removed_at__isnull=True).prefetch_related("trainings")

    @admin.display(description="Training")
    def training_list(self, obj):
        return ", ".join(str(t) for t in obj.trainings.all()) or "—"

    @admin.display(boolean=True, description="Kiosk PIN")
    def has_staff_pin(self, obj):
        return obj.has_staff_pin

    @admin.display(description="Personal link")
    def personal_link(self, obj):
        if not obj.pk:
            return "Shown once the volunteer is saved."
        return format_html('<a href="{0}">{0}</a> (send it to them; it is their only way in)', obj.get_absolute_url())

    def has_delete_permission(self, request, obj=None):
        return False  # "Remove" blanks their personal data and keeps past shifts countable

    @admin.action(description="Remove selected volunteers (off future shifts; name, email and phone erased)")
    def remove_volunteers(self, request, queryset):
        actor = actor_for(request)
        for volunteer in queryset:
            volunteer_rules.remove_volunteer(actor, volunteer.pk)
        messages.success(request, f"Removed {queryset.count()} volunteer(s).")


class ShiftForm(VenueTimeFormMixin, forms.ModelForm):
    """Shift times are typed and shown in the venue's time, as the API reads them."""

    venue_time_fields = ("starts_at", "ends_at")
    zone_missing = "pick the activation first"

    class Meta:
        model = Shift
        fields = ["activation", "role", "starts_at", "ends_at", "min_people", "max_people", "required_training"]

    class Media:
        js = ["admin/js/calendar.js", "admin/js/admin/DateTimeShortcuts.js", VENUE_TIME_JS]

    def __init__(self, *args, **kwargs):
        self.initial_from_kwargs = set((kwargs.get("initial") or {}).keys())
        super().__init__(*args, **kwargs)
        if "activation" in self.fields:
            self.fields["activation"].queryset = self.fields["activation"].queryset.select_related("venue")
            self._mark_zone_source("activation", lambda activation: activation.venue.timezone)
        self._show_in_venue_time()

    def venue_zone(self):
        activation = getattr(self, "cleaned_data", {}).get("activation")
        if activation is None and self.instance.activation_id:
            activation = self.instance.activation
        return activation.venue.zone if activation is not None else None

    def clean(self):
        data = self._read_as_venue_time(super().clean())
        if not self.errors:
            for name, value in data.items():
                setattr(self.instance, name, value)
            try:
                tags = shift_rules.clean_tags(data.get("required_training") or [])
                self.instance.required_training = data["required_training"] = tags  # form.save() copies data
            except GreenroomError as error:
                raise ValidationError({"required_training": error.detail}) from None
            shift_rules.validate_shift(self.instance)
        return data


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ["volunteer", "status", "source", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # through the rota page, which checks the limits


@admin.register(Shift)
class ShiftAdmin(OrganizationScopedAdmin):
    form = ShiftForm
    organization_path = "activation__organization_id"
    scoped_foreign_keys = {"activation": "organization_id"}
    list_display = ["role", "activation", "starts_at", "ends_at", "people_vs_minimum", "required_training"]
    list_filter = [("activation", admin.RelatedOnlyFieldListFilter)]
    inlines = [AssignmentInline]
    change_list_template = "admin/rota/shift/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_people().select_related("activation")

    @admin.display(description="People / min")
    def people_vs_minimum(self, obj):
        short = obj.people < obj.min_people
        return format_html('<span class="{}">{} / {}</span>', "rota-gap" if short else "", obj.people, obj.min_people)

    def get_urls(self):
        return [
            path("rota/<int:activation_id>/", self.admin_site.admin_view(self.rota_view), name="rota_rota"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"rota_activations": activations_for(actor_for(request)).filter(shifts__isnull=False).distinct()}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def rota_view(self, request, activation_id):
        actor = actor_for(request)
        activation = get_object_or_404(activations_for(actor).select_related("venue", "organization"), pk=activation_id)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            try:
                result = assignments.assign_volunteer(
                    actor, int(request.POST.get("shift", "0")), int(request.POST.get("volunteer", "0"))
                )
                messages.success(request, f"{result.assignment.volunteer} is on {result.assignment.shift.role}.")
            except (GreenroomError, ValueError) as error:
                messages.error(request, getattr(error, "detail", "Pick a volunteer."))
            return redirect(reverse("admin:rota_rota", args=[activation.pk]))
        days = coverage.rota_days(activation)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Rota · {activation.title}",
            "activation": activation,
            "days": days,
            "volunteers": volunteers_for(actor).filter(organization_id=activation.organization_id),
            "gaps": sum(d.gaps for d in days),
            "untrained": sum(1 for d in days for s in d.shifts if s.untrained),
            "zone": activation.venue.timezone,
            "media": forms.Media(css=ROTA_CSS),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/rota/rota.html", context)


@admin.register(RotaPolicy)
class RotaPolicyAdmin(OrganizationScopedAdmin):
    list_display = ["organization", "max_hours_per_24h", "min_rest_hours", "cover_training", "shared_device_pin"]
    scoped_foreign_keys = {"organization": "id"}
