"""Demo history for the impact report: a festival booth that already happened (two weeks ago), with
sign-ups checked in or not, kits handed out hour by hour, a rainy hour with none, and cards scanned
in the days after.

Called by `manage.py seed_demo` (after the other demo modules). The rows are written as they would
have been at the time (the services stamp "now", and check-in only opens around a session, so
they cannot write the past); stock levels are set to what the ledger sums to, so `check_stock`
agrees. Safe to run again: nothing is added once the activation has its history.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from activations.models import Activation, Session, Venue
from stock.models import KitType, StockLevel, StockLocation, StockMovement
from signups.models import SignUp
from helplines.models import HelpPageView

SLUG = "riverside-sound-wellness-booth"
DAYS_AGO = 16
# (day, start, minutes, title, capacity, checked in, no-shows, still waiting at the start, cancelled)
SESSIONS = [
    (0, time(11, 0), 45, "Guided breathwork for stage nerves", 20, 17, 3, 6, 2),
    (0, time(12, 30), 60, "Songwriting through grief", 12, 9, 3, 0, 1),
    (0, time(14, 0), 45, "Ear care for crew and artists", 30, 11, 4, 0, 0),
    (0, time(15, 30), 60, "Touring and sleep: a practical workshop", 16, 12, 4, 3, 0),
    (1, time(11, 0), 45, "Morning movement and breath", 20, 4, 1, 0, 0),
    (1, time(13, 0), 60, "Money worries and music careers", 15, 15, 0, 4, 1),
    (1, time(15, 0), 45, "Guided breathwork for stage nerves", 20, 18, 2, 9, 0),
]
# Self-care kits handed out per hour, 11:00 to 19:00; the 14:00 hour of the first day was a thunderstorm.
KITS_BY_HOUR = [
    [14, 22, 9, 0, 31, 27, 40, 35, 12],
    [8, 17, 25, 19, 22, 30, 26, 3, 10],
]
EARPLUGS_BY_HOUR = [
    [2, 3, 1, 0, 6, 4, 9, 8, 2],
    [1, 2, 4, 3, 5, 7, 5, 0, 2],
]
SCANS_EN = [34, 41, 12, 9, 6, 4, 7, 3, 2, 0, 5, 1, 0, 2, 1, 0]
SCANS_ES = [6, 9, 2, 1, 0, 3, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0]


@transaction.atomic
def seed(org, user, stdout=None):
    venue, _ = Venue.objects.get_or_create(
        organization=org,
        name="Riverside Park Lawn",
        defaults=dict(address="Riverside Dr & W 102nd St", city="New York", country="US", timezone="America/New_York"),
    )
    zone = venue.zone
    first_day = timezone.localtime(timezone.now(), zone).date() - timedelta(days=DAYS_AGO)

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.combine(first_day + timedelta(days=day), time(hour, minute)), zone)

    activation, created = Activation.objects.get_or_create(
        slug=SLUG,
        defaults=dict(
            organization=org,
            venue=venue,
            kind=Activation.Kind.FESTIVAL,
            status=Activation.Status.PUBLISHED,
            title="Wellness Booth at Riverside Sound Weekend",
            description="Our booth at Riverside Sound: workshops both afternoons, free self-care kits and peer supporters.",
            starts_at=at(0, 10),
            ends_at=at(1, 20),
            partners="Riverside Sound, MusiCares",
        ),
    )
    if not created:
        _say(stdout, f"Impact demo: “{activation.title}” already has its history.")
        return
    _sessions(activation, at)
    _stock(org, user, activation, at)
    _cards(org, user, activation, first_day)
    _help_pages(first_day)
    _say(stdout, f"Impact demo: “{activation.title}” ({first_day:%d %b}) with its sign-ups, hand-outs and scans.")


def _sessions(activation, at):
    people = []
    n = 0
    for day, start, minutes, title, capacity, came, absent, waiting, cancelled in SESSIONS:
        begins = at(day, start.hour, start.minute)
        session = Session.objects.create(
            activation=activation,
            title=title,
            starts_at=begins,
            ends_at=begins + timedelta(minutes=minutes),
            capacity=capacity,
            waitlist=True,
        )
        rows = [("checked_in", None)] * came + [("no_show", None)] * absent + [("cancelled", None)] * cancelled
        rows += [("waitlisted", position) for position in range(1, waiting + 1)]
        for status, position in rows:
            n += 1
            people.append(
                SignUp(
                    session=session,
                    display_name=f"Guest {n}",
                    status=status,
                    waitlist_position=position,
                    source=("web", "web", "kiosk")[n % 3],
                    checked_in_at=begins - timedelta(minutes=5) if status == "checked_in" else None,
                    checked_in_count=1 if status == "checked_in" else 0,
                    cancelled_at=begins - timedelta(hours=3) if status == "cancelled" else None,
                )
            )
    SignUp.objects.bulk_create(people)


def _stock(org, user, activation, at):
    kit, _ = KitType.objects.get_or_create(
        organization=org,
        name="Self-care kit",
        defaults={"contents": "earplugs, water, electrolytes, info card", "sku": "SCK-2026"},
    )
    ear, _ = KitType.objects.get_or_create(
        organization=org, name="Spare earplugs (pair)", defaults={"contents": "one pair of foam earplugs", "sku": "EAR-1"}
    )
    booth, _ = StockLocation.objects.get_or_create(
        organization=org, name="Riverside Sound booth", defaults={"activation": activation}
    )
    who = f"user:{user.get_username()}"
    rows = [
        StockMovement(
            kind="receive",
            kit_type=kit,
            location=booth,
            quantity=450,
            reason="Delivered to the site",
            actor=who,
            user=user,
            created_at=at(0, 9),
        ),
        StockMovement(
            kind="receive",
            kit_type=ear,
            location=booth,
            quantity=120,
            reason="Delivered to the site",
            actor=who,
            user=user,
            created_at=at(0, 9),
        ),
    ]
    for kit_type, table in ((kit, KITS_BY_HOUR), (ear, EARPLUGS_BY_HOUR)):
        for day, hours in enumerate(table):
            for offset, count in enumerate(hours):
                for i in range(count):  # one at a time, as the tablet records them
                    minute = (i * 59) // max(count, 1)
                    rows.append(
                        StockMovement(
                            kind="distribute",
                            kit_type=kit_type,
                            location=booth,
                            quantity=-1,
                            actor=who,
                            user=user,
                            created_at=at(day, 11 + offset, minute),
                        )
                    )
    rows.append(
        StockMovement(
            kind="write_off",
            kit_type=kit,
            location=booth,
            quantity=-12,
            reason="Soaked in the storm",
            actor=who,
            user=user,
            created_at=at(0, 14, 40),
        )
    )
    StockMovement.objects.bulk_create(rows)
    for kit_type in (kit, ear):
        total = StockMovement.objects.filter(location=booth, kit_type=kit_type).aggregate(n=Sum("quantity"))["n"] or 0
        StockLevel.objects.update_or_create(location=booth, kit_type=kit_type, defaults={"on_hand": total})


def _cards(org, user, activation, first_day):
    from printables.models import CardBatch, ScanCount

    scans = []
    for language, layout, count, daily in (("en", "card-letter-10up", 300, SCANS_EN), ("es", "postcard-a6", 100, SCANS_ES)):
        batch = CardBatch.objects.create(
            organization=org, activation=activation, country="US", language=language, layout=layout, count=count, created_by=user
        )
        printed = timezone.make_aware(datetime.combine(first_day - timedelta(days=7), time(12)))
        CardBatch.objects.filter(pk=batch.pk).update(created_at=printed)
        scans += [ScanCount(batch=batch, day=first_day + timedelta(days=d), scans=n) for d, n in enumerate(daily) if n]
    ScanCount.objects.bulk_create(scans)


def _help_pages(first_day):
    views = []
    for d in range(len(SCANS_EN)):
        day = first_day + timedelta(days=d)
        for language, base in (("en", 40), ("es", 9), ("ko", 2)):
            n = max(0, base - 2 * d) + (d % 3)
            if n:
                views.append(HelpPageView(day=day, country="US", language=language, views=n))
    HelpPageView.objects.bulk_create(views, ignore_conflicts=True)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)
