"""The organizer's impact report in the admin: a page per activation (linked from its admin page)
and per organization, with exact figures and charts, and the PDF and CSV to send out.

The page shows exact numbers to the organizer; the PDF and CSV apply the small-numbers rule
(impact/disclosure.py). Activations and organizations are looked up through
`activations/scoping.py`, so another organization's report is a 404.
"""

from datetime import date

from django import forms
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify

from core.admin_scoping import actor_for
from impact import charts, svg
from impact.disclosure import FEWER_THAN
from impact.export import render_csv, render_tables_zip
from impact.figures import MAX_PERIOD_DAYS, activation_report, default_period, organization_report
from impact.pdf import render_pdf
from impact.summary import headline, sentences
from activations import admin as schedule_admin
from activations.models import Activation, Organization
from activations.scoping import activations_for, organization_ids_for
from core.errors import GreenroomError


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("The period must end on or after the day it starts.")
        if start and end and (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(f"A report covers at most {MAX_PERIOD_DAYS} days.")
        return data


class ImpactReportAdminMixin:
    """For ActivationAdmin: /<id>/impact/ (the page), /<id>/impact.pdf and /<id>/impact.csv."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/impact/", wrap(self.impact_view), name="activations_activation_impact"),
            path("<int:pk>/impact.pdf", wrap(self.impact_pdf_view), name="activations_activation_impact_pdf"),
            path("<int:pk>/impact.csv", wrap(self.impact_csv_view), name="activations_activation_impact_csv"),
            path("<int:pk>/impact-tables.zip", wrap(self.impact_zip_view), name="activations_activation_impact_zip"),
            *super().get_urls(),
        ]

    @staticmethod
    def impact_link(obj):
        return format_html('<a href="{}">Impact report</a>', reverse("admin:activations_activation_impact", args=[obj.pk]))

    def _report(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        activation = get_object_or_404(activations_for(actor_for(request)).select_related("venue", "organization"), pk=pk)
        form = PeriodForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return activation, form, None
        data = form.cleaned_data if form.is_bound else {}
        try:
            return activation, form, activation_report(activation, data.get("start"), data.get("end"))
        except GreenroomError as exc:  # e.g. only "from", after the default end
            form.add_error(None, exc.detail)
            return activation, form, None

    def impact_view(self, request, pk):
        activation, form, report = self._report(request, pk)
        start, end = default_period(activation)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": activation,
            "title": f"Impact report: {activation.title}",
            "back_url": reverse("admin:activations_activation_change", args=[activation.pk]),
            "download_pdf": reverse("admin:activations_activation_impact_pdf", args=[activation.pk]),
            "download_csv": reverse("admin:activations_activation_impact_csv", args=[activation.pk]),
            "download_zip": reverse("admin:activations_activation_impact_zip", args=[activation.pk]),
            "default_period": (start, end),
        }
        return _render(request, form, report, context)

    def impact_pdf_view(self, request, pk):
        activation, form, report = self._report(request, pk)
        return _download(form, report, lambda r: render_pdf(r), "application/pdf", f"impact-{activation.slug}", "pdf")

    def impact_csv_view(self, request, pk):
        activation, form, report = self._report(request, pk)
        return _download(
            form, report, lambda r: "\ufeff" + render_csv(r), "text/csv; charset=utf-8", f"impact-{activation.slug}", "csv"
        )

    def impact_zip_view(self, request, pk):
        activation, form, report = self._report(request, pk)
        return _download(form, report, render_tables_zip, "application/zip", f"impact-tables-{activation.slug}", "zip")


class OrganizationImpactAdminMixin:
    """For OrganizationAdmin: /<id>/impact/ over a range of days (this year so far by default)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/impact/", wrap(self.impact_view), name="activations_organization_impact"),
            path("<int:pk>/impact.pdf", wrap(self.impact_pdf_view), name="activations_organization_impact_pdf"),
            path("<int:pk>/impact.csv", wrap(self.impact_csv_view), name="activations_organization_impact_csv"),
            path("<int:pk>/impact-tables.zip", wrap(self.impact_zip_view), name="activations_organization_impact_zip"),
            *super().get_urls(),
        ]

    def _report(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        if pk not in organization_ids_for(actor_for(request)):
            raise Http404
        organization = get_object_or_404(Organization, pk=pk)
        form = PeriodForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return organization, form, None
        data = form.cleaned_data if form.is_bound else {}
        today = timezone.now().date()
        start, end = data.get("start") or date(today.year, 1, 1), data.get("end") or today
        try:
            return organization, form, organization_report(organization, start, end)
        except GreenroomError as exc:
            form.add_error(None, exc.detail)
            return organization, form, None

    def impact_view(self, request, pk):
        organization, form, report = self._report(request, pk)
        today = timezone.now().date()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": organization,
            "title": f"Impact report: {organization.name}",
            "back_url": reverse("admin:activations_organization_change", args=[organization.pk]),
            "download_pdf": reverse("admin:activations_organization_impact_pdf", args=[organization.pk]),
            "download_csv": reverse("admin:activations_organization_impact_csv", args=[organization.pk]),
            "download_zip": reverse("admin:activations_organization_impact_zip", args=[organization.pk]),
            "default_period": (date(today.year, 1, 1), today),
        }
        return _render(request, form, report, context)

    def impact_pdf_view(self, request, pk):
        organization, form, report = self._report(request, pk)
        return _download(form, report, render_pdf, "application/pdf", f"impact-{organization.slug}", "pdf")

    def impact_csv_view(self, request, pk):
        organization, form, report = self._report(request, pk)
        return _download(
            form, report, lambda r: "\ufeff" + render_csv(r), "text/csv; charset=utf-8", f"impact-{organization.slug}", "csv"
        )

    def impact_zip_view(self, request, pk):
        organization, form, report = self._report(request, pk)
        return _download(form, report, render_tables_zip, "application/zip", f"impact-tables-{organization.slug}", "zip")


