"""The HTML brief and the email in real headless Chromium: readable from phone width
to desktop, no request leaves the page, no WCAG 2.1 AA violation found by axe-core,
no error from the Nu Html Checker. Screenshots land in output/screenshots/ for people."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
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


# Each figure as the browser shows it: which drawing, how wide, its smallest text
# (in the SVG's own unit, the point: font-size="9.5px" is 9.5 pt).
CHARTS_AS_SHOWN = """
[...document.querySelectorAll('figure.chart')].map(figure => {
  const shown = [...figure.querySelectorAll('svg.chart-svg')].filter(s => s.getBoundingClientRect().width > 0);
  const svg = shown[0], body = figure.querySelector('.chart-body');
  return {
    id: figure.id, shown: shown.length,
    phone: Boolean(svg && svg.closest('.chart-narrow')),
    width: svg ? svg.getBoundingClientRect().width : 0,
    viewBox: svg ? svg.viewBox.baseVal.width : 0,
    sizes: svg ? [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size'))) : [],
    box: body.getBoundingClientRect().width,
    sideways: body.scrollWidth - body.clientWidth,
  };
})
"""


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
    for chart in page.evaluate(CHARTS_AS_SHOWN):
        assert chart["shown"] == 1, chart["id"]  # the page's drawing or the phone's, never both
        assert chart["phone"] == (width < 640), chart["id"]
        assert 0 < chart["width"] <= chart["box"] <= width and chart["sideways"] <= 0, chart
        smallest = min(chart["sizes"]) * chart["width"] / chart["viewBox"]
        assert smallest >= 10, f"{chart['id']}: chart text {smallest:.1f}px high at {width}px"
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
    """email-preview.html, optionally with <style> stripped like some mail clients do."""
    html = (folder / "email-preview.html").read_text(encoding="utf-8")
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S) if without_style else html


def test_email_preview_is_the_email_with_its_images_embedded(built) -> None:  # noqa: ANN001
    import base64

    sent = (built.folder / "email.html").read_text(encoding="utf-8")
    preview = (built.folder / "email-preview.html").read_text(encoding="utf-8")
    assert "cid:" not in preview
    cids = re.findall(r'src="cid:chart-([^"]+)\.' + built.edition + '@briefgen"', sent)
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', preview)
    assert len(cids) == len(embedded) == 2
    for chart, data in zip(cids, embedded, strict=True):
        assert base64.b64decode(data) == (built.folder / "charts" / f"{chart}.png").read_bytes()
    assert re.sub(r'src="[^"]+"', "", sent) == re.sub(r'src="[^"]+"', "", preview)


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
    # The images are the phone's drawings: their text is 10 CSS px or more as shown.
    drawn = phone_drawings(built.folder)
    shown = page.evaluate(
        "[...document.images].map(i => [i.closest('[id^=chart-]').id, i.getBoundingClientRect().width])"
    )
    for chart, image_width in shown:
        smallest, view_width = drawn[chart]
        assert smallest * image_width / view_width >= 10, f"{chart} at {width}px"
    shots = REPO / "output" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    name = f"email-{width}{'-no-style' if without_style else ''}.png"
    page.screenshot(path=str(shots / name), full_page=True)
    page.close()


def phone_drawings(folder: Path) -> dict[str, tuple[float, float]]:
    """Each chart's phone drawing in brief.html, which the email's PNG renders: its
    smallest text in points and its width in points."""
    html = (folder / "brief.html").read_text(encoding="utf-8")
    found = {}
    for chart, svg in re.findall(
        r'<figure class="chart" id="(chart-[^"]+)".*?<div class="chart-narrow">(<svg.*?</svg>)',
        html,
        flags=re.S,
    ):
        sizes = [float(s) for s in re.findall(r'<text font-size="([0-9.]+)px"', svg)]
        found[chart] = (min(sizes), float(re.search(r'viewBox="0 0 ([0-9.]+)', svg)[1]))
    return found


NODE_MODULES = REPO / "node_modules"  # npm ci --ignore-scripts (README, "Tests")
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def checker(path: Path) -> Path:
    """A checker from npm: missing is a skip on a laptop, a failure in CI."""
    if not path.is_file():
        message = f"{path} is missing: run npm ci --ignore-scripts"
        if os.environ.get("BRIEFGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def axe_violations(page, path: Path) -> list[tuple[str, list]]:  # noqa: ANN001
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(checker(AXE)))
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_21_AA}}}}})")
    assert len(result["passes"]) >= 10  # it ran: names, contrast, landmarks, lang ...
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_axe_finds_no_wcag_21_aa_violations_in_the_page(browser, built, width: int) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": width, "height": 900})
    assert axe_violations(page, built.folder / "brief.html") == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 600])
def test_axe_finds_no_wcag_21_aa_violations_in_the_email(browser, built, width: int) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": width, "height": 900})
    assert axe_violations(page, built.folder / "email-preview.html") == []
    page.close()


def test_nu_html_checker_finds_no_errors(built) -> None:  # noqa: ANN001
    java = shutil.which("java")
    if java is None:
        if os.environ.get("BRIEFGEN_REQUIRE_BROWSER") == "1":
            pytest.fail("java not found: apt-get install default-jre-headless")
        pytest.skip("java not found (apt-get install default-jre-headless)")
    pages = [built.folder / "brief.html", built.folder / "email-preview.html"]
    run = subprocess.run(
        [java, "-jar", str(checker(VNU)), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(run.stderr)["messages"]  # the checker reports on stderr
    assert [m for m in messages if m["type"] != "info"] == []  # errors, fatal or not
    # The page has no warnings either; the email keeps the table attributes that
    # Outlook needs (width, cellpadding ...), which the checker notes as obsolete.
    assert [m["message"] for m in messages if m["url"].endswith("brief.html")] == []
