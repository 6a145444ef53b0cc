"""No input, however malformed, gets a 500: each answers a 4xx `{"detail", "code"}` and changes nothing."""

import json

import pytest

from activations.models import Activation, Venue
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def venue(org):
    return factories.venue(org)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"detail", "code"} and body["detail"]
    if code:
        assert body["code"] == code, body
    return body


def post_json(client, path, data, headers, **extra):
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    return client.post(path, body, content_type=extra.pop("content_type", "application/json"), **headers, **extra)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/activations/{HUGE}",
        f"/api/sessions/{HUGE}",
        f"/api/activations/{HUGE}/sessions",
        "/api/activations/-1",
        "/api/activations/0",
    ],
)
def test_ids_out_of_the_databases_range_are_404(client, path, auth_headers):
    assert_error(client.get(path), 404, "not_found")
    assert_error(client.get(path, **auth_headers), 404, "not_found")


def test_write_to_an_id_out_of_range_is_404(client, auth_headers):
    assert_error(client.patch(f"/api/venues/{HUGE}", "{}", content_type="application/json", **auth_headers), 404)
    assert_error(client.delete(f"/api/activations/{HUGE}", **auth_headers), 404)


@pytest.mark.parametrize(
    "query,field",
    [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
        ("offset=-1", "offset"),
        (f"offset={HUGE}", "offset"),
        ("kind=%00", "kind"),
        ("kind=concert", "kind"),
        ("country=U%00", "country"),
        ("country=USA", "country"),
        ("starts_after=yesterday", "starts_after"),
        ("starts_before=2030-13-45", "starts_before"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_field(client, query, field):
    body = assert_error(client.get(f"/api/activations?{query}"), 422, "invalid")
    assert field in [f["field"] for f in body["fields"]]


def test_nul_character_anywhere_in_a_body_is_422_with_its_path(client, auth_headers):
    body = assert_error(
        post_json(
            client,
            "/api/venues",
            {"name": "Tent\x00", "city": "NYC", "country": "US", "timezone": "America/New_York"},
            auth_headers,
        ),
        422,
        "invalid",
    )
    assert body["fields"] == [{"field": "name", "message": "must not contain a NUL (\\u0000) character"}]
    assert not Venue.objects.exists()


def test_nul_character_in_a_path_is_4xx(client):
    assert_error(client.get("/api/activations/1%00"), 422, "invalid")
    assert_error(client.get("/api/signups/abc%00def"), 404)


@pytest.mark.parametrize(
    "raw,code",
    [
        (b"{not json", "malformed_json"),
        (b"\xff\xfe\x00", "malformed_body"),
        (b'{"name": "a"', "malformed_json"),
        (b"[" * 5000 + b"]" * 5000, None),
    ],
)
def test_a_body_that_is_not_json_is_400(client, auth_headers, raw, code):
    response = post_json(client, "/api/venues", raw, auth_headers)
    assert response.status_code in (400, 422)
    assert_error(response, response.status_code, code)
    assert not Venue.objects.exists()


@pytest.mark.parametrize("body", [b"[]", b"null", b"42", b'"text"', b"{}"])
def test_json_of_the_wrong_shape_is_422(client, auth_headers, body):
    assert_error(post_json(client, "/api/venues", body, auth_headers), 422, "invalid")


def test_a_body_not_sent_as_json_is_415(client, auth_headers):
    response = client.post("/api/venues", "name=x", content_type="application/x-www-form-urlencoded", **auth_headers)
    assert_error(response, 415, "unsupported_media_type")
    response = client.post("/api/venues", json.dumps({"name": "x"}), content_type="text/plain", **auth_headers)
    assert_error(response, 415, "unsupported_media_type")


def test_a_body_over_the_limit_is_413_json_before_anything_reads_it(client, auth_headers, settings):
    big = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    assert_error(post_json(client, "/api/venues", big, auth_headers), 413, "body_too_large")
    # …also when the Idempotency-Key middleware would have read the body first
    assert_error(post_json(client, "/api/venues", big, auth_headers, HTTP_IDEMPOTENCY_KEY="k-1"), 413, "body_too_large")


def test_unknown_api_path_and_method_answer_json(client):
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")
    response = client.put("/api/activations", "{}", content_type="application/json")
    body = assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and "GET" in body["detail"]


def test_dates_beyond_year_9999_after_conversion_are_4xx(client, auth_headers, venue):
    response = post_json(
        client,
        "/api/activations",
        {
            "kind": "panel",
            "title": "Far",
            "venue": venue.pk,
            "starts_at": "9999-12-31T23:00:00",
            "ends_at": "9999-12-31T23:30:00",
        },
        auth_headers,
    )
    body = assert_error(response, 422, "invalid")
    assert {f["field"] for f in body["fields"]} == {"starts_at", "ends_at"}
    assert not Activation.objects.exists()


def test_oversized_fields_are_422_naming_them(client, auth_headers, venue):
    body = assert_error(
        post_json(
            client,
            "/api/activations",
            {
                "kind": "panel",
                "title": "T" * 201,
                "venue": venue.pk,
                "description": "d" * 10001,
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-01-01T11:00",
            },
            auth_headers,
        ),
        422,
        "invalid",
    )
    assert {f["field"] for f in body["fields"]} == {"title", "description"}


def test_bad_idempotency_keys_are_400(client, auth_headers, venue):
    for key in ("k" * 201, "with space", "caf\u00e9"):
        response = post_json(
            client,
            "/api/venues",
            {"name": "V", "city": "C", "country": "US", "timezone": "UTC"},
            auth_headers,
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert_error(response, 400, "bad_idempotency_key")
    assert Venue.objects.count() == 1


def test_too_many_query_fields_is_400_json(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.get("/api/activations?" + "&".join(f"x{i}=1" for i in range(20)))
    assert_error(response, 400)
