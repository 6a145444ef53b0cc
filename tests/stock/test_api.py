"""The stock API: kit types, locations, levels with low flags, movements, errors, kiosk limits, replays."""

import pytest

from core.actors import Actor
from stock.models import KitType, StockMovement
from stock.services import stock
from tests import factories
from tests.stock.conftest import on_hand, paired_device, receive

pytestmark = pytest.mark.django_db


def post(client, path, body, headers, **extra):
    return client.post(path, body, content_type="application/json", **headers, **extra)


def test_create_and_list_kit_types(client, auth_headers, org, other_org):
    factories.kit_type(other_org, name="Theirs")
    response = post(
        client,
        "/api/kit-types",
        {"name": "Self-care kit", "contents": "earplugs, water, electrolytes, info card", "sku": "SCK-1"},
        auth_headers,
    )
    assert response.status_code == 201, response.json()
    assert response.json() == {
        "id": response.json()["id"],
        "name": "Self-care kit",
        "contents": "earplugs, water, electrolytes, info card",
        "sku": "SCK-1",
        "organization": org.pk,
    }
    listed = client.get("/api/kit-types", **auth_headers).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "Self-care kit"
    again = post(client, "/api/kit-types", {"name": "Self-care kit"}, auth_headers)
    assert again.status_code == 422 and again.json()["code"] == "invalid"
    assert KitType.objects.filter(organization=org).count() == 1


def test_create_and_list_stock_locations(client, auth_headers, org, festival, other_org):
    theirs = factories.activation(other_org)
    booth = post(client, "/api/stock-locations", {"name": "Main stage booth", "activation": festival.pk}, auth_headers)
    assert booth.status_code == 201
    assert booth.json() | {"id": 0} == {
        "id": 0,
        "name": "Main stage booth",
        "activation": festival.pk,
        "organization": org.pk,
        "kind": "booth",
    }
    warehouse = post(client, "/api/stock-locations", {"name": "Brooklyn warehouse"}, auth_headers)
    assert warehouse.status_code == 201 and warehouse.json()["kind"] == "warehouse"
    refused = post(client, "/api/stock-locations", {"name": "Sneaky", "activation": theirs.pk}, auth_headers)
    assert (refused.status_code, refused.json()["code"]) == (404, "unknown_activation")
    names = [row["name"] for row in client.get("/api/stock-locations", **auth_headers).json()["items"]]
    assert names == ["Brooklyn warehouse", "Main stage booth"]


def test_movement_answers_201_with_the_level_after(client, auth_headers, actor, booth, kit):
    response = post(
        client,
        "/api/stock/movements",
        {"kind": "receive", "kit_type": kit.pk, "location": booth.pk, "quantity": 500},
        auth_headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["quantity"], body["actor"], body["to_location"]) == ("receive", 500, "user:olivia", None)
    assert body["stock"] == [
        {
            "location": booth.pk,
            "location_name": "Main stage booth",
            "kit_type": kit.pk,
            "kit_type_name": "Self-care kit",
            "on_hand": 500,
            "threshold": None,
            "low": False,
        }
    ]
    assert [row["change"] for row in body["ledger"]] == [500]


def test_transfer_through_the_api(client, auth_headers, actor, warehouse, booth, kit):
    receive(actor, warehouse, kit, 100)
    response = post(
        client,
        "/api/stock/movements",
        {"kind": "transfer", "kit_type": kit.pk, "location": warehouse.pk, "to_location": booth.pk, "quantity": 25},
        auth_headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["to_location"] == booth.pk
    assert [(r["location"], r["change"], r["other_location"]) for r in body["ledger"]] == [
        (warehouse.pk, -25, booth.pk),
        (booth.pk, 25, warehouse.pk),
    ]
    assert {row["location"]: row["on_hand"] for row in body["stock"]} == {warehouse.pk: 75, booth.pk: 25}


def test_over_draw_answers_409_insufficient_stock(client, auth_headers, actor, booth, kit):
    receive(actor, booth, kit, 2)
    response = post(
        client,
        "/api/stock/movements",
        {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 3},
        auth_headers,
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Only 2 “Self-care kit” on hand at Main stage booth; cannot take 3.",
        "code": "insufficient_stock",
        "on_hand": 2,
    }
    assert on_hand(booth, kit) == 2


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"kind": "teleport", "quantity": 1}, 422, "invalid"),
        ({"kind": "distribute", "quantity": 0}, 422, "invalid_quantity"),
        ({"kind": "distribute", "quantity": "many"}, 422, "invalid"),
        ({"kind": "write_off", "quantity": 1}, 422, "reason_required"),
        ({"kind": "adjust", "quantity": -1, "reason": ""}, 422, "reason_required"),
        ({"kind": "transfer", "quantity": 1}, 422, "to_location_required"),
        ({"kind": "distribute", "quantity": 1, "location": 999999}, 404, "unknown_location"),
        ({"kind": "distribute", "quantity": 1, "kit_type": 999999}, 404, "unknown_kit_type"),
        ({"kind": "receive", "quantity": 1, "reason": "x" * 501}, 422, "invalid"),
        ({"kind": "receive", "quantity": 1, "reason": "bad\x00byte"}, 422, "invalid"),
        ({"kind": "distribute", "quantity": 1, "location": 2**63}, 404, "unknown_location"),
    ],
)
def test_bad_movements_are_clear_4xx_and_change_nothing(client, auth_headers, actor, booth, kit, body, status, code):
    receive(actor, booth, kit, 5)
    payload = {"kit_type": kit.pk, "location": booth.pk, **body}
    response = post(client, "/api/stock/movements", payload, auth_headers)
    assert (response.status_code, response.json()["code"]) == (status, code), response.json()
    assert response.json()["detail"]
    assert on_hand(booth, kit) == 5 and StockMovement.objects.count() == 1


