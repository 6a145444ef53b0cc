"""The one browser fixture module: pytest-django's live server and Debian's Chromium, driven by Playwright.

Every end-to-end test uses these (registered for the whole suite in tests/conftest.py):

- `live_site`: the live server's URL, served over plain HTTP, with SITE_URL pointing at it;
- `chromium`: one Chromium per test module (Playwright's sync API runs an event loop in the test
  thread, which must be gone before another module's browser tests start theirs);
- `new_page(viewport=..., **context_options)`: a fresh page in its own context; it records
  `page.errors` (page errors and Content-Security-Policy reports), `page.console` and
  `page.requested`, and the fixture closes it after the test.

`DJANGO_ALLOW_ASYNC_UNSAFE` is set only while a browser module's Chromium is up: the tests' ORM
calls are ordinary blocking calls in the thread where Playwright's loop runs.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    # A synthetic camera, so the kiosk's QR-scanning path can run headless (the test supplies the detector).
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
PHONE = {"width": 390, "height": 844}
PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1280, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def close_loop_connections():
    """While Playwright's loop runs, Django gives this thread's ORM calls a connection of their own
    (asgiref's context-local); close it so that PostgreSQL can flush and drop the test database."""
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def _plain_http_from_the_start():
    """SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the (session-wide) live server
    builds its handler, before any per-test settings fixture runs."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def live_server(_plain_http_from_the_start, live_server):
    return live_server


@pytest.fixture
def live_site(live_server, settings):
    """The live server's URL, with SITE_URL pointing at it (QR codes and pairing links use it)."""
    settings.SITE_URL = live_server.url
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    # Tablets hold no seat leases unless a test asks for them (test_seat_leases_browser.py): a lease
    # renewal still running when a test ends locks the session row, and on PostgreSQL it then
    # deadlocks with the TRUNCATE that empties the database for the next test.
    settings.GREENROOM_KIOSK_LEASE_PLACES = 0
    return live_server.url


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            yield browser
            browser.close()
            close_loop_connections()


@pytest.fixture
def new_page(chromium, live_site):
    contexts = []

    def make(viewport=PORTRAIT, **options):
        context = chromium.new_context(viewport=viewport, base_url=live_site, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.console, page.requested = [], [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: page.console.append(message.text))
        page.on("console", lambda m: "Content Security Policy" in m.text and page.errors.append(m.text))
        page.on("request", lambda request: page.requested.append(request.url))
        return page

    yield make
    for context in contexts:
        context.close()
    close_loop_connections()
