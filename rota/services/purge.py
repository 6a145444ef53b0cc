"""Retention for volunteers: once a volunteer's last shift ended more than the retention period
ago (GREENROOM_RETENTION_DAYS, as for sign-ups), or they were added that long ago and never
worked one, their personal data is erased as when an organizer removes them
(`volunteers.remove_volunteer`): name, email, phone, training, PIN and link. Their past shifts stay,
nameless, so hours and coverage still add up. `purge_personal_data` runs this with the sign-ups.
"""

from datetime import datetime

from django.db.models import Max, Q

from core.personal_data import forget_in_admin_history
from rota.models import Volunteer
from rota.services.volunteers import remove_volunteer


def volunteers_due(cutoff: datetime):
    return (
        Volunteer.objects.filter(removed_at__isnull=True, created_at__lt=cutoff)
        .annotate(last_shift_end=Max("assignments__shift__ends_at", filter=Q(assignments__status="active")))
        .filter(Q(last_shift_end__isnull=True) | Q(last_shift_end__lt=cutoff))
    )


def purge_volunteers(cutoff: datetime, now: datetime) -> int:
    ids = list(volunteers_due(cutoff).values_list("pk", flat=True))
    forget_in_admin_history(Volunteer, ids)
    for pk in ids:
        remove_volunteer(None, pk, now=now)
    return len(ids)
