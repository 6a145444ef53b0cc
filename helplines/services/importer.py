"""Loading the crisis-line directory from a seed file, all or nothing.

The file has one contact channel per row (see helplines/data/README.md). Every row is checked
before anything is written; if any row is wrong, nothing is written and every bad row is reported
with its line number and the reason. Importing the same file twice changes nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from core.errors import GreenroomError
from helplines.cache import directory_changed
from core.countries import country_name, is_country_code
from helplines.emergency import emergency_for
from helplines.hours import BadHours, parse_hours
from helplines.models import Channel, Country, CrisisLine, LineChange, Verification
from helplines.phones import BadNumber, check_short_code, normalize_full_number
from helplines.services.verification import add_verification, clear_changed, refresh_verified_on

BUNDLED_FILE = Path(__file__).resolve().parent.parent / "data" / "helplines.csv"

COLUMNS = [
    "key",
    "country",
    "section",
    "name",
    "local_name",
    "status",
    "display_order",
    "group",
    "hours_24_7",
    "hours",
    "hours_local",
    "languages",
    "audiences",
    "free",
    "confidential",
    "cost",
    "eligibility",
    "channel",
    "dial",
    "e164",
    "short_code",
    "sms_keyword",
    "after_dialing",
    "url",
    "email",
    "channel_hours",
    "channel_label",
    "verified_on",
    "verification_method",
    "sources",
    "notes",
]
# Columns a file may leave out (older seed files): structured opening hours of the line.
OPTIONAL_COLUMNS = ["opening_hours"]
# Columns that describe the line, not the channel: every row of one line must agree on them.
LINE_COLUMNS = ["country", *CrisisLine.DESCRIPTION_FIELDS, "verified_on", "verification_method", "sources", "notes"]
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
BOOLS = {"yes": True, "no": False, "": False}
MAX_ROWS = 5000


@dataclass
class BadRow:
    line: int
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}"


class ImportRejected(GreenroomError):
    status = 422
    code = "import_rejected"

    def __init__(self, problems: list[BadRow]):
        self.problems = problems
        super().__init__(
            f"Nothing was imported: {len(problems)} problem(s). " + "; ".join(str(p) for p in problems[:20]),
            problems=[{"line": p.line, "reason": p.reason} for p in problems],
        )


@dataclass
class ImportResult:
    countries: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    vetted: int = 0
    verifications_cleared: int = 0
    dry_run: bool = False
    changed_keys: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # one sentence per change, for --dry-run and the log

    def __str__(self):
        return (
            f"{self.countries} countries; lines: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired ({self.vetted} vetted in the file); "
            f"{self.verifications_cleared} verification(s) cleared" + (" [dry run: nothing written]" if self.dry_run else "")
        )


class _DryRun(Exception):
    pass


@dataclass
class _Line:
    key: str
    first_line: int
    fields: dict
    raw: dict
    channels: list = field(default_factory=list)


def import_helplines(source=None, *, today: date | None = None, dry_run: bool = False) -> ImportResult:
    """Reads, checks and loads a seed file (path, text or file object; the bundled file by default).

    The file speaks for the countries it lists: a line of those countries that is not in the file
    any more is retired (never shown or printed). With `dry_run`, the changes are worked out inside
    a transaction that is rolled back, and returned in `result.changes`: nothing is written.
    """
    text = _read(source)
    countries, lines = _parse(text, today or timezone.localdate())
    if not dry_run:
        return _load(countries, lines)
    result = ImportResult(dry_run=True)
    try:
        with transaction.atomic():
            _load(countries, lines, result)
            raise _DryRun
    except _DryRun:
        pass
    return result


def _read(source) -> str:
    if source is None:
        source = BUNDLED_FILE
    if isinstance(source, (str, Path)) and not str(source).lstrip().startswith("key,") and "\n" not in str(source):
        try:
            return Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportRejected([BadRow(0, f"cannot read the file: {exc}")]) from None
    if hasattr(source, "read"):
        data = source.read()
        return data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return str(source)


def _parse(text: str, today: date):
    problems: list[BadRow] = []
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRejected([BadRow(1, f"missing column(s): {', '.join(missing)}")])
    countries: dict[str, dict] = {}
    lines: dict[str, _Line] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            problems.append(BadRow(number, f"too many rows (at most {MAX_ROWS})"))
            break
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        try:
            _parse_row(row, number, today, countries, lines)
        except _RowError as exc:
            problems.extend(BadRow(number, reason) for reason in exc.reasons)
    problems.extend(_check_lines(lines, countries))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return countries, lines


class _RowError(Exception):
    def __init__(self, reasons):
        self.reasons = reasons


def _parse_row(row, number, today, countries, lines):
    reasons = []
    key, section, cc = row["key"], row["section"], row["country"].upper()
    if not KEY_RE.match(key):
        reasons.append(f"key “{key}” must be lower-case letters, digits and dashes")
    if section not in ("emergency", "crisis", "music"):
        reasons.append(f"section “{section}” must be emergency, crisis or music")
    if cc == "INTL":
        if section != "music":
            reasons.append("only music-industry rows may be international (INTL)")
    elif not is_country_code(cc):
        reasons.append(f"country “{row['country']}” is not an ISO 3166-1 alpha-2 code")
    for column in OPTIONAL_COLUMNS:
        row.setdefault(column, "")
    for column, value in row.items():
        if "UNCONFIRMED" in value.upper() and column not in ("notes", "sources"):
            reasons.append(f"{column} says UNCONFIRMED: unconfirmed facts are never imported")
    languages = row["languages"].split()
    bad_langs = [lang for lang in languages if not LANG_RE.match(lang)]
    if bad_langs:
        reasons.append(f"language code(s) {', '.join(bad_langs)} are not BCP 47 (e.g. en, pt-BR)")
    for column in ("hours_24_7", "free", "confidential", "short_code"):
        if row[column].lower() not in BOOLS:
            reasons.append(f"{column} must be yes, no or empty, not “{row[column]}”")
    channel = None
    if not reasons:
        channel, channel_reasons = _parse_channel(row, None if cc == "INTL" else cc)
        reasons.extend(channel_reasons)
    if section == "emergency":
        if row["channel"] != "phone" or not row["dial"]:
            reasons.append("an emergency row is a phone channel with a dial string")
        if reasons:
            raise _RowError(reasons)
        entry = countries.setdefault(cc, {"numbers": [], "languages": languages, "line": number})
        if row["dial"] in entry["numbers"]:
            reasons.append(f"emergency number {row['dial']} is listed twice for {cc}")
        entry["numbers"].append(row["dial"])
        if languages and not entry["languages"]:
            entry["languages"] = languages
        if reasons:
            raise _RowError(reasons)
        return
    fields, field_reasons = _parse_line_fields(row, today)
    reasons.extend(field_reasons)
    if reasons:
        raise _RowError(reasons)
    existing = lines.get(key)
    if existing is None:
        lines[key] = _Line(key=key, first_line=number, fields=fields, raw={c: row[c] for c in LINE_COLUMNS}, channels=[channel])
        return
    differing = [c for c in LINE_COLUMNS if row[c] and row[c] != existing.raw[c]]
    if differing:
        raise _RowError([f"line “{key}” has different {', '.join(differing)} than on line {existing.first_line}"])
    existing.channels.append(channel)


def _parse_line_fields(row, today):
    reasons = []
    status = row["status"]
    if status not in CrisisLine.Status.values:
        reasons.append(f"status “{status}” must be one of {', '.join(CrisisLine.Status.values)}")
    if not row["name"]:
        reasons.append("a line needs a name")
    try:
        order = int(row["display_order"] or 100)
        if order < 0:
            raise ValueError
    except ValueError:
        reasons.append(f"display_order “{row['display_order']}” must be a whole number ≥ 0")
        order = 100
    verified_on = None
    if row["verified_on"]:
        try:
            verified_on = date.fromisoformat(row["verified_on"])
            if verified_on > today:
                reasons.append(f"verified_on {verified_on} is in the future")
        except ValueError:
            reasons.append(f"verified_on “{row['verified_on']}” must be a date like 2025-08-19 (or empty when undated)")
    if verified_on and not row["verification_method"]:
        reasons.append("a verification date needs a verification_method (e.g. “public source”)")
    if status == "vetted" and not row["sources"]:
        reasons.append("a vetted line needs its sources")
    for column, limit in (
        ("name", 200),
        ("local_name", 200),
        ("hours", 200),
        ("hours_local", 200),
        ("cost", 200),
        ("eligibility", 300),
        ("group", 40),
    ):
        if len(row[column]) > limit:
            reasons.append(f"{column} is longer than {limit} characters")
    try:
        opening_hours = parse_hours(row["opening_hours"])
    except BadHours as exc:
        reasons.append(f"opening_hours: {exc}")
        opening_hours = []
    if opening_hours and BOOLS.get(row["hours_24_7"].lower(), False):
        reasons.append("a 24/7 line has no opening_hours")
    fields = dict(
        opening_hours=opening_hours,
        section=row["section"],
        name=row["name"],
        local_name=row["local_name"],
        status=status,
        display_order=order,
        group=row["group"],
        hours_24_7=BOOLS.get(row["hours_24_7"].lower(), False),
        hours=row["hours"],
        hours_local=row["hours_local"],
        languages=row["languages"].split(),
        audiences=row["audiences"].split(),
        free=BOOLS.get(row["free"].lower(), False),
        confidential=BOOLS.get(row["confidential"].lower(), False),
        cost=row["cost"],
        eligibility=row["eligibility"],
        verified_on=verified_on,
        verification_method=row["verification_method"],
        sources=row["sources"].replace(" ; ", "\n"),
        notes=row["notes"],
    )
    if fields["hours_local"] and not fields["hours"]:
        reasons.append("hours_local translates hours: give hours too")
    if fields["hours_24_7"] and fields["hours"]:
        reasons.append("a 24/7 line has no hours text (put channel-specific hours in channel_hours)")
    if not fields["hours_24_7"] and not fields["hours"] and row["section"] == "crisis" and status == "vetted":
        reasons.append("a vetted crisis line that is not 24/7 needs its hours")
    return fields, reasons


_url_ok = URLValidator(schemes=["https", "http"])
_email_ok = EmailValidator()


def _parse_channel(row, country):
    reasons = []
    kind = row["channel"]
    if kind not in Channel.Kind.values:
        return None, [f"channel “{kind}” must be one of {', '.join(Channel.Kind.values)}"]
    short = BOOLS[row["short_code"].lower()]
    dial, e164 = row["dial"], row["e164"]
    if kind in ("phone", "sms"):
        if not dial:
            reasons.append(f"a {kind} channel needs the dial string as printed")
        if short and e164:
            reasons.append("a short code has no E.164 form: leave e164 empty")
        if not short and not e164:
            reasons.append("a full number needs its E.164 form (or mark it short_code=yes)")
    if kind == "whatsapp" and not e164:
        reasons.append("a WhatsApp channel needs the number in E.164")
    if kind in ("chat", "web") and not row["url"]:
        reasons.append(f"a {kind} channel needs a url")
    if kind == "email" and not row["email"]:
        reasons.append("an email channel needs an email address")
    if e164:
        try:
            e164 = normalize_full_number(e164, country)
        except BadNumber as exc:
            reasons.append(str(exc))
    if short and dial:
        try:
            check_short_code(dial)
        except BadNumber as exc:
            reasons.append(str(exc))
    if row["url"]:
        try:
            _url_ok(row["url"])
        except ValidationError:
            reasons.append(f"url “{row['url']}” is not an http(s) URL")
    if row["email"]:
        try:
            _email_ok(row["email"])
        except ValidationError:
            reasons.append(f"email “{row['email']}” is not an email address")
    if row["after_dialing"] and not re.fullmatch(r"[0-9*#]{1,3}", row["after_dialing"]):
        reasons.append(f"after_dialing “{row['after_dialing']}” must be the menu key(s) to press, e.g. 5")
    if row["sms_keyword"] and kind not in ("sms", "whatsapp"):
        reasons.append("only a text channel has an sms_keyword")
    channel = dict(
        kind=kind,
        dial=dial,
        e164=e164,
        short_code=short,
        sms_keyword=row["sms_keyword"],
        after_dialing=row["after_dialing"],
        url=row["url"],
        email=row["email"],
        hours=row["channel_hours"],
        label=row["channel_label"],
    )
    return channel, reasons


def _check_lines(lines: dict[str, _Line], countries: dict[str, dict]) -> list[BadRow]:
    problems = []
    groups: dict[str, set] = {}
    for line in lines.values():
        cc = line.raw["country"].upper()
        if line.fields["section"] == "crisis" and cc not in countries:
            problems.append(BadRow(line.first_line, f"country {cc} has no emergency row: its page must lead with one"))
        if line.fields["status"] == "vetted" and line.fields["section"] == "crisis":
            if not any(c["kind"] in ("phone", "sms", "whatsapp", "chat") for c in line.channels):
                problems.append(BadRow(line.first_line, f"vetted line “{line.key}” has no way to call, text or chat"))
        if line.fields["group"]:
            groups.setdefault(line.fields["group"], set()).add(cc)
    for cc, entry in countries.items():
        known = emergency_for(cc).numbers
        stray = [n for n in entry["numbers"] if n not in known]
        if stray:
            problems.append(
                BadRow(
                    entry["line"],
                    f"emergency number(s) {', '.join(stray)} for {cc} are not in the "
                    f"sourced emergency table (helplines/data/emergency.csv)",
                )
            )
    for group, ccs in groups.items():
        if len(ccs) > 1:
            first = min(l.first_line for l in lines.values() if l.fields["group"] == group)
            problems.append(BadRow(first, f"group “{group}” spans several countries ({', '.join(sorted(ccs))})"))
    return problems


def _line_snapshot(line: CrisisLine, channels: list[dict]) -> dict:
    data = {name: getattr(line, name) for name in _LINE_FIELDS}
    data["country_id"] = line.country_id
    data["channels"] = channels
    return data


# verified_on / verification_method are not copied from the file: they follow the standing verifications.
_LINE_FIELDS = [*CrisisLine.DESCRIPTION_FIELDS, "sources", "notes"]
_CHANNEL_FIELDS = [*Channel.FACT_FIELDS, "label"]


def _channel_dicts(line: CrisisLine) -> list[dict]:
    return [{f: getattr(c, f) for f in _CHANNEL_FIELDS} for c in line.channels.order_by("display_order", "id")]


def _jsonable(value):
    return value.isoformat() if isinstance(value, date) else value


def _file_verification(line: CrisisLine, fields: dict, channels: list[dict]) -> bool:
    """The file's date stands as a "public source" check of the facts as the file gives them."""
    checked_on, method = fields["verified_on"], fields["verification_method"]
    if not checked_on:
        return False
    method = Verification.Method.PUBLIC_SOURCE if method in ("", "public source") else method
    if line.verifications.filter(cleared_at__isnull=True, checked_on=checked_on, method=method).exists():
        return False
    first_source = (fields["sources"].splitlines() or [""])[0]
    add_verification(
        line,
        checked_on=checked_on,
        method=method,
        channels=channels,
        source_url=first_source if first_source.startswith("http") else "",
        note="seed file",
    )
    return True


