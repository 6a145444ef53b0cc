"""SMS out of the outbox and the provider's signatures: Twilio's Messages API shape, or the console.

Configured by the environment: `SMS_BACKEND` (`console`, the default, writes to the worker's log;
`twilio` posts to `SMS_URL`/2010-04-01/Accounts/`SMS_ACCOUNT_SID`/Messages.json with HTTP basic
auth `SMS_ACCOUNT_SID`:`SMS_AUTH_TOKEN`, from `SMS_FROM`). Any provider that speaks this shape
works. Inbound webhooks are signed the way Twilio signs them (`X-Twilio-Signature`:
base64(HMAC-SHA1(auth token, full URL + each POST parameter name and value, sorted by name)).
"""

import base64
import hashlib
import hmac
import http.client
import json
import logging
import sys
from urllib.parse import urlencode, urlsplit

from django.conf import settings

log = logging.getLogger(__name__)


class Unconfirmed(Exception):
    pass


class Permanent(Exception):
    pass


def send(message, handing_over) -> str:
    if settings.SMS_BACKEND == "console":
        handing_over()
        sys.stdout.write(f"SMS to {message.recipient} [{message.key}]: {message.body}\n")
        sys.stdout.flush()
        return f"console-{message.key}"
    return _send_to_provider(message, handing_over)


def _send_to_provider(message, handing_over) -> str:
    base = urlsplit(settings.SMS_URL)
    sid = settings.SMS_ACCOUNT_SID
    path = f"{base.path.rstrip('/')}/2010-04-01/Accounts/{sid}/Messages.json"
    body = urlencode({"To": message.recipient, "From": settings.SMS_FROM, "Body": message.body})
    credentials = base64.b64encode(f"{sid}:{settings.SMS_AUTH_TOKEN}".encode()).decode()
    kind = http.client.HTTPSConnection if base.scheme == "https" else http.client.HTTPConnection
    connection = kind(base.hostname, base.port, timeout=30)
    try:
        connection.connect()  # a provider that cannot be reached got nothing: safe to retry
        handing_over()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Authorization": f"Basic {credentials}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                },
            )
            response = connection.getresponse()
            answer = response.read()
        except OSError as error:
            raise Unconfirmed(f"lost the provider after sending: {error}") from error
    finally:
        connection.close()
    if response.status >= 500 or response.status == 429:
        raise ConnectionError(f"provider answered {response.status}")  # it did not take it: retry
    if response.status >= 400:
        raise Permanent(f"provider answered {response.status}: {answer[:300].decode('utf-8', 'replace')}")
    try:
        return str(json.loads(answer).get("sid", ""))[:64]
    except ValueError:
        return ""


def signature(url: str, params: dict, token: str | None = None) -> str:
    """Twilio's X-Twilio-Signature for a POST to `url` with form `params`."""
    token = settings.SMS_AUTH_TOKEN if token is None else token
    text = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(token.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(url: str, params: dict, given: str) -> bool:
    if not settings.SMS_AUTH_TOKEN or not given:
        return False
    return hmac.compare_digest(signature(url, params), given)
