"""The organizer's admin for private calendar feeds: make one (its secret URL is shown once),
see when it was last read, revoke it."""

from django.contrib import admin, messages
from django.utils import timezone

from core.admin_scoping import OrganizationScopedAdmin
from calendars.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(OrganizationScopedAdmin):
    scoped_foreign_keys = {"organization": "id"}
    list_display = ["name", "organization", "prefix", "created_at", "created_by", "last_used_at", "state"]
    list_filter = ["organization", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_feeds"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organization", "name"]
        return ["organization", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "organization"] if obj is not None else self.readonly_fields

    @admin.display(description="State")
    def state(self, obj):
        return "revoked" if obj.is_revoked else "active"

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        secret = obj.issue_secret()
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        url = CalendarFeed.url_for_secret(secret)
        webcal = "webcal://" + url.split("://", 1)[1]
        messages.warning(
            request,
            f"Copy this address now; it is shown only once. Subscribe with {webcal} "
            f"(or {url}). Anyone who has it sees every activation of {obj.organization}, drafts "
            "included: revoke the feed here if it leaks.",
        )

    @admin.action(description="Revoke selected feeds (their addresses stop working)")
    def revoke_feeds(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} feed(s).", messages.SUCCESS)
