"""Score `briefgen add`'s extraction on the hand-labelled evaluation set in
../shared/eval (real third-party texts; never copied into the repository).

    python benchmarks/score_extraction.py [--eval DIR] [--verbose]

Recall: labelled figures (relevant=yes) found by a candidate on the same line with
the same value x scale. Precision: found / candidates, not counting candidates that
match a borderline row. For the figures found, the share whose unit, qualifier and
period are right too. A script, not a test: the numbers go in the README.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefgen.extract import candidates, text_language  # noqa: E402
from briefgen.model import SCALES  # noqa: E402
from briefgen.numbers import detect_style  # noqa: E402


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    proposed: int = 0
    borderline: int = 0
    unit: int = 0
    qualifier: int = 0
    period: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, name: str) -> str:
        recall = self.found / self.labelled if self.labelled else 1
        precision = self.found / max(self.proposed - self.borderline, 1)
        shares = [
            getattr(self, n) / self.found if self.found else 1
            for n in ("unit", "qualifier", "period")
        ]
        return (f"| {name} | {self.labelled} | {self.proposed} | {recall:.2f} | {precision:.2f} | "
                + " | ".join(f"{s:.2f}" for s in shares) + " |")  # fmt: skip


def amount(value: str, scale: str) -> Decimal:
    return Decimal(value) * SCALES[scale or "1"]


def score_text(text: str, truth: list[dict], verbose: bool, name: str) -> Score:
    language = text_language(text)
    style = detect_style(text.splitlines(), language).style
    found = candidates(text, style=style, language=language)
    score = Score(labelled=sum(r["relevant"] == "yes" for r in truth), proposed=len(found))
    by_line = defaultdict(list)
    for row in truth:
        if row["value"]:
            by_line[int(row["line"])].append(row)
    used = set()
    for c in found:
        rows = [
            r
            for r in by_line[c.line]
            if amount(r["value"], r["scale"]) == c.value * SCALES[c.scale]
        ]
        row = next((r for r in rows if id(r) not in used and r["relevant"] == "yes"), None)
        if row is None:
            if any(r["relevant"] == "borderline" for r in rows):
                score.borderline += 1
            elif verbose:
                print(
                    f"  {name}:{c.line}: proposed {c.text!r} = {c.value} {c.scale} {c.unit} ({c.phrase[:70]})"
                )
            continue
        used.add(id(row))
        score.found += 1
        score.unit += c.unit == row["unit"]
        score.qualifier += c.qualifier == (row["qualifier"] or "exact")
        score.period += c.period == row["period"]
        if verbose and (c.unit, c.qualifier, c.period) != (
            row["unit"],
            row["qualifier"] or "exact",
            row["period"],
        ):
            print(
                f"  {name}:{c.line}: {c.text!r} unit {c.unit!r}/{row['unit']!r} qualifier {c.qualifier}/{row['qualifier']} period {c.period!r}/{row['period']!r}"
            )
    if verbose:
        for row in truth:
            if row["relevant"] == "yes" and id(row) not in used:
                print(
                    f"  {name}:{row['line']}: missed {row['value']} {row['scale']} {row['unit']} ({row['excerpt']})"
                )
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    total = Score()
    print("| text | labelled | candidates | recall | precision | unit | qualifier | period |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted((args.eval / "texts").glob("*.txt")):
        truth = list(
            csv.DictReader((args.eval / "truth" / f"{path.stem}.csv").open(encoding="utf-8"))
        )
        score = score_text(path.read_text(encoding="utf-8"), truth, args.verbose, path.stem)
        total.add(score)
        print(score.row(path.stem))
    print(total.row("**all**"))


if __name__ == "__main__":
    main()
