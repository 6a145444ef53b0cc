"""Demo kiosk: a tablet device for the New York festival booth (staff PIN 246813). Idempotent.

`demo_kiosk_url(base)` gives a fresh single-use pairing link for it each time (`make run` prints
it), so any browser can become the demo kiosk.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password

from core.actors import Actor
from activations.models import Activation
from kiosk.models import KioskDevice
from kiosk.services import pairing, staff_pin

DEMO_ACTIVATION_SLUG = "governors-ball-wellness-booth"
DEMO_DEVICE_NAME = "Demo booth tablet"
DEMO_PIN = "246813"
DEMO_USERNAME = "demo"


def _demo_device() -> KioskDevice | None:
    return (
        KioskDevice.objects.active()
        .filter(activation__slug=DEMO_ACTIVATION_SLUG, name=DEMO_DEVICE_NAME)
        .select_related("activation")
        .first()
    )


def seed(org, user, stdout=None):
    activation = Activation.objects.filter(slug=DEMO_ACTIVATION_SLUG, organization=org).first()
    if activation is None:
        return
    actor = Actor.for_user(user)
    device = _demo_device()
    if device is None:
        device = pairing.create_device(actor, activation.pk, DEMO_DEVICE_NAME).device
    if not device.has_pin or not check_password(DEMO_PIN, device.pin_hash):  # a demo from before 6-digit PINs too
        staff_pin.set_pin(actor, device.pk, DEMO_PIN)
    if stdout is not None:
        stdout.write(f"Demo kiosk: “{DEMO_DEVICE_NAME}” at {activation.title} (staff PIN {DEMO_PIN}).")


def demo_kiosk_url(base: str) -> str | None:
    """A new single-use pairing link for the demo kiosk (any tablet paired before is replaced)."""
    device = _demo_device()
    if device is None:
        return None
    user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        return None
    result = pairing.renew_pairing_code(Actor.for_user(user), device.pk)
    return base.rstrip("/") + result.path
