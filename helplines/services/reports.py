"""Wrong-number reports from the public: recorded for organizers, with no personal data."""
from django.core import signing
from django.core.cache import cache

from core.errors import GreenroomError
from helplines.models import CrisisLine, WrongNumberReport
from helplines.services.directory import normalize_country

FORM_SALT = "helplines.wrong-number-form"
FORM_MAX_AGE = 2 * 24 * 3600
MAX_MESSAGE = 1000
MAX_REPORTS_PER_COUNTRY_PER_HOUR = 30


def form_token(country: str) -> str:
    """A signed, time-limited token standing in for a CSRF cookie: the help pages set no cookie."""
    return signing.TimestampSigner(salt=FORM_SALT).sign(country)


def report_wrong_number(*, country: str, token: str, message: str, line_id: int | None = None) -> WrongNumberReport:
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
    return WrongNumberReport.objects.create(country=country, line=line, message=message)
