"""The organizer's admin for organizations, venues, activations and their sessions.

Activations and sessions are added, changed and deleted through the scheduling services, as the
API does: cancelling tells the people signed up, a new time tells them and raises SEQUENCE, a
capacity raise fills places from the waiting list, and a session with sign-ups is not deleted
(the confirmation page says why, in the API's words).
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from activations.forms import ActivationAdminForm, VenueAdminForm, session_form_for
from activations.models import Activation, Membership, Organization, Session, Venue
from activations.services import scheduling
from core.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline, actor_for
from core.errors import GreenroomError


def _form_data(form, change: bool, ids: tuple[str, ...] = ()) -> dict:
    """What the admin's form says to change, as the services take it (`ids`: foreign keys by id)."""
    model_fields = {f.name for f in form._meta.model._meta.concrete_fields}
    names = form.changed_data if change else list(form.cleaned_data)
    data = {}
    for name in names:
        if name in model_fields and name in form.cleaned_data and name != "id":
            value = form.cleaned_data[name]
            data[name] = value.pk if name in ids and value is not None else value
    return data


def _saved_as(obj, saved) -> None:
    """The admin goes on with the object it built (for its message and redirect): make it the saved one."""
    obj.pk = saved.pk
    obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
    obj._state.adding = False


class ThroughTheServices:
    """Refusals from the services (GreenroomError) are shown as the admin's error message."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except GreenroomError as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, *args, **kwargs):
        try:
            return super().delete_view(request, *args, **kwargs)
        except GreenroomError as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusal = self.refusal_to_delete(objs)
        if refusal:
            # Shown instead of any missing permission: this is the reason that matters, and either refuses.
            return deleted, counts, set(), [refusal, *protected]
        return deleted, counts, perms_needed, protected

    def refusal_to_delete(self, objs) -> str | None:  # pragma: no cover - overridden
        return None


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
    form = VenueAdminForm
    list_display = ["name", "city", "country", "timezone", "organization"]
    list_filter = ["country", "organization"]
    search_fields = ["name", "city", "address"]
    scoped_foreign_keys = {"organization": "id"}


class SessionFormSet(forms.BaseInlineFormSet):
    """A session marked for deletion that people signed up for is refused on the form itself."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk:
                refusal = scheduling.refusal_to_delete(Session.objects.filter(pk=form.instance.pk), "session")
                if refusal:
                    raise forms.ValidationError(f"“{form.instance.title}”: {refusal}")


class SessionInline(OrganizationScopedInline, admin.StackedInline):
    model = Session
    formset = SessionFormSet
    extra = 0
    fields = [
        ("title", "status"),
        ("starts_at", "ends_at"),
        ("capacity", "waitlist"),
        ("max_party_size", "companions_free"),
        ("signups_open_at", "signups_close_at"),
        "description",
    ]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = session_form_for(obj, zone_missing="pick the venue first")
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
class ActivationAdmin(ThroughTheServices, OrganizationScopedAdmin):
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

    def save_model(self, request, obj, form, change):
        actor = actor_for(request)
        data = _form_data(form, change, ids=("venue", "organization"))
        if change:
            data.pop("organization", None)  # an activation stays with its organization
            saved = scheduling.update_activation(actor, obj.pk, data)
        else:
            saved = scheduling.create_activation(actor, data)
        _saved_as(obj, saved)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        actor = actor_for(request)
        # What the admin's history message reads (construct_change_message), as formset.save() would set it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for session_form in formset.forms:
            instance = session_form.instance
            if session_form in formset.deleted_forms:
                if instance.pk:
                    scheduling.delete_session(actor, instance.pk)
                    formset.deleted_objects.append(instance)
            elif instance.pk and session_form.has_changed():
                saved = scheduling.update_session(actor, instance.pk, _form_data(session_form, change=True))
                formset.changed_objects.append((saved, session_form.changed_data))
            elif not instance.pk and session_form.has_changed():
                data = _form_data(session_form, change=False)
                data.pop("activation", None)
                formset.new_objects.append(scheduling.create_session(actor, form.instance.pk, data))

    def delete_model(self, request, obj):
        scheduling.delete_activation(actor_for(request), obj.pk)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            scheduling.delete_activation(actor_for(request), pk)

    def refusal_to_delete(self, objs):
        return scheduling.refusal_to_delete(Session.objects.filter(activation__in=[o.pk for o in objs]), "activation")

    @admin.display(description="City", ordering="venue__city")
    def venue_city(self, obj):
        return f"{obj.venue.city}, {obj.venue.country}"

    @admin.display(description="Starts (venue time)", ordering="starts_at")
    def local_start(self, obj):
        from django.utils import timezone

        return timezone.localtime(obj.starts_at, obj.venue.zone).strftime("%Y-%m-%d %H:%M %Z")


@admin.register(Session)
class SessionAdmin(ThroughTheServices, OrganizationScopedAdmin):
    organization_path = "activation__organization_id"
    scoped_foreign_keys = {"activation": "organization_id"}
    list_display = ["title", "activation", "local_start", "capacity", "waitlist", "status"]
    list_filter = ["status", "waitlist", ("starts_at", admin.DateFieldListFilter), "activation__kind"]
    search_fields = ["title", "activation__title"]
    list_select_related = ["activation__venue"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = session_form_for(obj.activation if obj else None)
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        actor = actor_for(request)
        data = _form_data(form, change)
        if change:
            saved = scheduling.update_session(actor, obj.pk, data)
        else:
            activation = data.pop("activation")
            saved = scheduling.create_session(actor, activation.pk, data)
        _saved_as(obj, saved)

    def delete_model(self, request, obj):
        scheduling.delete_session(actor_for(request), obj.pk)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            scheduling.delete_session(actor_for(request), pk)

    def refusal_to_delete(self, objs):
        return scheduling.refusal_to_delete(Session.objects.filter(pk__in=[o.pk for o in objs]), "session")

    @admin.display(description="Starts (venue time)", ordering="starts_at")
    def local_start(self, obj):
        from django.utils import timezone

        return timezone.localtime(obj.starts_at, obj.activation.venue.zone).strftime("%Y-%m-%d %H:%M %Z")
