"""Crisis cards from the real seed data, through the API, the command and the PDF a phone scans."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.actors import Actor
from helplines.models import Country
from printables import pdf, services, typesetting
from printables.layouts import LAYOUTS
from printables.models import CardBatch, ScanCount
from tests import factories
from tests.printables.pdftools import fonts_of, needs_poppler, render_pages, scan, text_of

API = "/api/card-batches"


def post(client, headers, **body):
    return client.post(API, body, content_type="application/json", **headers)


# --- the rules --------------------------------------------------------------------------------


def test_lines_due_for_recheck_are_refused_and_listed(client, auth_headers, directory):
    # Samaritans has no verification date in the seed; Shout's is over a year old.
    response = post(client, auth_headers, country="GB", language="en", layout="card-a4-10up", count=20)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_lines"
    assert {line["name"] for line in body["lines"]} == {"Samaritans", "Shout 85258"}
    assert "Samaritans" in body["detail"] and "allow_stale" in body["detail"]
    assert not CardBatch.objects.exists()


def test_allow_stale_prints_and_the_batch_keeps_the_warnings(client, auth_headers, directory):
    response = post(client, auth_headers, country="GB", language="en", layout="card-a4-10up", count=20, allow_stale=True)
    assert response.status_code == 201, response.content
    body = response.json()
    batch = CardBatch.objects.get()
    assert set(body) == {"id", "code", "url", "pdf_url", "warnings"}
    assert body["id"] == batch.pk and body["code"] == batch.code
    assert body["url"] == f"{settings.SITE_URL}/h/{batch.code}"
    assert body["pdf_url"].endswith(f"/api/card-batches/{batch.pk}/pdf")
    assert {w["name"] for w in body["warnings"]} == {"Samaritans", "Shout 85258"}
    assert batch.warnings == body["warnings"] and batch.allow_stale


def test_freshly_verified_lines_print_without_warnings(client, auth_headers, verified_today):
    verified_today("gb-samaritans", "gb-shout")
    response = post(client, auth_headers, country="GB", language="en", layout="card-a4-10up", count=10)
    assert response.status_code == 201, response.content
    assert response.json()["warnings"] == []


def test_a_stale_line_that_does_not_fit_the_card_does_not_block_it(verified_today, organizer):
    """Only what would print is checked: the US card has room for both lines, so both count."""
    verified_today("us-988")
    with pytest.raises(Exception) as refused:
        services.create_batch(Actor.for_user(organizer), country="US", language="en", layout="card-a4-10up", count=10)
    assert refused.value.code == "stale_lines"
    assert [line["name"] for line in refused.value.extra["lines"]] == ["Crisis Text Line"]


def test_a_country_without_a_vetted_line_is_refused_clearly(client, auth_headers, directory):
    assert not Country.objects.filter(code="AQ").exists()
    response = post(client, auth_headers, country="AQ", language="en", layout="card-a4-10up", count=10, allow_stale=True)
    assert response.status_code == 409
    assert response.json()["code"] == "no_vetted_lines"
    assert "Antarctica" in response.json()["detail"]
    assert not CardBatch.objects.exists()


@pytest.mark.parametrize(
    "change,code",
    [
        ({"country": "ZZ"}, "invalid_country"),
        ({"language": "xx"}, "invalid_language"),
        ({"layout": "billboard"}, "invalid"),
        ({"count": 0}, "invalid"),
        ({"count": 10_001}, "invalid"),
        ({"count": "many"}, "invalid"),
    ],
)
def test_bad_input_is_a_clear_422(client, auth_headers, directory, change, code):
    body = {"country": "GB", "language": "en", "layout": "card-a4-10up", "count": 10, "allow_stale": True, **change}
    response = client.post(API, body, content_type="application/json", **auth_headers)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert not CardBatch.objects.exists()


def test_retried_post_with_the_same_key_makes_one_batch(client, auth_headers, directory):
    body = dict(country="GB", language="en", layout="card-a4-10up", count=10, allow_stale=True)
    first = client.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **auth_headers)
    again = client.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **auth_headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert CardBatch.objects.count() == 1


# --- reading batches back -----------------------------------------------------------------------


@pytest.fixture
def gb_batch(org, organizer, directory):
    activation = factories.activation(org)
    return services.create_batch(
        Actor.for_user(organizer),
        country="GB",
        language="en",
        layout="card-a4-10up",
        count=12,
        activation_id=activation.pk,
        allow_stale=True,
    )


def test_batch_shows_its_scan_count(client, auth_headers, gb_batch):
    from datetime import date

    ScanCount.objects.create(batch=gb_batch, day=date(2026, 6, 6), scans=3)
    ScanCount.objects.create(batch=gb_batch, day=date(2026, 6, 7), scans=4)
    body = client.get(f"{API}/{gb_batch.pk}", **auth_headers).json()
    assert body["scans"] == 7
    assert body["url"] == gb_batch.short_url and body["activation"] == gb_batch.activation_id
    listed = client.get(API, **auth_headers).json()
    assert listed["count"] == 1 and listed["items"][0]["scans"] == 7


def test_another_organizations_batch_is_absent(client, other_org, gb_batch):
    from api.models import ApiToken

    stranger = factories.organizer(other_org)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.create_for(stranger)[1]}"}
    for suffix in ("", "/pdf", "/qr.png", "/qr.svg"):
        assert client.get(f"{API}/{gb_batch.pk}{suffix}", **headers).status_code == 404
    assert client.get(API, **headers).json()["count"] == 0
    activation_elsewhere = post(
        client,
        headers,
        country="GB",
        language="en",
        layout="card-a4-10up",
        count=1,
        allow_stale=True,
        activation=gb_batch.activation_id,
    )
    assert activation_elsewhere.status_code == 404


def test_the_public_cannot_read_or_create_batches(client, gb_batch):
    assert client.get(f"{API}/{gb_batch.pk}").status_code == 401
    assert client.post(API, {}, content_type="application/json").status_code == 401


@needs_poppler
def test_pdf_from_the_api_scans_and_prints_the_numbers(client, auth_headers, gb_batch):
    response = client.get(f"{API}/{gb_batch.pk}/pdf", **auth_headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = render_pages(response.content, dpi=150)
    assert len(pages) == 4  # 12 cards: two sheets, each front and back
    assert [len(scan(p)) for p in pages] == [10, 0, 2, 0]
    assert {text for text, *_ in scan(pages[0]) + scan(pages[2])} == {gb_batch.short_url}
    backs = " ".join(text_of(response.content, 2).split())
    assert "116 123" in backs and "Text SHOUT to 85258" in backs
    assert "In immediate danger? Call 999 or 112" in backs


def test_png_and_svg_of_the_code_for_signage(client, auth_headers, gb_batch):
    from io import BytesIO

    from PIL import Image

    png = client.get(f"{API}/{gb_batch.pk}/qr.png", **auth_headers)
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert [text for text, *_ in scan(Image.open(BytesIO(png.content)).convert("RGB"))] == [gb_batch.short_url]
    svg = client.get(f"{API}/{gb_batch.pk}/qr.svg", **auth_headers)
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and b"<path" in svg.content


# --- real countries, real languages -----------------------------------------------------------


@needs_poppler
@pytest.mark.parametrize(
    "country,language,layout,expect",
    [
        ("GB", "en", "card-a4-10up", ["116 123", "85258", "Samaritans"]),
        ("US", "en", "card-letter-10up", ["988", "741741", "Crisis Text Line", "911"]),
        ("BE", "fr", "card-a4-10up", ["1813", "0800 32 123", "112"]),
        ("BE", "nl", "card-a4-10up", ["1813", "0800 32 123", "Bel 112"]),
        ("JP", "ja", "card-a4-10up", ["0120-279-338", "よりそいホットライン"]),
        ("KR", "ko", "postcard-a6", ["109", "자살예방 상담전화 109"]),
        ("DE", "de", "poster-a4", ["0800 111 0 111", "TelefonSeelsorge"]),
    ],
)
def test_real_cards_scan_and_print_their_numbers(organizer, directory, country, language, layout, expect):
    batch = services.create_batch(
        Actor.for_user(organizer), country=country, language=language, layout=layout, count=10, allow_stale=True
    )
    data = services.render_batch_pdf(batch)
    first = render_pages(data, dpi=150, first=1, last=1)[0]
    per_sheet = LAYOUTS[layout].per_sheet
    found = scan(first)
    assert len(found) == per_sheet
    assert {text for text, *_ in found} == {batch.short_url}
    text = " ".join(text_of(data).split())
    for words in expect:
        assert words in text or words.replace(" ", "") in text.replace(" ", ""), (words, text[:800])


@needs_poppler
def test_japanese_card_has_its_glyphs_and_no_notdef(organizer, directory):
    typesetting.DRAW_LOG = []
    try:
        batch = services.create_batch(
            Actor.for_user(organizer), country="JP", language="ja", layout="card-a4-10up", count=10, allow_stale=True
        )
        data = services.render_batch_pdf(batch)
        drawn = list(typesetting.DRAW_LOG)
    finally:
        typesetting.DRAW_LOG = None
    fonts = fonts_of(data)
    assert any("IPAexGothic" in f["name"] for f in fonts)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    assert not any(f["type"].startswith("Type 3") for f in fonts)
    text = text_of(data).replace(" ", "")
    assert "ひとりで悩まないで" in text and "よりそいホットライン" in text and "いのちの電話" in text
    # .notdef is glyph 0: a character the font lacks. Every character drawn is in its font.
    for font, run in drawn:
        assert all(typesetting.has_glyph(font, c) for c in run), (font, run)
    assert "\ufffd" not in text_of(data)


def test_every_seeded_country_fits_every_card_without_leaving_the_trim(organizer, directory):
    """The longest names, numbers and hours in the data, on the smallest cards, in English and
    the country's own language: every mark inside the card, nothing smaller than 7 pt."""
    from helplines.services.directory import printable_directory

    countries = Country.objects.filter(lines__status="vetted").distinct()
    assert countries.count() > 40
    checked = 0
    for country in countries:
        own = next((lang.split("-")[0] for lang in country.languages if lang.split("-")[0] in services.LANGUAGE_CODES), "en")
        for language in {"en", own}:
            try:
                directory_ = printable_directory(country.code, language)
            except Exception as exc:  # no printable number (chat-only lines): refused, not printed
                assert getattr(exc, "code", "") == "no_vetted_lines"
                continue
            for layout in ("card-a4-10up", "card-letter-10up"):
                pdf.INK = []
                try:
                    pdf.render(directory_, "https://help.example.org/h/k7m2p9q", layout, 1, bleed=True)
                    w, h = LAYOUTS[layout].item
                    for face, what, x0, y0, x1, y1 in pdf.INK:
                        slack = 3 * 72 / 25.4 if what == "background" else 0
                        assert x0 >= -slack - 0.01 and y0 >= -slack - 0.01, (country.code, language, face, what)
                        assert x1 <= w + slack + 0.01 and y1 <= h + slack + 0.01, (country.code, language, face, what)
                        if what == "text":
                            assert y1 - y0 >= 7 * 1.1 - 0.01
                finally:
                    pdf.INK = None
                printed = pdf.lines_that_print(directory_, "https://help.example.org/h/k7m2p9q", layout)
                assert printed and printed[0] == directory_.lines[0]
                groups = {line.group for line in printed if line.group}
                for group in groups:  # shown-together lines: all of the group, or none
                    assert [l for l in directory_.lines if l.group == group] == [l for l in printed if l.group == group]
                checked += 1
    assert checked > 80


