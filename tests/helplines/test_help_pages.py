"""/help/<CC>/: the emergency number first, the main line as a big call button, only vetted lines."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from helplines.models import CrisisLine
from helplines.services.directory import printable_directory
from core.errors import GreenroomError


def page(client, path, **headers):
    response = client.get(path, **headers)
    return response, response.content.decode()


def test_gb_shows_the_emergency_number_first_then_samaritans_and_shout(client, directory):
    response, html = page(client, "/help/GB/")
    assert response.status_code == 200
    assert html.index('href="tel:999"') < html.index('href="tel:116123"') < html.index("Text SHOUT to 85258")
    assert re.search(r'<a class="call" href="tel:116123">.*?116 123', html, re.S)
    assert 'href="sms:85258?&amp;body=SHOUT"' in html
    assert "worried about someone else" in html
    assert "Free" in html and "Checked on" in html and "/help/GB/report/" in html


def test_belgium_shows_its_dutch_and_french_lines_together_as_the_first_choice(client, directory):
    _, html = page(client, "/help/BE/?lang=fr")
    main = html[html.index('<section class="main"') : html.index("</section>")]
    assert 'href="tel:1813"' in main and 'href="tel:+3280032123"' in main
    assert "Parler à quelqu'un maintenant" in main


def test_lines_shown_together_are_shown_together_or_not_at_all(client, directory):
    CrisisLine.objects.filter(key="be-cps").update(status="retired")
    _, html = page(client, "/help/BE/")
    assert "tel:1813" not in html and "tel:+3280032123" not in html
    assert 'href="tel:112"' in html and "findahelpline.com" in html
    with pytest.raises(GreenroomError):
        printable_directory("BE", "nl")


def test_an_unvetted_line_never_appears(client, directory):
    CrisisLine.objects.filter(key="gb-shout").update(status="unvetted")
    CrisisLine.objects.filter(key="es-024").update(status="retired")
    _, gb = page(client, "/help/GB/")
    assert "85258" not in gb
    _, es = page(client, "/help/ES/")
    assert "tel:024" not in es and "717 003 717" not in es  # Teléfono de la Esperanza is unvetted in the file
    assert all(line.name != "Shout 85258" for line in printable_directory("GB", "en").lines)
    api = client.get("/api/helplines?country=GB").json()
    assert "Shout 85258" not in [line["name"] for line in api["lines"]]


def test_a_country_without_a_vetted_line_still_gets_its_emergency_number(client, directory):
    response, html = page(client, "/help/ET/")
    assert response.status_code == 200
    assert 'href="tel:991"' in html and 'href="tel:939"' in html and "findahelpline.com" in html
    assert "907" not in html  # in no reliable source (v2 research)
    with pytest.raises(GreenroomError) as caught:
        printable_directory("ET", "en")
    assert caught.value.code == "no_vetted_lines"


def test_any_iso_country_answers_with_its_emergency_number_and_a_non_country_is_404(client, directory):
    response, html = page(client, "/help/fj/")
    assert response.status_code == 200 and 'href="tel:911"' in html and "findahelpline.com" in html
    assert client.get("/help/XX/").status_code == 404
    assert client.get("/help/GBR/").status_code == 404
    assert client.get("/help/").status_code == 200


def test_a_stale_line_is_flagged_for_printing_and_a_fresh_one_is_not(directory):
    today = timezone.localdate()
    CrisisLine.objects.filter(key="gb-samaritans").update(verified_on=today - timedelta(days=400))
    CrisisLine.objects.filter(key="gb-shout").update(verified_on=today - timedelta(days=10))
    lines = {line.name: line for line in printable_directory("GB", "en").lines}
    assert lines["Samaritans"].due_for_recheck is True
    assert lines["Shout 85258"].due_for_recheck is False
    assert lines["Shout 85258"].sms == "Text SHOUT to 85258"
    undated = CrisisLine.objects.get(key="lk-1929")
    assert undated.verified_on is None and undated.due_for_recheck()


def test_printable_lines_come_in_display_order_with_groups(directory):
    be = printable_directory("BE", "nl")
    assert [line.dial for line in be.lines] == ["1813", "0800 32 123"]
    assert {line.group for line in be.lines} == {"be-main"}
    assert be.emergency == "112"
    assert printable_directory("GB", "en").emergency == "999 or 112"


def test_a_line_with_hours_shows_them(client, directory):
    _, html = page(client, "/help/IT/?lang=it")
    assert "9:00–24:00" in html and "Orari:" in html


def test_the_help_page_costs_a_constant_number_of_queries(client, directory, django_assert_max_num_queries):
    for code in ("GB", "BE", "US"):
        with django_assert_max_num_queries(6):  # country, lines, channels, a group check (BE), languages, the view count
            client.get(f"/help/{code}/")
        with django_assert_max_num_queries(1):
            client.get(f"/help/{code}/")  # cached: only the anonymous daily view count (impact report)
