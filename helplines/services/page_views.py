"""Counting a help-page view: one INSERT … ON CONFLICT DO UPDATE (SQLite ≥ 3.24 and PostgreSQL),
so concurrent views never lose a count or collide on the (day, country, language) row.

A count that cannot be written (a locked or unreachable database) is dropped and logged: the
page a person in crisis is waiting for matters more than the number.
"""

import logging

from django.db import DatabaseError, connection
from django.utils import timezone

from helplines.models import HelpPageView

log = logging.getLogger(__name__)


def count_help_page_view(country: str, language: str, day=None) -> None:
    day = day or timezone.now().date()
    table = connection.ops.quote_name(HelpPageView._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, country, language, views) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (day, country, language) DO UPDATE SET views = {table}.views + 1"
    )
    params = [day, (country or "").upper()[:2], (language or "")[:12]]
    try:
        with connection.cursor() as cursor:  # one statement: atomic by itself, one query per view
            cursor.execute(sql, params)
    except DatabaseError:
        if connection.in_atomic_block:  # the caller's transaction is spoilt: let it fail whole
            raise
        log.warning("Could not count a help-page view for %s/%s", country, language, exc_info=True)
