"""Every rule at every door: each rule is tried through each way in that can reach it — the public
web page, the kiosk (its API calls, in attendee and in staff mode), the admin, the API and the
management commands — and holds the same way, leaving nothing written when it refuses.

Rules: capacity; promotion from the waiting list on a cancellation and on a capacity raise; no
deleting a session people signed up for; texts only to a valid number the person asked to be texted
at; telling people of a cancellation or a new time; stock
never below zero; lines due for re-check never printed nor previewed; staff-only actions.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from activations.models import Session
from core.actors import Actor
from core.timezones import as_venue_wall_clock
from printables.models import CardBatch
from signups.models import SignUp
from signups.services import signups
from stock.models import StockLevel
from stock.services import stock
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, organizer, client, auth_headers, settings):
    settings.SITE_URL = "https://greenroom.test"
    organizer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["activations", "signups", "stock", "printables", "kiosk"])
    )
    now = timezone.now().replace(second=0, microsecond=0)  # the admin's forms are to the minute
    venue = factories.venue(org, name="Festival field", city="London", country="GB", timezone="Europe/London")
    activation = factories.activation(
        org,
        venue,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=3),
        title="Field festival",
        slug="field-festival",
    )
    session = factories.session(
        activation,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
        capacity=1,
        waitlist=True,
        title="Songwriting and stress",
    )
    from kiosk.models import KioskDevice

    device = KioskDevice(activation=activation, name="Booth tablet")
    secret = device.issue_credential()
    device.save()

    class World:
        pass

    w = World()
    w.org, w.organizer, w.activation, w.session, w.venue, w.device = org, organizer, activation, session, venue, device
    w.actor = Actor.for_user(organizer)
    w.api = auth_headers
    w.kiosk = {"HTTP_X_KIOSK_CREDENTIAL": secret}
    w.kiosk_staff = factories.staff_mode_headers(device, secret)
    w.admin = client
    client.force_login(organizer)
    return w


def api(client, method, path, body=None, **headers):
    import json

    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return client.generic(method, path, **kwargs, **headers)


def session_form(session, prefix="", **changes) -> dict:
    """The admin's session form as the organizer sees it filled in (venue time), with `changes`."""
    zone = session.activation.venue.zone
    values = {
        "title": session.title,
        "status": session.status,
        "capacity": session.capacity,
        "waitlist": "on" if session.waitlist else "",
        "max_party_size": session.max_party_size,
        "description": session.description,
        "activation": session.activation_id,
    }
    for name in ("starts_at", "ends_at", "signups_open_at", "signups_close_at"):
        moment = changes.pop(name, getattr(session, name))
        wall = as_venue_wall_clock(moment, zone) if moment else None
        values[f"{name}_0"] = wall.strftime("%Y-%m-%d") if wall else ""
        values[f"{name}_1"] = wall.strftime("%H:%M") if wall else ""
    values.update(changes)
    data = {f"{prefix}{k}": v for k, v in values.items() if not (k == "waitlist" and v == "")}
    if not prefix:  # the session's page also holds its (read-only) roster of sign-ups
        data.update({"signups-TOTAL_FORMS": "0", "signups-INITIAL_FORMS": "0"})
    return data


def activation_form(activation, sessions, deleting=()) -> dict:
    """The admin's activation form with its sessions inline, e.g. to change one of them there."""
    zone = activation.venue.zone
    data = {
        "organization": activation.organization_id,
        "kind": activation.kind,
        "title": activation.title,
        "slug": activation.slug,
        "status": activation.status,
        "venue": activation.venue_id,
        "description": activation.description,
        "featured_artists": "",
        "partners": "",
    }
    for name in ("starts_at", "ends_at"):
        wall = as_venue_wall_clock(getattr(activation, name), zone)
        data[f"{name}_0"], data[f"{name}_1"] = wall.strftime("%Y-%m-%d"), wall.strftime("%H:%M")
    data.update(
        {
            "sessions-TOTAL_FORMS": str(len(sessions)),
            "sessions-INITIAL_FORMS": str(len(sessions)),
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        }
    )
    for i, (session, changes) in enumerate(sessions):
        form = session_form(session, prefix=f"sessions-{i}-", **changes)
        form.pop(f"sessions-{i}-activation")
        form[f"sessions-{i}-id"] = session.pk
        form[f"sessions-{i}-activation"] = activation.pk
        if session in deleting:
            form[f"sessions-{i}-DELETE"] = "on"
        data.update(form)
    return data


