"""The impact report's figures as a CSV: one row per figure, `section,item,detail,value`.

The same figures as the PDF, under the same small-numbers rule (counts of people from 1 to 4
read "fewer than 5"), in a long shape a spreadsheet can pivot. Names typed by organizers
(session titles, kit types) are kept from being read as formulas.
"""

from __future__ import annotations

import io

from core.csv_export import BOM, csv_writer
from impact.disclosure import WITHHELD, count_text, rate_text, thing_text, withheld_text
from impact.figures import ImpactReport
from impact.summary import headline

SUPPRESS = True
HEADER = ["section", "item", "detail", "value"]


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
        row("session", item, f"{what} capacity", "no limit" if s.capacity is None else s.capacity)
        row("session", item, f"{what} booked", people(s.booked) if "booked" in s.exact else withheld_text(s.booked))
        if s.held:
            row(
                "session",
                item,
                f"{what} checked in",
                people(s.checked_in) if "checked_in" in s.exact else withheld_text(s.checked_in),
            )
            row("session", item, f"{what} no-shows", people(s.no_show) if "no_show" in s.exact else withheld_text(s.no_show))
            row("session", item, f"{what} unmet demand", people(s.unmet))
            row(
                "session",
                item,
                f"{what} attendance rate",
                rate_text(s.checked_in, s.booked, suppress=SUPPRESS) if {"booked", "checked_in"} <= s.exact else WITHHELD,
            )
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
    tables["sessions"] = (
        [
            "session",
            "activation",
            "starts_at",
            "capacity",
            "held",
            "booked",
            "checked_in",
            "no_shows",
            "unmet_demand",
            "attendance_rate",
        ],
        [
            [
                s.title,
                s.activation_title,
                s.starts_at.isoformat(timespec="minutes"),
                "no limit" if s.capacity is None else s.capacity,
                "yes" if s.held else "no",
                people(s.booked),
                *(
                    (
                        people(s.checked_in),
                        people(s.no_show),
                        people(s.unmet),
                        rate_text(s.checked_in, s.booked, suppress=SUPPRESS),
                    )
                    if s.held
                    else ("", "", "", "")
                ),
            ]
            for s in report.sessions
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
