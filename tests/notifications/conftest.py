"""Real outside services for the outbox: a local SMTP server (aiosmtpd) and a local SMS provider."""

import base64
import email
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server accepted, in order; `on_message` may act before the 250 reply."""

    def __init__(self):
        self.messages = []
        self.on_message = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(parsed)
            count = len(self.messages)
        if self.on_message:
            self.on_message(count, parsed)
        return "250 OK"

    def message_ids(self):
        with self.lock:
            return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    def __init__(self, port):
        self.port, self.inbox, self.controller = port, Inbox(), None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """A port the mail settings point at; the server on it is started by the test (it may be down first)."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = (
        "127.0.0.1",
        server.port,
        False,
        "",
    )
    yield server
    server.stop()


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DB_QUEUE


def run_worker():
    """The real worker command, once over what is due (as `manage.py worker --batch`)."""
    import signal

    call_command("worker", "--batch", verbosity=0)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def twilio_signature(token: str, url: str, params: dict) -> str:
    """Twilio's documented scheme, written out here independently of the app's own code."""
    data = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


class SmsProvider:
    """A local HTTP server speaking Twilio's Messages API: checks the account's credentials."""

    def __init__(self, sid, token):
        self.sid, self.token, self.sent, self.refused = sid, token, [], 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                expected = "Basic " + base64.b64encode(f"{provider.sid}:{provider.token}".encode()).decode()
                if (
                    self.path != f"/2010-04-01/Accounts/{provider.sid}/Messages.json"
                    or self.headers.get("Authorization") != expected
                ):
                    provider.refused += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                provider.sent.append(form)
                body = json.dumps({"sid": f"SM{len(provider.sent):032d}", "status": "queued"}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, phone):
        return [m["Body"] for m in self.sent if m["To"] == phone]


@pytest.fixture
def sms_provider(settings):
    provider = SmsProvider("AC" + "1" * 32, "provider-auth-token")
    settings.SMS_BACKEND, settings.SMS_URL = "twilio", provider.url
    settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN, settings.SMS_FROM = provider.sid, provider.token, "+15005550006"
    yield provider
    provider.server.shutdown()
