"""The OpenAPI document says, for every operation, who may call it and every error it can answer.

Routers declare their success answers and domain errors (409 `session_full`…); this module adds
what every operation shares, so no router has to remember it and the document never contradicts
the server: 400/422 (malformed or invalid input), 401 (a wrong credential, or none where one is
needed), 403 (CSRF on session writes), 404, 413/415 for bodies, 429 where a rate limit applies,
the `Idempotency-Key` header on writes, and an empty security requirement where the public may call.
"""

from ninja.openapi.schema import OpenAPISchema

ERROR_REF = {"$ref": "#/components/schemas/Error"}
INVALID_REF = {"$ref": "#/components/schemas/InvalidInput"}
WRITE_METHODS = {"post", "put", "patch", "delete"}

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What is wrong, for a person"},
        "code": {"type": "string", "description": "What is wrong, for a program (stable)"},
    },
    "required": ["detail", "code"],
}
INVALID_SCHEMA = {
    "title": "InvalidInput",
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "examples": ["invalid"]},
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail", "code"],
}


def _error(description: str, example: dict, schema=ERROR_REF) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema, "example": example}}}


SHARED_ERRORS = {
    400: _error(
        "Malformed request: the body is not JSON, a header is bad, or a value cannot be stored.",
        {"detail": "The request body is not valid JSON (Expecting value at line 1 column 1).", "code": "malformed_json"},
    ),
    401: _error(
        "A credential is needed, or the one sent is unknown or revoked.",
        {"detail": "This API token is unknown or revoked.", "code": "unauthenticated"},
    ),
    403: _error(
        "Refused: a browser write without its CSRF token, or an action this caller may not take.",
        {
            "detail": "CSRF check failed: browser calls with the admin's session must send the X-CSRFToken header.",
            "code": "csrf_failed",
        },
    ),
    404: _error(
        "No such object, or it belongs to another organization (ids never leak).", {"detail": "Not found.", "code": "not_found"}
    ),
    413: _error(
        "The body is larger than the server accepts (256 KB).",
        {"detail": "The request body is larger than 256 KB.", "code": "body_too_large"},
    ),
    415: _error(
        "The body is not sent as JSON.",
        {
            "detail": "Send the body as JSON with Content-Type: application/json (not “text/plain”).",
            "code": "unsupported_media_type",
        },
    ),
    422: _error(
        "Invalid input; `fields` names each wrong field with its message.",
        {
            "detail": "Invalid input — ends_at: The activation must end after it starts.",
            "code": "invalid",
            "fields": [{"field": "ends_at", "message": "The activation must end after it starts."}],
        },
        INVALID_REF,
    ),
    429: _error(
        "Too many requests from this client; `Retry-After` says how many seconds to wait.",
        {"detail": "Too many requests; please wait 42 seconds and try again.", "code": "rate_limited"},
    ),
}

OTHER_EXAMPLES = {
    409: {"detail": "This conflicts with the current state of the data; nothing was changed.", "code": "conflict"},
}


def _example_for(status: int) -> dict:
    if status in SHARED_ERRORS:
        return SHARED_ERRORS[status]["content"]["application/json"]["example"]
    from api.guard import error_body

    return OTHER_EXAMPLES.get(status, error_body(status))


IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Makes a retried write take effect once: the same key and body again returns the first "
    "answer (with `Idempotent-Replayed: true`); the same key with another body answers 422. "
    "Kept 24 hours, per caller.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"},
}


def _is_public(auth) -> bool:
    from api.auth import Public

    return isinstance(auth, Public)


def _callers(auths) -> str:
    from api.auth import KioskCredential, OrganizerSession, OrganizerToken

    names = []
    if any(isinstance(a, (OrganizerToken, OrganizerSession)) for a in auths):
        names.append("organizers (bearer token or admin session)")
    if any(isinstance(a, KioskCredential) for a in auths):
        names.append("kiosk devices of the activation")
    if any(_is_public(a) for a in auths):
        names.append("the public (published data only)")
    return ", ".join(names)


def _tidy_optional_body(body: dict) -> None:
    """An optional body (`payload: X | None = None`) is documented as X with `required: false`,
    not as "X or null": sending nothing is how a client leaves it out."""
    if body.get("required"):
        return
    for media in body.get("content", {}).values():
        choices = media.get("schema", {}).get("anyOf", [])
        refs = [c for c in choices if c != {"type": "null"}]
        if len(choices) == 2 and len(refs) == 1:
            media["schema"] = refs[0]


class GreenroomSchema(OpenAPISchema):
    def operation_details(self, operation):
        result = super().operation_details(operation)
        method = next(iter(operation.methods), "GET").lower()
        auths = list(operation.auth_callbacks or [])
        responses = result["responses"]
        secured = any(hasattr(a, "openapi_security_schema") for a in auths)
        wanted = [400, 404, 422]
        if secured:
            wanted.append(401)
            if method in WRITE_METHODS:
                wanted.append(403)
        if "requestBody" in result:
            wanted += [413, 415]
            _tidy_optional_body(result["requestBody"])
        if any(getattr(t, "limit", None) is not None for t in (operation.throttle_objects or [])):
            wanted.append(429)
        for status in sorted(wanted):
            responses.setdefault(status, SHARED_ERRORS[status])
        for status, answer in responses.items():
            # A router's own error schema stays; an example is added where it gave none.
            if int(status) >= 400 and "content" in answer:
                for media in answer["content"].values():
                    media.setdefault("example", _example_for(int(status)))
        if 429 in responses:
            responses[429].setdefault("headers", {})["Retry-After"] = {
                "description": "Seconds to wait",
                "schema": {"type": "integer"},
            }
        if secured and any(_is_public(a) for a in auths):
            result.setdefault("security", []).append({})
        if auths:
            callers = _callers(auths)
            if callers:
                result["description"] = (result.get("description", "") + f"\n\n**Who may call:** {callers}.").strip()
        if method in WRITE_METHODS:
            params = result.setdefault("parameters", [])
            if not any(p.get("name") == "Idempotency-Key" for p in params):
                params.append(dict(IDEMPOTENCY_HEADER))
        return result

    def get_components(self):
        components = super().get_components()
        components["schemas"].setdefault("Error", ERROR_SCHEMA)
        components["schemas"].setdefault("InvalidInput", INVALID_SCHEMA)
        return components


class GreenroomOpenAPI:
    """Mixed into the NinjaAPI: builds its document with `GreenroomSchema`."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return GreenroomSchema(api=self, path_prefix=path_prefix)
