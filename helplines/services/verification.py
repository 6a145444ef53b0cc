"""Verifying lines and keeping their history: every change says who, when, how, and what changed.

A verification belongs to what was verified. It records the facts it checked (the dial strings,
the channels, the hours) as they stood, and how (test call, source page, provider, public source).
When an import or an edit changes a checked fact, the verifications of that fact are cleared and
the line's history says so. `line.verified_on` is kept here: the newest standing check of the
number, which is what "checked on" prints and what "due for re-check" reads.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from helplines.models import Channel, CrisisLine, LineChange, Verification

TRACKED_FIELDS = [
    "country_id",
    *CrisisLine.DESCRIPTION_FIELDS,
    "verified_on",
    "verification_method",
    "verified_by_id",
    "sources",
    "notes",
    "held_for_recheck",
    "held_reason",
    "recheck_flag",
]
ALL_FACTS = [Verification.Fact.NUMBER.value, Verification.Fact.CHANNELS.value, Verification.Fact.HOURS.value]


def _channel_values(channels) -> list[dict]:
    return [c if isinstance(c, dict) else {f: getattr(c, f) for f in Channel.FACT_FIELDS} for c in channels]


def facts_of(line: CrisisLine, channels=None) -> dict:
    """The checkable facts of a line: what to dial, which ways in, when it is open."""
    channels = _channel_values(line.channels.all() if channels is None else channels)
    number = sorted(
        " ".join(filter(None, [c["kind"], c.get("e164") or c.get("dial"), c.get("sms_keyword"), c.get("after_dialing")]))
        for c in channels
        if c["kind"] in ("phone", "sms", "whatsapp")
    )
    kinds = sorted(
        " ".join(filter(None, [c["kind"], c.get("e164") or c.get("dial") or c.get("url") or c.get("email")])) for c in channels
    )
    hours = {
        "24_7": line.hours_24_7,
        "hours": line.hours,
        "opening_hours": line.opening_hours,
        "channel_hours": sorted(c.get("hours", "") for c in channels if c.get("hours")),
    }
    return {"number": number, "channels": kinds, "hours": hours}


def snapshot(line: CrisisLine) -> dict:
    data = {name: getattr(line, name) for name in TRACKED_FIELDS}
    data["channels"] = [str(c) for c in line.channels.all()] if line.pk else []
    return data


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def record_change(
    line: CrisisLine, before: dict, *, user=None, source=LineChange.Source.ADMIN, summary: str = ""
) -> LineChange | None:
    after = snapshot(line)
    diff = {k: [_plain(before.get(k)), _plain(after[k])] for k in after if before.get(k) != after[k]}
    if not diff:
        return None
    return LineChange.objects.create(
        line=line,
        changed_by=user,
        source=source,
        summary=(summary or "Changed: " + ", ".join(sorted(diff)))[:300],
        changes=diff,
    )


def add_verification(
    line: CrisisLine,
    *,
    checked_on: date,
    method: str,
    facts=ALL_FACTS,
    user=None,
    source_url: str = "",
    note: str = "",
    channels=None,
) -> Verification:
    current = facts_of(line, channels)
    return Verification.objects.create(
        line=line,
        checked_on=checked_on,
        method=method,
        facts=list(facts),
        checked={f: current[f] for f in facts},
        checked_by=user,
        source_url=source_url[:500],
        note=note[:300],
    )


def clear_changed(line: CrisisLine, *, channels=None, source=LineChange.Source.ADMIN, user=None) -> list[str]:
    """Clears every standing verification whose checked facts no longer hold; returns what it said."""
    current = facts_of(line, channels)
    said = []
    for v in line.verifications.filter(cleared_at__isnull=True):
        changed = [f for f in v.facts if v.checked.get(f) != current.get(f)]
        if not changed:
            continue
        v.cleared_at = timezone.now()
        v.cleared_reason = f"{', '.join(changed)} changed since it was checked"[:300]
        v.save(update_fields=["cleared_at", "cleared_reason"])
        said.append(f"{v.method} of {v.checked_on.isoformat()} no longer stands ({v.cleared_reason})")
    if said:
        LineChange.objects.create(
            line=line,
            changed_by=user,
            source=source,
            summary=("Verification cleared: " + "; ".join(said))[:300],
            changes={"verifications_cleared": said},
        )
    return said


def refresh_verified_on(line: CrisisLine, *, save: bool = True) -> None:
    """line.verified_on/method = the newest standing check of the number (None when none stands)."""
    newest = _newest_number_check(line)
    line.verified_on = newest.checked_on if newest else None
    line.verification_method = newest.method if newest else ""
    line.verified_by_id = newest.checked_by_id if newest else None
    if save:
        line.save(update_fields=["verified_on", "verification_method", "verified_by", "updated_at"])


def _newest_number_check(line: CrisisLine) -> Verification | None:
    # JSON containment lookups differ between SQLite and PostgreSQL: the few rows are filtered here.
    standing = [
        v
        for v in line.verifications.filter(cleared_at__isnull=True).order_by("-checked_on", "-id")
        if Verification.Fact.NUMBER in v.facts
    ]
    return standing[0] if standing else None


def hours_checked_on(line: CrisisLine) -> date | None:
    dates = [v.checked_on for v in line.verifications.filter(cleared_at__isnull=True) if Verification.Fact.HOURS in v.facts]
    return max(dates) if dates else None


@transaction.atomic
def verify_by_test_call(lines, user, *, today=None, facts=ALL_FACTS, note: str = "") -> int:
    """Records a test call by `user` today for each line (the number, channels and hours as they are)."""
    today = today or timezone.localdate()
    count = 0
    for line in CrisisLine.objects.select_for_update().filter(pk__in=[l.pk for l in lines]):
        before = snapshot(line)
        add_verification(line, checked_on=today, method=Verification.Method.TEST_CALL, facts=facts, user=user, note=note)
        line.held_for_recheck, line.held_reason, line.recheck_flag = False, "", ""
        line.save(update_fields=["held_for_recheck", "held_reason", "recheck_flag", "updated_at"])
        refresh_verified_on(line)
        record_change(
            line,
            before,
            user=user,
            source=LineChange.Source.VERIFICATION,
            summary=f"Verified on {today.isoformat()} by test call ({user.get_username()})",
        )
        count += 1
    return count


def hold_for_recheck(line: CrisisLine, reason: str, *, source=LineChange.Source.REPORT, user=None) -> bool:
    """Flags a line for re-check and holds it from new print runs; False when it was already held."""
    if line.held_for_recheck:
        return False
    before = snapshot(line)
    line.held_for_recheck, line.held_reason = True, reason[:200]
    line.save(update_fields=["held_for_recheck", "held_reason", "updated_at"])
    record_change(line, before, user=user, source=source, summary=f"Held for re-check: {reason}")
    return True


def flag_for_recheck(line: CrisisLine, reason: str, *, source=LineChange.Source.SOURCE_CHECK, user=None) -> bool:
    """Asks for a re-check without holding the line from print (its number is still confirmed); False if already flagged."""
    if line.recheck_flag:
        return False
    before = snapshot(line)
    line.recheck_flag = reason[:200]
    line.save(update_fields=["recheck_flag", "updated_at"])
    record_change(line, before, user=user, source=source, summary=f"Flagged for re-check: {reason}")
    return True


def record_source_listing(line: CrisisLine, *, checked_on: date, url: str) -> Verification | None:
    """The official source page still lists the line's number on `checked_on`: a check of the number only.

    None when such a check for that day already stands (the monitor may run more than once a day)."""
    if line.verifications.filter(cleared_at__isnull=True, checked_on=checked_on, method=Verification.Method.SOURCE_PAGE).exists():
        return None
    before = snapshot(line)
    verification = add_verification(
        line,
        checked_on=checked_on,
        method=Verification.Method.SOURCE_PAGE,
        facts=[Verification.Fact.NUMBER.value],
        source_url=url,
        note="source monitor",
    )
    refresh_verified_on(line)
    record_change(
        line,
        before,
        source=LineChange.Source.SOURCE_CHECK,
        summary=f"Source page still lists the number on {checked_on.isoformat()} ({url})"[:300],
    )
    return verification
