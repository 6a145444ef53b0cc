"""The paper: where each card, postcard or poster sits on a page, front and back.

Card sheets are printed duplex, flipped on the long edge: the back of the card at column c sits
at column (columns - 1 - c) of the same row, so its x is mirrored about the page's centre.
A4 sheets, cut at home with scissors or a trimmer, leave gutters between the cards (6 mm
between columns, 2 mm between rows) so an off cut never takes a sliver of the neighbour; US
Letter follows Avery 5371's perforated stock, which has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A6, LETTER
from reportlab.lib.units import inch, mm

BLEED = 3 * mm


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str  # "card", "postcard", "poster"
    page: tuple[float, float]
    item: tuple[float, float]
    positions: tuple[tuple[float, float], ...]  # lower-left corners, in reading order
    crop_marks: bool = False
    two_sided: bool = True

    @property
    def per_sheet(self) -> int:
        return len(self.positions)

    def back_positions(self) -> tuple[tuple[float, float], ...]:
        page_w = self.page[0]
        return tuple((page_w - x - self.item[0], y) for x, y in self.positions)

    def sheets_for(self, count: int) -> int:
        return -(-count // self.per_sheet)


def _grid(page, item, left, top, columns, rows, gap_x=0.0, gap_y=0.0):
    page_w, page_h = page
    w, h = item
    return tuple((left + c * (w + gap_x), page_h - top - (r + 1) * h - r * gap_y) for r in range(rows) for c in range(columns))


def _centred_grid(page, item, columns, rows, gap_x, gap_y):
    left = (page[0] - columns * item[0] - (columns - 1) * gap_x) / 2
    top = (page[1] - rows * item[1] - (rows - 1) * gap_y) / 2
    return _grid(page, item, left, top, columns, rows, gap_x, gap_y)


A4_GUTTERS = (6 * mm, 2 * mm)


CARD_A4 = (85 * mm, 55 * mm)
CARD_LETTER = (3.5 * inch, 2 * inch)

LAYOUTS: dict[str, Layout] = {
    "card-a4-10up": Layout(
        "card-a4-10up",
        "card",
        A4,
        CARD_A4,
        # 2 × 5 cards with gutters, centred: 17 mm side margins, 7 mm top and bottom
        _centred_grid(A4, CARD_A4, 2, 5, *A4_GUTTERS),
        crop_marks=True,
    ),
    "card-letter-10up": Layout(
        "card-letter-10up",
        "card",
        LETTER,
        CARD_LETTER,
        # Avery 5371: 0.75 in left margin, 0.5 in top margin, no gaps between cards
        _grid(LETTER, CARD_LETTER, 0.75 * inch, 0.5 * inch, 2, 5),
    ),
    "postcard-a6": Layout("postcard-a6", "postcard", A6, A6, ((0.0, 0.0),)),
    "poster-a4": Layout("poster-a4", "poster", A4, A4, ((0.0, 0.0),), two_sided=False),
}


def layout_named(name: str) -> Layout:
    return LAYOUTS[name]
