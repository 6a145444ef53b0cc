"""Helpers for the kiosk's end-to-end tests: Debian's Chromium driven by Playwright against
the shared browser fixtures (tests/browser.py), axe-core injected from the vendored copy, optional screenshots."""

import json
import os
from pathlib import Path

from tests.browser import LANDSCAPE, PORTRAIT

VENDOR = Path(__file__).parent / "vendor"
AXE = VENDOR / "axe.min.js"

# Where screenshots go when KIOSK_SHOTS names a folder (not committed).
SHOTS = os.environ.get("KIOSK_SHOTS")

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[dict]:
    """Runs axe-core on the page as it is now: WCAG 2.2 A/AA, target size 44 px."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate(
        """() => axe.configure({checks: [
            {id: 'target-size', options: {minSize: 44}},
            {id: 'target-offset', options: {minOffset: 44}}]})"""
    )
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def assert_accessible(page, screen: str):
    violations = axe_violations(page)
    assert violations == [], f"{screen}: " + json.dumps(violations, indent=1)


def shoot(page, name: str):
    """A portrait and a landscape screenshot of the screen as it is (when KIOSK_SHOTS is set)."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def check_screen(page, name: str):
    """axe in both orientations (layouts differ), then screenshots."""
    original = page.viewport_size
    for size in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(size)
        assert_accessible(page, f"{name} {size['width']}×{size['height']}")
    page.set_viewport_size(original)
    shoot(page, name)


def storage_dump(page) -> str:
    return page.evaluate(
        """() => JSON.stringify({local: Object.assign({}, localStorage), session: Object.assign({}, sessionStorage)})"""
    )
