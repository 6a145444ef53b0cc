"""Admin forms that read and show times in the venue's own time zone.

An organizer in London entering a New York workshop types New York wall-clock time: the form
shows stored UTC instants as venue time and reads what is typed as venue time. The admin's own
date/time widgets assume the server's zone (UTC) instead: they add "You are N hours ahead of server
time" and fill Now/Today from the laptop's clock. `activations/static/activations/venue-time.js`
takes the fields marked `data-venue-time` (the zone, empty while no venue is picked) out of that:
no server-time note, and Now/Today give the venue's clock, or are hidden while the zone is unknown.
It reads the zone of the picked venue (or activation) from the `data-venue-zones` map on its select.
"""

import json

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from activations.models import Activation, Session
from core.timezones import as_venue_wall_clock, in_venue_time


VENUE_TIME_JS = "activations/venue-time.js"


def venue_time_help(zone, missing: str) -> str:
    """ "Local time at the venue (Europe/London)." — the script rewrites the zone when another venue is picked."""
    return format_html(
        'Local time at the venue (<span data-venue-zone-name data-missing="{}">{}</span>).',
        missing,
        zone.key if zone else missing,
    )


def _inner_widget(field):
    """The select itself, not the admin's add/change-links wrapper around it."""
    return getattr(field.widget, "widget", field.widget)


class VenueTimeFormMixin:
    venue_time_fields: tuple[str, ...] = ()
    zone_missing = "pick the venue first"

    def venue_zone(self):  # pragma: no cover - overridden
        return None

    def _show_in_venue_time(self):
        zone = self.venue_zone()
        for name in self.venue_time_fields:
            value = getattr(self.instance, name, None)
            if zone is not None and value is not None and name not in self.initial_from_kwargs:
                self.initial[name] = as_venue_wall_clock(value, zone)
            if name in self.fields:
                self.fields[name].help_text = venue_time_help(zone, self.zone_missing)
                self.fields[name].widget.attrs["data-venue-time"] = zone.key if zone else ""

    def _mark_zone_source(self, name: str, zone_of) -> None:
        """Puts {id: zone} for the choices of the field that decides the zone on its select, for the script."""
        field = self.fields.get(name)
        if field is None or not hasattr(field, "queryset"):
            return
        zones = {str(obj.pk): zone_of(obj) for obj in field.queryset}
        _inner_widget(field).attrs["data-venue-zones"] = json.dumps(zones, separators=(",", ":"))

    def _read_as_venue_time(self, cleaned):
        zone = self.venue_zone()
        if zone is None:
            return cleaned
        current = timezone.get_current_timezone()
        for name in self.venue_time_fields:
            value = cleaned.get(name)
            if value is not None:
                # The field made the typed wall-clock time aware in the server's zone; re-read it
                # as wall-clock time at the venue.
                cleaned[name] = in_venue_time(timezone.make_naive(value, current), zone)
        return cleaned


class ActivationAdminForm(VenueTimeFormMixin, forms.ModelForm):
    venue_time_fields = ("starts_at", "ends_at")

    class Meta:
        model = Activation
        fields = "__all__"

    class Media:
        js = ["admin/js/calendar.js", "admin/js/admin/DateTimeShortcuts.js", VENUE_TIME_JS]

    def __init__(self, *args, **kwargs):
        self.initial_from_kwargs = set((kwargs.get("initial") or {}).keys())
        super().__init__(*args, **kwargs)
        self._show_in_venue_time()
        self._mark_zone_source("venue", lambda venue: venue.timezone)

    def venue_zone(self):
        venue = None
        if self.is_bound:
            venue = getattr(self, "cleaned_data", {}).get("venue")
        if venue is None and self.instance.venue_id:
            venue = self.instance.venue
        return venue.zone if venue else None

    def clean(self):
        cleaned = super().clean()
        self._read_as_venue_time(cleaned)
        for name in self.venue_time_fields:
            if name in cleaned:
                setattr(self.instance, name, cleaned[name])
        return cleaned


def session_form_for(activation, zone_missing: str = "pick the activation first"):
    """A session form bound to its activation's venue zone (the parent may not be saved yet)."""
    missing = zone_missing

    class SessionAdminForm(VenueTimeFormMixin, forms.ModelForm):
        venue_time_fields = ("starts_at", "ends_at", "signups_open_at", "signups_close_at")

        zone_missing = missing

        class Meta:
            model = Session
            fields = "__all__"

        class Media:
            js = ["admin/js/calendar.js", "admin/js/admin/DateTimeShortcuts.js", VENUE_TIME_JS]

        def __init__(self, *args, **kwargs):
            self.initial_from_kwargs = set((kwargs.get("initial") or {}).keys())
            super().__init__(*args, **kwargs)
            self._show_in_venue_time()
            if "activation" in self.fields:
                self.fields["activation"].queryset = self.fields["activation"].queryset.select_related("venue")
                self._mark_zone_source("activation", lambda activation: activation.venue.timezone)

        def venue_zone(self):
            # Adding an activation and its sessions in one form: the inline's parent is the
            # activation being added, whose venue is only known once its own form is cleaned.
            parent = getattr(self, "cleaned_data", {}).get("activation") or activation
            if parent is None and self.instance.activation_id:
                parent = self.instance.activation
            return parent.venue.zone if parent is not None and parent.venue_id else None

        def clean(self):
            cleaned = super().clean()
            return self._read_as_venue_time(cleaned)

    return SessionAdminForm


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country by name (pycountry), for a picker instead of a free-text code."""
    import pycountry

    from core.countries import country_name

    return [("", "—")] + sorted(
        ((c.alpha_2, f"{country_name(c.alpha_2)} ({c.alpha_2})") for c in pycountry.countries), key=lambda pair: pair[1]
    )


def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA time zone (zoneinfo), grouped by region: "Europe" → "Europe/London", ..."""
    from zoneinfo import available_timezones

    groups: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(available_timezones()):
        if "/" not in key or key.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        region, _, place = key.partition("/")
        groups.setdefault(region, []).append((key, place.replace("_", " ")))
    return [("", "—"), ("UTC", "UTC"), *groups.items()]


class VenueAdminForm(forms.ModelForm):
    """Country and time zone picked from lists, so a venue is never in "Untied Kingdom" or "Europe/Londn"."""

    country = forms.ChoiceField(choices=country_choices, help_text="Cards and help pages use this country's crisis lines.")
    timezone = forms.ChoiceField(
        choices=timezone_choices,
        label="Time zone",
        help_text="Session times are entered and shown in this zone (the venue's local time).",
    )

    class Meta:
        from activations.models import Venue

        model = Venue
        fields = "__all__"
