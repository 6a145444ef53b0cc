"""`{% calendar_links feed_path filename %}`: Subscribe (webcal:// and https), Add to Google
Calendar and the .ics download for a calendar feed, all built from SITE_URL (no query); and
`add_event_links(...)`: one event's "Add to Google Calendar" / "Add to Outlook" addresses."""

from datetime import UTC
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings

register = template.Library()

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="


def feed_links(path: str, filename: str = "") -> dict:
    https = settings.SITE_URL + path
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "https_url": https,
        "webcal_url": webcal,
        # Google subscribes to the feed (and so follows every change), rather than copying one event.
        "google_url": GOOGLE_SUBSCRIBE + quote(webcal, safe=""),
        "filename": filename or path.rsplit("/", 1)[-1].split("?", 1)[0],
    }


@register.inclusion_tag("activations/_calendar_links.html")
def calendar_links(path, filename="", label="Add to your calendar"):
    return {**feed_links(path, filename), "label": label}


def add_event_links(title: str, starts_at, ends_at, location: str = "", details: str = "") -> dict:
    """Addresses that open Google Calendar or Outlook on the web with this one event filled in
    (a copy: it does not follow later changes, which the .ics and the emails carry)."""
    utc = lambda moment, fmt: moment.astimezone(UTC).strftime(fmt)  # noqa: E731
    google = urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "details": details,
            "location": location,
            "dates": f"{utc(starts_at, '%Y%m%dT%H%M%SZ')}/{utc(ends_at, '%Y%m%dT%H%M%SZ')}",
        }
    )
    outlook = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "body": details,
            "location": location,
            "startdt": utc(starts_at, "%Y-%m-%dT%H:%M:%SZ"),
            "enddt": utc(ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        }
    )
    return {
        "google_add_url": "https://calendar.google.com/calendar/render?" + google,
        "outlook_add_url": "https://outlook.live.com/calendar/0/deeplink/compose?" + outlook,
    }
