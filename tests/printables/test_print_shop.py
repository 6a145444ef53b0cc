"""Cards a print shop accepts (issue 20): PDF/X-4 in CMYK with K-only text, read back the way a
preflight would (pikepdf) and separated into plates by Ghostscript; home sheets with gutters;
Arabic and Japanese sheets a phone scans."""

import io
import shutil
import subprocess
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from PIL import Image
from reportlab.lib.units import mm

from helplines.printable import PrintableDirectory, PrintableLine
from printables import pdf, press, typesetting
from printables.layouts import BLEED, LAYOUTS
from printables.models import CardBatch
from tests.printables.pdftools import needs_poppler, render_pages, scan, text_of

URL = "https://help.example.org/h/k7m2p9q"
needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="needs Debian's ghostscript")
PDFXID = "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"


def gb(language="en"):
    return PrintableDirectory(
        "GB",
        language,
        "999 or 112",
        [
            PrintableLine(1, "Samaritans", "116 123", verified_on=date(2025, 6, 1)),
            PrintableLine(2, "Shout 85258", "85258", sms="Text SHOUT to 85258", verified_on=date(2025, 6, 1)),
            PrintableLine(3, "CALM (Campaign Against Living Miserably)", "0800 58 58 58", hours="17:00–midnight"),
        ],
        checked_on=date(2025, 6, 1),
    )


def egypt():
    """An Arabic card as the directory would answer it: Arabic names, Arabic text instructions."""
    return PrintableDirectory(
        "EG",
        "ar",
        "123 أو 122",
        [
            PrintableLine(1, "الخط الساخن للصحة النفسية", "16328", verified_on=date(2025, 6, 1)),
            PrintableLine(
                2,
                "الأمانة العامة للصحة النفسية",
                "0800 888 0700",
                hours="من 9 صباحًا إلى 5 مساءً",
                sms="أرسل HELP في رسالة نصية إلى 16328",
                verified_on=date(2025, 6, 1),
            ),
        ],
        checked_on=date(2025, 6, 1),
    )


def japan():
    return PrintableDirectory(
        "JP",
        "ja",
        "119 または 110",
        [
            PrintableLine(1, "よりそいホットライン", "0120-279-338"),
            PrintableLine(2, "いのちの電話", "0120-783-556", hours="毎日 16:00〜21:00（毎月10日は24時間）"),
        ],
        checked_on=date(2024, 9, 1),
    )


@pytest.fixture
def ink():
    pdf.INK = []
    typesetting.DRAW_LOG = []
    yield pdf.INK
    pdf.INK = None
    typesetting.DRAW_LOG = None


def _colour_operators(pdf_file: pikepdf.Pdf) -> set[str]:
    """Every colour-setting operator in every page and form content stream."""
    found = set()
    seen = set()

    def walk(obj):
        ops = pikepdf.parse_content_stream(obj)
        for _operands, op in ops:
            if str(op) in ("rg", "RG", "k", "K", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN"):
                found.add(str(op))
        resources = obj.get("/Resources") if isinstance(obj, pikepdf.Stream) else None
        for xobj in (resources or {}).get("/XObject", {}).values() if resources else ():
            if xobj.objgen not in seen:
                seen.add(xobj.objgen)
                if xobj.Subtype == "/Image":
                    found.add("image:" + str(xobj.get("/ColorSpace")))
                else:
                    walk(xobj)

    for page in pdf_file.pages:
        walk(page)
        for xobj in page.Resources.get("/XObject", {}).values():
            if xobj.objgen not in seen:
                seen.add(xobj.objgen)
                walk(xobj)
    return found


def _names_anywhere(pdf_file: pikepdf.Pdf) -> set[str]:
    names = set()

    def collect(value, depth=0):
        if depth > 6:
            return
        if isinstance(value, pikepdf.Name):
            names.add(str(value))
        elif isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)):
            for k, v in value.items():
                names.add(k)
                collect(v, depth + 1)
        elif isinstance(value, pikepdf.Array):
            for v in value:
                collect(v, depth + 1)

    for obj in pdf_file.objects:
        collect(obj)
    return names


