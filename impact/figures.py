"""Every figure of the impact report, counted by the database.

Each group of figures is one aggregate query whose rows are sessions, kit types × locations,
hours, days, batches or countries — never sign-ups or ledger rows — so building a report takes
the same handful of queries for ten sign-ups or ten thousand (tests/impact pins the number).

The numbers here are exact; `disclosure.py` decides how they are shown once they leave the
organizer's screen.

Definitions (also printed in the report's notes):
- the period is a range of days in the venue's time zone (for an organization: UTC days); by
  default an activation's runs from its first day to its last day and on for up to
  `FOLLOW_UP_DAYS` after, up to today, because cards are scanned after the festival;
- a session is *held* once it has started and was not cancelled;
- every figure of sign-ups counts people: a party of three (`SignUp.places`) is three, and a party
  counts as many as checked in (`checked_in_count`);
- *booked*: people of the sign-ups holding a place (confirmed, checked in or no-show);
- *unmet demand*: people on the waiting list when the session started who did not get in:
  still on the list, or moved up after the start and never checked in;
- *attendance rate*: checked in ÷ booked, over the sessions held;
- *handed out*: hand-outs at the activation's stock locations minus those undone (an undo
  counts against the hour of the hand-out it undoes);
- *stock left*: what the ledger sums to at the end of the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone as dt_timezone
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db.models import CharField, Count, DateTimeField, F, Func, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from activations.models import Activation, Session
from signups.models import SignUp
from stock.models import StockMovement
from helplines.models import HelpPageView, WrongNumberReport

FOLLOW_UP_DAYS = 30
MAX_PERIOD_DAYS = 400

Status = SignUp.Status
Kind = StockMovement.Kind
BOOKED = (Status.CONFIRMED, Status.CHECKED_IN, Status.NO_SHOW)


# --- what a report holds ------------------------------------------------------------------------


@dataclass
class SessionFigures:
    id: int
    title: str
    activation_id: int
    activation_title: str
    starts_at: datetime  # in the venue's time zone
    capacity: int | None
    booked: int
    checked_in: int
    no_show: int
    not_marked: int  # still "confirmed" after the session was held: nobody recorded them
    waitlisted_now: int
    unmet: int
    held: bool

    @cached_property
    def exact(self) -> set[str]:
        """Which of booked / checked_in / no_show may be printed exactly (disclosure.session_figures_shown)."""
        from impact.disclosure import is_small, session_figures_shown

        if not self.held:
            return set() if is_small(self.booked) else {"booked"}
        return session_figures_shown(self.booked, self.checked_in, self.no_show)

    @property
    def wall_clock_start(self) -> datetime:
        """The start as the venue's clock reads it (naive: templates would turn an aware time into UTC)."""
        return self.starts_at.replace(tzinfo=None)


@dataclass
class KitFigures:
    kit_type: str
    location: str
    activation_id: int | None
    brought_in: int  # received, plus transferred in
    sent_away: int  # transferred out
    handed_out: int
    written_off: int
    adjusted: int  # net count corrections
    left: int  # at the end of the period


@dataclass
class HourFigures:
    day: date
    hour: int
    handed_out: int


@dataclass
class BatchFigures:
    code: str
    country: str
    language: str
    layout: str
    cards: int
    printed_on: date
    scans: int

    @property
    def layout_name(self) -> str:
        """ "Letter, 10 cards a sheet", not "card-letter-10up"."""
        from printables.models import CardBatch

        return dict(CardBatch.Layout.choices).get(self.layout, self.layout)


@dataclass
class HelpViews:
    country: str
    language: str
    views: int


@dataclass
class WrongNumbers:
    country: str
    reports: int
    resolved: int


@dataclass
class WelfareCount:
    day: date
    hour: int
    category: str
    visits: int


@dataclass
class ActivationLine:
    """One row of an organization's report."""

    id: int
    title: str
    slug: str
    city: str
    starts_on: date
    sessions_held: int = 0
    booked: int = 0
    checked_in: int = 0
    no_show: int = 0
    unmet: int = 0
    handed_out: int = 0


