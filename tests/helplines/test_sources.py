"""The source monitor against a real local HTTP server: pages that keep, change and drop a number, a
timeout, a 404 and a robots.txt that says no. Every line's source points at 127.0.0.1; no other host is called."""

import socket
import threading
import time
from datetime import date, datetime, timezone as tz
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from helplines.models import Channel, Country, CrisisLine, SourceCheck, Verification
from helplines.services.directory import printable_directory
from helplines.services.sources import USER_AGENT, check_sources
from helplines.services.verification import add_verification, refresh_verified_on

DAY_ONE = datetime(2026, 12, 7, 9, 0, tzinfo=tz.utc)
DAY_TWO = datetime(2026, 12, 8, 9, 0, tzinfo=tz.utc)


class Site:
    def __init__(self):
        self.pages = {"/robots.txt": "User-agent: *\nDisallow: /private/\n"}
        self.requests = []  # (path, user agent)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                if self.path == "/slow":
                    time.sleep(2)
                body = site.pages.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        return Handler

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    server = Site()
    yield server
    server.stop()


def _line(key, path, site, *, dial, e164="", short_code=False, hours="daily 10:00-22:00"):
    country, _ = Country.objects.get_or_create(
        code="GB",
        defaults={"name": "United Kingdom", "emergency_numbers": ["999"], "languages": ["en"], "time_zone": "Europe/London"},
    )
    line = CrisisLine.objects.create(
        key=key,
        country=country,
        name=key.title(),
        status=CrisisLine.Status.VETTED,
        hours_24_7=False,
        hours=hours,
        audiences=["general"],
        languages=["en"],
        sources=f"{site.url}{path}\nhttps://example.org/never-fetched",
    )
    Channel.objects.create(line=line, kind="phone", dial=dial, e164=e164, short_code=short_code)
    add_verification(line, checked_on=date(2025, 1, 10), method=Verification.Method.PUBLIC_SOURCE, note="seed")
    refresh_verified_on(line)
    return line


@pytest.fixture
def lines(db, site):
    site.pages.update(
        {
            "/keeps": "<html><body><p>Call us free on <strong>116&nbsp;123</strong>, day or night.</p></body></html>",
            "/changes": "<html><body><p>Helpline: 0800-068-4141 (Mon–Fri 9–17)</p></body></html>",
            "/drops": "<html><body><p>Ring 0300 123 3393.</p></body></html>",
            "/linked": '<html><body><a href="tel:+442079460000">Call the London line</a></body></html>',
            "/slow": "<p>116 006</p>",
            "/private/line": "<p>0808 802 5544</p>",
        }
    )
    return {
        "keeps": _line("keeps", "/keeps", site, dial="116 123", short_code=True),
        "changes": _line("changes", "/changes", site, dial="0800 068 4141", e164="+448000684141"),
        "drops": _line("drops", "/drops", site, dial="0300 123 3393", e164="+443001233393"),
        "linked": _line("linked", "/linked", site, dial="020 7946 0000", e164="+442079460000"),
        "slow": _line("slow", "/slow", site, dial="116 006", short_code=True),
        "gone": _line("gone", "/gone", site, dial="0808 800 5000", e164="+448088005000"),
        "robots": _line("robots", "/private/line", site, dial="0808 802 5544", e164="+448088025544"),
    }


def _outcomes(results):
    return {r.line_key: r.outcome for r in results}


def test_the_monitor_reads_each_page_and_acts_on_what_it_finds(lines, site):
    first = check_sources(CrisisLine.objects.all(), timeout=0.5, workers=3, now=DAY_ONE)
    assert _outcomes(first) == {
        "keeps": "listed",
        "changes": "listed",
        "drops": "listed",
        "linked": "listed",
        "slow": "unreachable",
        "gone": "gone",
        "robots": "robots",
    }
    keeps = CrisisLine.objects.get(key="keeps")
    assert keeps.verified_on == date(2026, 12, 7) and keeps.verification_method == "source page"
    check = keeps.verifications.get(method=Verification.Method.SOURCE_PAGE)
    assert check.facts == ["number"] and check.source_url == f"{site.url}/keeps"  # the number, never the hours
    assert keeps.changes.filter(summary__startswith="Source page still lists the number on 2026-12-07").exists()
    slow = CrisisLine.objects.get(key="slow")
    assert (
        slow.verified_on == date(2025, 1, 10) and not slow.held_for_recheck and not slow.recheck_flag
    )  # a timeout proves nothing
    assert "timed out" in SourceCheck.objects.get(line=slow).detail
    gone = CrisisLine.objects.get(key="gone")
    assert "answered 404" in gone.recheck_flag and not gone.held_for_recheck
    robots = CrisisLine.objects.get(key="robots")
    assert robots.verified_on == date(2025, 1, 10)
    assert not [p for p, _ua in site.requests if p.startswith("/private/")]  # robots.txt honoured
    assert {ua for _p, ua in site.requests} == {USER_AGENT} and "Greenroom" in USER_AGENT
    assert [p for p, _ua in site.requests].count("/robots.txt") == 1  # once per host and run

    site.pages["/changes"] = "<html><body><p>Helpline: 0800 068 4141 (Mon–Sat 9–20)</p></body></html>"
    site.pages["/drops"] = "<html><body><p>Our helpline has moved: see our new page.</p></body></html>"
    second = check_sources(CrisisLine.objects.filter(key__in=["keeps", "changes", "drops"]), timeout=0.5, now=DAY_TWO)
    assert _outcomes(second) == {"keeps": "listed", "changes": "changed", "drops": "vanished"}
    changes = CrisisLine.objects.get(key="changes")
    assert changes.verified_on == date(2026, 12, 8) and "changed since 2026-12-07" in changes.recheck_flag
    assert not changes.held_for_recheck
    drops = CrisisLine.objects.get(key="drops")
    assert drops.held_for_recheck and "no longer lists 0300 123 3393" in drops.held_reason
    assert drops.verified_on == date(2026, 12, 7)  # yesterday's listing stands; nothing new recorded
    assert all(p.name != "Drops" for p in printable_directory("GB", "en").lines)  # out of new print runs
    assert CrisisLine.objects.get(key="keeps").recheck_flag == ""


def test_the_command_takes_a_country_and_prints_a_summary(lines, capsys):
    call_command("check_helpline_sources", "--country", "GB", "--timeout", "0.5", "--workers", "2")
    out = capsys.readouterr().out
    assert "keeps: listed" in out and "slow: unreachable (timed out)" in out and "Checked 7 line(s)" in out


def test_a_free_port_nobody_listens_on_is_unreachable_not_an_error(db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    class Nowhere:
        url = f"http://127.0.0.1:{port}"

    line = _line("nowhere", "/", Nowhere, dial="116 123", short_code=True)
    assert _outcomes(check_sources(CrisisLine.objects.filter(pk=line.pk), timeout=0.5)) == {"nowhere": "unreachable"}
