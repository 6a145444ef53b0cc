"""Demo welfare history for the past demo festival (impact.demo): visits per hour and
category over its two days, and an on-call list. Called by `manage.py seed_demo`; safe to run again."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from activations.models import Activation
from welfare.models import OnCallContact, WelfareVisit
from welfare.services.visits import quarter_hour

# Visits per hour from 12:00 to 23:00 on each day, by category (the evenings are the busy part).
VISITS = {
    "emotional_support": ([1, 2, 2, 3, 1, 4, 5, 6, 4, 3, 2, 1], [1, 1, 2, 2, 3, 3, 6, 5, 6, 4, 2, 1]),
    "panic_anxiety": ([0, 1, 1, 2, 1, 2, 3, 4, 5, 3, 2, 1], [0, 1, 0, 1, 2, 2, 3, 5, 4, 4, 1, 0]),
    "substance": ([0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 3, 2], [0, 0, 0, 1, 0, 1, 2, 2, 4, 4, 4, 2]),
    "lost_separated": ([0, 1, 0, 1, 1, 0, 1, 2, 2, 3, 1, 1], [1, 0, 1, 0, 1, 1, 0, 1, 3, 2, 2, 0]),
    "disclosure": ([0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]),
    "signposted_medical": ([0, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1, 1], [0, 0, 1, 0, 0, 1, 0, 1, 2, 1, 1, 0]),
    "signposted_crisis_line": ([0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1]),
    "other": ([1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0], [0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0]),
}
SLUG = "riverside-sound-wellness-booth"  # impact.demo's festival (welfare sits below impact, so it is named, not imported)
OUTCOMES = ["stayed", "left_with_friend", "", "stayed", "referred", "left_with_friend", ""]


@transaction.atomic
def seed(org, user=None, stdout=None):
    activation = Activation.objects.filter(slug=SLUG, organization=org).select_related("venue").first()
    if activation is None or WelfareVisit.objects.filter(activation=activation).exists():
        return
    zone = activation.venue.zone
    first_day = timezone.localtime(activation.starts_at, zone).date()
    visits, i = [], 0
    for category, days in VISITS.items():
        for day, hours in enumerate(days):
            for offset, count in enumerate(hours):
                for k in range(count):
                    moment = timezone.make_aware(
                        datetime.combine(first_day + timedelta(days=day), time(12 + offset, (k * 17) % 60)), zone
                    )
                    visits.append(
                        WelfareVisit(
                            activation=activation,
                            category=category,
                            outcome=OUTCOMES[i % len(OUTCOMES)],
                            quarter=quarter_hour(moment),
                        )
                    )
                    i += 1
    WelfareVisit.objects.bulk_create(visits)
    if not OnCallContact.objects.filter(activation=activation).exists():
        OnCallContact.objects.bulk_create(
            [
                OnCallContact(activation=activation, position=1, name="Welfare lead (demo)", email="lead@welfare.invalid"),
                OnCallContact(activation=activation, position=2, name="Deputy lead (demo)", email="deputy@welfare.invalid"),
            ]
        )
    if stdout is not None:
        stdout.write(f"Welfare demo: {len(visits)} visits at “{activation.title}”.")