def test_bad_thresholds_and_names_are_422(client, auth_headers, actor, booth, kit):
    receive(actor, booth, kit, 5)
    too_big = client.put(
        "/api/stock/threshold",
        {"location": booth.pk, "kit_type": kit.pk, "threshold": 2**40},
        content_type="application/json",
        **auth_headers,
    )
    assert (too_big.status_code, too_big.json()["code"]) == (422, "invalid")
    blank = post(client, "/api/kit-types", {"name": "   "}, auth_headers)
    assert (blank.status_code, blank.json()["detail"]) == (422, "name: This field cannot be blank.")
    nul = post(client, "/api/kit-types", {"name": "Kit\x00"}, auth_headers)
    assert (nul.status_code, nul.json()["fields"]) == (
        422,
        [{"field": "name", "message": "must not contain control characters (U+0000)"}],
    )


def test_stock_rows_with_low_flags_and_filters(client, auth_headers, actor, warehouse, booth, kit, org):
    water = factories.kit_type(org, name="Water pouch")
    receive(actor, warehouse, kit, 300)
    receive(actor, booth, kit, 12)
    receive(actor, booth, water, 40)
    put = client.put(
        "/api/stock/threshold",
        {"location": booth.pk, "kit_type": kit.pk, "threshold": 20},
        content_type="application/json",
        **auth_headers,
    )
    assert put.status_code == 200 and put.json()["low"] is True
    rows = client.get("/api/stock", **auth_headers).json()
    assert rows["count"] == 3
    assert [(r["location_name"], r["kit_type_name"], r["on_hand"], r["threshold"], r["low"]) for r in rows["items"]] == [
        ("Brooklyn warehouse", "Self-care kit", 300, None, False),
        ("Main stage booth", "Self-care kit", 12, 20, True),
        ("Main stage booth", "Water pouch", 40, None, False),
    ]
    only_booth = client.get(f"/api/stock?location={booth.pk}&kit_type={kit.pk}", **auth_headers).json()
    assert [r["on_hand"] for r in only_booth["items"]] == [12]
    assert client.get(f"/api/stock?activation={booth.activation_id}", **auth_headers).json()["count"] == 2
    assert [r["kit_type_name"] for r in client.get("/api/stock?low=true", **auth_headers).json()["items"]] == ["Self-care kit"]


def test_other_organizations_see_nothing(client, actor, booth, kit, other_org):
    receive(actor, booth, kit, 5)
    from api.models import ApiToken

    outsider = factories.organizer(other_org, username="outsider")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(outsider)[1]}"}
    assert client.get("/api/stock", **headers).json()["count"] == 0
    assert client.get("/api/kit-types", **headers).json()["count"] == 0
    assert client.get("/api/stock/movements", **headers).json()["count"] == 0
    response = post(
        client, "/api/stock/movements", {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}, headers
    )
    assert (response.status_code, response.json()["code"]) == (404, "unknown_location")
    assert on_hand(booth, kit) == 5


def test_a_kiosk_hands_out_and_undoes_only_at_its_booth(client, actor, festival, booth, warehouse, kit, kiosk):
    device, headers = kiosk
    receive(actor, booth, kit, 5)
    receive(actor, warehouse, kit, 5)
    handed = post(
        client, "/api/stock/movements", {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}, headers
    )
    assert handed.status_code == 201 and handed.json()["actor"] == f"kiosk:{device.pk}"
    assert handed.json()["stock"][0]["on_hand"] == 4
    undo = post(client, f"/api/stock/movements/{handed.json()['id']}/undo", {}, headers)
    assert undo.status_code == 201 and undo.json()["reverses"] == handed.json()["id"]
    assert undo.json()["stock"][0]["on_hand"] == 5
    again = post(client, f"/api/stock/movements/{handed.json()['id']}/undo", {}, headers)
    assert (again.status_code, again.json()["code"]) == (409, "already_undone")

    elsewhere = post(
        client,
        "/api/stock/movements",
        {"kind": "distribute", "kit_type": kit.pk, "location": warehouse.pk, "quantity": 1},
        headers,
    )
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "unknown_location")
    receiving = post(
        client, "/api/stock/movements", {"kind": "receive", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}, headers
    )
    assert (receiving.status_code, receiving.json()["code"]) == (403, "kiosk_not_allowed")
    assert post(client, "/api/kit-types", {"name": "x"}, headers).status_code == 401
    assert [r["location"] for r in client.get("/api/stock", **headers).json()["items"]] == [booth.pk]
    assert [r["id"] for r in client.get("/api/stock-locations", **headers).json()["items"]] == [booth.pk]
    assert (on_hand(booth, kit), on_hand(warehouse, kit)) == (5, 5)


