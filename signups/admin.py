"""The organizer's view of sign-ups: each session's list with status and waiting-list position,
check-in and no-show actions (through the same services as the kiosk), and a CSV of the list."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from core.admin_scoping import OrganizationScopedAdmin, actor_for
from core.csv_export import BOM, csv_writer
from signups.availability import availability_of
from signups.models import SeatLease, SignUp
from signups.services import leases, signups
from signups.services.access import needs_of
from core.errors import GreenroomError


class SessionFilter(admin.SimpleListFilter):
    """Pick one session to see its list; only the organizer's own sessions are offered."""

    title = "session"
    parameter_name = "session"

    def lookups(self, request, model_admin):
        from activations.scoping import sessions_for

        sessions = sessions_for(actor_for(request)).select_related("activation__venue").order_by("-starts_at")[:200]
        return [(s.pk, f"{s.title} · {s.activation.title} · {_local(s.starts_at, s)}") for s in sessions]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or value == "":
            return queryset
        value = str(value)  # the facet counts pass each lookup's int
        if not value.isdigit() or len(value) > 18:  # not a session's id: the admin's "invalid filter" page
            raise IncorrectLookupParameters(f"Not a session: {value!r}")
        return queryset.filter(session_id=int(value))


def party_label(signup) -> str:
    """ "3 (1 companion) · 2 in": a party as staff read it; "1" for one person."""
    text = str(signup.places)
    if signup.companion:
        text += " (1 companion)"
    if signup.status == SignUp.Status.CHECKED_IN and signup.checked_in_count < signup.places:
        text += f" · {signup.checked_in_count} in"
    return text


def access_label(signup) -> str:
    """ "Step-free access; Interpretation: BSL · note": what staff prepare for, "–" for nothing."""
    needs = needs_of(signup)
    shown = "; ".join(needs.labels())
    if needs.note:
        shown = f"{shown} · note: {needs.note}" if shown else f"note: {needs.note}"
    return shown or "–"


