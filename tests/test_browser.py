"""The HTML brief in real headless Chromium: readable from phone width to desktop,
no request leaves the page. Screenshots land in output/screenshots/ for people."""

from __future__ import annotations

import os
import re
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


def email_page(folder: Path, *, without_style: bool = False) -> str:
    """email.html as a mail client shows it: cid: images resolved to the attached PNGs
    (here as data: addresses), optionally with <style> stripped like some clients do."""
    import base64
    import re

    html = (folder / "email.html").read_text(encoding="utf-8")

    def attached(match: re.Match[str]) -> str:
        chart = match[1].removeprefix("chart-").rsplit(".", 1)[0]
        data = base64.b64encode((folder / "charts" / f"{chart}.png").read_bytes()).decode()
        return f'src="data:image/png;base64,{data}"'

    html = re.sub(r'src="cid:([^"]+)"', attached, html)
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S) if without_style else html


def test_email_html_is_email_safe(built) -> None:  # noqa: ANN001
    html = (built.folder / "email.html").read_text(encoding="utf-8")
    assert len(html.encode()) <= 100 * 1024  # Gmail clips larger HTML parts
    for banned in ("<script", "<svg", "@font-face", "<link", "url(", "var(--"):
        assert banned not in html, banned
    assert 'style="' in html  # the CSS was inlined into the elements
    assert all('alt="' in tag and 'alt=""' not in tag for tag in re.findall(r"<img\b[^>]*>", html))
    assert re.findall(r'src="([^"]+)"', html) and all(
        src.startswith("cid:") for src in re.findall(r'src="([^"]+)"', html)
    )


@pytest.mark.browser
@pytest.mark.parametrize(("width", "without_style"), [(600, False), (375, False), (600, True)])
def test_email_renders_in_chromium(
    browser, built, tmp_path: Path, width: int, without_style: bool
) -> None:  # noqa: ANN001
    page_file = tmp_path / "email.html"
    page_file.write_text(email_page(built.folder, without_style=without_style), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    images = page.evaluate(
        "[...document.images].map(i => [i.complete && i.naturalWidth > 0, i.getBoundingClientRect().width])"
    )
    assert len(images) == 2 and all(
        ok and 0 < shown <= width for ok, shown in images
    )  # no broken image
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scroll at {width}px"
    column = page.evaluate("document.querySelector('.container').getBoundingClientRect().width")
    assert column <= 600
    shots = REPO / "output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    name = f"email-{width}{'-no-style' if without_style else ''}.png"
    page.screenshot(path=str(shots / name), full_page=True)
    page.close()
