"""Verifying lines and keeping their history: every change says who, when, how, and what changed."""
from django.db import transaction
from django.utils import timezone

from helplines.models import CrisisLine, LineChange

TRACKED_FIELDS = [
    "country_id", "section", "name", "local_name", "status", "display_order", "group", "hours_24_7", "hours", "hours_local",
    "languages", "audiences", "free", "confidential", "cost", "eligibility", "verified_on", "verification_method",
    "verified_by_id", "sources", "notes",
]


def snapshot(line: CrisisLine) -> dict:
    data = {name: getattr(line, name) for name in TRACKED_FIELDS}
    data["channels"] = [str(c) for c in line.channels.all()] if line.pk else []
    return data


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def record_change(line: CrisisLine, before: dict, *, user=None, source=LineChange.Source.ADMIN, summary: str = "") -> LineChange | None:
    after = snapshot(line)
    diff = {k: [_plain(before.get(k)), _plain(after[k])] for k in after if before.get(k) != after[k]}
    if not diff:
        return None
    return LineChange.objects.create(
        line=line, changed_by=user, source=source,
        summary=(summary or "Changed: " + ", ".join(sorted(diff)))[:300], changes=diff,
    )


@transaction.atomic
def verify_by_test_call(lines, user, *, today=None) -> int:
    """Marks lines as verified today by a test call made by `user`; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for line in CrisisLine.objects.select_for_update().filter(pk__in=[l.pk for l in lines]):
        before = snapshot(line)
        line.verified_on, line.verification_method, line.verified_by = today, "test call", user
        line.save(update_fields=["verified_on", "verification_method", "verified_by", "updated_at"])
        record_change(line, before, user=user, source=LineChange.Source.VERIFICATION,
                      summary=f"Verified on {today.isoformat()} by test call ({user.get_username()})")
        count += 1
    return count
