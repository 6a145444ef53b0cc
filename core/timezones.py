"""Time-zone rules: times are stored in UTC and entered and shown in the venue's own zone."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils import timezone


def zone_or_error(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or a ValidationError that says the name is unknown."""
    if not name or name not in _known_zones():
        raise ValidationError(
            f"“{name}” is not a known IANA time zone (for example “America/New_York”).",
            code="unknown_timezone",
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed but unreadable
        raise ValidationError(f"“{name}” is not a usable time zone.", code="unknown_timezone") from exc


_ZONES: frozenset[str] | None = None


def _known_zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def validate_timezone(name: str) -> None:
    zone_or_error(name)


def in_venue_time(naive_or_aware: datetime, zone: ZoneInfo) -> datetime:
    """A datetime as an aware instant: naive values are read as wall-clock time in `zone`.

    Aware values already name an instant and are kept. For a wall-clock time that happens twice
    (the hour the clocks go back) the first is meant; for one that does not exist (the hour the
    clocks go forward) the clock is read as if the change had not happened yet.
    """
    if timezone.is_aware(naive_or_aware):
        return naive_or_aware
    return naive_or_aware.replace(tzinfo=zone, fold=0)


def as_venue_wall_clock(value: datetime, zone: ZoneInfo) -> datetime:
    """An aware instant as the naive wall-clock time a person at the venue reads."""
    return timezone.localtime(value, zone).replace(tzinfo=None)


def zone_abbreviation(value: datetime, zone: ZoneInfo) -> str:
    """The zone's short name at that instant ("EDT", "BST"), as people at the venue say it."""
    return timezone.localtime(value, zone).tzname() or zone.key
