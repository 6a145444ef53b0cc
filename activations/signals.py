"""What the schedule announces, so the apps above it can act inside the same transaction.

The schedule sits below sign-ups in the layering (pyproject.toml), so its services do not call
sign-ups directly: they send these signals, and `signups.receivers` answers them synchronously,
inside the caller's transaction and row locks. A receiver that raises refuses the change.
"""

from django.dispatch import Signal

#: An organizer cancelled a whole activation: `activation`.
activation_cancelled = Signal()
#: A session changed (row locked): `session`, and `before`, a dict of its earlier field values.
session_changed = Signal()
#: Sessions are about to be deleted: `sessions` (a queryset) and `what` ("session" or
#: "activation"); a receiver raises to refuse the deletion.
sessions_deleting = Signal()
