"""Seat leases: places a paired kiosk holds for a session, so that it can confirm people for
certain while the festival Wi-Fi is down.

While online, a kiosk asks for a small lease per session (`hold_places`); the places come out of
the free places and count as taken for everyone else (signups/availability.py). Offline, the
kiosk confirms sign-ups from its lease up to the places it holds, and queues the rest as
"not confirmed yet". When the connection returns, its queued sign-ups arrive naming the lease and
are confirmed from it (`claim`, inside the sign-up service's session lock), once each: the kiosk's
outbox sends every write with an Idempotency-Key.

Why a lease is returned only when its kiosk reports in (or the device is revoked, or the session
is over) and not at `expires_at`: a kiosk offline since before `expires_at` may hold sign-ups it
confirmed before then that have not arrived yet. Giving those places to someone else at
`expires_at` would oversell. `expires_at` instead bounds the kiosk: it confirms nothing from a
lease after it (counted on its own clock from when the lease arrived, less a margin).

And why a lease changes only when the kiosk's count of claims has arrived: a kiosk asking for a
new lease while some of its offline sign-ups are still on their way would be given the places
those sign-ups took. `claims` counts the sign-ups that arrived naming the lease; the kiosk sends
how many it made, and until they match the lease is left as it is (409 `lease_claims_pending`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activations.models import Session
from activations.scoping import sessions_for
from core.actors import Actor
from core.errors import Conflict, Forbidden, GreenroomError, NotFound
from signups.availability import availability_of
from signups.models import SeatLease


def lease_limit() -> int:
    """The most places one kiosk may hold for one session."""
    return int(getattr(settings, "GREENROOM_KIOSK_LEASE_MAX", 10))


def lease_minutes() -> int:
    """How long a kiosk may confirm from a lease after it last renewed it."""
    return int(getattr(settings, "GREENROOM_KIOSK_LEASE_MINUTES", 30))


def clean_lease_places(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= lease_limit():
        raise GreenroomError(f"Ask for 0 to {lease_limit()} places.", code="invalid_lease_places", field="places", status=422)
    return value


def _require_kiosk(actor: Actor) -> None:
    if not actor.is_kiosk:
        raise Forbidden("Only a paired kiosk holds places for offline sign-ups.", code="kiosk_only")


def _lock_kiosk_session(actor: Actor, session_id) -> Session:
    session = (
        sessions_for(actor).select_related("activation__venue").select_for_update(of=("self",)).filter(pk=session_id).first()
        if isinstance(session_id, int)
        else None
    )
    if session is None:
        raise NotFound(f"No session {session_id} at this kiosk.", code="unknown_session")
    return session


def open_lease(session: Session, device) -> SeatLease | None:
    return SeatLease.objects.select_for_update().filter(session=session, kiosk=device, returned_at__isnull=True).first()


@transaction.atomic
def hold_places(actor: Actor, session_id: int, places, claims: int = 0, lease_id: int | None = None, now=None) -> SeatLease:
    """Set the kiosk's lease for a session to `places` unused places, or as many as are free.

    `claims`: how many sign-ups the kiosk sent naming its lease `lease_id` (and not had refused).
    Until that many have arrived the lease is not changed (409 `lease_claims_pending`), so places
    an offline sign-up took are never handed out twice. A kiosk naming a lease that is no longer
    open (an organizer returned it) starts afresh. A session that no longer takes people (cancelled, over)
    gets no places.
    """
    _require_kiosk(actor)
    places = clean_lease_places(places)
    if isinstance(claims, bool) or not isinstance(claims, int) or claims < 0:
        raise GreenroomError("claims must be a whole number, 0 or more.", code="invalid", field="claims", status=422)
    session = _lock_kiosk_session(actor, session_id)
    now = now or timezone.now()
    lease = open_lease(session, actor.device)
    same = lease is not None and lease_id in (None, lease.pk)
    if same and claims > lease.claims:
        raise Conflict(
            f"{claims - lease.claims} sign-up(s) made with this lease have not arrived yet: send them first.",
            code="lease_claims_pending",
        )
    if lease is None:
        lease = SeatLease(session=session, kiosk=actor.device, granted_at=now)
    over = session.is_cancelled or session.activation.is_cancelled or now >= session.ends_at
    free = availability_of(session).free  # excludes this lease's own unused places
    own = lease.unused if lease.pk else 0
    if over:
        unused = 0
    elif free is None:
        unused = places
    else:
        unused = min(places, free + own)
    lease.places = lease.used + unused
    lease.granted_at = now
    lease.expires_at = min(now + timedelta(minutes=lease_minutes()), session.ends_at)
    lease.save()
    return lease


@transaction.atomic
def return_lease(actor: Actor, session_id: int, now=None) -> SeatLease | None:
    """The kiosk gives back the unused places it holds for a session (once its sign-ups are in)."""
    _require_kiosk(actor)
    session = _lock_kiosk_session(actor, session_id)
    lease = open_lease(session, actor.device)
    if lease is not None:
        lease.returned_at = now or timezone.now()
        lease.save(update_fields=["returned_at"])
    return lease


@transaction.atomic
def give_back(actor: Actor, lease_ids, now=None) -> int:
    """An organizer returns leases a lost or broken tablet still holds (the admin's action).

    Whatever that tablet confirmed offline and has not sent is then no longer certain: when it
    arrives it goes the ordinary way (a free place, or the waiting list)."""
    if not actor.is_organizer:
        raise Forbidden("Only the organizers can give back a kiosk's places.", code="organizers_only")
    mine = SeatLease.objects.filter(
        pk__in=list(lease_ids), returned_at__isnull=True, session__in=sessions_for(actor).values("pk")
    )
    return mine.update(returned_at=now or timezone.now())


def return_leases_of_device(device, now=None) -> int:
    """A revoked tablet holds nothing: its open leases are returned (called inside the revoke)."""
    return SeatLease.objects.filter(kiosk=device, returned_at__isnull=True).update(returned_at=now or timezone.now())


def claimed(actor: Actor, session: Session, lease_id) -> SeatLease | None:
    """Inside the sign-up service's lock on `session`: the lease a kiosk's sign-up names (None when
    it names none), its arrival counted in `claims`. A lease that is not this kiosk's for this
    session is 422 `unknown_lease`. A refused sign-up rolls its count back with it; the kiosk
    does not count a refused one either."""
    if lease_id is None:
        return None
    if isinstance(lease_id, bool) or not isinstance(lease_id, int) or not actor.is_kiosk:
        raise GreenroomError("No such seat lease at this kiosk.", code="unknown_lease", field="lease", status=422)
    lease = SeatLease.objects.select_for_update().filter(pk=lease_id, session=session, kiosk=actor.device).first()
    if lease is None:
        raise GreenroomError(
            "No such seat lease at this kiosk for this session.", code="unknown_lease", field="lease", status=422
        )
    lease.claims += 1
    lease.save(update_fields=["claims"])
    return lease


def fits(lease: SeatLease | None, counted: int) -> bool:
    """Whether a claimed sign-up's `counted` places can come from its lease (see `take`)."""
    return lease is not None and lease.returned_at is None and lease.unused >= counted


def take(lease: SeatLease | None, counted: int) -> bool:
    """Whether a claimed sign-up's `counted` places come from its lease (True: it is confirmed,
    whatever the waiting list), or it goes the ordinary way (False: no lease, the lease was
    returned, or it has fewer places left, so the kiosk had not confirmed it)."""
    if not fits(lease, counted):
        return False
    lease.used += counted
    lease.save(update_fields=["used"])
    return True
