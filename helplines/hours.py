"""Structured opening hours: parsing the seed's "mon-fri 14:00-22:00; sat 10:00-14:00", and "open now".

Hours are written in the country's time zone. A span may run past midnight ("15:30-00:30") and
"24:00" means midnight at the end of the day. A line without structured hours never claims to be
open now (its hours text is shown as it is).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_SPAN_RE = re.compile(r"^([a-z]{3})(?:-([a-z]{3}))?$")
_TIME_RE = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$")


class BadHours(ValueError):
    pass


def _minutes(text: str) -> int:
    m = _TIME_RE.match(text)
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise BadHours(f"“{text}” is not a time like 09:00 (24:00 for midnight at the end of a day)")
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_hours(text: str) -> list[list]:
    """ "mon-fri 09:00-17:00; sat,sun 10:00-14:00" → [[0, "09:00", "17:00"], …] (0 = Monday)."""
    result = []
    for part in filter(None, (p.strip() for p in (text or "").lower().split(";"))):
        try:
            days_text, times_text = part.split()
            start, end = times_text.split("-")
        except ValueError:
            raise BadHours(f"“{part}” must look like “mon-fri 09:00-17:00”") from None
        if _minutes(start) == _minutes(end) or _minutes(start) >= 24 * 60:
            raise BadHours(f"“{times_text}” opens and closes at the same time (say 24/7 instead)")
        days = []
        for chunk in days_text.split(","):
            m = _SPAN_RE.match(chunk)
            if not m or m.group(1) not in DAYS or (m.group(2) and m.group(2) not in DAYS):
                raise BadHours(f"“{chunk}” is not a day or a range of days (mon … sun)")
            first, last = DAYS.index(m.group(1)), DAYS.index(m.group(2) or m.group(1))
            days += [d % 7 for d in range(first, last + 1 if last >= first else last + 8)]
        result += [[d, start, end] for d in days]
    return sorted(result)


@dataclass(frozen=True)
class OpenState:
    open_now: bool
    opens_day: int | None = None  # weekday (0 = Monday) of the next opening, when closed
    opens_at: str | None = None  # "09:00"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def open_state(opening_hours: list, zone_name: str, now: datetime) -> OpenState | None:
    """Open now, or when it next opens; None when the hours are not structured."""
    if not opening_hours:
        return None
    local = now.astimezone(zone(zone_name))
    week_minute = local.weekday() * 1440 + local.hour * 60 + local.minute
    spans = []
    for day, start, end in opening_hours:
        s, e = day * 1440 + _minutes(start), day * 1440 + _minutes(end)
        if e <= s:
            e += 1440  # past midnight
        spans.append((s, e, day, start))
    for s, e, *_ in spans:
        for shift in (0, -7 * 1440, 7 * 1440):
            if s + shift <= week_minute < e + shift:
                return OpenState(True)
    upcoming = sorted(((s - week_minute) % (7 * 1440), day, start) for s, e, day, start in spans)
    _wait, day, start = upcoming[0]
    return OpenState(False, day, start)
