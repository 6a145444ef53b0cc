"""Wrong-number reports: recorded with no personal data, and acted on.

Two independent reports on one line within REPORT_WINDOW_DAYS (or one from an organizer) flag the
line for re-check and hold it from new print runs until it is re-checked. Reports are told apart
by `reporter_key`, an HMAC of what the view knows of the sender with a weekly salt, never stored
in the clear: no name, no IP, no cookie.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.errors import GreenroomError
from helplines.models import CrisisLine, WrongNumberReport
from helplines.services.directory import normalize_country
from helplines.services.verification import hold_for_recheck

FORM_SALT = "helplines.wrong-number-form"
FORM_MAX_AGE = 2 * 24 * 3600
MAX_MESSAGE = 1000
MAX_REPORTS_PER_COUNTRY_PER_HOUR = 30
REPORT_WINDOW_DAYS = 7
REPORTS_TO_HOLD = 2


def reporter_key(*parts: str) -> str:
    """An opaque key telling two senders apart within a week; it cannot be turned back into its parts."""
    week = timezone.now().strftime("%G-%V")
    message = "|".join([week, *parts]).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def form_token(country: str) -> str:
    """A signed, time-limited token standing in for a CSRF cookie: the help pages set no cookie."""
    return signing.TimestampSigner(salt=FORM_SALT).sign(country)


def report_wrong_number(
    *, country: str, token: str, message: str, line_id: int | None = None, reporter: str = ""
) -> WrongNumberReport:
    country = normalize_country(country)
    try:
        signed_for = signing.TimestampSigner(salt=FORM_SALT).unsign(token or "", max_age=FORM_MAX_AGE)
    except signing.SignatureExpired:
        raise GreenroomError("This form has expired. Please open it again.", code="form_expired") from None
    except signing.BadSignature:
        raise GreenroomError("This form is not valid. Please open it again.", code="form_invalid") from None
    if signed_for != country:
        raise GreenroomError("This form is for another country.", code="form_invalid")
    message = (message or "").strip()
    if not message:
        raise GreenroomError("Please say what is wrong.", code="message_required")
    if len(message) > MAX_MESSAGE:
        raise GreenroomError(f"Please keep it under {MAX_MESSAGE} characters.", code="message_too_long")
    line = None
    if line_id:
        line = CrisisLine.objects.filter(pk=line_id, country_id=country).first()
        if line is None:
            raise GreenroomError("That line is not listed for this country.", code="unknown_line")
    key = f"helplines:reports:{country}"
    cache.add(key, 0, 3600)
    try:
        if cache.incr(key) > MAX_REPORTS_PER_COUNTRY_PER_HOUR:
            raise GreenroomError("Too many reports right now. Please try again later.", code="too_many_reports", status=429)
    except ValueError:
        pass
    with transaction.atomic():
        report = WrongNumberReport.objects.create(
            country=country, line=line, message=message, reporter_key=reporter_key(reporter) if reporter else ""
        )
        if line is not None:
            _act_on_reports(line)
    return report


def report_from_organizer(line: CrisisLine, user, message: str) -> WrongNumberReport:
    """An organizer's report holds the line at once."""
    with transaction.atomic():
        report = WrongNumberReport.objects.create(
            country=line.country_id or "", line=line, message=message[:MAX_MESSAGE], from_organizer=True
        )
        hold_for_recheck(line, f"reported wrong by organizer {user.get_username()}", user=user)
    return report


def _act_on_reports(line: CrisisLine) -> None:
    since = timezone.now() - timedelta(days=REPORT_WINDOW_DAYS)
    recent = WrongNumberReport.objects.filter(line=line, created_at__gte=since, resolved=False)
    if recent.filter(from_organizer=True).exists():
        hold_for_recheck(line, "reported wrong by an organizer")
        return
    # Reports without a key cannot be told apart: each counts once, and keyed ones count once per key.
    keys = set(recent.exclude(reporter_key="").values_list("reporter_key", flat=True))
    independent = len(keys) + recent.filter(reporter_key="").count()
    if independent >= REPORTS_TO_HOLD:
        hold_for_recheck(line, f"{independent} wrong-number reports in {REPORT_WINDOW_DAYS} days")
