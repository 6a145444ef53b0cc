"""The PDF engine on its own: given what the directory says, the cards a phone can scan and a
person can read. (End-to-end tests against the real seed data are in test_cards_end_to_end.py.)"""

from datetime import date

import pytest
from reportlab.lib.units import mm

from helplines.printable import PrintableDirectory, PrintableLine
from printables import pdf, typesetting
from printables.layouts import BLEED, LAYOUTS
from printables.typesetting import has_glyph
from printables.words import WORDS
from tests.printables.pdftools import boxes_of, fonts_of, needs_poppler, render_pages, scan, text_of

URL = "https://help.example.org/h/k7m2p9q"

# The longest names and dial strings in the research data, so the fitting is tried where it is hardest.
LONG_NAME = (
    "Beijing Psychological Aid Hotline (Beijing Psychological Crisis Research and Intervention Center, Huilongguan Hospital)"
)
LONG_DIAL = "213 544 545 / 912 802 669 / 963 524 660 / 930 712 500; free: 800 100 441"
LONG_HOURS = "13:00-20:30, Wednesday-Sunday (as of 2022-08) - NOT 24/7"


def gb():
    return PrintableDirectory(
        "GB",
        "en",
        "999 or 112",
        [
            PrintableLine(1, "Samaritans", "116 123", verified_on=date(2025, 6, 1)),
            PrintableLine(2, "Shout 85258", "85258", sms="Text SHOUT to 85258", verified_on=date(2025, 6, 1)),
        ],
        checked_on=date(2025, 6, 1),
    )


def hard(language="en"):
    return PrintableDirectory(
        "PT",
        language,
        "112",
        [
            PrintableLine(1, LONG_NAME, LONG_DIAL, hours=LONG_HOURS, sms="Text HELLO to 80 80 80"),
            PrintableLine(2, "よりそいホットライン (Yorisoi Hotline)", "0120-279-338", group="g"),
            PrintableLine(3, "자살예방 상담전화 109", "109", group="g"),
            PrintableLine(4, "Γραμμή Παρέμβασης για την Αυτοκτονία 1018", "1018"),
            PrintableLine(5, "Emotsionaalse toe ja hingehoiu telefon", "116 123", hours="19:00–07:00"),
        ],
        checked_on=date(2024, 1, 2),
    )


@pytest.fixture
def ink():
    pdf.INK = []
    typesetting.DRAW_LOG = []
    yield pdf.INK
    pdf.INK = None
    typesetting.DRAW_LOG = None


def test_front_and_back_sheets_per_ten_cards():
    out = pdf.render(gb(), URL, "card-a4-10up", 23)
    # 23 cards: 3 sheets, each a front and a back
    assert _page_count(out) == 6


def _page_count(out: bytes) -> int:
    import re

    return len(re.findall(rb"/Type /Page\b(?!s)", out))


def test_duplex_back_positions_mirror_the_front_on_the_long_edge():
    layout = LAYOUTS["card-a4-10up"]
    page_w = layout.page[0]
    for (fx, fy), (bx, by) in zip(layout.positions, layout.back_positions()):
        assert by == fy
        assert bx == pytest.approx(page_w - fx - layout.item[0])
    # Avery 5371: 0.75 in and 0.5 in margins, 3.5 × 2 in cards without gaps
    letter = LAYOUTS["card-letter-10up"]
    assert letter.positions[0] == pytest.approx((54, 792 - 36 - 144))
    assert letter.positions[-1] == pytest.approx((54 + 252, 36))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("language", list(WORDS))
def test_nothing_leaves_its_trim_box(ink, layout, language):
    """Every mark of every face lies inside the face's trim (backgrounds: inside the bleed)."""
    directory = hard(language)
    pdf.render(directory, URL, layout, 1, bleed=True)
    w, h = LAYOUTS[layout].item
    assert ink, "the engine reported no marks"
    for face, what, x0, y0, x1, y1 in ink:
        limit = BLEED if what == "background" else 0
        assert x0 >= -limit - 0.01 and y0 >= -limit - 0.01, (face, what, x0, y0)
        assert x1 <= w + limit + 0.01 and y1 <= h + limit + 0.01, (face, what, x1, y1)
        if what == "text":
            # and text keeps clear of the cut: at least 2 mm inside the trim
            assert x0 >= 2 * mm - 0.01 and x1 <= w - 2 * mm + 0.01, (face, x0, x1)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("language", ["en", "fr", "de", "ja", "ko"])
