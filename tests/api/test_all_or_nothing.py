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
    return (sorted(StockLevel.objects.values_list("location_id", "kit_type_id", "on_hand")),
            sorted(StockMovement.objects.values_list("pk", "location_id", "quantity")),
            list(Activation.objects.values_list("pk", "title")),
            IdempotentRequest.objects.count())


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
    return client.post("/api/stock/movements", json.dumps({
        "kind": "transfer", "kit_type": kit.pk, "location": source.pk, "to_location": destination.pk,
        "quantity": quantity}), content_type="application/json", **headers, **extra)


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
        response = client.post("/api/activations", json.dumps({
            "kind": "panel", "title": "Songwriters on burnout", "venue": venue.pk,
            "starts_at": "2031-03-01T18:00", "ends_at": "2031-03-01T20:00"}),
            content_type="application/json", HTTP_IDEMPOTENCY_KEY="panel-1", **auth_headers)
    assert response.status_code >= 500 and response.json()["code"] in ("server_error", "unavailable")
    assert state() == before  # the activation row went with the failed record of its answer
