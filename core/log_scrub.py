"""A logging filter that keeps secrets and addresses out of every log line, whichever logger wrote it.

Django's own loggers (`django.request`, `django.security.csrf`, a view's "Method Not Allowed") write
the raw path of every 4xx and 5xx: `Conflict: /api/signups/<token>/check-in`, and a sign-up token
is enough to cancel. This filter, set on the log handlers (settings.LOGGING), puts the URL pattern
in place of the path, as the project's own request log does (core/request_log.py), and blanks
email addresses in any message at any level (an SMTP refusal quotes the recipient).
"""

import logging
import re

from core.request_log import route_of

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _scrubbed_path(request) -> str:
    route = route_of(request)
    return route if route.startswith("<") else "/" + route


class ScrubSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            full = request.get_full_path() if hasattr(request, "get_full_path") else path
            record.args = tuple(
                _scrubbed_path(request) if isinstance(arg, str) and arg in (path, full) else arg for arg in record.args
            )
        message = record.getMessage()
        if path and path in message:  # a path formatted into the message some other way
            message = message.replace(path, _scrubbed_path(request))
        if "@" in message:
            message = EMAIL.sub("<email>", message)
        record.msg, record.args = message, ()
        return True
