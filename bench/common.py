"""Shared benchmark machinery: a throwaway database, a real gunicorn server, a load generator."""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    bench: str
    metric: str
    value: float
    unit: str
    note: str = ""


def print_table(rows: list[Row]) -> None:
    headers = ("benchmark", "metric", "value", "unit", "note")
    cells = [(r.bench, r.metric, _fmt(r.value), r.unit, r.note) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for c in cells:
        print(" | ".join(v.ljust(w) if i != 2 else v.rjust(w) for i, (v, w) in enumerate(zip(c, widths))))


def _fmt(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def bench_database(name: str):
    """Environment for a fresh database: PostgreSQL when BENCH_DATABASE_URL names a server
    (a database `bench_<name>` is made there and dropped after), else a SQLite file."""
    base = os.environ.get("BENCH_DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="greenroom-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greenroom.settings",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    if base.startswith("postgres"):
        import psycopg

        server, _, _ = base.rpartition("/")
        dbname = f"bench_{name}_{os.getpid()}"  # unique: several people may bench one server
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = f"{server}/{dbname}"
        label = "PostgreSQL"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        label = "SQLite"
    try:
        manage(env, "migrate", "--noinput", "-v0")
        yield env, label
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if base.startswith("postgres"):
            import psycopg

            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def manage(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def run_python(env, code: str) -> str:
    """Runs Django code in the bench database (a separate process, so settings match the server)."""
    prelude = "import django; django.setup()\n"
    done = subprocess.run([sys.executable, "-c", prelude + code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        # The table's note and the traceback say what went wrong, not only that a command failed.
        print(done.stderr[-3000:], file=sys.stderr)
        raise RuntimeError("set-up code failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1])
    return done.stdout


@contextmanager
def gunicorn(env, workers: int = 2, threads: int = 4):
    """A gunicorn for one benchmark, always stopped afterwards (SIGTERM, then SIGKILL).

    Its stderr goes to a file, never to an unread pipe: a pipe fills after ~64 KB of log lines
    (e.g. one django.request warning per 429), and then every worker thread blocks on write() —
    requests hang until the client's time-out although their rows are committed, /healthz hangs
    on the same server, and SIGTERM cannot finish. That was the harness's fault, not the server's.
    """
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "greenroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            log.seek(0)
            raise RuntimeError("gunicorn did not start: " + log.read()[-2000:].decode(errors="replace"))
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()  # the whole process group is ours; never leave a server behind
            proc.wait(timeout=10)
        log.close()


@dataclass
class Load:
    requests: int
    seconds: float
    latencies: list[float]
    statuses: dict

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def load(port: int, make_request, clients: int = 8, duration: float = 5.0, max_requests: int = 100_000) -> Load:
    """`clients` threads, each on its own keep-alive connection, for `duration` seconds (bounded).

    `make_request(i)` returns (method, path, body_bytes_or_None, headers)."""
    latencies: list[float] = []
    statuses: dict = {}
    lock = threading.Lock()
    counter = iter(range(max_requests))
    stop_at = time.perf_counter() + duration

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], {}
        while time.perf_counter() < stop_at:
            try:
                i = next(counter)
            except StopIteration:
                break
            method, path, body, headers = make_request(i)
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = "error"
            mine.append(time.perf_counter() - t0)
            codes[status] = codes.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Load(len(latencies), time.perf_counter() - started, latencies, statuses)


def get(path, headers=None):
    return lambda i: ("GET", path, None, headers or {})


def median(values):
    return statistics.median(values) if values else 0.0
