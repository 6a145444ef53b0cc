"""The charts as SVG for the admin page: drawn on the server, no script, no style attribute.

Colours and type come from presentation attributes and classes in static/greenroom/admin-impact.css
(the page's CSP allows no inline style). Each chart is `role="img"` with a <title> and a <desc>
that say what it shows; the page puts the same numbers in a table beside it.
"""

from __future__ import annotations

from html import escape
from itertools import count

from django.utils.safestring import SafeString, mark_safe

from impact.charts import BarChart, CapacityChart, ticks

_ids = count(1)


def _a(value) -> str:
    return escape(str(value), quote=True)


def _open(width: int, height: int, title: str, description: str) -> tuple[str, str]:
    n = next(_ids)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gr-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="gr-chart-{n}-t gr-chart-{n}-d" preserveAspectRatio="xMinYMin meet">'
        f'<title id="gr-chart-{n}-t">{_a(title)}</title><desc id="gr-chart-{n}-d">{_a(description)}</desc>'
    )
    return head, "</svg>"


def bar_chart(chart: BarChart, height: int = 190) -> SafeString:
    left, right, top, bottom = 44, 8, 18, 30
    slot = max(14, min(44, 600 // max(len(chart.bars), 1)))
    width = left + right + slot * len(chart.bars)
    inner = height - top - bottom
    head, tail = _open(width, height, chart.title, chart.description)
    out = [head]
    for tick in ticks(chart.scale):
        y = top + inner - inner * tick / chart.scale
        out.append(
            f'<line class="gr-grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8ccd0" stroke-width="1"/>'
        )
        out.append(
            f'<text class="gr-tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{tick:,}</text>'
        )
    for i, bar in enumerate(chart.bars):
        x = left + i * slot
        h = inner * bar.height / chart.scale
        y = top + inner - h
        kind = "gr-bar-small" if bar.small else ("gr-bar-zero" if not bar.value else "gr-bar")
        fill = "#b9d7ea" if bar.small else "#1f6f9f"
        if bar.value:
            out.append(f'<rect class="{kind}" x="{x + 3}" y="{y:.1f}" width="{slot - 6}" height="{h:.1f}" fill="{fill}"/>')
        label = bar.text if bar.value else "0"
        out.append(
            f'<text class="gr-value" x="{x + slot / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="10" fill="#222">{_a(label)}</text>'
        )
        out.append(
            f'<text class="gr-axis-label" x="{x + slot / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" font-size="11" fill="#555">{_a(bar.label)}</text>'
        )
    out.append(
        f'<line class="gr-axis" x1="{left}" x2="{width - right}" y1="{top + inner}" y2="{top + inner}" stroke="#333" stroke-width="1"/>'
    )
    out.append(tail)
    return mark_safe("".join(out))


def capacity_chart(chart: CapacityChart) -> SafeString:
    label_width, right, row_h, top = 300, 150, 26, 30
    plot = 380
    width = label_width + plot + right
    height = top + row_h * len(chart.rows) + 30
    head, tail = _open(width, height, chart.title, chart.description)
    out = [head]
    scale = chart.scale

    def x(v):
        return label_width + plot * v / scale

    # a key across the top, in words as well as colour
    keys = [("#1f6f9f", "checked in"), ("#8fbcd9", "booked, not checked in"), ("#e3a33b", "waiting at the start")]
    kx = 8
    for colour, text in keys:
        out.append(f'<rect x="{kx}" y="4" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{kx + 16}" y="14" font-size="11" fill="#333">{_a(text)}</text>')
        kx += 28 + 6.3 * len(text)
    out.append(f'<line x1="{kx + 5}" x2="{kx + 5}" y1="2" y2="17" stroke="#222" stroke-width="2"/>')
    out.append(f'<text x="{kx + 12}" y="14" font-size="11" fill="#333">capacity</text>')
    for i, row in enumerate(chart.rows):
        y = top + i * row_h
        out.append(
            f'<text class="gr-row-label" x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="11" fill="#222">{_a(_trim(row.label, 46))}</text>'
        )
        came = row.height("checked_in")
        booked = max(row.height("booked"), came)
        unmet = row.height("unmet")
        if booked:
            out.append(f'<rect x="{x(0):.1f}" y="{y + 4}" width="{x(booked) - x(0):.1f}" height="16" fill="#8fbcd9"/>')
        if came:
            out.append(f'<rect x="{x(0):.1f}" y="{y + 4}" width="{x(came) - x(0):.1f}" height="16" fill="#1f6f9f"/>')
        if unmet:
            out.append(
                f'<rect x="{x(booked):.1f}" y="{y + 4}" width="{x(booked + unmet) - x(booked):.1f}" height="16" fill="#e3a33b"/>'
            )
        if row.capacity is not None:
            out.append(
                f'<line x1="{x(row.capacity):.1f}" x2="{x(row.capacity):.1f}" y1="{y + 1}" y2="{y + 23}" stroke="#222" stroke-width="2"/>'
            )
        text = row.caption
        end = x(max(booked + unmet, row.capacity or 0))
        out.append(f'<text class="gr-value" x="{end + 6:.1f}" y="{y + 16}" font-size="10" fill="#222">{_a(text)}</text>')
    axis_y = top + row_h * len(chart.rows) + 2
    out.append(f'<line x1="{x(0)}" x2="{x(scale)}" y1="{axis_y}" y2="{axis_y}" stroke="#333" stroke-width="1"/>')
    for tick in ticks(scale):
        out.append(f'<text x="{x(tick):.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="11" fill="#555">{tick:,}</text>')
    out.append(tail)
    return mark_safe("".join(out))


def _trim(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
