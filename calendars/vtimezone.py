"""VTIMEZONE components in the form Outlook reads: one STANDARD and one DAYLIGHT rule, each with a
yearly RRULE (e.g. `FREQ=YEARLY;BYMONTH=3;BYDAY=2SU`), as Outlook and Google write them.

The rule comes from the zone's own POSIX TZ string (the footer of its TZif file, e.g.
`EST5EDT,M3.2.0,M11.1.0`), so it is the rule the tz database itself applies to future years. It
is then checked, day by day, against `zoneinfo` over the years the calendar's events span; a zone
whose offsets that rule does not describe there (a past rule change, Morocco's Ramadan
transitions, a change at "26:00") gets an explicit list of its transitions (RDATE), which every
client reads, though less compactly.
"""

import re
from datetime import date, datetime, timedelta, timezone as dt_timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

UTC = dt_timezone.utc
RULE_EPOCH = 1970  # DTSTART year of each rule, as Google and Outlook write it

_POSIX = re.compile(
    r"^(?P<std><[^>]+>|[A-Za-z]+)(?P<stdoff>[-+]?\d{1,2}(?::\d{2}){0,2})"
    r"(?:(?P<dst><[^>]+>|[A-Za-z]+)(?P<dstoff>[-+]?\d{1,2}(?::\d{2}){0,2})?"
    r",M(?P<sm>\d{1,2})\.(?P<sw>[1-5])\.(?P<sd>[0-6])(?:/(?P<st>[-+]?\d{1,3}(?::\d{2}){0,2}))?"
    r",M(?P<em>\d{1,2})\.(?P<ew>[1-5])\.(?P<ed>[0-6])(?:/(?P<et>[-+]?\d{1,3}(?::\d{2}){0,2}))?)?$"
)
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX day 0 is Sunday


def _tzif_bytes(key: str) -> bytes | None:
    for root in TZPATH:
        candidate = Path(root) / key
        if candidate.is_file():
            return candidate.read_bytes()
    try:
        from importlib import resources

        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return resources.files(package).joinpath(name).read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError, ValueError):
        return None


def posix_rule(key: str) -> str | None:
    """The zone's POSIX TZ footer (TZif version 2 and later), or None."""
    data = _tzif_bytes(key)
    if not data or not data.startswith(b"TZif") or data[4:5] < b"2":
        return None
    footer = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return footer.decode("ascii", "replace") or None


def _seconds(text: str | None, default: int = 7200) -> int:
    if text is None:
        return default
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _name(text: str) -> str:
    return text.strip("<>")


def _nth_weekday(year: int, month: int, week: int, weekday: int) -> date:
    """POSIX Mm.w.d: the w-th `weekday` (0 = Sunday) of the month; w = 5 means the last."""
    first = date(year, month, 1)
    python_weekday = (weekday - 1) % 7  # Monday = 0
    day = first + timedelta(days=(python_weekday - first.weekday()) % 7 + 7 * (week - 1))
    while day.month != month:
        day -= timedelta(days=7)
    return day


class _Rule:
    def __init__(self, match: re.Match):
        g = match.groupdict()
        self.std_name = _name(g["std"])
        self.std_offset = timedelta(seconds=-_seconds(g["stdoff"]))  # POSIX offsets are west-positive
        self.has_dst = g["dst"] is not None
        if self.has_dst:
            self.dst_name = _name(g["dst"])
            self.dst_offset = timedelta(seconds=-_seconds(g["dstoff"])) if g["dstoff"] else self.std_offset + timedelta(hours=1)
            self.start = (int(g["sm"]), int(g["sw"]), int(g["sd"]), _seconds(g["st"]))
            self.end = (int(g["em"]), int(g["ew"]), int(g["ed"]), _seconds(g["et"]))

    def expressible(self) -> bool:
        """Outlook's form needs each change at a wall-clock time within its day."""
        return not self.has_dst or all(0 <= t[3] < 86400 for t in (self.start, self.end))

    def transitions(self, year: int) -> list[tuple[datetime, timedelta]]:
        """The UTC instants in `year` at which the offset changes, each with the offset after it."""
        if not self.has_dst:
            return []
        out = []
        for (month, week, weekday, secs), before, after in (
            (self.start, self.std_offset, self.dst_offset),
            (self.end, self.dst_offset, self.std_offset),
        ):
            local = datetime.combine(_nth_weekday(year, month, week, weekday), datetime.min.time()) + timedelta(seconds=secs)
            out.append(((local - before).replace(tzinfo=UTC), after))
        return sorted(out)

    def offset_at(self, instant: datetime) -> timedelta:
        if not self.has_dst:
            return self.std_offset
        year = instant.year
        changes = self.transitions(year - 1) + self.transitions(year)
        current = changes[0][1]
        for moment, after in changes:
            if moment <= instant:
                current = after
        return current