@dataclass
class ImpactReport:
    title: str
    organization: str
    period_start: date
    period_end: date
    time_zone: str  # the venue's zone name, or "UTC" for an organization
    generated_at: datetime
    activation: Activation | None = None
    where: str = ""
    sessions: list[SessionFigures] = field(default_factory=list)
    sessions_cancelled: int = 0
    kits: list[KitFigures] = field(default_factory=list)
    hours: list[HourFigures] = field(default_factory=list)
    scans_by_day: list[tuple[date, int]] = field(default_factory=list)
    batches: list[BatchFigures] = field(default_factory=list)
    help_views: list[HelpViews] = field(default_factory=list)
    help_views_counted: bool = True  # False until the help pages count their views
    wrong_numbers: list[WrongNumbers] = field(default_factory=list)
    wrong_numbers_counted: bool = True  # False where the directory (helplines) has no reports
    countries: list[str] = field(default_factory=list)
    activations: list[ActivationLine] = field(default_factory=list)
    welfare: list[WelfareCount] = field(default_factory=list)  # per hour of the venue's clock and category
    # Sign-ups (not cancelled) that asked for each access need, by its API name: counts only.
    access_needs: dict[str, int] = field(default_factory=dict)

    # -- welfare visits (counts only; shown in bands and groups of 5 or more, never as a cross-table)
    @property
    def welfare_visits(self) -> int:
        return sum(w.visits for w in self.welfare)

    def welfare_by_category(self, suppress: bool) -> list[tuple[str, int]]:
        from impact.disclosure import merge_small_groups
        from welfare.models.visits import Category

        totals: dict[str, int] = defaultdict(int)
        for w in self.welfare:
            totals[Category(w.category).label] += w.visits
        groups = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        if not suppress:
            return groups
        merged = merge_small_groups(groups, adjacent=False, pooled_label="\0")
        shown = {label for label, _ in merged}
        pooled = " + ".join(label for label, _ in sorted(groups, key=lambda kv: kv[0]) if label not in shown)
        return [(pooled + " (together)" if label == "\0" else label, n) for label, n in merged]

    def welfare_by_hour(self, suppress: bool) -> list[tuple[str, int]]:
        from impact.charts import day_label
        from impact.disclosure import merge_small_groups

        totals: dict[tuple[date, int], int] = defaultdict(int)
        for w in self.welfare:
            totals[(w.day, w.hour)] += w.visits
        groups = [((f"{day_label(d)} {h:02d}:00", f"{(h + 1) % 24:02d}:00"), n) for (d, h), n in sorted(totals.items())]
        if not suppress:
            return [(f"{a}–{b}", n) for (a, b), n in groups]
        return merge_small_groups(groups, adjacent=True)

    @property
    def is_organization_report(self) -> bool:
        return self.activation is None

    @property
    def clock(self) -> str:
        """Whose clock the hours are on."""
        return "each venue's local time" if self.is_organization_report else f"{self.time_zone} time"

    @property
    def days(self) -> list[date]:
        return [self.period_start + timedelta(days=n) for n in range((self.period_end - self.period_start).days + 1)]

    # -- sessions and sign-ups
    @cached_property
    def held(self) -> list[SessionFigures]:
        return [s for s in self.sessions if s.held]

    @property
    def sessions_held(self) -> int:
        return len(self.held)

    @property
    def sessions_upcoming(self) -> int:
        return len(self.sessions) - len(self.held)

    @property
    def booked(self) -> int:
        return sum(s.booked for s in self.sessions)

    @property
    def booked_at_held(self) -> int:
        return sum(s.booked for s in self.held)

    @property
    def checked_in(self) -> int:
        return sum(s.checked_in for s in self.sessions)

    @property
    def no_show(self) -> int:
        return sum(s.no_show for s in self.sessions)

    @property
    def not_marked(self) -> int:
        return sum(s.not_marked for s in self.held)

    @property
    def no_show_at_held(self) -> int:
        return sum(s.no_show for s in self.held)

    @cached_property
    def exact_totals(self) -> set[str]:
        """Which sign-up totals may be printed exactly, so that neither a total minus other totals
        nor a total minus the sessions' own rows gives away 1–4 people (see disclosure.py)."""
        from impact.disclosure import is_small, safe_partition

        values = {
            "came": self.checked_in_at_held,
            "absent": self.no_show_at_held,
            "unmarked": self.not_marked,
            "upcoming": self.booked - self.booked_at_held,
        }
        shown = safe_partition(
            values,
            {
                "booked": {"came", "absent", "unmarked", "upcoming"},
                "booked_at_held": {"came", "absent", "unmarked"},
                "checked_in": {"came"},
                "no_show": {"absent"},
                "not_marked": {"unmarked"},
            },
            keep="booked",
        )
        for total, column in (
            ("booked", "booked"),
            ("booked_at_held", "booked"),
            ("checked_in", "checked_in"),
            ("no_show", "no_show"),
        ):
            rows = self.held if total != "booked" else self.sessions
            withheld = sum(getattr(s, column) for s in rows if column not in s.exact)
            if is_small(withheld):
                shown.discard(total)
        return shown

    @property
    def unmet(self) -> int:
        return sum(s.unmet for s in self.held)

    @property
    def capacity(self) -> int | None:
        """Places offered at the sessions in the period (None if any session is unlimited)."""
        if any(s.capacity is None for s in self.sessions):
            return None
        return sum(s.capacity for s in self.sessions)

    @property
    def attendance_rate(self) -> float | None:
        return self.checked_in_at_held / self.booked_at_held if self.booked_at_held else None

    @property
    def checked_in_at_held(self) -> int:
        return sum(s.checked_in for s in self.held)

    # -- kits
    @property
    def handed_out(self) -> int:
        return sum(k.handed_out for k in self.kits)

    @property
    def written_off(self) -> int:
        return sum(k.written_off for k in self.kits)

    @property
    def stock_left(self) -> int:
        return sum(k.left for k in self.kits)

    @property
    def brought_in(self) -> int:
        return sum(k.brought_in for k in self.kits)

    def _by(self, attr: str, key: str) -> list[tuple[str, int]]:
        totals: dict[str, int] = defaultdict(int)
        for k in self.kits:
            totals[getattr(k, key)] += getattr(k, attr)
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def handed_out_by_kit_type(self) -> list[tuple[str, int]]:
        return self._by("handed_out", "kit_type")

    @property
    def handed_out_by_location(self) -> list[tuple[str, int]]:
        return self._by("handed_out", "location")

    @property
    def kits_by_type(self) -> list[dict]:
        """Per kit type: handed out, written off, left (summed over locations)."""
        rows: dict[str, dict] = {}
        for k in self.kits:
            row = rows.setdefault(
                k.kit_type, {"kit_type": k.kit_type, "handed_out": 0, "written_off": 0, "left": 0, "brought_in": 0}
            )
            for attr in ("handed_out", "written_off", "left", "brought_in"):
                row[attr] += getattr(k, attr)
        return sorted(rows.values(), key=lambda r: (-r["handed_out"], r["kit_type"]))

    @cached_property
    def hours_by_day(self) -> list[tuple[date, list[HourFigures]]]:
        """Each day with hand-outs, over the same span of hours (so days compare), gaps as 0."""
        if not self.hours:
            return []
        first = min(h.hour for h in self.hours)
        last = max(h.hour for h in self.hours)
        found = {(h.day, h.hour): h.handed_out for h in self.hours}
        days = sorted({h.day for h in self.hours})
        return [(d, [HourFigures(d, hour, found.get((d, hour), 0)) for hour in range(first, last + 1)]) for d in days]

    @property
    def busiest_hour(self) -> HourFigures | None:
        return max(self.hours, key=lambda h: (h.handed_out, -h.day.toordinal(), -h.hour), default=None)

    # -- cards and help pages
    @property
    def cards_printed(self) -> int:
        return sum(b.cards for b in self.batches)

    @property
    def scans(self) -> int:
        return sum(b.scans for b in self.batches)

    @property
    def scans_by_language(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = defaultdict(int)
        for b in self.batches:
            totals[b.language] += b.scans
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def help_page_views(self) -> int:
        return sum(v.views for v in self.help_views)

    @property
    def help_languages(self) -> list[str]:
        return sorted({v.language for v in self.help_views if v.views})

    @property
    def wrong_number_reports(self) -> int:
        return sum(w.reports for w in self.wrong_numbers)


# --- the period ---------------------------------------------------------------------------------


def default_period(activation: Activation, today: date | None = None) -> tuple[date, date]:
    zone = activation.venue.zone
    first = timezone.localtime(activation.starts_at, zone).date()
    last = timezone.localtime(activation.ends_at - timedelta(microseconds=1), zone).date()
    today = today or timezone.localtime(timezone.now(), zone).date()
    return first, max(last, min(today, last + timedelta(days=FOLLOW_UP_DAYS)))


def check_period(start: date, end: date) -> None:
    from core.errors import GreenroomError

    if end < start:
        raise GreenroomError("The period must end on or after the day it starts.", code="period_ends_before_start", status=422)
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise GreenroomError(f"A report covers at most {MAX_PERIOD_DAYS} days.", code="period_too_long", status=422)


def _instants(start: date, end: date, zone) -> tuple[datetime, datetime]:
    """The first instant of `start` and the first instant after `end`, as days in `zone`."""
    return (
        timezone.make_aware(datetime.combine(start, time()), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time()), zone),
    )


