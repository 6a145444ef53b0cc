"""The admin's doors: organizers' API tokens (created, listed, revoked; the secret shown once)
and the throttled admin log-in."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from api.models import ApiToken
from core.ratelimit import RateLimit, client_address

# --- API tokens -----------------------------------------------------------------------------


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


class TokenStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Organizers see and revoke their own tokens; a superuser sees everyone's."""

    form = ApiTokenForm
    list_display = ["prefix_shown", "name", "user", "created_at", "last_used_at", "state"]
    list_filter = [TokenStateFilter]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name"] if request.user.is_superuser else ["name"]
        return ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["user"] if obj is not None else [])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_active=True, is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.revoked_at is None)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row keeps when it was made and last used

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        user = obj.user if request.user.is_superuser and obj.user_id else request.user
        row, secret = ApiToken.create_for(user, name=obj.name)
        # The admin goes on with `obj` (log entry, redirect): make it the row just stored.
        obj.pk, obj.user, obj.prefix, obj.token_hash, obj.created_at = row.pk, user, row.prefix, row.token_hash, row.created_at
        obj._state.adding = False
        messages.warning(
            request,
            format_html(
                "New API token for {}: <code>{}</code> — copy it now, it will not be shown again.",
                user.get_username(),
                secret,
            ),
        )

    @admin.display(description="Token")
    def prefix_shown(self, obj):
        return f"{obj.prefix}…"

    @admin.display(description="State")
    def state(self, obj):
        return "revoked" if obj.revoked_at else "active"

    @admin.action(description="Revoke selected tokens")
    def revoke_tokens(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s); they stop working at once.")


# --- Admin log-in, throttled ----------------------------------------------------------------

LOGIN_FAILURES = RateLimit("admin_login_failures")


def _login_key(request, username: str) -> str:
    return f"{(username or '').strip().lower()}|{client_address(request)}"


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """Counts every attempt for this username from this address before the password is checked, and
    refuses to check it past the limit; a right password gives its count back. Counting first means
    twenty wrong passwords sent at once get five checks, not seven (a check takes a while)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed log-ins for this account from your connection. Please wait a few minutes and try again.",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        key = _login_key(self.request, username) if username and self.request is not None else None
        if key is not None:
            allowed, _ = LOGIN_FAILURES.hit(key)
            if not allowed:
                raise ValidationError(self.error_messages["throttled"], code="throttled")
        cleaned = super().clean()  # a wrong password raises: its attempt stays counted
        if key is not None:
            LOGIN_FAILURES.give_back(key)
        return cleaned


admin.site.login_form = ThrottledAdminLoginForm