def _rule_matches_zone(rule: _Rule, zone: ZoneInfo, first_year: int, last_year: int) -> bool:
    """Whether the rule gives zoneinfo's offset at every transition and every noon (UTC) of the years."""
    start = datetime(first_year, 1, 1, 12, tzinfo=UTC)
    end = datetime(last_year, 12, 31, 12, tzinfo=UTC)
    day = start
    while day <= end:
        if day.astimezone(zone).utcoffset() != rule.offset_at(day):
            return False
        day += timedelta(days=1)
    for year in range(first_year, last_year + 1):
        for moment, after in rule.transitions(year):
            if moment.astimezone(zone).utcoffset() != after:
                return False
            if (moment - timedelta(seconds=1)).astimezone(zone).utcoffset() == after:
                return False
    return True


def _rrule_component(cls, name: str, offset_from: timedelta, offset_to: timedelta, when: tuple):
    """A STANDARD or DAYLIGHT onset that recurs yearly on the rule's n-th (or last) weekday."""
    month, week, weekday, secs = when
    component = cls()
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    first = _nth_weekday(RULE_EPOCH, month, week, weekday)
    component.add("dtstart", datetime.combine(first, datetime.min.time()) + timedelta(seconds=secs))
    ordinal = -1 if week == 5 else week
    component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": f"{ordinal}{_WEEKDAYS[weekday]}"})
    return component


def _rrule_vtimezone(key: str, rule: _Rule) -> Timezone:
    vtimezone = Timezone()
    vtimezone.add("tzid", key)
    if not rule.has_dst:
        standard = TimezoneStandard()
        standard.add("tzname", rule.std_name)
        standard.add("tzoffsetfrom", rule.std_offset)
        standard.add("tzoffsetto", rule.std_offset)
        standard.add("dtstart", datetime(RULE_EPOCH, 1, 1))
        vtimezone.add_component(standard)
        return vtimezone
    to_standard = (rule.std_name, rule.dst_offset, rule.std_offset, rule.end)
    to_daylight = (rule.dst_name, rule.std_offset, rule.dst_offset, rule.start)
    if rule.dst_offset < rule.std_offset:
        # Zones like Europe/Dublin call summer time "standard"; clients expect DAYLIGHT to be the
        # later offset, and the offsets, not the names, are what they compute with.
        to_standard, to_daylight = to_daylight, to_standard
    vtimezone.add_component(_rrule_component(TimezoneStandard, *to_standard))
    vtimezone.add_component(_rrule_component(TimezoneDaylight, *to_daylight))
    return vtimezone


@lru_cache(maxsize=256)
def vtimezone_ical(key: str, first_year: int, last_year: int) -> bytes:
    """The serialized VTIMEZONE for `key`, correct for events from `first_year` to `last_year`."""
    zone = ZoneInfo(key)
    footer = posix_rule(key)
    match = _POSIX.match(footer) if footer else None
    if match:
        rule = _Rule(match)
        if rule.expressible() and _rule_matches_zone(rule, zone, first_year, last_year):
            return _rrule_vtimezone(key, rule).to_ical()
    return _rdate_vtimezone(key, zone, first_year - 1, last_year + 1).to_ical()


def _transitions(zone: ZoneInfo, first_year: int, last_year: int):
    """(instant, offset before, offset after, name after, is_dst after) for each change in the years."""
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    step = timedelta(hours=1)
    found = []
    while moment < end:
        later = moment + step
        after = later.astimezone(zone).utcoffset()
        if after != before:
            low, high = moment, later  # the change is in (low, high]: find its second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) // 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            # A change that puts clocks forward starts a DAYLIGHT part, one that puts them back a
            # STANDARD part, whatever the zone calls them (Casablanca's Ramadan time is "DST" an
            # hour behind): clients, dateutil among them, assume DAYLIGHT is the later offset.
            found.append((high, before, after, high.astimezone(zone).tzname() or "", after > before))
            before = after
        moment = later
    return found


def _rdate_vtimezone(key: str, zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """Every change in the years listed (DTSTART and RDATE in the local time before the change,
    as RFC 5545 reads them). (icalendar's own `from_tzinfo` writes them in the time after it.)"""
    vtimezone = Timezone()
    vtimezone.add("tzid", key)
    start = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
    initial = TimezoneStandard()
    initial.add("tzname", start.tzname() or "")
    initial.add("tzoffsetfrom", start.utcoffset())
    initial.add("tzoffsetto", start.utcoffset())
    initial.add("dtstart", datetime(first_year, 1, 1))
    vtimezone.add_component(initial)
    groups: dict[tuple, list[datetime]] = {}
    for instant, before, after, name, is_dst in _transitions(zone, first_year, last_year):
        onset = (instant + before).replace(tzinfo=None)
        groups.setdefault((before, after, name, is_dst), []).append(onset)
    for (before, after, name, is_dst), onsets in groups.items():
        component = (TimezoneDaylight if is_dst else TimezoneStandard)()
        component.add("tzname", name)
        component.add("tzoffsetfrom", before)
        component.add("tzoffsetto", after)
        component.add("dtstart", onsets[0])
        if onsets[1:]:
            component.add("rdate", onsets[1:])
        vtimezone.add_component(component)
    return vtimezone
