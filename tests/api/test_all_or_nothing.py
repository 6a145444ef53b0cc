"""A request that fails in the middle of a multi-row write leaves the database exactly as it was.

Two ways to fail half-way: a rule the second row breaks (a transfer whose destination would
overflow), and the database itself refusing the second INSERT (fault injected at the driver with
`connection.execute_wrapper`, nothing of ours mocked). Both answer a clear JSON error.
"""

import json
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from core.actors import Actor
from activations.models import Activation
from stock.models import StockLevel, StockMovement
from stock.services import stock
from stock.services.stock import MAX_ON_HAND
from api.models import IdempotentRequest
from tests import factories

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(StockLevel.objects.values_list("location_id", "kit_type_id", "on_hand")),
        sorted(StockMovement.objects.values_list("pk", "location_id", "quantity")),
        list(Activation.objects.values_list("pk", "title")),
        IdempotentRequest.objects.count(),
    )


@pytest.fixture
def stocked(org, organizer):
    actor = Actor.for_user(organizer)
    kit = factories.kit_type(org, name="Self-care kit")
    warehouse = factories.stock_location(org, name="Warehouse")
    booth = factories.stock_location(activation_obj=factories.activation(org), name="Booth")
    stock.receive_kits(actor, location=warehouse, kit_type=kit, quantity=10)
    stock.receive_kits(actor, location=booth, kit_type=kit, quantity=100)
    # A booth already at the ceiling (a billion kits would take 10,000 deliveries of the largest size).
    StockLevel.objects.filter(location=booth, kit_type=kit).update(on_hand=MAX_ON_HAND - 2)
    return kit, warehouse, booth


def transfer(client, headers, kit, source, destination, quantity, **extra):
    return client.post(
        "/api/stock/movements",
        json.dumps(
            {"kind": "transfer", "kit_type": kit.pk, "location": source.pk, "to_location": destination.pk, "quantity": quantity}
        ),
        content_type="application/json",
        **headers,
        **extra,
    )


@contextmanager
def failing_insert(table, on_call):
    """The database refuses the `on_call`-th INSERT into `table` (as a full disk or a dropped link would)."""
    calls = {"n": 0}

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            calls["n"] += 1
            if calls["n"] == on_call:
                raise OperationalError("injected: the database refused this write")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield calls


def test_transfer_whose_second_row_breaks_a_rule_changes_nothing(client, auth_headers, stocked):
    kit, warehouse, booth = stocked
    before = state()
    response = transfer(client, auth_headers, kit, warehouse, booth, 5)  # the source row is fine, the destination overflows
    assert response.status_code == 409 and response.json()["code"] == "too_much_stock"
    assert state() == before
    assert transfer(client, auth_headers, kit, warehouse, booth, 2).status_code == 201  # the same path does work


def test_transfer_whose_second_ledger_insert_fails_in_the_database_changes_nothing(client, auth_headers, stocked):
    kit, warehouse, booth = stocked
    before = state()
    with failing_insert(StockMovement._meta.db_table, on_call=2) as calls:
        response = transfer(client, auth_headers, kit, warehouse, booth, 1, HTTP_IDEMPOTENCY_KEY="move-1")
    assert calls["n"] == 2  # the first ledger row was written, then the second failed
    assert response.status_code == 503 and response.json()["code"] == "unavailable"
    assert state() == before  # first row and both level changes rolled back; no idempotent answer kept
    # the tablet's retry with the same key now goes through, once
    retried = transfer(client, auth_headers, kit, warehouse, booth, 1, HTTP_IDEMPOTENCY_KEY="move-1")
    assert retried.status_code == 201
    assert StockLevel.objects.get(location=warehouse).on_hand == 9
    assert StockLevel.objects.get(location=booth).on_hand == MAX_ON_HAND - 1


