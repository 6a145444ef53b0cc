"""Drawing crisis cards, postcards and posters from a `PrintableDirectory` value.

Each face (card front, card back, postcard sides, poster) is laid out once per PDF and kept as a
form XObject; the QR code is a form too, drawn once and reused by every face. Pages then only
place forms, so a thousand cards cost little more than ten.

Two ways to print:
- default, "print it yourself": sheets holding `count` items. Card sheets come in pairs, front
  then back, positioned for duplex printing flipped on the long edge; A4 sheets have crop marks.
- `bleed=True`, "for a print shop": one item, each face on its own page, 3 mm bleed around the
  trim, TrimBox and BleedBox declared; backgrounds run into the bleed. The shop prints `count`.

Every piece of text is fitted to its box (smaller steps down to 7 pt, then wrapped, then
shortened with an ellipsis); `INK`, when a test sets it to a list, receives the box of every mark
a face makes, in the face's own coordinates, so tests can check nothing leaves the trim.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from helplines.printable import PrintableDirectory, PrintableLine
from printables import qr, typesetting
from printables.layouts import BLEED, Layout, layout_named
from printables.press import make_pdfx4, palette
from printables.typesetting import Face, chain_for, draw_line, is_rtl, wrap
from printables.words import CardWords, format_checked_date, words_for

# Colours are roles ("brand", "ink", "muted", "paper"); the print profile says what each is.
BRAND, BRAND_TEXT, INK_COLOUR, MUTED, PAPER = "brand", "brand_text", "ink", "muted", "paper"
# Binary streams: a third smaller than ASCII85 and faster to write; every reader takes them.
rl_config.useA85 = 0
MIN_SIZE = 7.0  # points: nothing on a card is printed smaller

#: Tests set this to a list: (face, what, x0, y0, x1, y1) for every mark, in face coordinates.
INK: list | None = None


class DoesNotFit(Exception):
    """Even at the smallest size the first crisis line does not fit this face."""


def _ink(face: str, what: str, x0, y0, x1, y1):
    if INK is not None:
        INK.append((face, what, x0, y0, x1, y1))


def printed_url(url: str) -> str:
    """What people type: the short URL without its scheme."""
    return url.split("://", 1)[-1]


# --- text blocks ---------------------------------------------------------------------------


@dataclass
class Block:
    """Lines of one style, ready to draw from a top edge downwards."""

    lines: tuple[str, ...]
    chain: tuple[Face, ...]
    size: float
    leading: float
    colour: str = INK_COLOUR
    rtl: bool = False
    shortened: bool = False
    fits: bool = True

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    def draw(self, canvas, face: str, x: float, top: float, width: float, align: str = "left") -> float:
        """Draws the lines inside [x, x + width]; returns the y under the block."""
        canvas.setFillColor(canvas.palette[self.colour])
        if self.rtl and align == "left":
            align = "right"
        y = top
        for line in self.lines:
            baseline = y - self.size * 0.95
            anchor = {"left": x, "center": x + width / 2, "right": x + width}[align]
            drawn = draw_line(canvas, line, self.chain, self.size, anchor, baseline, align=align)
            left = {"left": x, "center": x + (width - drawn) / 2, "right": x + width - drawn}[align]
            _ink(face, "text", left, y - self.leading, left + drawn, y)
            y -= self.leading
        return y


def block(text, language, size, width, *, bold=False, max_lines=None, colour=INK_COLOUR, leading=1.2, **kw) -> Block:
    chain = chain_for(language, bold)
    wrapped = wrap(text, chain, size, width, max_lines, **kw)
    if language.startswith(("ja", "ko")):
        leading = max(leading, 1.3)
    elif is_rtl(language):  # Arabic's dots and descenders need more room between lines
        leading = max(leading, 1.45)
    return Block(
        wrapped.lines, chain, size, size * leading, colour, typesetting.is_rtl(language), wrapped.shortened, wrapped.fits
    )


# --- the crisis-line list ------------------------------------------------------------------


@dataclass(frozen=True)
class ListStep:
    """One size step for the crisis-line list: the name, the number, the details."""

    name: float
    dial: float
    detail: float


def _units(lines: list[PrintableLine]) -> list[list[PrintableLine]]:
    """Lines in display order, lines shown together as one unit (both printed or neither)."""
    units: list[list[PrintableLine]] = []
    seen: dict[str, list[PrintableLine]] = {}
    for line in lines:
        if line.group and line.group in seen:
            seen[line.group].append(line)
            continue
        unit = [line]
        units.append(unit)
        if line.group:
            seen[line.group] = unit
    return units


def _entry_blocks(line: PrintableLine, words: CardWords, language: str, step: ListStep, width: float, compact=False):
    name = block(line.name, language, step.name, width, bold=True, max_lines=1 if compact else 2, leading=1.15)
    dial = block(
        line.dial,
        language,
        step.dial,
        width,
        bold=True,
        colour=BRAND_TEXT,
        leading=1.1,
        extra_breaks="/,;",
        keep_digit_groups=True,
        cjk_breaks=False,
        may_split_words=False,
    )
    details = [line.hours or words.around_the_clock]
    if line.sms:
        details.append(line.sms)
    max_lines = 1 if compact else 3
    detail = block(" · ".join(details), language, step.detail, width, max_lines=max_lines, colour=MUTED, leading=1.15)
    if len(detail.lines) > 1 and len(details) > 1 and not compact:
        # "24/7 · Text SHOUT to 85258" does not fit one line: each on its own, so the
        # number in "Text SHOUT to 85258" never breaks from its words where it fits.
        parts = [block(d, language, step.detail, width, colour=MUTED, leading=1.15, keep_digit_groups=True) for d in details]
        lines = tuple(line for part in parts for line in part.lines)
        if len(lines) <= max_lines:
            detail = Block(lines, detail.chain, detail.size, detail.leading, MUTED, detail.rtl)
    return [name, dial, detail]


def _place_lines(units, words, language, step, columns, col_width, height, gap, compact=False):
    """Fill the columns with whole units, in order. Returns the placements, or None when a
    number cannot be set within the column width at this step."""
    placements = []  # (column, top offset, blocks, line)
    column, used = 0, 0.0
    for unit in units:
        trial, t_col, t_used = [], column, used
        for line in unit:
            blocks = _entry_blocks(line, words, language, step, col_width, compact)
            if not blocks[1].fits:
                return placements if placements else None
            h = sum(b.height for b in blocks)
            if t_used and t_used + gap + h > height:
                t_col, t_used = t_col + 1, 0.0
            if t_col >= columns or h > height:
                return placements
            top = t_used + (gap if t_used else 0)
            trial.append((t_col, top, blocks, line))
            t_used = top + h
        placements.extend(trial)
        column, used = t_col, t_used
    return placements


def _balanced(placed, units, words, language, step, cols, col_width, height, gap, compact):
    """The same lines spread over every column, as evenly as whole units allow: a back whose
    lines all fit the first column would otherwise leave the second one empty."""
    if cols < 2 or len(units) < 2:
        return placed
    best = placed
    for tenth in range(9, 3, -1):  # shorter and shorter columns, while everything still fits
        trial = _place_lines(units, words, language, step, cols, col_width, height * tenth / 10, gap, compact)
        if not trial or len(trial) < len(placed):
            break
        best = trial
    return best


def fit_lines(directory, words, language, steps, columns, width, height, gap, gutter):
    """As many units as fit at the smallest step, then the largest step that still fits them.

    When even the first unit does not fit the columns (a very long number), the list falls back
    to one full-width column, then to one-line names and details. Returns (placements, column width).
    """
    units = _units(directory.lines)
    layouts = []  # (cols, compact, col_width, units placed at the smallest step)
    for cols, compact in dict.fromkeys([(columns, False), (1, False), (columns, True), (1, True)]):
        col_width = (width - gutter * (cols - 1)) / cols
        smallest = _place_lines(units, words, language, steps[-1], cols, col_width, height, gap, compact)
        if smallest:
            layouts.append((cols, compact, col_width, len(smallest)))
    if any(not compact for _c, compact, _w, _n in layouts):  # one-line names only when nothing else fits
        layouts = [entry for entry in layouts if not entry[1]]
    if layouts:
        wanted = max(n for *_rest, n in layouts)
        for step in steps:  # the largest step that still holds them all
            for cols, compact, col_width, n in layouts:
                if n < wanted:
                    continue
                placed = _place_lines(units, words, language, step, cols, col_width, height, gap, compact)
                if placed and len(placed) == wanted:
                    return _balanced(placed, units, words, language, step, cols, col_width, height, gap, compact), col_width
    raise DoesNotFit(
        f"The first crisis line for {directory.country} is too long to print legibly on this layout; "
        "choose a larger layout (postcard or poster)."
    )


# --- faces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceStyle:
    margin: float
    headline: tuple[float, ...]  # sizes to try, largest first
    subline: tuple[float, ...]
    emergency: tuple[float, ...]
    steps: tuple[ListStep, ...]
    columns: int
    footer: float
    url: float
    qr: float  # the code's width, quiet zone included


CARD_STEPS = (
    ListStep(10, 15, 8.5),
    ListStep(9, 13.5, 8),
    ListStep(8.5, 12, 7.5),
    ListStep(8, 11, 7.5),
    ListStep(7.5, 10, 7),
    ListStep(7, 9, 7),
    ListStep(7, 8, 7),
)
CARD = FaceStyle(
    margin=3.5 * mm,
    headline=(15, 14, 13, 12, 11, 10, 9),
    subline=(9, 8.5, 8, 7.5, 7),
    emergency=(9, 8.5, 8, 7.5, 7),
    steps=CARD_STEPS,
    columns=2,
    footer=7,
    url=7.5,
    qr=30 * mm,
)
POSTCARD = FaceStyle(
    margin=7 * mm,
    headline=(26, 24, 22, 20, 18, 16, 14),
    subline=(13, 12, 11, 10, 9, 8),
    emergency=(13, 12, 11, 10, 9, 8),
    columns=1,
    footer=8,
    url=11,
    qr=62 * mm,
    steps=(
        ListStep(15, 26, 12),
        ListStep(14, 22, 11),
        ListStep(13, 20, 10.5),
        ListStep(12, 18, 10),
        ListStep(11, 16, 9),
        ListStep(10, 14, 8.5),
        ListStep(9, 12, 8),
        ListStep(8, 10, 7.5),
        ListStep(7, 9, 7),
    ),
)
POSTER = FaceStyle(
    margin=14 * mm,
    headline=(48, 44, 40, 36, 32, 28, 24),
    subline=(22, 20, 18, 16, 14),
    emergency=(22, 20, 18, 16, 14),
    columns=2,
    footer=11,
    url=20,
    qr=105 * mm,
    steps=(
        ListStep(26, 44, 18),
        ListStep(22, 38, 16),
        ListStep(19, 32, 14),
        ListStep(17, 28, 13),
        ListStep(15, 24, 12),
        ListStep(14, 22, 11),
        ListStep(13, 20, 10),
        ListStep(12, 18, 9),
        ListStep(10, 15, 8),
        ListStep(8, 12, 7),
    ),
)


@dataclass
class Content:
    directory: PrintableDirectory
    url: str
    language: str
    words: CardWords

    @property
    def rtl(self) -> bool:
        return is_rtl(self.language)


def _mirror(content: Content, w: float):
    """x of a box of `width` at `x` on a face `w` wide, mirrored for a right-to-left card."""
    if content.rtl:
        return lambda x, width: w - x - width
    return lambda x, width: x


def _orphaned(b: Block) -> bool:
    """A last line of one or two characters ("で。") reads badly: try a smaller size first."""
    return len(b.lines) > 1 and len(b.lines[-1].strip()) <= 3


def _fit_first(sizes, make, height):
    """The first (largest) size whose block(s) fit the height without an orphaned first block;
    else the first that fits; else the smallest."""
    fitting = None
    for size in sizes:
        made = make(size)
        if sum(b.height for b in made) <= height:
            if not _orphaned(made[0]):
                return made
            fitting = fitting or made
    return fitting or make(sizes[-1])


def _url_block(content: Content, size: float, width: float) -> Block:
    for max_lines in (1, 2):
        for s in (size, size - 0.5, size - 1, MIN_SIZE):
            s = max(s, MIN_SIZE)
            b = block(printed_url(content.url), "en", s, width, extra_breaks="/.", may_split_words=False)
            if b.fits and len(b.lines) <= max_lines:
                return b
    return block(printed_url(content.url), "en", MIN_SIZE, width)


def _edge(bleed: float) -> float:
    """Where colour starts: into the bleed for a print shop; 2 mm inside the trim on sheets cut
    at home, so a cut a little off never leaves a sliver of the neighbour's colour."""
    return -bleed if bleed else 2 * mm


