"""The source monitor: does each line's official source page still list its number?

`check_sources(lines)` fetches every line's official source URL (the first web address in its
`sources`) with a bounded pool of threads, a timeout, a user agent that names Greenroom, and
robots.txt honoured (urllib.robotparser, one robots.txt per host and run). The fetches touch no
database; what they found is then recorded one line at a time:

- the number (its dial string, its E.164 form, its national form; separators ignored) is on the
  page → "source page still lists it" today, a verification of the number only, never the hours;
- the page's visible text changed since the last visit (SHA-256) but the number is still there →
  the same verification, and the line is flagged for re-check (it stays printable);
- the number is gone from the page → the line is held for re-check and out of new print runs;
- the page is gone (404/410) → flagged for re-check; no answer, or robots.txt says no → only
  recorded (an outage proves nothing either way).
"""

from __future__ import annotations

import hashlib
import re
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import phonenumbers
from django.db import transaction
from django.utils import timezone

from helplines.models import Channel, CrisisLine, LineChange, SourceCheck
from helplines.services.verification import flag_for_recheck, hold_for_recheck, record_source_listing

USER_AGENT = "GreenroomSourceMonitor/1.0 (crisis-line directory of a mental-health nonprofit; checks that listed numbers are still published)"
ROBOTS_AGENT = "GreenroomSourceMonitor"
DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 4
MAX_PAGE_BYTES = 2_000_000
_SEPARATORS = r"[\s\u00a0\u2009\u202f.\-\u2010\u2011\u2012\u2013()/]*"


@dataclass
class Fetched:
    url: str
    status: int | None = None
    text: str = ""
    error: str = ""
    robots_disallowed: bool = False


@dataclass
class CheckResult:
    line_key: str
    url: str
    outcome: str
    detail: str = ""

    def __str__(self):
        return (
            f"{self.line_key}: {self.outcome}"
            + (f" ({self.detail})" if self.detail else "")
            + (f" {self.url}" if self.url else "")
        )


def source_url(line: CrisisLine) -> str:
    """The line's official source: the first web address in its sources."""
    for part in re.split(r"\s+;\s+|\n", line.sources or ""):
        part = part.strip()
        if part.startswith(("http://", "https://")):
            return part.split()[0]
    return ""


# What is on the page ------------------------------------------------------------------------------------------------


class _TextOf(HTMLParser):
    """The visible text of a page, plus the numbers of its tel:/sms: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        for name, value in attrs:
            if name == "href" and value and value.lower().startswith(("tel:", "sms:")):
                self.links.append(value.split(":", 1)[1].split("?")[0])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip(), parser.links


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dial_forms(channel: Channel, country: str | None) -> set[str]:
    """The digit strings a page may print for a channel: as we print it, E.164 without '+', national."""
    forms = set()
    digits = re.sub(r"\D", "", channel.dial or "")
    if digits:
        forms.add(digits)
    if channel.e164:
        forms.add(channel.e164.lstrip("+"))
        try:
            number = phonenumbers.parse(channel.e164, None)
            forms.add(re.sub(r"\D", "", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)))
            forms.add(str(number.national_number))
        except phonenumbers.NumberParseException:
            pass
    return {f for f in forms if len(f) >= 3}


def lists_number(text: str, links: list[str], forms: set[str]) -> bool:
    """True when one of `forms` is on the page as a whole number (spaces, dots, dashes, brackets ignored)."""
    for form in forms:
        pattern = r"(?<![\d])" + _SEPARATORS.join(re.escape(d) for d in form) + r"(?![\d])"
        if re.search(pattern, text) or any(re.sub(r"\D", "", link).endswith(form) for link in links):
            return True
    return False


# Fetching ---------------------------------------------------------------------------------------------------------


class _Robots:
    """robots.txt per host, fetched once per run (with the same timeout), shared by the threads."""

    def __init__(self, timeout: float):
        self.timeout, self.parsers, self.lock = timeout, {}, threading.Lock()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            parser = self.parsers.get(origin)
            if parser is None:
                parser = self.parsers[origin] = self._read(origin)
        return parser.can_fetch(ROBOTS_AGENT, url)

    def _read(self, origin: str) -> RobotFileParser:
        # As RobotFileParser.read(), with a timeout and our user agent: 401/403 → nothing allowed,
        # another 4xx → everything allowed, no answer → everything allowed (the page fetch then tells).
        parser = RobotFileParser(origin + "/robots.txt")
        request = urllib.request.Request(origin + "/robots.txt", headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                parser.parse(answer.read(500_000).decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                parser.disallow_all = True
            else:
                parser.allow_all = True
        except (OSError, ValueError):
            parser.allow_all = True
        return parser


def fetch(url: str, *, timeout: float, robots: _Robots) -> Fetched:
    if not robots.allowed(url):
        return Fetched(url=url, robots_disallowed=True)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body = answer.read(MAX_PAGE_BYTES)
            charset = answer.headers.get_content_charset() or "utf-8"
            return Fetched(url=url, status=answer.status, text=body.decode(charset, "replace"))
    except urllib.error.HTTPError as exc:
        return Fetched(url=url, status=exc.code, error=f"HTTP {exc.code}")
    except (OSError, ValueError) as exc:  # timeouts, refused connections, bad URLs
        reason = getattr(exc, "reason", exc)
        return Fetched(url=url, error=("timed out" if "timed out" in str(reason) else str(reason))[:200])


# Recording --------------------------------------------------------------------------------------------------------


def check_sources(
    lines, *, timeout: float = DEFAULT_TIMEOUT, workers: int = DEFAULT_WORKERS, now: datetime | None = None
) -> list[CheckResult]:
    """Fetches every line's source page (at most `workers` at once) and records what each shows."""
    now = now or timezone.now()
    lines = (
        list(lines.select_related("country").prefetch_related("channels")) if hasattr(lines, "select_related") else list(lines)
    )
    robots = _Robots(timeout)
    urls = {line.pk: source_url(line) for line in lines}
    to_fetch = sorted({u for u in urls.values() if u})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pages = dict(zip(to_fetch, pool.map(lambda u: fetch(u, timeout=timeout, robots=robots), to_fetch)))
    return [_record(line, urls[line.pk], pages.get(urls[line.pk]), now) for line in lines]


