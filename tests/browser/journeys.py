"""Helpers the user journeys share: both widths, screenshots, sideways scroll, CSP."""

import os
from pathlib import Path

WIDTHS = (1280, 375)
SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"))


def at_both_widths(page, check):
    """Run check(width) on the current page at desktop and at phone width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check(width)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def shoot(page, name, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def no_sideways_scroll(page):
    """The page itself never scrolls sideways: wide tables scroll inside their own box."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


def csp_violations(page) -> list:
    """Collects what the content security policy blocks from now on (console errors Chromium writes)."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found