def admin_post(w, path, data):
    """A change saved through the admin: it answers with a redirect (a 200 is the form again, with errors)."""
    response = w.admin.post(path, data)
    if response.status_code != 302:
        import re

        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
        raise AssertionError(f"{response.status_code}: {errors or response.content[:800]}")
    return response


# --- capacity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("door", ["web page", "kiosk", "api"])
def test_a_full_session_without_a_waiting_list_takes_nobody_more(world, door, client):
    Session.objects.filter(pk=world.session.pk).update(waitlist=False)
    signups.sign_up(world.actor, world.session.pk, "First")
    body = {"display_name": "One too many"}
    if door == "web page":
        response = client.post("/a/field-festival/signup/", {"session": world.session.pk, **body})
        assert response.status_code == 409 and "is full" in response.content.decode()
    else:
        headers = world.kiosk if door == "kiosk" else world.api
        response = api(client, "POST", f"/api/sessions/{world.session.pk}/signups", body, **headers)
        assert (response.status_code, response.json()["code"]) == (409, "session_full")
    assert SignUp.objects.filter(session=world.session).count() == 1


@pytest.mark.parametrize("door", ["web page", "kiosk", "api"])
@pytest.mark.parametrize(
    "phone, consent, code",
    [("0791", True, "invalid_phone"), ("+447911123456", False, "sms_consent_needed"), ("", True, "phone_needed")],
)
def test_texts_need_a_valid_number_and_the_tick(world, door, phone, consent, code, client):
    from notifications.models import Message

    if door == "web page":
        form = {"session": world.session.pk, "display_name": "Ana", "phone": phone, **({"sms_consent": "on"} if consent else {})}
        response = client.post("/a/field-festival/signup/", form)
        assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    else:
        headers = world.kiosk if door == "kiosk" else world.api
        body = {"display_name": "Ana", "phone": phone, "sms_consent": consent}
        response = api(client, "POST", f"/api/sessions/{world.session.pk}/signups", body, **headers)
        assert (response.status_code, response.json()["code"]) == (422, code)
    assert not SignUp.objects.exists() and not Message.objects.exists()


# --- promotion when a place frees ---------------------------------------------------------------


@pytest.mark.parametrize("door", ["web page", "api", "admin action"])
def test_a_cancellation_gives_the_place_to_the_first_person_waiting(
    world, door, client, mailoutbox, django_capture_on_commit_callbacks
):
    first = signups.sign_up(world.actor, world.session.pk, "Ana", "ana@example.org").signup
    waiting = signups.sign_up(world.actor, world.session.pk, "Ben", "ben@example.org").signup
    assert waiting.status == "waitlisted"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if door == "web page":
            assert client.post(f"/signups/{first.token}/cancel/").status_code in (200, 302)
        elif door == "api":
            assert api(client, "POST", f"/api/signups/{first.token}/cancel").status_code == 200
        else:
            admin_post(world, "/admin/signups/signup/", {"action": "cancel_selected", "_selected_action": [first.pk]})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert any(m.to == ["ben@example.org"] and "place" in m.subject.lower() for m in mailoutbox)


@pytest.mark.parametrize("door", ["admin session form", "admin activation form", "api"])
def test_a_capacity_raise_fills_the_new_places_from_the_waiting_list(world, door, client):
    signups.sign_up(world.actor, world.session.pk, "Ana")
    waiting = [signups.sign_up(world.actor, world.session.pk, name).signup for name in ("Ben", "Cleo", "Dev")]
    if door == "admin session form":
        admin_post(world, f"/admin/activations/session/{world.session.pk}/change/", session_form(world.session, capacity=3))
    elif door == "admin activation form":
        admin_post(
            world,
            f"/admin/activations/activation/{world.activation.pk}/change/",
            activation_form(world.activation, [(world.session, {"capacity": 3})]),
        )
    else:
        assert api(client, "PATCH", f"/api/sessions/{world.session.pk}", {"capacity": 3}, **world.api).status_code == 200
    assert [SignUp.objects.get(pk=s.pk).status for s in waiting] == ["confirmed", "confirmed", "waitlisted"]
    assert SignUp.objects.get(pk=waiting[2].pk).waitlist_position == 1


# --- no deleting what people signed up for ------------------------------------------------------

