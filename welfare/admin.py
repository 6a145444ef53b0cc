"""Welfare in the admin, read-only and scoped to the organizer's organizations: visits (counts),
alerts with who was told and their audit trail, on-call lists (changed through the API's
`PUT /api/activations/{id}/on-call`, which is where the rules live)."""

from django.contrib import admin

from core.admin_scoping import OrganizationScopedAdmin
from welfare.models import Alert, AlertEvent, AlertNotice, OnCallContact, OnCallSettings, WelfareVisit


class ReadOnly(OrganizationScopedAdmin):
    organization_path = "activation__organization_id"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WelfareVisit)
class WelfareVisitAdmin(ReadOnly):
    list_display = ("activation", "category", "outcome", "quarter")
    list_filter = ("category", "outcome", "activation")


class NoticeInline(admin.TabularInline):
    model = AlertNotice
    fields = ("step", "contact_name", "notified_at", "used_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = AlertEvent
    fields = ("at", "kind", "notice", "by")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = ("pk", "activation", "what", "where", "status", "raised_at", "acknowledged_at")
    list_filter = ("status", "activation")
    inlines = [NoticeInline, EventInline]


@admin.register(OnCallContact)
class OnCallContactAdmin(ReadOnly):
    list_display = ("activation", "position", "name", "phone", "email")
    list_filter = ("activation",)


@admin.register(OnCallSettings)
class OnCallSettingsAdmin(ReadOnly):
    list_display = ("activation", "ack_minutes")
