"""The cards' answers to the directory's questions (`helplines.signals`): the directory sits below the
cards, so it asks through signals and the cards answer here.

- which countries an organization's card batches use, and which lines they print today;
- a line declared dead on the re-check worklist: every batch not yet in use (none of its cards
  scanned, and its activation, if any, not over) that prints the line gets a warning, in the same
  transaction that unvets the line.
"""

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from core.errors import GreenroomError
from helplines.services.directory import printable_directory
from helplines.signals import batch_countries, line_declared_dead, printed_lines
from printables import pdf
from printables.models import CardBatch


def _line_ids_printed(country: str, language: str, layout: str, url: str) -> set[int]:
    try:
        directory = printable_directory(country, language)
        return {line.line_id for line in pdf.lines_that_print(directory, url, layout)}
    except (GreenroomError, pdf.DoesNotFit):
        return set()


@receiver(batch_countries, dispatch_uid="printables-batch-countries")
def answer_batch_countries(sender, organization_ids, **kwargs):
    answer: dict[int, set[str]] = {}
    for org_id, country in (
        CardBatch.objects.filter(organization_id__in=organization_ids).values_list("organization_id", "country").distinct()
    ):
        answer.setdefault(org_id, set()).add(country)
    return answer


@receiver(printed_lines, dispatch_uid="printables-printed-lines")
def answer_printed_lines(sender, organization_ids, **kwargs):
    answer: dict[int, set[int]] = {}
    seen: dict[tuple, set[int]] = {}
    rows = (
        CardBatch.objects.filter(organization_id__in=organization_ids)
        .values_list("organization_id", "country", "language", "layout", "code")
        .order_by("organization_id", "country", "language", "layout")
    )
    for org_id, country, language, layout, code in rows:
        key = (country, language, layout)
        if key not in seen:
            seen[key] = _line_ids_printed(country, language, layout, CardBatch(code=code).short_url)
        answer.setdefault(org_id, set()).update(seen[key])
    return answer


@receiver(line_declared_dead, dispatch_uid="printables-line-declared-dead")
def warn_batches_of_a_dead_line(sender, line, user, on, **kwargs):
    """Returns how many batches it warned."""
    batches = (
        CardBatch.objects.filter(country=line.country_id)
        .filter(Q(activation__isnull=True) | Q(activation__ends_at__gte=timezone.now()))
        .exclude(scan_counts__scans__gt=0)
        .select_for_update(of=("self",))
    )
    warned = 0
    printed: dict[tuple, set[int]] = {}
    dial = ", ".join(c.dial for c in line.channels.all() if c.dial)
    for batch in batches:
        key = (batch.country, batch.language, batch.layout)
        if key not in printed:
            printed[key] = _line_ids_printed(batch.country, batch.language, batch.layout, batch.short_url)
        if line.pk not in printed[key] and not line.held_for_recheck:
            continue  # its layout has no room for this line (a held line may have printed before it was held)
        batch.warnings = [
            *batch.warnings,
            {
                "code": "line_dead",
                "line_id": line.pk,
                "name": line.name,
                "dial": dial,
                "on": on.isoformat(),
                "message": f"{line.name} ({dial}) was found out of service on {on.isoformat()} by {user.get_username()}: "
                "it no longer prints on this batch; cards already printed still carry it.",
            },
        ]
        batch.save(update_fields=["warnings"])
        warned += 1
    return warned
