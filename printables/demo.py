"""Demo card batch: pocket cards for the New York festival booth (US, English, Avery 5371 sheets)."""

from core.errors import GreenroomError
from printables.models import CardBatch

FESTIVAL_SLUG = "governors-ball-wellness-booth"


def seed(*, org, user, stdout):
    from core.actors import Actor
    from activations.models import Activation
    from printables import services

    activation = Activation.objects.filter(organization=org, slug=FESTIVAL_SLUG).first()
    if activation is None:
        return
    existing = CardBatch.objects.filter(activation=activation, country="US", language="en", layout="card-letter-10up").first()
    if existing is not None:
        stdout.write(f"Card batch for the festival: {existing.short_url}")
        return
    try:
        # The research behind the seed lines is over a year old in places: the demo batch prints
        # them anyway and keeps the warnings, as an organizer would after reading them.
        batch = services.create_batch(
            Actor.for_user(user),
            country="US",
            language="en",
            layout="card-letter-10up",
            count=200,
            activation_id=activation.pk,
            allow_stale=True,
        )
    except GreenroomError as exc:
        stdout.write(f"No demo card batch: {exc.detail}")
        return
    stdout.write(f"Card batch for the festival: {batch.short_url} ({len(batch.warnings)} warning(s))")
