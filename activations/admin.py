"""The organizer's admin for organizations, venues, activations and their sessions."""
from django.contrib import admin

from core.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline
from activations.forms import ActivationAdminForm, session_form_for
from activations.models import Activation, Membership, Organization, Session, Venue


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    organization_path = "id"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Venue)
class VenueAdmin(OrganizationScopedAdmin):
    list_display = ["name", "city", "country", "timezone", "organization"]
    list_filter = ["country", "organization"]
    search_fields = ["name", "city", "address"]
    scoped_foreign_keys = {"organization": "id"}


class SessionInline(OrganizationScopedInline, admin.StackedInline):
    model = Session
    extra = 0
    fields = [("title", "status"), ("starts_at", "ends_at"), ("capacity", "waitlist"), ("signups_open_at", "signups_close_at"), "description"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = session_form_for(obj)
        return super().get_formset(request, obj, **kwargs)


class CountryFilter(admin.SimpleListFilter):
    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = model_admin.get_queryset(request).values_list("venue__country", flat=True).distinct()
        return [(c, c) for c in sorted(set(countries))]

    def queryset(self, request, queryset):
        return queryset.filter(venue__country=self.value()) if self.value() else queryset


@admin.register(Activation)
class ActivationAdmin(OrganizationScopedAdmin):
    form = ActivationAdminForm
    list_display = ["title", "kind", "status", "venue_city", "local_start", "organization"]
    list_filter = ["kind", "status", ("starts_at", admin.DateFieldListFilter), CountryFilter, "organization"]
    search_fields = ["title", "slug", "description", "venue__name", "venue__city", "featured_artists", "partners"]
    list_select_related = ["venue", "organization"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "starts_at"
    inlines = [SessionInline]
    scoped_foreign_keys = {"organization": "id", "venue": "organization_id"}
    fieldsets = [
        (None, {"fields": ["organization", "kind", "title", "slug", "status"]}),
        ("When and where", {"fields": ["venue", ("starts_at", "ends_at")], "description": "Times are local to the venue."}),
        ("About", {"fields": ["description", "featured_artists", "partners"]}),
    ]

    @admin.display(description="City", ordering="venue__city")
    def venue_city(self, obj):
        return f"{obj.venue.city}, {obj.venue.country}"

    @admin.display(description="Starts (venue time)", ordering="starts_at")
    def local_start(self, obj):
        from django.utils import timezone

        return timezone.localtime(obj.starts_at, obj.venue.zone).strftime("%Y-%m-%d %H:%M %Z")


@admin.register(Session)
class SessionAdmin(OrganizationScopedAdmin):
    organization_path = "activation__organization_id"
    scoped_foreign_keys = {"activation": "organization_id"}
    list_display = ["title", "activation", "local_start", "capacity", "waitlist", "status"]
    list_filter = ["status", "waitlist", ("starts_at", admin.DateFieldListFilter), "activation__kind"]
    search_fields = ["title", "activation__title"]
    list_select_related = ["activation__venue"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = session_form_for(obj.activation if obj else None)
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="Starts (venue time)", ordering="starts_at")
    def local_start(self, obj):
        from django.utils import timezone

        return timezone.localtime(obj.starts_at, obj.activation.venue.zone).strftime("%Y-%m-%d %H:%M %Z")
