"""Callers for API tests: an organizer of each organization, kiosk devices, the public."""

import pytest

from api.models import ApiToken
from kiosk.models import KioskDevice
from tests import factories


def paired_kiosk(activation, name="Booth tablet"):
    """A paired kiosk device of `activation` and the header that carries its credential."""
    device = KioskDevice(activation=activation, name=name)
    secret = device.issue_credential()
    device.save()
    return device, {"HTTP_X_KIOSK_CREDENTIAL": secret}


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(user)[1]}"}


@pytest.fixture
def other_organizer(other_org):
    return factories.organizer(other_org, username="oscar")


@pytest.fixture
def other_auth_headers(other_organizer):
    return bearer(other_organizer)
