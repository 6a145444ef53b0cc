"""The emails attendees get about their sign-up: plain, kind, and about them only.

Services call these after their transaction commits (`transaction.on_commit`), so nobody is told
about a change that was rolled back. A mail server that fails is logged, never shown to the
person signing up: their place is safe either way, and their page has the same information.
"""
import logging
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from calendars.ical import signup_calendar

log = logging.getLogger(__name__)


def _when(session) -> str:
    zone = session.activation.venue.zone
    start = timezone.localtime(session.starts_at, zone)
    end = timezone.localtime(session.ends_at, zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    return f"{day}, {start:%H:%M}–{end:%H:%M} ({start.tzname()}, local time at the venue)"


def _where(session) -> str:
    venue = session.activation.venue
    return ", ".join(part for part in (venue.name, venue.address, venue.city) if part)


def _details(signup) -> str:
    session = signup.session
    return (
        f"What:  {session.title} ({session.activation.title})\n"
        f"When:  {_when(session)}\n"
        f"Where: {_where(session)}\n"
    )


def _link(signup) -> str:
    return settings.SITE_URL + signup.get_absolute_url()


def _sign_off(signup) -> str:
    return (
        f"\nTake care,\n{signup.session.activation.organization.name}\n\n"
        f"Need to talk to someone now? Find a crisis line near you: {settings.SITE_URL}/help/\n"
    )


def _send(signup, subject: str, body: str, with_calendar: bool = False) -> None:
    if not signup.email:
        return
    message = EmailMessage(subject=subject, body=body, to=[signup.email])
    if with_calendar:
        calendar = MIMEText(signup_calendar(signup).decode("utf-8"), "calendar", "utf-8")
        calendar.set_param("method", "PUBLISH")
        calendar.add_header("Content-Disposition", "attachment", filename="session.ics")
        message.attach(calendar)
    try:
        message.send()
    except Exception:  # the sign-up stands whatever the mail server does; the page shows the same
        log.exception("Could not send %r to sign-up %s", subject, signup.pk)


def send_signup_confirmation(signup) -> None:
    session = signup.session
    name = signup.display_name
    if signup.is_waitlisted:
        body = (
            f"Hi {name},\n\n"
            f"“{session.title}” is full right now, so you're on the waiting list: number "
            f"{signup.waitlist_position}.\n\n{_details(signup)}\n"
            "If a place opens up before sign-ups close, it goes to the next person on the list, and "
            "we'll email you straight away. You don't need to do anything else.\n\n"
            f"See where you stand, or leave the waiting list, here:\n{_link(signup)}\n"
        )
        _send(signup, f"You're on the waiting list for {session.title}", body + _sign_off(signup))
        return
    body = (
        f"Hi {name},\n\n"
        f"You have a place at “{session.title}”.\n\n{_details(signup)}\n"
        "The session is attached as a calendar file. If your plans change, please cancel on your "
        "sign-up page so someone on the waiting list can have your place:\n"
        f"{_link(signup)}\n"
    )
    _send(signup, f"You're in: {session.title}", body + _sign_off(signup), with_calendar=True)


def send_promotion(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"Good news: a place opened up at “{session.title}”, and it's yours.\n\n{_details(signup)}\n"
        "The session is attached as a calendar file. If you can't come after all, please cancel "
        f"so the next person can have the place:\n{_link(signup)}\n"
    )
    _send(signup, f"A place opened up for you: {session.title}", body + _sign_off(signup), with_calendar=True)


def send_session_cancelled(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"We're sorry: “{session.title}” has been cancelled by the organizers.\n\n{_details(signup)}\n"
        "You don't need to do anything. If you added it to your calendar, the calendar file on "
        f"your sign-up page now shows it as cancelled:\n{_link(signup)}\n\n"
        f"Other sessions may still have places: {settings.SITE_URL}{session.activation.get_absolute_url()}\n"
    )
    _send(signup, f"Cancelled: {session.title}", body + _sign_off(signup), with_calendar=True)


def send_time_changed(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"The time of “{session.title}” has changed. Here are the new details:\n\n{_details(signup)}\n"
        "The updated calendar file is attached. If the new time doesn't work for you, please "
        f"cancel so someone else can have the place:\n{_link(signup)}\n"
    )
    _send(signup, f"New time: {session.title}", body + _sign_off(signup), with_calendar=signup.holds_a_place)


def send_link_again(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"Someone (we hope you) tried to sign up for “{session.title}” again with this email "
        "address. You're already on the list, so nothing has changed. Here is your sign-up page "
        f"again, to check where you stand or to cancel:\n{_link(signup)}\n\n"
        "If this wasn't you, you can ignore this email.\n"
    )
    _send(signup, f"Your sign-up link for {session.title}", body + _sign_off(signup))
