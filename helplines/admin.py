"""The directory's admin: filter by country, status and "due for re-check"; verify by test call; history.

The directory is shared: every organization's cards and kiosks print it. Only people with the
`helplines.edit_directory` permission (the nonprofit's directory team) add, change, verify or
delete lines, channels and countries, or resolve reports; partner organizers see everything
read-only, report wrong numbers (the help page's form) and print cards from it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin_scoping import actor_for
from core.errors import GreenroomError

from helplines.models import Channel, Country, CrisisLine, LineChange, SourceCheck, WrongNumberReport
from helplines.models.directory import recheck_cutoff
from helplines.phones import BadNumber, check_short_code, normalize_full_number
from helplines.services.verification import record_change, snapshot, verify_by_test_call
from helplines.services.worklist import OUTCOMES, record_outcome, worklist


EDIT_DIRECTORY = "helplines.edit_directory"


class DirectoryEditorsOnly:
    """Changes need the model's own permission and the directory editor's."""

    def _edits(self, request) -> bool:
        return request.user.has_perm(EDIT_DIRECTORY)

    def has_add_permission(self, request, *args):
        return self._edits(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._edits(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._edits(request) and super().has_delete_permission(request, obj)


class DueForRecheckFilter(admin.SimpleListFilter):
    title = "due for re-check"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("yes", "Due (over 365 days, or never)"), ("no", "Checked within 365 days")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.due_for_recheck()
        if self.value() == "no":
            return queryset.filter(verified_on__gte=recheck_cutoff())
        return queryset


class ChannelForm(forms.ModelForm):
    parent_country = None  # set per request by ChannelInline.get_formset

    class Meta:
        model = Channel
        fields = [
            "kind",
            "dial",
            "e164",
            "short_code",
            "sms_keyword",
            "after_dialing",
            "url",
            "email",
            "hours",
            "label",
            "display_order",
        ]

    def clean(self):
        data = super().clean()
        line = getattr(self.instance, "line", None) if self.instance.line_id else None
        country = self.parent_country or (line.country_id if line else None)
        try:
            if data.get("e164"):
                data["e164"] = normalize_full_number(data["e164"], country)
            elif data.get("kind") in ("phone", "sms") and data.get("dial"):
                if not data.get("short_code"):
                    raise ValidationError("A full number needs its E.164 form; a short code must be ticked as one.")
                check_short_code(data["dial"])
        except BadNumber as exc:
            raise ValidationError(str(exc)) from None
        return data


class ChannelInline(DirectoryEditorsOnly, admin.TabularInline):
    model = Channel
    form = ChannelForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_country = obj.country_id if obj else None
        return formset


class LineChangeInline(admin.TabularInline):
    model = LineChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "source", "changed_by", "summary"]
    readonly_fields = fields
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False


class SourceCheckInline(admin.TabularInline):
    model = SourceCheck
    extra = 0
    can_delete = False
    fields = ["checked_at", "outcome", "http_status", "url", "detail"]
    readonly_fields = fields
    verbose_name_plural = "source monitor (check_helpline_sources)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CrisisLine)
class CrisisLineAdmin(DirectoryEditorsOnly, admin.ModelAdmin):
    list_display = ["name", "country", "section", "status", "display_order", "verified_on", "recheck", "verified_by"]
    list_filter = ["status", "section", DueForRecheckFilter, "country"]
    search_fields = ["name", "local_name", "key", "channels__dial"]
    list_select_related = ["country", "verified_by"]
    readonly_fields = ["verified_by", "updated_at", "held_for_recheck", "held_reason", "recheck_flag"]
    inlines = [ChannelInline, SourceCheckInline, LineChangeInline]
    actions = ["verified_today_by_test_call"]
    fieldsets = [
        (None, {"fields": ["key", "country", "section", "name", "local_name", "status", "display_order", "group"]}),
        (
            "When and for whom",
            {
                "fields": [
                    "hours_24_7",
                    "hours",
                    "hours_local",
                    "languages",
                    "audiences",
                    "free",
                    "confidential",
                    "cost",
                    "eligibility",
                ]
            },
        ),
        (
            "Verification",
            {
                "fields": [
                    "verified_on",
                    "verification_method",
                    "verified_by",
                    "held_for_recheck",
                    "held_reason",
                    "recheck_flag",
                    "sources",
                    "notes",
                    "updated_at",
                ]
            },
        ),
    ]

    change_list_template = "admin/helplines/crisisline/change_list.html"

    def get_urls(self):
        return [path("worklist/", self.admin_site.admin_view(self.worklist_view), name="helplines_worklist"), *super().get_urls()]

    def worklist_view(self, request):
        """The re-check worklist: the lines of the organizer's countries to call, with a script and one-tap outcomes."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        actor = actor_for(request)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            try:
                result = record_outcome(
                    int(request.POST.get("line") or 0),
                    request.POST.get("outcome", ""),
                    request.user,
                    organization_ids=actor.organization_ids,
                    is_superuser=actor.is_superuser,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, result.message)
            except (GreenroomError, ValueError) as error:
                messages.error(request, getattr(error, "detail", "Pick a line."))
            return redirect(reverse("admin:helplines_worklist"))
        today = timezone.localdate()
        items = worklist(actor.organization_ids, today=today, all_countries=actor.is_superuser)
        context = {
            **self.admin_site.each_context(request),
            "title": "Crisis lines to re-check",
            "items": items,
            "today": today,
            "outcomes": OUTCOMES,
            "opts": self.model._meta,
            "media": forms.Media(css={"all": ["helplines/admin-worklist.css"]}),
            "can_change": self.has_change_permission(request),
            "counts": {
                state.replace(" ", "_"): sum(1 for i in items if i.state == state)
                for state in ("held", "flagged", "due", "due soon")
            },
        }
        return TemplateResponse(request, "admin/helplines/worklist.html", context)

    @admin.display(description="re-check", ordering="verified_on")
    def recheck(self, line):
        return format_html("<strong>{}</strong>", "due") if line.due_for_recheck() else "ok"

    @admin.action(description="Verified today by test call", permissions=["change"])
    def verified_today_by_test_call(self, request, queryset):
        count = verify_by_test_call(list(queryset), request.user)
        self.message_user(
            request,
            f"{count} line(s) recorded as verified today by test call by {request.user.get_username()}.",
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        before = snapshot(CrisisLine.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        request._helplines_before = before

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_change(
            form.instance,
            getattr(request, "_helplines_before", {}),
            user=request.user,
            summary="" if change else "Added in the admin",
        )


@admin.register(Country)
class CountryAdmin(DirectoryEditorsOnly, admin.ModelAdmin):
    list_display = ["code", "name", "emergency_numbers", "languages"]
    search_fields = ["code", "name"]


@admin.register(WrongNumberReport)
class WrongNumberReportAdmin(DirectoryEditorsOnly, admin.ModelAdmin):
    list_display = ["created_at", "country", "line", "message", "resolved"]
    list_filter = ["resolved", "country"]
    readonly_fields = ["created_at", "country", "line", "message"]
    actions = ["mark_resolved"]

    @admin.action(description="Mark as resolved", permissions=["change"])
    def mark_resolved(self, request, queryset):
        queryset.update(resolved=True)

    def has_add_permission(self, request):
        return False