# --- PDF/X-4, read back ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout,bleed", [("card-a4-10up", False), ("card-a4-10up", True), ("postcard-a6", True), ("poster-a4", False)]
)
def test_a_press_file_is_pdfx4_with_its_output_intent_xmp_and_boxes(layout, bleed):
    data = pdf.render(gb(), URL, layout, 20, bleed=bleed, profile="press", title="Crisis cards GB/en — k7m2p9q")
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert doc.pdf_version >= "1.6"
        [intent] = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.OutputConditionIdentifier == "FOGRA39"
        profile = intent.DestOutputProfile
        assert profile.N == 4 and profile.read_bytes() == press.icc_profile()
        assert profile.read_bytes()[16:20] == b"CMYK" and profile.read_bytes()[12:16] == b"prtr"
        meta = doc.open_metadata()
        assert meta[PDFXID] == "PDF/X-4"
        assert meta["dc:title"] == str(doc.docinfo.Title) == "Crisis cards GB/en — k7m2p9q"
        assert str(doc.docinfo.Trapped) == "/False" and meta["pdf:Trapped"] == "False"
        assert meta["xmpMM:DocumentID"].startswith("uuid:") and meta["xmpMM:VersionID"]
        assert len(doc.pages) >= 1
        for page in doc.pages:
            media = [float(v) for v in page.MediaBox]
            trim = [float(v) for v in page.obj.TrimBox]
            bleed_box = [float(v) for v in page.obj.BleedBox]
            assert media[0] <= bleed_box[0] <= trim[0] and trim[2] <= bleed_box[2] <= media[2]
            assert media[1] <= bleed_box[1] <= trim[1] and trim[3] <= bleed_box[3] <= media[3]
            if bleed:  # trim is the card, bleed 3 mm around it
                assert trim[2] - trim[0] == pytest.approx(LAYOUTS[layout].item[0], abs=0.01)
                assert bleed_box[2] - bleed_box[0] == pytest.approx(LAYOUTS[layout].item[0] + 2 * BLEED, abs=0.01)
        assert "/DeviceRGB" not in _names_anywhere(doc)
        ops = _colour_operators(doc)
        assert ops and ops <= {"k", "K"}, ops  # DeviceCMYK only: no rg/RG, no gray, no images
        assert doc.check_pdf_syntax() == []  # qpdf's own structural check
        fonts = [
            obj
            for obj in doc.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and obj.get("/Subtype") != "/Type0"
        ]
        assert fonts
        for font in fonts:  # every font embedded (PDF/X forbids relying on the printer's)
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile" in descriptor or "/FontFile3" in descriptor, font.BaseFont


def test_an_office_file_stays_rgb_and_is_no_pdfx():
    data = pdf.render(gb(), URL, "card-a4-10up", 10)
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert "/OutputIntents" not in doc.Root
        assert "rg" in _colour_operators(doc)


def test_press_colours_are_defined_and_text_is_k_only():
    assert press.PRESS["brand"].cyan == 0.89 and press.PRESS["brand"].black == 0.45
    for role in ("ink", "brand_text", "qr", "marks"):
        colour = press.PRESS[role]
        assert (colour.cyan, colour.magenta, colour.yellow, colour.black) == (0, 0, 0, 1)
    muted = press.PRESS["muted"]
    assert (muted.cyan, muted.magenta, muted.yellow) == (0, 0, 0)


def _separate(data: bytes, dpi: int) -> list[dict[str, Image.Image]]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(
            [
                "gs",
                "-q",
                "-dSAFER",
                "-dBATCH",
                "-dNOPAUSE",
                "-sDEVICE=tiffsep",
                f"-r{dpi}",
                "-o",
                str(Path(tmp) / "p%d.tif"),
                str(src),
            ],
            check=True,
            capture_output=True,
        )
        pages = []
        for n in range(1, 1 + len(list(Path(tmp).glob("p*(Black).tif")))):
            plates = {}
            for plate in ("Cyan", "Magenta", "Yellow", "Black"):
                with Image.open(Path(tmp) / f"p{n}({plate}).tif") as im:
                    plates[plate] = im.convert("L").copy()  # 255 = no ink, 0 = solid
            pages.append(plates)
        return pages


