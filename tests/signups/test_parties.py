"""Parties: all its places or none, the waiting list's "skip ahead once" rule, check-in per person."""

from datetime import timedelta

import pytest

from core.actors import PUBLIC
from core.errors import GreenroomError
from signups.availability import availability_of
from signups.models import SignUp
from signups.services import signups
from tests import factories

pytestmark = pytest.mark.django_db


def _session(**kw):
    return factories.session_starting_in(timedelta(hours=3), **{"capacity": 10, "waitlist": True, **kw})


def _party(session, name, places, **kw):
    return signups.sign_up(PUBLIC, session.pk, name, places=places, **kw).signup


def _line(session):
    """The waiting list in order: (position, name, passed_over)."""
    rows = SignUp.objects.filter(session=session, status="waitlisted").order_by("waitlist_position")
    return [(s.waitlist_position, s.display_name, s.passed_over) for s in rows]


def _fresh(signup):
    return SignUp.objects.get(pk=signup.pk)


def test_a_party_takes_one_place_per_person_and_the_availability_read_counts_them():
    session = _session()
    _party(session, "Ana", 3)
    _party(session, "Ben", 1)
    assert availability_of(session).taken == 4
    assert availability_of(session).free == 6


def test_all_or_none_a_party_of_three_with_two_places_left_waits_whole():
    session = _session(capacity=5)
    _party(session, "Ana", 3)
    ben = _party(session, "Ben", 3)
    assert ben.status == "waitlisted" and ben.places == 3
    assert availability_of(session).taken == 3  # nobody of Ben's party got in on their own
    cleo = _party(session, "Cleo", 1)  # one fits, and Ben's party is passed over for her, once
    assert cleo.status == "confirmed"
    assert _line(session) == [(1, "Ben", True)]


def test_a_party_moves_up_only_when_all_its_places_are_free():
    session = _session(capacity=4)
    ana = _party(session, "Ana", 2)
    _party(session, "Ben", 2)
    cleo = _party(session, "Cleo", 3)
    assert cleo.status == "waitlisted"
    signups.cancel(PUBLIC, ana.token)  # 2 free: not enough for 3, and nobody waits behind Cleo
    assert _fresh(cleo).status == "waitlisted"
    assert availability_of(session).free == 2


def test_smaller_parties_skip_ahead_once_then_places_are_held_for_the_big_party():
    session = _session(capacity=4)
    first = _party(session, "First", 2)
    second = _party(session, "Second", 2)
    big = _party(session, "Big", 3)
    one = _party(session, "One", 1)
    two = _party(session, "Two", 1)
    assert _line(session) == [(1, "Big", False), (2, "One", False), (3, "Two", False)]

    signups.cancel(PUBLIC, first.token)  # 2 free: Big (3) does not fit, One and Two do
    assert (_fresh(one).status, _fresh(two).status) == ("confirmed", "confirmed")
    assert _line(session) == [(1, "Big", True)]
    assert _fresh(one).promoted_at is not None

    three = _party(session, "Three", 1)
    four = _party(session, "Four", 1)
    assert (three.status, four.status) == ("waitlisted", "waitlisted")
    signups.cancel(PUBLIC, _fresh(one).token)  # 1 free: held for Big, Three waits
    assert _fresh(three).status == "waitlisted"
    assert availability_of(session).free == 1
    signups.cancel(PUBLIC, second.token)  # 3 free: Big fits now
    assert _fresh(big).status == "confirmed"
    assert _line(session) == [(1, "Three", False), (2, "Four", False)]
    signups.cancel(PUBLIC, _fresh(two).token)
    assert _fresh(three).status == "confirmed"
    assert _line(session) == [(1, "Four", False)]


def test_a_newcomer_does_not_take_places_held_for_a_party_passed_over():
    session = _session(capacity=3)
    _party(session, "Ana", 2)
    big = _party(session, "Big", 3)
    assert _party(session, "Solo", 1).status == "confirmed"  # Big passed over once
    assert _fresh(big).passed_over
    signups.cancel(PUBLIC, SignUp.objects.get(display_name="Solo").token)
    assert _party(session, "Late", 1).status == "waitlisted"  # the free place is Big's
    assert _line(session) == [(1, "Big", True), (2, "Late", False)]