# --- the command ---------------------------------------------------------------------------------


def test_print_cards_refuses_stale_lines_and_names_them(directory, tmp_path):
    out = tmp_path / "cards.pdf"
    with pytest.raises(CommandError) as refused:
        call_command(
            "print_cards", "--country", "GB", "--lang", "en", "--count", "10", "--layout", "card-a4-10up", "-o", str(out)
        )
    assert "Samaritans: 116 123" in str(refused.value)
    assert not out.exists() and not CardBatch.objects.exists()


@needs_poppler
def test_print_cards_writes_a_pdf_that_scans(directory, tmp_path, capsys):
    out = tmp_path / "cards.pdf"
    call_command(
        "print_cards",
        "--country",
        "JP",
        "--lang",
        "ja",
        "--count",
        "20",
        "--layout",
        "card-a4-10up",
        "-o",
        str(out),
        "--allow-stale",
    )
    batch = CardBatch.objects.get()
    assert batch.count == 20 and batch.warnings
    assert batch.short_url in capsys.readouterr().out
    pages = render_pages(out.read_bytes(), dpi=150)
    assert len(pages) == 4
    assert [len(scan(p)) for p in pages] == [10, 0, 10, 0]


def test_print_cards_print_shop_file(directory, tmp_path):
    out = tmp_path / "shop.pdf"
    call_command(
        "print_cards",
        "--country",
        "BE",
        "--lang",
        "nl",
        "--count",
        "2000",
        "--layout",
        "card-a4-10up",
        "-o",
        str(out),
        "--allow-stale",
        "--bleed",
    )
    data = out.read_bytes()
    assert b"/TrimBox" in data and b"/BleedBox" in data
    assert CardBatch.objects.get().bleed


# --- demo -------------------------------------------------------------------------------------


def test_demo_seed_makes_one_festival_batch(directory):
    import io

    from django.contrib.auth import get_user_model

    call_command("seed_demo", stdout=io.StringIO())
    from helplines.services.importer import import_helplines

    import_helplines()
    user = get_user_model().objects.get(username="demo")
    from activations.models import Organization
    from printables import demo

    org = Organization.objects.get(slug="soundmind-collective")
    demo.seed(org=org, user=user, stdout=io.StringIO())
    demo.seed(org=org, user=user, stdout=io.StringIO())
    batch = CardBatch.objects.get(activation__slug=demo.FESTIVAL_SLUG)
    assert (batch.country, batch.language, batch.layout) == ("US", "en", "card-letter-10up")
    assert batch.organization == org