def _ink_in(plate: Image.Image, box, dpi, page_h) -> int:
    """The most ink (0–255) the plate lays inside box (points, PDF coordinates)."""
    s = dpi / 72
    x0, y0, x1, y1 = box
    crop = plate.crop((int(x0 * s), int((page_h - y1) * s), int(x1 * s) + 1, int((page_h - y0) * s) + 1))
    return 255 - crop.getextrema()[0]


@needs_gs
@pytest.mark.parametrize("directory,face_index", [(gb(), 0), (gb(), 1), (egypt(), 0), (egypt(), 1), (japan(), 1)])
def test_ghostscript_separations_put_text_and_the_code_on_the_black_plate_only(ink, directory, face_index):
    """A print-shop card (3 mm bleed): colour plates carry only the brand stripe and band;
    every letter and every QR module is on the K plate alone."""
    dpi = 150
    data = pdf.render(directory, URL, "card-a4-10up", 1, bleed=True, profile="press")
    plates = _separate(data, dpi)[face_index]
    face = ("front", "back")[face_index]
    w, h = LAYOUTS["card-a4-10up"].item
    page_h = h + 2 * BLEED
    marks = [(what, (x0 + BLEED, y0 + BLEED, x1 + BLEED, y1 + BLEED)) for f, what, x0, y0, x1, y1 in ink if f == face]
    backgrounds = [box for what, box in marks if what == "background"]
    texts = [box for what, box in marks if what == "text"]
    qr_boxes = [box for what, box in marks if what == "qr"]

    # Colour plates: nothing outside the brand areas (a 1-pixel blur allowance at their edges).
    s = dpi / 72
    for name in ("Cyan", "Magenta", "Yellow"):
        img = plates[name].copy()
        for x0, y0, x1, y1 in backgrounds:
            img.paste(255, (int(x0 * s) - 2, int((page_h - y1) * s) - 2, int(x1 * s) + 3, int((page_h - y0) * s) + 3))
        assert img.getextrema()[0] == 255, f"{name} ink outside the brand colour on the {face}"
    # The brand really is a CMYK build there.
    assert backgrounds and _ink_in(plates["Cyan"], backgrounds[0], dpi, page_h) > 200

    # Text outside the brand areas: solid K, no C/M/Y under it.
    outside = [t for t in texts if not any(_overlaps(t, b) for b in backgrounds)]
    assert outside
    for box in outside:
        assert _ink_in(plates["Black"], box, dpi, page_h) > 190  # 100 % K, the details 80 % K
        for name in ("Cyan", "Magenta", "Yellow"):
            assert _ink_in(plates[name], box, dpi, page_h) == 0
    for qr_box in qr_boxes:
        assert _ink_in(plates["Black"], qr_box, dpi, page_h) == 255  # 100 % K modules
        for name in ("Cyan", "Magenta", "Yellow"):
            assert _ink_in(plates[name], qr_box, dpi, page_h) == 0


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@needs_gs
def test_preflight_ghostscript_reads_the_press_file_without_a_warning(tmp_path):
    """What we can check here without a PDF/X validator: Ghostscript interprets every page with
    errors fatal, and its PDF/X-aware renderer uses the embedded output intent."""
    src = tmp_path / "press.pdf"
    src.write_bytes(pdf.render(gb(), URL, "card-a4-10up", 30, profile="press"))
    result = subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dPDFSTOPONERROR", "-dPDFSTOPONWARNING", "-sDEVICE=nullpage", str(src)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


# --- home-print sheets ------------------------------------------------------------------------


def test_a4_sheets_have_gutters_and_colour_stops_short_of_every_cut(ink):
    layout = LAYOUTS["card-a4-10up"]
    w, h = layout.item
    xs = sorted({x for x, _ in layout.positions})
    ys = sorted({y for _, y in layout.positions})
    assert xs[1] - (xs[0] + w) == pytest.approx(6 * mm)
    assert all(b - (a + h) == pytest.approx(2 * mm) for a, b in zip(ys, ys[1:]))
    assert min(xs) >= 10 * mm and min(ys) >= 5 * mm  # room for a home printer's margin and the marks
    pdf.render(gb(), URL, "card-a4-10up", 10)
    colour = [(x0, y0, x1, y1) for _f, what, x0, y0, x1, y1 in ink if what == "background"]
    assert colour
    for x0, y0, x1, y1 in colour:  # 2 mm inside the trim: an off cut shows no neighbour's band
        assert x0 >= 2 * mm - 0.01 and y0 >= 2 * mm - 0.01 and x1 <= w - 2 * mm + 0.01 and y1 <= h - 2 * mm + 0.01


