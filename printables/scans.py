"""Counting scans of a card batch's QR code: one number per batch and day, nothing about the person.

One INSERT … ON CONFLICT DO UPDATE statement (SQLite ≥ 3.24 and PostgreSQL), so concurrent scans
never lose a count and never collide on the unique (batch, day) row.
"""

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from printables.models import CardBatch, ScanCount

BATCH_TTL = 300


def batch_for_code(code: str) -> tuple[str, str] | None:
    """(country, language) of the batch with this code, cached: a batch's country and language never change."""
    code = (code or "").strip().lower()[:16]
    key = f"helplines:batch:{code}"
    found = cache.get(key)
    if found is None:
        row = CardBatch.objects.filter(code=code).values_list("country", "language").first()
        if row is None:
            return None
        found = (row[0].upper(), row[1])
        cache.set(key, found, BATCH_TTL)
    return found


def count_scan(code: str, day=None) -> None:
    """Adds one scan to today's count for the batch with this code (nothing if the batch is gone)."""
    day = day or timezone.now().date()
    table = connection.ops.quote_name(ScanCount._meta.db_table)
    batches = connection.ops.quote_name(CardBatch._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (batch_id, day, scans) SELECT id, %s, 1 FROM {batches} WHERE code = %s "
            f"ON CONFLICT (batch_id, day) DO UPDATE SET scans = {table}.scans + 1",
            [day, (code or "").strip().lower()[:16]],
        )
