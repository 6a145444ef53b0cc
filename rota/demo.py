"""Demo rota for the New York festival booth: volunteers with training and two days of shifts,
some short of people, one with nobody trained in safeguarding. Idempotent."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.actors import Actor
from activations.models import Activation
from core.errors import GreenroomError
from rota.models import RotaPolicy, Shift, Training, Volunteer
from rota.services.assignments import assign_volunteer

DEMO_ACTIVATION_SLUG = "governors-ball-wellness-booth"
VOLUNTEERS = [  # name, email, training
    ("Ana Lee", "ana@volunteers.invalid", {"safeguarding": 400, "first-aid": 400}),
    ("Ben Okafor", "ben@volunteers.invalid", {"safeguarding": 200}),
    ("Cleo Diaz", "cleo@volunteers.invalid", {"first-aid": 100}),
    ("Dev Patel", "dev@volunteers.invalid", {}),
    ("Esme Novak", "esme@volunteers.invalid", {"safeguarding": 30}),
    ("Femi Adeyemi", "femi@volunteers.invalid", {"safeguarding": 300, "first-aid": 300}),
]
SHIFTS = [  # day, start, hours, role, min, max, training, who
    (0, time(10), 4, "Booth lead", 1, 1, ["safeguarding"], ["Ana Lee"]),
    (0, time(10), 4, "Peer supporter", 2, 3, [], ["Dev Patel", "Cleo Diaz"]),
    (0, time(14), 4, "Booth lead", 1, 1, ["safeguarding"], ["Ben Okafor"]),
    (0, time(14), 4, "Peer supporter", 2, 3, [], ["Esme Novak"]),
    (0, time(16), 4, "First aider", 1, 1, ["first-aid"], []),
    (1, time(10), 4, "Booth lead", 1, 1, ["safeguarding"], ["Femi Adeyemi"]),
    (1, time(10), 4, "Peer supporter", 2, 3, [], ["Dev Patel"]),
    (1, time(14), 4, "Booth lead", 1, 1, ["safeguarding"], []),
    (1, time(14), 6, "Kit runner", 1, 2, [], ["Cleo Diaz"]),
]


def seed(org, user, stdout=None):
    activation = Activation.objects.filter(slug=DEMO_ACTIVATION_SLUG, organization=org).select_related("venue").first()
    if activation is None:
        return
    RotaPolicy.objects.get_or_create(organization=org, defaults={"cover_training": ["safeguarding"]})
    today = timezone.localtime(activation.starts_at, activation.venue.zone).date()
    people = {}
    for name, email, training in VOLUNTEERS:
        volunteer, _ = Volunteer.objects.get_or_create(
            organization=org, email=email, removed_at__isnull=True, defaults={"name": name}
        )
        for tag, days in training.items():
            Training.objects.get_or_create(volunteer=volunteer, tag=tag, defaults={"expires_on": today + timedelta(days=days)})
        people[name] = volunteer
    actor = Actor.for_user(user)
    zone = activation.venue.zone
    for day, at, hours, role, low, high, training, who in SHIFTS:
        start = timezone.make_aware(datetime.combine(today + timedelta(days=day), at), zone)
        shift, _ = Shift.objects.get_or_create(
            activation=activation,
            role=role,
            starts_at=start,
            defaults=dict(ends_at=start + timedelta(hours=hours), min_people=low, max_people=high, required_training=training),
        )
        for name in who:
            try:
                assign_volunteer(actor, shift.pk, people[name].pk, now=start - timedelta(days=1))
            except GreenroomError:
                pass  # already over, or the demo's own limits: the demo shows what the rules allow
    if stdout is not None:
        ana = people["Ana Lee"]
        stdout.write(f"Demo rota: {len(SHIFTS)} shifts at {activation.title}; a volunteer's page: /rota/{ana.token}/")
