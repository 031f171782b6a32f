"""The pipeline, top to bottom: plan -> check -> charts -> HTML -> PDF -> write -> manifest.

Nothing heavy is imported until something must be drawn or rendered: a no-op
rebuild hashes the inputs, finds them unchanged and stops.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.editions import (
    Changes,
    compare,
    current_edition,
    point_latest,
    previous_edition,
    read_snapshot,
    snapshot_files,
)
from briefgen.errors import ContentError, OptionError
from briefgen.manifest import (
    CHART_CODE,
    Artifact,
    Manifest,
    code_hash,
    content_inputs,
    environment,
    is_up_to_date,
    previous_input,
    read_manifest,
    sha256_bytes,
    sha256_file,
    theme_inputs,
)
from briefgen.model import ChartSpec, DrawnChart, Indicator, Project
from briefgen.output import (
    build_lock,
    cache_dir,
    check_writable,
    edition_dir,
    read_cached,
    remove_stale_temporaries,
    write_all_atomic,
    write_cached,
    writing,
)
from briefgen.theme import Theme
from briefgen.translations import _
from briefgen.variants import variant_out, variant_path

if TYPE_CHECKING:
    from briefgen.project import CheckReport

# A temporary file in the shared chart cache this old belongs to no running build
# (each build holds only its own folder's lock, so younger ones may be in use).
STALE_CACHE_SECONDS = 3600

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    edition: str
    folder: Path
    artifacts: tuple[Artifact, ...]
    seconds: float
    report: CheckReport | None  # None when nothing had to be checked
    changed: tuple[str, ...] = ()  # artifacts whose bytes this build changed
    rendered: tuple[str, ...] = ()  # the costly steps it ran: "charts/x.svg", "brief.pdf"
    up_to_date: bool = False


@dataclass(slots=True)
class Outputs:
    """What this build will leave in the edition folder: name -> (bytes, key)."""

    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)


def build(
    content: Path,
    *,
    out: Path,
    templates: Path | None = None,
    edition: str | None = None,
    sources: Path | None = None,
    strict: bool = False,
    force: bool = False,
    jobs: int = 1,
    lock_timeout: float = 60.0,
    today: dt.date | None = None,
    progress: Progress = lambda _: None,
    pdf_process: bool = False,
    variant: str | None = None,
    corpus: Corpus | None = None,
) -> BuildResult:
    """Build one edition under out/<edition>/: brief.pdf, brief.html, charts/*.svg, manifest.json.

    Rebuilds only what changed since the last build of that edition (--force: all).
    Validates and renders in memory first: on any error nothing is written and the
    last good files stay. Raises ContentError for bad content or templates,
    OptionError for bad options, LockTimeout when another build holds the folder,
    OutputError when the output cannot be written. With `pdf_process`, WeasyPrint
    loads in a second process while the rest is done (the command line's builds).
    A `variant` (content/briefs/<name>.yaml) builds under out/<name>/<edition>/,
    sharing out/'s chart cache; `corpus` is the corpus's check when already made.
    """
    started = time.perf_counter()
    content, root = Path(content), Path(out)
    out = variant_out(root, variant)
    edition = edition or current_edition(today or dt.date.today())
    folder = edition_dir(out, edition)
    if not content.is_dir():  # said before the lock: a mistyped --content creates no output
        from briefgen.project import read_parts

        raise ContentError(read_parts(content).problems)
    refuse_nesting(content, root)
    if templates is not None:
        refuse_nesting(content, templates, what="templates")
        refuse_nesting(root, templates, what="templates")
    theme = Theme.for_project(templates)
    theme.check()  # a link out of the theme is refused before anything is read
    options = build_options(content, templates, sources, strict, variant)
    with build_lock(out, timeout=lock_timeout):
        remove_stale_temporaries(folder)
        remove_stale_temporaries(cache_dir(root, "charts"), older_than=STALE_CACHE_SECONDS)
        previous = read_manifest(folder)
        if not force and is_up_to_date(
            previous, folder=folder, content=content, theme=theme, options=options, variant=variant
        ):
            artifacts = tuple(previous.artifacts.values())
            return BuildResult(
                edition, folder, artifacts, time.perf_counter() - started, None, up_to_date=True
            )
        refuse_frozen(folder, force=force)
        with pdf_renderer(theme, pdf_process) as render_pdf:
            return fresh_build(content, out, edition, folder, theme, options, previous,
                               sources=sources, strict=strict, force=force, jobs=jobs,
                               progress=progress, started=started, render_pdf=render_pdf,
                               variant=variant, root=root, corpus=corpus)  # fmt: skip


def build_options(
    content: Path, templates: Path | None, sources: Path | None, strict: bool, variant: str | None
) -> dict[str, Any]:
    """The options a build's manifest records: another value rebuilds."""
    return {
        "content": str(content.resolve()),
        "templates": str(templates.resolve()) if templates else None,
        "sources": str(Path(sources).resolve()) if sources else None,
        "strict": strict,
        **({"variant": variant} if variant else {}),  # the default's manifests stay as they were
    }


def is_current(
    content: Path,
    *,
    out: Path,
    edition: str,
    templates: Path | None = None,
    sources: Path | None = None,
    strict: bool = False,
    variant: str | None = None,
) -> bool:
    """Whether a build would say "up to date", asked without its lock (several
    variants' builds use it to skip the corpus check; each build asks again, locked)."""
    folder = edition_dir(variant_out(Path(out), variant), edition)
    theme = Theme.for_project(templates)
    options = build_options(Path(content), templates, sources, strict, variant)
    previous = read_manifest(folder)
    return is_up_to_date(previous, folder=folder, content=Path(content), theme=theme,
                         options=options, variant=variant)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Corpus:
    """The corpus's check, made once for several briefs, with the hashes of what it
    read taken before it read them: a build whose own hashes differ checks again."""

    report: CheckReport
    inputs: dict[str, str]


def check_corpus(
    content: Path, *, out: Path, edition: str, sources: Path | None = None, strict: bool = False
) -> Corpus:
    """Summaries, indicator table, datasets and source texts, checked once. Raises ContentError."""
    from briefgen.project import check_project  # the checks: only when something is built

    inputs = content_inputs(content)
    report = check_project(content, sources=sources, strict=strict, edition=edition, archive=out)
    return Corpus(report, inputs | checked_sources(report))


@contextlib.contextmanager
def pdf_renderer(theme: Theme, second_process: bool) -> Iterator[Callable[[str], bytes]]:
    """How this build turns print HTML into a PDF: in a process that has loaded
    WeasyPrint meanwhile, or in this one when asked for."""
    if not second_process:
        yield lambda html: render_pdf_here(html, theme)
        return
    from briefgen.pdf import PdfWorker

    worker = PdfWorker(theme.folders)
    try:
        yield worker.render
    finally:
        worker.close()


def render_pdf_here(html: str, theme: Theme) -> bytes:
    from briefgen.pdf import to_pdf  # heavy: WeasyPrint

    return to_pdf(html, folders=theme.folders)


def fresh_build(
    content: Path,
    out: Path,
    edition: str,
    folder: Path,
    theme: Theme,
    options: dict[str, Any],
    previous: Manifest | None,
    *,
    sources: Path | None,
    strict: bool,
    force: bool,
    jobs: int,
    progress: Progress,
    started: float,
    render_pdf: Callable[[str], bytes],
    variant: str | None = None,
    root: Path | None = None,
    corpus: Corpus | None = None,
) -> BuildResult:
    """A build that is not up to date, under the lock: check, render in memory,
    then write what changed."""
    # Hash every input before reading it: an edit made during the build then
    # shows as a change on the next run instead of being taken as built.
    root = root or out
    inputs = content_inputs(content, variant) | theme_inputs(theme) | previous_input(out, edition)
    progress("checking content")
    from briefgen.variants import check_brief

    if corpus is not None and any(inputs.get(k, v) != v for k, v in corpus.inputs.items()):
        corpus = None  # the corpus changed since it was checked: check it as it is now
    report = check_brief(content, variant, sources=sources, strict=strict, edition=edition,
                         archive=root, corpus=corpus and corpus.report)  # fmt: skip
    inputs |= checked_sources(report)
    check_writable(folder)  # before the long part: charts and the PDF
    changes = changes_since_previous(out, edition, report.project, chosen=variant is not None)
    env = environment()
    reuse = None if force else previous
    outputs = render_all(
        report.project,
        theme,
        out,
        edition,
        env,
        changes,
        reuse=reuse,
        jobs=jobs,
        progress=progress,
        render_pdf=render_pdf,
        cache=root,
    )
    snapshot = snapshot_files(content, report.sources, report.project.documents,
                              variant=variant_path(content, variant) if variant else None)  # fmt: skip
    for name, data in snapshot.items():
        outputs.files[name] = (data, sha256_bytes(data))
    manifest = Manifest(
        edition=edition,
        options=options,
        sources_folder=str(report.sources) if report.sources else None,
        environment=env,
        inputs=inputs,
        artifacts={
            name: Artifact(name, sha256_bytes(data), len(data), key)
            for name, (data, key) in outputs.files.items()
        },
    )
    changed = write_outputs(folder, outputs, manifest, previous)
    with writing(out / "latest"):
        point_latest(out)
    artifacts = tuple(manifest.artifacts.values())
    seconds = time.perf_counter() - started
    return BuildResult(
        edition, folder, artifacts, seconds, report, tuple(changed), tuple(outputs.rendered)
    )


def checked_sources(report: CheckReport) -> dict[str, str]:
    """The source texts the check read, by the hash of the very bytes it read."""
    if report.sources is None:
        return {}
    return {f"sources/{s.source_file}": s.sha256 or "missing" for s in report.statuses}


@dataclass(frozen=True, slots=True)
class Html:
    """A build's HTML: the page, and the print HTML that the PDF is made from."""

    page: bytes
    printable: str
    pdf_key: str  # same key, same PDF: the print HTML, its fonts and WeasyPrint's version
    pngs: dict[str, bytes]  # the email's charts
    jinja: Any  # the build's one Jinja environment, for the email's templates too


@contextlib.contextmanager
def for_readers(project: Project, theme: Theme) -> Iterator[None]:
    """Inside: figures and dates written for the brief's locale, the code's words for
    readers in its language (the templates get the same catalog from make_env)."""
    from briefgen.numbers.writing import reading
    from briefgen.translations import speaking, translations_for

    with reading(project.brief.locale), speaking(translations_for(theme, project.brief.language)):
        yield


def render_html(
    project: Project,
    theme: Theme,
    out: Path,
    edition: str,
    env: dict[str, str],
    changes: Changes,
    outputs: Outputs,
    *,
    force: bool,
    jobs: int,
    progress: Progress,
) -> Html:
    """Charts (from the cache where they are unchanged) and both HTML variants; the
    charts' files go into outputs."""
    with for_readers(project, theme):
        from briefgen.context import make_context
        from briefgen.render import make_env, render_brief

        # One environment per build: the page, the print HTML and the email share it.
        jinja = make_env(theme, project.brief.language)
        fonts = fonts_key(theme)
        # The language's words a chart draws (its catalog can change with no code change).
        words = json.dumps(chart_words(), sort_keys=True, ensure_ascii=False)
        style = code_hash(CHART_CODE) + fonts + env["matplotlib"] + project.brief.locale + words
        drawings, pngs = chart_svgs(
            project, theme, out, outputs, style, jobs=jobs, force=force, progress=progress
        )
        progress("rendering HTML")
        context = make_context(
            project, drawings, edition=edition, created=source_date(), changes=changes
        )
        page = render_brief(context, theme=theme, variant="page", env=jinja).encode("utf-8")
        printable = render_brief(context, theme=theme, variant="print", env=jinja)
        # The PDF is made from the print HTML alone (with the fonts it names): same
        # HTML, same fonts, same WeasyPrint -> same PDF, so the last one can stay.
        pdf_key = sha256_bytes(
            printable.encode("utf-8") + fonts.encode() + env["weasyprint"].encode()
        )
        return Html(page, printable, pdf_key, pngs, jinja)


def render_all(
    project: Project,
    theme: Theme,
    out: Path,
    edition: str,
    env: dict[str, str],
    changes: Changes,
    *,
    reuse: Manifest | None,
    jobs: int,
    progress: Progress,
    render_pdf: Callable[[str], bytes] | None = None,
    cache: Path | None = None,
) -> Outputs:
    """Every artifact in memory, reusing what the caches and the last build already made
    (the chart cache is under `cache`, default `out`)."""
    with for_readers(project, theme):
        outputs = Outputs()
        html = render_html(project, theme, cache or out, edition, env, changes, outputs,
                           force=reuse is None, jobs=jobs, progress=progress)  # fmt: skip
        outputs.files["brief.pdf"] = (
            pdf_bytes(
                html.printable,
                html.pdf_key,
                reuse,
                out,
                progress,
                outputs,
                render_pdf or (lambda printable: render_pdf_here(printable, theme)),
            ),  # fmt: skip
            html.pdf_key,
        )
        outputs.files["brief.html"] = (html.page, sha256_bytes(html.page))
        if project.brief.email is not None:
            for name, data in email_files(
                project, html.pngs, theme, edition, changes, html.jinja
            ).items():
                outputs.files[name] = (data, sha256_bytes(data))
        return outputs


def changes_since_previous(
    out: Path, edition: str, project: Project, *, chosen: bool = False
) -> Changes:
    """What changed since the edition before this one, as its snapshot has it. A
    variant's snapshot keeps the documents it `chose`: only their figures were in it."""
    before = previous_edition(out, edition)
    old = read_snapshot(out / before, project.brief.language) if before else ([], [], [])
    if chosen:
        kept = {d.id for d in old[0]} | {d.id for d in old[2]}
        old = (old[0], [i for i in old[1] if i.document in kept], old[2])
    return compare(before, old, project)


def email_files(
    project: Project,
    pngs: dict[str, bytes],
    theme: Theme,
    edition: str,
    changes: Changes,
    jinja: Any,
) -> dict[str, bytes]:
    """email.html (CSS inlined), email.txt and email.eml: the message as it will be
    sent, but for To, Date and Message-ID, which are set when sending; and
    email-preview.html, the HTML with its images embedded, for editors."""
    from briefgen.context import chart_cid, email_context
    from briefgen.mail import Inline, compose, preview_html
    from briefgen.render import render_email

    context = email_context(project, pngs, edition=edition, changes=changes)
    html, text, attached = render_email(context, theme=theme, env=jinja)
    images = [
        Inline(chart_cid(c["id"], edition), pngs[c["id"]], f"{c['id']}.png")
        for c in context["charts"]
    ] + [Inline(a.cid, a.data, a.filename, a.subtype) for a in attached]
    settings = project.brief.email
    message = compose(html=html, text=text, images=images, sender=settings.sender, subject=context["subject"],
                      list_unsubscribe=settings.list_unsubscribe)  # fmt: skip
    return {
        "email.html": html.encode("utf-8"),
        "email-preview.html": preview_html(html, images).encode("utf-8"),
        "email.txt": text.encode("utf-8"),
        "email.eml": message.as_bytes(),
    }


def chart_words() -> dict[str, str]:
    """The words charts draw themselves, in the brief's language: a chart worker is
    another process, with no catalog of its own."""
    return {"forecast": _("forecast")}


def chart_svgs(
    project: Project,
    theme: Theme,
    out: Path,
    outputs: Outputs,
    style: str,
    *,
    jobs: int,
    force: bool,
    progress: Progress,
) -> tuple[dict[str, DrawnChart], dict[str, bytes]]:
    """Each chart's drawings (and, for the email's charts, PNG), from the chart cache
    when its spec, data and house style are unchanged; only the others are drawn (and
    only then is matplotlib loaded)."""
    from briefgen.context import chart_alt

    indicators = project.chart_figures()  # with the observations charts of series draw
    wanted_png = set(project.brief.email.charts) if project.brief.email else set()
    keys = {spec.id: chart_key(spec, indicators, style) for spec in project.brief.charts}
    drawings: dict[str, DrawnChart] = {}
    for spec in project.brief.charts:
        if not force:
            cached = cached_chart(out, keys[spec.id], with_png=spec.id in wanted_png)
            if cached is not None:
                drawings[spec.id] = cached
    missing = [spec for spec in project.brief.charts if spec.id not in drawings]
    if missing:
        progress(f"drawing {len(missing)} of {len(project.brief.charts)} charts")
        from briefgen.charts import draw_charts  # heavy: matplotlib

        jobs_list = [(s, chart_alt(s, indicators), s.id in wanted_png) for s in missing]
        for spec, drawn in zip(
            missing,
            draw_charts(
                jobs_list,
                indicators,
                theme.fonts(),
                jobs=jobs,
                locale=project.brief.locale,
                words=chart_words(),
            ),  # fmt: skip
            strict=True,
        ):
            drawings[spec.id] = drawn
            key = keys[spec.id]
            write_cached(out, "charts", key, ".svg", drawn.svg.encode("utf-8"))
            write_cached(out, "charts", key, ".narrow.svg", drawn.narrow_svg.encode("utf-8"))
            if drawn.png is not None:
                write_cached(out, "charts", key, ".png", drawn.png)
            outputs.rendered.append(f"charts/{spec.id}.svg")
    pngs = {k: d.png for k, d in drawings.items() if d.png is not None}
    for spec in project.brief.charts:
        outputs.files[f"charts/{spec.id}.svg"] = (
            drawings[spec.id].svg.encode("utf-8"),
            keys[spec.id],
        )
        if spec.id in pngs:
            outputs.files[f"charts/{spec.id}.png"] = (pngs[spec.id], keys[spec.id])
    return drawings, pngs


def cached_chart(out: Path, key: str, *, with_png: bool) -> DrawnChart | None:
    """A chart drawn by an earlier build, when every file it needs is in the cache."""
    svg = read_cached(out, "charts", key, ".svg")
    narrow = read_cached(out, "charts", key, ".narrow.svg")
    png = read_cached(out, "charts", key, ".png") if with_png else None
    if svg is None or narrow is None or (with_png and png is None):
        return None
    return DrawnChart(svg.decode("utf-8"), narrow.decode("utf-8"), png)


def chart_key(spec: ChartSpec, indicators: dict[str, Indicator], style: str) -> str:
    """A chart's identity: its spec, the data it plots, its alt text and the house style."""
    from briefgen.context import chart_alt, chart_ids

    used = [indicators[i] for i in chart_ids(spec)]
    data: dict[str, Any] = {
        "spec": [
            spec.id,
            spec.kind,
            spec.title,
            list(spec.series),
            spec.value_label,
            spec.axes,
            [[i.label, list(i.indicators), i.group] for i in spec.items],
            spec.data and list(spec.data.annotate),
        ],
        "data": [
            [
                i.id,
                i.label,
                str(i.value),
                i.unit,
                i.scale,
                list(i.qualifiers),
                i.period and i.period.text,
                i.note,  # "provisional" draws an open marker
            ]
            for i in used
        ],
        "style": style,
        "alt": chart_alt(spec, indicators),  # the SVG's <title>: its wording is code elsewhere
    }
    return sha256_bytes(json.dumps(data, sort_keys=True).encode("utf-8"))


def fonts_key(theme: Theme) -> str:
    return sha256_bytes("".join(sha256_file(p) for p in theme.fonts()).encode())


def pdf_bytes(
    printable: str,
    key: str,
    reuse: Manifest | None,
    out: Path,
    progress: Progress,
    outputs: Outputs,
    render_pdf: Callable[[str], bytes],
) -> bytes:
    """The PDF: the last build's file when its print HTML, fonts and WeasyPrint are
    the same (the key), else rendered anew."""
    previous = reuse.artifacts.get("brief.pdf") if reuse else None
    if previous is not None and previous.key == key:
        path = out / reuse.edition / "brief.pdf"
        data = path.read_bytes() if path.is_file() else b""
        if sha256_bytes(data) == previous.sha256:
            return data
    progress("rendering PDF")
    outputs.rendered.append("brief.pdf")
    return render_pdf(printable)


def write_outputs(
    folder: Path, outputs: Outputs, manifest: Manifest, previous: Manifest | None
) -> list[str]:
    """Write what changed in one staged step with the manifest last (a build killed
    before it counts as not done on the next run), then drop the charts the brief
    no longer has. Returns the names of the files whose bytes changed."""
    changed = [
        name
        for name, (data, _) in outputs.files.items()
        if not ((folder / name).is_file() and sha256_file(folder / name) == sha256_bytes(data))
    ]
    files = {folder / name: outputs.files[name][0] for name in changed}
    write_all_atomic(files | {folder / "manifest.json": manifest.to_json()})
    for name in sorted(set(previous.artifacts if previous else ()) - set(outputs.files)):
        with writing(folder / name):
            (folder / name).unlink(missing_ok=True)
        changed.append(name)
    return changed


def source_date() -> dt.date | None:
    """SOURCE_DATE_EPOCH (reproducible builds), when set, dates the files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except ValueError:
        raise OptionError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"
        ) from None


def refuse_frozen(folder: Path, *, force: bool) -> None:
    """An edition whose email went out is kept as it was sent."""
    from briefgen.mail import was_sent

    if was_sent(folder) and not force:
        raise EditionFrozen(
            f"edition {folder.name} has been emailed (see {folder / 'sendlog.jsonl'}), so it is kept as sent; "
            "build another edition, or use --force to rebuild this one anyway"
        )


class EditionFrozen(OptionError):
    """Building an edition that was already sent."""


def refuse_nesting(content: Path, other: Path, *, what: str = "output") -> None:
    """content/, output/ and templates/ must not contain each other: a build would
    read its own output, or the PDF renderer could read the content."""
    first, second = content.resolve(), other.resolve()
    if first == second or first in second.parents or second in first.parents:
        raise OptionError(
            f"the {what} folder {second} and the folder {first} must not contain each other"
        )
