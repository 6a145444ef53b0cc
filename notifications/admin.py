"""The outbox in the admin: what was sent, what waits, and the dead letters an organizer can resend."""

from django.contrib import admin, messages as flash
from django.db.models import Q

from core.admin_scoping import OrganizationScopedAdmin
from notifications.models import Message, SmsOptOut
from notifications.services.delivery import resend_dead_letters


class DeadLetterFilter(admin.SimpleListFilter):
    title = "dead letters"
    parameter_name = "dead"

    def lookups(self, request, model_admin):
        return [("yes", "Dead letters only")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=Message.DEAD)
        return queryset


@admin.register(Message)
class MessageAdmin(OrganizationScopedAdmin):
    organization_path = "organization_id"
    list_display = ["created_at", "channel", "kind", "recipient", "subject", "status", "attempts", "due_at", "sent_at"]
    list_filter = [DeadLetterFilter, "status", "channel", "kind"]
    search_fields = ["recipient", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [field.name for field in Message._meta.fields]
    ordering = ["-created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(~Q(organization=None))

    @admin.action(description="Send again (dead letters only)")
    def send_again(self, request, queryset):
        count = resend_dead_letters(queryset)
        flash.success(request, f"{count} message(s) put back on the queue.")


@admin.register(SmsOptOut)
class SmsOptOutAdmin(admin.ModelAdmin):
    list_display = ["phone", "created_at"]
    search_fields = ["phone"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
