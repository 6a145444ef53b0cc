"""An organizer of a second organization walks every admin page (lists, filters, add and change
forms, history, autocomplete, garbage filter values) and never meets a string of the first one."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiosk.models import KioskDevice
from notifications.models import Message
from printables.models import CardBatch
from rota.models import Shift, Volunteer
from stock.models import StockMovement
from tests import factories
from welfare.models import Alert, OnCallContact

pytestmark = pytest.mark.django_db

SECRET = "Zebulon"  # every string of the first organization carries it


def build(org, word):
    now = timezone.now()
    venue = factories.venue(org, name=f"{word} Hall", city=f"{word} City")
    fest = factories.activation(org, venue, title=f"{word} Fest", slug=f"{word.lower()}-fest")
    draft = factories.activation(org, venue, title=f"{word} Draft", slug=f"{word.lower()}-draft", status="draft")
    session = factories.session(fest, title=f"{word} Breathwork")
    factories.session(draft, title=f"{word} Secret Session")
    factories.signup(session, display_name=f"{word} Attendee", email=f"{word.lower()}@example.org")
    kit = factories.kit_type(org, name=f"{word} Kit", sku=f"{word.upper()}-1")
    depot = factories.stock_location(org, name=f"{word} Depot")
    booth = factories.stock_location(org, fest, name=f"{word} Booth")
    StockMovement.objects.create(
        kind="receive", kit_type=kit, location=depot, quantity=5, actor="user:test", reason=f"{word} reason"
    )
    StockMovement.objects.create(
        kind="receive", kit_type=kit, location=booth, quantity=5, actor="user:test", reason=f"{word} reason"
    )
    device = KioskDevice(activation=fest, name=f"{word} Tablet")
    device.issue_credential()
    device.save()
    volunteer = Volunteer.objects.create(organization=org, name=f"{word} Volunteer", email=f"vol.{word.lower()}@example.org")
    shift = Shift.objects.create(
        activation=fest, role=f"{word} Booth lead", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2)
    )
    shift.assignments.create(volunteer=volunteer)
    OnCallContact.objects.create(activation=fest, position=1, name=f"{word} Oncall", phone="+447911123456")
    Alert.objects.create(activation=fest, where="booth", what="other", raised_by=f"{word} raiser", raised_at=now)
    Message.objects.create(
        channel="email",
        kind="test",
        recipient=f"{word.lower()}@example.org",
        subject=f"{word} subject",
        body=f"{word} body",
        organization=org,
        due_at=now,
    )
    CardBatch.objects.create(organization=org, activation=fest, country="GB", language="en", count=10)
    from calendars.models import CalendarFeed

    feed = CalendarFeed(organization=org, name=f"{word} partners")
    feed.issue_secret()
    feed.save()
    return fest


@pytest.fixture
def second_org_team(db):
    first = factories.organization(name=f"{SECRET} Collective", slug="zebulon")
    factories.organizer(first, username="zebulon_lead")
    build(first, SECRET)
    second = factories.organization(name="Second Collective", slug="second")
    build(second, "Second")
    organizer = factories.organizer(second, username="second_lead")
    organizer.user_permissions.set(
        Permission.objects.exclude(content_type__app_label__in=["auth", "contenttypes", "sessions", "admin"])
    )
    client = Client()
    client.force_login(organizer)
    return client, organizer


def admin_pages(client, organizer):
    """Every admin URL an organizer can reach: each model's list, add, change and history pages."""
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = organizer
    yield "/admin/"
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request) and not model_admin.has_view_permission(request):
            continue
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:%s_%s_changelist" % info)
        if model_admin.has_add_permission(request):
            yield reverse("admin:%s_%s_add" % info)
        for obj in model_admin.get_queryset(request)[:3]:
            yield reverse("admin:%s_%s_change" % info, args=[obj.pk])
            yield reverse("admin:%s_%s_history" % info, args=[obj.pk])


def test_no_page_of_the_admin_shows_the_first_organization(second_org_team):
    client, organizer = second_org_team
    seen = 0
    for url in admin_pages(client, organizer):
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert SECRET not in html and SECRET.lower() not in html, (
            url,
            re.findall(rf".{{0,120}}{SECRET}.{{0,40}}", html, re.I | re.S)[:3],
        )
        seen += 1
        # every filter of a list, given a value that is not one: ignored or refused, never a 500
        for name in set(re.findall(r'href="\?([a-z_]+)(?:__[a-z]+)*=', html)):
            for garbage in ("abc", "99999999999999999999", "-1"):
                bad = client.get(f"{url}?{name}={garbage}", follow=True)
                assert bad.status_code in (200, 400), (url, name, garbage, bad.status_code)
                assert SECRET not in bad.content.decode()
    assert seen > 40


def test_the_first_organizations_objects_are_not_reachable_by_address(second_org_team):
    client, _ = second_org_team
    for model in admin.site._registry:
        scoped = [
            f
            for f in (
                "organization",
                "activation__organization",
                "session__activation__organization",
                "location__organization",
                "shift__activation__organization",
            )
            if _has_path(model, f)
        ]
        if not scoped:
            continue
        theirs = model._default_manager.filter(**{f"{scoped[0]}__slug": "zebulon"}).first()
        if theirs is None:
            continue
        info = model._meta.app_label, model._meta.model_name
        response = client.get(reverse("admin:%s_%s_change" % info, args=[theirs.pk]), follow=True)
        assert SECRET not in response.content.decode(), info


def _has_path(model, path):
    from django.core.exceptions import FieldDoesNotExist

    try:
        for part in path.split("__"):
            model = model._meta.get_field(part).related_model
        return True
    except (FieldDoesNotExist, AttributeError):
        return False


def test_unsafe_next_on_the_admin_log_in_lands_on_the_admin(db):
    factories.organizer(factories.organization(), username="nina")
    for unsafe in ("https://evil.example/", "//evil.example", "javascript:alert(1)"):
        response = Client().post(
            f"/admin/login/?next={unsafe}", {"username": "nina", "password": "pw-for-tests-only", "next": unsafe}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/", response.get("Location")


def test_a_session_filter_that_is_not_a_number_is_refused_not_a_500(admin_client, second_org_team):
    for value in ("abc", "1.5", "99999999999999999999999"):
        response = admin_client.get(f"/admin/signups/signup/?session={value}")
        assert response.status_code in (302, 400), (value, response.status_code)
        assert admin_client.get(f"/admin/signups/signup/?session={value}", follow=True).status_code in (200, 400)
