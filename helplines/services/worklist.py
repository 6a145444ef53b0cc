"""The re-check worklist: which lines an organization's people should call, what to say, and what came of it.

An organization's countries are those of its activations that have not ended (not cancelled) and of
its card batches (asked of the cards through `helplines.signals.batch_countries`). Its worklist is
the vetted lines of those countries that are due for re-check, fall due within DUE_SOON_DAYS, are
held (wrong-number reports, a vanished number) or flagged (a changed or missing source page). Each
comes with a call script, and one of four outcomes is recorded through `record_outcome`:

- confirmed: a test call of the number, channels and hours as they stand (clears hold and flag,
  resolves the line's open wrong-number reports);
- changed: the line is held from new print runs until someone edits it and calls again;
- no answer: written in the line's history and flagged; nothing is verified;
- dead: the line is unvetted at once, and every card batch not yet in use that prints it is warned
  (through `helplines.signals.line_declared_dead`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.errors import GreenroomError, NotFound
from helplines.models import Channel, CrisisLine, LineChange, WrongNumberReport
from helplines.models.directory import RECHECK_AFTER_DAYS
from helplines.services.directory import text_instruction
from helplines.services.verification import flag_for_recheck, hold_for_recheck, record_change, snapshot, verify_by_test_call
from helplines.signals import batch_countries, collect, line_declared_dead

DUE_SOON_DAYS = 30
OUTCOMES = {
    "confirmed": "Confirmed: the number answers as listed",
    "changed": "Changed: something is different (say what)",
    "no_answer": "No answer",
    "dead": "Dead: the number is out of service",
}


def due_on(line: CrisisLine) -> date | None:
    """The first day the line is due for re-check (None: due already, never checked)."""
    return line.verified_on + timedelta(days=RECHECK_AFTER_DAYS + 1) if line.verified_on else None


def countries_of(organization_ids) -> set[str]:
    from activations.models import Activation

    ids = set(organization_ids)
    countries = set(
        Activation.objects.filter(organization_id__in=ids, ends_at__gte=timezone.now())
        .exclude(status=Activation.Status.CANCELLED)
        .values_list("venue__country", flat=True)
    )
    for codes in collect(batch_countries, organization_ids=ids).values():
        countries |= codes
    return {c.upper() for c in countries if c}


@dataclass
class CallScript:
    dial: list[str] = field(default_factory=list)  # what to dial (or text), as printed
    ask: list[str] = field(default_factory=list)
    record: list[str] = field(default_factory=list)


@dataclass
class WorkItem:
    line: CrisisLine
    state: str  # "held", "flagged", "due", "due soon"
    reason: str
    due_on: date | None
    script: CallScript


def call_script(line: CrisisLine) -> CallScript:
    script = CallScript()
    for c in line.channels.all():
        if c.kind == Channel.Kind.PHONE:
            then = f", then press {c.after_dialing}" if c.after_dialing else ""
            label = f" ({c.label})" if c.label else ""
            script.dial.append(f"Call {c.dial or c.e164}{then}{label}" + (" — works only on a local SIM" if c.short_code else ""))
        elif c.kind == Channel.Kind.SMS:
            script.dial.append(text_instruction(c) + " (send a test text saying it is a directory check)")
        elif c.kind == Channel.Kind.WHATSAPP:
            script.dial.append(f"WhatsApp {c.dial or c.e164}")
        elif c.kind == Channel.Kind.CHAT and c.url:
            script.dial.append(f"Open the chat at {c.url}")
    hours = "24 hours a day, every day" if line.hours_24_7 else (line.hours or "at the hours they give you")
    script.ask = [
        f"Say you are checking the listing of “{line.name}” for a crisis-line card, not calling for support.",
        f"Is this still {line.name}, and is this the number to give the public?",
        f"Are you open {hours}?",
        "Is the call free, and from mobiles too?" if line.free else "What does a call cost?",
        "Which languages can callers use?",
    ]
    if line.audiences and set(line.audiences) - {"general"}:
        script.ask.append(f"Who may call (we list it for: {', '.join(line.audiences)})?")
    script.record = [
        "Confirmed when the line answers as listed.",
        "Changed when the name, hours, cost or number differ — write what they said in the note.",
        "No answer when nobody answered (say when you called in the note).",
        "Dead when the number is out of service or the line has closed.",
    ]
    return script


def worklist(organization_ids, *, today: date | None = None, all_countries: bool = False) -> list[WorkItem]:
    """The lines to re-check for the organizations' countries (every country when `all_countries`)."""
    today = today or timezone.localdate()
    soon_cutoff = today - timedelta(days=RECHECK_AFTER_DAYS - DUE_SOON_DAYS)
    lines = (
        CrisisLine.objects.vetted()
        .filter(Q(verified_on__isnull=True) | Q(verified_on__lt=soon_cutoff) | Q(held_for_recheck=True) | ~Q(recheck_flag=""))
        .exclude(country__isnull=True)
    )
    if not all_countries:
        lines = lines.filter(country_id__in=countries_of(organization_ids))
    items = []
    for line in lines.select_related("country").with_channels().order_by("country_id", "verified_on", "display_order"):
        if line.held_for_recheck:
            state, reason = "held", line.held_reason
        elif line.recheck_flag:
            state, reason = "flagged", line.recheck_flag
        elif line.due_for_recheck(today):
            state = "due"
            reason = f"last checked {line.verified_on.isoformat()}" if line.verified_on else "never checked"
        else:
            state, reason = "due soon", f"last checked {line.verified_on.isoformat()}, due {due_on(line).isoformat()}"
        items.append(WorkItem(line=line, state=state, reason=reason, due_on=due_on(line), script=call_script(line)))
    order = {"held": 0, "flagged": 1, "due": 2, "due soon": 3}
    return sorted(items, key=lambda i: (order[i.state], i.line.country_id, i.due_on or date.min))