HAS_SIGNUPS = "1 person has signed up for this session. Cancel it instead"


@pytest.mark.parametrize(
    "door", ["admin delete page", "admin bulk delete", "admin inline delete", "admin activation delete", "api"]
)
def test_a_session_with_sign_ups_is_not_deleted(world, door, client):
    signups.sign_up(world.actor, world.session.pk, "Ana")
    if door == "admin delete page":
        page = world.admin.get(f"/admin/activations/session/{world.session.pk}/delete/").content.decode()
        assert HAS_SIGNUPS in page
        world.admin.post(f"/admin/activations/session/{world.session.pk}/delete/", {"post": "yes"})
    elif door == "admin bulk delete":
        page = world.admin.post(
            "/admin/activations/session/", {"action": "delete_selected", "_selected_action": [world.session.pk], "post": "yes"}
        ).content.decode()
        assert HAS_SIGNUPS in page
    elif door == "admin inline delete":
        page = world.admin.post(
            f"/admin/activations/activation/{world.activation.pk}/change/",
            activation_form(world.activation, [(world.session, {})], deleting=[world.session]),
        )
        assert page.status_code == 200 and HAS_SIGNUPS in page.content.decode()
    elif door == "admin activation delete":
        page = world.admin.get(f"/admin/activations/activation/{world.activation.pk}/delete/").content.decode()
        import re

        assert "1 person has signed up for this activation. Cancel it instead" in page, re.findall(
            r'<ul id="deleted-objects">.*?</ul>|<h1>.*?</h1>', page, re.S
        )
        world.admin.post(f"/admin/activations/activation/{world.activation.pk}/delete/", {"post": "yes"})
    else:
        response = api(client, "DELETE", f"/api/sessions/{world.session.pk}", **world.api)
        assert (response.status_code, response.json()["code"]) == (409, "has_signups")
        assert response.json()["detail"].startswith(HAS_SIGNUPS)
    assert Session.objects.filter(pk=world.session.pk).exists()
    assert SignUp.objects.filter(session=world.session).count() == 1


def test_the_admin_deletes_a_session_nobody_signed_up_for(world):
    world.admin.post(f"/admin/activations/session/{world.session.pk}/delete/", {"post": "yes"})
    assert not Session.objects.filter(pk=world.session.pk).exists()


# --- people are told of a cancellation or a new time -----------------------------------------------