def _load(countries: dict[str, dict], lines: dict[str, _Line], result: ImportResult | None = None) -> ImportResult:
    with transaction.atomic():
        return _load_inner(countries, lines, result or ImportResult())


def _load_inner(countries, lines, result: ImportResult) -> ImportResult:
    for cc, entry in countries.items():
        country, created = Country.objects.get_or_create(
            code=cc, defaults={"name": country_name(cc), "emergency_numbers": entry["numbers"], "languages": entry["languages"]}
        )
        if created:
            result.changes.append(f"+ country {cc}: emergency {' / '.join(entry['numbers'])}")
        elif country.emergency_numbers != entry["numbers"] or country.languages != entry["languages"]:
            result.changes.append(
                f"~ country {cc}: emergency {' / '.join(country.emergency_numbers)} → {' / '.join(entry['numbers'])}"
            )
            country.emergency_numbers, country.languages = entry["numbers"], entry["languages"]
            country.save()
        result.countries += 1
    existing = {line.key: line for line in CrisisLine.objects.filter(key__in=lines.keys()).select_for_update()}
    for key, parsed in lines.items():
        cc = parsed.raw["country"].upper()
        country_id = None if cc == "INTL" else cc
        fields = dict(parsed.fields)
        file_check = {k: fields.pop(k) for k in ("verified_on", "verification_method")}
        result.vetted += fields["status"] == "vetted"
        line = existing.get(key)
        if line is None:
            line = CrisisLine.objects.create(key=key, country_id=country_id, **fields)
            _write_channels(line, parsed.channels)
            _file_verification(line, {**fields, **file_check}, parsed.channels)
            refresh_verified_on(line)
            LineChange.objects.create(line=line, source=LineChange.Source.IMPORT, summary="Imported from the seed file")
            result.created += 1
            result.changed_keys.append(key)
            result.changes.append(f"+ {key} ({fields['status']}, checked {_jsonable(file_check['verified_on']) or 'never'})")
            continue
        before = _line_snapshot(line, _channel_dicts(line))
        for name, value in fields.items():
            setattr(line, name, value)
        line.country_id = country_id
        after = _line_snapshot(line, parsed.channels)
        diff = {k: [_jsonable(before[k]), _jsonable(after[k])] for k in after if before[k] != after[k]}
        if diff:
            line.save()
            if "channels" in diff:
                line.channels.all().delete()
                _write_channels(line, parsed.channels)
            LineChange.objects.create(
                line=line,
                source=LineChange.Source.IMPORT,
                summary=("Updated by import: " + ", ".join(sorted(diff)))[:300],
                changes=diff,
            )
            result.changes.append(f"~ {key}: {', '.join(sorted(diff))}")
        cleared = clear_changed(line, channels=parsed.channels, source=LineChange.Source.IMPORT)
        result.verifications_cleared += len(cleared)
        result.changes += [f"! {key}: {said}" for said in cleared]
        added = _file_verification(line, {**fields, **file_check}, parsed.channels)
        if added:
            result.changes.append(f"~ {key}: checked on {file_check['verified_on'].isoformat()} (public source)")
        was = (line.verified_on, line.verification_method)
        refresh_verified_on(line, save=False)
        if (line.verified_on, line.verification_method) != was:
            line.save(update_fields=["verified_on", "verification_method", "verified_by", "updated_at"])
            LineChange.objects.create(
                line=line,
                source=LineChange.Source.IMPORT,
                summary=f"Checked on: {_jsonable(was[0]) or 'never'} → {_jsonable(line.verified_on) or 'never'}",
                changes={"verified_on": [_jsonable(was[0]), _jsonable(line.verified_on)]},
            )
        if diff or cleared or added or (line.verified_on, line.verification_method) != was:
            result.updated += 1
            result.changed_keys.append(key)
        else:
            result.unchanged += 1
    _retire_missing(countries, lines, result)
    transaction.on_commit(directory_changed)
    return result


def _retire_missing(countries: dict, lines: dict[str, _Line], result: ImportResult) -> None:
    """A line of a country this file speaks for that is no longer in it is retired, never kept."""
    listed = set(countries)
    intl = any(l.raw["country"].upper() == "INTL" for l in lines.values())
    gone = CrisisLine.objects.exclude(key__in=lines.keys()).exclude(status=CrisisLine.Status.RETIRED)
    gone = gone.filter(country_id__in=listed) | (gone.filter(country__isnull=True) if intl else gone.none())
    for line in gone.select_for_update():
        was = line.status
        line.status = CrisisLine.Status.RETIRED
        line.save(update_fields=["status", "updated_at"])
        LineChange.objects.create(
            line=line,
            source=LineChange.Source.IMPORT,
            summary="Retired: no longer in the seed file",
            changes={"status": [was, CrisisLine.Status.RETIRED]},
        )
        result.retired += 1
        result.changed_keys.append(line.key)
        result.changes.append(f"- {line.key}: retired (no longer in the seed file)")


def _write_channels(line: CrisisLine, channels: list[dict]) -> None:
    Channel.objects.bulk_create(Channel(line=line, display_order=i, **c) for i, c in enumerate(channels))
