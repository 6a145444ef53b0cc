"""The organizer's print page and batch pages speak the organizer's language: the checkbox they
see (not the API's `allow_stale`), layouts by name (not `card-letter-10up`), and times in the
venue's own zone, marked with it."""

import re
from datetime import datetime, timezone as dt_timezone

import pytest
from django.contrib.auth.models import Permission

from helplines.models import Country
from printables.models import CardBatch
from tests import factories

PRINT = "/admin/printables/cardbatch/print/"
CARDS = {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 50}


@pytest.fixture
def logged_in(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "printables"]))
    client.force_login(organizer)
    return client


def visible_text(html: str) -> str:
    """What a person reads: no tags, no attributes (URLs and form values may keep the codes)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_stale_line_refusal_names_the_print_anyway_checkbox(logged_in, directory):
    page = logged_in.post(PRINT, CARDS).content.decode()
    text = visible_text(page)
    assert "Re-verify them, or tick “Print anyway” to print with lines due for re-check." in text
    assert "allow_stale" not in text
    assert re.search(r'<label for="id_allow_stale">Print anyway:</label>', page)  # the checkbox it names
    assert not CardBatch.objects.exists()


def test_a_preview_that_would_be_refused_says_why_instead_of_showing_broken_images(logged_in, directory):
    page = logged_in.get(PRINT + "?country=GB&language=en&layout=card-a4-10up&count=50").content.decode()
    assert "No preview:" in visible_text(page) and "tick “Print anyway”" in visible_text(page)
    assert "preview.png" not in page
    allowed = logged_in.get(PRINT + "?country=GB&language=en&layout=card-a4-10up&count=50&allow_stale=on").content.decode()
    assert "No preview:" not in allowed and "preview.png" in allowed


def test_update_preview_is_one_of_the_admin_s_own_buttons(logged_in, directory):
    page = logged_in.get(PRINT + "?country=GB").content.decode()
    assert re.search(r'<input type="submit" class="default" value="Create batch">', page)
    assert re.search(r'<input type="submit" class="button" formmethod="get"[^>]*value="Update preview">', page)


def test_layouts_are_named_on_the_print_page_the_batch_page_and_the_list(logged_in, organizer, directory):
    page = visible_text(logged_in.get(PRINT + "?country=US").content.decode())
    assert "Letter, 10 cards a sheet (3.5×2 in pocket cards on Avery 5371 perforated stock)" in page
    assert "card-letter-10up" not in page

    created = logged_in.post(PRINT, {**CARDS, "country": "US", "layout": "card-letter-10up", "count": 200, "allow_stale": "on"})
    batch = CardBatch.objects.get()
    batch_page = visible_text(logged_in.get(created["Location"]).content.decode())
    assert f"Batch {batch.code} created: 200 cards (Letter, 10 cards a sheet)." in batch_page
    assert "card-letter-10up" not in batch_page
    listing = visible_text(logged_in.get("/admin/printables/cardbatch/").content.decode())
    assert "Letter, 10 cards a sheet" in listing and "card-letter-10up" not in listing


def _batch(organizer, when, **kw):
    batch = CardBatch.objects.create(
        organization=organizer.organizations.get(), language="en", layout="card-a4-10up", count=10, **kw
    )
    CardBatch.objects.filter(pk=batch.pk).update(created_at=when)
    return batch


def test_created_at_is_shown_in_the_venue_s_time_zone_with_the_zone_named(logged_in, org, organizer):
    berlin = factories.venue(org, city="Berlin", country="DE", timezone="Europe/Berlin")
    booth = factories.activation(org, venue_obj=berlin, title="Berlin booth")
    winter = _batch(organizer, datetime(2026, 12, 7, 13, 5, tzinfo=dt_timezone.utc), country="DE", activation=booth)
    summer = _batch(organizer, datetime(2026, 7, 7, 13, 5, tzinfo=dt_timezone.utc), country="DE", activation=booth)

    page = visible_text(logged_in.get(f"/admin/printables/cardbatch/{winter.pk}/change/").content.decode())
    assert "Created at: 7 Dec 2026, 14:05 CET" in page
    listing = visible_text(logged_in.get("/admin/printables/cardbatch/").content.decode())
    assert "7 Dec 2026, 14:05 CET" in listing and "7 Jul 2026, 15:05 CEST" in listing
    assert summer.pk


def test_a_batch_without_an_activation_is_shown_in_its_country_s_time(logged_in, organizer):
    Country.objects.update_or_create(code="JP", defaults={"name": "Japan", "time_zone": "Asia/Tokyo"})
    tokyo = _batch(organizer, datetime(2026, 12, 7, 13, 5, tzinfo=dt_timezone.utc), country="JP")
    unknown = _batch(organizer, datetime(2026, 12, 7, 13, 5, tzinfo=dt_timezone.utc), country="AQ")
    assert "Created at: 7 Dec 2026, 22:05 JST" in visible_text(
        logged_in.get(f"/admin/printables/cardbatch/{tokyo.pk}/change/").content.decode()
    )
    assert "Created at: 7 Dec 2026, 13:05 UTC" in visible_text(
        logged_in.get(f"/admin/printables/cardbatch/{unknown.pk}/change/").content.decode()
    )


def test_update_preview_keeps_the_ticked_boxes_and_the_profile(logged_in, directory):
    page = logged_in.get(PRINT + "?country=GB&language=en&layout=poster-a4&count=5&profile=press&bleed=on&allow_stale=on")
    html = page.content.decode()
    assert re.search(r'<input type="checkbox" name="allow_stale"[^>]* id="id_allow_stale" checked>', html)
    assert re.search(r'<input type="checkbox" name="bleed"[^>]* id="id_bleed" checked>', html)
    assert re.search(r'<option value="press" selected>', html)
    assert "profile=press" in html and "allow_stale=on" in html  # and the preview shows that
