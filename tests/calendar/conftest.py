"""Calendar tests start with no cached events, as a freshly started server does."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _clear_calendar_cache():
    caches["calendar"].clear()
    yield
    caches["calendar"].clear()
