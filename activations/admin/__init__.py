"""The organizer's admin for the activations app, one module per subject."""
from activations.admin import schedule  # noqa: F401
from activations.admin import signups  # noqa: F401,E402
from activations.admin import calendar  # noqa: F401
from activations.admin import inventory  # noqa: F401
