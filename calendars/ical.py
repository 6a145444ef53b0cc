"""iCalendar (RFC 5545) for activations and sessions: subscription feeds, the `.ics` of a sign-up,
and the updated `.ics` that goes with an email announcing a change or a cancellation.

Every event is a pure function of its rows (session, activation, venue): the UID is the stored
`ical_uid`, SEQUENCE the stored counters, DTSTAMP and LAST-MODIFIED the rows' last change. So
the same data always gives the same bytes, and each event's serialized form can be kept against
its version (`_event_version`) and reused until one of its rows changes: a feed of a thousand
sessions re-serializes only what changed.

Times are written in the venue's zone (`DTSTART;TZID=America/New_York:...`) with a VTIMEZONE for
every zone used (see activations/vtimezone.py), so clients show the venue's wall-clock time and
move it correctly across a daylight-saving change.
"""

import hashlib
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone as dt_timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.urls import reverse
from icalendar import Calendar, Event, vGeo, vText

from calendars.vtimezone import vtimezone_ical

UTC = dt_timezone.utc
PRODID = "-//Greenroom//Wellness activations//EN"
#: Raise when the layout of an event changes, so every cached event is rebuilt.
EVENT_FORMAT = "2"
UID_DOMAIN = "greenroom"  # part of every UID ever published: never change it

ACTIVATION_FIELDS = (
    "id",
    "ical_uid",
    "sequence",
    "kind",
    "title",
    "slug",
    "description",
    "starts_at",
    "ends_at",
    "status",
    "created_at",
    "updated_at",
    "venue_id",
)
VENUE_FIELDS = ("name", "address", "city", "country", "timezone", "latitude", "longitude", "updated_at")
SESSION_FIELDS = (
    "id",
    "ical_uid",
    "sequence",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "status",
    "created_at",
    "updated_at",
    "activation_id",
)


# --- Rows: what an event is made of ---------------------------------------------------------
# Feeds read plain rows (`.values()`), a thousand at a time; a sign-up's file reads model
# instances. Both become the same dicts, so there is one way to write an event.


def activation_row(activation) -> dict:
    row = {name: getattr(activation, name) for name in ACTIVATION_FIELDS}
    row["venue"] = {name: getattr(activation.venue, name) for name in VENUE_FIELDS}
    return row


def session_row(session) -> dict:
    return {name: getattr(session, name) for name in SESSION_FIELDS}


def activation_rows(activations_qs) -> list[dict]:
    """The activations of a queryset as rows, each with its venue, in one query."""
    venue_lookups = [f"venue__{name}" for name in VENUE_FIELDS]
    rows = []
    for values in activations_qs.values(*ACTIVATION_FIELDS, *venue_lookups).order_by():
        row = {name: values[name] for name in ACTIVATION_FIELDS}
        row["venue"] = {name: values[f"venue__{name}"] for name in VENUE_FIELDS}
        rows.append(row)
    return rows


def session_rows(sessions_qs) -> list[dict]:
    return list(sessions_qs.values(*SESSION_FIELDS).order_by())


# --- One event ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFacts:
    uid: str
    sequence: int
    created: datetime
    last_modified: datetime
    starts_at: datetime
    ends_at: datetime
    tzid: str
    summary: str
    description: str
    location: str
    geo: tuple[float, float] | None
    url: str
    category: str
    status: str  # CONFIRMED, TENTATIVE (a draft) or CANCELLED
    transparent: bool


@lru_cache(maxsize=32)
def _kind_label(kind: str) -> str:
    from activations.models import Activation

    try:
        return Activation.Kind(kind).label
    except ValueError:
        return kind


@lru_cache(maxsize=512)
def _country_name(code: str) -> str:
    from core.countries import country_name

    return country_name(code)


def _location(venue: dict) -> str:
    country_name = _country_name

    parts = [venue["name"], venue["address"], venue["city"], country_name(venue["country"]) if venue["country"] else ""]
    return ", ".join(p for p in parts if p)


def _geo(venue: dict):
    if venue["latitude"] is None or venue["longitude"] is None:
        return None
    return (float(Decimal(venue["latitude"])), float(Decimal(venue["longitude"])))