def test_nobody_is_passed_over_when_nobody_behind_is_let_in():
    session = _session(capacity=2)
    _party(session, "Ana", 2)
    big = _party(session, "Big", 2)
    _party(session, "Other", 2)
    assert not _fresh(big).passed_over


@pytest.mark.parametrize("places", [0, -1, 5, 10**12, "2.5", "x", True, None, "0", "000", "9" * 5000, "2\n2"])
def test_a_party_size_over_the_maximum_or_not_a_number_is_refused_and_nothing_written(places):
    session = _session()
    with pytest.raises(GreenroomError) as caught:
        signups.sign_up(PUBLIC, session.pk, "Ana", places=places)
    assert caught.value.status == 422
    assert not SignUp.objects.filter(session=session).exists()


@pytest.mark.parametrize("typed, party", [("3", 3), (" 3 ", 3), ("03", 3), ("00000000000002", 2)])
def test_a_party_size_typed_as_text_is_read_as_the_number_it_says(typed, party):
    session = _session()
    assert _party(session, "Ana", typed).places == party
    assert availability_of(session).taken == party


def test_the_session_says_how_big_a_party_may_be():
    session = _session(max_party_size=6)
    assert _party(session, "Ana", 6).places == 6


def test_a_free_companion_takes_no_place_and_a_counted_one_does():
    free = _session(capacity=3, companions_free=True)
    assert _party(free, "Ana", 4, companion=True).status == "confirmed"  # 3 places and a carer
    assert availability_of(free).taken == 3
    counted = _session(capacity=4)
    assert _party(counted, "Ben", 4, companion=True).status == "confirmed"
    assert availability_of(counted).taken == 4
    with pytest.raises(GreenroomError) as caught:
        signups.sign_up(PUBLIC, free.pk, "Solo", companion=True)
    assert caught.value.code == "companion_needs_party"


def test_a_party_bigger_than_the_whole_session_is_told_so():
    session = _session(capacity=2)
    with pytest.raises(GreenroomError) as caught:
        _party(session, "Ana", 3)
    assert (caught.value.status, caught.value.code) == (409, "party_larger_than_session")
    assert not SignUp.objects.filter(session=session).exists()


def test_check_in_per_person_until_all_are_in(kiosk_actor, festival):
    session = factories.session_starting_in(timedelta(minutes=30), festival, capacity=10)
    party = _party(session, "Ana", 3)
    assert signups.check_in(kiosk_actor, party.token, people=1).checked_in_count == 1
    assert _fresh(party).status == "checked_in"
    assert signups.check_in(kiosk_actor, party.token, people=1).checked_in_count == 2
    with pytest.raises(GreenroomError) as caught:
        signups.check_in(kiosk_actor, party.token, people=2)  # only one is still to come
    assert (caught.value.status, caught.value.code) == (409, "party_checked_in")
    assert signups.check_in(kiosk_actor, party.token, people=1).checked_in_count == 3
    with pytest.raises(GreenroomError) as caught:
        signups.check_in(kiosk_actor, party.token, people=1)
    assert (caught.value.status, caught.value.code) == (409, "party_checked_in")
    assert signups.check_in(kiosk_actor, party.token).checked_in_count == 3  # the whole party again: harmless
    with pytest.raises(GreenroomError) as caught:
        signups.check_in(kiosk_actor, party.token, people=4)
    assert caught.value.status == 422
    assert _fresh(party).checked_in_count == 3


def test_check_in_without_a_number_lets_the_whole_party_in(kiosk_actor, festival):
    session = factories.session_starting_in(timedelta(minutes=30), festival, capacity=10)
    party = _party(session, "Ana", 4)
    assert signups.check_in(kiosk_actor, party.token).checked_in_count == 4
