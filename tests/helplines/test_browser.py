"""In Debian's Chromium on a phone-sized screen: the help page loads only from its own host, breaks
no CSP rule, sets no cookie, and shows the emergency number and the call button without scrolling."""
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def plain_server(settings, transactional_db):
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    from helplines.services.importer import import_helplines

    settings.SECURE_SSL_REDIRECT = False
    import_helplines()
    thread = LiveServerThread("localhost", _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


@pytest.fixture
def phone(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="ja-JP")
        page = context.new_page()
        page.requested, page.console = [], []
        page.on("request", lambda r: page.requested.append(r.url))
        page.on("console", lambda m: page.console.append(m.text))
        yield page
        browser.close()
        from django.db import connections

        connections.close_all()


def test_the_gb_page_on_a_phone(plain_server, phone):
    phone.goto(f"{plain_server}/help/GB/?lang=en", wait_until="networkidle")
    assert all(url.startswith(plain_server) for url in phone.requested), phone.requested
    assert not [m for m in phone.console if "Content Security Policy" in m]
    assert phone.context.cookies() == []
    emergency = phone.locator(".emergency a[href='tel:999']")
    call = phone.locator("a.call[href='tel:116123']")
    assert emergency.is_visible() and call.is_visible()
    box = call.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["height"] >= 48  # above the fold, a thumb-sized target
    assert phone.get_by_text("Text SHOUT to 85258").is_visible()


def test_accept_language_from_the_browser_picks_japanese(plain_server, phone):
    phone.goto(f"{plain_server}/help/JP/", wait_until="networkidle")
    assert phone.locator("html").get_attribute("lang") == "ja"
    assert phone.locator("a.call[href='tel:+81120279338']").is_visible()