def _activation_url(activation: dict) -> str:
    if activation["status"] == "draft":  # not public yet: the organizers' own page
        return settings.SITE_URL + reverse("admin:activations_activation_change", args=[activation["id"]])
    return settings.SITE_URL + reverse("activations:detail", args=[activation["slug"]])


def _activation_parts(activation: dict) -> tuple[str, str, str, tuple | None]:
    """URL, kind, location and GEO of an activation, worked out once for all its sessions."""
    parts = activation.get("_parts")
    if parts is None:
        venue = activation["venue"]
        parts = activation["_parts"] = (
            _activation_url(activation),
            _kind_label(activation["kind"]),
            _location(venue),
            _geo(venue),
        )
    return parts


def _status(*statuses: str) -> str:
    if "cancelled" in statuses:
        return "CANCELLED"
    if "draft" in statuses:
        return "TENTATIVE"
    return "CONFIRMED"


def _summary_prefix(status: str) -> str:
    # Many clients show a cancelled event in a subscribed calendar like any other; say it in words.
    return {"CANCELLED": "Cancelled: ", "TENTATIVE": "[Draft] "}.get(status, "")


def _last_change(*moments: datetime) -> datetime:
    return max(moments).astimezone(UTC).replace(microsecond=0)


def activation_facts(activation: dict) -> EventFacts:
    venue = activation["venue"]
    status = _status(activation["status"])
    url, kind, location, geo = _activation_parts(activation)
    description = "\n\n".join(p for p in (activation["description"].strip(), f"{kind}. Details: {url}") if p)
    return EventFacts(
        uid=f"activation-{activation['ical_uid']}@{UID_DOMAIN}",
        sequence=activation["sequence"],
        created=activation["created_at"].astimezone(UTC).replace(microsecond=0),
        last_modified=_last_change(activation["updated_at"], venue["updated_at"]),
        starts_at=activation["starts_at"],
        ends_at=activation["ends_at"],
        tzid=venue["timezone"],
        summary=_summary_prefix(status) + activation["title"],
        description=description,
        location=location,
        geo=geo,
        url=url,
        category=kind,
        status=status,
        # A residency or a festival booth spans days: it should not mark the whole days as busy.
        transparent=True,
    )


def session_facts(session: dict, activation: dict) -> EventFacts:
    venue = activation["venue"]
    status = _status(session["status"], activation["status"])
    url, kind, location, geo = _activation_parts(activation)
    if activation["status"] != "draft":
        url += f"#session-{session['id']}"
    description = "\n\n".join(
        p for p in (session["description"].strip(), f"Part of {activation['title']} ({kind}). Details and sign-up: {url}") if p
    )
    return EventFacts(
        uid=f"session-{session['ical_uid']}@{UID_DOMAIN}",
        # The activation's counter counts too: moving or cancelling the activation moves or
        # cancels its sessions. Both only ever go up, so their sum does.
        sequence=session["sequence"] + activation["sequence"],
        created=session["created_at"].astimezone(UTC).replace(microsecond=0),
        last_modified=_last_change(session["updated_at"], activation["updated_at"], venue["updated_at"]),
        starts_at=session["starts_at"],
        ends_at=session["ends_at"],
        tzid=venue["timezone"],
        summary=f"{_summary_prefix(status)}{session['title']} · {activation['title']}",
        description=description,
        location=location,
        geo=geo,
        url=url,
        category=kind,
        status=status,
        transparent=False,
    )


_ZONES: dict[str, ZoneInfo] = {}


def _zone(key: str) -> ZoneInfo:
    if key not in _ZONES:
        _ZONES[key] = ZoneInfo(key)
    return _ZONES[key]


def event_component(facts: EventFacts) -> Event:
    zone = _zone(facts.tzid)
    event = Event()
    event.add("uid", facts.uid)
    event.add("dtstamp", facts.last_modified)
    event.add("created", facts.created)
    event.add("last-modified", facts.last_modified)
    event.add("sequence", facts.sequence)
    event.add("dtstart", facts.starts_at.astimezone(zone))
    event.add("dtend", facts.ends_at.astimezone(zone))
    event.add("summary", facts.summary)
    if facts.description:
        event.add("description", facts.description)
    event.add("location", facts.location)
    if facts.geo is not None:
        event.add("geo", facts.geo)
    event.add("url", facts.url)
    event.add("categories", [facts.category])
    event.add("status", facts.status)
    event.add("transp", "TRANSPARENT" if facts.transparent else "OPAQUE")
    return event


