"""How the API reads a request: strict JSON, no NUL characters, and errors that name the field.

PostgreSQL cannot store or even compare a string holding a NUL character (\\x00), and no festival
team ever typed one; query strings holding one are refused here, with the parameter's name.
"""

import json

from ninja.parser import Parser


class UnreadableBody(Exception):
    """The body is not JSON (or not UTF-8); the API answers 400 with this message."""

    def __init__(self, detail: str, code: str = "malformed_json"):
        super().__init__(detail)
        self.detail = detail
        self.code = code


class NulCharacter(Exception):
    """A string in the request holds a NUL character; the API answers 422 naming where."""

    def __init__(self, source: str, path: tuple):
        super().__init__(f"NUL character in {source} {path}")
        self.source = source
        self.path = path


def find_nul(value, path=()):
    """The path to the first string (or key) containing a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "\x00" in key:
                return (*path, key)
            found = find_nul(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_nul(item, (*path, index))
            if found is not None:
                return found
    return None


MAX_DEPTH = 16  # no request of ours nests deeper than 3; validators would recurse into the rest


def _depth(value) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def read_json(request):
    """The request body as JSON, the API's way: UTF-8, valid JSON, nested at most MAX_DEPTH deep
    (else `UnreadableBody`, answered 400/415). For handlers whose body is optional, too."""
    content_type = request.content_type or ""
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise UnreadableBody(
            f"Send the body as JSON with Content-Type: application/json (not “{content_type or 'none'}”).",
            "unsupported_media_type",
        )
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableBody("The request body is not UTF-8 text.", "malformed_body") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableBody(f"The request body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).") from exc
    except RecursionError as exc:
        raise UnreadableBody(f"The request body is nested too deeply (more than {MAX_DEPTH} levels).", "too_deep") from exc
    if _depth(data) > MAX_DEPTH:
        raise UnreadableBody(f"The request body is nested too deeply (more than {MAX_DEPTH} levels).", "too_deep")
    # NUL characters in bodies are refused field by field (api.fields.WriteSchema, or the service's
    # own check with its own code); the database's refusal is a 400 as a last resort (api/api.py).
    return data


class GreenroomParser(Parser):
    def parse_body(self, request):
        return read_json(request)

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        found = find_nul(result)
        if found is not None:
            raise NulCharacter("query", found)
        return result
