"""The impact report's figures as a CSV (one row per figure, `section,item,detail,value`) and as
tidy tables (a zip of CSVs, one row per thing and one column per measure).

The same figures as the PDF, under the same small-numbers rule (counts of people from 1 to 4
read "fewer than 5"), in a long shape a spreadsheet can pivot, or in tables it can read straight away. Names typed by organizers
(session titles, kit types) are kept from being read as formulas.
"""

from __future__ import annotations

import io

from core.csv_export import BOM, csv_writer
from impact.disclosure import WITHHELD, count_text, rate_text, thing_text, withheld_text
from impact.figures import ImpactReport, SessionFigures
from impact.summary import headline

SUPPRESS = True
HEADER = ["section", "item", "detail", "value"]


def session_cells(s: SessionFigures) -> dict[str, str | int]:
    """One session's figures as they leave the screen, for the long CSV and the tidy table alike:
    small counts read "fewer than 5", and a figure that a difference would give away "not shown"."""

    def exact(key):
        value = getattr(s, key)
        return count_text(value, suppress=SUPPRESS) if key in s.exact else withheld_text(value)

    cells: dict[str, str | int] = {
        "capacity": "no limit" if s.capacity is None else s.capacity,
        "booked": exact("booked"),
        "checked_in": "",
        "no_shows": "",
        "unmet_demand": "",
        "attendance_rate": "",
    }
    if s.held:
        cells["checked_in"] = exact("checked_in")
        cells["no_shows"] = exact("no_show")
        cells["unmet_demand"] = count_text(s.unmet, suppress=SUPPRESS)
        cells["attendance_rate"] = (
            rate_text(s.checked_in, s.booked, suppress=SUPPRESS) if {"booked", "checked_in"} <= s.exact else WITHHELD
        )
    return cells


def render_csv(report: ImpactReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)

    def row(section, item, detail, value):
        writer.writerow([section, str(item), str(detail), value])

    def people(value):
        return count_text(value, suppress=SUPPRESS)

    row("report", "title", "", report.title)
    row("report", "organization", "", report.organization)
    row("report", "period", f"{report.time_zone} days", f"{report.period_start.isoformat()}/{report.period_end.isoformat()}")
    for figure in headline(report, SUPPRESS):
        row("totals", figure.key, figure.note, figure.text)
    for s in report.sessions:
        what = f"{s.starts_at.isoformat(timespec='minutes')}"
        item = s.title if not report.is_organization_report else f"{s.title} ({s.activation_title})"
        cells = session_cells(s)
        row("session", item, f"{what} capacity", cells["capacity"])
        row("session", item, f"{what} booked", cells["booked"])
        if s.held:
            row("session", item, f"{what} checked in", cells["checked_in"])
            row("session", item, f"{what} no-shows", cells["no_shows"])
            row("session", item, f"{what} unmet demand", cells["unmet_demand"])
            row("session", item, f"{what} attendance rate", cells["attendance_rate"])
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
        row(
            "card batch",
            b.code,
            f"{b.country} {b.language} {b.layout_name} printed {b.printed_on.isoformat()}, cards",
            thing_text(b.cards),
        )
        row("card batch", b.code, "scans", people(b.scans))
    for day, value in report.scans_by_day:
        row("scans by day", day.isoformat(), "", people(value))
    for label, value in report.welfare_by_category(SUPPRESS):
        row("welfare visits by kind", label, "", people(value))
    for label, value in report.welfare_by_hour(SUPPRESS):
        row("welfare visits by hour", label, "", people(value))
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


def render_tables(report: ImpactReport) -> dict[str, str]:
    """The same figures as tidy tables, one CSV each (one row per thing, one column per measure),
    under the same small-numbers rule; card layouts by their names, not their codes."""
    tables: dict[str, tuple[list, list]] = {}

    def people(value):
        return count_text(value, suppress=SUPPRESS)

    tables["report"] = (
        ["title", "organization", "time_zone", "period_start", "period_end"],
        [[report.title, report.organization, report.time_zone, report.period_start.isoformat(), report.period_end.isoformat()]],
    )
    tables["totals"] = (["figure", "value", "note"], [[f.key, f.text, f.note] for f in headline(report, SUPPRESS)])
    session_columns = ["capacity", "booked", "checked_in", "no_shows", "unmet_demand", "attendance_rate"]
    tables["sessions"] = (
        ["session", "activation", "starts_at", "held", *session_columns],
        [
            [
                s.title,
                s.activation_title,
                s.starts_at.isoformat(timespec="minutes"),
                "yes" if s.held else "no",
                *(cells[c] for c in session_columns),
            ]
            for s in report.sessions
            for cells in [session_cells(s)]
        ],
    )
    tables["kits_by_type"] = (
        ["kit_type", "handed_out", "written_off", "left_at_the_end"],
        [
            [k["kit_type"], people(k["handed_out"]), thing_text(k["written_off"]), thing_text(k["left"])]
            for k in report.kits_by_type
        ],
    )
    tables["kits_by_location"] = (["location", "handed_out"], [[place, people(v)] for place, v in report.handed_out_by_location])
    tables["kits_by_hour"] = (
        ["day", "hour", "handed_out"],
        [[day.isoformat(), f"{h.hour:02d}:00", people(h.handed_out)] for day, hours in report.hours_by_day for h in hours],
    )
    tables["card_batches"] = (
        ["code", "country", "language", "layout", "printed_on", "cards", "scans"],
        [
            [b.code, b.country, b.language, b.layout_name, b.printed_on.isoformat(), thing_text(b.cards), people(b.scans)]
            for b in report.batches
        ],
    )
    tables["scans_by_day"] = (["day", "scans"], [[day.isoformat(), people(v)] for day, v in report.scans_by_day])
    tables["welfare_by_kind"] = (["kind", "visits"], [[label, people(v)] for label, v in report.welfare_by_category(SUPPRESS)])
    tables["welfare_by_hour"] = (
        ["hours", "visits"],
        [[label, people(v)] for label, v in report.welfare_by_hour(SUPPRESS)],
    )
    tables["help_page_views"] = (
        ["country", "language", "views"],
        [[v.country, v.language, people(v.views)] for v in report.help_views],
    )
    tables["wrong_number_reports"] = (["country", "reports"], [[w.country, people(w.reports)] for w in report.wrong_numbers])
    if report.activations:
        tables["activations"] = (
            ["activation", "sessions_held", "booked", "checked_in", "no_shows", "kits_handed_out"],
            [
                [a.title, a.sessions_held, people(a.booked), people(a.checked_in), people(a.no_show), people(a.handed_out)]
                for a in report.activations
            ],
        )
    files = {}
    for name, (header, rows) in tables.items():
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        files[f"{name}.csv"] = BOM + out.getvalue()
    return files


def render_tables_zip(report: ImpactReport) -> bytes:
    """`render_tables` as one zip: a spreadsheet opens each CSV as its own sheet."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in render_tables(report).items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()
