"""Forgetting people in the admin's history, for every app's part of `purge_personal_data`.

Django's admin history (`LogEntry`) keeps each object's name as it was when it was saved
(`object_repr`, e.g. "Quinn Renamed · Breathwork"), and an inline's name inside its parent's
change message. An app that blanks or deletes people's rows calls `forget_in_admin_history` with
them first; what was done and when stays, the names go.
"""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

REMOVED = "(personal data removed)"


def forget_in_admin_history(model, pks, names=()) -> int:
    """Blanks the history's copies of the names of `model` rows `pks` (and any extra `names`).
    Returns how many history entries changed. Call it before the rows are blanked or deleted."""
    pks = [str(pk) for pk in pks]
    if not pks:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    own = LogEntry.objects.filter(content_type=content_type, object_id__in=pks)
    reprs = {r for r in own.values_list("object_repr", flat=True) if r and r != REMOVED}
    reprs |= {str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    reprs |= {n for n in names if n}
    changed = own.exclude(object_repr=REMOVED).update(object_repr=REMOVED)
    if reprs:
        # An inline's name is in its parent's change message: [{"added": {"name": "sign-up", "object": "…"}}]
        for entry in LogEntry.objects.filter(change_message__contains='"object":').only("pk", "change_message"):
            message = _without(entry.change_message, reprs)
            if message != entry.change_message:
                LogEntry.objects.filter(pk=entry.pk).update(change_message=message)
                changed += 1
    return changed


def _without(change_message: str, reprs: set[str]) -> str:
    try:
        parts = json.loads(change_message)
    except ValueError:
        return change_message
    if not isinstance(parts, list):
        return change_message
    for part in parts:
        for detail in part.values() if isinstance(part, dict) else ():
            if isinstance(detail, dict) and detail.get("object") in reprs:
                detail["object"] = REMOVED
    return json.dumps(parts)
