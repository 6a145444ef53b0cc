"""`manage.py worker`: delivers the outbox (django-tasks' database worker plus the stale-claim sweep).

Run as many as you like, on as many machines as you like, against the same database: each task and
each message is claimed with a row lock (SKIP LOCKED on PostgreSQL), so none is sent twice.
"""

import threading
import time

from django.core.management import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from notifications.services.delivery import recover_stale_claims


class Command(BaseCommand):
    help = "Delivers queued emails and SMS; run one or more beside the web servers."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty.")
        parser.add_argument("--sweep-every", type=float, default=15.0, help="Seconds between stale-claim sweeps.")
        parser.add_argument("--batch", action="store_true", help="Deliver what is due, then exit.")
        parser.add_argument("--worker-id", default="", help="Unique name of this worker (default: random).")

    def handle(self, *, interval, sweep_every, batch, worker_id, verbosity, **options):
        worker_id = worker_id or get_random_string(24)
        recover_stale_claims()
        if not batch:
            threading.Thread(target=self._sweep_forever, args=(sweep_every,), daemon=True).start()
        if verbosity:
            self.stdout.write(f"Worker {worker_id} delivering the outbox.")
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def _sweep_forever(self, every: float):
        while True:
            time.sleep(every)
            try:
                close_old_connections()
                recover_stale_claims()
            except Exception:  # the next sweep tries again; delivery itself carries on
                self.stderr.write("stale-claim sweep failed; trying again later")
