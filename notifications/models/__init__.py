"""What the notifications app stores: queued messages (the outbox) and numbers that said STOP."""

from notifications.models.message import Message, SmsOptOut

__all__ = ["Message", "SmsOptOut"]
