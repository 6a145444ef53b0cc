"""`{% load dates %}`: core.dates' labels as filters, in the page's language."""

from django import template

from core import dates

register = template.Library()


@register.filter
def local_day(value):
    return dates.day_label(value) if value else ""


@register.filter
def local_moment(value):
    return dates.moment_label(value) if value else ""


@register.filter
def local_time(value):
    return dates.time_label(value) if value else ""


@register.filter
def local_weekday(value):
    return dates.weekday_label(value) if value else ""


@register.filter
def local_weekday_year(value):
    return dates.weekday_label(value, year=True) if value else ""
