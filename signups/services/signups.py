"""Sign-ups: places, the waiting list and check-in. Web, kiosk, admin and API all call these.

Every change is one transaction that first locks the session row (`select_for_update` on
PostgreSQL; on SQLite the IMMEDIATE transaction already holds the database's write lock from
BEGIN) and then recounts places from the sign-up rows. No counter is stored, so nothing can drift,
and two people can never both get the last place.

The day of a session, in order:
- until sign-ups close (`Session.signup_deadline`: the start, unless the organizer set another
  time) people sign up; when it is full they join the waiting list (or are refused if the session
  has none), and any place that frees up goes at once to the first person waiting;
- a party (`places`, up to `Session.max_party_size`) gets all its places or none: it waits as one
  sign-up, and the waiting list lets smaller parties skip ahead of it once at most
  (`signups.services.waiting_list`);
- check-in opens 60 minutes before the start and closes at the end, one person of a party at a time;
- once sign-ups have closed, staff fill places freed by cancellations and no-shows themselves:
  they check in a waiting person who is there, or admit a walk-in.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from signups import emails
from signups.reminders import schedule_reminders, withdraw_reminders
from core.actors import PUBLIC, Actor, require_staff
from activations.models import Session
from signups.availability import availability_of, signup_window
from signups.services import leases
from signups.services.access import clean_access_needs
from signups.services.waiting_list import plan_admissions
from signups.models import CheckIn, SignUp
from activations.scoping import sessions_for
from signups.scoping import signups_for
from core import text
from core.language import FALLBACK as FALLBACK_LANGUAGE, supported as supported_language
from core.errors import Conflict, Forbidden, GreenroomError, NotFound
from notifications.services.outbox import normalise_phone

CHECK_IN_OPENS_BEFORE = timedelta(minutes=60)
# A check-in tapped by mistake can be taken back this long after it was made (the kiosk shows Undo as long).
CHECK_IN_UNDO_WINDOW = timedelta(seconds=10)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
NO_SUCH_SIGNUP = "No sign-up has this link. It may have been mistyped."
NAME_MAX_LENGTH = SignUp._meta.get_field("display_name").max_length
EMAIL_MAX_LENGTH = SignUp._meta.get_field("email").max_length
# Someone typing a stranger's email again and again must not flood that stranger's inbox.
LINK_RESEND_INTERVAL = timedelta(minutes=10)

Status = SignUp.Status


@dataclass(frozen=True)
class SignUpResult:
    signup: SignUp
    created: bool  # False: this email already had a sign-up for the session, which is returned


# --- Reading the rules (no locks; pages use these to show what is possible) ----------------------


def check_in_opens_at(session: Session):
    return session.starts_at - CHECK_IN_OPENS_BEFORE


def venue_time_label(value, session: Session) -> str:
    """ "Thu 26 Nov, 11:00 EST": a time as people at the venue read it."""
    local = timezone.localtime(value, session.activation.venue.zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local.tzname()}"


# --- Changing sign-ups ---------------------------------------------------------------------------


@transaction.atomic
def sign_up(
    actor: Actor,
    session_id: int,
    display_name: str,
    email: str = "",
    source: str | None = None,
    phone: str = "",
    places=1,
    companion: bool = False,
    language: str | None = None,
    sms_consent: bool | None = None,
    lease: int | None = None,
    access_needs=None,
    interpretation: str = "",
    access_note: str = "",
    access_consent: bool = False,
) -> SignUpResult:
    """Places for the whole party if they are free, else a place on the waiting list, else `session_full`.

    A party of `places` people (1 to the session's `max_party_size`; `companion`: one of them is a
    companion or carer) gets all its places or none.

    `lease`: a kiosk's seat lease for the session (signups/services/leases.py). A sign-up the
    kiosk confirmed from it while offline is confirmed here from the lease's places.

    Access needs (`access_needs`: names from `signups.services.access.NEEDS`, `interpretation`
    saying which, `access_note`) are kept only with `access_consent` (422 `access_consent_required`).

    The same email twice for one session makes no second sign-up: the existing one is returned
    (`created=False`). When the public does this, the link is emailed to that address again
    instead of being shown, so knowing someone's email is not enough to cancel for them.
    """
    display_name = clean_display_name(display_name)
    email = clean_email(email)
    # A form or the kiosk asks "Text me reminders" (`sms_consent`); an API caller's `phone` is its own consent.
    phone = clean_phone(phone) if sms_consent is None else clean_sms_opt_in(phone, sms_consent)
    places = clean_party_size(places)
    access = clean_access_needs(access_needs, interpretation, access_note, access_consent)
    # The language the attendee signed up in (the caller ran core/language.py's chain); unknown → the chain's fallback.
    language = supported_language(language) or supported_language(translation.get_language()) or FALLBACK_LANGUAGE
    source = source or (SignUp.Source.KIOSK if actor.is_kiosk else SignUp.Source.API)
    session = _lock_session(actor, session_id)
    now = timezone.now()
    counted = _counted_places(session, places, bool(companion))
    held = leases.claimed(actor, session, lease)
    if leases.fits(held, counted):
        # Confirmed on the kiosk while offline, from places held for it: it may arrive after sign-ups
        # closed, and its place is still its own. Only a cancelled session refuses it.
        _require_not_cancelled(session)
    else:
        _require_signups_open(session, now)

    if email:
        existing = SignUp.objects.active().filter(session=session, email=email).first()
        if existing is not None:
            if not actor.is_organizer:
                # The public and a kiosk (where anyone can type anyone's email) are not shown
                # that place: its link goes to the address instead.
                _email_link_again(existing, now)
            existing.session = session
            return SignUpResult(existing, created=False)

    # The newcomer stands at the end of the waiting list and the one rule decides, so a party
    # never takes places held for a party that was already passed over.
    signup = SignUp(places=places, companion=bool(companion), counted_places=counted)
    waiting = list(SignUp.objects.filter(session=session).waitlisted().order_by("waitlist_position"))
    plan = plan_admissions(availability_of(session).free, [*waiting, signup])
    if leases.take(held, counted):
        signup.status = Status.CONFIRMED  # the places were set aside for this kiosk: nobody waiting loses one
    elif signup in plan.promote:
        _admit(session, plan, [party for party in plan.promote if party is not signup], now)
        signup.status = Status.CONFIRMED
    elif session.waitlist:
        _admit(session, plan, plan.promote, now)
        signup.status = Status.WAITLISTED
        signup.waitlist_position = len(waiting) - len(plan.promote) + 1
    elif places > 1:
        raise Conflict(f"“{session.title}” has no {places} places left together and no waiting list.", code="session_full")
    else:
        raise Conflict(f"“{session.title}” is full ({_places(session.capacity)}) and has no waiting list.", code="session_full")
    signup.session = session
    signup.display_name = display_name
    signup.email = email
    signup.phone = phone
    signup.source = source
    signup.language = language
    for name, value in access.model_fields().items():
        setattr(signup, name, value)
    signup.access_consent_at = now if access.given else None
    signup.save()
    emails.send_signup_confirmation(signup)
    schedule_reminders(signup, now)
    return SignUpResult(signup, created=True)


@transaction.atomic
def cancel(actor: Actor, token: str) -> SignUp:
    """Gives the place (or waiting-list place) up; the first person waiting moves up at once.

    Cancelling twice is harmless: the second time changes nothing.
    """
    signup = _lock_signup(actor, token)
    session = signup.session
    now = timezone.now()
    if signup.status == Status.CANCELLED:
        return signup
    if signup.status == Status.CHECKED_IN:
        raise Conflict("This sign-up is already checked in, so it can no longer be cancelled.", code="already_checked_in")
    if signup.status == Status.NO_SHOW:
        raise Conflict("This sign-up was marked as a no-show; there is nothing left to cancel.", code="marked_no_show")
    if now >= session.ends_at:
        raise Conflict("This session is over; there is nothing left to cancel.", code="session_over")
    was_waitlisted = signup.status == Status.WAITLISTED
    left_position = signup.waitlist_position
    signup.status = Status.CANCELLED
    signup.waitlist_position = None
    signup.cancelled_at = now
    signup.save(update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"])
    withdraw_reminders(signup)
    if was_waitlisted:
        _close_waitlist_gap(session, left_position)
    else:
        _fill_free_places(session, now)
    return signup


@transaction.atomic
def admit_from_waitlist(actor: Actor, token: str) -> SignUp:
    """Staff let a waiting person who is at the door into a free place once sign-ups have closed.

    The same rules as `check_in` (which does this for a waiting person); named for the kiosk's button.
    """
    return check_in(actor, token)


@transaction.atomic
def promote_from_waitlist(actor: Actor, session_id: int) -> list[SignUp]:
    """Moves people up from the waiting list into any free places (after a capacity increase, say).

    Cancellations already do this by themselves; this is for organizers who want to make sure.
    """
    require_staff(actor)
    session = _lock_session(actor, session_id)
    return _fill_free_places(session, timezone.now())


@transaction.atomic
def check_in(actor: Actor, token: str, people=None) -> SignUp:
    """Staff check people in at the door (from 60 minutes before the start to the end).

    `people`: how many of the party are here now (default: all still to come); a party may come
    in one by one, and `checked_in_count` says how many are in. A confirmed party is checked in.
    Once sign-ups have closed, a party from the waiting list that is there (or one marked as a
    no-show that turns up late) is admitted, if its places are free. Checking in the whole party
    twice is harmless; asking for more people once all are in is `party_checked_in`.
    """
    require_staff(actor)
    people = None if people is None else clean_party_size(people, field="people")
    signup = _lock_signup(actor, token)
    session = signup.session
    now = timezone.now()
    _require_check_in_open(session, now)
    still_to_come = signup.people_still_to_come
    if people is not None and people > signup.places:
        raise GreenroomError(
            f"{signup.display_name}'s party is {signup.places}; {people} cannot check in on it.",
            code="more_than_party",
            field="people",
            status=422,
        )
    if signup.status == Status.CHECKED_IN:
        if still_to_come == 0:
            if people is None:
                return signup
            raise Conflict(f"All {signup.places} of {signup.display_name}'s party are already in.", code="party_checked_in")
        if people is not None and people > still_to_come:
            raise Conflict(
                f"{signup.checked_in_count} of {signup.display_name}'s party of {signup.places} are in already; "
                f"only {still_to_come} can still check in.",
                code="party_checked_in",
            )
        _record_check_in(actor, signup, people or still_to_come, now)
        signup.checked_in_count += people or still_to_come
        signup.save(update_fields=["checked_in_count", "updated_at"])
        return signup
    if signup.status == Status.CANCELLED:
        raise Conflict(
            f"{signup.display_name or 'This person'} cancelled this sign-up; sign them up again or admit them as a walk-in.",
            code="signup_cancelled",
        )
    if signup.status == Status.WAITLISTED and now < session.signup_deadline:
        raise Conflict(
            f"{signup.display_name} is number {signup.waitlist_position} on the waiting list. Places go to the "
            f"waiting list in order until sign-ups close ({venue_time_label(session.signup_deadline, session)}); "
            "after that you can admit them into a free place.",
            code="on_waitlist",
        )
    if signup.status != Status.CONFIRMED and not availability_of(session).fits(signup.counted_places):
        raise Conflict(_no_free_place(session, signup.counted_places), code="session_full")
    left_position = signup.waitlist_position
    _record_check_in(actor, signup, people or signup.places, now)
    signup.status = Status.CHECKED_IN
    signup.waitlist_position = None
    signup.checked_in_count = people or signup.places
    signup.checked_in_at = now
    signup.checked_in_by = actor.label
    signup.save(update_fields=["status", "waitlist_position", "checked_in_count", "checked_in_at", "checked_in_by", "updated_at"])
    if left_position:
        _close_waitlist_gap(session, left_position)
    return signup


@transaction.atomic
def undo_check_in(actor: Actor, token: str, now=None) -> SignUp:
    """Takes back the last check-in of a sign-up, tapped by mistake: within 10 seconds, from the door that made it.

    A party's check-in of N people takes those N out again; the first check-in of a sign-up puts it
    back as it was (confirmed, its place on the waiting list, or a no-show). Refusals: staff mode
    (`staff_mode_required`), nothing to undo (`not_checked_in`), another kiosk's or person's
    check-in (`not_your_check_in`), too late (`undo_window_passed`).
    """
    require_staff(actor)
    signup = _lock_signup(actor, token)
    session = signup.session
    now = now or timezone.now()
    name = signup.display_name or "This person"
    last = signup.check_ins.filter(undone_at__isnull=True).order_by("-at", "-pk").first()
    if signup.status != Status.CHECKED_IN:
        raise Conflict(f"{name} is not checked in, so there is no check-in to undo.", code="not_checked_in")
    if last is None:
        raise Conflict(f"{name} came in as a walk-in, not by a check-in, so there is no check-in to undo.", code="not_checked_in")
    if _door(last.by) != _door(actor.label):
        raise Forbidden(
            f"{name} was checked in {_by_whom(last.by)}; only there can the check-in be undone.", code="not_your_check_in"
        )
    if now - last.at > CHECK_IN_UNDO_WINDOW:
        raise Conflict(
            f"A check-in can be undone only within {CHECK_IN_UNDO_WINDOW.seconds} seconds; "
            f"{name}'s was at {venue_time_label(last.at, session)}.",
            code="undo_window_passed",
        )
    last.undone_at = now
    last.save(update_fields=["undone_at"])
    if last.status_before == Status.CHECKED_IN:  # a later part of the party: take just those people out
        signup.checked_in_count -= last.people
        signup.save(update_fields=["checked_in_count", "updated_at"])
        return signup
    signup.status = last.status_before
    signup.checked_in_count = 0
    signup.checked_in_at = None
    signup.checked_in_by = ""
    if last.status_before == Status.WAITLISTED:
        signup.waitlist_position = _make_room_on_waitlist(session, last.waitlist_position_before)
    signup.save(update_fields=["status", "waitlist_position", "checked_in_count", "checked_in_at", "checked_in_by", "updated_at"])
    if last.status_before != Status.CONFIRMED:
        _fill_free_places(session, now)  # its places are free again
    return signup


@transaction.atomic
def mark_no_show(actor: Actor, token: str) -> SignUp:
    """Staff mark a confirmed person who has not come once the session has started; their place frees up."""
    require_staff(actor)
    signup = _lock_signup(actor, token)
    session = signup.session
    now = timezone.now()
    if session.is_cancelled:
        raise Conflict("This session has been cancelled.", code="session_cancelled")
    if now < session.starts_at:
        raise Conflict(
            f"The session has not started yet (it starts {venue_time_label(session.starts_at, session)}); "
            "people can only be marked as no-shows after the start.",
            code="session_not_started",
        )
    if signup.status == Status.NO_SHOW:
        return signup
    if signup.status != Status.CONFIRMED:
        raise Conflict(
            f"Only a confirmed person who has not checked in can be marked as a no-show; this sign-up is "
            f"{signup.get_status_display().lower()}.",
            code="not_confirmed",
        )
    signup.status = Status.NO_SHOW
    signup.save(update_fields=["status", "updated_at"])
    _fill_free_places(session, now)
    return signup


@transaction.atomic
def admit_walk_in(
    actor: Actor,
    session_id: int,
    display_name: str,
    email: str = "",
    source: str | None = None,
    places=1,
    companion: bool = False,
    lease: int | None = None,
) -> SignUp:
    """Staff let in someone (and their party) there without a sign-up, into free places, once sign-ups have closed.

    They are checked in at once. While sign-ups are open, sign them up instead, so that the
    waiting list keeps its order.
    """
    require_staff(actor)
    display_name = clean_display_name(display_name)
    email = clean_email(email)
    places = clean_party_size(places)
    session = _lock_session(actor, session_id)
    now = timezone.now()
    counted = _counted_places(session, places, bool(companion))
    if session.is_cancelled or session.activation.is_cancelled:
        raise Conflict("This session has been cancelled.", code="session_cancelled")
    _require_check_in_open(session, now)
    if now < session.signup_deadline:
        raise Conflict(
            "Sign-ups are still open: sign this person up instead, so the waiting list keeps its order.",
            code="signups_open",
        )
    if email and SignUp.objects.active().filter(session=session, email=email).exists():
        raise Conflict("This email is already on the session's list: check that sign-up in instead.", code="already_signed_up")
    held = leases.claimed(actor, session, lease)
    if not leases.take(held, counted) and not availability_of(session).fits(counted):
        raise Conflict(_no_free_place(session, counted), code="session_full")
    return SignUp.objects.create(
        session=session,
        display_name=display_name,
        email=email,
        places=places,
        companion=bool(companion),
        counted_places=counted,
        checked_in_count=places,
        status=Status.CHECKED_IN,
        checked_in_at=now,
        checked_in_by=actor.label,
        source=source or (SignUp.Source.KIOSK if actor.is_kiosk else SignUp.Source.API),
    )


def session_changed(session: Session, before: dict) -> None:
    """Called by scheduling.update_session inside its transaction, with the session row locked.

    Tells the people signed up when the organizer cancels the session or moves it, and gives
    places to the waiting list when the capacity goes up.
    """
    now = timezone.now()
    if session.is_cancelled and before.get("status") != Session.Status.CANCELLED:
        for signup in _people_to_tell(session):
            withdraw_reminders(signup)
            emails.send_session_cancelled(signup)
        return
    if not session.is_cancelled and (before.get("starts_at"), before.get("ends_at")) != (session.starts_at, session.ends_at):
        for signup in _people_to_tell(session):
            emails.send_time_changed(signup)
            schedule_reminders(signup, now)
    _fill_free_places(session, now)


def activation_cancelled(activation) -> None:
    """Called by scheduling.update_activation when an organizer cancels a whole activation."""
    for session in activation.sessions.exclude(status=Session.Status.CANCELLED).select_for_update():
        session.activation = activation
        for signup in _people_to_tell(session):
            withdraw_reminders(signup)
            emails.send_session_cancelled(signup)


def refuse_to_delete_with_signups(sessions, what: str) -> None:
    """Deleting would drop people's places without a word: they must be told, so cancel instead."""
    live = SignUp.objects.filter(session__in=sessions).active().count()
    if live:
        raise Conflict(
            f"{live} {'person has' if live == 1 else 'people have'} signed up for this {what}. Cancel it instead "
            "(set its status to cancelled), so they are told; deleting would drop their places without a word.",
            code="has_signups",
        )


