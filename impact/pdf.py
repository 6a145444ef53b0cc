"""The impact report as a one-to-three-page A4 PDF: summary, figures, charts and tables.

Everything here leaves the organizer's screen, so every count of people goes through the
small-numbers rule (disclosure.py) and the charts draw small bars without their height. Long
lists (sessions, help-page languages) are cut to fit three pages, saying how many were left out.
"""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from impact import charts
from impact.charts import day_label
from impact.disclosure import FEWER_THAN, SMALL, count_text, is_small, short_count_text, thing_text
from impact.figures import ImpactReport
from impact.fonts import report_fonts
from impact.summary import headline, sentences

SUPPRESS = True
BLUE = colors.HexColor("#1f6f9f")
PALE = colors.HexColor("#b9d7ea")
LIGHT = colors.HexColor("#8fbcd9")
AMBER = colors.HexColor("#e3a33b")
PALE_AMBER = colors.HexColor("#f3d9ad")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#c8ccd0")
MAX_SESSION_ROWS = 16
MAX_HOUR_CHARTS = 4
MAX_HELP_ROWS = 12
WIDTH = A4[0] - 36 * mm


def render_pdf(report: ImpactReport) -> bytes:
    fonts = report_fonts()
    styles = _styles(fonts)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Impact report: {report.title}",
        author=report.organization,
        subject="Impact report",
        creator="Greenroom",
    )
    story = []
    story.append(Paragraph(fonts.markup(f"Impact report: {report.title}", bold=True), styles["title"]))
    period = (
        f"{day_label(report.period_start)} {report.period_start.year} – {day_label(report.period_end)} {report.period_end.year}"
    )
    facts = [report.organization, report.where, f"{period} ({report.time_zone} days)"]
    story.append(Paragraph(fonts.markup(" · ".join(f for f in facts if f)), styles["meta"]))
    story.append(Spacer(1, 3 * mm))
    for sentence in sentences(report, SUPPRESS):
        story.append(Paragraph(fonts.markup(sentence), styles["summary"]))
    story.append(Spacer(1, 2 * mm))
    story.append(_figures_table(report, fonts, styles))

    capacity = charts.signups_vs_capacity(report, SUPPRESS)
    if capacity.rows:
        shown = capacity.rows[:MAX_SESSION_ROWS]
        story.append(
            _chart_block(
                capacity.title,
                capacity.description,
                _capacity_drawing(capacity, shown, fonts),
                styles,
                fonts,
                more=len(capacity.rows) - len(shown),
            )
        )
    hour_charts = charts.handouts_by_hour(report, SUPPRESS)
    if hour_charts:
        story.append(
            _side_by_side(
                [
                    _chart_parts(
                        c.title, c.description, _bar_drawing(c, fonts, height=32 * mm, width=WIDTH / 2 - 4 * mm), styles, fonts
                    )
                    for c in hour_charts[:MAX_HOUR_CHARTS]
                ]
            )
        )
    if len(hour_charts) > MAX_HOUR_CHARTS:
        story.append(Paragraph(f"{len(hour_charts) - MAX_HOUR_CHARTS} more days of hand-outs are in the CSV.", styles["note"]))
    if report.batches:
        scans = charts.scans_by_day(report, SUPPRESS)
        story.append(_chart_block(scans.title, scans.description, _bar_drawing(scans, fonts, height=30 * mm), styles, fonts))

    story.extend(_tables(report, fonts, styles))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(fonts.markup(NOTES.format(small=SMALL, fewer=FEWER_THAN)), styles["note"]))
    story.append(
        Paragraph(
            f"Made with Greenroom on {timezone.localtime(report.generated_at, timezone.get_fixed_timezone(0)):%Y-%m-%d %H:%M} UTC. "
            "Contains no names or contact details.",
            styles["note"],
        )
    )
    doc.build(story)
    return buffer.getvalue()


