"""Card tests use the real crisis-line seed data, loaded the way `import_helplines` loads it."""

import pytest
from django.utils import timezone


@pytest.fixture
def directory(db):
    from helplines.services.importer import import_helplines

    import_helplines()


@pytest.fixture
def verified_today(directory):
    """Marks lines as re-verified today (an organizer made the test calls), by seed key."""
    from helplines.models import CrisisLine

    def mark(*keys):
        assert CrisisLine.objects.filter(key__in=keys).update(verified_on=timezone.localdate()) == len(keys)

    return mark


@pytest.fixture(autouse=True)
def _public_site_url(settings):
    """Cards are printed for a deployed site: a public HTTPS SITE_URL (anything else is refused with DEBUG=0)."""
    settings.SITE_URL = "https://greenroom.test"
