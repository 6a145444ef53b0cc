"""`{% calendar_links feed_path filename %}`: Subscribe (webcal:// and https), Add to Google
Calendar and the .ics download for a calendar feed, all built from SITE_URL (no query)."""
from urllib.parse import quote

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
