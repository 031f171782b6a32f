"""Benchmarks: how long briefgen takes, and how much of that is the unavoidable work.

    python benchmarks/run.py                     # shipped content, 50 and 500 documents
    python benchmarks/run.py --sizes shipped,50  # a quicker run

For each corpus, in fresh processes: a cold full build (no output, no cache), a
no-op rebuild, a rebuild after one summary changes and one after one indicator
changes; wall time and peak memory of each. The floor, measured in the same run:
WeasyPrint alone on the brief's final print HTML, matplotlib alone drawing its
charts and pandas alone reading its data files; the ratio cold build / floor shows briefgen's own overhead. Then the
preview: `briefgen serve` running, a page open in headless Chromium, the time from
saving a summary to the page showing the edit (no reload by hand), and to the
preview's PDF being written, the median of a few edits. Prints a Markdown table
(for the README) and writes it to benchmarks/results.md.

    python benchmarks/run.py --sizes none --variants 1,5,20   # variants only

With `--variants`, the shipped brief as 1, 5 and 20 briefs (the default and
generated variants in content/briefs/ of a temporary copy): `build --all` cold,
one brief after another and with `--jobs 2`, and the no-op rebuild of them all.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

EDITION = "2026-W48"


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def briefgen(root: Path, *extra: str) -> tuple[float, float]:
    return timed(
        [sys.executable, "-m", "briefgen", "build", "--edition", EDITION, "--quiet", *extra], root
    )


def shipped(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    # brief.yaml's paths must lead inside the project (README, Security): the source
    # texts are copied beside content/, as ../shared/sources stands beside a checkout.
    shutil.copytree(REPO.parent / "shared" / "sources", root / "sources")
    brief = root / "content" / "brief.yaml"
    brief.write_text(re.sub(r"(?m)^sources: .*$", "sources: ../sources", brief.read_text()))
    return root


def change_summary(root: Path) -> None:
    path = sorted((root / "content" / "documents").glob("*.yaml"))[0]
    text = path.read_text()
    path.write_text(text.replace("implications: ", "implications: In short, ", 1) if "implications: >-" not in text
                    else text.replace("implications: >-\n  ", "implications: >-\n  In short, ", 1))  # fmt: skip


def change_indicator(root: Path) -> None:
    """Relabel an indicator that the first chart plots: that chart, and only it, is redrawn."""
    import csv
    import io

    import yaml

    brief = yaml.safe_load((root / "content" / "brief.yaml").read_text())
    item = brief["charts"][0]["items"][0]
    target = item.get("indicator") or item["indicators"][0]
    path = root / "content" / "indicators.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(), newline="")))
    for row in rows:
        if row[0] == target:
            row[1] += " (relabelled)"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue())


def preview_latency(root: Path, edits: int) -> tuple[float, float] | None:
    """Median seconds from saving a summary to (the page in Chromium showing it, the
    preview's new PDF on disk), with `briefgen serve` running; None without Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    command = [sys.executable, "-m", "briefgen", "serve", "--port", "0", "--edition", EDITION]
    server = subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        url = next(line.split()[1] for line in server.stdout if line.startswith("serving "))
        threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
        status = lambda: json.loads(urllib.request.urlopen(url + "_briefgen/status").read())  # noqa: E731
        wait(lambda: status()["state"] == "ok" and status()["pdf"] == "ready", 600)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            page.goto(url)
            shown, pdf = [], []
            path = sorted((root / "content" / "documents").glob("*.yaml"))[0]
            for word in ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"][:edits]:
                marker = f"Preview marker {word}"
                before = status()["pdf_version"]
                text = path.read_text()
                started = time.perf_counter()
                path.write_text(re.sub(r"(?m)^implications: (>-\n  )?(Preview marker \w+\. )?",
                                       lambda m, marker=marker: f"implications: {m[1] or ''}{marker}. ", text, count=1))  # fmt: skip
                page.wait_for_function(f"document.body.innerText.includes({marker!r})", polling="raf",
                                       timeout=60_000)  # fmt: skip
                shown.append(time.perf_counter() - started)
                wait(
                    lambda b=before: status()["pdf"] == "ready" and status()["pdf_version"] != b,
                    600,
                )
                pdf.append(time.perf_counter() - started)
                time.sleep(0.5)
            browser.close()
        return statistics.median(shown), statistics.median(pdf)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def wait(condition, timeout: float) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the preview did not get ready in time")
        time.sleep(0.02)


def floor(root: Path) -> tuple[float, int]:
    """WeasyPrint alone on the final print HTML, plus matplotlib alone drawing the
    charts, plus pandas alone reading the data files (when there are any), each
    timed inside its own process from its first import."""
    render = f"""
from pathlib import Path
from briefgen.project import check_project
from briefgen.context import make_context
from briefgen.model import DrawnChart
from briefgen.render import render_brief
from briefgen.theme import Theme
root = Path({str(root)!r})
project = check_project(root / "content").project
# The print HTML shows only the page's drawing of each chart.
svgs = {{p.stem: DrawnChart(p.read_text(), "", None) for p in (root / "output" / {EDITION!r} / "charts").glob("*.svg")}}
theme = Theme.for_project(root / "templates")
html = render_brief(make_context(project, svgs, edition={EDITION!r}), theme=theme, variant="print")
(root / "print.html").write_text(html)
"""
    subprocess.run([sys.executable, "-c", render], check=True)
    weasy = f"""
import time
started = time.perf_counter()
from weasyprint import HTML
HTML(filename={str(root / "print.html")!r}).write_pdf({str(root / "floor.pdf")!r}, pdf_variant="pdf/ua-1")
print(time.perf_counter() - started)
"""
    charts = f"""
import time
from pathlib import Path
from briefgen.project import check_project
from briefgen.context import chart_alt
from briefgen.theme import Theme
project = check_project(Path({str(root / "content")!r})).project
indicators = project.chart_figures()
specs = [(s, chart_alt(s, indicators), False) for s in project.brief.charts]
started = time.perf_counter()
from briefgen.charts import draw_charts
draw_charts(specs, indicators, Theme.for_project(None).fonts())
print(time.perf_counter() - started)
"""
    # The files as briefgen reads them: every cell as text (values are parsed to
    # exact decimals after), Excel through calamine.
    data = f"""
import time
from pathlib import Path
files = sorted(p for p in Path({str(root / "content" / "data")!r}).glob("*") if p.suffix in (".csv", ".xlsx", ".parquet"))
started = time.perf_counter()
if files:
    import pandas as pd
    for path in files:
        if path.suffix == ".csv":
            pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif path.suffix == ".xlsx":
            pd.read_excel(path, engine="calamine", dtype=str)
        else:
            pd.read_parquet(path)
print(time.perf_counter() - started if files else 0.0)
"""
    seconds = sum(
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for code in (weasy, charts, data)
    )
    from pypdf import PdfReader

    pages = len(PdfReader(root / "output" / EDITION / "brief.pdf").pages)
    return seconds, pages


def bench(name: str, root: Path, repeat: int, edits: int) -> dict[str, object]:
    documents = len(list((root / "content" / "documents").glob("*.yaml")))
    indicators = len((root / "content" / "indicators.csv").read_text().splitlines()) - 1
    print(f"{name}: {documents} documents, {indicators} indicators", file=sys.stderr)
    # Cold builds and the floor are timed in turns (a cold build, then the floor on its
    # output), so that both see the same load on a shared machine; the ratio is the
    # median of each turn's. A few turns on small corpora, one on large ones, where a
    # run takes minutes and noise matters less.
    runs = 5 if documents <= 5 else 3 if documents <= 50 else 1
    turns = []
    for _ in range(runs):
        shutil.rmtree(root / "output", ignore_errors=True)
        cold_run = briefgen(root)
        turns.append((cold_run, floor(root)))
    cold, cold_mb = statistics.median(c for (c, _), _ in turns), max(m for (_, m), _ in turns)
    floor_seconds = statistics.median(f for _, (f, _) in turns)
    ratio = statistics.median(c / f for (c, _), (f, _) in turns)
    pages = turns[0][1][1]
    noop = statistics.median(briefgen(root)[0] for _ in range(repeat))
    noop_mb = briefgen(root)[1]
    change_summary(root)
    summary, summary_mb = briefgen(root)
    change_indicator(root)
    indicator, indicator_mb = briefgen(root)
    shutil.rmtree(root / "output")
    cold_jobs, _ = briefgen(root, "--jobs", "2")
    charts = len(list((root / "output" / EDITION / "charts").glob("*.svg")))
    preview = preview_latency(root, edits)
    row = {
        "corpus": name, "documents": documents, "indicators": indicators, "charts": charts, "pages": pages,
        "cold": cold, "cold_mb": cold_mb, "cold_jobs2": cold_jobs, "noop": noop, "noop_mb": noop_mb,
        "summary": summary, "summary_mb": summary_mb, "indicator": indicator, "indicator_mb": indicator_mb,
        "floor": floor_seconds, "ratio": ratio, "summary_ratio": summary / cold,
        "preview_html": preview[0] if preview else None, "preview_pdf": preview[1] if preview else None,
    }  # fmt: skip
    print(row, file=sys.stderr)
    return row


def table(rows: list[dict[str, object]]) -> str:
    head = (
        "| corpus | docs | indicators | charts | PDF pages | cold build | cold, `--jobs 2` | no-op "
        "| one summary changed | one summary / cold | one indicator changed | floor | cold / floor "
        "| preview: page shown | preview: PDF |\n|" + " --- |" * 15
    )
    lines = [head]
    for r in rows:
        shown = (
            f"{r['preview_html']:.2f} s" if r["preview_html"] is not None else "n/a (no Chromium)"
        )
        pdf = f"{r['preview_pdf']:.2f} s" if r["preview_pdf"] is not None else "n/a"
        lines.append(
            f"| {r['corpus']} | {r['documents']} | {r['indicators']} | {r['charts']} | {r['pages']} "
            f"| {r['cold']:.2f} s, {r['cold_mb']:.0f} MB | {r['cold_jobs2']:.2f} s | {r['noop']:.2f} s, {r['noop_mb']:.0f} MB "
            f"| {r['summary']:.2f} s, {r['summary_mb']:.0f} MB | {r['summary_ratio']:.2f} "
            f"| {r['indicator']:.2f} s, {r['indicator_mb']:.0f} MB "
            f"| {r['floor']:.2f} s | {r['ratio']:.2f} | {shown} | {pdf} |"
        )
    return "\n".join(lines)


def write_variants(root: Path, count: int) -> None:
    """count - 1 variants beside the default: each its own title and takeaways (a
    different pair of the default's), the same charts, so they share the chart cache."""
    import yaml

    brief = yaml.safe_load((root / "content" / "brief.yaml").read_text())
    takeaways = brief["takeaways"]
    folder = root / "content" / "briefs"
    shutil.rmtree(folder, ignore_errors=True)  # the shipped variants (es, autos) are not these
    folder.mkdir()
    for n in range(1, count):
        pair = [takeaways[n % len(takeaways)], takeaways[(n + 1) % len(takeaways)]]
        settings = {"title": f"{brief['title']}: desk {n}", "takeaways": pair}
        (folder / f"desk-{n:02d}.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True))


def bench_variants(scratch: Path, counts: list[int]) -> list[dict[str, object]]:
    rows = []
    for count in counts:
        root = shipped(scratch / f"variants-{count}")
        write_variants(root, count)
        row: dict[str, object] = {"briefs": count}
        for label, extra in (("serial", ()), ("jobs 2", ("--jobs", "2"))):
            shutil.rmtree(root / "output", ignore_errors=True)
            row[label] = briefgen(root, "--all", *extra)[0]
        row["no-op"] = briefgen(root, "--all")[0]
        rows.append(row)
        print(f"{count} briefs: {row}", file=sys.stderr)
    return rows


def variants_table(rows: list[dict[str, object]]) -> str:
    lines = ["| briefs | build --all, one after another | build --all --jobs 2 | jobs 2 / serial | no-op rebuild of all |",
             "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for row in rows:
        lines.append(f"| {row['briefs']} | {row['serial']:.1f} s | {row['jobs 2']:.1f} s | "
                     f"{row['jobs 2'] / row['serial']:.2f} | {row['no-op']:.2f} s |")  # fmt: skip
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        more = last["briefs"] - first["briefs"]
        lines.append("")
        lines.append(f"Each brief beyond the first adds {(last['serial'] - first['serial']) / more:.2f} s "
                     f"one after another, {(last['jobs 2'] - first['jobs 2']) / more:.2f} s with --jobs 2, "
                     f"{(last['no-op'] - first['no-op']) / more:.3f} s to a no-op rebuild.")  # fmt: skip
    return "\n".join(lines)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="shipped,50,500", help="shipped and/or numbers of generated documents"
    )
    parser.add_argument("--repeat", type=int, default=5, help="no-op runs to take the median of")
    parser.add_argument("--edits", type=int, default=5, help="preview edits to take the median of")
    parser.add_argument("--variants", default="", help="numbers of briefs, e.g. 1,5,20 (see above)")
    args = parser.parse_args()
    rows, variant_rows = [], []
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        if args.variants:
            counts = [int(n) for n in args.variants.split(",")]
            variant_rows = bench_variants(Path(scratch), counts)
        for size in [s for s in args.sizes.split(",") if s and s != "none"]:
            root = Path(scratch) / size
            if size == "shipped":
                rows.append(bench("shipped", shipped(root), args.repeat, args.edits))
            else:
                documents = int(size)
                generate(root, documents=documents, indicators=10 * documents, charts=40)
                rows.append(bench(f"generated {documents}", root, args.repeat, args.edits))
    report = f"Machine: {machine()}.\n\n"
    report += f"{table(rows)}\n" if rows else ""
    report += f"\n{variants_table(variant_rows)}\n" if variant_rows else ""
    (HERE / "results.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