# The feeds write VEVENTs with `event_ical`, a direct writer of the very bytes that icalendar's
# `event_component(facts).to_ical()` gives (tests/calendar/test_event_writer.py compares them on
# awkward text): icalendar spends about a millisecond per event building and folding lines, and
# a cold feed of a thousand sessions must come in well under half a second.


def _fold(line: str, limit: int = 75) -> str:
    """RFC 5545 folding: pieces of at most 74 octets, never inside a UTF-8 character nor right
    after a backslash escape (so the bytes are icalendar's own)."""
    if len(line) < limit and len(line.encode()) < limit:
        return line
    data = line.encode()
    pieces = []
    start, size = 0, len(data)
    while size - start >= limit:
        end = start + limit - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1  # keep an escape with what it escapes
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11), as icalendar escapes it. Venue, kind and activation
    texts repeat across a feed's events, hence the cache."""
    return vText(value).to_ical().decode()


@lru_cache(maxsize=1024)
def _geo_text(geo: tuple[float, float]) -> str:
    return vGeo(geo).to_ical()


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@lru_cache(maxsize=64)
def is_utc_zone(key: str) -> bool:
    """UTC and its aliases: times are written with a Z and need no VTIMEZONE."""
    from icalendar.timezone.tzid import is_utc

    return is_utc(_zone(key))


def _local_stamp(name: str, moment: datetime, tzid: str) -> str:
    if is_utc_zone(tzid):
        return f"{name}:" + _utc_stamp(moment)
    return f"{name};TZID={tzid}:" + moment.astimezone(_zone(tzid)).strftime("%Y%m%dT%H%M%S")


def event_ical(facts: EventFacts) -> bytes:
    """The VEVENT of `facts`, serialized: byte for byte what `event_component(facts).to_ical()` gives."""
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _text(facts.summary),
        _local_stamp("DTSTART", facts.starts_at, facts.tzid),
        _local_stamp("DTEND", facts.ends_at, facts.tzid),
        "DTSTAMP:" + _utc_stamp(facts.last_modified),
        "UID:" + _text(facts.uid),
        f"SEQUENCE:{facts.sequence}",
        "CATEGORIES:" + _text(facts.category),  # one category: vCategory writes it as TEXT
        "CREATED:" + _utc_stamp(facts.created),
    ]
    if facts.description:
        lines.append("DESCRIPTION:" + _text(facts.description))
    if facts.geo is not None:
        lines.append("GEO:" + _geo_text(facts.geo))
    lines += [
        "LAST-MODIFIED:" + _utc_stamp(facts.last_modified),
        "LOCATION:" + _text(facts.location),
        "STATUS:" + facts.status,
        "TRANSP:" + ("TRANSPARENT" if facts.transparent else "OPAQUE"),
        "URL:" + facts.url,
        "END:VEVENT",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def _version_prefix() -> str:
    """Part of every event's cache key: the event layout and the site's address (in every URL)."""
    return "ev:" + hashlib.blake2b(f"{EVENT_FORMAT}|{settings.SITE_URL}".encode(), digest_size=6).hexdigest()


def _event_version(prefix: str, kind: str, *rows: dict) -> str:
    """A key that changes whenever any row the event is made of changes: each save moves the
    row's `updated_at` (and SEQUENCE moves only on a save)."""
    return ":".join([prefix, kind, *(f"{row['id']}.{row['updated_at'].timestamp()}.{row.get('sequence', '')}" for row in rows)])


def event_cache():
    try:
        return caches["calendar"]
    except InvalidCacheBackendError:
        return caches["default"]


# --- Calendars ------------------------------------------------------------------------------


@dataclass
class _Entry:
    key: str
    sort: tuple
    tzid: str
    years: tuple[int, int]
    make: object  # () -> EventFacts, called only when the cached bytes are missing


def _entries(activations: list[dict], sessions: list[dict]) -> list[_Entry]:
    by_id = {a["id"]: a for a in activations}
    prefix = _version_prefix()
    entries = []
    for a in activations:
        entries.append(
            _Entry(
                key=_event_version(prefix, "a", a, {**a["venue"], "id": a["venue_id"]}),
                sort=(a["starts_at"], 0, str(a["ical_uid"])),
                tzid=a["venue"]["timezone"],
                years=(a["starts_at"].year, a["ends_at"].year),
                make=lambda a=a: activation_facts(a),
            )
        )
    for s in sessions:
        a = by_id.get(s["activation_id"])
        if a is None:
            continue
        entries.append(
            _Entry(
                key=_event_version(prefix, "s", s, a, {**a["venue"], "id": a["venue_id"]}),
                sort=(s["starts_at"], 1, str(s["ical_uid"])),
                tzid=a["venue"]["timezone"],
                years=(s["starts_at"].year, s["ends_at"].year),
                make=lambda s=s, a=a: session_facts(s, a),
            )
        )
    entries.sort(key=lambda e: e.sort)
    return entries


def _serialized_events(entries: list[_Entry]) -> list[bytes]:
    cache = event_cache()
    found = cache.get_many([e.key for e in entries]) if entries else {}
    missing = {}
    out = []
    for entry in entries:
        body = found.get(entry.key)
        if body is None:
            body = event_ical(entry.make())
            missing[entry.key] = body
        out.append(body)
    if missing:
        cache.set_many(missing, timeout=None)
    return out


def calendar_head(name: str, tzid: str, method: str | None, description: str = "") -> tuple[bytes, bytes]:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method or "PUBLISH")
    # TEXT values, escaped by the library like SUMMARY (a backslash, ";" or "," in a title stays text).
    cal.add("x-wr-calname", vText(name))
    cal.add("name", vText(name))
    if description:
        cal.add("x-wr-caldesc", vText(description))
    cal.add("x-wr-timezone", tzid)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    whole = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    return whole[: -len(end)], end


