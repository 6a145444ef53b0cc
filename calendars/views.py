"""Calendar feeds (`text/calendar`) that Google Calendar, Apple Calendar and Outlook subscribe to.

Subscribers poll: each answer carries a strong ETag and Last-Modified, and a request whose
If-None-Match or If-Modified-Since still holds gets a 304 after one SQL query, without the
calendar being built (activations/feeds.py). A full answer reuses each event's serialized form
until that event changes (activations/ical.py), and the whole body until anything does.
"""

from datetime import timedelta

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from calendars import feeds
from calendars.ical import build_feed, event_cache
from calendars.models import CalendarFeed
from core.errors import GreenroomError

CONTENT_TYPE = "text/calendar; charset=utf-8"
WHOLE_FEED_LIMIT = 8 * 1024 * 1024  # bytes; bigger feeds are assembled from cached events each time


def _headers(response, feed: feeds.Feed, checked: feeds.Validator):
    response["ETag"] = quote_etag(checked.etag)
    response["Last-Modified"] = http_date(checked.last_modified.timestamp())
    # Clients revalidate every time (cheap: a 304); a private feed is nobody else's to keep.
    response["Cache-Control"] = ("private" if feed.private else "public") + ", max-age=0, must-revalidate"
    if feed.private:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
    return response


def serve_feed(request, feed: feeds.Feed):
    checked = feeds.validator(feed)
    feeds.require_feed(feed, checked)
    not_modified = get_conditional_response(
        request, etag=quote_etag(checked.etag), last_modified=int(checked.last_modified.timestamp())
    )
    if not_modified is not None:
        if isinstance(not_modified, HttpResponseNotModified):
            return _headers(not_modified, feed, checked)
        return not_modified  # 412 for a failed If-Match / If-Unmodified-Since
    cache = event_cache()
    whole_key = f"feed:{checked.etag}"
    body = cache.get(whole_key)
    if body is None:
        body = build_feed(feed.name, feed.activations, description=feed.description)
        if len(body) <= WHOLE_FEED_LIMIT:
            cache.set(whole_key, body, timeout=24 * 3600)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    return _headers(response, feed, checked)


def _bad_filter(error: GreenroomError):
    return HttpResponse(error.detail + "\n", status=error.status, content_type="text/plain; charset=utf-8")


@require_safe
def all_activations(request):
    try:
        filters = feeds.ScheduleFilters.from_query(request.GET)
    except GreenroomError as error:
        return _bad_filter(error)
    return serve_feed(request, feeds.all_feed(filters))


@require_safe
def one_activation(request, slug):
    try:
        return serve_feed(request, feeds.activation_feed(slug))
    except GreenroomError as error:
        if error.status == 404:
            raise Http404(error.detail) from error
        raise


@require_safe
def private(request, secret):
    feed = CalendarFeed.active_for_secret(secret)
    if feed is None:
        raise Http404("No such calendar.")
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        # Lets organizers see whether a feed is still in use before revoking it; at most hourly.
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return serve_feed(request, feeds.private_feed(feed))