# --- Input -------------------------------------------------------------------------------------


def clean_display_name(value) -> str:
    """One line of plain text (core.text): no line breaks, control or text-direction characters."""
    typed = str(value or "").strip()
    found = text.problem(typed)
    if found:
        raise GreenroomError(
            f"The name {found}; please type it again.",
            code="invalid_name",
            field="display_name",
            status=422,
            fields=[{"field": "display_name", "message": found}],
        )
    name = " ".join(typed.split())
    if not name:
        raise GreenroomError("Please give a name; a nickname is enough.", code="name_required", field="display_name", status=422)
    if len(name) > NAME_MAX_LENGTH:
        raise GreenroomError(
            f"Please keep the name to {NAME_MAX_LENGTH} characters or fewer.",
            code="name_too_long",
            field="display_name",
            status=422,
        )
    return name


def clean_party_size(value, field: str = "places") -> int:
    """A whole number of people, at least one (the session's own maximum is checked under its lock)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        digits = value.strip().lstrip("0") or "0"
        number = int(digits) if len(digits) <= 6 else 10**6  # a party of a million is as wrong as any bigger one
    else:
        raise GreenroomError(
            "Please give the number of people as a whole number.", code="invalid_party_size", field=field, status=422
        )
    if number < 1:
        raise GreenroomError("A party is at least one person.", code="invalid_party_size", field=field, status=422)
    return number


def _counted_places(session: Session, places: int, companion: bool) -> int:
    """The places of the capacity a party takes: one per person, none for a companion where companions come free."""
    if places > session.max_party_size:
        raise GreenroomError(
            f"“{session.title}” takes parties of up to {session.max_party_size}; please split a party of {places} "
            "or ask the organizer.",
            code="party_too_large",
            field="places",
            status=422,
        )
    if companion and places < 2:
        raise GreenroomError(
            "A companion or carer comes with someone: choose a party of 2 or more.",
            code="companion_needs_party",
            field="companion",
            status=422,
        )
    counted = places - 1 if companion and session.companions_free else places
    # (A session of no places yet takes everyone onto its waiting list, for when places are added.)
    if session.capacity and counted > session.capacity:
        raise Conflict(
            f"“{session.title}” has {_places(session.capacity)} in all, fewer than this party needs.",
            code="party_larger_than_session",
        )
    return counted


def clean_email(value) -> str:
    email = str(value or "").strip()
    if not email:
        return ""
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in email):
        raise GreenroomError("That email address contains control characters.", code="invalid_email", field="email", status=422)
    if len(email) > EMAIL_MAX_LENGTH:
        raise GreenroomError(
            f"That email address is longer than {EMAIL_MAX_LENGTH} characters.", code="invalid_email", field="email", status=422
        )
    try:
        validate_email(email)
    except ValidationError:
        raise GreenroomError(
            f"“{email}” does not look like an email address.", code="invalid_email", field="email", status=422
        ) from None
    # The same address typed with different capitals is the same person.
    return email.lower()


def clean_phone(value) -> str:
    """An optional mobile number for texts, in E.164 (+447700900123); a leading + and country code are needed."""
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > 32 or any(unicodedata.category(char) in ("Cc", "Cs") for char in text):
        raise GreenroomError("That phone number is not valid.", code="invalid_phone", field="phone", status=422)
    try:
        return normalise_phone(text)
    except ValueError:
        raise GreenroomError(
            f"“{text}” is not a phone number we can text; please give it with its country code, e.g. +44 7911 123456.",
            code="invalid_phone",
            field="phone",
            status=422,
        ) from None


def clean_sms_opt_in(phone, consent) -> str:
    """A sign-up form's optional mobile number and its "Text me reminders" box: the number to text, or "".

    The number is checked by `clean_phone` (the API's rule); texts need both the number and the tick,
    so a number typed without the tick, or a tick without a number, is refused rather than guessed at.
    """
    phone = clean_phone(phone)
    if consent and not phone:
        raise GreenroomError(
            "To get texts, give your mobile number with its country code, e.g. +44 7911 123456.",
            code="phone_needed",
            field="phone",
            status=422,
        )
    if phone and not consent:
        raise GreenroomError(
            "Tick “Text me reminders” to get texts, or leave the mobile number out.",
            code="sms_consent_needed",
            field="sms_consent",
            status=422,
        )
    return phone


# --- Inside the lock ---------------------------------------------------------------------------


def cancel_by_text(phone: str) -> SignUp | None:
    """A CANCEL texted back: gives up that number's next upcoming place (or waiting-list place)."""
    now = timezone.now()
    token = (
        SignUp.objects.filter(phone=phone, status__in=[Status.CONFIRMED, Status.WAITLISTED], session__ends_at__gt=now)
        .order_by("session__starts_at")
        .values_list("token", flat=True)
        .first()
    )
    if token is None:
        return None
    return cancel(PUBLIC, token)


def _lock_session(actor: Actor, session_id) -> Session:
    """The session, locked until the transaction ends. Locks are taken in one order: session first."""
    session = (
        sessions_for(actor).select_related("activation__venue").select_for_update(of=("self",)).filter(pk=session_id).first()
    )
    if session is None:
        raise NotFound(f"No session {session_id}.", code="unknown_session")
    return session


def signup_for_token(actor: Actor, token: str) -> SignUp:
    """The sign-up behind a link, with its session, activation and venue; NotFound if there is none."""
    signup = (
        signups_for(actor).select_related("session__activation__venue").filter(token=token).first()
        if _looks_like_token(token)
        else None
    )
    if signup is None:
        raise NotFound(NO_SUCH_SIGNUP, code="unknown_signup")
    return signup


def _looks_like_token(token) -> bool:
    # Anything else (too long, NUL bytes, other characters) cannot be a token; don't ask the database.
    return isinstance(token, str) and TOKEN_SHAPE.fullmatch(token) is not None


def _lock_signup(actor: Actor, token: str) -> SignUp:
    session_id = (
        signups_for(actor).filter(token=token).values_list("session_id", flat=True).first() if _looks_like_token(token) else None
    )
    if session_id is None:
        raise NotFound(NO_SUCH_SIGNUP, code="unknown_signup")
    session = (
        Session.objects.select_related("activation__venue", "activation__organization")
        .select_for_update(of=("self",))
        .get(pk=session_id)
    )
    signup = SignUp.objects.get(token=token)  # read again now that the session is locked
    signup.session = session
    return signup


def _record_check_in(actor: Actor, signup: SignUp, people: int, now) -> None:
    CheckIn.objects.create(
        signup=signup,
        people=people,
        at=now,
        by=actor.label,
        status_before=signup.status,
        waitlist_position_before=signup.waitlist_position,
    )


def _door(label: str) -> str:
    """The device or organizer behind an actor's label ("kiosk:3 staff:12" → "kiosk:3"): any staff on that tablet."""
    return (label or "").split(" ", 1)[0]


def _by_whom(label: str) -> str:
    door = _door(label)
    if door.startswith("kiosk:"):
        return f"on another kiosk (device {door.removeprefix('kiosk:')})"
    if door.startswith("user:"):
        return f"by the organizer {door.removeprefix('user:')}"
    return "elsewhere"


def _make_room_on_waitlist(session: Session, position) -> int:
    """Back to the place on the waiting list someone left when checked in (or the end, if it is shorter now)."""
    waiting = SignUp.objects.filter(session=session, status=Status.WAITLISTED)
    position = min(position or 10**9, waiting.count() + 1)
    waiting.filter(waitlist_position__gte=position).update(waitlist_position=F("waitlist_position") + 1)
    return position


def _close_waitlist_gap(session: Session, left_position: int, count: int = 1) -> None:
    SignUp.objects.filter(session=session, status=Status.WAITLISTED, waitlist_position__gt=left_position).update(
        waitlist_position=F("waitlist_position") - count
    )


def _fill_free_places(session: Session, now) -> list[SignUp]:
    """While sign-ups are open, free places go to the waiting list by the one rule, and they are told."""
    if signup_window(session, now) != "open":
        return []
    free = availability_of(session).free
    if free == 0:
        return []
    waiting = list(SignUp.objects.filter(session=session).waitlisted().order_by("waitlist_position"))
    plan = plan_admissions(free, waiting)
    _admit(session, plan, plan.promote, now)
    return plan.promote


def _admit(session: Session, plan, promote: list[SignUp], now) -> None:
    """Saves a plan from `plan_admissions`: who was passed over, who moved up (told), and the new order."""
    for party in plan.pass_over:
        party.passed_over = True
        party.save(update_fields=["passed_over", "updated_at"])
    for signup in promote:
        signup.status = Status.CONFIRMED
        signup.waitlist_position = None
        signup.promoted_at = now
        signup.session = session
        signup.save(update_fields=["status", "waitlist_position", "promoted_at", "updated_at"])
        emails.send_promotion(signup)
        schedule_reminders(signup, now)
    if promote:
        _renumber_waitlist(session)


def _renumber_waitlist(session: Session) -> None:
    """Positions 1..n again once parties from the middle of the list have moved up."""
    waiting = SignUp.objects.filter(session=session).waitlisted().order_by("waitlist_position")
    for position, (pk, old) in enumerate(waiting.values_list("pk", "waitlist_position"), start=1):
        if old != position:
            SignUp.objects.filter(pk=pk).update(waitlist_position=position)


def _people_to_tell(session: Session):
    people = SignUp.objects.filter(session=session, status__in=[Status.CONFIRMED, Status.WAITLISTED, Status.CHECKED_IN]).exclude(
        email="", phone=""
    )
    for signup in people:
        signup.session = session
        yield signup


def _email_link_again(signup: SignUp, now) -> None:
    if not signup.email or (signup.link_sent_at and now - signup.link_sent_at < LINK_RESEND_INTERVAL):
        return
    signup.link_sent_at = now
    signup.save(update_fields=["link_sent_at"])
    emails.send_link_again(signup)


def _require_not_cancelled(session: Session) -> None:
    if session.activation.is_cancelled:
        raise Conflict(
            f"“{session.activation.title}” has been cancelled, so its sessions take no sign-ups.",
            code="activation_cancelled",
        )
    if session.is_cancelled:
        raise Conflict(f"“{session.title}” has been cancelled, so it takes no sign-ups.", code="session_cancelled")


def _require_signups_open(session: Session, now) -> None:
    window = signup_window(session, now)
    if window == "open":
        return
    _require_not_cancelled(session)
    if window == "not_yet":
        raise Conflict(
            f"Sign-ups for “{session.title}” open {venue_time_label(session.signups_open_at, session)}.",
            code="signups_not_open",
        )
    raise Conflict(
        f"Sign-ups for “{session.title}” closed {venue_time_label(session.signup_deadline, session)}.",
        code="signups_closed",
    )


def _require_check_in_open(session: Session, now) -> None:
    if session.is_cancelled or session.activation.is_cancelled:
        raise Conflict("This session has been cancelled.", code="session_cancelled")
    opens = check_in_opens_at(session)
    if now < opens:
        raise Conflict(
            f"Check-in opens {venue_time_label(opens, session)}, 60 minutes before the start.", code="check_in_not_open"
        )
    if now >= session.ends_at:
        raise Conflict(
            f"Check-in closed when the session ended ({venue_time_label(session.ends_at, session)}).", code="check_in_closed"
        )


def _places(capacity) -> str:
    return "1 place" if capacity == 1 else f"{capacity} places"


def _no_free_place(session: Session, needed: int = 1) -> str:
    if needed > 1:
        free = availability_of(session).free
        return f"This party needs {needed} places together; {_places(free) if free else 'none'} free."
    return f"No place is free: all {_places(session.capacity)} are taken."
