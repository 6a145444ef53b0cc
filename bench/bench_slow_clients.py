"""Issue 23: 100 clients dribbling their headers, against the Procfile's `web:` server and against
the sync gunicorn the README used to recommend; the help page's latency for a normal client meanwhile."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import ROOT, Row, bench_database, free_port, manage, median

SLOW = 100
PROBES = 10


def procfile_web() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise RuntimeError("no web: line in the Procfile")


@contextmanager
def server(env, command: str):
    port = free_port()
    env = {
        **env,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    }
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if probe(port, "/healthz", 2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{command!r} did not start")
        for _ in range(6):
            probe(port, "/help/", 10)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def probe(port, path, timeout):
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, (time.perf_counter() - started) * 1000


def under_slow_clients(port):
    """Help-page latencies (ms; None = failed or > 10 s) while SLOW sockets dribble one header a second."""
    slow = []
    for _ in range(SLOW):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /help/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(s)
    running = threading.Event()
    running.set()

    def dribble():
        while running.is_set():
            for s in slow:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(1)

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    results = []
    try:
        time.sleep(1)
        for _ in range(PROBES):
            try:
                status, ms = probe(port, "/help/", 10)
                results.append(ms if status == 200 else None)
            except OSError:
                results.append(None)
    finally:
        running.clear()
        thread.join()
        for s in slow:
            s.close()
    return results


def run():
    rows = []
    with bench_database("slow_clients") as (env, label):
        manage(env, "import_helplines")
        for name, command in (
            ("Procfile web (granian, ASGI)", procfile_web()),
            ("gunicorn sync, 2 workers", "gunicorn greenroom.wsgi --workers 2 --bind 127.0.0.1:$PORT"),
        ):
            with server(env, command) as port:
                quiet = [probe(port, "/help/", 10)[1] for _ in range(PROBES)]
                held = under_slow_clients(port)
            ok = [ms for ms in held if ms is not None]
            rows.append(Row("slow_clients", f"{name}: /help/ median, no slow clients", round(median(quiet), 1), "ms", label))
            rows.append(
                Row(
                    "slow_clients",
                    f"{name}: /help/ median, {SLOW} dribbling",
                    round(median(ok), 1) if ok else 0,
                    "ms",
                    f"max {max(ok):.0f} ms" if ok else "no answer",
                )
            )
            rows.append(
                Row(
                    "slow_clients",
                    f"{name}: /help/ failed or >10 s, {SLOW} dribbling",
                    len(held) - len(ok),
                    f"of {PROBES}",
                    label,
                )
            )
    return rows
