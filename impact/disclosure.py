"""The small-numbers rule for everything that leaves the organizer's screen (PDF, CSV).

A count of people, or of things people did (booked, came, stayed away, waited, took a kit,
scanned a card, opened a help page, reported a number), from 1 to 4 is shown as "fewer than 5":
at a small workshop "1 no-show" can point at one person.

Zero is shown as 0. It says nobody did something, which points at no one; hiding it would also
hide the figures funders most need to see plainly (a workshop nobody booked, an hour nobody came).

Rates are shown only when the count they are taken of is 5 or more (a 50% attendance of 2
bookings is two people), and only when the count they are a rate of is shown exactly.

No difference of figures may give a small count away either: booked 12 and came 9 would reveal
3 no-shows, so "came" is then not shown (`safe_partition`); welfare visits are shown per band of
hours and per category with small groups pooled (`merge_small_groups`), never as a cross-table. Counts of things rather than people (sessions, capacity, kits in stock
or written off, cards printed) are shown as they are. Totals are shown as they are when 5 or more,
so a suppressed cell can sometimes be worked out from its total and the other cells; it stays a
count of anonymous people with no other detail, which is why the rule stops there.
"""

from __future__ import annotations

SMALL = 5
FEWER_THAN = f"fewer than {SMALL}"


WITHHELD = "not shown"


def withheld_text(n: int | None) -> str:
    """A figure withdrawn so that a difference gives nothing away: "fewer than 5" if it is small itself."""
    return FEWER_THAN if is_small(n) else WITHHELD


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


# --- Differences of figures ---------------------------------------------------------------------
# Hiding a small cell is not enough when its total is shown too: booked 12 and came 9 give away
# 3 no-shows however the no-shows are printed. The two helpers below close that gap:
# `safe_partition` hides figures until no published figure, minus any published figures inside
# it, leaves 1 to 4; `merge_small_groups` pools small groups (hours, categories) into bands of 5 or more.


def _leaks(total_parts: frozenset, figures: dict, values: dict, published: set) -> bool:
    """Whether some published figure inside `total_parts`, taken away from it, leaves 1–4."""
    inside = [name for name in published if figures[name] < total_parts]

    def remainder_ok(remaining: frozenset, start: int) -> bool:
        left = sum(values[p] for p in remaining)
        if is_small(left):
            return False
        for i in range(start, len(inside)):
            parts = figures[inside[i]]
            if parts <= remaining and not remainder_ok(remaining - parts, i + 1):
                return False
        return True

    return not remainder_ok(total_parts, 0)


def safe_partition(values: dict[str, int], figures: dict[str, set], keep: str) -> set[str]:
    """Which of `figures` (each a set of `values`' parts, all counts of people) may be shown exactly.

    `keep` names the figure shown whatever happens (the total). A small figure is never exact; other
    figures are withdrawn, smallest first, until no published figure minus published figures inside
    it comes to 1–4. What is not returned is shown as "fewer than 5" (if small) or "not shown".
    """
    figures = {name: frozenset(parts) for name, parts in figures.items()}
    total = lambda name: sum(values[p] for p in figures[name])  # noqa: E731
    published = {name for name in figures if not is_small(total(name))}
    while True:
        leaking = [name for name in published if _leaks(figures[name], figures, values, published)]
        if not leaking:
            return published
        candidates = sorted((n for n in published if n != keep and total(n)), key=lambda n: (total(n), n))
        if not candidates:
            return published - {n for n in published if n != keep}
        published.discard(candidates[0])


def merge_small_groups(groups: list[tuple], *, adjacent: bool, pooled_label: str = "others") -> list[tuple[str, int]]:
    """Pools groups so every shown group is 5 or more (or the only one), and they still add up to the total.

    adjacent=True (hours): each label is a (start, end) pair; neighbours merge into bands
    ("Sat 14:00–16:00"). adjacent=False (categories): the small ones pool into one `pooled_label`
    group, which takes in the smallest other groups until it reaches 5. Empty groups are left out.
    """
    groups = [(label, n) for label, n in groups if n]
    if not groups:
        return []
    if adjacent:
        bands: list[list] = []
        for (start, end), n in groups:
            if bands and bands[-1][2] < SMALL:
                bands[-1][1], bands[-1][2] = end, bands[-1][2] + n
            else:
                bands.append([start, end, n])
        if len(bands) > 1 and bands[-1][2] < SMALL:
            last = bands.pop()
            bands[-1][1], bands[-1][2] = last[1], bands[-1][2] + last[2]
        return [(f"{start}–{end}", n) for start, end, n in bands]
    big = sorted([g for g in groups if g[1] >= SMALL], key=lambda g: (g[1], g[0]))
    pooled = sum(n for _, n in groups if n < SMALL)
    while 0 < pooled < SMALL and big:
        pooled += big.pop(0)[1]
    shown = sorted(big, key=lambda g: (-g[1], g[0]))
    return shown + ([(pooled_label, pooled)] if pooled else [])


def session_figures_shown(booked: int, checked_in: int, no_show: int) -> set[str]:
    """Which of one held session's booked / came / no-shows may be exact (the rest: not_marked)."""
    values = {"came": checked_in, "absent": no_show, "unmarked": booked - checked_in - no_show}
    return safe_partition(
        values,
        {"booked": {"came", "absent", "unmarked"}, "checked_in": {"came"}, "no_show": {"absent"}, "not_marked": {"unmarked"}},
        keep="booked",
    )
