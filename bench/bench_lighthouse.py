"""Lighthouse's four scores (performance, accessibility, best practices, SEO) for the public pages an
attendee opens on a phone: `/`, `/a/<slug>/`, `/help/GB/` and `/help/JP/?lang=ja`.

Against a production-like server: DEBUG=0, `collectstatic` (hashed, compressed files served by
whitenoise), gunicorn, the demo data. Lighthouse is not a project dependency: it runs only when the
`LIGHTHOUSE` environment variable names a lighthouse binary, e.g.

    npm install --prefix .lighthouse lighthouse
    LIGHTHOUSE=$PWD/.lighthouse/node_modules/.bin/lighthouse .venv/bin/python -m bench lighthouse

It drives Debian's Chromium (`CHROMIUM`, default /usr/bin/chromium), headless, as a phone
(Lighthouse's mobile form factor and its simulated slow network). Below 100, the note names the
audits that cost the points.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Row, bench_database, gunicorn, manage

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FESTIVAL_SLUG = "governors-ball-wellness-booth"  # seed_demo's festival booth
PAGES = ("/", f"/a/{FESTIVAL_SLUG}/", "/help/GB/", "/help/JP/?lang=ja")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"


def _skipped(why: str) -> list[Row]:
    print(f"lighthouse: skipped, {why}", file=sys.stderr)
    return [Row("lighthouse", "did not run", 0, "", why)]


def audit(lighthouse: str, url: str) -> dict:
    """One Lighthouse run: {category: (score 0-100, [audits below full marks])}."""
    command = [
        lighthouse,
        url,
        "--chrome-path",
        CHROMIUM,
        f"--chrome-flags={CHROME_FLAGS}",
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    # Its own process group, so that a Lighthouse that hangs is stopped with the Chromium it started.
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError(f"lighthouse took over 300 s on {url}") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # nothing of this run outlives it
        except ProcessLookupError:
            pass
    done = subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
    if done.returncode:
        raise RuntimeError(f"lighthouse failed on {url}: " + (done.stderr.strip().splitlines() or ["no output"])[-1])
    report = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not load {url}: {report['runtimeError'].get('message', '')}")
    if report.get("finalDisplayedUrl", url) != url:  # e.g. an HTTPS redirect: the scores would be of another page
        raise RuntimeError(f"{url} led to {report['finalDisplayedUrl']}")
    audits = report["audits"]
    scores = {}
    for key in CATEGORIES:
        category = report["categories"][key]
        lost = [
            ref["id"]
            for ref in category["auditRefs"]
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
            and audits[ref["id"]].get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ]
        score = category.get("score")
        scores[key] = (None if score is None else round(score * 100), lost)
    return scores


def print_scores(results: dict[str, dict]) -> None:
    """The page × category table, as it reads on Lighthouse's own report."""
    width = max(len("lighthouse (mobile)"), *(len(p) for p in results))
    print("lighthouse (mobile)".ljust(width) + " | " + " | ".join(CATEGORIES))
    for page, scores in results.items():
        cells = ("—" if scores[c][0] is None else str(scores[c][0]) for c in CATEGORIES)
        print(page.ljust(width) + " | " + " | ".join(cell.rjust(len(c)) for cell, c in zip(cells, CATEGORIES)))


def run():
    lighthouse = os.environ.get("LIGHTHOUSE", "")
    if not lighthouse:
        return _skipped("LIGHTHOUSE names no lighthouse binary (npm install --prefix DIR lighthouse)")
    if not (shutil.which(lighthouse) or Path(lighthouse).is_file()):
        return _skipped(f"LIGHTHOUSE={lighthouse} is not a program")
    if not Path(CHROMIUM).exists():
        return _skipped(f"no Chromium at {CHROMIUM}")
    rows, results = [], {}
    static_root = Path(tempfile.mkdtemp(prefix="greenroom-lighthouse-static-"))
    try:
        with bench_database("lighthouse") as (env, label):
            env = {**env, "STATIC_ROOT": str(static_root), "GREENROOM_DEMO_EMAIL": "1"}
            manage(env, "collectstatic", "--noinput", "-v0")
            manage(env, "seed_demo")
            with gunicorn(env) as port:
                for page in PAGES:
                    results[page] = audit(lighthouse, f"http://127.0.0.1:{port}{page}")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    print_scores(results)
    for page, scores in results.items():
        for key in CATEGORIES:
            score, lost = scores[key]
            note = f"{label}, gunicorn, DEBUG=0" if not lost else "below full marks: " + ", ".join(lost)
            rows.append(Row("lighthouse", f"{page} {key}", score if score is not None else 0, "/100", note[:160]))
    return rows