NOTES = (
    "How to read this: a session is held once it has started. Booked means a confirmed place (including "
    "people who came and who did not), counted per person: a party of three is three. Unmet demand counts people still on a waiting list when their "
    "session began. Attendance is checked in ÷ booked at sessions held. Hand-outs are net of hand-outs "
    "undone; times are the venue's clock. Help-page views are anonymous daily counts of everyone who "
    "opened those countries' pages in the period (a card scan is counted as a scan, not again as a view). To protect people's privacy, any count of people from 1 to 4 "
    "is shown as “{fewer}”, and drawn in charts as a pale bar to the {small} line; 0 is shown as 0. A figure that, "
    "taken from another, would give such a count away is “not shown” (n/s); welfare visits are counted in bands "
    "of hours and groups of categories of {small} or more."
)


def _styles(fonts):
    base = dict(fontName=fonts.regular, leading=12, fontSize=9, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", **{**base, "fontName": fonts.bold, "fontSize": 17, "leading": 21}),
        "meta": ParagraphStyle("meta", **{**base, "textColor": GREY}),
        "summary": ParagraphStyle("summary", **{**base, "fontSize": 10.5, "leading": 14, "spaceAfter": 3}),
        "h2": ParagraphStyle(
            "h2", **{**base, "fontName": fonts.bold, "fontSize": 11, "leading": 14, "spaceBefore": 6, "spaceAfter": 1}
        ),
        "cell": ParagraphStyle("cell", **{**base, "fontSize": 8.5, "leading": 10.5}),
        "note": ParagraphStyle("note", **{**base, "fontSize": 7.5, "leading": 9.5, "textColor": GREY}),
    }


def _figures_table(report, fonts, styles):
    figures = headline(report, SUPPRESS)
    cells = [
        [
            Paragraph(fonts.markup(f.label), styles["cell"]),
            Paragraph(fonts.markup(f.text, bold=True), styles["cell"]),
            Paragraph(fonts.markup(f.note), styles["note"]),
        ]
        for f in figures
    ]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", "", ""]] * (2 * half - len(cells))
    rows = [a + b for a, b in zip(left, right)]
    col = WIDTH / 2
    table = Table(rows, colWidths=[col * 0.46, col * 0.24, col * 0.3] * 2)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _chart_parts(title, description, drawing, styles, fonts, more=0) -> list:
    return [
        Paragraph(fonts.markup(title, bold=True), styles["h2"]),
        drawing,
        Paragraph(fonts.markup(description + (f" ({more} more sessions in the CSV.)" if more else "")), styles["note"]),
    ]


def _chart_block(title, description, drawing, styles, fonts, more=0):
    return KeepTogether(_chart_parts(title, description, drawing, styles, fonts, more))