@transaction.atomic
def _record(line: CrisisLine, url: str, page: Fetched | None, now: datetime) -> CheckResult:
    line = CrisisLine.objects.select_for_update().get(pk=line.pk)
    today = timezone.localdate(now)

    def done(outcome, detail="", status=None, digest=""):
        SourceCheck.objects.create(
            line=line, url=url, checked_at=now, outcome=outcome, http_status=status, content_hash=digest, detail=detail[:300]
        )
        return CheckResult(line.key, url, outcome, detail)

    if not url or page is None:
        return done(SourceCheck.Outcome.NO_SOURCE, "no web address in its sources")
    if page.robots_disallowed:
        return done(SourceCheck.Outcome.ROBOTS, "robots.txt disallows it; not fetched")
    if page.status in (404, 410):
        flag_for_recheck(line, f"source page answered {page.status} on {today.isoformat()}")
        return done(SourceCheck.Outcome.GONE, f"HTTP {page.status}", page.status)
    if page.error or page.status is None or page.status >= 400:
        return done(SourceCheck.Outcome.UNREACHABLE, page.error or f"HTTP {page.status}", page.status)
    text, links = page_text(page.text)
    digest = content_hash(text)
    forms = set()
    numbers = [c for c in line.channels.all() if c.kind in (Channel.Kind.PHONE, Channel.Kind.SMS, Channel.Kind.WHATSAPP)]
    for channel in numbers:
        forms |= dial_forms(channel, line.country_id)
    if not forms:
        return done(SourceCheck.Outcome.NO_SOURCE, "the line has no number to look for", page.status, digest)
    missing = [
        c.dial or c.e164
        for c in numbers
        if dial_forms(c, line.country_id) and not lists_number(text, links, dial_forms(c, line.country_id))
    ]
    if missing:
        hold_for_recheck(
            line, f"source page no longer lists {', '.join(missing)} ({today.isoformat()})", source=LineChange.Source.SOURCE_CHECK
        )
        return done(SourceCheck.Outcome.VANISHED, "not on the page: " + ", ".join(missing), page.status, digest)
    previous = SourceCheck.objects.filter(line=line, url=url).exclude(content_hash="").order_by("-checked_at", "-id").first()
    record_source_listing(line, checked_on=today, url=url)
    if previous is not None and previous.content_hash != digest:
        flag_for_recheck(
            line, f"source page changed since {timezone.localdate(previous.checked_at).isoformat()}; check the hours"
        )
        return done(SourceCheck.Outcome.CHANGED, "the page changed; the number is still listed", page.status, digest)
    return done(SourceCheck.Outcome.LISTED, "", page.status, digest)