def test_no_text_overlaps_other_text_or_the_code(ink, layout, language):
    for directory in (gb(), hard(language)):
        pdf.INK.clear()
        pdf.render(
            PrintableDirectory(directory.country, language, directory.emergency, directory.lines, directory.checked_on),
            URL,
            layout,
            1,
        )
        marks = [m for m in pdf.INK if m[1] in ("text", "qr")]
        for i, a in enumerate(marks):
            for b in marks[i + 1 :]:
                if a[0] != b[0]:
                    continue  # different faces
                overlap_x = min(a[4], b[4]) - max(a[2], b[2])
                overlap_y = min(a[5], b[5]) - max(a[3], b[3])
                assert overlap_x <= 0.01 or overlap_y <= 0.01, (layout, language, a, b)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_character_is_drawn_in_a_font_that_has_it(ink, layout):
    for language in WORDS:
        pdf.render(hard(language), URL, layout, 1)
    assert typesetting.DRAW_LOG
    for font, text in typesetting.DRAW_LOG:
        missing = [c for c in text if not has_glyph(font, c)]
        assert not missing, (font, text, missing)


def test_nothing_is_printed_smaller_than_7_points(ink):
    for layout in LAYOUTS:
        pdf.render(hard(), URL, layout, 1)
    sizes = [size for what in pdf.INK if what[1] == "text" for size in [what[5] - what[3]]]  # line heights: leading ≥ 1.1 × size
    assert min(sizes) >= 7 * 1.1 - 0.01


def test_shown_together_lines_print_both_or_neither():
    directory = hard()
    for layout in LAYOUTS:
        printed = [line.line_id for line in pdf.lines_that_print(directory, URL, layout)]
        assert printed[0] == 1
        assert (2 in printed) == (3 in printed), (layout, printed)
        assert printed == sorted(printed), "display order is kept"


def test_lines_that_do_not_fit_are_left_off_not_squeezed():
    many = PrintableDirectory(
        "XX", "en", "112", [PrintableLine(i, f"Helpline number {i}", f"0800 000 {i:03d}") for i in range(1, 30)]
    )
    on_card = pdf.lines_that_print(many, URL, "card-a4-10up")
    on_poster = pdf.lines_that_print(many, URL, "poster-a4")
    assert 2 <= len(on_card) < len(on_poster) < 29
    assert [line.line_id for line in on_card] == list(range(1, len(on_card) + 1))


def test_a_name_too_long_for_its_lines_is_shortened_with_an_ellipsis(ink):
    pdf.render(hard(), URL, "card-a4-10up", 1)
    drawn = "".join(text for _font, text in typesetting.DRAW_LOG)
    assert "Beijing Psychological" in drawn
    assert "…" in drawn
    assert LONG_NAME not in drawn


def test_numbers_are_never_shortened(ink):
    pdf.render(hard(), URL, "card-a4-10up", 1)
    drawn = "".join(text for _font, text in typesetting.DRAW_LOG).replace(" ", "")
    assert LONG_DIAL.replace(" ", "") in drawn


@needs_poppler
@pytest.mark.parametrize("layout,per_sheet", [("card-a4-10up", 10), ("card-letter-10up", 10)])
def test_every_card_scans_to_the_url(layout, per_sheet):
    out = pdf.render(gb(), URL, layout, 13)
    pages = render_pages(out, dpi=150)
    assert len(pages) == 4  # front, back, front, back
    first_front = scan(pages[0])
    assert len(first_front) == per_sheet
    assert {text for text, *_ in first_front} == {URL}
    assert len(scan(pages[2])) == 3  # the last sheet holds the remaining 3
    assert scan(pages[1]) == []  # the backs carry numbers, not codes


