"""Welfare fixtures: the kiosk's booth and paired tablet (shared with tests/kiosk), staff mode, an on-call list."""

import pytest

from kiosk.services import staff_pin
from tests.kiosk.conftest import (  # noqa: F401, F811  (the kiosk's fixtures, used here by name)
    axe_tablet,
    device,
    device_and_credential,
    device_with_pin,
    festival,
    kiosk_headers,
    organizer_actor,
    tablet,
)
from welfare.services import escalation
from tests.notifications.conftest import db_queue, smtp  # noqa: F401  (the outbox fixtures, used by name)


@pytest.fixture
def staff_headers(device_with_pin, kiosk_headers):  # noqa: F811
    token = staff_pin.enter_staff_mode(device_with_pin, "246813")
    return {**kiosk_headers, "HTTP_X_KIOSK_STAFF": token.token}


@pytest.fixture
def on_call(festival, organizer_actor):  # noqa: F811
    return escalation.set_on_call(
        organizer_actor,
        festival.pk,
        [
            {"name": "Sam Lead", "phone": "+447911123401", "email": "sam@lead.test"},
            {"name": "Riya Second", "phone": "+447911123402", "email": "riya@second.test"},
            {"name": "Tom Third", "phone": "", "email": "tom@third.test"},
        ],
    )


@pytest.fixture
def smtp_inbox(settings):
    """Mail really goes out over SMTP, to a local server."""
    from tests.welfare.smtp import start_smtp

    controller, inbox = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
