"""A worker SIGKILLed in the middle of a batch of 100: every message reaches the SMTP server exactly once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.db import connection, transaction

from notifications.models import Message
from notifications.services import queue_email

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(smtp_port: int, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "GREENROOM_TASKS": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "NOTIFICATIONS_CLAIM_LEASE": "1",
        "DEBUG": "0",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.05", "--sweep-every", "0.3", "--worker-id", name, "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_killed_mid_batch_delivers_every_message_exactly_once(transactional_db, smtp, db_queue):
    with transaction.atomic():
        keys = [
            queue_email(to=f"guest{n}@example.org", subject=f"Message {n}", body="Hello", kind="test").key for n in range(100)
        ]
    smtp.start()
    first = _start_worker(smtp.port, "first")

    def kill_the_worker_before_the_server_answers(count, message):
        # The server has the whole message; the worker is waiting for "250": the hardest moment.
        if count == 37:
            os.kill(first.pid, signal.SIGKILL)

    smtp.inbox.on_message = kill_the_worker_before_the_server_answers
    assert first.wait(timeout=90) == -signal.SIGKILL
    smtp.inbox.on_message = None
    assert len(smtp.inbox.messages) == 37

    second = _start_worker(smtp.port, "second")
    try:
        settled = _wait_until(lambda: not Message.objects.filter(status__in=["pending", "sending"]).exists())
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert settled

    received = Counter(smtp.inbox.message_ids())
    assert len(received) == 100 and set(received.values()) == {1}  # each of the 100 once, none twice
    assert {mid.split("@")[0].strip("<") for mid in received} == set(keys)
    statuses = Counter(Message.objects.values_list("status", flat=True))
    # The one in flight had been handed over, so it was not sent again: it is flagged, not repeated.
    assert statuses == {"sent": 99, "unconfirmed": 1}
