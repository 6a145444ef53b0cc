"""The re-check digest: each organization hears, by email, when lines its cards print fall due.

For every organization with card batches, the lines its batches print today (asked of the cards
through `helplines.signals.printed_lines`) that are due for re-check or fall due within
DUE_SOON_DAYS, or are held from print, and that it has not been told of for that due date
(`DueNotice`). One email per organization to its organizers with an email address, through the
outbox (`notifications.services.queue_email`), in the same transaction as its notices.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activations.models import Organization
from helplines.models import CrisisLine, DueNotice
from helplines.models.directory import RECHECK_AFTER_DAYS
from helplines.services.worklist import DUE_SOON_DAYS, due_on
from helplines.signals import collect, printed_lines
from notifications.services import queue_email


@dataclass
class DigestSent:
    organization: str
    recipients: int
    lines: int


def _line_text(line: CrisisLine, today: date) -> str:
    number = ", ".join(c.dial or c.e164 for c in line.channels.all() if c.kind in ("phone", "sms") and (c.dial or c.e164))
    due = due_on(line)
    if line.held_for_recheck:
        when = f"held from new print runs: {line.held_reason}"
    elif due is None:
        when = "never checked"
    elif due <= today:
        when = f"due since {due.isoformat()} (last checked {line.verified_on.isoformat()})"
    else:
        when = f"due on {due.isoformat()} (last checked {line.verified_on.isoformat()})"
    return f"- {line.name} ({line.country_id}) {number}: {when}"


def send_recheck_digests(*, today: date | None = None) -> list[DigestSent]:
    today = today or timezone.localdate()
    soon_cutoff = today - timedelta(days=RECHECK_AFTER_DAYS - DUE_SOON_DAYS)
    printed = collect(printed_lines, organization_ids=set(Organization.objects.values_list("pk", flat=True)))
    worklist_url = settings.SITE_URL + reverse("admin:helplines_worklist")
    sent = []
    for organization in Organization.objects.filter(pk__in=printed).order_by("name"):
        lines = [
            line
            for line in CrisisLine.objects.vetted()
            .filter(pk__in=printed[organization.pk])
            .select_related("country")
            .with_channels()
            .order_by("country_id", "display_order")
            if line.verified_on is None or line.verified_on < soon_cutoff or line.held_for_recheck
        ]
        with transaction.atomic():
            new = [
                line
                for line in lines
                if not DueNotice.objects.filter(organization=organization, line=line, due_on=due_on(line)).exists()
            ]
            if not new:
                continue
            recipients = list(organization.members.filter(is_active=True).exclude(email="").values_list("email", flat=True))
            if not recipients:
                continue  # nobody to tell yet: tell them once someone with an email joins
            body = "\n".join(
                [
                    f"Some crisis lines printed on {organization.name}'s cards need a re-check call.",
                    "A line checked more than 365 days ago stops printing without an override; a held line does not print.",
                    "",
                    *[_line_text(line, today) for line in new],
                    "",
                    f"Call them from the re-check worklist (a script for each, one tap for what came of it): {worklist_url}",
                ]
            )
            queue_email(
                to=recipients,
                subject=f"{len(new)} crisis line(s) on your cards due for re-check",
                body=body,
                kind="helpline_recheck_digest",
                organization=organization,
                group=f"helpline-digest:{organization.pk}:{today.isoformat()}",
            )
            DueNotice.objects.bulk_create([DueNotice(organization=organization, line=line, due_on=due_on(line)) for line in new])
        sent.append(DigestSent(organization.name, len(recipients), len(new)))
    return sent
