"""Several briefs in one run (`--all`): the corpus is checked once, then each brief
is built (in a process pool with `jobs` > 1), incremental on its own manifest and
sharing the chart cache. One brief's failure never stops the others; each brief's
outcome is reported, and the run's exit code is the most serious of theirs.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.build import BuildResult, Corpus, build, check_corpus, is_current
from briefgen.errors import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_CANNOT_WRITE,
    EXIT_DELIVERY,
    EXIT_INTERNAL,
    EXIT_OK,
    BriefgenError,
    ContentError,
)

# Most serious first: a bug in briefgen, then a machine that cannot take the output,
# then content an editor must fix, then mail to retry, then a build that was busy.
SERIOUSNESS = (EXIT_INTERNAL, EXIT_CANNOT_WRITE, EXIT_BAD_INPUT, EXIT_DELIVERY, EXIT_BUSY, EXIT_OK)


def most_serious(codes: Iterable[int]) -> int:
    """The exit code of a run of several briefs (0 when there were none)."""
    rank = {code: n for n, code in enumerate(SERIOUSNESS)}
    return min(codes, key=lambda c: rank.get(c, 0), default=EXIT_OK)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one brief: its build (None when it failed), its exit code and,
    when it failed, the lines that say why."""

    variant: str | None  # None: the default brief
    exit_code: int
    result: BuildResult | None
    lines: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.variant or "default"


def failed(variant: str | None, err: BaseException) -> Outcome:
    """A brief's failure as an outcome: its problems, or the traceback of a bug."""
    if isinstance(err, ContentError):
        return Outcome(variant, err.exit_code, None, tuple(str(p) for p in err.problems))
    if isinstance(err, BriefgenError):
        return Outcome(variant, err.exit_code, None, (f"error: {err}",))
    lines = traceback.format_exception(err)
    return Outcome(variant, EXIT_INTERNAL, None, tuple("".join(lines).rstrip().splitlines()))


def build_one(variant: str | None, options: dict[str, Any]) -> Outcome:
    """One brief's build, its failure caught: the pool's unit of work."""
    try:
        return Outcome(variant, EXIT_OK, build(variant=variant, **options))
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # reported with the others, never silently carried on
        return failed(variant, err)


def build_many(
    content: Path,
    *,
    variants: tuple[str | None, ...],
    editions: dict[str | None, str],
    out: Path,
    jobs: int = 1,
    say: Callable[[str], None] = lambda _: None,
    **options: Any,
) -> list[Outcome]:
    """Build each brief's edition (`editions`: by variant, each in its own time zone),
    the corpus checked once for all that are not up to date. Outcomes in `variants`'s
    order. Raises ContentError when the corpus itself is wrong (every brief needs it)."""
    shared = {"templates": options.get("templates"), "sources": options.get("sources"),
              "strict": options.get("strict", False)}  # fmt: skip
    stale = [v for v in variants if options.get("force")
             or not is_current(content, out=out, edition=editions[v], variant=v, **shared)]  # fmt: skip
    corpus: Corpus | None = None
    if stale:
        say(f"checking the corpus once for {len(stale)} of {len(variants)} briefs")
        edition = editions[stale[0]]
        corpus = check_corpus(content, out=out, edition=edition, sources=shared["sources"],
                              strict=shared["strict"])  # fmt: skip

    def job(v: str | None) -> dict[str, Any]:
        same_week = corpus is not None and editions[v] == editions[stale[0]]
        return {**options, "content": content, "out": out, "edition": editions[v],
                "corpus": corpus if same_week else None, "jobs": 1}  # fmt: skip

    if jobs <= 1 or len(variants) <= 1:
        return [build_one(v, job(v)) for v in variants]
    return in_pool([(v, job(v)) for v in variants], jobs)


def in_pool(work: list[tuple[str | None, dict[str, Any]]], jobs: int) -> list[Outcome]:
    """The builds in `jobs` processes (spawned: no thread of ours is forked)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), mp_context=context) as pool:
        futures = [pool.submit(build_one, v, o) for v, o in work]
        outcomes = []
        for (variant, _), future in zip(work, futures, strict=True):
            try:
                outcomes.append(future.result())
            except Exception as err:  # the worker itself died (killed, out of memory)
                outcomes.append(failed(variant, err))
        return outcomes
