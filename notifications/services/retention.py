"""The outbox's part of `purge_personal_data`: what was said to whom does not outlive the retention.

Every message finished before the cutoff (sent, cancelled, or a dead letter) loses its recipient,
subject, body, attachments and error text, whichever app wrote it; its kind, status and times stay
for the counts. Waiting messages are left alone (a reminder may be due later). The task queue's
finished rows (django-tasks-db: arguments, return values, tracebacks) are deleted.
"""

from django.db import transaction

from notifications.models import Message

FINISHED = [Message.Status.SENT, Message.Status.CANCELLED, *Message.DEAD]


def messages_due(cutoff):
    return Message.objects.filter(created_at__lt=cutoff, status__in=FINISHED).exclude(
        recipient="", subject="", body="", last_error=""
    )


def purge_messages(cutoff) -> tuple[int, int]:
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        blanked = messages_due(cutoff).update(recipient="", subject="", body="", attachments=[], last_error="")
        tasks, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return blanked, tasks
