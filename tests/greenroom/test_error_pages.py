"""With DEBUG=0, a wrong link, a refusal or a bug shows a page in the site's style with a way back
and the crisis-line link; the 500 page is made without touching the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.greenroom.error_urls"


def _is_site_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert heading in html
    assert 'href="/"' in html and 'href="/help/"' in html and "Find a crisis line" in html
    assert "greenroom/site.css" in html  # the site's style, not Django's bare page


def test_a_mistyped_link_shows_the_404_page(client, production):
    _is_site_page(client.get("/a/no-such-festival/"), 404, "We can't find that page")
    _is_site_page(client.get("/signups/not-a-token/"), 404, "We can't find that page")


def test_a_refusal_shows_the_403_page(client, production):
    _is_site_page(client.get("/forbidden/"), 403, "This page isn't open to you")


def test_a_bug_shows_the_500_page_without_a_database_query(client, production):
    client.raise_request_exception = False
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/boom/")
    _is_site_page(response, 500, "Something went wrong on our side")
    assert len(queries) == 0


def test_the_api_still_answers_json_for_an_unknown_address(client, production):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
