"""What the public may see of the directory: the lines of a country for a help page or a card.

Only `vetted` lines are ever returned. Lines come in display order; lines sharing a `group`
(Belgium's Dutch and French lines) are shown together or not at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import GreenroomError, NotFound
from core.countries import country_name_in, is_country_code
from helplines.models import Channel, Country, CrisisLine
from helplines.emergency import Emergency, emergency_for
from helplines.hours import open_state
from helplines.links import sms_link, tel_link
from helplines.printable import PrintableDirectory, PrintableLine

INTERNATIONAL_DIRECTORY_URL = "https://findahelpline.com"
CALLABLE = (Channel.Kind.PHONE,)
TEXTABLE = (Channel.Kind.SMS, Channel.Kind.WHATSAPP, Channel.Kind.CHAT)


LIMITED_AUDIENCES = {"youth", "children", "lgbtq", "women", "men", "veterans", "violence", "local", "students"}


def for_everyone(line: CrisisLine) -> bool:
    """A line for the general public; a line limited to an audience is never the general main button."""
    audiences = set(line.audiences or [])
    return not (audiences & LIMITED_AUDIENCES) and (not audiences or bool(audiences & {"general", "adults"}))


@dataclass
class Directory:
    """A country's emergency numbers and its vetted lines, split the way a help page shows them."""

    country: str
    name: str
    emergency: list[str]
    languages: list[str]
    main_lines: list[CrisisLine] = field(default_factory=list)  # the big call button(s): open now, for everyone
    text_options: list[tuple[CrisisLine, Channel]] = field(default_factory=list)
    other_lines: list[CrisisLine] = field(default_factory=list)
    music_lines: list[CrisisLine] = field(default_factory=list)
    known_country: bool = False  # we have researched this country
    emergency_info: Emergency | None = None

    @property
    def emergency_links(self) -> list[dict]:
        return self.emergency_info.links if self.emergency_info else []

    @property
    def crisis_lines(self) -> list[CrisisLine]:
        seen, result = set(), []
        for line in self.main_lines + [line for line, _channel in self.text_options] + self.other_lines:
            if line.pk not in seen:
                seen.add(line.pk)
                result.append(line)
        return sorted(result, key=lambda l: (l.display_order, l.pk))

    @property
    def has_short_codes(self) -> bool:
        return any(c.short_code for line in self.crisis_lines for c in line.channels.all())

    @property
    def checked_on(self) -> date | None:
        """The oldest check among the crisis lines shown (the weakest link); None if any was never checked."""
        dates = [line.verified_on for line in self.crisis_lines]
        return None if not dates or None in dates else min(dates)

    @property
    def unchecked(self) -> bool:
        """Some line shown was never checked: no summary date may stand for it."""
        return any(line.verified_on is None for line in self.crisis_lines)

    @property
    def dates_differ(self) -> bool:
        return len({line.verified_on for line in self.crisis_lines}) > 1


def normalize_country(code: str) -> str:
    code = (code or "").strip().upper()
    if not is_country_code(code):
        raise NotFound(f"“{code}” is not an ISO 3166-1 country code.", code="unknown_country")
    return code


def _annotate(line: CrisisLine, zone_name: str, now: datetime) -> None:
    """What the page says of the line right now: open now / opens Mon 09:00 (server-side)."""
    line.open_state = None if line.hours_24_7 else open_state(line.opening_hours, zone_name, now)
    line.is_open_now = line.hours_24_7 or bool(line.open_state and line.open_state.open_now)
    line.for_everyone = for_everyone(line)


def directory_for(country_code: str, *, now: datetime | None = None) -> Directory:
    """The help-page view of one country (3 queries: country, lines, their channels)."""
    code = normalize_country(country_code)
    now = now or timezone.now()
    emergency = emergency_for(code)
    country = Country.objects.filter(code=code).first()
    if country is None:
        return Directory(
            country=code, name=country_name_in(code), languages=[], emergency=emergency.numbers, emergency_info=emergency
        )
    lines = list(CrisisLine.objects.vetted().filter(country_id=code).with_channels().order_by("section", "display_order", "id"))
    directory = Directory(
        country=code,
        name=country_name_in(code),
        languages=list(country.languages),
        emergency=emergency.numbers,
        emergency_info=emergency,
        known_country=True,
    )
    groups = {l.group for l in lines if l.group}
    if groups:
        # Lines shown together are shown together or not at all: one unvetted member hides its group.
        broken = set(
            CrisisLine.objects.filter(country_id=code, group__in=groups)
            .exclude(status=CrisisLine.Status.VETTED)
            .values_list("group", flat=True)
        )
        lines = [l for l in lines if l.group not in broken]
    zone_name = country.time_zone or emergency.time_zone
    for line in lines:
        _annotate(line, zone_name, now)
    crisis = [l for l in lines if l.section == CrisisLine.Section.CRISIS]
    directory.music_lines = [l for l in lines if l.section == CrisisLine.Section.MUSIC]
    main = _main_line(crisis)
    if main is not None:
        directory.main_lines = [l for l in crisis if l.group and l.group == main.group] if main.group else [main]
    shown = {l.pk for l in directory.main_lines}
    for line in directory.main_lines:
        directory.text_options += [(line, c) for c in line.channels.all() if c.kind in TEXTABLE]
    for line in crisis:
        if line.pk in shown:
            continue
        channels = list(line.channels.all())
        if (
            line.for_everyone
            and channels
            and not any(c.kind in CALLABLE for c in channels)
            and any(c.kind in TEXTABLE for c in channels)
        ):
            directory.text_options += [(line, c) for c in channels if c.kind in TEXTABLE]
        else:
            directory.other_lines.append(line)
    return directory


