"""The emails (and, for people who gave a phone number, texts) attendees get about their sign-up.

Services call these inside their transaction: each puts its message in the outbox
(`notifications.services`), written with the change, so nobody is told about a change that was
rolled back, and a mail server that is down delays the message instead of losing it. Texts never
name the session or the organization (a phone's lock screen is public); they point to the page.
"""

from functools import wraps

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import dates

from calendars.ical import signup_calendar
from notifications.services import queue_email, queue_sms


def in_signup_language(send):
    """Write the email in the language the person signed up in (`SignUp.language`), whatever page
    or command caused it; English where that language has no catalog."""

    @wraps(send)
    def in_language(signup, *args, **kwargs):
        with translation.override(getattr(signup, "language", "") or "en"):
            return send(signup, *args, **kwargs)

    return in_language


def _when(session) -> str:
    zone = session.activation.venue.zone
    start = timezone.localtime(session.starts_at, zone)
    end = timezone.localtime(session.ends_at, zone)
    day = dates.weekday_label(start, year=True)
    return _("%(day)s, %(start)s–%(end)s (%(zone)s, local time at the venue)") % {
        "day": day,
        "start": dates.time_label(start),
        "end": dates.time_label(end),
        "zone": start.tzname(),
    }


def _where(session) -> str:
    venue = session.activation.venue
    return ", ".join(part for part in (venue.name, venue.address, venue.city) if part)


def _details(signup) -> str:
    session = signup.session
    return _("What: %(title)s (%(activation)s)\nWhen: %(when)s\nWhere: %(where)s\n") % {
        "title": session.title,
        "activation": session.activation.title,
        "when": _when(session),
        "where": _where(session),
    }


def _link(signup) -> str:
    return settings.SITE_URL + signup.get_absolute_url()


def _sign_off(signup) -> str:
    return _("\nTake care,\n%(organization)s\n\nNeed to talk to someone now? Find a crisis line near you: %(help)s\n") % {
        "organization": signup.session.activation.organization.name,
        "help": f"{settings.SITE_URL}/help/",
    }


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


@in_signup_language
def send_signup_confirmation(signup) -> None:
    session = signup.session
    words = {"name": signup.display_name, "title": session.title, "link": _link(signup)}
    if signup.is_waitlisted:
        body = _(
            "Hi %(name)s,\n\n“%(title)s” is full right now, so you're on the waiting list: number %(position)s.\n\n"
            "%(details)s\nIf a place opens up before sign-ups close, it goes to the next person on the list, and "
            "we'll email you straight away. You don't need to do anything else.\n\n"
            "See where you stand, or leave the waiting list, here:\n%(link)s\n"
        ) % {**words, "position": signup.waitlist_position, "details": _details(signup)}
        _send(signup, _("You're on the waiting list for %(title)s") % words, body + _sign_off(signup), kind="waitlist_place")
        _text(
            signup, f"You're number {signup.waitlist_position} on the waiting list for {_short_when(session)}.", "waitlist_place"
        )
        return
    body = _(
        "Hi %(name)s,\n\nYou have a place at “%(title)s”.\n\n%(details)s\n"
        "The session is attached as a calendar file. If your plans change, please cancel on your "
        "sign-up page so someone on the waiting list can have your place:\n%(link)s\n"
    ) % {**words, "details": _details(signup)}
    _send(signup, _("You're in: %(title)s") % words, body + _sign_off(signup), with_calendar=True, kind="signup_confirmation")
    _text(
        signup,
        f"You have a place on {_short_when(session)}. Reply CANCEL to give it up, STOP for no texts.",
        "signup_confirmation",
    )


@in_signup_language
def send_promotion(signup) -> None:
    session = signup.session
    words = {"name": signup.display_name, "title": session.title, "link": _link(signup)}
    body = _(
        "Hi %(name)s,\n\nGood news: a place opened up at “%(title)s”, and it's yours.\n\n%(details)s\n"
        "The session is attached as a calendar file. If you can't come after all, please cancel "
        "so the next person can have the place:\n%(link)s\n"
    ) % {**words, "details": _details(signup)}
    subject = _("A place opened up for you: %(title)s") % words
    _send(signup, subject, body + _sign_off(signup), with_calendar=True, kind="promotion")
    _text(signup, f"A place opened up for you on {_short_when(session)}. Reply CANCEL if you can't come.", "promotion")


@in_signup_language
def send_session_cancelled(signup) -> None:
    session = signup.session
    words = {"name": signup.display_name, "title": session.title, "link": _link(signup)}
    body = _(
        "Hi %(name)s,\n\nWe're sorry: “%(title)s” has been cancelled by the organizers.\n\n%(details)s\n"
        "You don't need to do anything. If you added it to your calendar, the calendar file on "
        "your sign-up page now shows it as cancelled:\n%(link)s\n\n"
        "Other sessions may still have places: %(schedule)s\n"
    ) % {**words, "details": _details(signup), "schedule": f"{settings.SITE_URL}{session.activation.get_absolute_url()}"}
    _send(signup, _("Cancelled: %(title)s") % words, body + _sign_off(signup), with_calendar=True, kind="session_cancelled")
    _text(signup, f"Your session on {_short_when(session)} has been cancelled by the organizers.", "session_cancelled")


@in_signup_language
def send_time_changed(signup) -> None:
    session = signup.session
    words = {"name": signup.display_name, "title": session.title, "link": _link(signup)}
    body = _(
        "Hi %(name)s,\n\nThe time of “%(title)s” has changed. Here are the new details:\n\n%(details)s\n"
        "The updated calendar file is attached. If the new time doesn't work for you, please "
        "cancel so someone else can have the place:\n%(link)s\n"
    ) % {**words, "details": _details(signup)}
    subject = _("New time: %(title)s") % words
    _send(signup, subject, body + _sign_off(signup), with_calendar=signup.holds_a_place, kind="new_time")
    _text(signup, f"New time for your session: {_short_when(session)}.", "new_time")


@in_signup_language
def send_link_again(signup) -> None:
    session = signup.session
    words = {"name": signup.display_name, "title": session.title, "link": _link(signup)}
    body = (
        _(
            "Hi %(name)s,\n\nSomeone (we hope you) tried to sign up for “%(title)s” again with this email "
            "address. You're already on the list, so nothing has changed. Here is your sign-up page "
            "again, to check where you stand or to cancel:\n%(link)s\n\n"
            "If this wasn't you, you can ignore this email.\n"
        )
        % words
    )
    _send(signup, _("Your sign-up link for %(title)s") % words, body + _sign_off(signup), kind="link_again")
