"""The impact report's figures as a CSV: one row per figure, `section,item,detail,value`.

The same figures as the PDF, under the same small-numbers rule (counts of people from 1 to 4
read "fewer than 5"), in a long shape a spreadsheet can pivot. Names typed by organizers
(session titles, kit types) are kept from being read as formulas.
"""
from __future__ import annotations

import csv
import io

from impact.disclosure import count_text, rate_text, thing_text
from impact.figures import ImpactReport
from impact.summary import headline

SUPPRESS = True
HEADER = ["section", "item", "detail", "value"]


def render_csv(report: ImpactReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)

    def row(section, item, detail, value):
        writer.writerow([section, _safe(str(item)), _safe(str(detail)), value])

    def people(value):
        return count_text(value, suppress=SUPPRESS)

    row("report", "title", "", _safe(report.title))
    row("report", "organization", "", _safe(report.organization))
    row("report", "period", f"{report.time_zone} days", f"{report.period_start.isoformat()}/{report.period_end.isoformat()}")
    for figure in headline(report, SUPPRESS):
        row("totals", figure.key, figure.note, figure.text)
    for s in report.sessions:
        what = f"{s.starts_at.isoformat(timespec='minutes')}"
        item = s.title if not report.is_organization_report else f"{s.title} ({s.activation_title})"
        row("session", item, f"{what} capacity", "no limit" if s.capacity is None else s.capacity)
        row("session", item, f"{what} booked", people(s.booked))
        if s.held:
            row("session", item, f"{what} checked in", people(s.checked_in))
            row("session", item, f"{what} no-shows", people(s.no_show))
            row("session", item, f"{what} unmet demand", people(s.unmet))
            row("session", item, f"{what} attendance rate", rate_text(s.checked_in, s.booked, suppress=SUPPRESS))
    for kit in report.kits_by_type:
        row("kits by type", kit["kit_type"], "handed out", people(kit["handed_out"]))
        row("kits by type", kit["kit_type"], "written off", thing_text(kit["written_off"]))
        row("kits by type", kit["kit_type"], "left at the end", thing_text(kit["left"]))
    for place, value in report.handed_out_by_location:
        row("kits by location", place, "handed out", people(value))
    for day, hours in report.hours_by_day:
        for h in hours:
            row("kits by hour", day.isoformat(), f"{h.hour:02d}:00", people(h.handed_out))
    for b in report.batches:
        row("card batch", b.code, f"{b.country} {b.language} {b.layout} printed {b.printed_on.isoformat()}, cards", thing_text(b.cards))
        row("card batch", b.code, "scans", people(b.scans))
    for day, value in report.scans_by_day:
        row("scans by day", day.isoformat(), "", people(value))
    for v in report.help_views:
        row("help-page views", v.country, v.language, people(v.views))
    for w in report.wrong_numbers:
        row("wrong-number reports", w.country, "", people(w.reports))
    for a in report.activations:
        row("activation", a.title, "sessions held", a.sessions_held)
        row("activation", a.title, "booked", people(a.booked))
        row("activation", a.title, "checked in", people(a.checked_in))
        row("activation", a.title, "no-shows", people(a.no_show))
        row("activation", a.title, "kits handed out", people(a.handed_out))
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