# --- building a report ------------------------------------------------------------------------


def activation_report(activation: Activation, start: date | None = None, end: date | None = None) -> ImpactReport:
    """The report for one activation (already scoped by the caller: see `scoping.activations_for`)."""
    venue = activation.venue
    default_start, default_end = default_period(activation)
    start, end = start or default_start, end or default_end
    check_period(start, end)
    zone = venue.zone
    since, until = _instants(start, end, zone)
    report = ImpactReport(
        title=activation.title,
        organization=activation.organization.name,
        period_start=start,
        period_end=end,
        time_zone=venue.timezone,
        generated_at=timezone.now(),
        activation=activation,
        where=f"{venue.name}, {venue.city}",
    )
    _sessions(report, Session.objects.filter(activation=activation), since, until, zone)
    movements = StockMovement.objects.filter(location__activation=activation)
    _kits(report, movements, since, until)
    report.hours = _hours(movements, since, until, zone)
    from printables.models import CardBatch

    batches = CardBatch.objects.filter(activation=activation)
    countries = {venue.country.upper()}
    _cards(report, batches, start, end, countries)
    _help_pages(report, sorted(countries), start, end, since, until)
    _welfare(report, activation, since, until, zone)
    return report


def _welfare(report: ImpactReport, activation, since, until, zone) -> None:
    """One query: welfare visits per quarter-hour and category; Python adds them into the venue's hours."""
    from welfare.models import WelfareVisit

    rows = (
        WelfareVisit.objects.filter(activation=activation, quarter__gte=since, quarter__lt=until)
        .values("quarter", "category")
        .annotate(n=Count("id"))
        .order_by("quarter", "category")
    )
    totals: dict[tuple[date, int, str], int] = defaultdict(int)
    for row in rows:
        local = row["quarter"].astimezone(zone)
        totals[(local.date(), local.hour, row["category"])] += row["n"]
    report.welfare = [WelfareCount(d, h, c, n) for (d, h, c), n in sorted(totals.items())]


