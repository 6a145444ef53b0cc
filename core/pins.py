"""Staff PINs: what a PIN may be (6 to 8 digits) and wrong-PIN lock-outs that a reload cannot
reset and that escalate. One rule for every PIN.

Five wrong tries lock the PIN for 5 minutes; the next lock-out within a day of the first lasts 10,
then 20, 40… (at most a day). A guessing loop then gets about 40 tries a day instead of 1,440:
years for a 6-digit PIN. The kiosk's shared PIN (kiosk/services/staff_pin.py) and a rostered
person's own PIN (rota/services/staff_pins.py) keep the same four fields and call this module;
each says what happens around it (who is told, who may lift the lock).
"""

from datetime import timedelta

from core.errors import GreenroomError
from core.ratelimit import RateLimited

MAX_WRONG_TRIES = 5
FIRST_LOCK = timedelta(minutes=5)  # the first lock-out of a day; each next one doubles
LONGEST_LOCK = timedelta(days=1)
LOCKOUT_DAY = timedelta(days=1)  # lock-outs count up within a day of the first one
PIN_MIN, PIN_MAX = 6, 8  # six digits at least: a million guesses, not ten thousand
FIELDS = ["pin_failed_attempts", "pin_locked_until", "pin_lockouts", "pin_lockouts_since"]


class PinLocked(RateLimited):
    """429 `pin_locked` with `Retry-After` (the API answers RateLimited with the header)."""

    code = "pin_locked"


def clean_pin(pin: str) -> str:
    """The PIN as typed, trimmed; 422 `invalid_pin` unless it is 6 to 8 digits."""
    pin = (pin or "").strip()
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise GreenroomError(f"The PIN must be {PIN_MIN} to {PIN_MAX} digits.", code="invalid_pin", status=422)
    return pin


def lock_duration(lockouts: int) -> timedelta:
    """How long the n-th lock-out of a day lasts: 5 minutes, doubling, at most a day."""
    return min(FIRST_LOCK * 2 ** max(0, lockouts - 1), LONGEST_LOCK)


def is_locked(holder, now) -> bool:
    return bool(holder.pin_locked_until and holder.pin_locked_until > now)


def clear(holder) -> None:
    """A right PIN, a new PIN or an organizer's lift: the count and its escalation start again."""
    holder.pin_failed_attempts = 0
    holder.pin_locked_until = None
    holder.pin_lockouts = 0
    holder.pin_lockouts_since = None


def wrong_try(holder, now) -> int:
    """Count one wrong try; returns the tries left (0: it has just locked, for longer each time
    within a day). The caller saves `FIELDS` in the same transaction as its check."""
    holder.pin_failed_attempts += 1
    if holder.pin_failed_attempts < MAX_WRONG_TRIES:
        return MAX_WRONG_TRIES - holder.pin_failed_attempts
    if holder.pin_lockouts_since is None or now - holder.pin_lockouts_since > LOCKOUT_DAY:
        holder.pin_lockouts, holder.pin_lockouts_since = 0, now
    holder.pin_lockouts += 1
    holder.pin_failed_attempts = 0
    holder.pin_locked_until = now + lock_duration(holder.pin_lockouts)
    return 0


def locked_answer(holder, now, what: str, then: str = "") -> PinLocked:
    """The 429 for a locked PIN, saying for how long (`what`: "Staff mode", "Your PIN"; `then`:
    what else can be done)."""
    seconds = max(1, int((holder.pin_locked_until - now).total_seconds() + 0.999))
    minutes = (seconds + 59) // 60
    wait = f"{minutes} more minute{'s' if minutes != 1 else ''}" if minutes < 120 else f"{(minutes + 59) // 60} more hours"
    return PinLocked(f"Too many wrong PINs. {what} is locked for {wait}.{' ' + then if then else ''}", retry_after=seconds)


def wrong_pin_answer(left: int, what: str) -> GreenroomError:
    """The 403 for a wrong try that has not locked yet (`what`: "staff mode", "your PIN")."""
    return GreenroomError(
        f"Wrong PIN. {left} tr{'ies' if left != 1 else 'y'} left before {what} locks.",
        code="wrong_pin",
        status=403,
        tries_left=left,
    )