def test_card_back_uses_both_columns_and_keeps_the_text_number_whole(ink):
    pdf.render(gb(), URL, "card-a4-10up", 10)
    drawn = [text for _font, text in typesetting.DRAW_LOG]
    assert "Text SHOUT to 85258" in drawn  # one line, not "Text SHOUT to" / "85258"
    assert "0800 58 58 58" in drawn
    back_text = [(x0, x1) for f, what, x0, _y0, x1, _y1 in ink if f == "back" and what == "text"]
    w = LAYOUTS["card-a4-10up"].item[0]
    assert any(x0 > w / 2 for x0, _x1 in back_text)  # the right column has lines


# --- Arabic and Japanese ----------------------------------------------------------------------


def test_arabic_is_shaped_right_to_left_with_numbers_left_to_right(ink):
    pdf.render(egypt(), URL, "card-a4-10up", 10)
    runs = typesetting.DRAW_LOG
    arabic = [text for font, text in runs if font.startswith("GR-Arabic")]
    joined = "".join(arabic)
    assert any(0xFE70 <= ord(c) <= 0xFEFF for c in joined), "letters drawn in their joined forms"
    assert not any(0x0621 <= ord(c) <= 0x064A for c in joined), "no unshaped isolated letters"
    # Numbers read left to right, their groups in order, wherever they sit in the line.
    assert any("0800 888 0700" in text for _f, text in runs)
    assert any("16328" in text for _f, text in runs)
    # "في خطر مباشر؟ اتصل بالرقم 123 أو 122" in display order: the first number is rightmost.
    emergency = next(text for _f, text in runs if "123" in text and "122" in text)
    assert emergency.index("122") < emergency.index("123")


def test_arabic_faces_are_mirrored(ink):
    pdf.render(egypt(), URL, "card-a4-10up", 10)
    w = LAYOUTS["card-a4-10up"].item[0]
    [(qx0, qx1)] = {(x0, x1) for f, what, x0, _y0, x1, _y1 in ink if f == "front" and what == "qr"}
    assert qx1 < w / 2  # the code top left
    stripe = [x0 for f, what, x0, *_ in ink if f == "front" and what == "background"]
    assert stripe and min(stripe) > w / 2  # the brand stripe on the right
    # Text is set flush right: every front line ends at the same right edge.
    rights = {round(x1, 1) for f, what, _x0, _y0, x1, _y1 in ink if f == "front" and what == "text" and _x0 > qx1}
    assert len(rights) <= 2  # the words and the emergency line share one right margin


