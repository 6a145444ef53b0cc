"""Sign-ups' answers to what the schedule announces (activations.signals), in the same transaction."""

from django.dispatch import receiver

from activations import signals
from notifications import signals as notification_signals
from signups import emails
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


@receiver(notification_signals.sms_cancel_requested)
def cancel_the_texted_sign_up(sender, phone, **kwargs):
    """CANCEL texted back: that number's next place is given up (and goes to the next person waiting)."""
    signup = signups.cancel_by_text(phone)
    if signup is None:
        return "We couldn't find an upcoming sign-up for this number, so nothing has changed."
    return f"Done: you've given up your place on {emails._short_when(signup.session)}. Thanks for letting us know."
