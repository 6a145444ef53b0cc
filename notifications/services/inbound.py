"""Replies people text back: STOP silences a number, START lifts that, CANCEL gives a place up."""

from django.db import transaction

from notifications.models import Message, SmsOptOut
from notifications import signals
from notifications.services.outbox import queue_sms

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
CANCEL_WORDS = {"CANCEL"}


@transaction.atomic
def receive_sms_reply(phone: str, text: str) -> str:
    """Acts on one inbound SMS; returns what it did (`stopped`, `started`, `cancelled`, `ignored`)."""
    word = (text or "").strip().split(maxsplit=1)[0].upper().strip(".!") if (text or "").strip() else ""
    if word in STOP_WORDS:
        SmsOptOut.objects.get_or_create(phone=phone)
        Message.objects.filter(channel=Message.Channel.SMS, recipient=phone, status=Message.Status.PENDING).update(
            status=Message.Status.CANCELLED, last_error="The number replied STOP."
        )
        return "stopped"
    if word in START_WORDS:
        SmsOptOut.objects.filter(phone=phone).delete()
        return "started"
    if word in CANCEL_WORDS:
        replies = [reply for _, reply in signals.sms_cancel_requested.send(sender=receive_sms_reply, phone=phone) if reply]
        for reply in replies:
            queue_sms(to=phone, body=reply, kind="cancel_reply", urgent=True)
        return "cancelled" if replies else "ignored"
    return "ignored"