def draw_card_front(canvas, face: str, w: float, h: float, bleed: float, content: Content, style: FaceStyle = CARD):
    m = style.margin
    e = _edge(bleed)
    stripe = 3 * mm
    stripe_right = stripe if bleed else e + stripe
    mx = _mirror(content, w)  # Arabic: the stripe on the right, the code top left
    canvas.setFillColor(canvas.palette[BRAND])
    sx = mx(e, stripe_right - e)
    canvas.rect(sx, e, stripe_right - e, h - 2 * e, stroke=0, fill=1)
    _ink(face, "background", sx, e, sx + stripe_right - e, h - e)

    # The code: top right, its own quiet zone is the white around it.
    q = style.qr
    qx, qy = mx(w - q - 1.5 * mm, q), h - q - 1.5 * mm
    canvas.saveState()
    canvas.translate(qx, qy)
    canvas.doForm("qr")
    canvas.restoreState()
    _ink(face, "qr", qx, qy, qx + q, qy + q)
    lqx = mx(qx, q)  # where the code is on the unmirrored face
    url_width = min(q + 8 * mm, w - lqx + 5 * mm - m)
    url_x = min(lqx + q / 2 - url_width / 2, w - m - url_width)
    url = _url_block(content, style.url, url_width)
    url.draw(canvas, face, mx(url_x, url_width), qy, url_width, align="center")

    # The words: beside the code, centred in the height above the emergency line.
    lang = content.language
    text_width = min(lqx, url_x) - 1.5 * mm - (stripe_right + m)  # clear of the code and of the URL under it
    x = mx(stripe_right + m, text_width)
    emergency_text = content.words.emergency.format(number=content.directory.emergency)
    emergency = _fit_first(
        style.emergency,
        lambda s: [block(emergency_text, lang, s, text_width, bold=True, max_lines=2, colour=INK_COLOUR, leading=1.15)],
        2.3 * style.emergency[0],
    )[0]
    emergency_top = m + emergency.height
    emergency.draw(canvas, face, x, emergency_top, text_width)
    top, bottom = h - m, emergency_top + 3 * mm

    def make(sizes):
        hs, ss = sizes
        head = block(content.words.headline, lang, hs, text_width, bold=True, max_lines=3, colour=BRAND_TEXT, leading=1.12)
        sub = block(content.words.subline, lang, ss, text_width, max_lines=6, leading=1.25)
        return [head, sub]

    # Headline and sub-line sizes chosen together: the sub-line's legibility weighs more.
    pairs = sorted(((hs, ss) for hs in style.headline for ss in style.subline), key=lambda p: -(p[0] + 1.5 * p[1]))
    blocks = _fit_first(pairs, make, top - bottom - 2 * mm)
    used = blocks[0].height + 2 * mm + blocks[1].height
    y = top - max(0.0, (top - bottom - used) / 2)
    y = blocks[0].draw(canvas, face, x, y, text_width)
    blocks[1].draw(canvas, face, x, y - 2 * mm, text_width)