def _render(request, form, report, context):
    query = request.GET.urlencode()
    context.update(form=form, report=report, query=f"?{query}" if query else "", fewer_than=FEWER_THAN)
    if report is None:
        return TemplateResponse(request, "admin/impact/impact_report.html", context, status=400)
    hour_charts = charts.handouts_by_hour(report)
    scans = charts.scans_by_day(report)
    capacity = charts.signups_vs_capacity(report)
    context.update(
        summary=sentences(report, suppress=False),
        figures=headline(report, suppress=False),
        capacity_svg=svg.capacity_chart(capacity) if capacity.rows else "",
        capacity_chart=capacity,
        hour_charts=[(chart, svg.bar_chart(chart)) for chart in hour_charts],
        scans_chart=scans,
        scans_svg=svg.bar_chart(scans, height=170) if report.batches else "",
    )
    return TemplateResponse(request, "admin/impact/impact_report.html", context)


def _download(form, report, render, content_type, name, extension):
    if report is None:
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponse(f"Cannot make the report: {errors}", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(render(report), content_type=content_type)
    stamp = f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-{stamp}.{extension}"'
    return response


# The report sits above the schedule in the layering, so it extends the schedule's admin rather
# than the schedule's admin importing the report: the same pages, with the report's links added.
admin.site.unregister(Activation)
admin.site.unregister(Organization)


@admin.register(Activation)
class ActivationWithImpactAdmin(ImpactReportAdminMixin, schedule_admin.ActivationAdmin):
    list_display = [*schedule_admin.ActivationAdmin.list_display, "impact_report"]

    @admin.display(description="Report")
    def impact_report(self, obj):
        return self.impact_link(obj)


@admin.register(Organization)
class OrganizationWithImpactAdmin(OrganizationImpactAdminMixin, schedule_admin.OrganizationAdmin):
    pass