@dataclass
class OutcomeResult:
    line: CrisisLine
    outcome: str
    batches_warned: int = 0

    @property
    def message(self) -> str:
        name = f"{self.line.name} ({self.line.country_id})"
        return {
            "confirmed": f"{name}: confirmed today by test call.",
            "changed": f"{name}: held from new print runs until it is corrected and called again.",
            "no_answer": f"{name}: no answer recorded; it stays on the worklist.",
            "dead": f"{name}: unvetted (no longer shown or printed); {self.batches_warned} card batch(es) warned.",
        }[self.outcome]


def record_outcome(
    line_id: int,
    outcome: str,
    user,
    *,
    organization_ids=(),
    is_superuser: bool = False,
    note: str = "",
    today: date | None = None,
) -> OutcomeResult:
    """One tap on the worklist: what came of the call. The line must be on the caller's worklist."""
    today = today or timezone.localdate()
    if outcome not in OUTCOMES:
        raise GreenroomError(
            f"Unknown outcome “{outcome}”; choose one of {', '.join(OUTCOMES)}.", code="invalid_outcome", status=422
        )
    note = (note or "").strip()[:200]
    if outcome == "changed" and not note:
        raise GreenroomError("Say what changed in the note.", code="note_required", status=422)
    with transaction.atomic():
        line = CrisisLine.objects.select_for_update().filter(pk=line_id, status=CrisisLine.Status.VETTED).first()
        if line is None or (not is_superuser and line.country_id not in countries_of(organization_ids)):
            raise NotFound("That line is not on your worklist.", code="not_on_worklist")
        who = user.get_username()
        result = OutcomeResult(line=line, outcome=outcome)
        if outcome == "confirmed":
            verify_by_test_call([line], user, today=today, note=note)
            WrongNumberReport.objects.filter(line=line, resolved=False).update(resolved=True)
        elif outcome == "changed":
            hold_for_recheck(
                line,
                f"changed on the re-check call of {today.isoformat()} ({who}): {note}",
                source=LineChange.Source.RECHECK,
                user=user,
            )
        elif outcome == "no_answer":
            LineChange.objects.create(
                line=line,
                changed_by=user,
                source=LineChange.Source.RECHECK,
                summary=f"No answer on the re-check call of {today.isoformat()} ({who}){': ' + note if note else ''}"[:300],
            )
            flag_for_recheck(line, f"no answer on {today.isoformat()}", source=LineChange.Source.RECHECK, user=user)
        else:  # dead: the cards hear of it while the line is still vetted, then it is unvetted
            answers = line_declared_dead.send(sender=CrisisLine, line=line, user=user, on=today)
            result.batches_warned = sum(n for _receiver, n in answers if isinstance(n, int))
            before = snapshot(line)
            line.status = CrisisLine.Status.UNVETTED
            line.save(update_fields=["status", "updated_at"])
            record_change(
                line,
                before,
                user=user,
                source=LineChange.Source.RECHECK,
                summary=f"Dead on the re-check call of {today.isoformat()} ({who}): unvetted"
                f"{'; ' + note if note else ''}; {result.batches_warned} card batch(es) warned",
            )
        line.refresh_from_db()
    return result
