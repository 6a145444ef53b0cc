"""The one builder of tel:, sms:, WhatsApp and mail links, for the help page, the kiosk and the card.

Links come from structured fields only: E.164 for full numbers, the short code's digits for short
codes, the keyword as the message body. A menu key to press after dialling is never appended (Peru
"113, then press 5" calls 113), and a number that only takes texts never gets a call link.
"""

import re
from urllib.parse import quote

_SHORT_RE = re.compile(r"^\*?[0-9]{2,10}$")
_E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _short_digits(dial: str) -> str | None:
    digits = re.sub(r"[ \-]", "", dial or "")
    return digits if _SHORT_RE.match(digits) else None


def _number(e164: str, dial: str, short_code: bool) -> str | None:
    if e164 and _E164_RE.match(e164):
        return e164
    if short_code:
        return _short_digits(dial)
    return None


def tel_link(*, e164: str = "", dial: str = "", short_code: bool = False) -> str | None:
    """tel:+4722400040 for a full number, tel:116123 for a short code, None when neither is known."""
    number = _number(e164, dial, short_code)
    return f"tel:{quote(number, safe='+')}" if number else None


def sms_link(*, e164: str = "", dial: str = "", short_code: bool = False, keyword: str = "") -> str | None:
    """sms:85258?&body=SHOUT (the keyword as the body), None when the number is not structured."""
    number = _number(e164, dial, short_code)
    if not number:
        return None
    return f"sms:{number}?&body={quote(keyword)}" if keyword else f"sms:{number}"


def emergency_tel(dial: str) -> str | None:
    """Emergency numbers are short codes (112, 999, 000)."""
    return tel_link(dial=dial, short_code=True)


def channel_href(channel) -> str:
    """The link a phone follows for one channel; empty when the channel has no structured number."""
    kind = channel.kind
    if kind == "phone":
        return tel_link(e164=channel.e164, dial=channel.dial, short_code=channel.short_code) or ""
    if kind == "sms":
        return sms_link(e164=channel.e164, dial=channel.dial, short_code=channel.short_code, keyword=channel.sms_keyword) or ""
    if kind == "whatsapp":
        return f"https://wa.me/{channel.e164.lstrip('+')}" if channel.e164 and _E164_RE.match(channel.e164) else ""
    if kind == "email":
        return f"mailto:{channel.email}" if channel.email else ""
    return channel.url