def test_write_whose_idempotency_record_fails_is_rolled_back_with_it(auth_headers, org):
    from django.test import Client

    client = Client(raise_request_exception=False)  # answer as production would, with a 500
    venue = factories.venue(org)
    before = state()
    with failing_insert(IdempotentRequest._meta.db_table, on_call=1):
        response = client.post(
            "/api/activations",
            json.dumps(
                {
                    "kind": "panel",
                    "title": "Songwriters on burnout",
                    "venue": venue.pk,
                    "starts_at": "2031-03-01T18:00",
                    "ends_at": "2031-03-01T20:00",
                }
            ),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="panel-1",
            **auth_headers,
        )
    assert response.status_code >= 500 and response.json()["code"] in ("server_error", "unavailable")
    assert state() == before  # the activation row went with the failed record of its answer


def test_a_sign_up_whose_request_fails_after_the_row_is_saved_leaves_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """The sign-up row is saved, then something fails before the answer is written: the answer
    is an error and there is no sign-up (and no email) — the person is not holding a place they
    were never told about. A retry with the same key then runs again and succeeds."""
    from django.db.models.signals import post_save

    from signups.models import SignUp

    session = factories.session_starting_in(__import__("datetime").timedelta(days=2), capacity=5)

    def fail_after_saving(sender, instance, created, **kwargs):
        assert SignUp.objects.filter(pk=instance.pk).exists()  # the row is there at this moment
        raise OperationalError("the database went away")

    url = f"/api/sessions/{session.pk}/signups"
    body = json.dumps({"display_name": "Sam", "email": "sam@example.org"})
    post_save.connect(fail_after_saving, sender=SignUp)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            failed = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-me")
    finally:
        post_save.disconnect(fail_after_saving, sender=SignUp)
    assert failed.status_code == 503 and failed.json()["code"]
    assert not SignUp.objects.exists() and mailoutbox == [] and not IdempotentRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-me")
    assert retried.status_code == 201 and SignUp.objects.count() == 1
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


def test_a_refused_write_rolls_back_what_it_wrote_before_the_refusal(client, auth_headers, org):
    """A handler that saved a row and then answered 4xx (here: the venue saved, then a later check
    refusing) leaves nothing: every API write is one transaction that an error answer rolls back."""
    from activations.models import Venue
    from django.db.models.signals import post_save

    from core.errors import Conflict

    def refuse_after_saving(sender, instance, **kwargs):
        raise Conflict("refused after the row was saved", code="refused_late")

    post_save.connect(refuse_after_saving, sender=Venue)
    try:
        response = client.post(
            "/api/venues",
            json.dumps({"name": "Tent", "city": "Leeds", "country": "GB", "timezone": "Europe/London"}),
            content_type="application/json",
            **auth_headers,
        )
    finally:
        post_save.disconnect(refuse_after_saving, sender=Venue)
    assert (response.status_code, response.json()["code"]) == (409, "refused_late")
    assert not Venue.objects.filter(name="Tent").exists()


def test_a_method_the_path_does_not_have_is_405_before_any_idempotency_key(client, auth_headers):
    """The Idempotency-Key is looked at only for an operation that exists: PUT /api/activations is
    405 however often the same key is sent (not 422 idempotency_key_reused)."""
    client.post(
        "/api/venues",
        json.dumps({"name": "Tent", "city": "Leeds", "country": "GB", "timezone": "Europe/London"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        **auth_headers,
    )
    for _ in range(2):
        response = client.put(
            "/api/activations", "{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **auth_headers
        )
        assert response.status_code == 405
    assert IdempotentRequest.objects.count() == 1


def test_deeply_nested_json_is_400_too_deep(client, auth_headers, stocked):
    before = state()
    movement = StockMovement.objects.first()
    for depth in (20, 5000, 100_000):
        response = client.post(
            f"/api/stock/movements/{movement.pk}/undo", "[" * depth + "]" * depth, content_type="application/json", **auth_headers
        )
        assert (response.status_code, response.json()["code"]) == (400, "too_deep")
    assert state() == before


def test_idempotency_keys_are_forgotten_after_24_hours_with_the_purge(client, auth_headers, org):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    for key in ("old", "new"):
        client.post(
            "/api/venues",
            json.dumps({"name": f"Tent {key}", "city": "Leeds", "country": "GB", "timezone": "Europe/London"}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
            **auth_headers,
        )
    IdempotentRequest.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))
    call_command("purge_personal_data")
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    call_command("forget_idempotency_keys")
    assert not IdempotentRequest.objects.exists()
