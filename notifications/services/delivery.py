"""Sending one message of the outbox: claim it, hand it over, mark it; retry with backoff; dead letters.

The guarantee, honestly:
- A message is claimed (`sending`, committed) before anything leaves, so two workers never send
  the same row; on PostgreSQL the claim is `SELECT … FOR UPDATE SKIP LOCKED`, so workers on many
  machines share the queue without waiting for each other.
- Just before the point of no return, `handed_over_at` is committed: for email, after the SMTP
  server has accepted sender, recipients and the whole text but before the final "." that makes
  it deliver; for SMS, after the connection to the provider is open and before the request is
  written. If a worker dies before that moment, nothing was delivered and the message is tried
  again once its claim is stale. If it dies after, the message was (almost surely) delivered,
  so it is never sent again by itself: it becomes `unconfirmed`, a dead letter in the admin that
  a person may resend. The only case that loses a message is a death in the microseconds between
  that commit and the final bytes, and then the admin shows it as unconfirmed, never silently.
- Every copy carries the message's `key` (the email's Message-ID), so a resend by a person is
  recognisable as the same message.
Failures before the hand-over are retried with exponential backoff (`NOTIFICATIONS_RETRY_BASE`
seconds, doubling, at most an hour apart) up to `NOTIFICATIONS_MAX_ATTEMPTS`; then `failed`.
"""

import logging
import os
import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.models import Message, SmsOptOut
from notifications.services import email_sender, sms

log = logging.getLogger(__name__)
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
MAX_BACKOFF = timedelta(hours=1)


class Unconfirmed(Exception):
    """The message left for the provider, and then we lost sight of it: it may have arrived."""


class Permanent(Exception):
    """The provider refused this message for good (an address that does not exist): no retry."""


def schedule_delivery(message: Message) -> None:
    """Puts the delivery task on the queue, in the caller's transaction when the queue is the database."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from notifications.tasks import deliver

    now = timezone.now()
    if isinstance(task_backends[deliver.backend], DatabaseBackend):
        deliver.using(run_after=message.due_at if message.due_at > now else None).enqueue(message.pk)
    elif message.due_at <= now:
        # A queue outside the database (or the immediate one in tests) sees only committed rows.
        transaction.on_commit(lambda pk=message.pk: deliver.enqueue(pk))
    # else: a later message with a non-database queue is left for `recover_stale_claims` to schedule.


def deliver_message(message_id: int, now: datetime | None = None) -> str:
    """Sends one message if it is still due; returns what happened (for the task's result)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update(skip_locked=True).filter(pk=message_id, status=Message.Status.PENDING).first()
        if message is None:
            return "not pending"
        if message.due_at > now:
            return "not due"  # moved later; the task scheduled with the new time will send it
        if message.expires_at and now >= message.expires_at:
            return _finish(message, Message.Status.CANCELLED, "Too late to be useful (after its expiry).")
        if message.channel == Message.Channel.SMS and SmsOptOut.objects.filter(phone=message.recipient).exists():
            return _finish(message, Message.Status.CANCELLED, "The number replied STOP.")
        quiet_end = _quiet_hours_end(message, now)
        if quiet_end is not None:
            message.due_at = quiet_end
            message.save(update_fields=["due_at"])
            schedule_delivery(message)
            return "deferred past quiet hours"
        message.status = Message.Status.SENDING
        message.claimed_at, message.claimed_by, message.handed_over_at = now, WORKER_ID, None
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "claimed_by", "handed_over_at", "attempts"])

    def handing_over():
        Message.objects.filter(pk=message.pk).update(handed_over_at=timezone.now())

    try:
        if message.channel == Message.Channel.EMAIL:
            provider_id = email_sender.send(message, handing_over)
        else:
            provider_id = sms.send(message, handing_over)
    except (Unconfirmed, email_sender.Unconfirmed, sms.Unconfirmed) as error:
        return _finish(message, Message.Status.UNCONFIRMED, f"May have been sent, not sent again: {error}")
    except (Permanent, email_sender.Permanent, sms.Permanent) as error:
        return _finish(message, Message.Status.FAILED, f"Refused: {error}")
    except Exception as error:  # not handed over: safe to try again later
        return _retry_or_give_up(message, error)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, sent_at=timezone.now(), provider_id=provider_id or "", last_error=""
    )
    return "sent"


