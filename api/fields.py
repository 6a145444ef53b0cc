"""Field types the API's schemas share, bounded so that no value can reach the database and fail there."""

import re
from datetime import datetime
from typing import Annotated, ClassVar

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator

from core import text

EARLIEST_YEAR, LATEST_YEAR = 1900, 2200

# ISO 8601 date and time, the offset optional (without one, the venue's local time). Written out
# rather than `format: date-time`, which (RFC 3339) would demand an offset.
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"
_MOMENT = re.compile(MOMENT_PATTERN)


def _iso_text(value):
    # Pydantic would also read 0.5 or "1700000000" as seconds since 1970: not what anyone meant.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _MOMENT.match(value):
        raise ValueError("must be an ISO 8601 date and time, e.g. 2026-06-12T14:00 or 2026-06-12T14:00:00-04:00")
    return value


def _plausible(value: datetime) -> datetime:
    # Far-future years overflow when a venue's offset is applied (9999-12-31T23:00 in New York is
    # year 10000 in UTC), and PostgreSQL would store a year Python can then not read back.
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


Moment = Annotated[
    datetime,
    BeforeValidator(_iso_text),
    AfterValidator(_plausible),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MOMENT_PATTERN,
            "maxLength": 32,
            "description": "ISO 8601; with an offset, that instant; without one, the venue's local time",
            "examples": ["2026-06-12T14:00:00", "2026-06-12T14:00:00-04:00"],
        }
    ),
]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store a NUL character; refuse it with the field's name instead of a 400 later.
    if "\x00" in value:
        raise ValueError("must not contain a NUL (\\u0000) character")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""A string field: `name: Text = Field(..., max_length=200)`."""

# A secret from a link (sign-up token). Documented with its shape, not validated here: whatever does
# not match is simply no sign-up, and the service answers 404 (`unknown_signup`) for it.
SecretToken = Annotated[str, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"})]


class WriteSchema(Schema):
    """The base of every request body: unknown fields are refused (422 naming them, so a typo such
    as "emial" never loses an email), and every string is typed text (core.text): no control
    characters, and one line unless the field is named in `multi_line` (descriptions)."""

    model_config = ConfigDict(extra="forbid")
    multi_line: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        """The OpenAPI document marks the fields that keep line breaks (`x-multi-line`)."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        for name in cls.multi_line:
            if name in target.get("properties", {}):
                target["properties"][name]["x-multi-line"] = True
        return schema

    @field_validator("*", mode="after")
    @classmethod
    def _typed_text(cls, value, info: ValidationInfo):
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, str):
                found = text.problem(item, multi_line=info.field_name in cls.multi_line)
                if found:
                    raise ValueError(found)
        return value
