"""Email out of the outbox: Django's email settings, with a two-step SMTP hand-over.

With the SMTP backend the conversation is driven here so that the point of no return is known:
sender, recipients and the whole text go first; `handing_over()` is committed; only then the
final "." that tells the server to deliver. A worker that dies before it leaves nothing behind at
the server (it drops a message whose "." never came), so the message may be tried again. Other
backends (console, the test outbox, a provider's HTTP backend) are called after `handing_over()`.
"""

import base64
import smtplib
import ssl
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Unconfirmed(Exception):
    pass


class Permanent(Exception):
    pass


def build(message) -> EmailMessage:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "greenroom.invalid"
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=message.recipient.split(", "),
        headers={"Message-ID": f"<{message.key}@{domain}>", "X-Greenroom-Kind": message.kind},
    )
    for item in message.attachments:
        content = base64.b64decode(item["content"])
        main, _, sub = item["mimetype"].partition("/")
        if main == "text":
            part = MIMEText(content.decode("utf-8"), sub, "utf-8")
        else:
            part = MIMEBase(main, sub)
            part.set_payload(content)
        for name, value in item.get("params", {}).items():
            part.set_param(name, value)
        part.add_header("Content-Disposition", "attachment", filename=item["filename"])
        email.attach(part)
    return email


def send(message, handing_over) -> str:
    email = build(message)
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        handing_over()
        try:
            get_connection(fail_silently=False).send_messages([email])
        except Exception as error:
            raise Unconfirmed(error) from error
        return ""
    _send_over_smtp(email, handing_over)
    return ""


def _send_over_smtp(email: EmailMessage, handing_over) -> None:
    connection = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30)
    try:
        if settings.EMAIL_USE_TLS:
            connection.starttls(context=ssl.create_default_context())
        if settings.EMAIL_HOST_USER:
            connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        encoding = email.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(email.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email.recipients()]
        connection.ehlo_or_helo_if_needed()
        code, reply = connection.mail(sender)
        if code != 250:
            _refused(code, reply)
        for address in recipients:
            code, reply = connection.rcpt(address)
            if code not in (250, 251):
                _refused(code, reply)
        code, reply = connection.docmd("data")
        if code != 354:
            _refused(code, reply)
        text = smtplib._quote_periods(email.message().as_bytes(linesep="\r\n"))
        if not text.endswith(b"\r\n"):
            text += b"\r\n"
        connection.send(text)
        handing_over()
        try:
            connection.send(b".\r\n")
            code, reply = connection.getreply()
        except (OSError, smtplib.SMTPException) as error:
            raise Unconfirmed(f"lost the server after the final dot: {error}") from error
        if code != 250:
            # The server said no to the whole text: nothing was delivered.
            _refused(code, reply)
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _refused(code: int, reply: bytes):
    text = f"{code} {reply.decode('utf-8', 'replace')}"
    if 500 <= code < 600:
        raise Permanent(text)
    raise smtplib.SMTPResponseException(code, text)
