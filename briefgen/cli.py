"""The briefgen command: parse options, make one library call, print, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from briefgen.errors import BriefgenError, ContentError, Problem
from briefgen.project import plural


class BriefgenGroup(click.Group):
    """Bad input becomes a list of problems and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as err:
            for problem in err.problems:
                click.echo(str(problem), err=True)
            count = len(err.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''}: nothing written", err=True)
            ctx.exit(err.exit_code)
        except BriefgenError as err:
            click.echo(f"error: {err}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted: the last good output is unchanged", err=True)
            ctx.exit(130)


def content_option(function: Any) -> Any:
    return click.option(
        "--content",
        type=click.Path(path_type=Path),
        default=Path("content"),
        show_default=True,
        help="Folder of the brief's inputs.",
    )(function)


def sources_option(function: Any) -> Any:
    return click.option(
        "--sources",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder of source texts to verify figures against (default: `sources:` in brief.yaml).",
    )(function)


def editions_folder_option(function: Any) -> Any:
    return click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                        help="Folder the editions are in.")(function)  # fmt: skip


def strict_option(function: Any) -> Any:
    return click.option("--strict", is_flag=True, help="Treat every warning as an error.")(function)


def quiet_option(function: Any) -> Any:
    return click.option("--quiet", "-q", is_flag=True, help="Print only errors (for cron).")(
        function
    )


@click.group(cls=BriefgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
def main() -> None:
    """Turn source summaries and an indicator table into a policy brief (PDF and HTML)."""


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Start a new brief project in DIRECTORY: content/, templates/ and an example."""
    from briefgen.scaffold import init_project

    written = init_project(directory)
    for path in written:
        click.echo(path)
    click.echo(f"next: cd {directory} && briefgen build", err=True)


@main.command()
@content_option
@sources_option
@strict_option
@click.option(
    "--edition",
    default=None,
    help="Judge staleness as of this ISO week (default: the current week).",
)
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Where earlier editions keep what changed sources used to say.")  # fmt: skip
@quiet_option
def check(
    content: Path, sources: Path | None, strict: bool, edition: str | None, out: Path, quiet: bool
) -> None:
    """Validate all content, and the figures against their source texts, without rendering."""
    from briefgen.project import check_project

    report = check_project(
        content, sources=sources, strict=strict, edition=edition or this_week(content), archive=out
    )
    if not quiet:
        show_warnings(report.warnings)
        project = report.project
        counts = [
            (len(project.documents), "document"),
            (len(project.indicators), "indicator"),
            (len(project.brief.charts), "chart"),
        ]
        click.echo("ok: " + ", ".join(plural(n, noun) for n, noun in counts))
        click.echo(report.provenance)
        show_sources(report)


def this_week(content: Path) -> str:
    """The default edition: the current ISO week in brief.yaml's time zone."""
    from briefgen.delivery import publishing_edition

    return publishing_edition(content)


def templates_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """templates/ when present; a folder named on the command line must exist."""
    if value is None:
        return Path("templates") if Path("templates").is_dir() else None
    if not value.is_dir():
        raise click.BadParameter(f"folder not found: {value}")
    return value


def build_options(function: Any) -> Any:
    """The options of every command that builds: where things are and how to build."""
    decorators = [
        content_option,
        click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                     help="Folder the editions are written to."),
        click.option("--templates", type=click.Path(path_type=Path), default=None, callback=templates_folder,
                     help="The project's template overrides, used file by file [default: templates/ if there is one]."),
        click.option("--edition", default=None, help="ISO week to build, e.g. 2026-W48 (default: the current week)."),
        sources_option,
        strict_option,
        click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="Draw charts in this many processes."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@main.command()
@build_options
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring what is up to date.")
@quiet_option
def build(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
          strict: bool, jobs: int, quiet: bool, force: bool) -> None:  # fmt: skip
    """Build the brief: OUT/<edition>/brief.pdf, brief.html and charts; only what changed."""
    from briefgen.build import build as run

    def progress(step: str) -> None:
        if not quiet:
            click.echo(f"  {step}…", err=True)

    result = run(content, out=out, templates=templates, edition=edition or this_week(content), sources=sources,
                 strict=strict, force=force, jobs=jobs, progress=progress)  # fmt: skip
    if not quiet:
        report_build(result)


@main.command()
@build_options
def watch(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
          strict: bool, jobs: int) -> None:  # fmt: skip
    """Rebuild whenever content/, templates/ or the source texts change (Ctrl-C stops)."""

    from briefgen.watch import watch as run

    edition = edition or this_week(content)  # fixed for the whole session
    run(content, say=click.echo, out=out, templates=templates, edition=edition, sources=sources,
        strict=strict, jobs=jobs)  # fmt: skip
    click.echo("stopped watching")


@main.command()
@content_option
@editions_folder_option
@click.option(
    "--edition", default=None, help="Edition to send, e.g. 2026-W48 (default: the current week)."
)
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDRESS",
    help="Send to this address instead of brief.yaml's list (repeatable).",
)
@click.option("--attach-pdf", is_flag=True, help="Attach the full brief as a PDF.")
@click.option("--dry-run", is_flag=True, help="Send nothing; print what would be sent.")
@click.option(
    "--resend", is_flag=True, help="Send again to recipients who already got this edition."
)
@quiet_option
def send(content: Path, out: Path, edition: str | None, to: tuple[str, ...], attach_pdf: bool, dry_run: bool,
         resend: bool, quiet: bool) -> None:  # fmt: skip
    """Email the edition's summary, one message per recipient, never twice."""
    from briefgen import delivery
    from briefgen.mail import DeliveryError

    plan = delivery.plan_send(
        content, out=out, edition=edition or this_week(content), to=to, attach_pdf=attach_pdf
    )
    if dry_run:
        for line in delivery.dry_run(plan):
            click.echo(line)
        return
    report = delivery.send(
        plan,
        resend=resend,
        say=(lambda line: None) if quiet else (lambda line: click.echo(line, err=True)),
    )
    if report.already and not quiet:
        click.echo(f"already sent, not sent again (use --resend): {', '.join(report.already)}")
    if not report.ok:
        lines = [f"  {r}: {kind} ({report.detail.get(r, 'not tried: the connection was lost')})"
                 for kind in ("refused", "failed", "unknown") for r in getattr(report, kind)]  # fmt: skip
        note = "the next run sends to those not reached; 'unknown' ones only with --resend"
        raise DeliveryError(
            f"edition {plan.edition} sent to {len(report.sent)}; not delivered to:\n"
            + "\n".join(lines)
            + f"\n{note}"
        )
    if not quiet:
        if report.sent:
            click.echo(f"sent edition {plan.edition} to {plural(len(report.sent), 'recipient')}")
        else:
            click.echo(f"nothing to send: edition {plan.edition} went to every recipient before")


