"""Generate a synthetic brief project: N documents, their source texts, M indicators
(each standing on the line it cites) and K charts, valid under `briefgen check --strict`."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

TOPICS = [
    "trade",
    "investment",
    "manufacturing",
    "energy",
    "labour",
    "logistics",
    "innovation",
    "agriculture",
]
REGIONS = ["Mexico", "United States", "Canada", "North America", "World"]
KINDS = ["bar", "barh", "line", "paired"]

# Summaries are written from a vocabulary the source texts never use, so the
# own-words check passes as it would for real, paraphrased summaries.
SUMMARY_WORDS = (  # noqa: SIM905 (prose reads better than a list of strings)
    "analysts reviewing this synthetic benchmark paper note its broad scope careful framing "
    "modest claims regional focus useful tables explicit caveats limited sample plain prose "
    "clear structure recurring themes policy relevance measured tone practical guidance"
).split()


def source_text(doc: int, values: list[tuple[int, float]]) -> str:
    lines = [f"Synthetic source document {doc}", ""]
    for number, value in values:
        lines.append(
            f"Series {number} for the region stood at {value}% in {2015 + number % 9}, the text reports."
        )
        lines.append("A line of context without any figure follows here.")
    return "\n".join(lines) + "\n"


def summary(rng: random.Random) -> str:
    words = [rng.choice(SUMMARY_WORDS) for _ in range(110)]
    return " ".join(words).capitalize() + "."


def generate(root: Path, *, documents: int, indicators: int, charts: int, seed: int = 7) -> Path:
    """Write root/content and root/sources; returns root."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "documents").mkdir(parents=True)
    (root / "sources").mkdir()
    rows = [
        "id,label,value,unit,scale,qualifier,period,geography,document,locator,attributed_to,note"
    ]
    per_doc = max(1, indicators // documents)
    ids: list[str] = []
    for doc in range(documents):
        doc_id = f"doc-{doc:04d}"
        values = [(n, round(rng.uniform(1, 95), 1)) for n in range(per_doc)]
        (root / "sources" / f"{doc_id}.txt").write_text(source_text(doc, values))
        doc_ids = []
        for n, value in values:
            indicator = f"{doc_id}-s{n:02d}"
            line = 3 + 2 * n
            rows.append(
                f"{indicator},Series {n} of document {doc},{value},%,1,exact,{2015 + n % 9},{rng.choice(REGIONS)},{doc_id},{line},,"
            )
            doc_ids.append(indicator)
        ids += doc_ids
        (root / "content" / "documents" / f"{doc_id}.yaml").write_text(
            document_yaml(doc_id, doc, doc_ids, rng)
        )
    (root / "content" / "indicators.csv").write_text("\n".join(rows) + "\n")
    (root / "content" / "brief.yaml").write_text(brief_yaml(ids, charts, rng) + DATA_CHART)
    dataset(root / "content" / "data", rng)
    return root


# A monthly dataset of three series over ten years, as a statistics office
# publishes it (long CSV), with derived figures and a chart of two of its series.
DATA_CHART = """  - id: chart-data
    kind: line
    title: Monthly exports and imports
    data:
      dataset: synthetic-trade
      series: [exports, imports]
      from: 2022-01
"""
DATASET_YAML = """origin:
  producer: Benchmark Statistics Office
  title: Synthetic monthly trade
  url: https://stats.example/trade
  accessed: 2026-11-30
  published: null
  license: CC BY 4.0
  citation: Benchmark Statistics Office, Synthetic monthly trade (accessed 30 November 2026)
layout: long
columns: {period: month, series: flow, value: value}
unit: USD
scale: million
frequency: monthly
seasonally_adjusted: true
prices: nominal
historical: true
series:
  - {id: exports, label: Exports, match: {flow: exports}}
  - {id: imports, label: Imports, match: {flow: imports}}
  - {id: total, label: Total trade, match: {flow: total}}
derived:
  - {id: exports-latest, kind: latest, series: exports}
  - {id: exports-yoy, kind: yoy, series: exports}
  - {id: exports-share, kind: share, series: exports, total: total}
  - {id: exports-mean, kind: rolling_mean, series: exports, window: 12}
"""


def dataset(folder: Path, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    rows = ["month,flow,value"]
    for year in range(2015, 2025):
        for month in range(1, 13):
            exports, imports = round(rng.uniform(900, 1400), 1), round(rng.uniform(800, 1300), 1)
            rows += [f"{year}-{month:02d},exports,{exports}", f"{year}-{month:02d},imports,{imports}",
                     f"{year}-{month:02d},total,{round(exports + imports, 1)}"]  # fmt: skip
    (folder / "synthetic-trade.csv").write_text("\n".join(rows) + "\n")
    (folder / "synthetic-trade.yaml").write_text(DATASET_YAML)


def document_yaml(doc_id: str, doc: int, indicators: list[str], rng: random.Random) -> str:
    points = "\n".join(f"  - {summary(rng)[:120].rsplit(' ', 1)[0]}." for _ in range(4))
    return f"""id: {doc_id}
title: "Synthetic document {doc}"
publisher: Benchmark Press
authors: [A. Writer]
published: 2024-{1 + doc % 12:02d}
source_file: {doc_id}.txt
language: en
document_type: report
topics: [{rng.choice(TOPICS)}, {rng.choice(TOPICS)}]
summary: >-
  {summary(rng)}
key_points:
{points}
indicators: [{", ".join(indicators)}]
implications: Analysts should read it alongside official statistics.
reliability: Synthetic text made for benchmarks; trust it for timing only.
"""


def brief_yaml(ids: list[str], charts: int, rng: random.Random) -> str:
    specs = []
    for number in range(charts):
        kind = KINDS[number % len(KINDS)]
        picked = rng.sample(ids, 6)
        if kind == "line":  # one point per year: series n is for year 2015 + n % 9
            by_year = {int(i[-2:]) % 9: i for i in rng.sample(ids, len(ids))}
            picked = [by_year[year] for year in sorted(by_year)][:6]
        if kind == "paired":
            items = "\n".join(
                f"      - label: Group {g}\n        indicators: [{picked[2 * g]}, {picked[2 * g + 1]}]"
                for g in range(3)
            )
            specs.append(
                f"  - id: chart-{number:02d}\n    kind: paired\n    title: Chart {number}\n    series: [First, Second]\n    items:\n{items}"
            )
        else:
            items = "\n".join(
                f"      - label: Item {i}\n        indicator: {picked[i]}" for i in range(5)
            )
            specs.append(
                f"  - id: chart-{number:02d}\n    kind: {kind}\n    title: Chart {number}\n    items:\n{items}"
            )
    figures = "\n".join(f"  - {i}" for i in ids[:6])
    return f"""title: Synthetic benchmark brief
organisation: briefgen benchmarks
language: en
sources: ../sources
takeaways:
  - The first series stands at {{{ids[0]}}}.
headline_figures:
{figures}
charts:
{chr(10).join(specs)}
"""
