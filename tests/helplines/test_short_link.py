"""/h/<code>: a card's QR code renders its country and language at once, and the scan is counted."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from printables.models import ScanCount


def test_a_scan_renders_the_batch_page_in_one_response_and_counts_once(client, directory, batch):
    card = batch("BE", "fr")
    response = client.get(f"/h/{card.code}")
    assert response.status_code == 200  # no redirect
    html = response.content.decode()
    assert '<html lang="fr"' in html and 'href="tel:1813"' in html and 'href="tel:+3280032123"' in html
    assert not response.cookies and "Set-Cookie" not in response
    assert ScanCount.objects.get(batch=card, day=timezone.now().date()).scans == 1
    client.get(f"/h/{card.code}")
    client.head(f"/h/{card.code}")
    assert ScanCount.objects.get(batch=card).scans == 2


def test_the_readers_lang_choice_still_wins_on_a_card(client, directory, batch):
    card = batch("BE", "fr")
    assert '<html lang="nl"' in client.get(f"/h/{card.code}?lang=nl").content.decode()


def test_a_deleted_batch_is_not_counted_and_does_not_fail(client, directory, batch):
    card = batch("GB", "en")
    client.get(f"/h/{card.code}")
    card.delete()
    assert client.get(f"/h/{card.code}").status_code == 200  # cached for a few minutes; the count is skipped
    assert not ScanCount.objects.exists()


def test_an_unknown_code_shows_the_country_list_with_404(client, directory):
    response = client.get("/h/doesnotexist")
    assert response.status_code == 404
    assert 'href="/help/GB/"' in response.content.decode()
    assert not ScanCount.objects.exists()


def test_a_warm_scan_costs_one_query(client, directory, batch, django_assert_num_queries):
    card = batch("GB", "en")
    client.get(f"/h/{card.code}")
    with django_assert_num_queries(1):  # count the scan (the batch's country and language are cached)
        client.get(f"/h/{card.code}")


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_lose_no_count(batch):
    from helplines.services.importer import import_helplines

    import_helplines()
    card = batch("GB", "en")
    threads_count, scans_each = 8, 5
    errors = []
    barrier = threading.Barrier(threads_count)

    def scan():
        try:
            client = Client()
            barrier.wait()
            for _ in range(scans_each):
                assert client.get(f"/h/{card.code}").status_code == 200
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ScanCount.objects.get(batch=card).scans == threads_count * scans_each