@pytest.mark.parametrize("change", ["cancelled", "new time"])
@pytest.mark.parametrize("door", ["admin session form", "admin activation form", "api"])
def test_people_signed_up_are_told(world, door, change, client, mailoutbox, django_capture_on_commit_callbacks):
    signups.sign_up(world.actor, world.session.pk, "Ana", "ana@example.org")
    sequence = Session.objects.get(pk=world.session.pk).sequence
    later = world.session.starts_at + timedelta(hours=2)
    form_change = (
        {"status": "cancelled"} if change == "cancelled" else {"starts_at": later, "ends_at": later + timedelta(hours=1)}
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if door == "admin session form":
            admin_post(
                world, f"/admin/activations/session/{world.session.pk}/change/", session_form(world.session, **form_change)
            )
        elif door == "admin activation form":
            admin_post(
                world,
                f"/admin/activations/activation/{world.activation.pk}/change/",
                activation_form(world.activation, [(world.session, form_change)]),
            )
        else:
            body = (
                {"status": "cancelled"}
                if change == "cancelled"
                else {"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()}
            )
            assert api(client, "PATCH", f"/api/sessions/{world.session.pk}", body, **world.api).status_code == 200
    session = Session.objects.get(pk=world.session.pk)
    told = [m for m in mailoutbox if m.to == ["ana@example.org"]]
    assert len(told) == 1
    if change == "cancelled":
        assert session.status == "cancelled" and "cancel" in told[0].subject.lower()
    else:
        assert session.starts_at == later and session.sequence > sequence
        assert "time" in told[0].subject.lower() or "moved" in told[0].subject.lower()


# --- stock never below zero ---------------------------------------------------------------------


@pytest.mark.parametrize("door", ["kiosk", "api", "admin transfer"])
def test_stock_never_goes_below_zero(world, door, client):
    kit = factories.kit_type(world.org, name="Self-care kit")
    booth = factories.stock_location(activation_obj=world.activation, name="Main stage booth")
    warehouse = factories.stock_location(world.org, name="Warehouse")
    stock.receive_kits(world.actor, location=booth, kit_type=kit, quantity=1)
    stock.distribute_kits(world.actor, location=booth, kit_type=kit)
    body = {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}
    if door == "kiosk":
        response = api(client, "POST", "/api/stock/movements", body, **world.kiosk_staff)
        assert (response.status_code, response.json()["code"]) == (409, "insufficient_stock")
    elif door == "api":
        response = api(client, "POST", "/api/stock/movements", {**body, "quantity": 5}, **world.api)
        assert (response.status_code, response.json()["code"]) == (409, "insufficient_stock")
    else:
        level = StockLevel.objects.get(location=booth, kit_type=kit)
        page = world.admin.post(
            "/admin/stock/stocklevel/",
            {
                "action": "transfer_kits",
                "_selected_action": [level.pk],
                "apply": "1",
                "to_location": warehouse.pk,
                "quantity": 3,
                "reason": "back to the van",
            },
        ).content.decode()
        assert "Nothing was changed" in page
    assert StockLevel.objects.get(location=booth, kit_type=kit).on_hand == 0
    assert not StockLevel.objects.filter(on_hand__lt=0).exists()


# --- lines due for re-check are neither printed nor previewed ---------------------------------------


@pytest.fixture
def directory(db):
    from helplines.services.importer import import_helplines

    import_helplines()


@pytest.mark.parametrize("door", ["api", "admin print page", "admin preview", "command"])
def test_lines_due_for_recheck_are_never_printed_or_previewed(world, door, directory, client, tmp_path):
    form = {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 10}
    if door == "api":
        response = api(client, "POST", "/api/card-batches", {**form, "activation": world.activation.pk}, **world.api)
        assert (response.status_code, response.json()["code"]) == (409, "stale_lines")
    elif door == "admin print page":
        page = world.admin.post("/admin/printables/cardbatch/print/", form).content.decode()
        assert "Due for re-check: Samaritans" in page
    elif door == "admin preview":
        response = world.admin.get("/admin/printables/cardbatch/print/preview.png", form)
        assert response.status_code == 409 and "due for re-check" in response.content.decode()
        assert response["Content-Type"].startswith("text/plain")
    else:
        with pytest.raises(CommandError, match="due for re-check"):
            call_command(
                "print_cards",
                "--country",
                "GB",
                "--lang",
                "en",
                "--count",
                "10",
                "--activation",
                str(world.activation.pk),
                "-o",
                str(tmp_path / "cards.pdf"),
            )
        assert not (tmp_path / "cards.pdf").exists()
    assert not CardBatch.objects.exists()


# --- staff-only actions --------------------------------------------------------------------------


def test_staff_only_actions_need_staff_mode_on_the_server(world, client):
    soon = factories.session(
        world.activation,
        starts_at=timezone.now() + timedelta(minutes=20),
        ends_at=timezone.now() + timedelta(minutes=80),
        capacity=5,
    )
    ana = signups.sign_up(world.actor, soon.pk, "Ana").signup
    kit = factories.kit_type(world.org)
    booth = factories.stock_location(activation_obj=world.activation, name="Booth")
    stock.receive_kits(world.actor, location=booth, kit_type=kit, quantity=5)
    calls = [
        ("POST", f"/api/signups/{ana.token}/check-in", None),
        ("GET", f"/api/sessions/{soon.pk}/signups", None),
        ("GET", "/api/kiosk/signups?q=Ana", None),
        ("GET", f"/api/kiosk/sessions/{soon.pk}/signups", None),
        ("POST", "/api/stock/movements", {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}),
        ("POST", f"/api/activations/{world.activation.pk}/welfare-visits", {"category": "other"}),
    ]
    for method, path, body in calls:
        refused = api(client, method, path, body, **world.kiosk)
        assert (refused.status_code, refused.json()["code"]) == (403, "staff_mode_required"), path
    assert SignUp.objects.get(pk=ana.pk).status == "confirmed"
    assert StockLevel.objects.get(location=booth, kit_type=kit).on_hand == 5
    for method, path, body in calls:
        assert api(client, method, path, body, **world.kiosk_staff).status_code in (200, 201), path
    assert SignUp.objects.get(pk=ana.pk).status == "checked_in"
    assert StockLevel.objects.get(location=booth, kit_type=kit).on_hand == 4
