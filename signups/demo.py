"""Demo sign-ups on the demo festival booth: some workshops nearly full, one full with a waiting list.

Called by `manage.py seed_demo`. Running it again adds nothing: each workshop is only topped up
to its target. Demo people have no email, so no demo run ever sends mail.
"""

from django.db import transaction

from activations.models import Session
from signups.models import SignUp

FESTIVAL_SLUG = "governors-ball-wellness-booth"
NICKNAMES = [
    "Ari",
    "Bea",
    "Cass",
    "Dev",
    "Eli",
    "Fen",
    "Gus",
    "Hana",
    "Ivo",
    "Jo",
    "Kit",
    "Lou",
    "Mo",
    "Nia",
    "Oz",
    "Pia",
    "Quin",
    "Rae",
    "Sol",
    "Tam",
    "Uma",
    "Vic",
    "Wren",
    "Xan",
    "Yas",
    "Zed",
    "Ada",
    "Bo",
    "Cy",
    "Dot",
]
# (title, which occurrence of that title, places to fill, people on the waiting list)
TARGETS = [
    ("Guided breathwork for stage nerves", 0, 18, 0),
    ("Songwriting through grief", 0, 10, 0),
    ("Ear care for crew and artists", 0, 9, 0),
    ("Touring and sleep: a practical workshop", 0, 14, 0),
    ("Peer support 101 for festival crew", 0, 6, 0),
    ("Morning movement and breath", 0, 7, 0),
    ("Money worries and music careers", 0, 13, 0),
    ("Guided breathwork for stage nerves", 1, 20, 6),  # the weekend's favourite: full, with a queue
]


@transaction.atomic
def seed(org, user, stdout):
    sessions = Session.objects.filter(activation__slug=FESTIVAL_SLUG, activation__organization=org).order_by("starts_at")
    added = 0
    for title, occurrence, places, waiting in TARGETS:
        matching = [s for s in sessions if s.title == title]
        if len(matching) > occurrence:
            added += _top_up(matching[occurrence], places, waiting)
    stdout.write(f"Demo sign-ups: {added} added.")


def _top_up(session: Session, places: int, waiting: int) -> int:
    # Locked like every other change to a session's list, so a demo run beside real use is safe.
    session = Session.objects.select_for_update().get(pk=session.pk)
    live = SignUp.objects.filter(session=session)
    taken = live.holding_a_place().count()
    queued = live.waitlisted().count()
    capacity = session.capacity if session.capacity is not None else places
    new = []
    n = live.count()
    for _ in range(max(0, min(places, capacity) - taken)):
        new.append(SignUp(session=session, display_name=_nickname(n), status=SignUp.Status.CONFIRMED, source=_source(n)))
        n += 1
    if taken + len(new) >= capacity and session.waitlist:
        for position in range(queued + 1, waiting + 1):
            new.append(
                SignUp(
                    session=session,
                    display_name=_nickname(n),
                    status=SignUp.Status.WAITLISTED,
                    waitlist_position=position,
                    source=_source(n),
                )
            )
            n += 1
    for signup in new:
        signup.save()
    return len(new)


def _nickname(n: int) -> str:
    name = NICKNAMES[n % len(NICKNAMES)]
    return name if n < len(NICKNAMES) else f"{name} {n // len(NICKNAMES) + 1}"


def _source(n: int) -> str:
    return (SignUp.Source.WEB, SignUp.Source.WEB, SignUp.Source.KIOSK)[n % 3]