def _draw_back_panel(canvas, face, x, y_bottom, w, y_top, band_left, band_right, bleed_top, content, style):
    """Emergency band at the top, crisis lines in columns, the checked date and URL at the foot."""
    lang = content.language
    words = content.words
    m = style.margin
    inner = w - 2 * m

    emergency_text = words.emergency.format(number=content.directory.emergency)
    pad = 2.2 * mm if style is CARD else 3.5 * mm
    emergency = _fit_first(
        style.emergency,
        lambda s: [block(emergency_text, lang, s, inner, bold=True, max_lines=2, colour=PAPER, leading=1.15)],
        3 * style.emergency[0],
    )[0]
    band_h = emergency.height + 2 * pad
    canvas.setFillColor(canvas.palette[BRAND])
    canvas.rect(band_left, y_top - band_h, band_right - band_left, band_h + bleed_top, stroke=0, fill=1)
    _ink(face, "background", band_left, y_top - band_h, band_right, y_top + bleed_top)
    emergency.draw(canvas, face, x + m, y_top - pad, inner)

    def footer_for(checked_on, unchecked=False):
        parts = []
        if unchecked:
            parts.append(words.not_checked)  # a never-checked number is never dated
        elif checked_on:
            parts.append(words.checked.format(date=format_checked_date(checked_on, lang)))
        parts.append(words.more.format(url=printed_url(content.url)))
        return block(" · ".join(parts), lang, style.footer, inner, max_lines=2, colour=MUTED, extra_breaks="/")

    # Room for the footer is kept first; its date is the oldest check among the lines that print.
    reserved = footer_for(content.directory.checked_on or date.max)
    footer_top = y_bottom + m * 0.8 + max(reserved.height, 2 * reserved.leading)

    list_top = y_top - band_h - 2 * mm
    list_bottom = footer_top + 1.5 * mm
    gutter = 4.5 * mm  # two numbers side by side must not read as one
    gap = 1.6 * mm if style is CARD else 3 * mm
    placements, col_width = fit_lines(
        content.directory, words, lang, style.steps, style.columns, inner, list_top - list_bottom, gap, gutter
    )
    for column, offset, blocks, _line in placements:
        cx = x + m + column * (col_width + gutter)
        if content.rtl:  # the first column on the right
            cx = x + w - m - col_width - column * (col_width + gutter)
        y = list_top - offset
        for b in blocks:
            y = b.draw(canvas, face, cx, y, col_width)

    checked = [line.verified_on for *_rest, line in placements]
    footer = footer_for(min(d for d in checked if d) if any(checked) else None, unchecked=None in checked)
    footer.draw(canvas, face, x + m, y_bottom + m * 0.8 + footer.height, inner)
    return placements