def _block_key(prefix: str, activation: dict, stats: dict | None) -> str:
    """Changes whenever the activation, its venue or any of its sessions changes: a changed
    session becomes the latest `updated_at`; a removed one lowers the count."""
    n, changed = (stats["n"], stats["changed"].timestamp()) if stats else (0, "")
    venue = activation["venue"]
    return (
        f"{prefix}:block:{activation['id']}.{activation['updated_at'].timestamp()}.{activation['sequence']}"
        f":{activation['venue_id']}.{venue['updated_at'].timestamp()}:{n}.{changed}"
    )


def build_feed(name: str, activations_qs, *, description: str = "") -> bytes:
    """The feed of these activations and all their sessions, in at most three queries.

    Each activation's events (itself and its sessions) are kept as one block against the
    activation's version and its sessions' count and latest change, so an unchanged activation
    costs one cache read, whatever its number of sessions; a changed one is rebuilt from the
    per-event cache, re-serializing only the events that changed."""
    from django.db.models import Count, Max, Min

    from activations.models import Session

    activations = activation_rows(activations_qs)
    activations.sort(key=lambda a: (a["starts_at"], str(a["ical_uid"])))
    sessions_qs = Session.objects.filter(activation__in=activations_qs.values("pk"))
    stats = {
        row["activation_id"]: row
        for row in sessions_qs.values("activation_id")
        .annotate(n=Count("id"), changed=Max("updated_at"), first=Min("starts_at"), last=Max("ends_at"))
        .order_by()
    }
    prefix = _version_prefix()
    keys = {a["id"]: _block_key(prefix, a, stats.get(a["id"])) for a in activations}
    cache = event_cache()
    blocks = cache.get_many(list(keys.values())) if keys else {}
    missing = [a for a in activations if keys[a["id"]] not in blocks]
    if missing:
        wanted = {a["id"] for a in missing}
        rows_qs = sessions_qs if len(wanted) > 500 else Session.objects.filter(activation_id__in=wanted)
        by_activation: dict[int, list] = {}
        for row in session_rows(rows_qs):
            by_activation.setdefault(row["activation_id"], []).append(row)
        built = {}
        for a in missing:
            built[keys[a["id"]]] = b"".join(_serialized_events(_entries([a], by_activation.get(a["id"], []))))
        cache.set_many(built, timeout=None)
        blocks.update(built)

    zones: Counter = Counter()
    years: dict[str, list[int]] = {}
    for a in activations:
        tzid = a["venue"]["timezone"]
        st = stats.get(a["id"])
        zones[tzid] += 1 + (st["n"] if st else 0)
        span = years.setdefault(tzid, [])
        span += [a["starts_at"].year, a["ends_at"].year]
        if st:
            span += [st["first"].year, st["last"].year]
    main_zone = min(zones, key=lambda z: (-zones[z], z)) if zones else "UTC"
    name = name or (activations[0]["title"] if activations else "Greenroom")
    head, end = calendar_head(name, main_zone, None, description)
    parts = [head]
    parts += [vtimezone_ical(tzid, min(years[tzid]), max(years[tzid])) for tzid in sorted(zones) if not is_utc_zone(tzid)]
    parts += [blocks[keys[a["id"]]] for a in activations]
    parts.append(end)
    return b"".join(parts)


