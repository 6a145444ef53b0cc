"""The Procfile's `web:` line is the production server: while 100 clients dribble their headers, a
normal client still gets the help page, and the dribblers are cut off by the header time-out.

The server is the Procfile's own command line (with $PORT set), run against the test database."""

import http.client
import os
import select
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from helplines.services.importer import import_helplines
from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
SLOW_CLIENTS = 100


def procfile_command(kind: str) -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            return command.strip()
    raise AssertionError(f"no {kind}: line in the Procfile")


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def get(port, path, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, time.perf_counter() - started


@pytest.fixture
def web_server(transactional_db):
    import_helplines()
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "procfile-test-" + "k" * 50,
        "DATABASE_URL": database_url(),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("REDIS_URL", None)
    log = tempfile.TemporaryFile()  # never an unread pipe: a full pipe blocks the server's writes
    process = subprocess.Popen(
        ["bash", "-c", procfile_command("web")], cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError("the Procfile's web server did not start: " + log.read().decode()[-2000:])
            time.sleep(0.2)
        for _ in range(6):  # both workers render the page once before the clock matters
            assert get(port, "/help/")[0] == 200
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_the_procfile_names_a_web_server_on_port_and_the_worker():
    web = procfile_command("web")
    assert "$PORT" in web and "greenroom.asgi" in web and shlex.split(web)[0] == "granian"
    assert procfile_command("worker") == "python manage.py worker"


def test_help_page_answers_while_a_hundred_clients_dribble_their_headers(web_server):
    port = web_server
    slow = []
    for _ in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /help/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(sock)
    dribbling = threading.Event()
    dribbling.set()

    def dribble():
        while dribbling.is_set():
            for sock in slow:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(0.5)

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    try:
        time.sleep(1)
        answers = [get(port, "/help/", timeout=5) for _ in range(10)]
        # the slow clients were still connected, waiting (none was answered or dropped yet)
        readable, _, _ = select.select(slow, [], [], 0)
        still_held = SLOW_CLIENTS - len(readable)
    finally:
        dribbling.clear()
        thread.join()
    assert [status for status, _, _ in answers] == [200] * 10
    assert all(b"Crisis lines by country" in body for _, body, _ in answers)
    assert still_held == SLOW_CLIENTS
    print(f"help page while {still_held} slow clients held: " + ", ".join(f"{t * 1000:.0f} ms" for *_, t in answers))

    # The header time-out (10 s) cuts them off: every one is closed by the server (or told 408).
    deadline = time.monotonic() + 20
    open_ = set(slow)
    while open_ and time.monotonic() < deadline:
        readable, _, _ = select.select(list(open_), [], [], 1)
        for sock in readable:
            try:
                sock.recv(65536)
            except OSError:
                pass
            open_.discard(sock)
    for sock in slow:
        sock.close()
    assert not open_, f"{len(open_)} dribbling clients were never cut off"