@main.command()
@editions_folder_option
def editions(out: Path) -> None:
    """List the built editions: week, documents, figures, files, whether emailed."""
    from briefgen.editions import summarise_editions

    rows = summarise_editions(out)
    if not rows:
        click.echo(f"no editions in {out} yet: run briefgen build")
        return
    click.echo(f"{'EDITION':<10} {'WEEK':<30} {'DOCS':>5} {'FIGURES':>8} {'FILES':>6}  EMAIL")
    for row in rows:
        email = f"sent to {plural(row.sent_to, 'recipient')}" if row.sent_to else "not sent"
        click.echo(
            f"{row.edition:<10} {row.week:<30} {row.documents:>5} {row.indicators:>8} {row.artifacts:>6}  {email}"
        )


@main.command()
@build_options
@click.option("--attach-pdf", is_flag=True, help="Attach the full brief as a PDF.")
@quiet_option
def publish(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None, strict: bool,
            jobs: int, attach_pdf: bool, quiet: bool) -> None:  # fmt: skip
    """Build and send this week's edition, once: safe to run again, from cron."""
    from briefgen import delivery
    from briefgen.mail import DeliveryError

    say = (lambda line: None) if quiet else (lambda line: click.echo(line, err=True))
    done = delivery.publish(content, out=out, templates=templates, edition=edition, sources=sources, strict=strict,
                            jobs=jobs, attach_pdf=attach_pdf, say=say)  # fmt: skip
    if done.build is not None and not quiet:
        report_build(done.build)
    report = done.report
    if not report.ok:
        names = ", ".join(report.refused + report.failed + report.unknown)
        raise DeliveryError(
            f"edition {done.edition} not delivered to: {names}; run publish again to retry (see {done.log})"
        )
    if not quiet:
        click.echo(
            f"published edition {done.edition}: sent to {len(report.sent)} now, {len(report.already)} before"
        )