def _as_read(text: str) -> str:
    """What a reader (or a screen reader) gets from the PDF's text: base letters for the joined
    presentation forms, no bidi controls, no spaces (poppler puts them oddly around numbers)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@needs_poppler
def test_an_arabic_batch_reads_in_logical_order_with_its_vowel_marks():
    """Rendered, the card pages give back the Arabic text in the order it is read (poppler reorders
    the drawn display order), and the vowel marks survive shaping ("صباحًا", not "صباحا")."""
    data = pdf.render(egypt(), URL, "card-a4-10up", 10)
    front, back = _as_read(text_of(data, 1)), _as_read(text_of(data, 2))
    for words in ("هل تحتاج إلى التحدث؟", "في خطر مباشر؟ اتصل بالرقم 123 أو 122"):
        assert _as_read(words) in front
    for words in (
        "الخط الساخن للصحة النفسية",
        "الأمانة العامة للصحة النفسية",
        "من 9 صباحًا إلى 5 مساءً",
        "أرسل HELP في رسالة نصية إلى 16328",
        "0800 888 0700",
    ):
        assert _as_read(words) in back, words
    assert front.count(_as_read("help.example.org/h/k7m2p9q")) == 10


@needs_poppler
@pytest.mark.parametrize("directory", [egypt(), japan()], ids=["ar", "ja"])
@pytest.mark.parametrize("profile", ["office", "press"])
def test_arabic_and_japanese_sheets_scan_on_every_card(directory, profile):
    data = pdf.render(directory, URL, "card-a4-10up", 10, profile=profile)
    front, back = render_pages(data, dpi=150, first=1, last=2)
    found = scan(front)
    assert len(found) == 10 and {text for text, *_ in found} == {URL}
    page_w = LAYOUTS["card-a4-10up"].page[0]
    for x, _y in LAYOUTS["card-a4-10up"].positions:  # each card's own code on it
        cx0, cx1 = x * 150 / 72, (x + LAYOUTS["card-a4-10up"].item[0]) * 150 / 72
        assert any(cx0 < cx < cx1 for _t, cx, _cy in found)
    if directory.language == "ar":  # mirrored: every code sits in its card's left half
        for _t, cx, _cy in found:
            col = 0 if cx < front.width / 2 else 1
            left = LAYOUTS["card-a4-10up"].positions[col][0] * 150 / 72
            assert cx < left + LAYOUTS["card-a4-10up"].item[0] * 150 / 72 / 2
    assert scan(back) == [] and page_w


# --- every door -------------------------------------------------------------------------------


def test_api_card_batch_accepts_the_press_profile_and_arabic(client, auth_headers, verified_today):
    verified_today("gb-samaritans", "gb-shout")
    body = {"country": "GB", "language": "ar", "layout": "card-a4-10up", "count": 20, "profile": "press"}
    response = client.post("/api/card-batches", body, content_type="application/json", **auth_headers)
    assert response.status_code == 201, response.content
    batch = CardBatch.objects.get()
    assert batch.profile == "press" and batch.language == "ar"
    shown = client.get(f"/api/card-batches/{batch.pk}", **auth_headers).json()
    assert shown["profile"] == "press"
    pdf_response = client.get(f"/api/card-batches/{batch.pk}/pdf", **auth_headers)
    assert pdf_response.status_code == 200 and "pdfx4" in pdf_response["Content-Disposition"]
    with pikepdf.open(io.BytesIO(pdf_response.content)) as doc:
        assert doc.open_metadata()[PDFXID] == "PDF/X-4"

    default = client.post(
        "/api/card-batches", {**body, "profile": None} | {"language": "en"}, content_type="application/json", **auth_headers
    )
    assert default.status_code == 422  # null is no profile
    plain = {k: v for k, v in body.items() if k != "profile"}
    assert client.post("/api/card-batches", plain, content_type="application/json", **auth_headers).status_code == 201
    assert CardBatch.objects.filter(profile="office").count() == 1

    refused = client.post("/api/card-batches", {**body, "profile": "cmyk"}, content_type="application/json", **auth_headers)
    assert refused.status_code == 422 and CardBatch.objects.count() == 2
    assert set(refused.json()) >= {"detail", "code"}


def test_print_cards_takes_a_profile(verified_today, tmp_path, capsys):
    verified_today("gb-samaritans", "gb-shout")
    out = tmp_path / "press.pdf"
    call_command("print_cards", "--country", "GB", "--lang", "en", "--count", "10", "--profile", "press", "-o", str(out))
    assert CardBatch.objects.get().profile == "press"
    with pikepdf.open(out) as doc:
        assert doc.open_metadata()[PDFXID] == "PDF/X-4"
    assert "press" in capsys.readouterr().out


def test_admin_print_page_offers_the_press_profile(client, organizer, verified_today):
    from django.contrib.auth.models import Permission

    verified_today("gb-samaritans", "gb-shout")
    organizer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["activations", "printables"]))
    client.force_login(organizer)
    page = client.get("/admin/printables/cardbatch/print/?country=GB").content.decode()
    assert 'name="profile"' in page and 'value="press"' in page and 'value="ar"' in page
    created = client.post(
        "/admin/printables/cardbatch/print/",
        {
            "country": "GB",
            "language": "en",
            "layout": "card-a4-10up",
            "count": 10,
            "profile": "press",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    assert CardBatch.objects.get().profile == "press"
