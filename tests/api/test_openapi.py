"""/api/openapi.json describes every operation — who may call it, every error it can answer, examples —
and /api/docs renders it from the project's own files, under our Content-Security-Policy."""

import re

import pytest

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_lists_its_shared_errors_and_callers(document):
    seen = 0
    for path, method, operation in operations(document):
        seen += 1
        responses = {int(code) for code in operation["responses"]}
        assert {400, 404, 422} <= responses, (method, path)
        if operation.get("security"):
            assert 401 in responses, (method, path)
            assert "**Who may call:**" in operation["description"], (method, path)
        if "requestBody" in operation:
            assert {413, 415} <= responses, (method, path)
        if method in WRITE_METHODS:
            assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"]), (method, path)
        for code, answer in operation["responses"].items():
            if int(code) >= 400:
                media = answer["content"]["application/json"]
                assert "example" in media and {"detail", "code"} <= set(media["example"]), (method, path, code)
    assert seen >= 14


def test_public_operations_say_no_credential_is_needed(document):
    listing = document["paths"]["/api/activations"]["get"]
    assert {} in listing["security"] and {"OrganizerToken": []} in listing["security"]
    assert "the public (published data only)" in listing["description"]
    create = document["paths"]["/api/activations"]["post"]
    assert {} not in create["security"]
    assert "organizers" in create["description"] and "public" not in create["description"]


def test_security_schemes_name_our_doors(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["OrganizerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["OrganizerToken"]["description"],
    }
    assert schemes["KioskCredential"]["in"] == "header" and schemes["KioskCredential"]["name"] == "X-Kiosk-Credential"
    assert schemes["OrganizerSession"]["in"] == "cookie"


def _strings(schema, components, path=""):
    """Every string property in a request schema, resolving $refs (and anyOf for optional fields)."""
    if "$ref" in schema:
        yield from _strings(components[schema["$ref"].rsplit("/", 1)[-1]], components, path)
        return
    for option in schema.get("anyOf", []):
        yield from _strings(option, components, path)
    if schema.get("type") == "string":
        yield path, schema
    for name, prop in schema.get("properties", {}).items():
        yield from _strings(prop, components, f"{path}.{name}")
    if "items" in schema:
        yield from _strings(schema["items"], components, f"{path}[]")


def test_every_string_a_caller_sends_has_a_maximum_size(document):
    components = document["components"]["schemas"]
    unbounded = []
    for path, method, operation in operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        sources = [("body", body)] if body else []
        sources += [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
        for where, schema in sources:
            for field, string in _strings(schema, components, where):
                bounded = (
                    "maxLength" in string
                    or "enum" in string
                    or "const" in string
                    or string.get("format") in ("date-time", "date")
                )
                if not bounded:
                    unbounded.append(f"{method.upper()} {path} {field}")
    assert not unbounded, unbounded


def test_request_bodies_have_examples(document):
    components = document["components"]["schemas"]
    missing = []
    for path, method, operation in operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if body and "$ref" in body:
            schema = components[body["$ref"].rsplit("/", 1)[-1]]
            props = schema.get("properties", {})
            # a whole example, or one for each required field
            if not schema["title"].endswith("Patch") and not (
                schema.get("examples")
                or all("examples" in props[name] or "enum" in props[name] for name in schema.get("required", []))
            ):
                missing.append(f"{method.upper()} {path} ({schema['title']})")
    assert not missing, missing


def test_docs_page_loads_only_the_projects_own_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
    # no inline script to execute (the settings are a JSON data block, which CSP does not run)
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        attributes, content = script
        assert "src=" in attributes or 'type="application/json"' in attributes, script