def _main_line(lines: list[CrisisLine]) -> CrisisLine | None:
    """The big button: a line for everyone with a number to call that is open now, 24/7 lines first.

    None when no such line is open: the page then leads with the emergency number, and the other
    lines are shown as what they are (with their audience and hours)."""

    def callable_(line):
        return any(c.kind in CALLABLE and c.href for c in line.channels.all())

    def group_ok(line):
        members = [l for l in lines if line.group and l.group == line.group]
        return all(m.is_open_now and m.for_everyone for m in members)

    for test in (lambda l: l.hours_24_7, lambda l: l.is_open_now):
        for line in lines:
            if test(line) and line.for_everyone and callable_(line) and (not line.group or group_ok(line)):
                return line
    return None


def text_instruction(channel: Channel) -> str:
    """“Text SHOUT to 85258”, in the active language."""
    number = channel.dial or channel.e164
    if channel.sms_keyword:
        return _("Text %(keyword)s to %(number)s") % {"keyword": channel.sms_keyword, "number": number}
    return _("Text %(number)s") % {"number": number}


def _printed_dial(channel: Channel) -> str:
    if channel.after_dialing:
        return _("%(number)s, then press %(key)s") % {"number": channel.dial, "key": channel.after_dialing}
    return channel.dial


def printable_lines(country_code: str, language: str, *, today: date | None = None):
    """Vetted crisis lines for a card, in display order; GreenroomError `no_vetted_lines` if none."""

    today = today or timezone.localdate()
    directory = directory_for(country_code)
    lines = directory.crisis_lines
    if not lines:
        raise GreenroomError(
            f"There is no vetted crisis line for {directory.name} ({directory.country}): nothing can be printed. "
            "Vet a line in the admin (after a test call) first.",
            code="no_vetted_lines",
            status=409,
            country=directory.country,
        )
    printed, held = [], []
    with override(language):
        for line in lines:
            if line.held_for_recheck:
                held.append(line.name_in(language))  # reported wrong: held from new print runs until re-checked
                continue
            channels = list(line.channels.all())
            phone = next((c for c in channels if c.kind == Channel.Kind.PHONE and c.href), None)
            sms = next((c for c in channels if c.kind == Channel.Kind.SMS and c.href), None)
            if phone is None and sms is None:
                continue  # chat- or WhatsApp-only lines have nothing a card can print as a number
            printed.append(
                PrintableLine(
                    line_id=line.pk,
                    name=line.name_in(language),
                    dial=_printed_dial(phone) if phone else sms.dial,
                    sms=text_instruction(sms) if sms else None,
                    hours=None if line.hours_24_7 else line.hours_in(language),
                    group=line.group or None,
                    verified_on=line.verified_on,
                    due_for_recheck=line.due_for_recheck(today),
                    tel=tel_link(e164=phone.e164, dial=phone.dial, short_code=phone.short_code) if phone else None,
                    sms_link=sms_link(e164=sms.e164, dial=sms.dial, short_code=sms.short_code, keyword=sms.sms_keyword)
                    if sms
                    else None,
                    for_everyone=for_everyone(line),
                )
            )
    if not printed:
        raise GreenroomError(
            f"No vetted line for {directory.name} ({directory.country}) has a number a card can print"
            + (f" ({len(held)} held for re-check after wrong-number reports)." if held else "."),
            code="no_vetted_lines",
            status=409,
            country=directory.country,
        )
    dates = [p.verified_on for p in printed]
    with override(language):
        general = directory.emergency_info.general if directory.emergency_info else directory.emergency
        emergency = _(" or ").join(general[:2]) if general else ""
    return PrintableDirectory(
        country=directory.country,
        language=language,
        emergency=emergency,
        lines=printed,
        checked_on=None if None in dates else min(dates),
        unchecked=sum(d is None for d in dates),
        held=held,
    )


DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def opens_label(state) -> str:
    """ "Open now", "Opens Mon 09:00", or "" when the hours are not structured (in the active language)."""
    if state is None:
        return ""
    if state.open_now:
        return _("Open now")
    return _("Opens %(day)s %(time)s") % {"day": _(DAY_NAMES[state.opens_day]), "time": state.opens_at}


def line_states(country_code: str, *, now: datetime | None = None) -> dict[int, dict]:
    """For screens built elsewhere (the kiosk): per vetted line, open now / opens when, and the main button."""
    directory = directory_for(country_code, now=now)
    main = {l.pk for l in directory.main_lines}
    return {
        line.pk: {
            "open_now": line.is_open_now,
            "opens": opens_label(line.open_state),
            "main": line.pk in main,
            "for_everyone": line.for_everyone,
        }
        for line in directory.crisis_lines
    }


def printable_directory(country: str, language: str) -> PrintableDirectory:
    """Vetted lines only, in display order, each flagged when due for re-check.

    Raises GreenroomError(code="no_vetted_lines", status=409) for a country without a vetted line
    (and NotFound, code "unknown_country", for a code that is no country). A line with no phone
    number but a text number (Shout 85258) prints its text number as `dial` and how to text as `sms`.
    """
    return printable_lines(country, language)
