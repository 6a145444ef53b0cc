"""What the public may see of the directory: the lines of a country for a help page or a card.

Only `vetted` lines are ever returned. Lines come in display order; lines sharing a `group`
(Belgium's Dutch and French lines) are shown together or not at all.
"""
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.errors import GreenroomError, NotFound
from core.countries import country_name_in, is_country_code
from helplines.models import Channel, Country, CrisisLine
from helplines.printable import PrintableDirectory, PrintableLine
from helplines.phones import emergency_numbers_from_libphonenumber

INTERNATIONAL_DIRECTORY_URL = "https://findahelpline.com"
CALLABLE = (Channel.Kind.PHONE,)
TEXTABLE = (Channel.Kind.SMS, Channel.Kind.WHATSAPP, Channel.Kind.CHAT)


@dataclass
class Directory:
    """A country's emergency numbers and its vetted lines, split the way a help page shows them."""

    country: str
    name: str
    emergency: list[str]
    languages: list[str]
    main_lines: list[CrisisLine] = field(default_factory=list)  # the big call button(s)
    text_options: list[tuple[CrisisLine, Channel]] = field(default_factory=list)
    other_lines: list[CrisisLine] = field(default_factory=list)
    music_lines: list[CrisisLine] = field(default_factory=list)
    known_country: bool = False  # we have researched this country

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
        """The oldest verification date among the crisis lines shown (honest: the weakest link)."""
        dates = [line.verified_on for line in self.crisis_lines if line.verified_on]
        return min(dates) if dates else None


def normalize_country(code: str) -> str:
    code = (code or "").strip().upper()
    if not is_country_code(code):
        raise NotFound(f"“{code}” is not an ISO 3166-1 country code.", code="unknown_country")
    return code


def directory_for(country_code: str) -> Directory:
    """The help-page view of one country (3 queries: country, lines, their channels)."""
    code = normalize_country(country_code)
    country = Country.objects.filter(code=code).first()
    if country is None:
        return Directory(country=code, name=country_name_in(code), languages=[],
                         emergency=list(emergency_numbers_from_libphonenumber(code)))
    lines = list(
        CrisisLine.objects.vetted().filter(country_id=code).with_channels().order_by("section", "display_order", "id")
    )
    directory = Directory(country=code, name=country_name_in(code), languages=list(country.languages),
                          emergency=list(country.emergency_numbers) or list(emergency_numbers_from_libphonenumber(code)),
                          known_country=True)
    groups = {l.group for l in lines if l.group}
    if groups:
        # Lines shown together are shown together or not at all: one unvetted member hides its group.
        broken = set(CrisisLine.objects.filter(country_id=code, group__in=groups)
                     .exclude(status=CrisisLine.Status.VETTED).values_list("group", flat=True))
        lines = [l for l in lines if l.group not in broken]
    crisis = [l for l in lines if l.section == CrisisLine.Section.CRISIS]
    directory.music_lines = [l for l in lines if l.section == CrisisLine.Section.MUSIC]
    main = _main_line(crisis)
    if main is None:
        return directory
    directory.main_lines = [l for l in crisis if l.group and l.group == main.group] if main.group else [main]
    shown = {l.pk for l in directory.main_lines}
    for line in directory.main_lines:
        directory.text_options += [(line, c) for c in line.channels.all() if c.kind in TEXTABLE]
    for line in crisis:
        if line.pk in shown:
            continue
        channels = list(line.channels.all())
        if channels and not any(c.kind in CALLABLE for c in channels) and any(c.kind in TEXTABLE for c in channels):
            directory.text_options += [(line, c) for c in channels if c.kind in TEXTABLE]
        else:
            directory.other_lines.append(line)
    return directory


def _main_line(lines: list[CrisisLine]) -> CrisisLine | None:
    """The country's first choice: a 24/7 line for everyone with a number to call, in display order."""
    def callable_(line):
        return any(c.kind in CALLABLE for c in line.channels.all())

    def for_everyone(line):
        return not line.audiences or "general" in line.audiences

    for test in (lambda l: l.hours_24_7 and callable_(l) and for_everyone(l),
                 lambda l: l.hours_24_7 and callable_(l),
                 lambda l: callable_(l) and for_everyone(l),
                 callable_):
        for line in lines:
            if test(line):
                return line
    return lines[0] if lines else None


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
            code="no_vetted_lines", status=409, country=directory.country,
        )
    printed = []
    with override(language):
        for line in lines:
            channels = list(line.channels.all())
            phone = next((c for c in channels if c.kind == Channel.Kind.PHONE), None)
            sms = next((c for c in channels if c.kind == Channel.Kind.SMS), None)
            if phone is None and sms is None:
                continue  # chat- or WhatsApp-only lines have nothing a card can print as a number
            printed.append(PrintableLine(
                line_id=line.pk, name=line.name_in(language), dial=_printed_dial(phone) if phone else sms.dial,
                sms=text_instruction(sms) if sms else None, hours=None if line.hours_24_7 else line.hours_in(language),
                group=line.group or None, verified_on=line.verified_on, due_for_recheck=line.due_for_recheck(today),
            ))
    if not printed:
        raise GreenroomError(
            f"No vetted line for {directory.name} ({directory.country}) has a number a card can print.",
            code="no_vetted_lines", status=409, country=directory.country,
        )
    dates = [p.verified_on for p in printed if p.verified_on]
    with override(language):
        emergency = _(" or ").join(directory.emergency) if directory.emergency else ""
    return PrintableDirectory(country=directory.country, language=language, emergency=emergency,
                              lines=printed, checked_on=min(dates) if dates else None)


def printable_directory(country: str, language: str) -> PrintableDirectory:
    """Vetted lines only, in display order, each flagged when due for re-check.

    Raises GreenroomError(code="no_vetted_lines", status=409) for a country without a vetted line
    (and NotFound, code "unknown_country", for a code that is no country). A line with no phone
    number but a text number (Shout 85258) prints its text number as `dial` and how to text as `sms`.
    """
    return printable_lines(country, language)
