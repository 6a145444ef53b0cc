"""Cards are never printed for an address a phone cannot open: SITE_URL must be public HTTPS (DEBUG=0)."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from printables.models import CardBatch

BATCH = {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 10, "allow_stale": True}


@pytest.mark.parametrize(
    "site_url", ["http://127.0.0.1:8100", "http://localhost:8000", "https://[::1]:8443", "http://wellness.example.org"]
)
def test_creating_a_batch_with_a_local_or_plain_http_site_url_answers_409(client, auth_headers, directory, settings, site_url):
    settings.SITE_URL, settings.DEBUG = site_url, False
    response = client.post("/api/card-batches", json.dumps(BATCH), content_type="application/json", **auth_headers)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "site_url_not_public"
    assert site_url in body["detail"] and "SITE_URL=https://" in body["detail"]  # the fix is in the message
    assert not CardBatch.objects.exists()


def test_a_public_https_site_url_prints(client, auth_headers, directory, settings):
    settings.SITE_URL, settings.DEBUG = "https://wellness.example.org", False
    response = client.post("/api/card-batches", json.dumps(BATCH), content_type="application/json", **auth_headers)
    assert response.status_code == 201
    assert response.json()["url"].startswith("https://wellness.example.org/h/")


def test_the_command_line_refuses_too(directory, settings, tmp_path):
    from django.core.management.base import CommandError

    settings.SITE_URL, settings.DEBUG = "http://127.0.0.1:8000", False
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command(
            "print_cards",
            "--country",
            "GB",
            "--lang",
            "en",
            "--count",
            "10",
            "--layout",
            "card-a4-10up",
            "--allow-stale",
            "-o",
            str(tmp_path / "cards.pdf"),
        )
    assert not CardBatch.objects.exists()


def test_the_admin_print_page_warns_on_a_development_server(client, organizer, directory, settings):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "printables"]))
    client.force_login(organizer)
    settings.SITE_URL, settings.DEBUG = "http://127.0.0.1:8100", True
    page = client.get("/admin/printables/cardbatch/print/?country=GB")
    html = page.content.decode()
    assert "SITE_URL is http://127.0.0.1:8100" in html and "would not open on anyone" in html
    created = client.post("/admin/printables/cardbatch/print/", {**BATCH, "allow_stale": "on"})
    assert created.status_code == 302 and CardBatch.objects.count() == 1  # DEBUG=1: allowed for trying out

    settings.SITE_URL = "https://wellness.example.org"
    assert "would not open on anyone" not in client.get("/admin/printables/cardbatch/print/?country=GB").content.decode()


def test_demo_urls_prints_the_site_url(db, settings, capsys):
    settings.SITE_URL = "http://127.0.0.1:8100"
    call_command("demo_urls")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8100/admin/" in out and "SITE_URL" in out


def test_the_print_pages_stale_refusal_names_the_checkbox(client, organizer, directory):
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "printables"]))
    client.force_login(organizer)
    html = client.post("/admin/printables/cardbatch/print/", {**BATCH, "allow_stale": ""}).content.decode()
    assert (
        "tick “Print anyway” to print with lines due for re-check" in html.split("errorlist nonfield", 1)[1].split("</ul>", 1)[0]
    )
    assert "allow_stale." not in html
