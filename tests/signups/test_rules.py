"""Every sign-up rule, with the code and message a person or program sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import PUBLIC, Actor
from signups.models import SignUp
from activations.services import scheduling
from signups.services import signups
from core.errors import GreenroomError
from tests import factories
from tests.signups.conftest import count, session_in, statuses, waitlist

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=3)
STARTED = -timedelta(minutes=10)


def assert_calendar_attached(message, session):
    from icalendar import Calendar

    (attachment,) = message.attachments
    assert attachment.get_content_type() == "text/calendar" and attachment.get_filename() == "session.ics"
    event = next(iter(Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")))
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)


def refusal(call, *args, **kwargs) -> GreenroomError:
    with pytest.raises(GreenroomError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- Places and the waiting list -------------------------------------------------------------


def test_confirmed_while_places_last_then_waitlisted_in_order(festival):
    session = session_in(festival, LATER, capacity=2, waitlist=True)
    results = [signups.sign_up(PUBLIC, session.pk, name) for name in ["Ana", "Ben", "Cy", "Di"]]
    assert [r.signup.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert waitlist(session) == [(1, "Cy"), (2, "Di")]
    assert all(r.created for r in results)


def test_full_without_waiting_list_is_refused(festival):
    session = session_in(festival, LATER, capacity=1, waitlist=False, title="Sound bath")
    signups.sign_up(PUBLIC, session.pk, "Ana")
    error = refusal(signups.sign_up, PUBLIC, session.pk, "Ben")
    assert (error.status, error.code) == (409, "session_full")
    assert error.detail == "“Sound bath” is full (1 place) and has no waiting list."
    assert statuses(session) == ["confirmed"]


def test_unlimited_sessions_never_fill(festival):
    session = session_in(festival, LATER, capacity=None)
    for i in range(30):
        assert signups.sign_up(PUBLIC, session.pk, f"P{i}").signup.status == "confirmed"


def test_no_places_at_all_means_everyone_waits(festival):
    session = session_in(festival, LATER, capacity=0, waitlist=True)
    assert signups.sign_up(PUBLIC, session.pk, "Ana").signup.waitlist_position == 1


def test_cancelling_a_place_moves_the_first_person_up_and_tells_them(festival, mailoutbox, django_capture_on_commit_callbacks):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    ana = signups.sign_up(PUBLIC, session.pk, "Ana").signup
    with django_capture_on_commit_callbacks(execute=True):
        ben = signups.sign_up(PUBLIC, session.pk, "Ben", "ben@example.org").signup
        signups.sign_up(PUBLIC, session.pk, "Cy")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert signups.cancel(PUBLIC, ana.token).status == "cancelled"

    ben.refresh_from_db()
    assert ben.status == "confirmed" and ben.waitlist_position is None and ben.promoted_at is not None
    assert waitlist(session) == [(1, "Cy")]
    assert [m.to for m in mailoutbox] == [["ben@example.org"]]
    assert mailoutbox[0].subject == "A place opened up for you: Breathwork"
    assert_calendar_attached(mailoutbox[0], session)


def test_leaving_the_waiting_list_closes_the_gap(festival):
    session = session_in(festival, LATER, capacity=1)
    signups.sign_up(PUBLIC, session.pk, "Ana")
    people = [signups.sign_up(PUBLIC, session.pk, n).signup for n in ["Ben", "Cy", "Di", "Ed"]]
    signups.cancel(PUBLIC, people[1].token)
    assert waitlist(session) == [(1, "Ben"), (2, "Di"), (3, "Ed")]
    assert count(session, "confirmed") == 1


def test_cancelling_twice_changes_nothing(festival):
    session = session_in(festival, LATER, capacity=1)
    ana = signups.sign_up(PUBLIC, session.pk, "Ana").signup
    signups.cancel(PUBLIC, ana.token)
    signups.sign_up(PUBLIC, session.pk, "Ben")
    assert signups.cancel(PUBLIC, ana.token).status == "cancelled"
    assert count(session, "confirmed") == 1


def test_cancel_refusals(festival, kiosk_actor):
    session = session_in(festival, -timedelta(minutes=30), capacity=5)
    checked = factories.signup(session, "checked_in")
    error = refusal(signups.cancel, PUBLIC, checked.token)
    assert (error.status, error.code) == (409, "already_checked_in")
    no_show = factories.signup(session, "no_show")
    assert refusal(signups.cancel, PUBLIC, no_show.token).code == "marked_no_show"
    over = session_in(festival, -timedelta(hours=3), capacity=5)
    late = factories.signup(over)
    error = refusal(signups.cancel, PUBLIC, late.token)
    assert (error.code, error.detail) == ("session_over", "This session is over; there is nothing left to cancel.")
    error = refusal(signups.cancel, PUBLIC, "not-a-real-token")
    assert (error.status, error.code) == (404, "unknown_signup")


def test_cancel_after_sign_ups_close_frees_the_place_for_staff_not_the_waiting_list(festival):
    session = session_in(festival, STARTED, capacity=1)
    ana = factories.signup(session, "confirmed")
    ben = factories.signup(session, "waitlisted")
    signups.cancel(PUBLIC, ana.token)
    ben.refresh_from_db()
    assert ben.status == "waitlisted"  # not promoted by email after the start: staff admit whoever is there


# --- The same email twice --------------------------------------------------------------------


def test_same_email_returns_the_existing_sign_up_and_the_public_gets_the_link_by_email(
    festival, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER, capacity=5, title="Breathwork")
    with django_capture_on_commit_callbacks(execute=True):
        first = signups.sign_up(PUBLIC, session.pk, "Sam", "sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        again = signups.sign_up(PUBLIC, session.pk, "Someone else", "SAM@Example.org ")
    assert first.created and not again.created
    assert again.signup.pk == first.signup.pk
    assert count(session, "confirmed") == 1
    assert [m.subject for m in mailoutbox] == ["You're in: Breathwork", "Your sign-up link for Breathwork"]
    assert_calendar_attached(mailoutbox[0], session)
    assert "Hi Sam," in mailoutbox[0].body and first.signup.get_absolute_url() in mailoutbox[0].body
    assert mailoutbox[1].attachments == []
    assert first.signup.get_absolute_url() in mailoutbox[1].body

    with django_capture_on_commit_callbacks(execute=True):
        signups.sign_up(PUBLIC, session.pk, "Sam", "sam@example.org")
    assert len(mailoutbox) == 2  # not again within ten minutes: nobody can flood a stranger's inbox


def test_an_organizer_gets_the_existing_sign_up_and_a_kiosk_sends_the_link_instead(
    festival, organizer_actor, kiosk_attendee, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER, capacity=5)
    first = signups.sign_up(PUBLIC, session.pk, "Sam", "sam@example.org").signup
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = signups.sign_up(organizer_actor, session.pk, "Sam", "sam@example.org")
    assert (again.created, again.signup.token) == (False, first.token)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        at_the_booth = signups.sign_up(kiosk_attendee, session.pk, "Someone", "Sam@Example.org")
    assert at_the_booth.created is False  # the kiosk's answer carries no token (api/signups)
    assert [m.to for m in mailoutbox] == [["sam@example.org"]] and first.token in mailoutbox[0].body


def test_after_cancelling_the_same_email_can_sign_up_again(festival):
    session = session_in(festival, LATER, capacity=5)
    first = signups.sign_up(PUBLIC, session.pk, "Sam", "sam@example.org").signup
    signups.cancel(PUBLIC, first.token)
    second = signups.sign_up(PUBLIC, session.pk, "Sam", "sam@example.org")
    assert second.created and second.signup.pk != first.pk


# --- When sign-ups are possible --------------------------------------------------------------


def test_sign_ups_close_when_the_session_starts(festival):
    session = session_in(festival, STARTED, capacity=5, title="Breathwork")
    error = refusal(signups.sign_up, PUBLIC, session.pk, "Ana")
    assert (error.status, error.code) == (409, "signups_closed")
    assert error.detail.startswith("Sign-ups for “Breathwork” closed ")
    assert error.detail.endswith(("EST.", "EDT."))


def test_sign_ups_close_at_the_organizers_time(festival):
    session = session_in(festival, LATER, capacity=5, signups_close_at=timezone.now() - timedelta(minutes=1))
    assert refusal(signups.sign_up, PUBLIC, session.pk, "Ana").code == "signups_closed"


def test_sign_ups_not_open_yet(festival):
    session = session_in(festival, LATER, capacity=5, title="Breathwork", signups_open_at=timezone.now() + timedelta(hours=1))
    error = refusal(signups.sign_up, PUBLIC, session.pk, "Ana")
    assert error.code == "signups_not_open" and error.detail.startswith("Sign-ups for “Breathwork” open ")


def test_cancelled_session_and_cancelled_activation_take_no_sign_ups(festival):
    session = session_in(festival, LATER, capacity=5, title="Breathwork", status="cancelled")
    error = refusal(signups.sign_up, PUBLIC, session.pk, "Ana")
    assert (error.code, error.detail) == ("session_cancelled", "“Breathwork” has been cancelled, so it takes no sign-ups.")
    other = session_in(festival, LATER, capacity=5)
    festival.status = "cancelled"
    festival.save()
    error = refusal(signups.sign_up, PUBLIC, other.pk, "Ana")
    assert (error.code, error.detail) == (
        "activation_cancelled",
        "“Harbor Sound Wellness Booth” has been cancelled, so its sessions take no sign-ups.",
    )


def test_sessions_out_of_scope_are_absent(festival, other_org):
    draft = factories.activation(festival.organization, status="draft")
    hidden = factories.session_starting_in(LATER, draft)
    assert refusal(signups.sign_up, PUBLIC, hidden.pk, "Ana").code == "unknown_session"
    stranger = Actor.for_user(factories.organizer(other_org))
    session = session_in(festival, LATER)
    error = refusal(signups.sign_up, stranger, session.pk, "Ana")
    assert (error.status, error.code) == (404, "unknown_session")


@pytest.mark.parametrize(
    "name, email, code, message",
    [
        ("   ", "", "name_required", "Please give a name; a nickname is enough."),
        ("x" * 61, "", "name_too_long", "Please keep the name to 60 characters or fewer."),
        ("Ana", "not-an-email", "invalid_email", "“not-an-email” does not look like an email address."),
        ("Ana", "a@" + "b" * 250 + ".org", "invalid_email", "That email address is longer than 254 characters."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(festival, name, email, code, message):
    session = session_in(festival, LATER)
    error = refusal(signups.sign_up, PUBLIC, session.pk, name, email)
    assert (error.status, error.code, error.detail) == (422, code, message)
    assert not SignUp.objects.exists()


# --- Check-in, no-shows, walk-ins ------------------------------------------------------------


def test_check_in_opens_an_hour_before_and_closes_at_the_end(festival, kiosk_actor):
    early = session_in(festival, timedelta(minutes=90))
    ana = factories.signup(early)
    error = refusal(signups.check_in, kiosk_actor, ana.token)
    assert error.code == "check_in_not_open" and error.detail.endswith(", 60 minutes before the start.")

    soon = session_in(festival, timedelta(minutes=50))
    ben = factories.signup(soon)
    ben = signups.check_in(kiosk_actor, ben.token)
    assert ben.status == "checked_in" and ben.checked_in_at is not None
    assert signups.check_in(kiosk_actor, ben.token).status == "checked_in"  # twice is harmless

    over = session_in(festival, -timedelta(hours=2), minutes=60)
    cy = factories.signup(over)
    error = refusal(signups.check_in, kiosk_actor, cy.token)
    assert error.code == "check_in_closed" and error.detail.startswith("Check-in closed when the session ended (")


def test_only_staff_check_in(festival, organizer_actor, other_org):
    session = session_in(festival, timedelta(minutes=30))
    ana = factories.signup(session)
    error = refusal(signups.check_in, PUBLIC, ana.token)
    assert (error.status, error.code) == (403, "staff_only")
    stranger = Actor.for_user(factories.organizer(other_org))
    assert refusal(signups.check_in, stranger, ana.token).status == 404
    other_booth = factories.activation(festival.organization)
    from kiosk.models import KioskDevice

    device = KioskDevice.objects.create(activation=other_booth, name="Other tablet")
    assert refusal(signups.check_in, Actor.for_device(device, staff_mode=True), ana.token).status == 404
    attendee_mode = refusal(signups.check_in, Actor.for_device(device), ana.token)
    assert (attendee_mode.status, attendee_mode.code) == (403, "staff_mode_required")
    assert signups.check_in(organizer_actor, ana.token).status == "checked_in"


def test_check_in_of_cancelled_and_cancelled_sessions(festival, kiosk_actor):
    session = session_in(festival, timedelta(minutes=30))
    gone = factories.signup(session, "cancelled")
    assert refusal(signups.check_in, kiosk_actor, gone.token).code == "signup_cancelled"
    called_off = session_in(festival, timedelta(minutes=30), status="cancelled")
    ana = factories.signup(called_off)
    assert refusal(signups.check_in, kiosk_actor, ana.token).code == "session_cancelled"


def test_waitlisted_person_waits_their_turn_until_sign_ups_close(festival, kiosk_actor):
    session = session_in(festival, timedelta(minutes=30), capacity=1)
    factories.signup(session)
    ben = factories.signup(session, "waitlisted", display_name="Ben")
    error = refusal(signups.check_in, kiosk_actor, ben.token)
    assert error.code == "on_waitlist" and error.detail.startswith("Ben is number 1 on the waiting list.")


def test_no_show_frees_a_place_that_staff_give_to_someone_waiting_who_is_there(festival, kiosk_actor):
    session = session_in(festival, STARTED, capacity=2)
    ana = factories.signup(session, display_name="Ana")
    factories.signup(session, "checked_in")
    ben = factories.signup(session, "waitlisted", display_name="Ben")
    cy = factories.signup(session, "waitlisted", display_name="Cy")
    error = refusal(signups.check_in, kiosk_actor, cy.token)
    assert (error.code, error.detail) == ("session_full", "No place is free: all 2 places are taken.")

    assert signups.mark_no_show(kiosk_actor, ana.token).status == "no_show"
    assert signups.check_in(kiosk_actor, cy.token).status == "checked_in"  # the one who is there
    assert waitlist(session) == [(1, "Ben")]
    assert count(session, "checked_in") == 2
    # Ana turns up late, but her place has gone.
    assert refusal(signups.check_in, kiosk_actor, ana.token).code == "session_full"
    assert ben.pk


def test_no_show_rules(festival, kiosk_actor):
    soon = session_in(festival, timedelta(minutes=30))
    ana = factories.signup(soon)
    error = refusal(signups.mark_no_show, kiosk_actor, ana.token)
    assert error.code == "session_not_started"
    started = session_in(festival, STARTED)
    ben = factories.signup(started, "checked_in")
    error = refusal(signups.mark_no_show, kiosk_actor, ben.token)
    assert (error.code, error.detail) == (
        "not_confirmed",
        "Only a confirmed person who has not checked in can be marked as a no-show; this sign-up is checked in.",
    )
    assert refusal(signups.mark_no_show, PUBLIC, ben.token).code == "staff_only"


def test_walk_ins_fill_free_places_once_sign_ups_close(festival, kiosk_actor):
    open_session = session_in(festival, timedelta(minutes=30), capacity=2)
    error = refusal(signups.admit_walk_in, kiosk_actor, open_session.pk, "Walk-in")
    assert error.code == "signups_open"

    session = session_in(festival, STARTED, capacity=2)
    ana = factories.signup(session)
    factories.signup(session)
    assert refusal(signups.admit_walk_in, kiosk_actor, session.pk, "Walk-in").code == "session_full"
    signups.mark_no_show(kiosk_actor, ana.token)
    walk_in = signups.admit_walk_in(kiosk_actor, session.pk, "Walk-in")
    assert (walk_in.status, walk_in.source) == ("checked_in", "kiosk")
    assert refusal(signups.admit_walk_in, kiosk_actor, session.pk, "Another").code == "session_full"
    assert refusal(signups.admit_walk_in, PUBLIC, session.pk, "Me").code == "staff_only"


def test_walk_ins_wait_for_check_in_to_open(festival, kiosk_actor):
    session = session_in(festival, timedelta(hours=5), capacity=2, signups_close_at=timezone.now() - timedelta(hours=1))
    assert refusal(signups.admit_walk_in, kiosk_actor, session.pk, "Walk-in").code == "check_in_not_open"


# --- When the organizer changes the session --------------------------------------------------


def test_organizer_cancelling_a_session_emails_everyone_signed_up(
    festival, organizer_actor, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    factories.signup(session, email="ana@example.org", display_name="Ana")
    factories.signup(session, "waitlisted", email="ben@example.org")
    factories.signup(session, "cancelled", email="gone@example.org")
    factories.signup(session, "waitlisted")  # no email: nobody to tell
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.update_session(organizer_actor, session.pk, {"status": "cancelled"})
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "ben@example.org"]
    message = next(m for m in mailoutbox if m.to == ["ana@example.org"])
    assert message.subject == "Cancelled: Breathwork"
    assert "Hi Ana," in message.body and "ben@example.org" not in message.body


def test_organizer_cancelling_the_activation_emails_everyone(
    festival, organizer_actor, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    factories.signup(session, email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.update_activation(organizer_actor, festival.pk, {"status": "cancelled"})
    assert [m.subject for m in mailoutbox] == ["Cancelled: Breathwork"]


def test_more_places_go_to_the_waiting_list_and_a_new_time_is_told(
    festival, organizer_actor, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_in(festival, LATER, capacity=1, title="Breathwork")
    factories.signup(session, email="ana@example.org")
    ben = factories.signup(session, "waitlisted", email="ben@example.org")
    factories.signup(session, "waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.update_session(organizer_actor, session.pk, {"capacity": 2})
    ben.refresh_from_db()
    assert ben.status == "confirmed" and waitlist(session)[0][0] == 1
    assert [m.subject for m in mailoutbox] == ["A place opened up for you: Breathwork"]

    mailoutbox.clear()
    new_start = session.starts_at + timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.update_session(
            organizer_actor, session.pk, {"starts_at": new_start, "ends_at": new_start + timedelta(hours=1)}
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "ben@example.org"]
    assert {m.subject for m in mailoutbox} == {"New time: Breathwork"}


def test_promote_from_waitlist_is_for_staff(festival, organizer_actor):
    session = session_in(festival, LATER, capacity=1)
    factories.signup(session, "waitlisted")
    assert [s.status for s in signups.promote_from_waitlist(organizer_actor, session.pk)] == ["confirmed"]
    assert refusal(signups.promote_from_waitlist, PUBLIC, session.pk).code == "staff_only"


def test_remaining_messages(festival, kiosk_actor):
    started = session_in(festival, STARTED, capacity=3)
    factories.signup(started, email="sam@example.org", display_name="Sam")
    error = refusal(signups.admit_walk_in, kiosk_actor, started.pk, "Sam", "sam@example.org")
    assert (error.code, error.detail) == (
        "already_signed_up",
        "This email is already on the session's list: check that sign-up in instead.",
    )
    gone = factories.signup(started, "cancelled", display_name="Ana")
    error = refusal(signups.check_in, kiosk_actor, gone.token)
    assert error.detail == "Ana cancelled this sign-up; sign them up again or admit them as a walk-in."
    soon = session_in(festival, timedelta(minutes=30))
    error = refusal(signups.admit_walk_in, kiosk_actor, soon.pk, "Walk-in")
    assert error.detail == "Sign-ups are still open: sign this person up instead, so the waiting list keeps its order."
    error = refusal(signups.mark_no_show, kiosk_actor, factories.signup(soon).token)
    assert error.detail.startswith("The session has not started yet (it starts ")
    assert error.detail.endswith("); people can only be marked as no-shows after the start.")
    called_off = session_in(festival, STARTED, status="cancelled")
    error = refusal(signups.mark_no_show, kiosk_actor, factories.signup(called_off).token)
    assert (error.code, error.detail) == ("session_cancelled", "This session has been cancelled.")


def test_admit_from_waitlist_lets_a_waiting_person_in_once_a_place_frees(festival, kiosk_actor):
    session = session_in(festival, STARTED, capacity=1)
    ana = factories.signup(session)
    ben = factories.signup(session, "waitlisted", display_name="Ben")
    assert refusal(signups.admit_from_waitlist, kiosk_actor, ben.token).code == "session_full"
    signups.mark_no_show(kiosk_actor, ana.token)
    assert signups.admit_from_waitlist(kiosk_actor, ben.token).status == "checked_in"
    assert waitlist(session) == []


def test_sessions_and_activations_with_people_signed_up_are_cancelled_not_deleted(festival, organizer_actor):
    session = session_in(festival, LATER)
    factories.signup(session)
    error = refusal(scheduling.delete_session, organizer_actor, session.pk)
    assert (error.status, error.code) == (409, "has_signups")
    assert error.detail.startswith("1 person has signed up for this session. Cancel it instead")
    assert refusal(scheduling.delete_activation, organizer_actor, festival.pk).code == "has_signups"
    empty = session_in(festival, LATER)
    factories.signup(empty, "cancelled")
    scheduling.delete_session(organizer_actor, empty.pk)  # nobody left to tell
    assert not SignUp.objects.filter(session_id=empty.pk).exists()
