"""Score `briefgen add`'s extraction on the hand-labelled evaluation set in
../shared/eval (real third-party texts; never copied into the repository).

    python benchmarks/score_extraction.py [--eval DIR] [--kinds texts,pdf,html] [--verbose]

Recall: labelled figures (relevant=yes) found by a candidate with the same value x
scale on the same line (for the PDF and HTML twins, whose lines are their own: in a
line that holds the row's excerpt words around it). Precision: found / candidates,
not counting candidates that match a borderline row. For the figures found, the
share whose unit, qualifier and period are right too. Metadata: title, author and
date as _metadata.csv records them. A script, not a test: the numbers go in the
README.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefgen.intake import stated_of  # noqa: E402
from briefgen.intake.figures import candidates  # noqa: E402
from briefgen.intake.inputs import read_input  # noqa: E402
from briefgen.intake.metadata import text_language  # noqa: E402
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


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def same_place(row: dict, line: int, text_line: str, twin: bool) -> bool:
    """The candidate's line is the row's: by number in the .txt, by the excerpt's
    words in a twin (whose lines are its own)."""
    if not twin:
        return line == int(row["line"])
    excerpt = " ".join(words(row["excerpt"]))
    return excerpt in " ".join(words(text_line))


def score_text(
    text: str, truth: list[dict], verbose: bool, name: str, twin: bool, pages=None
) -> Score:  # noqa: ANN001
    language = text_language(text)
    style = detect_style(text.splitlines(), language).style
    found = candidates(text, style=style, language=language, pages=pages)
    lines = text.splitlines()
    score = Score(labelled=sum(r["relevant"] == "yes" for r in truth))
    used: set[int] = set()
    for c in found:
        rows = [r for r in truth if r["value"] and amount(r["value"], r["scale"]) == c.value * SCALES[c.scale]
                and same_place(r, c.line, lines[c.line - 1], twin)]  # fmt: skip
        row = next((r for r in rows if id(r) not in used and r["relevant"] == "yes"), None)
        if row is None and twin and any(id(r) in used for r in rows):
            continue  # the same figure found twice (a page header repeating it) counts once
        score.proposed += 1
        if row is None:
            if any(r["relevant"] == "borderline" for r in rows):
                score.borderline += 1
            elif verbose:
                print(
                    f"  {name}:{c.line}: proposed {c.text!r} = {c.value} {c.scale} {c.unit} ({c.context[:70]})"
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


@dataclass
class Meta:
    right: int = 0
    total: int = 0


def score_metadata(path: Path, expected: dict, tally: dict[str, Meta], verbose: bool) -> None:
    source = read_input(path)
    stated = stated_of(source)
    want = {"title": expected["title"] or None, "author": expected["authors"] or None,
            "published": expected["published"] or None}  # fmt: skip
    for key, value in want.items():
        got = stated[key].value
        tally[key].total += 1
        tally[key].right += got == value
        if verbose and got != value:
            print(f"  {path.name}: {key} {got!r}, expected {value!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--kinds", default="texts,pdf,html")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    metadata = {
        r["id"]: r
        for r in csv.DictReader((args.eval / "truth/_metadata.csv").open(encoding="utf-8"))
    }
    print(
        "| input | text | labelled | candidates | recall | precision | unit | qualifier | period |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    totals = {}
    for kind in args.kinds.split(","):
        total, tally = Score(), {k: Meta() for k in ("title", "author", "published")}
        suffix = {"texts": "txt", "pdf": "pdf", "html": "html"}[kind]
        for path in sorted((args.eval / kind).glob(f"*.{suffix}")):
            truth = list(
                csv.DictReader((args.eval / "truth" / f"{path.stem}.csv").open(encoding="utf-8"))
            )
            source = read_input(path)
            score = score_text(
                source.text,
                truth,
                args.verbose,
                f"{kind}/{path.stem}",
                kind != "texts",
                source.pages,
            )
            total.add(score)
            score_metadata(path, metadata[path.stem], tally, args.verbose)
            print(score.row(f"{kind} | {path.stem}"))
        print(total.row(f"**{kind}** | **all**"))
        totals[kind] = tally
    print("\n| input | title | author | date |\n| --- | --- | --- | --- |")
    for kind, tally in totals.items():
        print(f"| {kind} | " + " | ".join(f"{m.right}/{m.total}" for m in tally.values()) + " |")


if __name__ == "__main__":
    main()
