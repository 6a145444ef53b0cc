"""Demo content a newcomer can explore; safe to run again (it updates what it made before)."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from activations.models import Activation, Membership, Organization, Session, Venue

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "greenroom-demo"
ORGANIZER_APPS = ["activations", "signups", "stock", "calendars", "helplines", "kiosk", "printables", "rota", "api"]

FESTIVAL_WORKSHOPS = [
    # (day, start, minutes, title, capacity, description)
    (
        0,
        time(11, 0),
        45,
        "Guided breathwork for stage nerves",
        20,
        "Slow, guided breathing to settle the body before a set. Mats provided; no experience needed.",
    ),
    (
        0,
        time(12, 30),
        60,
        "Songwriting through grief",
        12,
        "A gentle writing circle led by a songwriter and a counsellor. Bring nothing but yourself.",
    ),
    (
        0,
        time(14, 0),
        45,
        "Ear care for crew and artists",
        30,
        "Hearing protection, tinnitus and when to get checked, with an audiologist.",
    ),
    (0, time(15, 30), 60, "Touring and sleep: a practical workshop", 16, "Jet lag, late load-outs and how to rest on the road."),
    (
        0,
        time(17, 0),
        45,
        "Peer support 101 for festival crew",
        25,
        "How to notice when a colleague is struggling, and what to say.",
    ),
    (1, time(11, 0), 45, "Morning movement and breath", 20, "Light stretching and breathwork on the lawn."),
    (
        1,
        time(13, 0),
        60,
        "Money worries and music careers",
        15,
        "A financial counsellor on irregular income, with time for questions.",
    ),
    (
        1,
        time(15, 0),
        45,
        "Guided breathwork for stage nerves",
        20,
        "A second chance to join the most popular session of the weekend.",
    ),
]


DROP_IN_TITLE = "Drop-in: talk to a peer supporter"


def organizer_permissions():
    """A partner organizer's permissions: everything of their apps, but the shared directory is read-only."""
    return Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS).exclude(
        content_type__app_label="helplines", codename__regex=r"^(add|change|delete|edit)_"
    )


