"""In a real browser (Debian's Chromium): sign up on the activation page, land on one's own page,
cancel. Checks what a unit test cannot: the form opens without JavaScript, CSRF and CSP hold."""
import shutil
from datetime import timedelta

import pytest

from activations.models import SignUp
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def plain_server(settings, transactional_db):
    """A server started after the settings below (pytest-django's starts before them, with HTTPS redirects on)."""
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    settings.SECURE_SSL_REDIRECT = False
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    thread = LiveServerThread("localhost", _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error

    class Server:
        url = f"http://localhost:{thread.port}"

    yield Server
    thread.terminate()


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.csp_errors = []
        page.on("console", lambda m: page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        yield page
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's ORM connection apart: close it here.
        from django.db import connections

        connections.close_all()


def test_sign_up_and_cancel_in_a_browser(plain_server, browser_page):
    live_server = plain_server
    org = factories.organization()
    festival = factories.activation(org, slug="browser-fest", title="Browser Fest")
    session = factories.session_starting_in(timedelta(hours=3), festival, capacity=1, title="Breathwork")
    factories.signup(session, display_name="Early bird")
    page = browser_page

    page.goto(f"{live_server.url}/a/browser-fest/")
    assert "Full · nobody on the waiting list yet" in page.content()
    page.get_by_text("Join the waiting list").first.click()
    page.get_by_label("Your name").fill("Robin")
    page.get_by_label("Email (optional)").fill("robin@")
    page.get_by_role("button", name="Join the waiting list").click()
    assert "does not look like an email address" in page.content()
    assert page.get_by_label("Your name").input_value() == "Robin"  # kept

    page.get_by_label("Email (optional)").fill("")
    page.get_by_role("button", name="Join the waiting list").click()
    signup = SignUp.objects.get(display_name="Robin")
    assert page.url.split("#")[0] == f"{live_server.url}/signups/{signup.token}/"
    assert "You're number 1 on the waiting list." in page.inner_text("main")

    page.locator("summary", has_text="Leave the waiting list").click()  # opens the "are you sure?"
    assert "You'll lose your place in the queue (number 1)." in page.inner_text("main")
    page.get_by_role("button", name="Yes, leave the waiting list").click()
    assert "Your sign-up is cancelled" in page.inner_text("main")
    signup.refresh_from_db()
    assert signup.status == "cancelled"
    assert page.csp_errors == []