@needs_poppler
def test_backs_line_up_with_fronts_when_flipped_on_the_long_edge():
    """Cards on the back sheet sit where the front's cards land after a long-edge flip."""
    out = pdf.render(gb(), URL, "card-a4-10up", 3)
    front, back = render_pages(out, dpi=50)
    width = front.width

    def occupied_columns(image):
        # the first card row: which half of the page has ink in it
        row = image.crop((0, int(image.height * 0.05), width, int(image.height * 0.2))).convert("L")
        left = row.crop((0, 0, width // 2, row.height)).getextrema()[0] < 128
        right = row.crop((width // 2, 0, width, row.height)).getextrema()[0] < 128
        return left, right

    assert occupied_columns(front) == (True, True)
    assert occupied_columns(back) == (True, True)
    # third card (row 2, left on the front) has its back on the right
    row2 = lambda im, x0, x1: im.crop((x0, int(im.height * 0.25), x1, int(im.height * 0.4))).convert("L").getextrema()[0] < 128  # noqa: E731
    assert row2(front, 0, width // 2) and not row2(front, width // 2, width)
    assert row2(back, width // 2, width) and not row2(back, 0, width // 2)


@needs_poppler
def test_printed_numbers_are_real_text():
    out = pdf.render(gb(), URL, "card-a4-10up", 10)
    back = " ".join(text_of(out, 2).split())
    assert "116 123" in back
    assert "Text SHOUT to 85258" in back
    assert "In immediate danger? Call 999 or 112" in back
    assert "Numbers checked on 2025-06-01" in back
    assert "help.example.org/h/k7m2p9q" in text_of(out, 1).replace("/\n", "/")


@needs_poppler
def test_japanese_card_embeds_a_japanese_font_and_its_glyphs():
    directory = PrintableDirectory(
        "JP",
        "ja",
        "110 / 119",
        [
            PrintableLine(1, "よりそいホットライン", "0120-279-338"),
            PrintableLine(2, "いのちの電話", "0120-783-556", hours="毎日16時〜21時"),
        ],
        checked_on=date(2024, 9, 1),
    )
    out = pdf.render(directory, URL, "card-a4-10up", 10)
    fonts = fonts_of(out)
    assert any("IPAexGothic" in f["name"] for f in fonts)
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    text = text_of(out).replace(" ", "")
    for words in ("ひとりで悩まないで", "よりそいホットライン", "いのちの電話", "0120-279-338", "緊急のときは110/119へ"):
        assert words in text


@needs_poppler
def test_print_shop_file_declares_trim_and_bleed():
    out = pdf.render(gb(), URL, "card-a4-10up", 500, bleed=True)
    assert _page_count(out) == 2  # one card, front and back: the shop prints 500
    boxes = boxes_of(out)
    media = [line for line in boxes.splitlines() if line.startswith("Page    1 MediaBox") or line.startswith("MediaBox")]
    assert "TrimBox" in boxes and "BleedBox" in boxes
    card_w, card_h = 85 * mm, 55 * mm
    assert f"{BLEED:.2f}" in boxes and f"{BLEED + card_w:.2f}" in boxes and f"{BLEED + card_h:.2f}" in boxes
    assert media or "MediaBox" in boxes


@needs_poppler
def test_sheet_margins_hold_only_crop_marks():
    """Around the grid of cards, a 2 mm ring stays white: nothing spills off the cards."""
    out = pdf.render(hard(), URL, "card-a4-10up", 10)
    dpi = 150
    px = dpi / 72
    layout = LAYOUTS["card-a4-10up"]
    for page in render_pages(out, dpi=dpi):
        left = min(x for x, _ in layout.positions) * px
        right = max(x for x, _ in layout.positions) * px + layout.item[0] * px
        bottom = min(y for _, y in layout.positions)
        top = max(y for _, y in layout.positions) + layout.item[1]
        top_px, bottom_px = page.height - top * px, page.height - bottom * px
        ring = 2 * mm * px
        gray = page.convert("L")
        for box in (
            (left - ring + 1, top_px, left - 1, bottom_px),  # left strip
            (right + 1, top_px, right + ring - 1, bottom_px),  # right strip
            (left, top_px - ring + 1, right, top_px - 1),  # above
            (left, bottom_px + 1, right, bottom_px + ring - 1),  # below
        ):
            region = gray.crop(tuple(int(round(v)) for v in box))
            assert region.getextrema()[0] > 240, box


def test_a_thousand_cards_reuse_one_drawing():
    one = pdf.render(gb(), URL, "card-a4-10up", 10)
    thousand = pdf.render(gb(), URL, "card-a4-10up", 1000)
    assert _page_count(thousand) == 200
    # the QR and the faces are drawn once: 99 more sheet pairs add page objects, not drawings
    assert len(thousand) - len(one) < 99 * 2 * 1200
    assert thousand.count(b"/Subtype /Form") == one.count(b"/Subtype /Form") == 4  # code, front, back, crop marks


@pytest.mark.parametrize("url", ["http://a.io/h/k7m2p9q", URL, "https://wellness.soundmind-collective.example.org/h/k7m2p9q"])
def test_the_code_on_a_card_is_at_least_20_mm_without_its_quiet_zone(url):
    from printables import qr

    modules = qr.module_count(url)
    symbol = pdf.CARD.qr * (modules - 2 * qr.QUIET_ZONE) / modules
    assert symbol >= 20 * mm
    assert pdf.CARD.qr / modules >= 0.5 * mm  # modules a phone resolves at arm's length


@needs_poppler
def test_error_correction_q_survives_a_damaged_corner():
    """A card with a coffee ring: blank out a patch of the code and it still scans."""
    from PIL import ImageDraw

    out = pdf.render(gb(), URL, "poster-a4", 1)
    page = render_pages(out, dpi=100)[0]
    ((_, cx, cy),) = scan(page)
    draw = ImageDraw.Draw(page)
    draw.rectangle((cx + 40, cy + 40, cx + 75, cy + 75), fill="white")  # a patch near a corner
    assert [text for text, *_ in scan(page)] == [URL]
