"""The re-check worklist in Debian's Chromium: an organizer signs in, sees the lines to call with their
scripts, and taps "Dead" on one; the page says so and the line is gone from it. A screenshot is kept
in the test's tmp folder (WORKLIST_SHOT=<file> saves it there too)."""

import os
import shutil

import pytest
from django.contrib.auth.models import Permission

from helplines.models import CrisisLine
from printables.models import CardBatch
from tests import factories
from tests.browser import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organizer_works_through_the_worklist(live_site, new_page, directory, tmp_path):
    org = factories.organization(name="Festival Wellbeing", slug="festival-wellbeing")
    factories.activation(org, factories.venue(org, country="BE", city="Brussels", timezone="Europe/Brussels"))
    batch = CardBatch.objects.create(organization=org, country="NO", language="en", count=10)
    user = factories.organizer(org, username="gwen")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="helplines"))
    page = new_page(DESKTOP)
    page.goto(f"{live_site}/admin/login/?next=/admin/helplines/crisisline/worklist/")
    page.fill("#id_username", "gwen")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_site}/admin/helplines/crisisline/worklist/")
    kirkens = page.locator("section.wl-line", has_text="Kirkens SOS")
    assert kirkens.is_visible() and "Call 22 40 00 40" in kirkens.inner_text()
    assert {page.locator(".wl-country").nth(i).inner_text()[-3:-1] for i in range(page.locator(".wl-country").count())} <= {
        "BE",
        "NO",
    }
    shot = tmp_path / "worklist.png"
    page.screenshot(path=str(shot), full_page=False)
    if os.environ.get("WORKLIST_SHOT"):
        shutil.copy(shot, os.environ["WORKLIST_SHOT"])
    kirkens.locator("button[value=dead]").click()
    page.wait_for_load_state()
    assert "Kirkens SOS (NO): unvetted" in page.locator(".messagelist").inner_text()
    assert page.locator("section.wl-line", has_text="Kirkens SOS").count() == 0
    assert CrisisLine.objects.get(key="no-kirkens-sos").status == "unvetted"
    batch.refresh_from_db()
    assert [w["code"] for w in batch.warnings] == ["line_dead"]
    assert not page.errors, page.errors