def draw_card_back(canvas, face, w, h, bleed, content, style: FaceStyle = CARD):
    e = _edge(bleed)
    top = h if bleed else h - e
    return _draw_back_panel(canvas, face, 0, 0, w, top, e, w - e, bleed, content, style)


def draw_postcard_front(canvas, face, w, h, bleed, content, style: FaceStyle = POSTCARD):
    e = _edge(bleed)
    canvas.setFillColor(canvas.palette[BRAND])
    canvas.rect(e, h - 6 * mm, w - 2 * e, 6 * mm - e, stroke=0, fill=1)
    _ink(face, "background", e, h - 6 * mm, w - e, h - e)
    _stacked_front(canvas, face, 0, w, h - 6 * mm, 0, content, style)


def _stacked_front(canvas, face, x, w, top, bottom, content, style):
    """Headline and sub-line above a large code centred, the URL under it."""
    m = style.margin
    inner = w - 2 * m
    q = style.qr
    lang = content.language
    url = _url_block(content, style.url, inner)
    space_for_words = top - bottom - 2 * m - q - url.height - 6 * mm

    def make(i):
        head = block(
            content.words.headline,
            lang,
            style.headline[min(i, len(style.headline) - 1)],
            inner,
            bold=True,
            max_lines=3,
            colour=BRAND_TEXT,
            leading=1.1,
        )
        sub = block(content.words.subline, lang, style.subline[min(i, len(style.subline) - 1)], inner, max_lines=4, leading=1.25)
        return [head, sub]

    blocks = _fit_first(range(max(len(style.headline), len(style.subline))), make, space_for_words)
    y = blocks[0].draw(canvas, face, x + m, top - m, inner, align="center")
    y = blocks[1].draw(canvas, face, x + m, y - 2 * mm, inner, align="center")
    qx = x + (w - q) / 2
    qy = y - 3 * mm - q
    canvas.saveState()
    canvas.translate(qx, qy)
    canvas.doForm("qr")
    canvas.restoreState()
    _ink(face, "qr", qx, qy, qx + q, qy + q)
    return url.draw(canvas, face, x + m, qy, inner, align="center")


