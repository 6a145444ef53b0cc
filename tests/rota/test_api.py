"""The rota API as an outside program sees it: shapes, scoping, 201 and each 409 with its code."""

from datetime import date

import pytest

from rota.models import Assignment, Shift
from tests import factories
from tests.rota.conftest import ny, shift, volunteer

pytestmark = pytest.mark.django_db


def test_shifts_are_planned_in_venue_time_and_listed_with_their_people(client, auth_headers, festival, sam):
    answer = client.post(
        f"/api/activations/{festival.pk}/shifts",
        {
            "role": "Peer supporter",
            "starts_at": "2027-06-12T10:00:00",
            "ends_at": "2027-06-12T14:00:00",
            "min_people": 2,
            "max_people": 3,
            "required_training": ["Safeguarding"],
        },
        content_type="application/json",
        **auth_headers,
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["starts_at"].startswith("2027-06-12T14:00:00") and body["required_training"] == ["safeguarding"]
    assert body["people"] == 0

    listed = client.get(f"/api/activations/{festival.pk}/shifts", **auth_headers).json()
    assert listed["count"] == 1 and listed["items"][0]["role"] == "Peer supporter"

    bad = client.post(
        f"/api/activations/{festival.pk}/shifts",
        {"role": "Late", "starts_at": "2027-06-12T14:00:00", "ends_at": "2027-06-12T10:00:00"},
        content_type="application/json",
        **auth_headers,
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert Shift.objects.count() == 1


def test_volunteers_are_added_with_training_and_scoped_to_the_organization(client, auth_headers, org, other_org):
    answer = client.post(
        "/api/volunteers",
        {
            "name": "Ana Lee",
            "email": "Ana@Example.org",
            "phone": "+447911123456",
            "training": [{"tag": "first-aid", "expires_on": "2027-05-01"}],
        },
        content_type="application/json",
        **auth_headers,
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["training"] == [{"tag": "first-aid", "expires_on": "2027-05-01"}]
    assert body["url"].startswith("http://testserver/rota/")
    again = client.post(
        "/api/volunteers", {"name": "Ana", "email": "ana@example.org"}, content_type="application/json", **auth_headers
    )
    assert again.status_code == 409 and again.json()["code"] == "volunteer_exists"
    bad_phone = client.post(
        "/api/volunteers",
        {"name": "Bo", "email": "bo@example.org", "phone": "12"},
        content_type="application/json",
        **auth_headers,
    )
    assert bad_phone.status_code == 422
    volunteer(other_org, "Zed Other")
    listed = client.get("/api/volunteers", **auth_headers).json()
    assert [v["name"] for v in listed["items"]] == ["Ana Lee"]


def test_assignments_answer_201_then_409_with_each_code(client, auth_headers, festival, org, policy):
    trained = {"safeguarding": date(2027, 12, 31)}
    a, b, c = (volunteer(org, n, training=trained) for n in ("Ana Lee", "Ben Okafor", "Cleo Diaz"))
    untrained = volunteer(org, "Dee Untrained")
    small = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14), max_people=1, required_training=["safeguarding"])
    needs_training = shift(festival, ny(2027, 6, 13, 10), ny(2027, 6, 13, 14), required_training=["safeguarding"])
    overlapping = shift(festival, ny(2027, 6, 12, 12), ny(2027, 6, 12, 16))
    too_soon = shift(festival, ny(2027, 6, 12, 17), ny(2027, 6, 12, 18))  # 3 h after Ana's shift ends

    def post(s, v):
        return client.post(
            f"/api/shifts/{s.pk}/assignments", {"volunteer": v.pk}, content_type="application/json", **auth_headers
        )

    first = post(small, a)
    assert first.status_code == 201 and first.json()["volunteer"] == a.pk
    assert post(small, a).status_code == 200  # already on it: the same assignment
    cases = [
        (small, b, "shift_full"),
        (needs_training, untrained, "training_required"),
        (overlapping, a, "overlap"),
        (too_soon, a, "rest_limit"),
    ]
    for s, v, code in cases:
        answer = post(s, v)
        assert answer.status_code == 409, (code, answer.content)
        assert answer.json()["code"] == code and answer.json()["detail"]
    assert list(Assignment.objects.values_list("volunteer__name", flat=True)) == ["Ana Lee"]  # refusals wrote nothing


def test_another_organization_cannot_see_or_staff_our_shifts(client, festival, other_org, sam):
    from api.models import ApiToken

    outsider = factories.organizer(other_org, username="oscar")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(outsider)[1]}"}
    s = shift(festival, ny(2027, 6, 12, 10), ny(2027, 6, 12, 14))
    assert client.get(f"/api/activations/{festival.pk}/shifts", **headers).status_code == 404
    answer = client.post(f"/api/shifts/{s.pk}/assignments", {"volunteer": sam.pk}, content_type="application/json", **headers)
    assert answer.status_code == 404
    assert client.get("/api/volunteers").status_code == 401


def test_the_openapi_document_lists_the_refusal_codes(client):
    doc = client.get("/api/openapi.json").json()
    op = doc["paths"]["/api/shifts/{shift_id}/assignments"]["post"]
    examples = op["responses"]["409"]["content"]["application/json"]["examples"]
    assert set(examples) == {"shift_full", "training_required", "overlap", "rest_limit"}
    assert "/api/volunteers" in doc["paths"] and "/api/activations/{activation_id}/shifts" in doc["paths"]
