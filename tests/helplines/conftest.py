"""Fixtures for the crisis-line directory: the real bundled seed file, loaded into the test database."""

import pytest

from helplines.services.importer import import_helplines


@pytest.fixture
def directory(db):
    """The project's own hand-checked directory, as `seed_demo` loads it."""
    return import_helplines()


@pytest.fixture
def batch(db):
    from printables.models import CardBatch

    def make(country="BE", language="fr"):
        return CardBatch.objects.create(country=country, language=language, count=10)

    return make
