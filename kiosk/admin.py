"""The organizer's admin for kiosk devices: create one (and see its pairing code, link and QR code
once), get a new code, set the staff PIN, lift a PIN lock-out, revoke. Every change goes through
kiosk.services."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin_scoping import OrganizationScopedAdmin, actor_for
from core import pins
from core.errors import GreenroomError
from kiosk.models import KioskDevice
from kiosk.qr import qr_data_uri
from kiosk.services import pairing, staff_pin


class KioskDeviceForm(forms.ModelForm):
    new_pin = forms.CharField(
        label="Staff PIN",
        required=False,
        max_length=8,
        widget=forms.PasswordInput(render_value=False, attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
        help_text=f"{pins.PIN_MIN} to {pins.PIN_MAX} digits. Staff type it on the tablet to check people in and hand out kits. "
        "Leave empty to keep the current PIN.",
    )

    class Meta:
        model = KioskDevice
        fields = ["activation", "name", "default_language"]
        widgets = {"default_language": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        self.fields["default_language"].widget = forms.Select(choices=settings.LANGUAGES)

    def clean_new_pin(self):
        pin = self.cleaned_data.get("new_pin", "").strip()
        if not pin:
            return pin
        try:
            return pins.clean_pin(pin)
        except GreenroomError as refusal:
            raise forms.ValidationError(refusal.detail) from None


@admin.register(KioskDevice)
class KioskDeviceAdmin(OrganizationScopedAdmin):
    form = KioskDeviceForm
    organization_path = "activation__organization_id"
    scoped_foreign_keys = {"activation": "organization_id"}
    list_display = ["name", "activation", "state", "pin_set", "pin_lock", "last_seen_at"]
    list_filter = ["activation"]
    search_fields = ["name", "activation__title"]
    list_select_related = ["activation"]
    actions = ["lift_pin_lockouts", "revoke_selected"]
    readonly_fields = ["state", "pin_lock", "paired_at", "last_seen_at", "revoked_at", "pairing_link"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["activation", "name", "default_language", "new_pin"]
        return [
            "activation",
            "name",
            "default_language",
            "new_pin",
            "pin_lock",
            "state",
            "pairing_link",
            "paired_at",
            "last_seen_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        base = list(self.readonly_fields)
        return base + ["activation"] if obj is not None else base

    @admin.display(description="PIN set", boolean=True)
    def pin_set(self, obj):
        return obj.has_pin

    @admin.display(description="PIN lock-out")
    def pin_lock(self, obj):
        from django.utils import timezone

        if obj.pin_locked_until and obj.pin_locked_until > timezone.now():
            return (
                f"Locked until {timezone.localtime(obj.pin_locked_until):%Y-%m-%d %H:%M %Z} "
                f"(lock-out {obj.pin_lockouts} today); use “Lift the PIN lock-out”"
            )
        return "–"

    @admin.display(description="Pairing")
    def pairing_link(self, obj):
        if obj.is_revoked:
            return "Revoked: create a new device to use a tablet again."
        url = reverse("admin:kiosk_kioskdevice_pairing", args=[obj.pk])
        label = "Get a new pairing code" if obj.credential_hash else "Get a pairing code"
        return format_html('<a class="button" href="{}">{}</a> (pairing replaces any tablet paired before)', url, label)

    def has_delete_permission(self, request, obj=None):
        # A device is revoked, not deleted: the stock ledger names the device that handed kits out.
        return False

    def save_model(self, request, obj, form, change):
        actor = actor_for(request)
        try:
            if not change:
                result = pairing.create_device(actor, obj.activation_id, obj.name, obj.default_language)
                obj.pk = result.device.pk
                obj.__dict__.update({k: v for k, v in result.device.__dict__.items() if not k.startswith("_")})
                request._kiosk_pairing = result
            else:
                obj.save(update_fields=["name", "default_language"])
            pin = form.cleaned_data.get("new_pin")
            if pin:
                staff_pin.set_pin(actor, obj.pk, pin)
        except GreenroomError as error:
            messages.error(request, error.detail)

    def response_add(self, request, obj, post_url_continue=None):
        result = getattr(request, "_kiosk_pairing", None)
        if result is None:
            return super().response_add(request, obj, post_url_continue)
        return self._pairing_page(request, result)

    def get_urls(self):
        custom = [
            path("<int:device_id>/pairing/", self.admin_site.admin_view(self.pairing_view), name="kiosk_kioskdevice_pairing"),
        ]
        return custom + super().get_urls()

    def pairing_view(self, request, device_id):
        """GET asks to confirm; POST issues a new code (the old tablet is locked out once it's used)."""
        device = get_object_or_404(self.get_queryset(request), pk=device_id)
        if request.method == "POST":
            try:
                result = pairing.renew_pairing_code(actor_for(request), device.pk)
            except GreenroomError as error:
                messages.error(request, error.detail)
            else:
                return self._pairing_page(request, result)
        context = {
            **self.admin_site.each_context(request),
            "device": device,
            "opts": self.model._meta,
            "title": f"Pair {device.name}",
        }
        return render(request, "admin/kiosk/confirm_pairing.html", context)

    def _pairing_page(self, request, result):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Pairing code for {result.device.name}",
            "device": result.device,
            "pairing": result,
            "qr": qr_data_uri(result.url),
        }
        response = render(request, "admin/kiosk/pairing_code.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Lift the PIN lock-out of the selected kiosk devices")
    def lift_pin_lockouts(self, request, queryset):
        actor = actor_for(request)
        count = 0
        for device in queryset:
            try:
                staff_pin.lift_pin_lockout(actor, device.pk)
                count += 1
            except GreenroomError as error:
                messages.error(request, f"{device.name}: {error.detail}")
        if count:
            messages.success(
                request, f"Lifted the PIN lock-out of {count} kiosk device{'s' if count != 1 else ''}: staff can try again now."
            )

    @admin.action(description="Revoke the selected kiosk devices (locks the tablets out)")
    def revoke_selected(self, request, queryset):
        actor = actor_for(request)
        count = 0
        for device in queryset:
            try:
                pairing.revoke_device(actor, device.pk)
                count += 1
            except GreenroomError as error:
                messages.error(request, f"{device.name}: {error.detail}")
        if count:
            messages.success(
                request, f"Revoked {count} kiosk device{'s' if count != 1 else ''}. They are locked out at their next request."
            )