@main.command()
@click.argument("document")
@content_option
@sources_option
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Where earlier editions keep what changed sources used to say.")  # fmt: skip
def accept(document: str, content: Path, sources: Path | None, out: Path) -> None:
    """Accept DOCUMENT's changed source text: record its hash, apply the proposed lines."""
    from briefgen.revisions import accept as run

    result = run(content, document, sources=sources, archive=out)
    for indicator, old, new in result.moved:
        click.echo(f"{indicator}: line {old} -> {new}")
    click.echo(f"{result.document}: recorded {result.source_file} as {result.sha256[:12]}…")
    if result.gone:
        click.echo(
            f"still to fix by hand (no longer in the source): {', '.join(result.gone)}", err=True
        )


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--id", "document_id", default=None, help="The new summary's id (default: from the file name)."
)
@content_option
@sources_option
def add(path: Path, document_id: str | None, content: Path, sources: Path | None) -> None:
    """Register a new source document (text, Markdown, PDF with a text layer, or a web
    page saved from a browser): a draft summary and its candidate figures."""
    from briefgen.intake import add as run

    result = run(path, content, document_id=document_id, sources=sources)
    click.echo(
        f"{shown_path(result.document)}  draft summary (fill it in, then remove `status: draft`)"
    )
    click.echo(
        f"{shown_path(result.candidates)}  {plural(result.figures, 'candidate figure')} to review and copy"
    )
    what = {"pdf": "text extracted from the PDF", "html": "main text of the web page"}
    click.echo(
        f"{shown_path(result.source)}  registered source text"
        + (f" ({what[result.kind]})" if result.kind in what else "")
    )
    if result.original is not None:
        click.echo(f"{shown_path(result.original)}  the original, kept beside it")
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)


@main.command()
@click.argument("document_id", metavar="DOC_ID")
@content_option
@sources_option
def extract(document_id: str, content: Path, sources: Path | None) -> None:
    """Read a revised PDF or web page again: its text is written anew (then
    `briefgen check` shows what moved, and `briefgen accept DOC_ID` records it)."""
    from briefgen.intake import reextract

    result = reextract(content, document_id, sources=sources)
    if result.changed:
        click.echo(
            f"{shown_path(result.source)}  extracted again from {result.original.name}: the text changed"
        )
        click.echo(f"next: briefgen check, then briefgen accept {document_id}", err=True)
    else:
        click.echo(
            f"{shown_path(result.source)}  extracted again from {result.original.name}: the same text"
        )


def report_build(result: Any) -> None:
    """Paths, sizes and time on stdout; warnings and provenance on stderr."""
    if result.up_to_date:
        click.echo(f"up to date: {shown_path(result.folder)} ({result.seconds:.2f} s)")
        return
    show_warnings(result.report.warnings)
    click.echo(result.report.provenance, err=True)
    for artifact in result.artifacts:
        if "/" not in artifact.name:  # charts are counted, not listed
            click.echo(f"{shown_path(result.folder / artifact.name)}  {human_size(artifact.size)}")
    charts = sum(a.name.startswith("charts/") and a.name.endswith(".svg") for a in result.artifacts)
    drawn = sum(r.startswith("charts/") for r in result.rendered)
    click.echo(
        f"{shown_path(result.folder / 'charts')}/  {plural(charts, 'chart')} ({drawn} drawn, {charts - drawn} from cache)"
    )
    files = [name for name in result.changed if not name.startswith(("charts/", "snapshot/"))]
    redrawn = sum(name.startswith("charts/") and name.endswith(".svg") for name in result.changed)
    changed = (
        ", ".join(files + ([plural(redrawn, "chart")] if redrawn else []))
        or "nothing (the output was already identical)"
    )
    click.echo(f"built edition {result.edition} in {result.seconds:.1f} s; changed: {changed}")


def show_sources(report: Any) -> None:
    """Each document's source text: unchanged, changed since its summary, missing."""
    if not report.statuses:
        return
    states: dict[str, list[str]] = {}
    for status in report.statuses:
        states.setdefault(status.state, []).append(status.source_file)
    click.echo(
        "sources: " + "; ".join(f"{len(files)} {state}" for state, files in sorted(states.items()))
    )
    for status in report.statuses:
        if status.state == "changed":
            click.echo(f"  {status.source_file} changed since {status.document} was written: "
                       f"{len(status.moved)} figures moved, {len(status.gone)} gone (briefgen accept {status.document})")  # fmt: skip
        elif status.state in ("missing", "unrecorded"):
            click.echo(f"  {status.source_file} ({status.document}): {status.state}")
    if report.unregistered:
        click.echo(f"  not named by any summary: {', '.join(report.unregistered)}")


def show_warnings(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def human_size(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MB"


if __name__ == "__main__":  # python -m briefgen.cli
    sys.exit(main())