def backoff(attempts: int) -> timedelta:
    base = timedelta(seconds=settings.NOTIFICATIONS_RETRY_BASE)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@transaction.atomic
def recover_stale_claims(now: datetime | None = None) -> dict:
    """What a worker does every few seconds: look after messages whose worker died, and lost tasks.

    A claim older than `NOTIFICATIONS_CLAIM_LEASE` seconds belongs to a worker that is gone. If it
    had not handed the message over, the message goes back to the queue; if it had, it becomes
    `unconfirmed` and is not sent again by itself.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE)
    stale = Message.objects.select_for_update(skip_locked=True).filter(status=Message.Status.SENDING, claimed_at__lt=stale_before)
    unconfirmed = stale.filter(handed_over_at__isnull=False).update(
        status=Message.Status.UNCONFIRMED,
        last_error="The worker stopped after handing it to the provider and before hearing back: it may have "
        "arrived, so it is not sent again by itself. Resend it from here if the person did not get it.",
    )
    retried = 0
    for message in stale.filter(handed_over_at__isnull=True):
        message.status, message.due_at = Message.Status.PENDING, now
        message.save(update_fields=["status", "due_at"])
        schedule_delivery(message)
        retried += 1
    # A due message with no task left (its worker died holding the task): schedule it again. Only
    # when the queue has nothing ready, so a long backlog is not doubled.
    rescheduled = 0
    if not DBTaskResult.objects.ready().exists():
        for message in Message.objects.filter(status=Message.Status.PENDING, due_at__lt=stale_before)[:500]:
            schedule_delivery(message)
            rescheduled += 1
    return {"unconfirmed": unconfirmed, "retried": retried, "rescheduled": rescheduled}


@transaction.atomic
def resend_dead_letters(queryset) -> int:
    """The admin's "send again": dead letters go back to the queue as new attempts."""
    count = 0
    for message in queryset.select_for_update().filter(status__in=Message.DEAD):
        message.status, message.due_at, message.attempts, message.handed_over_at = (
            Message.Status.PENDING,
            timezone.now(),
            0,
            None,
        )
        message.save(update_fields=["status", "due_at", "attempts", "handed_over_at"])
        schedule_delivery(message)
        count += 1
    return count


def _finish(message: Message, status: str, why: str) -> str:
    Message.objects.filter(pk=message.pk).update(status=status, last_error=why[:2000])
    return status


def _retry_or_give_up(message: Message, error: Exception) -> str:
    why = f"{type(error).__name__}: {error}"[:2000]
    log.warning("Message %s attempt %s failed: %s", message.pk, message.attempts, why)
    with transaction.atomic():
        if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            return _finish(message, Message.Status.FAILED, f"Gave up after {message.attempts} attempts. Last: {why}")
        message.status = Message.Status.PENDING
        message.due_at = timezone.now() + backoff(message.attempts)
        message.last_error = why
        message.save(update_fields=["status", "due_at", "last_error"])
        schedule_delivery(message)
    return "will retry"


def _quiet_hours_end(message: Message, now: datetime) -> datetime | None:
    """For a non-urgent SMS in the quiet hours of its time zone: when they end. Else None."""
    if message.channel != Message.Channel.SMS or message.urgent:
        return None
    start_hour, end_hour = settings.NOTIFICATIONS_QUIET_HOURS
    zone = ZoneInfo(message.zone or settings.TIME_ZONE)
    local = now.astimezone(zone)
    if end_hour <= local.hour < start_hour:
        return None
    day = local.date() if local.hour < end_hour else local.date() + timedelta(days=1)
    return datetime.combine(day, time(end_hour), tzinfo=zone)