def test_undo_takes_an_empty_body_or_a_reason(client, auth_headers, actor, booth, kit):
    receive(actor, booth, kit, 5)
    first, second = (stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk).movement for _ in range(2))
    bare = client.post(f"/api/stock/movements/{first.pk}/undo", **auth_headers)
    assert bare.status_code == 201 and bare.json()["reason"] == f"Undo of hand-out #{first.pk}"
    noted = post(client, f"/api/stock/movements/{second.pk}/undo", {"reason": "tapped twice"}, auth_headers)
    assert noted.status_code == 201 and noted.json()["reason"] == f"Undo of hand-out #{second.pk}: tapped twice"
    bad = client.post(f"/api/stock/movements/{second.pk}/undo", "not json", content_type="application/json", **auth_headers)
    assert (bad.status_code, bad.json()["code"]) == (400, "malformed_json")  # as every JSON body of the API
    assert on_hand(booth, kit) == 5


def test_a_kiosk_of_another_festival_cannot_touch_this_booth(client, actor, org, booth, kit):
    device, secret = paired_device(factories.activation(org), name="Other festival tablet")
    receive(actor, booth, kit, 5)
    response = post(
        client,
        "/api/stock/movements",
        {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1},
        factories.staff_mode_headers(device, secret),
    )
    assert response.status_code == 404
    assert on_hand(booth, kit) == 5


def test_the_public_cannot_touch_stock(client, actor, booth, kit):
    receive(actor, booth, kit, 5)
    assert client.get("/api/stock").status_code == 401
    assert (
        post(
            client, "/api/stock/movements", {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}, {}
        ).status_code
        == 401
    )
    assert on_hand(booth, kit) == 5


def test_a_retried_movement_takes_effect_once(client, auth_headers, actor, booth, kit):
    receive(actor, booth, kit, 10)
    body = {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}
    first = post(client, "/api/stock/movements", body, auth_headers, HTTP_IDEMPOTENCY_KEY="tablet-1-handout-0042")
    retry = post(client, "/api/stock/movements", body, auth_headers, HTTP_IDEMPOTENCY_KEY="tablet-1-handout-0042")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert StockMovement.objects.filter(kind="distribute").count() == 1
    assert on_hand(booth, kit) == 9
    different = post(
        client, "/api/stock/movements", {**body, "quantity": 2}, auth_headers, HTTP_IDEMPOTENCY_KEY="tablet-1-handout-0042"
    )
    assert (different.status_code, different.json()["code"]) == (422, "idempotency_key_reused")
    assert on_hand(booth, kit) == 9


def test_a_retried_kiosk_hand_out_takes_effect_once(client, actor, booth, kit, kiosk):
    _, headers = kiosk
    receive(actor, booth, kit, 3)
    body = {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}
    for _ in range(3):
        response = post(client, "/api/stock/movements", body, headers, HTTP_IDEMPOTENCY_KEY="k-7")
        assert response.status_code == 201
    assert on_hand(booth, kit) == 2
    assert StockMovement.objects.filter(kind="distribute").count() == 1


def test_the_ledger_lists_newest_first_with_filters(client, auth_headers, actor, warehouse, booth, kit):
    receive(actor, warehouse, kit, 20)
    stock.transfer_kits(actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=5)
    stock.distribute_kits(Actor.for_user(actor.user), location=booth.pk, kit_type=kit.pk)
    rows = client.get(f"/api/stock/movements?location={booth.pk}", **auth_headers).json()["items"]
    assert [(r["kind"], r["change"]) for r in rows] == [("distribute", -1), ("transfer", 5)]
    assert client.get("/api/stock/movements?kind=receive", **auth_headers).json()["count"] == 1


def test_an_activation_whose_booth_has_stock_cannot_be_deleted(client, auth_headers, actor, festival, booth, kit):
    receive(actor, booth, kit, 5)
    response = client.delete(f"/api/activations/{festival.pk}", **auth_headers)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "It is still in use by stock locations; those must be kept, so it cannot be deleted.",
        "code": "in_use",
    }
    assert on_hand(booth, kit) == 5
