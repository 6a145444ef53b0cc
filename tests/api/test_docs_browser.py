"""In Debian's Chromium: /api/docs renders every operation from the project's own files, and it and
the admin run under our Content-Security-Policy without a single violation."""

import pytest

from tests import factories
from tests.browser import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(new_page):
    return new_page(DESKTOP)


def test_api_docs_render_every_operation_under_csp(live_site, page):
    server = live_site
    import json
    import urllib.request

    document = json.load(urllib.request.urlopen(f"{server}/api/openapi.json"))
    operations = sum(len(methods) for methods in document["paths"].values())
    page.goto(f"{server}/api/docs", wait_until="networkidle")
    page.wait_for_selector(".opblock", timeout=120_000)  # a large document renders slowly on a busy machine
    assert page.locator(".opblock").count() == operations
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".responses-table")
    assert not [m for m in page.console if "error" in m.lower() or "Content Security Policy" in m], [
        m for m in page.console if "error" in m.lower() or "Content Security Policy" in m
    ]
    assert {url.split("/")[2] for url in page.requested if "://" in url} == {server.split("/")[2]}  # nothing from another host


def test_admin_runs_under_csp(live_site, page):
    server = live_site
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
    assert not [
        p
        for p in [m for m in page.console if "error" in m.lower() or "Content Security Policy" in m]
        if "favicon" not in p and "404" not in p
    ], [m for m in page.console if "error" in m.lower() or "Content Security Policy" in m]
