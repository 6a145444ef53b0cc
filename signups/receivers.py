"""Sign-ups' answers to what the schedule announces (activations.signals), in the same transaction."""
from django.dispatch import receiver

from activations import signals
from signups.services import signups


@receiver(signals.activation_cancelled)
def tell_people_of_cancelled_activation(sender, activation, **kwargs):
    signups.activation_cancelled(activation)


@receiver(signals.session_changed)
def tell_people_of_changed_session(sender, session, before, **kwargs):
    """A cancellation or a new time is told to the people signed up; freed places are filled."""
    signups.session_changed(session, before)


@receiver(signals.sessions_deleting)
def refuse_to_delete_sessions_with_signups(sender, sessions, what, **kwargs):
    signups.refuse_to_delete_with_signups(sessions, what)