def _local(value, session):
    return timezone.localtime(value, session.activation.venue.zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""


@admin.register(SignUp)
class SignUpAdmin(OrganizationScopedAdmin):
    organization_path = "session__activation__organization_id"
    list_display = [
        "display_name",
        "session_title",
        "party",
        "status",
        "waitlist_position",
        "source",
        "has_email",
        "created_local",
    ]
    list_filter = [SessionFilter, "status", "source"]
    search_fields = ["display_name", "email", "session__title", "session__activation__title"]
    list_select_related = ["session__activation__venue"]
    ordering = ["session__starts_at", "session_id", "status", "waitlist_position", "created_at"]
    actions = ["check_in_selected", "mark_selected_no_show", "cancel_selected", "export_csv"]
    fields = [
        "session",
        "display_name",
        "email",
        "places",
        "companion",
        "checked_in_count",
        "access_needs",
        "access_note",
        "status",
        "waitlist_position",
        "source",
        "token",
        "created_at",
        "promoted_at",
        "checked_in_at",
        "cancelled_at",
    ]
    # Places, parties and positions only change through the services (the actions below), never by hand:
    # a party edited here would skip the all-or-none rule and the session's capacity.
    # Access needs too: they were given with the person's consent, and only they change them.
    readonly_fields = [
        "session",
        "places",
        "companion",
        "checked_in_count",
        "access_needs",
        "access_note",
        "status",
        "waitlist_position",
        "source",
        "token",
        "created_at",
        "promoted_at",
        "checked_in_at",
        "cancelled_at",
    ]

    def has_add_permission(self, request):
        return False  # sign-ups are made through the page, the kiosk or the API, which keep the rules

    @admin.display(description="Session", ordering="session__starts_at")
    def session_title(self, obj):
        return f"{obj.session.title} ({_local(obj.session.starts_at, obj.session)})"

    @admin.display(description="Email given")
    def has_email(self, obj):
        return "yes" if obj.email else "–"

    @admin.display(description="Party", ordering="places")
    def party(self, obj):
        return party_label(obj)

    @admin.display(description="Access needs")
    def access_needs(self, obj):
        return access_label(obj)

    def get_list_display(self, request):
        # One session's list (the usual case): its title is in the page heading, not on every row.
        shown = list(super().get_list_display(request))
        if request.GET.get(SessionFilter.parameter_name):
            shown.remove("session_title")
        return shown

    def changelist_view(self, request, extra_context=None):
        session = self._filtered_session(request)
        if session is not None:
            places = availability_of(session).label()
            extra_context = {**(extra_context or {}), "title": f"{session.title}, {_local(session.starts_at, session)}: {places}"}
        return super().changelist_view(request, extra_context)

    def _filtered_session(self, request):
        from activations.scoping import sessions_for

        session_id = request.GET.get(SessionFilter.parameter_name, "")
        if not session_id.isdigit():
            return None
        return sessions_for(actor_for(request)).select_related("activation__venue").filter(pk=session_id).first()

    @admin.display(description="Signed up", ordering="created_at")
    def created_local(self, obj):
        return _local(obj.created_at, obj.session)

    def _each(self, request, queryset, change, done_message):
        actor = actor_for(request)
        done, refused = 0, []
        for signup in queryset:
            try:
                change(actor, signup.token)
                done += 1
            except GreenroomError as error:
                refused.append(f"{signup.display_name}: {error.detail}")
        if done:
            self.message_user(request, done_message.format(n=done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Check in the selected people")
    def check_in_selected(self, request, queryset):
        self._each(request, queryset, signups.check_in, "{n} checked in.")

    @admin.action(description="Mark the selected people as no-shows")
    def mark_selected_no_show(self, request, queryset):
        self._each(request, queryset, signups.mark_no_show, "{n} marked as no-show.")

    @admin.action(description="Cancel the selected sign-ups (the waiting list moves up)")
    def cancel_selected(self, request, queryset):
        self._each(request, queryset, signups.cancel, "{n} cancelled.")

    @admin.action(description="Download the selected sign-ups as CSV (filter by session first)")
    def export_csv(self, request, queryset):
        rows = queryset.select_related("session__activation__venue").order_by(
            "session__starts_at", "session_id", "status", "waitlist_position", "created_at"
        )
        sessions = {s.session_id: s.session for s in rows}
        name = slugify(next(iter(sessions.values())).title) if len(sessions) == 1 else "signups"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write(BOM)  # so spreadsheet programs read the names as UTF-8
        writer = csv_writer(response)  # names are typed by the public: no cell runs as a formula
        writer.writerow(
            [
                "session",
                "starts (venue time)",
                "name",
                "email",
                "status",
                "waitlist position",
                "source",
                "signed up",
                "checked in",
                "places",
                "companion",
                "people checked in",
            ]
        )
        for s in rows:
            writer.writerow(
                [
                    s.session.title,
                    _local(s.session.starts_at, s.session),
                    s.display_name,
                    s.email,
                    s.get_status_display(),
                    s.waitlist_position or "",
                    s.get_source_display(),
                    _local(s.created_at, s.session),
                    _local(s.checked_in_at, s.session),
                    s.places,
                    "yes" if s.companion else "",
                    s.checked_in_count,
                ]
            )
        return response


# --- The session's side: its roster inline and booked / free / waiting columns ---------------
# Registered from here so the schedule (activations) never imports sign-ups; counts come from the
# one availability read.
from django.urls import reverse  # noqa: E402
from django.utils.html import format_html  # noqa: E402

from activations.admin import SessionAdmin  # noqa: E402
from signups.availability import Availability, with_availability  # noqa: E402


class RosterInline(admin.TabularInline):
    """Who is coming, in order: the confirmed and checked in, then the waiting list by position.
    Read-only: check-in, no-show and cancel go through the services (the sign-ups list's actions)."""

    model = SignUp
    extra = 0
    can_delete = False
    verbose_name = "person"
    verbose_name_plural = "Roster"
    fields = ["display_name", "party", "access", "status", "waitlist_position", "checked_in_local", "source", "has_email"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["status", "waitlist_position", "created_at"]
    template = "admin/signups/roster_inline.html"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session__activation__venue")

    @admin.display(description="Party")
    def party(self, obj):
        return party_label(obj)

    @admin.display(description="Access needs")
    def access(self, obj):
        return access_label(obj)

    @admin.display(description="Checked in (venue time)")
    def checked_in_local(self, obj):
        return _local(obj.checked_in_at, obj.session) or "–"

    @admin.display(description="Email given")
    def has_email(self, obj):
        return "yes" if obj.email else "–"


def _availability(obj) -> Availability:
    return Availability(
        obj.capacity, getattr(obj, "places_taken", 0), getattr(obj, "waitlist_count", 0), getattr(obj, "places_held", 0)
    )


@admin.display(description="Booked", ordering="places_taken")
def booked(obj):
    return _availability(obj).taken


@admin.display(description="Free")
def free(obj):
    places = _availability(obj).free
    return "∞" if places is None else places


@admin.display(description="Waiting", ordering="waitlist_count")
def waiting(obj):
    count = _availability(obj).waiting
    url = reverse("admin:signups_signup_changelist") + f"?session={obj.pk}"
    return format_html('<a href="{}" title="This session\'s sign-ups: search, check in, export">{} · roster</a>', url, count)


_session_queryset = SessionAdmin.get_queryset


def _session_queryset_with_availability(self, request):
    return with_availability(_session_queryset(self, request))


SessionAdmin.get_queryset = _session_queryset_with_availability
SessionAdmin.list_display = [*SessionAdmin.list_display, booked, free, waiting]
SessionAdmin.inlines = [*(SessionAdmin.inlines or []), RosterInline]


@admin.register(SeatLease)
class SeatLeaseAdmin(OrganizationScopedAdmin):
    """Places each booth tablet holds for sign-ups made offline (signups/services/leases.py):
    read-only, with one action through the service, for a tablet that is lost or broken."""

    organization_path = "session__activation__organization_id"
    list_display = ["kiosk", "session", "unused_places", "used", "expires_local", "returned_at"]
    list_filter = ["kiosk"]
    list_select_related = ["kiosk", "session__activation__venue"]
    actions = ["give_back_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Held, unused")
    def unused_places(self, obj):
        return obj.unused

    @admin.display(description="Tablet may confirm until", ordering="expires_at")
    def expires_local(self, obj):
        return _local(obj.expires_at, obj.session)

    @admin.action(
        description="Give back the places (anything the tablet confirmed offline and has not sent is no longer certain)"
    )
    def give_back_selected(self, request, queryset):
        n = leases.give_back(actor_for(request), queryset.values_list("pk", flat=True))
        self.message_user(request, f"{n} lease(s) given back.", messages.SUCCESS)
