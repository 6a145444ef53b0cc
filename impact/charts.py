"""The report's three charts, laid out once: what each bar is, its label, and a sentence saying it all.

`svg.py` (the admin page) and `pdf.py` draw these same objects. With `suppress=True` (the PDF) a
count from 1 to 4 is not drawn to its height — that would print the number — but as a pale bar up
to the 5 line, labelled "<5", the same for 1 as for 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from impact.disclosure import SMALL, count_text, is_small, short_count_text
from impact.figures import ImpactReport


@dataclass
class Bar:
    label: str  # under the bar (an hour, a day)
    value: int
    text: str  # the number as shown
    small: bool = False  # suppressed: drawn to the 5 line, pale

    @property
    def height(self) -> int:
        return SMALL if self.small else self.value


@dataclass
class BarChart:
    title: str
    description: str  # the text alternative: what a reader should take from it
    unit: str
    bars: list[Bar]
    scale: int  # the value at the top of the axis (shared by a day-by-day series)
    heading: str = ""  # a sub-heading (the day, for hand-outs)

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


@dataclass
class SessionBar:
    label: str
    capacity: int | None
    booked: int
    checked_in: int
    unmet: int
    held: bool
    texts: dict = field(default_factory=dict)
    small: dict = field(default_factory=dict)
    withheld: bool = False  # "came" not shown: it would give the no-shows away

    def height(self, key: str) -> int:
        return SMALL if self.small.get(key) else getattr(self, key)

    @property
    def caption(self) -> str:
        """ "18 of 20, 6 waiting", "10 of 12 (to come, 3 on the waiting list)"."""
        text = f"{self.texts['booked']} " + ("no limit" if self.capacity is None else f"of {self.capacity}")
        if self.held:
            return text + (f", {self.texts['unmet']} waiting" if self.unmet else "")
        waiting = self.texts.get("waiting_now")
        return text + (f" (to come, {waiting} on the waiting list)" if waiting else " (to come)")


@dataclass
class CapacityChart:
    title: str
    description: str
    rows: list[SessionBar]
    scale: int


def nice_scale(top: int) -> int:
    """A round number at or above `top` for the axis (at least 5)."""
    top = max(top, SMALL)
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if top <= step * 5:
            return -(-top // step) * step
    return top


def ticks(scale: int) -> list[int]:
    """Axis lines: 0, the top, and the middle when it is a whole number."""
    return [0, scale // 2, scale] if scale % 2 == 0 else [0, scale]


def _bar(label: str, value: int, suppress: bool) -> Bar:
    small = suppress and is_small(value)
    return Bar(label=label, value=value, text=short_count_text(value, suppress=suppress), small=small)


def day_label(d) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def handouts_by_hour(report: ImpactReport, suppress: bool = False) -> list[BarChart]:
    days = report.hours_by_day
    if not days:
        return []
    scale = nice_scale(max(max(h.handed_out, SMALL if suppress and is_small(h.handed_out) else 0) for _, hs in days for h in hs))
    charts = []
    for day, hours in days:
        bars = [_bar(f"{h.hour:02d}", h.handed_out, suppress) for h in hours]
        busiest = max(hours, key=lambda h: h.handed_out)
        quiet = [f"{h.hour:02d}:00" for h in hours if h.handed_out == 0]
        total = sum(h.handed_out for h in hours)
        parts = [
            f"{day_label(day)}: {count_text(total, suppress=suppress)} kits handed out between "
            f"{hours[0].hour:02d}:00 and {hours[-1].hour + 1:02d}:00 ({report.clock}).",
            f"Busiest hour {busiest.hour:02d}:00–{busiest.hour + 1:02d}:00 with {count_text(busiest.handed_out, suppress=suppress)}.",
        ]
        if quiet:
            parts.append(f"No kits in the hour{'s' if len(quiet) > 1 else ''} from {_and(quiet)}.")
        charts.append(
            BarChart(
                title=f"Kits handed out by hour, {day_label(day)}",
                description=" ".join(parts),
                unit="kits",
                bars=bars,
                scale=scale,
                heading=day_label(day),
            )
        )
    return charts


def scans_by_day(report: ImpactReport, suppress: bool = False) -> BarChart:
    bars = [_bar(f"{d.day}", n, suppress) for d, n in report.scans_by_day]
    total = sum(n for _, n in report.scans_by_day)
    top = max(report.scans_by_day, key=lambda dn: dn[1], default=None)
    if total and top is not None:
        description = (
            f"{count_text(total, suppress=suppress)} scans of the cards' QR codes from {day_label(report.period_start)} to "
            f"{day_label(report.period_end)}; the most on {day_label(top[0])} ({count_text(top[1], suppress=suppress)})."
        )
    else:
        description = f"No scans of the cards' QR codes from {day_label(report.period_start)} to {day_label(report.period_end)}."
    scale = nice_scale(max([b.height for b in bars], default=0))
    return BarChart(title="Card scans by day", description=description, unit="scans", bars=bars, scale=scale)


def signups_vs_capacity(report: ImpactReport, suppress: bool = False) -> CapacityChart:
    rows = []
    for s in report.sessions:
        label = f"{s.starts_at:%a %H:%M} {s.title}"
        if report.is_organization_report:
            label = f"{s.starts_at:%d %b} {s.title}"
        row = SessionBar(label=label, capacity=s.capacity, booked=s.booked, checked_in=s.checked_in, unmet=s.unmet, held=s.held)
        row.texts["waiting_now"] = "" if s.held or not s.waitlisted_now else short_count_text(s.waitlisted_now, suppress=suppress)
        for key in ("booked", "checked_in", "unmet"):
            value = getattr(s, key)
            row.texts[key] = short_count_text(value, suppress=suppress)
            row.small[key] = suppress and is_small(value)
        if suppress and s.held and "checked_in" not in s.exact and not is_small(s.checked_in):
            # "Came" withheld (booked minus came would be 1–4): drawn pale across the booked bar, no figure.
            row.checked_in, row.small["checked_in"], row.texts["checked_in"] = s.booked, False, "n/s"
            row.withheld = True
        rows.append(row)
    top = max([max(r.capacity or 0, r.height("booked") + r.height("unmet")) for r in rows], default=0)
    full = [r.label for r in rows if r.capacity and r.booked >= r.capacity]
    description = (
        f"{len(rows)} session{'s' if len(rows) != 1 else ''}: places booked against capacity, how many came, "
        f"and how many were still waiting when it began."
    )
    if full:
        description += f" Full: {len(full)}."
    if report.unmet:
        description += f" Waiting at the start, in all: {count_text(report.unmet, suppress=suppress)}."
    return CapacityChart(
        title="Sign-ups against capacity, per session", description=description, rows=rows, scale=nice_scale(top)
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
