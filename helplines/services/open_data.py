"""Open data: the vetted directory as JSON and CSV, with every line's sources and check dates.

What is published: countries we researched (emergency numbers and where they come from) and their
vetted lines with channels, hours, sources, the date the number was last checked and how, the
date the hours were last checked, and whether the line is due for re-check. What never is:
wrong-number reports, holds from reports, organizers' notes, who checked a line.

Licence: our compilation is published under CC BY 4.0 (credit "Greenroom crisis-line directory");
each line's facts come from the sources it lists, which are credited with it.
"""

import hashlib
import io
import json
from datetime import date

from django.core.cache import cache
from django.utils import timezone

from core.csv_export import csv_writer
from helplines.cache import PAGE_TTL, directory_version
from helplines.emergency import emergency_for
from helplines.models import Country, CrisisLine, Verification

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Greenroom crisis-line directory (compilation, CC BY 4.0); each line's facts are from the sources listed with it"
CSV_COLUMNS = [
    "key",
    "country",
    "section",
    "name",
    "local_name",
    "hours_24_7",
    "hours",
    "opening_hours",
    "languages",
    "audiences",
    "free",
    "confidential",
    "cost",
    "eligibility",
    "channel",
    "dial",
    "e164",
    "short_code",
    "sms_keyword",
    "after_dialing",
    "url",
    "email",
    "channel_hours",
    "channel_label",
    "number_checked_on",
    "number_check_method",
    "hours_checked_on",
    "due_for_recheck",
    "sources",
]


def _hours_checked(line: CrisisLine) -> date | None:
    dates = [v.checked_on for v in line.verifications.all() if v.cleared_at is None and Verification.Fact.HOURS in v.facts]
    return max(dates) if dates else None


def _line(line: CrisisLine, today: date) -> dict:
    hours_checked = _hours_checked(line)
    return {
        "key": line.key,
        "country": line.country_id,
        "section": line.section,
        "name": line.name,
        "local_name": line.local_name,
        "hours_24_7": line.hours_24_7,
        "hours": line.hours,
        "opening_hours": line.opening_hours,
        "languages": line.languages,
        "audiences": line.audiences,
        "free": line.free,
        "confidential": line.confidential,
        "cost": line.cost,
        "eligibility": line.eligibility,
        "channels": [
            {
                "kind": c.kind,
                "dial": c.dial,
                "e164": c.e164,
                "short_code": c.short_code,
                "sms_keyword": c.sms_keyword,
                "after_dialing": c.after_dialing,
                "url": c.url,
                "email": c.email,
                "hours": c.hours,
                "label": c.label,
            }
            for c in line.channels.all()
        ],
        "number_checked_on": line.verified_on.isoformat() if line.verified_on else None,  # None: not yet checked
        "number_check_method": line.verification_method or None,
        "hours_checked_on": hours_checked.isoformat() if hours_checked else None,
        "due_for_recheck": line.due_for_recheck(today),
        "sources": [s.strip() for s in (line.sources or "").splitlines() if s.strip()],
    }


def directory_data(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    lines = (
        CrisisLine.objects.vetted()
        .select_related("country")
        .prefetch_related("channels", "verifications")
        .order_by("country_id", "section", "display_order", "id")
    )
    countries = []
    for country in Country.objects.order_by("code"):
        emergency = emergency_for(country.code)
        countries.append(
            {
                "code": country.code,
                "name": country.name,
                "languages": country.languages,
                "time_zone": country.time_zone or emergency.time_zone,
                "emergency": {
                    "first": emergency.first,
                    "police": emergency.police,
                    "ambulance": emergency.ambulance,
                    "fire": emergency.fire,
                    "source": emergency.source,
                },
            }
        )
    return {
        "title": "Greenroom crisis-line directory: vetted lines",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "as_of": today.isoformat(),
        "recheck_after_days": 365,
        "countries": countries,
        "lines": [_line(line, today) for line in lines],
    }


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def directory_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")  # formula cells neutralised (core/csv_export.py)
    writer.writerow(CSV_COLUMNS)
    for line in data["lines"]:
        hours = "; ".join(f"{d} {a}-{b}" for d, a, b in line["opening_hours"]) if line["opening_hours"] else ""
        for c in line["channels"] or [{}]:
            row = [
                line["key"],
                line["country"],
                line["section"],
                line["name"],
                line["local_name"],
                _yes(line["hours_24_7"]),
                line["hours"],
                hours,
                " ".join(line["languages"]),
                " ".join(line["audiences"]),
                _yes(line["free"]),
                _yes(line["confidential"]),
                line["cost"],
                line["eligibility"],
                c.get("kind", ""),
                c.get("dial", ""),
                c.get("e164", ""),
                _yes(c.get("short_code")) if c else "",
                c.get("sms_keyword", ""),
                c.get("after_dialing", ""),
                c.get("url", ""),
                c.get("email", ""),
                c.get("hours", ""),
                c.get("label", ""),
                line["number_checked_on"] or "not yet checked",
                line["number_check_method"] or "",
                line["hours_checked_on"] or "",
                _yes(line["due_for_recheck"]),
                " ; ".join(line["sources"]),
            ]
            writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()


def published(kind: str) -> tuple[bytes, str]:
    """(body, etag) of the JSON or CSV file, cached per directory version and day."""
    today = timezone.localdate()
    key = f"helplines:open-data:{directory_version()}:{today.isoformat()}:{kind}"
    cached = cache.get(key)
    if cached is None:
        data = directory_data(today)
        text = json.dumps(data, ensure_ascii=False, indent=1) if kind == "json" else directory_csv(data)
        body = text.encode("utf-8")
        cached = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        cache.set(key, cached, PAGE_TTL)
    return cached
