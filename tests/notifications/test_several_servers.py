"""Several app servers at once: two gunicorns and two `manage.py worker` processes on one PostgreSQL
database and one Redis. Sign-ups and hand-outs split across both servers keep their rules (no place
oversold, no stock below zero), and every email is delivered exactly once by the two workers.

PostgreSQL and Redis only: the point is several machines sharing one database server, which SQLite is not.
"""

import asyncio
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from api.models import ApiToken
from bench.common import ROOT, gunicorn
from core.actors import Actor
from notifications.models import Message
from signups.models import SignUp
from stock.models import StockLevel, StockMovement
from stock.services import stock
from tests import factories
from tests.notifications.conftest import Inbox, SmtpServer, free_port
from tests.redis_server import RedisServer

PLACES, PEOPLE = 10, 40
KITS, HAND_OUTS = 20, 30


@pytest.fixture
def postgres_and_redis(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("several app servers share one PostgreSQL server; SQLite is one file on one machine")
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")


class SlowInbox(Inbox):
    """A mail relay that takes 30 ms per message, so both workers have work at the same time."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.03)
        return await super().handle_DATA(server, session, envelope)


def _database_url() -> str:
    """The test database (committed rows are seen by the servers), on the server DATABASE_URL names."""
    base = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(base._replace(path="/" + connection.settings_dict["NAME"]))


@contextmanager
def worker(env, name, log_dir):
    with open(log_dir / f"{name}.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--worker-id", name],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield proc
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def at_once(requests):
    """Sends each (port, method, path, body, headers) from its own thread, all released together."""
    barrier = threading.Barrier(len(requests), timeout=60)
    answers = [None] * len(requests)

    def send(i, port, method, path, body, headers):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            barrier.wait()
            conn.request(method, path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
            response = conn.getresponse()
            answers[i] = (response.status, json.loads(response.read() or b"{}"))
        except Exception as error:  # noqa: BLE001 — asserted on below
            answers[i] = ("error", repr(error))
        finally:
            conn.close()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a request never finished"
    return answers


def wait_until(check, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def test_two_servers_and_two_workers_on_one_database_keep_every_rule_and_send_each_email_once(postgres_and_redis, tmp_path):
    org = factories.organization()
    user = factories.organizer(org)
    token = ApiToken.create_for(user)[1]
    session = factories.session_starting_in(timedelta(hours=30), capacity=PLACES, waitlist=True)
    booth = factories.stock_location(activation_obj=factories.activation(org), name="Main stage booth")
    kit = factories.kit_type(org, name="Self-care kit")
    stock.receive_kits(Actor.for_user(user), location=booth.pk, kit_type=kit.pk, quantity=KITS)

    smtp = SmtpServer(free_port())
    smtp.inbox = SlowInbox()
    smtp.start()
    redis = RedisServer(tmp_path)
    redis.start()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis.url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "several-servers-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "GREENROOM_TASKS": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "0",
        # Forty people at one booth share an address; the limits are not what this test is about.
        "GREENROOM_RATE_SIGNUPS": "100000/10m",
        "GREENROOM_RATE_SIGNUPS_PER_CLIENT_SESSION": "100000/10m",
    }
    try:
        with ExitStack() as running:
            ports = [running.enter_context(gunicorn(env, workers=2, threads=4)) for _ in range(2)]
            assert ports[0] != ports[1]
            workers = [running.enter_context(worker(env, name, tmp_path)) for name in ("worker-a", "worker-b")]

            # Forty people at once, alternating between the two servers, for ten places.
            answers = at_once(
                [
                    (
                        ports[i % 2],
                        "POST",
                        f"/api/sessions/{session.pk}/signups",
                        {"display_name": f"Person {i:02d}", "email": f"person{i:02d}@example.org"},
                        {},
                    )
                    for i in range(PEOPLE)
                ]
            )
            assert {status for status, _ in answers} == {201}, answers
            told = Counter(body["status"] for _, body in answers)
            assert told == {"confirmed": PLACES, "waitlisted": PEOPLE - PLACES}
            rows = SignUp.objects.filter(session=session)
            assert rows.filter(status="confirmed").count() == PLACES  # none oversold
            assert sorted(rows.filter(status="waitlisted").values_list("waitlist_position", flat=True)) == list(
                range(1, PEOPLE - PLACES + 1)
            )

            # Thirty hand-outs at once, split across both servers, from twenty kits.
            body = {"kind": "distribute", "kit_type": kit.pk, "location": booth.pk, "quantity": 1}
            answers = at_once(
                [
                    (ports[i % 2], "POST", "/api/stock/movements", body, {"Authorization": f"Bearer {token}"})
                    for i in range(HAND_OUTS)
                ]
            )
            statuses = Counter(status for status, _ in answers)
            assert statuses == {201: KITS, 409: HAND_OUTS - KITS}, answers
            assert StockLevel.objects.get(location=booth, kit_type=kit).on_hand == 0
            assert StockLevel.objects.filter(on_hand__lt=0).count() == 0
            assert StockMovement.objects.filter(kind="distribute").count() == KITS

            # Every email due now (one per sign-up, and any low-stock notice) reaches the mail server once;
            # the reminders (24 h and 2 h before) wait for their time.
            emails = Message.objects.filter(channel="email").exclude(kind__startswith="reminder")
            assert emails.filter(recipient__startswith="person").count() == PEOPLE  # "you're in" or "waiting list"
            assert wait_until(lambda: not emails.exclude(status="sent").exists()), list(
                emails.exclude(status="sent").values_list("kind", "status", "last_error")
            )
            assert all(w.poll() is None for w in workers), "a worker stopped"
            time.sleep(1)  # a second copy, if any worker were to send one, would have arrived by now
        reminders = Message.objects.filter(kind__startswith="reminder")
        assert reminders.count() == 2 * PLACES and set(reminders.values_list("status", flat=True)) == {"pending"}
        delivered = Counter(smtp.inbox.message_ids())
        keys = {f"<{key}@" for key in emails.values_list("key", flat=True)}
        assert len(delivered) == emails.count() and all(n == 1 for n in delivered.values()), delivered.most_common(3)
        assert {mid.split("@")[0] + "@" for mid in delivered} == keys
        to = sorted(str(m["To"]) for m in smtp.inbox.messages if str(m["To"]).startswith("person"))
        assert to == [f"person{i:02d}@example.org" for i in range(PEOPLE)]
        # Both workers took part (each claims with its own process's name).
        assert len(set(emails.values_list("claimed_by", flat=True))) == 2
    finally:
        redis.stop()
        smtp.stop()