def draw_postcard_back(canvas, face, w, h, bleed, content, style: FaceStyle = POSTCARD):
    e = _edge(bleed)
    top = h if bleed else h - e
    return _draw_back_panel(canvas, face, 0, 0, w, top, e, w - e, bleed, content, style)


def draw_poster(canvas, face, w, h, bleed, content, style: FaceStyle = POSTER):
    y = _stacked_front(canvas, face, 0, w, h, 0, content, style)
    # The back panel sits below, its band inside the margins (a poster has no card edge to bleed).
    m = style.margin
    return _draw_back_panel(canvas, face, m, 0, w - 2 * m, y - 4 * mm, m, w - m, 0, content, _poster_panel_style())


def _poster_panel_style():
    return FaceStyle(
        margin=4 * mm,
        headline=POSTER.headline,
        subline=POSTER.subline,
        emergency=POSTER.emergency,
        steps=POSTER.steps,
        columns=POSTER.columns,
        footer=POSTER.footer,
        url=POSTER.url,
        qr=POSTER.qr,
    )


FACES = {
    "card": (("front", draw_card_front), ("back", draw_card_back)),
    "postcard": (("front", draw_postcard_front), ("back", draw_postcard_back)),
    "poster": (("poster", draw_poster),),
}
QR_SIZE = {"card": CARD.qr, "postcard": POSTCARD.qr, "poster": POSTER.qr}


