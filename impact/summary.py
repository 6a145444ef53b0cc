"""The report's headline figures and its few sentences in plain language, for the page, the PDF and the CSV.

`headline(report, suppress)` is the one list of labelled figures all three show; with
`suppress=True` (anything that leaves the organizer's screen) small counts of people read
"fewer than 5" (see disclosure.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from impact.charts import day_label
from impact.disclosure import WITHHELD, count_text, rate_text, thing_text, withheld_text
from impact.figures import ImpactReport
from signups.services.access import NEEDS


@dataclass(frozen=True)
class Figure:
    key: str  # stable, for the CSV
    label: str
    value: int | None
    text: str
    note: str = ""


def headline(report: ImpactReport, suppress: bool) -> list[Figure]:
    def people(key, label, value, note=""):
        return Figure(key, label, value, count_text(value, suppress=suppress), note)

    def signups(key, label, value, note=""):
        """A sign-up total: withheld when other figures would give a small count away by difference."""
        if suppress and key not in report.exact_totals:
            return Figure(key, label, value, withheld_text(value), note)
        return people(key, label, value, note)

    def things(key, label, value, note=""):
        return Figure(key, label, value, thing_text(value), note)

    capacity = report.capacity
    figures = [
        things("sessions_held", "Sessions held", report.sessions_held),
        things("sessions_upcoming", "Sessions still to come", report.sessions_upcoming),
        things("sessions_cancelled", "Sessions cancelled", report.sessions_cancelled),
        Figure("places_offered", "Places offered", capacity, "no limit" if capacity is None else thing_text(capacity)),
        signups("booked", "People booked (a party counts each person)", report.booked),
        signups("checked_in", "Checked in", report.checked_in_at_held, "at sessions held"),
        signups("no_show", "No-shows", report.no_show_at_held),
        signups("not_marked", "Booked, never marked in or absent", report.not_marked, "at sessions held"),
        people("unmet", "Unmet demand: still waiting when the session began", report.unmet),
        Figure(
            "attendance_rate",
            "Attendance rate",
            None,
            rate_text(report.checked_in_at_held, report.booked_at_held, suppress=suppress)
            if not suppress or {"checked_in", "booked_at_held"} <= report.exact_totals
            else WITHHELD,
            "checked in ÷ booked, sessions held",
        ),
        people("handed_out", "Kits handed out", report.handed_out),
        things("brought_in", "Kits brought in (received or transferred)", report.brought_in),
        things("written_off", "Kits written off", report.written_off),
        things("stock_left", "Kits left at the end of the period", report.stock_left),
        things("card_batches", "Card batches printed", len(report.batches)),
        things("cards_printed", "Cards printed", report.cards_printed),
        people("scans", "Card scans", report.scans),
    ]
    if any(report.access_needs.values()):
        # Counts only, under the small-numbers rule: "fewer than 5" asked for a hearing loop points at no one.
        for need, label in NEEDS.items():
            figures.append(
                people(
                    f"access_{need}",
                    f"Sign-ups asking for {label[0].lower() + label[1:]}",
                    report.access_needs.get(need, 0),
                    "access needs: counts only",
                )
            )
    if report.welfare:
        figures.append(people("welfare_visits", "Welfare visits", report.welfare_visits, "counts only: no one's details"))
    if report.help_views_counted:
        figures.append(
            people(
                "help_page_views",
                "Help-page views",
                report.help_page_views,
                f"anyone opening the {', '.join(report.countries)} pages; card scans are counted apart",
            )
        )
    if report.wrong_numbers_counted:
        figures.append(
            people(
                "wrong_number_reports", "Wrong-number reports", report.wrong_number_reports, f"for {', '.join(report.countries)}"
            )
        )
    return figures


def sentences(report: ImpactReport, suppress: bool) -> list[str]:
    """What happened, in a few sentences a funder reads without a table."""

    def n(value):
        return count_text(value, suppress=suppress)

    out = []
    where = f" at {report.where}" if report.where else ""
    if report.sessions_held:
        text = f"{report.sessions_held} session{'s were' if report.sessions_held != 1 else ' was'} held{where}."
        if report.is_organization_report:
            text = text[:-1] + f" across {len(report.activations)} activation{'s' if len(report.activations) != 1 else ''}."

        exact = report.exact_totals if suppress else {"booked_at_held", "checked_in"}
        if report.booked_at_held and {"booked_at_held", "checked_in"} <= exact:
            text += (
                f" {n(report.booked_at_held).capitalize()} {_people(report.booked_at_held)} booked a place and "
                f"{n(report.checked_in_at_held)} came"
            )
            rate = rate_text(report.checked_in_at_held, report.booked_at_held, suppress=suppress)
            text += f" ({rate})." if rate.endswith("%") else "."
        elif report.booked_at_held and "booked_at_held" in exact:
            text += f" {n(report.booked_at_held).capitalize()} {_people(report.booked_at_held)} booked a place."
        else:
            text += " Nobody had booked a place."
        if report.unmet:
            text += f" {n(report.unmet).capitalize()} more {_people(report.unmet)} were still on a waiting list when their session began."
        out.append(text)
    elif report.sessions:
        waiting = sum(s.waitlisted_now for s in report.sessions)
        out.append(
            f"{len(report.sessions)} session{'s are' if len(report.sessions) != 1 else ' is'} still to come{where}; "
            f"{n(report.booked)} {_people(report.booked)} have booked so far"
            + (f" and {n(waiting)} {'is' if waiting == 1 else 'are'} on a waiting list." if waiting else ".")
        )
    else:
        out.append(f"No sessions in this period{where}.")
    if report.handed_out:
        kinds = report.handed_out_by_kit_type
        listed = ", ".join(f"{n(v)} × {k}" for k, v in kinds[:3] if v)
        text = f"{n(report.handed_out).capitalize()} kits were handed out ({listed})."
        busiest = report.busiest_hour
        if busiest is not None and busiest.handed_out:
            text += (
                f" The busiest hour was {day_label(busiest.day)}, {busiest.hour:02d}:00–{busiest.hour + 1:02d}:00 "
                f"({n(busiest.handed_out)})."
            )
        out.append(text)
    elif report.kits:
        out.append("No kits were handed out in this period.")
    if report.batches:
        printed = (
            f"{thing_text(report.cards_printed)} crisis cards were printed in {len(report.batches)} "
            f"batch{'es' if len(report.batches) != 1 else ''}"
        )
        if report.scans:
            text = f"{printed}; their QR codes were scanned {n(report.scans)} time{'s' if report.scans != 1 else ''}."
        else:
            text = f"{printed}; their QR codes have not been scanned in this period."
        out.append(text)
    if report.welfare:
        groups = report.welfare_by_category(suppress)
        text = f"The welfare team logged {n(report.welfare_visits)} visit{'s' if report.welfare_visits != 1 else ''}"
        if len(groups) > 1 or (groups and not suppress):
            text += " (" + ", ".join(f"{label.lower()}: {n(v)}" for label, v in groups[:3]) + ")"
        out.append(text + ".")
    if report.help_views_counted and report.help_page_views:
        langs = report.help_languages
        out.append(
            f"Help pages for {', '.join(report.countries)} were opened {n(report.help_page_views)} times "
            f"in {len(langs)} language{'s' if len(langs) != 1 else ''} ({', '.join(langs)})."
        )
    return out


def _people(value: int) -> str:
    return "person" if value == 1 else "people"
