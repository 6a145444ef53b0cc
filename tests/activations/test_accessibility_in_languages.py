"""axe-core (WCAG 2.2 A/AA) on the activation page and a sign-up's own page in Japanese, Arabic
(right to left) and German, in headless Chromium: the languages change the words, the direction
and the line lengths, and each must stay accessible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.kiosk.browser_support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def festival_day(org):
    venue = factories.venue(org, name="Riverside Park", city="London", country="GB", timezone="Europe/London")
    now = timezone.now()
    activation = factories.activation(
        org, venue, title="Riverside Wellness Booth", slug="riverside", starts_at=now - timedelta(hours=1)
    )
    session = factories.session(activation, title="Songwriting circle", starts_at=now + timedelta(hours=3), capacity=12)
    factories.session(activation, title="Breathwork", starts_at=now + timedelta(hours=5), capacity=1)
    return activation, factories.signup(session)


@pytest.mark.parametrize("language, direction", [("ja", "ltr"), ("ar", "rtl"), ("de", "ltr")])
def test_the_attendee_pages_are_accessible_in_each_language(new_page, festival_day, language, direction):
    activation, signup = festival_day
    page = new_page(bypass_csp=True)  # so that axe-core can be injected
    for path in (f"/a/{activation.slug}/?lang={language}", f"{signup.get_absolute_url()}?lang={language}"):
        page.goto(path)
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), path
        assert axe_violations(page) == [], path
