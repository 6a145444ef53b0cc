"""Deploy checks of our own (`manage.py check --deploy`): production must not print people's mail.

With DEBUG=0 the console or locmem email backend writes every attendee's address, name and sign-up
link to the server's log and sends nothing; that is an error unless a demo says so explicitly
(`GREENROOM_DEMO_EMAIL=1`). The console SMS backend does the same with phone numbers: a warning.
"""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

NOT_SENT = ("django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.locmem.EmailBackend")


@register(Tags.security, deploy=True)
def mail_is_really_sent(app_configs, **kwargs):
    problems = []
    if settings.DEBUG:
        return problems
    if settings.EMAIL_BACKEND in NOT_SENT and os.environ.get("GREENROOM_DEMO_EMAIL") != "1":
        problems.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} with DEBUG=0: no email is sent, and every address, "
                "name and sign-up link goes to the server's log.",
                hint="Set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) and EMAIL_HOST; "
                "for a demo that means it, set GREENROOM_DEMO_EMAIL=1.",
                id="greenroom.E001",
            )
        )
    if settings.SMS_BACKEND == "console" and os.environ.get("GREENROOM_DEMO_SMS") != "1":
        problems.append(
            Warning(
                "SMS_BACKEND is console with DEBUG=0: texts are not sent, and phone numbers go to the worker's output.",
                hint="Set SMS_BACKEND=twilio with its SMS_* settings, or GREENROOM_DEMO_SMS=1 for a demo.",
                id="greenroom.W002",
            )
        )
    return problems
