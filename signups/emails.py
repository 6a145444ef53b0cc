"""The emails (and, for people who gave a phone number, texts) attendees get about their sign-up.

Services call these inside their transaction: each puts its message in the outbox
(`notifications.services`), written with the change, so nobody is told about a change that was
rolled back, and a mail server that is down delays the message instead of losing it. Texts never
name the session or the organization (a phone's lock screen is public); they point to the page.
"""

from django.conf import settings
from django.utils import timezone

from calendars.ical import signup_calendar
from notifications.services import queue_email, queue_sms


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
    return f"What:  {session.title} ({session.activation.title})\nWhen:  {_when(session)}\nWhere: {_where(session)}\n"


def _link(signup) -> str:
    return settings.SITE_URL + signup.get_absolute_url()


def _sign_off(signup) -> str:
    return (
        f"\nTake care,\n{signup.session.activation.organization.name}\n\n"
        f"Need to talk to someone now? Find a crisis line near you: {settings.SITE_URL}/help/\n"
    )


def _send(signup, subject: str, body: str, with_calendar: bool = False, kind: str = "signup") -> None:
    if not signup.email:
        return
    attachments = []
    if with_calendar:
        attachments.append(("session.ics", signup_calendar(signup), "text/calendar", {"method": "PUBLISH"}))
    queue_email(
        to=signup.email,
        subject=subject,
        body=body,
        attachments=attachments,
        kind=kind,
        organization=signup.session.activation.organization,
        group=f"signup:{signup.pk}",
        zone=signup.session.activation.venue.timezone,
    )


def _text(signup, body: str, kind: str, urgent: bool = True) -> None:
    if getattr(signup, "phone", ""):
        queue_sms(
            to=signup.phone,
            body=f"{body} {_link(signup)}",
            kind=kind,
            urgent=urgent,
            organization=signup.session.activation.organization,
            group=f"signup:{signup.pk}",
            zone=signup.session.activation.venue.timezone,
        )


def _short_when(session) -> str:
    start = timezone.localtime(session.starts_at, session.activation.venue.zone)
    return f"{start:%a} {start.day} {start:%b} {start:%H:%M} {start.tzname()}"


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
        _send(signup, f"You're on the waiting list for {session.title}", body + _sign_off(signup), kind="waitlist_place")
        _text(
            signup, f"You're number {signup.waitlist_position} on the waiting list for {_short_when(session)}.", "waitlist_place"
        )
        return
    body = (
        f"Hi {name},\n\n"
        f"You have a place at “{session.title}”.\n\n{_details(signup)}\n"
        "The session is attached as a calendar file. If your plans change, please cancel on your "
        "sign-up page so someone on the waiting list can have your place:\n"
        f"{_link(signup)}\n"
    )
    _send(signup, f"You're in: {session.title}", body + _sign_off(signup), with_calendar=True, kind="signup_confirmation")
    _text(
        signup,
        f"You have a place on {_short_when(session)}. Reply CANCEL to give it up, STOP for no texts.",
        "signup_confirmation",
    )


def send_promotion(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"Good news: a place opened up at “{session.title}”, and it's yours.\n\n{_details(signup)}\n"
        "The session is attached as a calendar file. If you can't come after all, please cancel "
        f"so the next person can have the place:\n{_link(signup)}\n"
    )
    _send(signup, f"A place opened up for you: {session.title}", body + _sign_off(signup), with_calendar=True, kind="promotion")
    _text(signup, f"A place opened up for you on {_short_when(session)}. Reply CANCEL if you can't come.", "promotion")


def send_session_cancelled(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"We're sorry: “{session.title}” has been cancelled by the organizers.\n\n{_details(signup)}\n"
        "You don't need to do anything. If you added it to your calendar, the calendar file on "
        f"your sign-up page now shows it as cancelled:\n{_link(signup)}\n\n"
        f"Other sessions may still have places: {settings.SITE_URL}{session.activation.get_absolute_url()}\n"
    )
    _send(signup, f"Cancelled: {session.title}", body + _sign_off(signup), with_calendar=True, kind="session_cancelled")
    _text(signup, f"Your session on {_short_when(session)} has been cancelled by the organizers.", "session_cancelled")


def send_time_changed(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"The time of “{session.title}” has changed. Here are the new details:\n\n{_details(signup)}\n"
        "The updated calendar file is attached. If the new time doesn't work for you, please "
        f"cancel so someone else can have the place:\n{_link(signup)}\n"
    )
    _send(signup, f"New time: {session.title}", body + _sign_off(signup), with_calendar=signup.holds_a_place, kind="new_time")
    _text(signup, f"New time for your session: {_short_when(session)}.", "new_time")


def send_link_again(signup) -> None:
    session = signup.session
    body = (
        f"Hi {signup.display_name},\n\n"
        f"Someone (we hope you) tried to sign up for “{session.title}” again with this email "
        "address. You're already on the list, so nothing has changed. Here is your sign-up page "
        f"again, to check where you stand or to cancel:\n{_link(signup)}\n\n"
        "If this wasn't you, you can ignore this email.\n"
    )
    _send(signup, f"Your sign-up link for {session.title}", body + _sign_off(signup), kind="link_again")