# --- For sign-ups and their emails ----------------------------------------------------------


def session_event(session) -> Event:
    """The session as a VEVENT, exactly as the feeds write it."""
    return event_component(session_facts(session_row(session), activation_row(session.activation)))


def _single_session_calendar(session, method: str, name: str | None, personal=None) -> bytes:
    activation = session.activation
    a = activation_row(activation)
    s = session_row(session)
    facts = session_facts(s, a)
    if personal is not None:
        facts = personal(facts)
    head, end = calendar_head(name or facts.summary, facts.tzid, method)
    event = event_component(facts)
    if method == "CANCEL":
        # iTIP (RFC 5546) wants the organizer on a CANCEL; the attendee's copy is matched by UID.
        event.add("organizer", f"mailto:{_from_address()}", parameters={"CN": activation.organization.name})
    years = sorted({facts.starts_at.year, facts.ends_at.year})
    vtimezone = b"" if is_utc_zone(facts.tzid) else vtimezone_ical(facts.tzid, years[0], years[-1])
    return b"".join([head, vtimezone, event.to_ical(), end])


def _from_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@greenroom.invalid"


def _signup_facts(signup):
    """The person's own copy says where they stand: a waiting place is TENTATIVE with its position
    in the summary, a cancelled sign-up is CANCELLED (a cancelled session is CANCELLED anyway)."""

    status, updated_at = getattr(signup, "status", "confirmed"), getattr(signup, "updated_at", None)

    def personal(facts: EventFacts) -> EventFacts:
        if updated_at and updated_at > facts.last_modified:  # a promotion makes a newer copy
            facts = replace(facts, last_modified=_last_change(facts.last_modified, updated_at))
        if facts.status == "CANCELLED":
            return facts
        if status == "cancelled":
            return replace(facts, status="CANCELLED", summary="Cancelled: " + facts.summary, transparent=True)
        if status == "waitlisted":
            position = f" #{signup.waitlist_position}" if signup.waitlist_position else ""
            return replace(facts, status="TENTATIVE", summary=f"[Waiting list{position}] {facts.summary}", transparent=True)
        return facts

    return personal


def signup_calendar(signup) -> bytes:
    """The sign-up's session as a one-event calendar (the `.ics` of /signups/<token>.ics and of
    the confirmation email). Same UID as the session in every feed; STATUS and SUMMARY are the
    person's own (waiting list → TENTATIVE "[Waiting list #n]", cancelled → CANCELLED)."""
    return _single_session_calendar(signup.session, "PUBLISH", None, personal=_signup_facts(signup))


def session_update_calendar(session) -> bytes:
    """The `.ics` to attach to an email announcing that a session changed or was cancelled.

    Same UID as before, the new (higher) SEQUENCE: a calendar that holds the session updates it.
    A cancelled session (or one of a cancelled activation) goes as METHOD:CANCEL with
    STATUS:CANCELLED; a changed one as METHOD:PUBLISH with the new time and place. Attach it
    with `calendar_content_type(data)` as its MIME type."""
    facts_status = _status(session.status, session.activation.status)
    method = "CANCEL" if facts_status == "CANCELLED" else "PUBLISH"
    return _single_session_calendar(session, method, None)


def calendar_content_type(data: bytes) -> str:
    """The MIME type for an email attachment or response carrying `data` (METHOD included, as
    RFC 6047 asks for iTIP in email)."""
    for line in data.split(b"\r\n", 12):
        if line.startswith(b"METHOD:"):
            return f"text/calendar; method={line[7:].decode()}; charset=utf-8"
    return "text/calendar; charset=utf-8"