def organization_report(organization, start: date, end: date) -> ImpactReport:
    """The report for all of an organization's activations over UTC days `start`–`end`."""
    check_period(start, end)
    since, until = _instants(start, end, dt_timezone.utc)
    report = ImpactReport(
        title=f"{organization.name}: all activations",
        organization=organization.name,
        period_start=start,
        period_end=end,
        time_zone="UTC",
        generated_at=timezone.now(),
    )
    sessions = Session.objects.filter(activation__organization=organization)
    _sessions(report, sessions, since, until, None)
    movements = StockMovement.objects.filter(location__organization=organization)
    _kits(report, movements, since, until)
    # Hours are each venue's own clock: one query per time zone the booths were in.
    zones = (
        movements.filter(
            kind=Kind.DISTRIBUTE, created_at__gte=since - timedelta(days=1), created_at__lt=until + timedelta(days=1)
        )
        .exclude(location__activation=None)
        .values_list("location__activation__venue__timezone", flat=True)
        .distinct()
    )
    hours: dict[tuple[date, int], int] = defaultdict(int)
    for zone_name in sorted(set(zones)):
        zone = ZoneInfo(zone_name)
        for h in _hours(movements.filter(location__activation__venue__timezone=zone_name), since, until, zone):
            hours[(h.day, h.hour)] += h.handed_out
    report.hours = [HourFigures(d, hr, n) for (d, hr), n in sorted(hours.items())]
    from printables.models import CardBatch

    batches = CardBatch.objects.filter(organization=organization)
    countries = set(
        Activation.objects.filter(organization=organization, starts_at__lt=until, ends_at__gte=since).values_list(
            "venue__country", flat=True
        )
    )
    _cards(report, batches, start, end, {c.upper() for c in countries})
    _help_pages(report, sorted(report.countries), start, end, since, until)
    _activation_lines(report, organization, since, until)
    return report


