"""Public sign-ups — through the API and the activation page's form — are limited per client IP;
kiosks and organizers are not; a refused attempt writes nothing and says how long to wait."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from signups.models import SignUp
from tests import factories
from tests.api.conftest import bearer, paired_kiosk

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(org, settings):
    settings.GREENROOM_RATE_LIMITS = {**settings.GREENROOM_RATE_LIMITS, "signups": "3/m"}
    now = timezone.now()
    festival = factories.activation(org, slug="harbor", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=2))
    return factories.session(festival, starts_at=now + timedelta(hours=3), capacity=100)


def sign_up(client, session, n, **headers):
    return client.post(
        f"/api/sessions/{session.pk}/signups",
        json.dumps({"display_name": f"Fan {n}"}),
        content_type="application/json",
        **headers,
    )


def test_public_api_sign_ups_are_limited_per_address(client, workshop):
    codes = [sign_up(client, workshop, n, REMOTE_ADDR="203.0.113.5").status_code for n in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = sign_up(client, workshop, 9, REMOTE_ADDR="203.0.113.5")
    assert refused.json()["code"] == "rate_limited" and "wait" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert SignUp.objects.count() == 3
    assert sign_up(client, workshop, 10, REMOTE_ADDR="203.0.113.6").status_code == 201  # another client


def test_kiosk_and_organizer_sign_ups_are_not_limited(client, workshop, organizer):
    _, kiosk = paired_kiosk(workshop.activation)
    staff = bearer(organizer)
    assert all(sign_up(client, workshop, n, REMOTE_ADDR="10.0.0.1", **kiosk).status_code == 201 for n in range(5))
    assert all(sign_up(client, workshop, n + 10, REMOTE_ADDR="10.0.0.1", **staff).status_code == 201 for n in range(5))


def test_a_replayed_idempotent_sign_up_does_not_count(client, workshop):
    statuses = [
        sign_up(client, workshop, 1, REMOTE_ADDR="203.0.113.8", HTTP_IDEMPOTENCY_KEY="tablet-retry-1").status_code
        for _ in range(5)
    ]
    assert statuses == [201, 409, 409, 409, 409]  # answered once; the token is never shown again (never 429)
    assert SignUp.objects.count() == 1


def test_the_page_form_shares_the_limit_with_the_api(client, workshop):
    def form(n):
        return client.post(
            "/a/harbor/signup/",
            {"session": workshop.pk, "display_name": f"Walk {n}"},
            REMOTE_ADDR="198.51.100.3",
        )

    assert form(1).status_code == 302
    assert sign_up(client, workshop, 2, REMOTE_ADDR="198.51.100.3").status_code == 201
    assert form(3).status_code == 302
    refused = form(4)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert b"Please wait" in refused.content
    assert SignUp.objects.count() == 3
    assert client.get("/a/harbor/", REMOTE_ADDR="198.51.100.3").status_code == 200  # reading is never limited


def test_openapi_documents_the_429(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/sessions/{session_id}/signups"]["post"]
    assert "429" in operation["responses"] and "Retry-After" in operation["responses"]["429"]["headers"]


def test_wrong_number_reports_are_limited_per_address_and_set_no_cookie(client, settings):
    from helplines.models import WrongNumberReport
    from helplines.services.reports import form_token
    from tests.helplines.conftest import import_helplines

    import_helplines()
    settings.GREENROOM_RATE_LIMITS = {**settings.GREENROOM_RATE_LIMITS, "wrong_number_reports": "2/h"}

    def report():
        return client.post(
            "/help/GB/report/",
            {"token": form_token("GB"), "message": "No answer"},
            REMOTE_ADDR="192.0.2.44",
        )

    assert [report().status_code for _ in range(3)] == [200, 200, 429]
    refused = report()
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1 and not refused.cookies
    assert WrongNumberReport.objects.count() == 2
    assert client.get("/help/GB/report/", REMOTE_ADDR="192.0.2.44").status_code == 200  # the form still shows
