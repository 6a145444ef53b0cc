"""The one way to tell someone something: queue an email or an SMS in the outbox.

Call these inside the transaction of the change that causes the message (a sign-up, a promotion,
a hand-out that runs stock low, a digest, a welfare alert, a rota change):

    from notifications.services import queue_email, queue_sms, withdraw_messages

    queue_email(to=["a@example.org"], subject="…", body="…", kind="rota_changed",
                organization=org, group="rota:12", attachments=[...], send_at=None)
    queue_sms(to="+447911123456", body="…", kind="welfare_alert", urgent=True, zone="Europe/London")
    withdraw_messages(group="rota:12")      # the ones not sent yet are cancelled

The message row is written in your transaction (no message if it rolls back) and a worker
(`manage.py worker`) sends it after the commit, retrying with backoff; a message that keeps
failing becomes a dead letter in the admin. Each message is sent at most once, and in practice
exactly once: see `notifications.services.delivery` for what happens when a worker dies.
`send_at` schedules it; `expires_at` drops it if it could not go out in time; SMS that are not
`urgent` wait out the quiet hours (21:00–08:00 in `zone`); numbers that replied STOP get nothing.
"""

from notifications.services.outbox import queue_email, queue_sms, withdraw_messages

__all__ = ["queue_email", "queue_sms", "withdraw_messages"]
