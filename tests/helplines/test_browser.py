"""In Debian's Chromium on a phone-sized screen: the help page loads only from its own host, breaks
no CSP rule, sets no cookie, and shows the emergency number and the call button without scrolling."""

import pytest

from tests.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(new_page, directory):
    """A phone without JavaScript whose browser asks for Japanese first (help pages need none),
    with the seeded directory (tests/helplines/conftest.py) on the live server."""
    return new_page(PHONE, java_script_enabled=False, locale="ja-JP")


def test_the_gb_page_on_a_phone(live_site, phone):
    phone.goto(f"{live_site}/help/GB/?lang=en", wait_until="networkidle")
    assert all(url.startswith(live_site) for url in phone.requested), phone.requested
    assert not [m for m in phone.console if "Content Security Policy" in m]
    assert phone.context.cookies() == []
    emergency = phone.locator(".emergency a[href='tel:999']")
    call = phone.locator("a.call[href='tel:116123']")
    assert emergency.is_visible() and call.is_visible()
    box = call.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["height"] >= 48  # above the fold, a thumb-sized target
    assert phone.get_by_text("Text SHOUT to 85258").is_visible()


def test_accept_language_from_the_browser_picks_japanese(live_site, phone):
    phone.goto(f"{live_site}/help/JP/", wait_until="networkidle")
    assert phone.locator("html").get_attribute("lang") == "ja"
    assert phone.locator("a.call[href='tel:+81120279338']").is_visible()
