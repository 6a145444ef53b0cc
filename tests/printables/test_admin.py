"""The admin's way in: "Print crisis cards" on an activation, a preview, the batch with its scans."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from printables.models import CardBatch, ScanCount
from tests import factories
from tests.printables.pdftools import needs_poppler


@pytest.fixture
def logged_in(client, organizer):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "printables"]))
    client.force_login(organizer)
    return client


@pytest.fixture
def london_booth(org):
    venue = factories.venue(org, city="London", country="GB", timezone="Europe/London")
    return factories.activation(org, venue_obj=venue, title="London panel booth")


def test_print_action_opens_the_print_page_for_the_activation(logged_in, london_booth, directory):
    response = logged_in.post(
        "/admin/activations/activation/",
        {
            "action": "print_crisis_cards",
            "_selected_action": [london_booth.pk],
        },
    )
    assert response.status_code == 302
    page = logged_in.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Print crisis cards for London panel booth" in html
    assert 'value="GB"' in html  # the venue's country, filled in


def test_print_page_refuses_stale_lines_then_creates_with_warnings(logged_in, london_booth, directory):
    form = {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 50, "activation": london_booth.pk}
    refused = logged_in.post("/admin/printables/cardbatch/print/", form)
    assert refused.status_code == 200
    assert "Due for re-check: Samaritans" in refused.content.decode()
    assert not CardBatch.objects.exists()

    created = logged_in.post("/admin/printables/cardbatch/print/", {**form, "allow_stale": "on"})
    batch = CardBatch.objects.get()
    assert created.status_code == 302 and created["Location"].endswith(f"/cardbatch/{batch.pk}/change/")
    assert batch.activation == london_booth and batch.count == 50 and batch.warnings


def test_a_country_without_vetted_lines_is_refused_on_the_print_page(logged_in, directory):
    page = logged_in.post(
        "/admin/printables/cardbatch/print/",
        {
            "country": "AQ",
            "language": "en",
            "layout": "card-a4-10up",
            "count": 10,
            "allow_stale": "on",
        },
    )
    assert "no vetted crisis line" in page.content.decode()
    assert not CardBatch.objects.exists()


@needs_poppler
def test_preview_is_an_image_of_the_first_sheet(logged_in, directory):
    response = logged_in.get(
        "/admin/printables/cardbatch/print/preview.png?country=BE&language=nl&layout=card-a4-10up&count=10&allow_stale=on"
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert not CardBatch.objects.exists()  # a preview saves nothing


def test_batches_list_their_scans_and_others_are_absent(logged_in, org, other_org, organizer, directory):
    from core.actors import Actor
    from printables import services

    ours = services.create_batch(
        Actor.for_user(organizer), country="GB", language="en", layout="poster-a4", count=5, allow_stale=True
    )
    ScanCount.objects.create(batch=ours, day=date(2026, 7, 1), scans=41)
    ScanCount.objects.create(batch=ours, day=date(2026, 7, 2), scans=1)
    theirs = CardBatch.objects.create(country="GB", language="en", layout="poster-a4", count=1, organization=other_org)
    page = logged_in.get("/admin/printables/cardbatch/").content.decode()
    assert ours.code in page and theirs.code not in page
    assert '<td class="field-scans">42</td>' in page
    change = logged_in.get(f"/admin/printables/cardbatch/{ours.pk}/change/")
    assert change.status_code == 200 and ours.short_url in change.content.decode()
    assert logged_in.get(f"/admin/printables/cardbatch/{theirs.pk}/pdf/").status_code == 404
    pdf = logged_in.get(f"/admin/printables/cardbatch/{ours.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_batch_cannot_be_deleted_and_viewing_it_counts_no_scan(logged_in, organizer, directory):
    from core.actors import Actor
    from printables import services

    batch = services.create_batch(
        Actor.for_user(organizer), country="BE", language="fr", layout="card-a4-10up", count=10, allow_stale=True
    )
    assert logged_in.get(f"/admin/printables/cardbatch/{batch.pk}/delete/").status_code == 403
    page = logged_in.get(f"/admin/printables/cardbatch/{batch.pk}/change/").content.decode()
    assert f"/h/{batch.code}" not in page.split("QR code points to")[0]  # no "view on site" link
    assert 'name="_save"' not in page
    assert not ScanCount.objects.filter(batch=batch).exists()


@needs_poppler
def test_batch_sheet_previews_front_and_back(logged_in, organizer, directory):
    from core.actors import Actor
    from printables import services

    batch = services.create_batch(
        Actor.for_user(organizer), country="JP", language="ja", layout="postcard-a6", count=3, allow_stale=True
    )
    front = logged_in.get(f"/admin/printables/cardbatch/{batch.pk}/sheet.png")
    back = logged_in.get(f"/admin/printables/cardbatch/{batch.pk}/sheet.png?side=back")
    assert front["Content-Type"] == back["Content-Type"] == "image/png"
    assert front.content != back.content