def _side_by_side(blocks) -> Table:
    rows = [blocks[i : i + 2] + [""] * (2 - len(blocks[i : i + 2])) for i in range(0, len(blocks), 2)]
    table = Table(rows, colWidths=[WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _bar_drawing(chart: charts.BarChart, fonts, height: float, width: float = WIDTH) -> Drawing:
    d = Drawing(width, height)
    left, bottom, top = 24, 12, 10
    inner = height - bottom - top
    slot = min((width - left) / max(len(chart.bars), 1), 40)
    for tick in charts.ticks(chart.scale):
        y = bottom + inner * tick / chart.scale
        d.add(Line(left, y, left + slot * len(chart.bars), y, strokeColor=RULE, strokeWidth=0.4))
        d.add(String(left - 3, y - 2.5, f"{tick:,}", fontName=fonts.regular, fontSize=6.5, fillColor=GREY, textAnchor="end"))
    for i, bar in enumerate(chart.bars):
        x = left + i * slot
        h = inner * bar.height / chart.scale
        if bar.value:
            d.add(Rect(x + 1.5, bottom, slot - 3, h, fillColor=PALE if bar.small else BLUE, strokeColor=None))
        d.add(
            String(
                x + slot / 2,
                bottom + h + 2,
                bar.text if bar.value else "0",
                fontName=fonts.regular,
                fontSize=6.5,
                textAnchor="middle",
            )
        )
        d.add(String(x + slot / 2, 3, bar.label, fontName=fonts.regular, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    return d


def _capacity_drawing(chart: charts.CapacityChart, rows, fonts) -> Drawing:
    row_h = 11
    label_w = 62 * mm
    plot = WIDTH - label_w - 38 * mm
    height = row_h * len(rows) + 22
    d = Drawing(WIDTH, height)

    def x(v):
        return label_w + plot * v / chart.scale

    kx = label_w
    for colour, text in ((BLUE, "checked in"), (LIGHT, "booked, not checked in"), (AMBER, "waiting at the start")):
        d.add(Rect(kx, height - 8, 7, 7, fillColor=colour, strokeColor=None))
        d.add(String(kx + 9, height - 7, text, fontName=fonts.regular, fontSize=6.5))
        kx += 14 + 3.3 * len(text)
    d.add(String(kx, height - 7, "| capacity", fontName=fonts.regular, fontSize=6.5))
    for i, row in enumerate(rows):
        y = height - 22 - i * row_h
        label = row.label if len(row.label) <= 46 else row.label[:45] + "…"
        d.add(String(label_w - 4, y + 2, label, fontName=fonts.font_for(label), fontSize=7, textAnchor="end"))
        came = row.height("checked_in")
        booked = max(row.height("booked"), came)
        unmet = row.height("unmet")
        if booked:
            d.add(Rect(x(0), y, x(booked) - x(0), 8, fillColor=PALE if row.small["booked"] else LIGHT, strokeColor=None))
        if came:
            d.add(
                Rect(
                    x(0),
                    y,
                    x(came) - x(0),
                    8,
                    fillColor=PALE if row.small["checked_in"] or row.withheld else BLUE,
                    strokeColor=None,
                )
            )
        if unmet:
            d.add(
                Rect(
                    x(booked),
                    y,
                    x(booked + unmet) - x(booked),
                    8,
                    fillColor=PALE_AMBER if row.small["unmet"] else AMBER,
                    strokeColor=None,
                )
            )
        if row.capacity is not None:
            d.add(Line(x(row.capacity), y - 1.5, x(row.capacity), y + 9.5, strokeColor=colors.black, strokeWidth=1.2))
        text = row.caption
        d.add(String(x(max(booked + unmet, row.capacity or 0)) + 3, y + 1.5, text, fontName=fonts.regular, fontSize=6.5))
    return d


def _table(header, rows, widths, fonts, styles, numeric_from=1):
    data = [[Paragraph(fonts.markup(h, bold=True), styles["cell"]) for h in header]]
    data += [[Paragraph(fonts.markup(str(c)), styles["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=[WIDTH * w for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _tables(report: ImpactReport, fonts, styles) -> list:
    def n(value):
        return short_count_text(value, suppress=SUPPRESS)

    def exact(s, key):
        return n(getattr(s, key)) if key in s.exact else ("<5" if is_small(getattr(s, key)) else "n/s")

    out = []
    if report.sessions:
        rows = [
            [
                s.title if not report.is_organization_report else f"{s.title} ({s.activation_title})",
                f"{s.starts_at:%a %d %b %H:%M}",
                "no limit" if s.capacity is None else s.capacity,
                exact(s, "booked"),
                exact(s, "checked_in") if s.held else "to come",
                exact(s, "no_show") if s.held else "",
                n(s.unmet) if s.held else "",
            ]
            for s in report.sessions[:MAX_SESSION_ROWS]
        ]
        out += [
            Paragraph("Sessions", styles["h2"]),
            _table(
                ["Session", "Starts", "Places", "Booked", "Came", "No-shows", "Waiting at start"],
                rows,
                [0.32, 0.19, 0.08, 0.09, 0.08, 0.11, 0.13],
                fonts,
                styles,
            ),
        ]
    if report.kits:
        by_type = [
            [k["kit_type"], n(k["handed_out"]), thing_text(k["brought_in"]), thing_text(k["written_off"]), thing_text(k["left"])]
            for k in report.kits_by_type
        ]
        out += [
            Paragraph("Kits by type", styles["h2"]),
            _table(
                ["Kit type", "Handed out", "Brought in", "Written off", "Left at the end"],
                by_type,
                [0.4, 0.15, 0.15, 0.15, 0.15],
                fonts,
                styles,
            ),
        ]
        by_place = [[place, n(value)] for place, value in report.handed_out_by_location]
        out += [
            Paragraph("Kits handed out by location", styles["h2"]),
            _table(["Location", "Handed out"], by_place, [0.4, 0.15], fonts, styles),
        ]
    if report.batches:
        rows = [
            [b.code, f"{b.country} · {b.language}", b.layout_name, thing_text(b.cards), f"{b.printed_on:%d %b %Y}", n(b.scans)]
            for b in report.batches
        ]
        out += [
            Paragraph("Card batches", styles["h2"]),
            _table(
                ["Code", "Country · language", "Layout", "Cards", "Printed", "Scans"],
                rows,
                [0.14, 0.18, 0.24, 0.1, 0.16, 0.1],
                fonts,
                styles,
            ),
        ]
    if report.welfare:
        by_kind = [[label, n(v)] for label, v in report.welfare_by_category(SUPPRESS)]
        by_hour = [[label, n(v)] for label, v in report.welfare_by_hour(SUPPRESS)]
        out += [
            Paragraph("Welfare visits", styles["h2"]),
            _side_by_side(
                [
                    [_table(["Kind of visit", "Visits"], by_kind or [["", "fewer than 5"]], [0.3, 0.12], fonts, styles)],
                    [_table(["Hours (venue time)", "Visits"], by_hour or [["", "fewer than 5"]], [0.3, 0.12], fonts, styles)],
                ]
            ),
            Paragraph(
                "Kinds and hours with fewer than 5 visits are counted together with others, so that no figure, "
                "and no difference of figures, is under 5.",
                styles["note"],
            ),
        ]
    if report.help_views_counted or report.wrong_numbers_counted:
        out.append(Paragraph("Help pages", styles["h2"]))
        if report.help_views_counted:
            rows = [[v.country, v.language, n(v.views)] for v in report.help_views[:MAX_HELP_ROWS]]
            if not rows:
                rows = [[", ".join(report.countries), "", "0"]]
            if len(report.help_views) > MAX_HELP_ROWS:
                rows.append(["", f"{len(report.help_views) - MAX_HELP_ROWS} more in the CSV", ""])
            out.append(_table(["Country", "Language", "Views"], rows, [0.2, 0.3, 0.15], fonts, styles))
        reports = ", ".join(f"{w.country}: {count_text(w.reports, suppress=SUPPRESS)}" for w in report.wrong_numbers) or "none"
        out.append(Paragraph(f"Wrong-number reports from the public in the period: {reports}.", styles["cell"]))
    if report.activations:
        rows = [
            [
                a.title,
                a.city,
                f"{a.starts_on:%d %b %Y}",
                a.sessions_held,
                n(a.booked),
                n(a.checked_in),
                n(a.no_show),
                n(a.handed_out),
            ]
            for a in report.activations[:MAX_SESSION_ROWS]
        ]
        out += [
            Paragraph("Activations", styles["h2"]),
            _table(
                ["Activation", "City", "Starts", "Sessions held", "Booked", "Came", "No-shows", "Kits"],
                rows,
                [0.28, 0.12, 0.12, 0.1, 0.1, 0.09, 0.09, 0.1],
                fonts,
                styles,
            ),
        ]
    return out