# Which sign-ups asked for each access need (signups/services/access.py names them).
ACCESS_ASKED = {
    "step_free": Q(signups__access_step_free=True),
    "seating": Q(signups__access_seating=True),
    "quiet_space": Q(signups__access_quiet_space=True),
    "interpretation": ~Q(signups__access_interpretation=""),
}


def _people(which: Q, per_signup=None):
    """People of the sign-ups matching `which`: each sign-up's party (`places`), or `per_signup`."""
    return Coalesce(Sum(per_signup if per_signup is not None else F("signups__places"), filter=which), 0)


def _sessions(report: ImpactReport, sessions, since, until, zone) -> None:
    """One query: every session in the period with the people of its sign-ups counted by status."""
    now = timezone.now()
    starts = F("starts_at")
    rows = (
        sessions.filter(starts_at__gte=since, starts_at__lt=until)
        .values(
            "id", "title", "starts_at", "capacity", "status", "activation_id", "activation__title", "activation__venue__timezone"
        )
        .annotate(
            # People, not sign-up rows: a party of three booked three, and came as many as checked in.
            booked=_people(Q(signups__status__in=BOOKED)),
            checked_in=_people(Q(signups__status=Status.CHECKED_IN), F("signups__checked_in_count")),
            no_show=_people(Q(signups__status=Status.NO_SHOW)),
            confirmed=_people(Q(signups__status=Status.CONFIRMED)),
            # Of a party partly in, the rest neither came nor were marked absent.
            stragglers=_people(Q(signups__status=Status.CHECKED_IN), F("signups__places") - F("signups__checked_in_count")),
            waitlisted=_people(Q(signups__status=Status.WAITLISTED)),
            promoted_late=_people(
                Q(signups__promoted_at__gte=starts, signups__status__in=(Status.CONFIRMED, Status.NO_SHOW)),
            ),
            **{
                f"access_{need}": Count("signups", filter=asked & ~Q(signups__status=Status.CANCELLED))
                for need, asked in ACCESS_ASKED.items()
            },
        )
        .order_by("starts_at", "title", "id")
    )
    for row in rows:
        for need in ACCESS_ASKED:
            report.access_needs[need] = report.access_needs.get(need, 0) + row[f"access_{need}"]
        if row["status"] == Session.Status.CANCELLED:
            report.sessions_cancelled += 1
            continue
        held = row["starts_at"] <= now
        local_zone = zone or ZoneInfo(row["activation__venue__timezone"])
        report.sessions.append(
            SessionFigures(
                id=row["id"],
                title=row["title"],
                activation_id=row["activation_id"],
                activation_title=row["activation__title"],
                starts_at=timezone.localtime(row["starts_at"], local_zone),
                capacity=row["capacity"],
                booked=row["booked"],
                checked_in=row["checked_in"],
                no_show=row["no_show"],
                not_marked=(row["confirmed"] + row["stragglers"]) if held else 0,
                waitlisted_now=row["waitlisted"],
                unmet=(row["waitlisted"] + row["promoted_late"]) if held else 0,
                held=held,
            )
        )


