"""The API's list pagination: `?limit=&offset=` → `{"items": [...], "count": N}`, with bounds a
database can answer (an offset beyond 2^63 would be refused by PostgreSQL and SQLite alike)."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="How many items (at most %d)" % settings.NINJA_PAGINATION_MAX_LIMIT,
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")
