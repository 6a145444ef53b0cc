"""Writing messages into the outbox, in the caller's transaction, and withdrawing unsent ones."""

import base64
from datetime import datetime

import phonenumbers
from django.utils import timezone

from notifications.models import Message, SmsOptOut


def queue_email(
    *,
    to,
    subject: str,
    body: str,
    kind: str,
    organization=None,
    group: str = "",
    attachments=(),
    send_at: datetime | None = None,
    expires_at: datetime | None = None,
    zone: str = "",
) -> Message | None:
    """One email to the address or addresses in `to` (blank ones skipped); None if there is none.

    `attachments`: (filename, content bytes or str, mimetype[, {param: value}]) tuples.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    addresses = list(dict.fromkeys(a.strip() for a in recipients if a and a.strip()))
    if not addresses:
        return None
    return _queue(
        Message(
            channel=Message.Channel.EMAIL,
            recipient=", ".join(addresses),
            subject=subject[:200],
            body=body,
            attachments=[_attachment(*item) for item in attachments],
            kind=kind,
            organization=organization,
            group=group,
            zone=zone,
            urgent=True,
            due_at=send_at or timezone.now(),
            expires_at=expires_at,
        )
    )


def queue_sms(
    *,
    to: str,
    body: str,
    kind: str,
    organization=None,
    group: str = "",
    urgent: bool = False,
    send_at: datetime | None = None,
    expires_at: datetime | None = None,
    zone: str = "",
) -> Message | None:
    """An SMS to an E.164 number, unless that number replied STOP (then None)."""
    if not to or SmsOptOut.objects.filter(phone=to).exists():
        return None
    return _queue(
        Message(
            channel=Message.Channel.SMS,
            recipient=to,
            body=body,
            kind=kind,
            organization=organization,
            group=group,
            urgent=urgent,
            zone=zone,
            due_at=send_at or timezone.now(),
            expires_at=expires_at,
        )
    )


def withdraw_messages(*, group: str) -> int:
    """Cancels the messages of `group` that have not started sending (a cancelled sign-up's reminders)."""
    return Message.objects.filter(group=group, status=Message.Status.PENDING).update(status=Message.Status.CANCELLED)


def normalise_phone(value: str, region: str | None = None) -> str:
    """A phone number in E.164 (+447700900123), or ValueError if it cannot be a real number."""
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _attachment(filename, content, mimetype, params=None) -> dict:
    if isinstance(content, str):
        content = content.encode("utf-8")
    return {
        "filename": filename,
        "mimetype": mimetype,
        "params": params or {},
        "content": base64.b64encode(content).decode("ascii"),
    }


def _queue(message: Message) -> Message:
    from notifications.services.delivery import schedule_delivery

    message.save()
    schedule_delivery(message)
    return message