def _kits(report: ImpactReport, movements, since, until) -> None:
    """One query: per kit type and location, what came in, went out, was handed out, and is left."""
    in_period = Q(created_at__gte=since, created_at__lt=until)
    rows = (
        movements.filter(created_at__lt=until)
        .values("kit_type__name", "location__name", "location__activation_id")
        .annotate(
            left=Sum("quantity"),
            received=Sum("quantity", filter=in_period & Q(kind=Kind.RECEIVE)),
            transferred_in=Sum("quantity", filter=in_period & Q(kind=Kind.TRANSFER, quantity__gt=0)),
            transferred_out=Sum("quantity", filter=in_period & Q(kind=Kind.TRANSFER, quantity__lt=0)),
            distributed=Sum("quantity", filter=in_period & Q(kind=Kind.DISTRIBUTE)),
            written_off=Sum("quantity", filter=in_period & Q(kind=Kind.WRITE_OFF)),
            adjusted=Sum("quantity", filter=in_period & Q(kind=Kind.ADJUST)),
        )
        .order_by("kit_type__name", "location__name")
    )
    for row in rows:
        report.kits.append(
            KitFigures(
                kit_type=row["kit_type__name"],
                location=row["location__name"],
                activation_id=row["location__activation_id"],
                brought_in=(row["received"] or 0) + (row["transferred_in"] or 0),
                sent_away=-(row["transferred_out"] or 0),
                handed_out=-(row["distributed"] or 0),
                written_off=-(row["written_off"] or 0),
                adjusted=row["adjusted"] or 0,
                left=row["left"] or 0,
            )
        )


class UTCQuarterHour(Func):
    """The UTC quarter-hour an instant falls in, as text "YYYY-MM-DD HH:MM" (MM in 00, 15, 30, 45).

    Every time zone in use is a whole number of quarter-hours from UTC, so each quarter-hour falls
    in exactly one hour of any venue's clock; grouping by it in plain SQL (no per-row Python
    function, as Django's time-zone truncation needs on SQLite) is what keeps the hourly figure fast.
    """

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                # %%%% → %% here → % once the SQLite backend has put in its "?" placeholders
                "(strftime('%%%%Y-%%%%m-%%%%d %%%%H:', %(expressions)s) || "
                "printf('%%%%02d', (CAST(strftime('%%%%M', %(expressions)s) AS INTEGER) / 15) * 15))"
            ),
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:') || "
                "lpad((floor(extract(minute FROM %(expressions)s AT TIME ZONE 'UTC') / 15) * 15)::int::text, 2, '0'))"
            ),
            **extra,
        )


def _hours(movements, since, until, zone) -> list[HourFigures]:
    """One query: kits handed out per hour of the venue's clock (an undo counts in its hand-out's hour).

    The database sums per UTC quarter-hour (at most 96 rows a day, however many hand-outs);
    Python adds those into the venue's hours.
    """
    rows = (
        movements.filter(kind=Kind.DISTRIBUTE)
        .annotate(at=Coalesce("reverses__created_at", "created_at", output_field=DateTimeField()))
        .filter(at__gte=since, at__lt=until)
        .annotate(slot=UTCQuarterHour("at"))
        .values("slot")
        .annotate(n=Sum("quantity"))
        .order_by("slot")
    )
    totals: dict[tuple[date, int], int] = defaultdict(int)
    for row in rows:
        utc = datetime.strptime(row["slot"], "%Y-%m-%d %H:%M").replace(tzinfo=dt_timezone.utc)
        local = utc.astimezone(zone)
        totals[(local.date(), local.hour)] -= row["n"]
    return [HourFigures(day, hour, n) for (day, hour), n in sorted(totals.items()) if n]


