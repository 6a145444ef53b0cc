"""In Debian's Chromium: /api/docs renders every operation from the project's own files, and it and
the admin run under our Content-Security-Policy without a single violation."""
import shutil

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def server(settings, transactional_db):
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    settings.SECURE_SSL_REDIRECT = False
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    thread = LiveServerThread("localhost", _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.problems, page.hosts = [], set()
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: page.hosts.add(r.url.split("/")[2]) if "://" in r.url else None)
        yield page
        browser.close()
        from django.db import connections

        connections.close_all()


def test_api_docs_render_every_operation_under_csp(server, page):
    import json
    import urllib.request

    document = json.load(urllib.request.urlopen(f"{server}/api/openapi.json"))
    operations = sum(len(methods) for methods in document["paths"].values())
    page.goto(f"{server}/api/docs", wait_until="networkidle")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == operations
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".responses-table")
    assert not page.problems, page.problems
    assert page.hosts == {server.split("/")[2]}  # nothing from another host


def test_admin_runs_under_csp(server, page):
    org = factories.organization()
    factories.activation(org, slug="booth")
    user = factories.organizer(org, username="demo")
    user.is_superuser = True
    user.save()
    page.goto(f"{server}/admin/login/")
    page.fill("#id_username", "demo")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.wait_for_url(f"{server}/admin/")
    for path in ("/admin/activations/activation/", "/admin/activations/activation/add/", "/admin/api/apitoken/add/"):
        page.goto(server + path, wait_until="networkidle")
    assert not [p for p in page.problems if "favicon" not in p and "404" not in p], page.problems