# --- the document --------------------------------------------------------------------------


def _crop_marks(canvas, layout: Layout):
    """Short hairlines in the margin on every cutting line, 2 mm clear of the cards."""
    xs = sorted({x for x, _ in layout.positions} | {x + layout.item[0] for x, _ in layout.positions})
    ys = sorted({y for _, y in layout.positions} | {y + layout.item[1] for _, y in layout.positions})
    left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
    gap, length = 2 * mm, 5 * mm
    upright = min(length, min(bottom, layout.page[1] - top) - gap - 1 * mm)  # 1 mm clear of the paper's edge
    canvas.setLineWidth(0.25)
    canvas.setStrokeColor(canvas.palette["marks"])
    for x in xs:
        canvas.line(x, top + gap, x, top + gap + upright)
        canvas.line(x, bottom - gap, x, bottom - gap - upright)
    for y in ys:
        canvas.line(left - gap, y, left - gap - length, y)
        canvas.line(right + gap, y, right + gap + length, y)


def _placer(canvas):
    """Draws a form at (x, y): one `q … cm … Do Q` line, which is all a placement needs."""
    from reportlab.lib.rl_accel import fp_str

    names = {}

    def place(name, x=0.0, y=0.0):
        if name not in names:
            names[name] = canvas._doc.getXObjectName(name)
        canvas._code.append(f"q 1 0 0 1 {fp_str(x, y)} cm /{names[name]} Do Q")
        canvas._formsinuse.append(name)  # what doForm records, so the page lists the form

    return place


