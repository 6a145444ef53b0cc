"""The small-numbers rule for everything that leaves the organizer's screen (PDF, CSV).

A count of people, or of things people did (booked, came, stayed away, waited, took a kit,
scanned a card, opened a help page, reported a number), from 1 to 4 is shown as "fewer than 5":
at a small workshop "1 no-show" can point at one person.

Zero is shown as 0. It says nobody did something, which points at no one; hiding it would also
hide the figures funders most need to see plainly (a workshop nobody booked, an hour nobody came).

Rates are shown only when the count they are taken of is 5 or more (a 50% attendance of 2
bookings is two people). Counts of things rather than people (sessions, capacity, kits in stock
or written off, cards printed) are shown as they are. Totals are shown as they are when 5 or more,
so a suppressed cell can sometimes be worked out from its total and the other cells; it stays a
count of anonymous people with no other detail, which is why the rule stops there.
"""
from __future__ import annotations

SMALL = 5
FEWER_THAN = f"fewer than {SMALL}"


def is_small(n: int | None) -> bool:
    return n is not None and 0 < n < SMALL


def count_text(n: int | None, *, suppress: bool) -> str:
    """A count of people as text: exact on screen, "fewer than 5" for 1–4 when it leaves the screen."""
    if n is None:
        return "—"
    if suppress and is_small(n):
        return FEWER_THAN
    return f"{n:,}"


def short_count_text(n: int | None, *, suppress: bool) -> str:
    """The same in a tight spot (a chart label, a table cell): "<5"."""
    if suppress and is_small(n):
        return f"<{SMALL}"
    return count_text(n, suppress=suppress)


def thing_text(n: int | None) -> str:
    """A count of things (kits in stock, cards printed): never suppressed."""
    return "—" if n is None else f"{n:,}"


def rate_text(part: int, whole: int, *, suppress: bool) -> str:
    """A percentage, or why there is none."""
    if not whole:
        return "—"
    if suppress and whole < SMALL:
        return f"not shown ({FEWER_THAN})"
    return f"{round(100 * part / whole)}%"
