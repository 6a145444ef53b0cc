"""The stock admin: levels with the low ones marked, receive and transfer through an intermediate
form, the read-only ledger and its CSV export, and nothing of another organization."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from stock.models import StockMovement
from stock.services import stock
from tests import factories
from tests.stock.conftest import on_hand, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "stock"]))
    client.force_login(organizer)
    return client


def test_levels_page_marks_the_low_ones(admin_client, actor, warehouse, booth, kit, other_org):
    receive(actor, warehouse, kit, 300)
    receive(actor, booth, kit, 6)
    stock.set_low_stock_threshold(actor, location=booth.pk, kit_type=kit.pk, threshold=10)
    theirs = factories.stock_location(other_org, name="Their secret warehouse")
    their_kit = factories.kit_type(other_org)
    stock.receive_kits(factories.actor_for(factories.organizer(other_org)), location=theirs.pk, kit_type=their_kit.pk, quantity=5)

    page = admin_client.get("/admin/stock/stocklevel/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<strong class="gr-stock-low">6</strong>' in html
    assert '<strong class="gr-stock-ok">300</strong>' in html
    assert "Their secret warehouse" not in html
    low_only = admin_client.get("/admin/stock/stocklevel/?low=yes").content.decode()
    assert "gr-stock-low" in low_only and "gr-stock-ok" not in low_only


def test_threshold_edit_goes_through_the_service(admin_client, actor, booth, kit):
    level = receive(actor, booth, kit, 6).levels[0]
    page = admin_client.get(f"/admin/stock/stocklevel/{level.pk}/change/")
    assert page.status_code == 200 and b'name="low_stock_threshold"' in page.content and b'name="on_hand"' not in page.content
    response = admin_client.post(f"/admin/stock/stocklevel/{level.pk}/change/", {"low_stock_threshold": "10"})
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.low_stock_threshold, level.is_low, level.on_hand) == (10, True, 6)
    assert level.low_alert_sent_at is not None  # already low when set: the next crossing emails, not this


def test_receive_action_shows_a_form_then_receives(admin_client, actor, booth, kit):
    level = receive(actor, booth, kit, 5).levels[0]
    form = admin_client.post("/admin/stock/stocklevel/", {"action": "receive_kits", "_selected_action": [level.pk]})
    assert form.status_code == 200 and b'name="quantity"' in form.content
    assert on_hand(booth, kit) == 5
    done = admin_client.post(
        "/admin/stock/stocklevel/",
        {"action": "receive_kits", "_selected_action": [level.pk], "apply": "1", "quantity": "120", "reason": "second delivery"},
    )
    assert done.status_code == 302
    assert on_hand(booth, kit) == 125
    row = StockMovement.objects.latest("pk")
    assert (row.kind, row.quantity, row.reason, row.actor) == ("receive", 120, "second delivery", "user:olivia")


def test_receive_action_on_locations_starts_a_new_level(admin_client, booth, kit):
    done = admin_client.post(
        "/admin/stock/stocklocation/",
        {"action": "receive_kits", "_selected_action": [booth.pk], "apply": "1", "kit_type": kit.pk, "quantity": "40"},
    )
    assert done.status_code == 302
    assert on_hand(booth, kit) == 40


def test_transfer_action_is_all_or_nothing(admin_client, actor, warehouse, booth, kit, org):
    water = factories.kit_type(org, name="Water pouch")
    kits = receive(actor, warehouse, kit, 100).levels[0]
    waters = receive(actor, warehouse, water, 3).levels[0]
    tent = factories.stock_location(org, name="Second stage tent")

    refused = admin_client.post(
        "/admin/stock/stocklevel/",
        {
            "action": "transfer_kits",
            "_selected_action": [kits.pk, waters.pk],
            "apply": "1",
            "to_location": tent.pk,
            "quantity": "10",
            "reason": "box to the tent",
        },
        follow=True,
    )
    assert "Nothing was changed: Only 3 “Water pouch” on hand at Brooklyn warehouse; cannot take 10." in refused.content.decode()
    assert (on_hand(warehouse, kit), on_hand(tent, kit)) == (100, 0)

    done = admin_client.post(
        "/admin/stock/stocklevel/",
        {
            "action": "transfer_kits",
            "_selected_action": [kits.pk],
            "apply": "1",
            "to_location": tent.pk,
            "quantity": "10",
            "reason": "box to the tent",
        },
    )
    assert done.status_code == 302
    assert (on_hand(warehouse, kit), on_hand(tent, kit)) == (90, 10)


def test_transfer_form_offers_only_our_locations(admin_client, actor, warehouse, kit, other_org):
    factories.stock_location(other_org, name="Their secret warehouse")
    level = receive(actor, warehouse, kit, 5).levels[0]
    form = admin_client.post("/admin/stock/stocklevel/", {"action": "transfer_kits", "_selected_action": [level.pk]})
    assert "Their secret warehouse" not in form.content.decode() and "Brooklyn warehouse" in form.content.decode()


def test_ledger_is_read_only(admin_client, actor, booth, kit):
    row = receive(actor, booth, kit, 5).movement
    assert admin_client.get("/admin/stock/stockmovement/").status_code == 200
    assert admin_client.get(f"/admin/stock/stockmovement/{row.pk}/change/").status_code == 200
    assert admin_client.get("/admin/stock/stockmovement/add/").status_code == 403
    admin_client.post(f"/admin/stock/stockmovement/{row.pk}/change/", {"quantity": "500"})
    assert admin_client.get(f"/admin/stock/stockmovement/{row.pk}/delete/").status_code == 403
    assert StockMovement.objects.get().quantity == 5


def test_csv_export_of_an_activations_ledger(admin_client, actor, festival, warehouse, booth, kit, other_org):
    receive(actor, warehouse, kit, 100)
    stock.transfer_kits(actor, location=warehouse.pk, to_location=booth.pk, kit_type=kit.pk, quantity=50, reason="van")
    stock.distribute_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=2)
    stock.write_off_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=3, reason="soaked")

    picker = admin_client.get("/admin/stock/stockmovement/export/")
    assert festival.title in picker.content.decode()
    response = admin_client.get(f"/admin/stock/stockmovement/export/?activation={festival.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="stock-ledger-{festival.slug}.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:7] == ["time (venue)", "kind", "kit type", "sku", "location", "change", "other location"]
    assert [(r[1], r[4], r[5], r[6], r[7]) for r in rows[1:]] == [
        ("transfer", "Main stage booth", "50", "Brooklyn warehouse", "van"),
        ("distribute", "Main stage booth", "-2", "", ""),
        ("write_off", "Main stage booth", "-3", "", "soaked"),
    ]
    assert rows[1][0].endswith(("-05:00", "-04:00"))  # New York time

    theirs = factories.activation(other_org)
    assert admin_client.get(f"/admin/stock/stockmovement/export/?activation={theirs.pk}").status_code == 404


def test_ledger_csv_keeps_typed_text_from_running_as_a_formula(admin_client, actor, festival, warehouse, booth, org):
    """A hand-out reason, a SKU or a kit name typed as a formula arrives as text; changes stay numbers."""
    kit = factories.kit_type(org, name="@SUM(A1:A9)", sku="+1-800-KITS")
    receive(actor, booth, kit, 10)
    stock.distribute_kits(
        actor, location=booth.pk, kit_type=kit.pk, quantity=2, reason='=HYPERLINK("http://evil.example","Open")'
    )
    stock.write_off_kits(actor, location=booth.pk, kit_type=kit.pk, quantity=1, reason="-1+1 soaked")
    response = admin_client.get(f"/admin/stock/stockmovement/export/?activation={festival.pk}")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    handed, written_off = rows[2], rows[3]
    assert (handed[2], handed[3], handed[5], handed[7]) == (
        "'@SUM(A1:A9)",
        "'+1-800-KITS",
        "-2",
        '\'=HYPERLINK("http://evil.example","Open")',
    )
    assert written_off[5] == "-1" and written_off[7] == "'-1+1 soaked"