def _cards(report: ImpactReport, batches, start: date, end: date, countries: set[str]) -> None:
    """Two queries: the batches with their scans in the period, and the scans per day."""
    from printables.models import ScanCount

    in_period = Q(scan_counts__day__gte=start, scan_counts__day__lte=end)
    for row in (
        batches.values("id", "code", "country", "language", "layout", "count", "created_at")
        .annotate(scans=Sum("scan_counts__scans", filter=in_period))
        .order_by("created_at", "id")
    ):
        report.batches.append(
            BatchFigures(
                code=row["code"],
                country=row["country"].upper(),
                language=row["language"],
                layout=row["layout"],
                cards=row["count"],
                printed_on=row["created_at"].date(),
                scans=row["scans"] or 0,
            )
        )
    by_day = dict(
        ScanCount.objects.filter(batch__in=batches, day__gte=start, day__lte=end)
        .values("day")
        .annotate(n=Sum("scans"))
        .values_list("day", "n")
    )
    report.scans_by_day = [(d, by_day.get(d, 0)) for d in report.days]
    report.countries = sorted(countries | {b.country for b in report.batches})


def _help_pages(report: ImpactReport, countries: list[str], start: date, end: date, since, until) -> None:
    """Help-page views (per country and language) and wrong-number reports for the countries worked in.

    Help pages are anonymous: a view cannot be tied to an activation, so these are all views of
    those countries' pages in the period (the notes say so).
    """
    countries = sorted(set(countries) | set(report.countries))
    report.countries = countries
    report.help_views = [
        HelpViews(country=c, language=lang, views=n)
        for c, lang, n in HelpPageView.objects.filter(country__in=countries, day__gte=start, day__lte=end)
        .values("country", "language")
        .annotate(n=Sum("views"))
        .order_by("country", "-n", "language")
        .values_list("country", "language", "n")
    ]
    report.wrong_numbers = [
        WrongNumbers(country=c, reports=n, resolved=r)
        for c, n, r in WrongNumberReport.objects.filter(country__in=countries, created_at__gte=since, created_at__lt=until)
        .values("country")
        .annotate(n=Count("id"), r=Count("id", filter=Q(resolved=True)))
        .order_by("country")
        .values_list("country", "n", "r")
    ]


def _activation_lines(report: ImpactReport, organization, since, until) -> None:
    """For an organization: one line per activation that had sessions or stock movements in the period."""
    ids = {s.activation_id for s in report.sessions} | {
        k.activation_id for k in report.kits if k.activation_id and (k.handed_out or k.brought_in)
    }
    if not ids:
        return
    lines = {
        a["id"]: ActivationLine(
            id=a["id"],
            title=a["title"],
            slug=a["slug"],
            city=a["venue__city"],
            starts_on=timezone.localtime(a["starts_at"], ZoneInfo(a["venue__timezone"])).date(),
        )
        for a in Activation.objects.filter(organization=organization, pk__in=ids).values(
            "id", "title", "slug", "venue__city", "venue__timezone", "starts_at"
        )
    }
    for s in report.sessions:
        line = lines[s.activation_id]
        line.sessions_held += s.held
        line.booked += s.booked
        line.checked_in += s.checked_in
        line.no_show += s.no_show
        line.unmet += s.unmet
    for k in report.kits:
        if k.activation_id in lines:
            lines[k.activation_id].handed_out += k.handed_out
    report.activations = sorted(lines.values(), key=lambda a: (a.starts_on, a.title))
