"""What the notifications app announces to the apps above it (they answer in the same transaction).

- `sms_cancel_requested(phone)`: a number replied CANCEL; sign-ups cancel that number's next
  sign-up (and promote the next person). Receivers return a short reply text, or None.
"""

from django.dispatch import Signal

sms_cancel_requested = Signal()
