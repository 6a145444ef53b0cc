"""Shared fixtures. The database is real (SQLite file or PostgreSQL); nothing of ours is mocked."""

import pytest
from django.core.cache import cache

from api.models import ApiToken
from tests import factories

pytest_plugins = ["tests.browser", "tests.redis_server"]


def pytest_configure(config):
    """Passwords and PINs are hashed with a fast hasher in tests: production's PBKDF2 (a million
    rounds, on purpose slow) would spend most of the suite's time hashing test passwords."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests speak plain HTTP to the test client; production redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _deliver_after_commit(settings):
    """Most tests want a message delivered right after its commit, in the test process; the
    outbox's own tests switch back to the database queue and run real workers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return factories.organization(name="SoundMind Collective", slug="soundmind")


@pytest.fixture
def other_org(db):
    return factories.organization(name="Other Collective", slug="other")


@pytest.fixture
def organizer(org):
    return factories.organizer(org, username="olivia")


@pytest.fixture
def api_token(organizer):
    return ApiToken.create_for(organizer)[1]


@pytest.fixture
def auth_headers(api_token):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token}"}
