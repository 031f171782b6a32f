"""The HTML brief in real headless Chromium: readable from phone width to desktop,
no request leaves the page. Screenshots land in output/screenshots/ for people."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """Chromium through Playwright. Missing is a skip on a laptop, a failure in CI
    (BRIEFGEN_REQUIRE_BROWSER=1, set by .ci/run)."""
    required = os.environ.get("BRIEFGEN_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_page_fits_the_screen_and_loads_nothing_from_outside(browser, built, width: int) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = (built.folder / "brief.html").as_uri()
    page.goto(url)
    page.wait_for_load_state("load")
    assert requests == [url]  # fonts, images and charts are all inside the file
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scroll at {width}px"
    boxes = page.evaluate(
        "[...document.querySelectorAll('.chart-body')].map(s => s.getBoundingClientRect().width)"
    )
    charts = page.evaluate(
        "[...document.querySelectorAll('svg.chart-svg')].map(s => s.getBoundingClientRect().width)"
    )
    assert boxes and all(0 < w <= width for w in boxes)  # a chart's box never widens the page
    # Labels stay legible: on a narrow screen the chart scrolls inside its box.
    assert len(charts) == len(boxes) and all(w >= min(500, width) for w in charts)
    assert page.evaluate(
        "document.fonts.check('16px \"Briefgen Serif\"') && document.fonts.check('600 16px \"Briefgen Sans\"')"
    )
    body_font = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.card-summary')).fontSize)"
    )
    assert body_font >= 15  # readable on a phone without zooming
    shots = REPO / "output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"brief-{width}.png"), full_page=False)
    page.close()
