"""Stock under real concurrency: threads with their own database connections, on SQLite and PostgreSQL.

80 tablets hand out one kit each from a booth holding 50: exactly 50 succeed, 30 are refused with
`insufficient_stock`, and the level and the ledger both end at 0. Opposite transfers between two
locations, all at once, neither lose nor create a kit, and never deadlock.
"""

import random
import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.db.models import Sum
from django.test import Client

from core.actors import Actor
from stock.models import StockLevel, StockMovement
from stock.services import stock
from api.models import ApiToken
from core.errors import GreenroomError
from tests import factories
from tests.stock.conftest import ledger_sum, on_hand

pytestmark = pytest.mark.django_db(transaction=True)


def _connect():
    """Opens this thread's own connection (a shared PostgreSQL server may briefly refuse one)."""
    for attempt in range(20):
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            time.sleep(0.25 * (attempt + 1))
    connection.ensure_connection()


def run_at_once(n, work):
    """Runs work(i) in n threads released together; returns [(i, result or exception)]."""
    barrier = threading.Barrier(n, timeout=120)
    results, lock = [], threading.Lock()

    def thread(i):
        try:
            try:
                _connect()
            except Exception:
                barrier.abort()  # let the others fail fast rather than wait for a thread that never comes
                raise
            barrier.wait()
            outcome = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append((i, outcome))

    threads = [threading.Thread(target=thread, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return results


def test_80_simultaneous_hand_outs_from_50_kits():
    org = factories.organization()
    user = factories.organizer(org)
    token = ApiToken.create_for(user)[1]
    booth = factories.stock_location(activation_obj=factories.activation(org), name="Main stage booth")
    kit = factories.kit_type(org, name="Self-care kit")
    stock.receive_kits(Actor.for_user(user), location=booth.pk, kit_type=kit.pk, quantity=50)
    body = {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}

    def hand_out_one(i):
        response = Client().post(
            "/api/stock/movements", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        return response.status_code, response.json()

    results = run_at_once(80, hand_out_one)

    unexpected = [r for _, r in results if not (isinstance(r, tuple) and r[0] in (201, 409))]
    assert unexpected == []
    created = [r for _, r in results if r[0] == 201]
    refused = [r for _, r in results if r[0] == 409]
    assert (len(created), len(refused)) == (50, 30)
    assert {r[1]["code"] for r in refused} == {"insufficient_stock"}
    assert {r[1]["on_hand"] for r in refused} == {0}
    assert on_hand(booth, kit) == 0
    assert ledger_sum(booth, kit) == 0
    assert StockMovement.objects.filter(kind="distribute").count() == 50


def test_opposite_transfers_neither_lose_nor_create_kits():
    org = factories.organization()
    actor = Actor.for_user(factories.organizer(org))
    a = factories.stock_location(org, name="Warehouse A")
    b = factories.stock_location(activation_obj=factories.activation(org), name="Booth B")
    kit = factories.kit_type(org)
    for place in (a, b):
        stock.receive_kits(actor, location=place.pk, kit_type=kit.pk, quantity=30)
    rng = random.Random(4)
    plan = [((a, b) if i % 2 else (b, a), rng.randint(1, 6)) for i in range(40)]

    def move(i):
        (source, destination), quantity = plan[i]
        return stock.transfer_kits(actor, location=source.pk, to_location=destination.pk, kit_type=kit.pk, quantity=quantity)

    results = run_at_once(40, move)

    errors = [r for _, r in results if isinstance(r, Exception)]
    assert all(isinstance(e, GreenroomError) and e.code == "insufficient_stock" for e in errors), errors
    assert on_hand(a, kit) + on_hand(b, kit) == 60
    assert (on_hand(a, kit), on_hand(b, kit)) == (ledger_sum(a, kit), ledger_sum(b, kit))
    transfers = StockMovement.objects.filter(kind="transfer")
    assert transfers.count() == 2 * (40 - len(errors))
    assert transfers.aggregate(s=Sum("quantity"))["s"] == 0
    assert StockLevel.objects.filter(on_hand__lt=0).count() == 0


def test_two_tablets_undoing_the_same_hand_out_restore_one_kit():
    org = factories.organization()
    actor = Actor.for_user(factories.organizer(org))
    booth = factories.stock_location(activation_obj=factories.activation(org))
    kit = factories.kit_type(org)
    stock.receive_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=5)
    handed = stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk).movement

    results = run_at_once(6, lambda i: stock.undo_distribution(actor, handed.pk))

    done = [r for _, r in results if not isinstance(r, Exception)]
    refused = [r for _, r in results if isinstance(r, GreenroomError) and r.code == "already_undone"]
    assert (len(done), len(refused)) == (1, 5), results
    assert on_hand(booth, kit) == 5 == ledger_sum(booth, kit)