class Command(BaseCommand):
    help = "Loads demo organizations, venues, activations and sessions (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        org, _ = Organization.objects.update_or_create(slug="soundmind-collective", defaults={"name": "SoundMind Collective"})
        user = self._organizer(org)
        venues = self._venues(org)
        self._festival(org, venues["ny"])
        self._residency(org, venues["la"])
        self._panel(org, venues["london"])
        self._dinner(org, venues["berlin"])
        self._extend(org, user)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Admin login: {DEMO_USERNAME} / {DEMO_PASSWORD}"))

    def _extend(self, org, user):
        """Other apps' demo content (sign-ups, stock, crisis lines, kiosk) hooks in here."""
        from importlib import import_module

        for module_name in (
            "signups.demo",
            "stock.demo",
            "helplines.demo",
            "kiosk.demo",
            "printables.demo",
            "impact.demo",
            "rota.demo",
            "welfare.demo",
        ):
            try:
                module = import_module(module_name)
            except ModuleNotFoundError:
                continue
            module.seed(org=org, user=user, stdout=self.stdout)

    def _organizer(self, org):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=DEMO_USERNAME, defaults={"email": "demo@greenroom.invalid"})
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        group, _ = Group.objects.get_or_create(name="Organizers")
        group.permissions.set(organizer_permissions())
        # The shared crisis-line directory is changed by the nonprofit's team only: their group has
        # every helplines permission; add someone to it in the admin (the demo organizer is not).
        editors, _ = Group.objects.get_or_create(name="Directory editors")
        editors.permissions.set(Permission.objects.filter(content_type__app_label="helplines"))
        user.groups.add(group)
        Membership.objects.get_or_create(organization=org, user=user)
        return user

    def _venues(self, org):
        specs = {
            "ny": dict(
                name="Governors Island Wellness Tent",
                address="10 South St",
                city="New York",
                country="US",
                timezone="America/New_York",
                latitude=40.6895,
                longitude=-74.0168,
            ),
            "la": dict(
                name="Echo Park Writers' House",
                address="1822 Sunset Blvd",
                city="Los Angeles",
                country="US",
                timezone="America/Los_Angeles",
                latitude=34.0777,
                longitude=-118.2606,
            ),
            "london": dict(
                name="Roundhouse Studio Theatre",
                address="Chalk Farm Rd",
                city="London",
                country="GB",
                timezone="Europe/London",
                latitude=51.5432,
                longitude=-0.1519,
            ),
            "berlin": dict(
                name="Kantine am Berghain",
                address="Am Wriezener Bahnhof",
                city="Berlin",
                country="DE",
                timezone="Europe/Berlin",
                latitude=52.5111,
                longitude=13.4430,
            ),
        }
        return {
            key: Venue.objects.update_or_create(organization=org, name=spec["name"], defaults=spec)[0]
            for key, spec in specs.items()
        }

    @staticmethod
    def _local(venue, day, at):
        return timezone.make_aware(datetime.combine(day, at), venue.zone)

    def _activation(self, org, venue, slug, **fields):
        activation, _ = Activation.objects.update_or_create(
            slug=slug, defaults=dict(organization=org, venue=venue, status=Activation.Status.PUBLISHED, **fields)
        )
        return activation

    def _festival(self, org, venue):
        today = timezone.localtime(timezone.now(), venue.zone).date()
        activation = self._activation(
            org,
            venue,
            "governors-ball-wellness-booth",
            kind=Activation.Kind.FESTIVAL,
            title="Wellness Booth at Harbor Sound Festival",
            description=(
                "Our booth by the main stage: guided workshops every afternoon, free self-care kits "
                "(earplugs, water, electrolytes) and trained peer supporters to talk to. Drop in any time."
            ),
            # Open from 10:00 today to 20:00 tomorrow, and always around now (the "next hour" drop-in below).
            starts_at=min(self._local(venue, today, time(10, 0)), self._soon() - timedelta(hours=2)),
            ends_at=max(self._local(venue, today + timedelta(days=1), time(20, 0)), self._soon() + timedelta(hours=3)),
            partners="Harbor Sound Festival, MusiCares, Crisis Text Line",
            featured_artists="Maya Lin Rivera, The Quiet Hours",
        )
        for day, at, minutes, title, capacity, description in FESTIVAL_WORKSHOPS:
            self._session(activation, venue, today + timedelta(days=day), at, minutes, title, capacity, description)
        self._next_hour_drop_in(activation)

    @staticmethod
    def _soon():
        """20 to 25 minutes from now, on a 5-minute mark: inside check-in's 60-minute window, still to come."""
        now = timezone.now().replace(second=0, microsecond=0)
        return now + timedelta(minutes=20 + (5 - now.minute % 5) % 5)

    def _next_hour_drop_in(self, activation):
        """One session that always starts within the next hour, so check-in and the kiosk's staff flow
        can be tried whatever the time of day. Run again, it moves (never duplicates) that session."""
        start = self._soon()
        session = Session.objects.filter(activation=activation, title=DROP_IN_TITLE).order_by("pk").first()
        if session is not None and timezone.now() < session.starts_at <= timezone.now() + timedelta(hours=1):
            return session
        session = session or Session(activation=activation, title=DROP_IN_TITLE)
        session.starts_at, session.ends_at = start, start + timedelta(minutes=45)
        session.capacity, session.waitlist = 12, True
        session.step_free_access, session.seating, session.quiet_space = True, True, True
        session.description = "Talk one-to-one with a trained peer supporter at the booth. Starts within the hour."
        session.full_clean()
        session.save()
        return session

    def _residency(self, org, venue):
        start_day = timezone.localdate() + timedelta(days=9)
        activation = self._activation(
            org,
            venue,
            "echo-park-songwriter-residency",
            kind=Activation.Kind.RESIDENCY,
            title="Echo Park Songwriter Residency: Writing Well",
            description=(
                "A week for eight emerging songwriters: co-writing in the mornings, one-to-one sessions "
                "with a music therapist, and evening listening circles. Meals provided."
            ),
            starts_at=self._local(venue, start_day, time(9, 0)),
            ends_at=self._local(venue, start_day + timedelta(days=6), time(21, 0)),
            partners="Echo Park Writers' House, Backline",
            featured_artists="June Okafor (mentor)",
        )
        for offset in range(7):
            self._session(
                activation,
                venue,
                start_day + timedelta(days=offset),
                time(18, 0),
                90,
                "Evening listening circle",
                20,
                "Share a work in progress with kind ears. Open to the public.",
            )

    def _panel(self, org, venue):
        day = timezone.localdate() + timedelta(days=16)
        activation = self._activation(
            org,
            venue,
            "london-touring-mental-health-panel",
            kind=Activation.Kind.PANEL,
            title="Life on the Road: Touring and Mental Health",
            description="Artists, a tour manager and a clinical psychologist on burnout, isolation and asking for help.",
            starts_at=self._local(venue, day, time(18, 30)),
            ends_at=self._local(venue, day, time(21, 0)),
            partners="Music Minds Matter",
        )
        self._session(
            activation,
            venue,
            day,
            time(19, 0),
            90,
            "Panel and audience questions",
            120,
            "Seats are free; please sign up so we can plan the room.",
        )

    def _dinner(self, org, venue):
        day = timezone.localdate() + timedelta(days=23)
        activation = self._activation(
            org,
            venue,
            "berlin-crew-dinner",
            kind=Activation.Kind.DINNER,
            title="Crew Supper Club Berlin",
            description="A long-table dinner for touring crew: good food and honest conversation about working nights.",
            starts_at=self._local(venue, day, time(19, 0)),
            ends_at=self._local(venue, day, time(23, 0)),
        )
        self._session(
            activation,
            venue,
            day,
            time(19, 30),
            150,
            "Supper seating",
            24,
            "A three-course vegetarian dinner. Tell us about allergies on the night.",
        )

    def _session(self, activation, venue, day, at, minutes, title, capacity, description):
        start = self._local(venue, day, at)
        existing = [
            s
            for s in Session.objects.filter(activation=activation, title=title)
            if timezone.localtime(s.starts_at, venue.zone).date() == day
        ]
        defaults = dict(
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            capacity=capacity,
            waitlist=True,
            description=description,
            # What the demo venues offer for access: every space step-free with seats and a quiet corner;
            # the bigger rooms with a hearing loop.
            step_free_access=True,
            seating=True,
            quiet_space=True,
            hearing_loop=capacity >= 20,
        )
        session = existing[0] if existing else Session(activation=activation, title=title)
        for name, value in defaults.items():
            setattr(session, name, value)
        session.full_clean()
        session.save()
        return session
