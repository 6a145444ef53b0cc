"""Counting scans of a card batch's QR code: one number per batch and day, nothing about the person.

One INSERT … ON CONFLICT DO UPDATE statement (SQLite ≥ 3.24 and PostgreSQL), so concurrent scans
never lose a count and never collide on the unique (batch, day) row.
"""
from django.db import connection
from django.utils import timezone

from printables.models import ScanCount


def count_scan(batch_id: int, day=None) -> None:
    day = day or timezone.now().date()
    table = connection.ops.quote_name(ScanCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (batch_id, day, scans) VALUES (%s, %s, 1) "
            f"ON CONFLICT (batch_id, day) DO UPDATE SET scans = {table}.scans + 1",
            [batch_id, day],
        )
