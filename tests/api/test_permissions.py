"""Who may do what, endpoint by endpoint: the public, an organizer of the owning organization, an
organizer of another organization, a kiosk device of the activation and one of another activation.

Another organization's object answers 404 (ids never leak); a kiosk reaches only its activation;
the public reads only published data and never personal data. A refused write changes nothing.
Extend MATRIX when an endpoint lands (every operation in /api/openapi.json must appear here).
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import Actor
from activations.models import Activation, Session, Venue
from stock.models import KitType, StockLevel, StockLocation, StockMovement
from signups.models import SignUp
from stock.services import stock
from printables.models import CardBatch
from tests import factories
from tests.api.conftest import bearer, paired_kiosk

pytestmark = pytest.mark.django_db

# "kiosk" is the activation's tablet in attendee mode; "kiosk_staff" the same tablet in staff mode
# (its PIN typed, the staff token sent); "other_kiosk" another activation's tablet, in staff mode.
ACTORS = ["public", "owner", "other_org", "kiosk", "kiosk_staff", "other_kiosk"]


def E(public, owner, other_org, kiosk, kiosk_staff, other_kiosk):
    return dict(zip(ACTORS, (public, owner, other_org, kiosk, kiosk_staff, other_kiosk)))


VENUE_PATCH = {"city": "Brooklyn"}


def ACTIVATION_IN(w):
    return {
        "kind": "panel",
        "title": "New panel",
        "venue": w.venue.pk,
        "starts_at": "2031-05-01T10:00",
        "ends_at": "2031-05-01T12:00",
    }


def SESSION_IN(w):
    return {
        "title": "Breathwork",
        "capacity": 10,
        "starts_at": (w.activation.starts_at + timedelta(hours=2)).isoformat(),
        "ends_at": (w.activation.starts_at + timedelta(hours=3)).isoformat(),
    }


# (method, path, body, expected status per actor)
MATRIX = [
    ("GET", "/api/health", None, E(200, 200, 200, 200, 200, 200)),
    ("GET", "/api/venues", None, E(401, 200, 200, 401, 401, 401)),
    (
        "POST",
        "/api/venues",
        {"name": "Tent", "city": "NYC", "country": "US", "timezone": "America/New_York"},
        E(401, 201, 201, 401, 401, 401),
    ),
    ("GET", "/api/venues/{venue}", None, E(401, 200, 404, 401, 401, 401)),
    ("PATCH", "/api/venues/{venue}", VENUE_PATCH, E(401, 200, 404, 401, 401, 401)),
    ("GET", "/api/activations", None, E(200, 200, 200, 200, 200, 200)),
    ("POST", "/api/activations", ACTIVATION_IN, E(401, 201, 404, 401, 401, 401)),
    ("GET", "/api/activations/{activation}", None, E(200, 200, 404, 200, 200, 404)),
    ("GET", "/api/activations/{draft}", None, E(404, 200, 404, 404, 404, 404)),
    ("PATCH", "/api/activations/{activation}", {"title": "Renamed"}, E(401, 200, 404, 401, 401, 401)),
    ("DELETE", "/api/activations/{draft}", None, E(401, 204, 404, 401, 401, 401)),
    ("GET", "/api/activations/{activation}/sessions", None, E(200, 200, 404, 200, 200, 404)),
    ("GET", "/api/activations/{draft}/sessions", None, E(404, 200, 404, 404, 404, 404)),
    ("POST", "/api/activations/{activation}/sessions", SESSION_IN, E(401, 201, 404, 401, 401, 401)),
    ("GET", "/api/sessions/{session}", None, E(200, 200, 404, 200, 200, 404)),
    ("GET", "/api/sessions/{draft_session}", None, E(404, 200, 404, 404, 404, 404)),
    ("PATCH", "/api/sessions/{session}", {"capacity": 12}, E(401, 200, 404, 401, 401, 401)),
    ("DELETE", "/api/sessions/{session}", None, E(401, 409, 404, 401, 401, 401)),  # has sign-ups: cancel it instead
    ("DELETE", "/api/sessions/{draft_session}", None, E(401, 204, 404, 401, 401, 401)),
    # sign-ups (the session starts in 30 minutes: sign-ups and check-in are open, no-shows not yet)
    ("GET", "/api/sessions/{session}/signups", None, E(401, 200, 404, 403, 200, 404)),
    ("POST", "/api/sessions/{session}/signups", {"display_name": "Sam"}, E(201, 201, 404, 201, 201, 404)),
    ("POST", "/api/sessions/{draft_session}/signups", {"display_name": "Sam"}, E(404, 201, 404, 404, 404, 404)),
    ("POST", "/api/sessions/{session}/walk-ins", {"display_name": "Walk-in"}, E(401, 409, 404, 403, 409, 404)),
    ("GET", "/api/signups/{token}", None, E(200, 200, 404, 200, 200, 404)),
    ("POST", "/api/signups/{token}/cancel", None, E(200, 200, 404, 200, 200, 404)),
    ("POST", "/api/signups/{token}/check-in", None, E(401, 200, 404, 403, 200, 404)),
    ("POST", "/api/signups/{token}/check-in/undo", None, E(401, 409, 404, 403, 409, 404)),  # nothing checked in to undo
    ("POST", "/api/signups/{token}/no-show", None, E(401, 409, 404, 403, 409, 404)),
    # kit stock: a kiosk reaches its own booth's stock only
    ("GET", "/api/kit-types", None, E(401, 200, 200, 200, 200, 200)),
    ("POST", "/api/kit-types", {"name": "Rain kit"}, E(401, 201, 201, 401, 401, 401)),
    ("GET", "/api/stock-locations", None, E(401, 200, 200, 200, 200, 200)),
    (
        "POST",
        "/api/stock-locations",
        lambda w: {"name": "Second tent", "activation": w.activation.pk},
        E(401, 201, 404, 401, 401, 401),
    ),
    ("GET", "/api/stock", None, E(401, 200, 200, 200, 200, 200)),
    (
        "PUT",
        "/api/stock/threshold",
        lambda w: {"location": w.booth.pk, "kit_type": w.kit.pk, "threshold": 5},
        E(401, 200, 404, 401, 401, 401),
    ),
    ("GET", "/api/stock/movements", None, E(401, 200, 200, 200, 200, 200)),
    (
        "POST",
        "/api/stock/movements",
        lambda w: {"kind": "distribute", "kit_type": w.kit.pk, "location": w.booth.pk, "quantity": 1},
        E(401, 201, 404, 403, 201, 404),
    ),
    (
        "POST",
        "/api/stock/movements",
        lambda w: {
            "kind": "transfer",
            "kit_type": w.kit.pk,
            "location": w.warehouse.pk,
            "to_location": w.booth.pk,
            "quantity": 5,
        },
        E(401, 201, 404, 403, 403, 403),
    ),  # kiosks may only hand out (refused by kind, before any id is looked at)
    ("GET", "/api/stock/movements/{movement}", None, E(401, 200, 404, 200, 200, 404)),
    ("POST", "/api/stock/movements/{movement}/undo", None, E(401, 201, 404, 403, 201, 404)),
    ("GET", "/api/sessions/{session}/availability", None, E(200, 200, 404, 200, 200, 404)),
    ("GET", "/api/sessions/{draft_session}/availability", None, E(404, 200, 404, 404, 404, 404)),
    # crisis lines are public for everyone; card batches are organizers' own
    ("GET", "/api/helplines?country=GB&lang=en", None, E(200, 200, 200, 200, 200, 200)),
    ("GET", "/api/card-batches", None, E(401, 200, 200, 401, 401, 401)),
    (
        "POST",
        "/api/card-batches",
        lambda w: {
            "country": "GB",
            "language": "en",
            "layout": "card-a4-10up",
            "count": 10,
            "activation": w.activation.pk,
            "allow_stale": True,
        },
        E(401, 201, 404, 401, 401, 401),
    ),
    ("GET", "/api/card-batches/{batch}", None, E(401, 200, 404, 401, 401, 401)),
    ("GET", "/api/card-batches/{batch}/pdf", None, E(401, 200, 404, 401, 401, 401)),
    ("GET", "/api/card-batches/{batch}/qr.png", None, E(401, 200, 404, 401, 401, 401)),
    ("GET", "/api/card-batches/{batch}/qr.svg", None, E(401, 200, 404, 401, 401, 401)),
    # kiosk devices are organizers' own; a tablet reads only its own activation's day
    (
        "POST",
        "/api/kiosk-devices",
        lambda w: {"activation": w.activation.pk, "name": "Second tablet"},
        E(401, 201, 404, 401, 401, 401),
    ),
    ("GET", "/api/kiosk-devices", None, E(401, 200, 200, 401, 401, 401)),
    ("GET", "/api/kiosk-devices/{device}", None, E(401, 200, 404, 401, 401, 401)),
    ("POST", "/api/kiosk-devices/{device}/pairing-code", None, E(401, 201, 404, 401, 401, 401)),
    ("PUT", "/api/kiosk-devices/{device}/pin", {"pin": "246813"}, E(401, 204, 404, 401, 401, 401)),
    ("DELETE", "/api/kiosk-devices/{device}", None, E(401, 204, 404, 401, 401, 401)),
    ("GET", "/api/kiosk/today", None, E(401, 401, 401, 200, 200, 200)),
    ("POST", "/api/kiosk/staff-mode", {"pin": "246813"}, E(401, 401, 401, 200, 200, 200)),
    ("GET", "/api/kiosk/signups", None, E(401, 401, 401, 403, 200, 200)),  # names need staff mode
    ("GET", "/api/kiosk/sessions/{session}/signups", None, E(401, 401, 401, 403, 200, 404)),  # staff mode first
    ("GET", "/api/kiosk/on-shift", None, E(401, 401, 401, 200, 200, 200)),
    # places a tablet holds for offline sign-ups: its own activation's sessions only
    ("PUT", "/api/kiosk/sessions/{session}/lease", {"places": 1}, E(401, 401, 401, 200, 200, 404)),
    ("DELETE", "/api/kiosk/sessions/{session}/lease", None, E(401, 401, 401, 204, 204, 404)),
    # the rota: organizers only; a volunteer uses their own page
    ("GET", "/api/activations/{activation}/shifts", None, E(401, 200, 404, 401, 401, 401)),
    (
        "POST",
        "/api/activations/{activation}/shifts",
        lambda w: {
            "role": "Kit runner",
            "starts_at": (w.activation.starts_at + timedelta(days=2)).isoformat(),
            "ends_at": (w.activation.starts_at + timedelta(days=2, hours=4)).isoformat(),
        },
        E(401, 201, 404, 401, 401, 401),
    ),
    ("GET", "/api/volunteers", None, E(401, 200, 200, 401, 401, 401)),
    ("POST", "/api/volunteers", {"name": "New Person", "email": "new@volunteers.example"}, E(401, 201, 201, 401, 401, 401)),
    ("DELETE", "/api/volunteers/{volunteer}", None, E(401, 204, 404, 401, 401, 401)),
    ("POST", "/api/shifts/{shift}/assignments", lambda w: {"volunteer": w.volunteer.pk}, E(401, 201, 404, 401, 401, 401)),
    ("DELETE", "/api/assignments/{assignment}", None, E(401, 204, 404, 401, 401, 401)),
    # the welfare log and escalation: a kiosk needs staff mode first (403 before scope); a forged
    # undo token is refused (403) whoever sends it
    ("POST", "/api/activations/{activation}/welfare-visits", {"category": "other"}, E(401, 201, 404, 403, 201, 404)),
    ("GET", "/api/activations/{activation}/welfare-visits", None, E(401, 200, 404, 401, 401, 401)),
    ("POST", "/api/welfare-visits/{visit}/undo", {"undo_token": "not-a-real-token"}, E(401, 403, 403, 403, 403, 403)),
    ("GET", "/api/activations/{activation}/on-call", None, E(401, 200, 404, 401, 401, 401)),
    (
        "PUT",
        "/api/activations/{activation}/on-call",
        {"contacts": [{"name": "Lead", "email": "lead@example.org"}]},
        E(401, 200, 404, 401, 401, 401),
    ),
    ("POST", "/api/activations/{activation}/alerts", {"where": "booth", "what": "other"}, E(401, 201, 404, 403, 201, 404)),
    ("GET", "/api/alerts/{alert}", None, E(401, 200, 404, 403, 200, 404)),
    ("GET", "/api/alerts/{alert}/audit", None, E(401, 200, 404, 401, 401, 401)),
]


class World:
    """One organization's festival booth (published) with a session, a draft activation, a second
    activation with its own kiosk, and another organization with its organizer."""

    def __init__(self, with_directory=False):
        if with_directory:
            from helplines.services.importer import import_helplines

            import_helplines()
        self.org = factories.organization(name="SoundMind Collective", slug="soundmind")
        self.owner = factories.organizer(self.org, username="olivia", email="olivia@soundmind.example")
        self.venue = factories.venue(self.org)
        now = timezone.now()
        self.activation = factories.activation(
            self.org, self.venue, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=2), title="Booth"
        )
        self.session = factories.session(self.activation, starts_at=now + timedelta(minutes=30), capacity=20)
        self.signup = factories.signup(self.session, display_name="Ramona Secretname", email="ramona@fans.example")
        self.draft = factories.activation(self.org, self.venue, status="draft", title="Secret draft dinner")
        self.draft_session = factories.session(self.draft)
        self.second = factories.activation(self.org, self.venue, title="Second booth")
        self.other_org = factories.organization(name="Other Collective", slug="other")
        self.other = factories.organizer(self.other_org, username="oscar")
        factories.venue(self.other_org)
        self.device, self.kiosk_headers = paired_kiosk(self.activation)
        from kiosk.services.staff_pin import set_pin

        set_pin(Actor.for_user(self.owner), self.device.pk, "246813")
        self.other_device, other_kiosk_headers = paired_kiosk(self.second)
        self.kiosk_staff_headers = factories.staff_mode_headers(self.device, self.kiosk_headers["HTTP_X_KIOSK_CREDENTIAL"])
        self.other_kiosk_headers = factories.staff_mode_headers(self.other_device, other_kiosk_headers["HTTP_X_KIOSK_CREDENTIAL"])
        self.kit = factories.kit_type(self.org, name="Self-care kit")
        self.warehouse = factories.stock_location(self.org, name="Brooklyn warehouse")
        self.booth = factories.stock_location(activation_obj=self.activation, name="Main stage booth")
        self.second_booth = factories.stock_location(activation_obj=self.second, name="Second stage booth")
        self.other_location = factories.stock_location(self.other_org, name="Their warehouse")
        actor = Actor.for_user(self.owner)
        stock.receive_kits(actor, location=self.warehouse, kit_type=self.kit, quantity=100)
        stock.receive_kits(actor, location=self.booth, kit_type=self.kit, quantity=50)
        stock.receive_kits(actor, location=self.second_booth, kit_type=self.kit, quantity=20)
        self.movement = stock.distribute_kits(actor, location=self.booth, kit_type=self.kit).movements[0]
        from printables.models import CardBatch

        self.batch = CardBatch.objects.create(
            organization=self.org,
            activation=self.activation,
            country="GB",
            language="en",
            count=10,
            created_by=self.owner,
            allow_stale=True,
        )
        from rota.models import Assignment, Shift, Volunteer

        start = now + timedelta(days=1)
        self.shift = Shift.objects.create(
            activation=self.activation, role="Peer supporter", starts_at=start, ends_at=start + timedelta(hours=4), max_people=3
        )
        self.volunteer = Volunteer.objects.create(organization=self.org, name="Vera Volunteer", email="vera@volunteers.example")
        rostered = Volunteer.objects.create(organization=self.org, name="Rob Rostered", email="rob@volunteers.example")
        self.assignment = Assignment.objects.create(shift=self.shift, volunteer=rostered)
        from welfare.models import Alert, WelfareVisit

        self.visit = WelfareVisit.objects.create(
            activation=self.activation, category="other", quarter=now.replace(minute=0, second=0, microsecond=0)
        )
        self.alert = Alert.objects.create(
            activation=self.activation, where="booth", what="other", raised_by="test", raised_at=now
        )

    def headers(self, actor):
        return {
            "public": {},
            "owner": bearer(self.owner),
            "other_org": bearer(self.other),
            "kiosk": self.kiosk_headers,
            "kiosk_staff": self.kiosk_staff_headers,
            "other_kiosk": self.other_kiosk_headers,
        }[actor]

    def path(self, template):
        return template.format(
            venue=self.venue.pk,
            activation=self.activation.pk,
            draft=self.draft.pk,
            session=self.session.pk,
            draft_session=self.draft_session.pk,
            token=self.signup.token,
            movement=self.movement.pk,
            batch=self.batch.pk,
            device=self.device.pk,
            shift=self.shift.pk,
            volunteer=self.volunteer.pk,
            assignment=self.assignment.pk,
            visit=self.visit.pk,
            alert=self.alert.pk,
        )


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            Venue,
            Activation,
            Session,
            SignUp,
            KitType,
            StockLocation,
            StockLevel,
            StockMovement,
            CardBatch,
            *_rota_models(),
        )
    ]


def _rota_models():
    from rota.models import Assignment, Shift, Training, Volunteer

    return (Shift, Volunteer, Training, Assignment)


@pytest.fixture(autouse=True)
def _public_site_url(settings):
    settings.SITE_URL = "https://greenroom.test"  # card batches refuse a loopback SITE_URL with DEBUG=0


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("method,template,body,expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_permission_matrix(client, method, template, body, expected, actor):
    world = World(with_directory="card-batches" in template or "helplines" in template)
    if callable(body):
        body = body(world)
    before = snapshot()
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    response = (
        client.generic(method, world.path(template), **kwargs, **world.headers(actor))
        if method != "GET"
        else client.get(world.path(template), **world.headers(actor))
    )
    assert response.status_code == expected[actor], (actor, method, template, response.content[:300])
    if response.status_code >= 400:
        assert set(response.json()) >= {"detail", "code"}
        assert snapshot() == before, "a refused request changed data"


def test_the_matrix_covers_every_operation(client):
    document = client.get("/api/openapi.json").json()
    documented = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    covered = {(m, "/api/" + t.split("/api/", 1)[1].split("?")[0]) for m, t, _, _ in MATRIX}
    normalise = lambda p: "/".join("{}" if s.startswith("{") else s for s in p.split("/"))  # noqa: E731
    missing = {(m, p) for m, p in documented if (m, normalise(p)) not in {(cm, normalise(cp)) for cm, cp in covered}}
    assert not missing, f"add these to MATRIX: {sorted(missing)}"


def test_lists_show_each_caller_only_its_scope(client):
    world = World()
    other_venue_activation = factories.activation(world.other_org, title="Their published booth")

    def titles(actor):
        response = client.get("/api/activations?limit=200", **world.headers(actor))
        return {a["title"] for a in response.json()["items"]}

    assert titles("public") == {"Booth", "Second booth", "Their published booth"}
    assert titles("owner") == {"Booth", "Second booth", "Secret draft dinner"}
    assert titles("other_org") == {other_venue_activation.title}
    assert titles("kiosk") == {"Booth"}
    assert titles("other_kiosk") == {"Second booth"}

    def locations(actor):
        return {row["name"] for row in client.get("/api/stock-locations", **world.headers(actor)).json()["items"]}

    assert locations("owner") == {"Brooklyn warehouse", "Main stage booth", "Second stage booth"}
    assert locations("other_org") == {"Their warehouse"}
    assert locations("kiosk") == {"Main stage booth"}
    assert locations("other_kiosk") == {"Second stage booth"}
    movements = client.get("/api/stock/movements", **world.headers("kiosk")).json()["items"]
    assert movements and {m["location"] for m in movements} == {world.booth.pk}
    venues = client.get("/api/venues", **world.headers("other_org")).json()
    assert venues["count"] == 2 and {v["organization"] for v in venues["items"]} == {world.other_org.pk}


def test_public_answers_hold_no_personal_data_and_no_drafts(client):
    """Every GET the public may call, with every id we know, answers nothing private."""
    world = World()
    document = client.get("/api/openapi.json").json()
    private = [
        "olivia",
        "oscar",
        "soundmind.example",
        "Secret draft dinner",
        "pw-for-tests-only",
        "credential",
        "Ramona",
        "fans.example",
        world.signup.token,
    ]
    answers = 0
    for path, operations in document["paths"].items():
        if "get" not in operations or "{token}" in path:
            continue  # a sign-up's own page answers whoever holds its secret token: that person
        for template in {
            path.replace("{venue_id}", "{venue}").replace("{activation_id}", "{activation}").replace("{session_id}", "{session}"),
            path.replace("{activation_id}", "{draft}").replace("{session_id}", "{draft_session}"),
        }:
            if "{" in template.replace("{venue}", "").replace("{activation}", "").replace("{session}", "").replace(
                "{draft}", ""
            ).replace("{draft_session}", ""):
                continue  # an endpoint with ids this world does not know yet: covered by its own tests
            response = client.get(world.path(template))
            answers += 1
            if response.status_code == 200:
                text = response.content.decode()
                for secret in private:
                    assert secret not in text, (template, secret)
                assert "@" not in text, (template, "an email address in a public answer")
    assert answers >= 6
