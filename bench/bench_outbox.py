"""Issue 16: sign-ups per second with the outbox versus sending the email inside the request, and
messages per second delivered by one worker and per worker when two share the queue, against a local SMTP server that answers each
message after SMTP_LATENCY seconds (a mail relay across the internet takes about that long).
"""

import asyncio
import subprocess
import sys
import time

from aiosmtpd.controller import Controller

from bench.bench_signups import SETUP
from bench.common import ROOT, Row, bench_database, free_port, run_python

SIGNUPS = 150
SMTP_LATENCY = 0.05

SIGN_UPS = """
import time
from core.actors import PUBLIC
from notifications.models import Message
from notifications.services.delivery import deliver_message
from signups.services import signups
ids = [{ids}]
inline = {inline}
started = time.perf_counter()
for i in range({n}):
    result = signups.sign_up(PUBLIC, ids[i % len(ids)], f"Bench {{i}}", f"{prefix}{{i}}@example.org")
    if inline:  # what the request did before the outbox: talk to the mail server before answering
        for pk in Message.objects.filter(group=f"signup:{{result.signup.pk}}", status="pending").values_list("pk", flat=True):
            deliver_message(pk)
print({n} / (time.perf_counter() - started))
"""


class Slow:
    def __init__(self):
        self.count = 0
        self.times = []  # when each message was accepted

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SMTP_LATENCY)
        self.count += 1
        self.times.append(time.perf_counter())
        return "250 OK"


def _drain(env, handler, workers: int) -> tuple[int, float, float]:
    """Runs `workers` `manage.py worker --batch` processes at once until the queue is empty.

    Returns the messages delivered, the seconds from the first to the last arriving (the delivery
    rate, without the seconds each process spends starting Django), and the wall time with them."""
    before = handler.count
    started = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "manage.py", "worker", "--batch", "-v", "0"], cwd=ROOT, env=env) for _ in range(workers)
    ]
    for proc in procs:
        if proc.wait(timeout=600) != 0:
            raise RuntimeError(f"a worker exited with {proc.returncode}")
    times = handler.times[before:]
    delivered = len(times)
    return delivered, (times[-1] - times[0]) * delivered / max(delivered - 1, 1), time.perf_counter() - started


def run() -> list[Row]:
    handler = Slow()
    port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    rows = []
    try:
        with bench_database("outbox") as (env, label):
            env = {
                **env,
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port),
                "GREENROOM_TASKS": "database",
            }
            ids = run_python(env, SETUP).strip().split(",")[1:]
            inline = float(run_python(env, SIGN_UPS.format(ids=",".join(ids), inline=True, n=SIGNUPS, prefix="inline")))
            queued = float(run_python(env, SIGN_UPS.format(ids=",".join(ids), inline=False, n=SIGNUPS, prefix="queued")))
            delivered, seconds, wall = _drain(env, handler, workers=1)
            run_python(env, SIGN_UPS.format(ids=",".join(ids), inline=False, n=SIGNUPS, prefix="pair"))
            delivered_two, seconds_two, wall_two = _drain(env, handler, workers=2)
            note = f"{label}, SMTP answers after {SMTP_LATENCY * 1000:.0f} ms"
            rows += [
                Row("outbox", "sign-ups/s, email sent in the request", inline, "1/s", note),
                Row("outbox", "sign-ups/s, email queued in the outbox", queued, "1/s", note),
                Row(
                    "outbox",
                    "messages/s, one worker",
                    delivered / seconds,
                    "1/s",
                    f"{delivered} emails in {seconds:.1f} s ({wall:.1f} s with start-up); {note}",
                ),
                Row(
                    "outbox",
                    "messages/s per worker, two workers",
                    delivered_two / seconds_two / 2,
                    "1/s",
                    f"{delivered_two} emails, {delivered_two / seconds_two:.1f}/s together ({wall_two:.1f} s with start-up); {note}",
                ),
            ]
    finally:
        smtp.stop()
    return rows