def render(
    directory: PrintableDirectory,
    url: str,
    layout_name: str,
    count: int,
    *,
    bleed: bool = False,
    profile: str = "office",
    title: str = "Crisis cards",
) -> bytes:
    """The PDF for `count` items of `layout_name` (or one item with bleed for a print shop),
    in the inks of `profile` ("office": RGB; "press": CMYK, K-only text, PDF/X-4)."""
    typesetting.register_fonts()
    layout = layout_named(layout_name)
    language = directory.language
    content = Content(directory, url, language, words_for(language))
    b = BLEED if bleed else 0.0
    w, h = layout.item
    press = profile == "press"

    buffer = io.BytesIO()
    first_page = (w + 2 * b, h + 2 * b) if bleed else layout.page
    canvas = Canvas(
        buffer,
        pagesize=first_page,
        pageCompression=1,
        invariant=1,
        initialFontName="GR-Sans",
        enforceColorSpace="cmyk" if press else None,  # a stray RGB colour fails loudly, never prints
    )
    canvas.palette = palette(profile)
    canvas.setTitle(title)
    canvas.setAuthor("Greenroom")
    canvas.setSubject(f"{count} × {layout.name}" + (" — print-shop file with 3 mm bleed" if bleed else ""))
    canvas.setCreator("Greenroom printables")

    qr.draw_form(canvas, "qr", url, QR_SIZE[layout.kind], dark=canvas.palette["qr"], light=canvas.palette[PAPER])
    if layout.crop_marks and not bleed:
        canvas.beginForm("crops", 0, 0, *layout.page)
        _crop_marks(canvas, layout)
        canvas.endForm()
    faces = FACES[layout.kind]
    for name, draw in faces:
        canvas.beginForm(name, -b, -b, w + b, h + b)
        canvas.setFillColor(canvas.palette[PAPER])
        draw(canvas, name, w, h, b, content)
        canvas.endForm()

    place = _placer(canvas)
    if bleed:
        canvas.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
        canvas.setTrimBox((b, b, b + w, b + h))
        for name, _ in faces:
            place(name, b, b)
            canvas.showPage()
    elif layout.kind == "card":
        remaining = count
        while remaining > 0:
            on_sheet = min(remaining, layout.per_sheet)
            for name, positions in (("front", layout.positions), ("back", layout.back_positions())):
                for x, y in positions[:on_sheet]:
                    place(name, x, y)
                if layout.crop_marks:
                    place("crops")
                canvas.showPage()
            remaining -= on_sheet
    else:
        for _ in range(count):
            for name, _draw in faces:
                place(name)
                canvas.showPage()
    canvas.save()
    if press:
        return make_pdfx4(buffer.getvalue(), title)
    return buffer.getvalue()


def lines_that_print(directory: PrintableDirectory, url: str, layout_name: str) -> list[PrintableLine]:
    """The crisis lines a face of this layout has room for, in order (laid out, not kept)."""
    typesetting.register_fonts()
    layout = layout_named(layout_name)
    content = Content(directory, url, directory.language, words_for(directory.language))
    canvas = Canvas(io.BytesIO(), pagesize=layout.page, initialFontName="GR-Sans")
    canvas.palette = palette("office")  # the lines that fit do not depend on the inks
    printed: list[PrintableLine] = []
    for _name, draw in FACES[layout.kind]:
        placements = draw(canvas, "probe", *layout.item, 0.0, content)
        if isinstance(placements, list) and placements:
            printed = [line for *_rest, line in placements]
    return printed
