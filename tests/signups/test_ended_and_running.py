"""Public pages say when a session has ended or is happening now, and offer no sign-up then."""

from datetime import timedelta

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def _session_html(html, session):
    return html.split(f'id="session-{session.pk}"', 1)[1].split("</li>", 1)[0]


def test_an_ended_session_says_so_and_offers_no_sign_up(client):
    ended = factories.session_starting_in(timedelta(hours=-3), minutes=60, title="Morning stretch")
    html = client.get(ended.activation.get_absolute_url()).content.decode()
    part = _session_html(html, ended)
    assert "This event has ended" in part
    assert "places free" not in part and "Sign up" not in part and "waiting list" not in part


def test_a_running_session_says_happening_now(client):
    running = factories.session_starting_in(timedelta(minutes=-10), minutes=60)
    later = factories.session_starting_in(timedelta(hours=3), activation_obj=running.activation)
    html = client.get(running.activation.get_absolute_url()).content.decode()
    assert "Happening now" in _session_html(html, running) and "Sign up" not in _session_html(html, running)
    assert "Happening now" not in _session_html(html, later) and "Sign up" in _session_html(html, later)
    assert "Happening now" in client.get("/").content.decode()  # the activation is running too


def test_an_ended_activation_says_so(client, org):
    past = factories.activation(
        org, slug="last-year", starts_at=factories.local("UTC", 2020, 6, 1, 10), ends_at=factories.local("UTC", 2020, 6, 3, 18)
    )
    factories.session(past)
    html = client.get("/a/last-year/").content.decode()
    assert "This event has ended" in html and "Sign up" not in html
