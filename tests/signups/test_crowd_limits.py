"""Rate limits stop abuse without refusing a crowd: 200 people behind one address (a festival's
Wi-Fi, a carrier's NAT) all sign up within 10 minutes, while one client hammering one session,
or one email hammered from anywhere, is slowed."""

import json
from datetime import timedelta

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from signups.models import SignUp
from tests import factories

pytestmark = pytest.mark.django_db
NAT = "100.64.0.1"  # one carrier-grade NAT address for everyone


@pytest.fixture
def talk(org):
    now = timezone.now()
    festival = factories.activation(
        org, slug="after-the-talk", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1)
    )
    return factories.session(festival, starts_at=now + timedelta(hours=2), capacity=250)


def phone():
    """One person's browser: its own cookies (the CSRF cookie a real page visit sets)."""
    browser = Client(REMOTE_ADDR=NAT, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)")
    browser.cookies["csrftoken"] = _get_new_csrf_string()  # a well-formed cookie, as Django sets it
    return browser


def form(browser, talk, name, email=""):
    return browser.post("/a/after-the-talk/signup/", {"session": talk.pk, "display_name": name, "email": email})


def test_two_hundred_people_behind_one_address_all_get_in(talk):
    codes = [form(phone(), talk, f"Fan {n}").status_code for n in range(200)]
    assert codes.count(302) == 200, [c for c in codes if c != 302][:3]
    assert SignUp.objects.filter(session=talk, status="confirmed").count() == 200


def test_one_client_hammering_one_session_is_slowed(talk):
    browser = phone()
    codes = [form(browser, talk, f"Bot {n}").status_code for n in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]
    assert SignUp.objects.count() == 5
    assert form(phone(), talk, "Someone else").status_code == 302  # the crowd beside it still gets in


def test_one_email_hammered_from_many_clients_is_slowed(talk, client):
    answers = [
        client.post(
            f"/api/sessions/{talk.pk}/signups",
            json.dumps({"display_name": f"N {n}", "email": "target@example.org"}),
            content_type="application/json",
            REMOTE_ADDR=f"198.51.100.{n}",
            HTTP_USER_AGENT=f"bot {n}",
        )
        for n in range(7)
    ]
    assert [a.status_code for a in answers[:5]] == [201] + [200] * 4  # one sign-up, the link re-sent at most
    assert [a.status_code for a in answers[5:]] == [429, 429]
    assert answers[5].json()["code"] == "rate_limited" and int(answers[5]["Retry-After"]) >= 1
    assert SignUp.objects.count() == 1
