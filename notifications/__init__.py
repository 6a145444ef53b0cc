"""Messages that are never lost: the outbox, its workers, reminders' delivery and SMS.

Other apps call `notifications.services.queue_email(...)` / `queue_sms(...)` inside their own
transaction; see `notifications/services/__init__.py` for the entry points and the guarantee.
"""
