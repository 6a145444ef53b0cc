"""Field types the API's schemas share, bounded so that no value can reach the database and fail there."""
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _plausible(value: datetime) -> datetime:
    # Far-future years overflow when a venue's offset is applied (9999-12-31T23:00 in New York is
    # year 10000 in UTC), and PostgreSQL would store a year Python can then not read back.
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


Moment = Annotated[
    datetime,
    AfterValidator(_plausible),
    Field(description="ISO 8601; with an offset, that instant; without one, the venue's local time",
          examples=["2026-06-12T14:00:00"]),
]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
