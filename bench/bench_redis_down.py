"""Issue 23: the Procfile's server with REDIS_URL set, while the Redis behind it is up, stopped and
started again: every answer of the crisis pages, a card scan and /healthz, and their latency."""

import shutil
import socket
import subprocess
import tempfile
import time

from bench.bench_slow_clients import probe, procfile_web, server
from bench.common import Row, bench_database, free_port, manage, median, run_python

PATHS = ["/help/", "/help/GB/", "/h/benchgb", "/calendar/all.ics", "/healthz"]
ROUNDS = 20


def start_redis(port, workdir):
    proc = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def measure(port):
    failed, times = 0, []
    for _ in range(ROUNDS):
        for path in PATHS:
            try:
                status, ms = probe(port, path, 10)
                times.append(ms)
                failed += status != 200
            except OSError:
                failed += 1
    return failed, times, probe_health(port)


def probe_health(port):
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/healthz")
    return json.loads(conn.getresponse().read())["cache"]


def run():
    if not shutil.which("redis-server"):
        return [Row("redis_down", "did not run", 0, "", "redis-server is not installed")]
    rows = []
    workdir = tempfile.mkdtemp(prefix="greenroom-bench-redis-")
    redis_port = free_port()
    redis = start_redis(redis_port, workdir)
    try:
        with bench_database("redis_down") as (env, label):
            manage(env, "import_helplines")
            run_python(
                env,
                'from printables.models import CardBatch\nCardBatch.objects.create(code="benchgb", country="GB", language="en", count=10)',
            )
            env = {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/13"}
            with server(env, procfile_web()) as port:
                for phase in ("Redis up", "Redis stopped", "Redis started again"):
                    if phase == "Redis stopped":
                        redis.terminate()
                        redis.wait()
                    elif phase == "Redis started again":
                        redis = start_redis(redis_port, workdir)
                        time.sleep(2.5)  # past the cache's retry interval
                    failed, times, cache = measure(port)
                    rows.append(
                        Row("redis_down", f"{phase}: requests failed", failed, f"of {len(times)}", f"healthz cache: {cache}")
                    )
                    rows.append(
                        Row(
                            "redis_down",
                            f"{phase}: median latency",
                            round(median(times), 1),
                            "ms",
                            f"max {max(times):.0f} ms, {label}",
                        )
                    )
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows
