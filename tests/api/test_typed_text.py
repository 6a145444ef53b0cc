"""Text typed into any write, through the API: generated from the OpenAPI document, so a new field
or operation is covered the day it is added. Every string field refuses control characters; every
single-line one (all but those marked `x-multi-line`, the descriptions) refuses a line break and the
text-direction controls; an unknown field is refused by name. Each refusal is a 422 naming the
field, and changes nothing."""

import json

import pytest

from activations.models import Activation, Session, Venue
from signups.models import SignUp
from tests import factories
from tests.api.conftest import paired_kiosk

pytestmark = pytest.mark.django_db


def _resolve(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # `X | None`
        schema = next((_resolve(document, s) for s in schema["anyOf"] if s.get("type") != "null"), schema)
    return schema


def _string_fields(document, schema, path=()):
    """(path, is multi-line) of every string a body can hold, one level into lists of objects."""
    schema = _resolve(document, schema)
    for name, prop in schema.get("properties", {}).items():
        multi = bool(prop.get("x-multi-line"))
        prop = _resolve(document, prop)
        if prop.get("type") == "string" and "enum" not in prop and "format" not in prop and "pattern" not in prop:
            yield (*path, name), multi
        elif prop.get("type") == "array":
            items = _resolve(document, prop.get("items", {}))
            if items.get("type") == "object" or "properties" in items:
                yield from _string_fields(document, items, (*path, name, 0))


def _body(path, value):
    for part in reversed(path):
        value = [value] if isinstance(part, int) else {part: value}
    return value


def _writes(document):
    for url, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                yield method.upper(), url, content["schema"]


@pytest.fixture
def callers(client, auth_headers, org):
    activation = factories.activation(org)
    _, kiosk = paired_kiosk(activation)
    return [auth_headers, kiosk]


def _send(client, callers, method, url, body):
    url = url.replace("{", "").replace("}", "")
    url = "/".join("1" if part.endswith("_id") or part in ("token",) else part for part in url.split("/"))
    for headers in callers:  # organizer first; the kiosk's own operations refuse an organizer with 401
        response = client.generic(method, url, json.dumps(body), content_type="application/json", **headers)
        if response.status_code != 401:
            return response
    return response


def _cases(client):
    document = client.get("/api/openapi.json").json()
    for method, url, schema in _writes(document):
        for path, multi in _string_fields(document, schema):
            yield method, url, path, multi


def snapshot():
    return [list(m.objects.order_by("pk").values()) for m in (Venue, Activation, Session, SignUp)]


def test_every_text_field_of_every_write_refuses_control_characters(client, callers):
    cases = list(_cases(client))
    assert len(cases) >= 30, "the schema walk found too few text fields"
    before = snapshot()
    failures = []
    for method, url, path, multi in cases:
        field = ".".join(str(p) for p in path)
        tries = ["bell\x07ring", "esc\x1b[31m", "del\x7f"]
        if not multi:
            tries += ["two\nlines", "carriage\rreturn", "\u202egnp.exe", "iso\u2066late"]
        for value in tries:
            response = _send(client, callers, method, url, _body(path, value))
            fields = response.json().get("fields", []) if response.status_code == 422 else []
            if response.status_code != 422 or field not in [f["field"] for f in fields]:
                failures.append((method, url, field, repr(value), response.status_code, response.content[:160]))
    assert not failures, "\n".join(map(str, failures))
    assert snapshot() == before


def test_descriptions_keep_their_line_breaks(client, auth_headers, org):
    venue = factories.venue(org)
    response = client.post(
        "/api/activations",
        json.dumps(
            {
                "kind": "panel",
                "title": "Songwriters' circle",
                "venue": venue.pk,
                "starts_at": "2031-05-01T10:00",
                "ends_at": "2031-05-01T12:00",
                "description": "Bring a song.\nOr just listen.\r\nTea after.",
            }
        ),
        content_type="application/json",
        **auth_headers,
    )
    assert response.status_code == 201, response.content
    assert Activation.objects.get(title="Songwriters' circle").description == "Bring a song.\nOr just listen.\r\nTea after."


def test_an_unknown_field_is_refused_by_name(client, festival_session=None, org=None):
    session = factories.session_starting_in(__import__("datetime").timedelta(days=2))
    response = client.post(
        f"/api/sessions/{session.pk}/signups",
        json.dumps({"display_name": "Sam", "emial": "sam@example.org"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"] == [
        {"field": "emial", "message": "is not a field of this request (check its spelling); nothing was saved"}
    ]
    assert not SignUp.objects.exists()
