"""The briefgen command: parse options, make one library call, print, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from briefgen.errors import BriefgenError, ContentError, Problem, plural

# The commands in the order a week's work meets them; `briefgen --help` lists them so.
WORKFLOW = ("init", "check", "build", "serve", "watch", "add", "extract", "accept", "send",
            "publish", "editions", "upgrade")  # fmt: skip


class BriefgenGroup(click.Group):
    """Bad input becomes a list of problems and exit code 2, never a traceback; help
    lists the commands in workflow order with their whole descriptions."""

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

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = super().list_commands(ctx)
        return [name for name in WORKFLOW if name in known] + sorted(set(known) - set(WORKFLOW))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.commands[name].get_short_help_str(limit=10_000))
                for name in self.list_commands(ctx) if not self.commands[name].hidden]  # fmt: skip
        with formatter.section("Commands, in the order a week's work meets them"):
            formatter.write_dl(rows)


def examples(*lines: str) -> str:
    """A command's epilog: its examples, kept as written ("\\b" stops Click rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


EXAMPLES = {
    "init": examples("briefgen init mybrief          # with one example document",
                     "briefgen init --empty mybrief  # without it"),
    "check": examples("briefgen check", "briefgen check --strict --edition 2026-W48"),
    "build": examples("briefgen build", "briefgen build --edition 2026-W48 --force",
                      "briefgen build --quiet --strict   # from cron"),
    "serve": examples("briefgen serve           # then open http://127.0.0.1:8000/",
                      "briefgen serve --port 0  # any free port: the line it prints says which"),
    "watch": examples("briefgen watch", "briefgen watch --edition 2026-W49"),
    "add": examples("briefgen add ~/Downloads/new-note.txt --id ruiz-2026",
                    "briefgen add ~/Downloads/informe.pdf       # the PDF's text layer",
                    "briefgen add ~/Downloads/article.html      # a page saved from a browser"),
    "extract": examples("briefgen extract ruiz-2026   # after its PDF or page was revised",
                        "briefgen check && briefgen accept ruiz-2026"),
    "accept": examples("briefgen check                  # says which sources changed, what moved",
                       "briefgen accept cambridge-2024"),
    "send": examples("briefgen send --dry-run   # the message, who would get it, what is missing",
                     "briefgen send", "briefgen send --edition 2026-W48 --to someone@example.org --attach-pdf"),
    "publish": examples("briefgen publish --quiet   # Mondays from cron: see README, Weekly editions"),
    "editions": examples("briefgen editions"),
    "upgrade": examples("briefgen upgrade && git diff content/"),
}  # fmt: skip


def content_option(function: Any) -> Any:
    return click.option(
        "--content",
        type=click.Path(path_type=Path),
        default=Path("content"),
        show_default=True,
        help="The project's inputs: brief.yaml, documents/ and indicators.csv.",
    )(function)


def sources_option(function: Any) -> Any:
    return click.option(
        "--sources",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder of the source texts every figure is checked against [default: `sources:` in brief.yaml, else content/sources].",
    )(function)


def editions_folder_option(function: Any) -> Any:
    return click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                        help="Folder the editions are built in, one subfolder per week.")(function)  # fmt: skip


def archive_option(function: Any) -> Any:
    return click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                        help="Folder of the built editions: a source text that changed is compared with "
                             "the copy its last edition kept.")(function)  # fmt: skip


def strict_option(function: Any) -> Any:
    return click.option(
        "--strict", is_flag=True, help="Treat every warning as an error (for cron)."
    )(function)


def quiet_option(function: Any) -> Any:
    return click.option("--quiet", "-q", is_flag=True, help="Print only errors (for cron).")(
        function
    )


@click.group(
    cls=BriefgenGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=examples(
        "briefgen init mybrief && cd mybrief   # a project with one example document",
        "briefgen add ~/Downloads/note.txt     # a new source: its draft summary and figures",
        "briefgen serve                        # edit with the brief open in the browser",
        "briefgen publish --quiet              # build and email this week's edition (cron)",
    )
    + "\n\nRun briefgen COMMAND --help for a command's options and examples.",
)
@click.version_option(package_name="briefgen")
def main() -> None:
    """Turn structured summaries of source documents and an indicator table into a
    weekly policy brief: PDF, HTML page and email, every figure checked against the
    line of the source it comes from."""


@main.command(epilog=EXAMPLES["init"])
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--empty", is_flag=True, help="Leave out the example document, its figures and chart."
)
def init(directory: Path, empty: bool) -> None:
    """Start a new brief project in DIRECTORY: content/, templates/ and an example."""
    from briefgen.scaffold import init_project

    written = init_project(directory, empty=empty)
    for path in written:
        click.echo(path)
    if not empty:
        click.echo("the example is documents/example-2026.yaml, its text in sources/, its two rows "
                   "in indicators.csv and the takeaways and chart of brief.yaml that show them; "
                   f"briefgen init --empty {directory} starts without it", err=True)  # fmt: skip
    click.echo(f"next: cd {directory} && briefgen build", err=True)


def variant_options(function: Any) -> Any:
    """[VARIANT] and --all: which of the project's briefs (content/briefs/<name>.yaml)."""
    function = click.option("--all", "every", is_flag=True,
                            help="The default brief and every variant in content/briefs/.")(function)  # fmt: skip
    return click.argument("variant", required=False, metavar="[VARIANT]")(function)


def chosen(content: Path, variant: str | None, every: bool) -> tuple[str | None, ...]:
    from briefgen.variants import choose

    return choose(content, variant, every=every)


def week_of(content: Path, variant: str | None, edition: str | None) -> str:
    """--edition, else this week in the brief's own time zone."""
    from briefgen.editions import publishing_edition  # not delivery: a no-op stays light

    return edition or publishing_edition(content, variant=variant)


def finish(outcomes: list[Any], *, quiet: bool, done: Any) -> None:
    """One line per brief (and why one failed); exit with the most serious code."""
    from briefgen.batch import most_serious

    for outcome in outcomes:
        if outcome.exit_code == 0:
            if not quiet:
                click.echo(f"{outcome.name}: {done(outcome)}")
        else:
            click.echo(f"{outcome.name}: failed (exit {outcome.exit_code})", err=True)
            for line in outcome.lines:
                click.echo(f"  {line}", err=True)
    code = most_serious(o.exit_code for o in outcomes)
    if code:
        failures = sum(o.exit_code != 0 for o in outcomes)
        click.echo(f"{failures} of {plural(len(outcomes), 'brief')} failed", err=True)
        click.get_current_context().exit(code)


@main.command(epilog=EXAMPLES["check"])
@content_option
@sources_option
@strict_option
@click.option(
    "--edition",
    default=None,
    help="ISO week the figures' staleness is judged at, e.g. 2026-W48 [default: this week in brief.yaml's time zone].",
)
@archive_option
@quiet_option
@variant_options
def check(
    content: Path, sources: Path | None, strict: bool, edition: str | None, out: Path, quiet: bool,
    variant: str | None, every: bool,
) -> None:  # fmt: skip
    """Check all content, and every figure against its source text, without building.

    VARIANT checks that variant's settings too; --all, every variant's (the corpus once)."""
    from briefgen.batch import Outcome, failed
    from briefgen.project import check_project
    from briefgen.variants import check_brief

    briefs = chosen(content, variant, every)
    report = check_project(
        content,
        sources=sources,
        strict=strict,
        edition=week_of(content, None, edition),
        archive=out,
    )
    if not quiet:
        show_warnings(report.warnings)
    outcomes = []
    for name in briefs:
        try:
            brief = check_brief(content, name, strict=strict, corpus=report)
            if not quiet:
                show_warnings(brief.warnings[len(report.warnings) :])  # the variant's own
                click.echo(f"{name or 'default'}: " * every + f"ok: {counts(brief.project)}")
            outcomes.append(Outcome(name, 0, None))
        except Exception as err:  # reported in the summary with the others
            if not every:
                raise
            outcomes.append(failed(name, err))
    if not quiet:
        click.echo(report.provenance)
        show_sources(report)
    finish(outcomes, quiet=True, done=lambda _: "ok")


def counts(project: Any) -> str:
    """What a check found: documents, figures and charts."""
    found = [(len(project.documents), "document"), (len(project.indicators), "indicator"),
             (len(project.brief.charts), "chart")]  # fmt: skip
    return ", ".join(plural(n, noun) for n, noun in found)


def this_week(content: Path) -> str:
    """The default edition: the current ISO week in brief.yaml's time zone."""
    from briefgen.editions import publishing_edition

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
        editions_folder_option,
        click.option("--templates", type=click.Path(path_type=Path), default=None, callback=templates_folder,
                     help="Your theme overrides: a file here replaces the default theme's file of the same name [default: templates/ if there is one]."),
        click.option("--edition", default=None, help="ISO week to build, e.g. 2026-W48 [default: this week in brief.yaml's time zone]."),
        sources_option,
        strict_option,
        click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="Draw the charts that changed in this many processes."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@main.command(epilog=EXAMPLES["build"])
@build_options
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild everything, even what is up to date or an edition that was emailed.",
)
@quiet_option
@variant_options
def build(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
          strict: bool, jobs: int, quiet: bool, force: bool, variant: str | None, every: bool) -> None:  # fmt: skip
    """Build this week's edition (OUT/<edition>/: brief.pdf, brief.html, the email), redoing only what changed.

    VARIANT builds content/briefs/VARIANT.yaml's brief into OUT/VARIANT/<edition>/; --all builds
    the default brief and every variant, --jobs of them at a time."""
    from briefgen.build import build as run

    def progress(step: str) -> None:
        if not quiet:
            click.echo(f"  {step}…", err=True)

    briefs = chosen(content, variant, every)
    if not every:
        result = run(content, out=out, templates=templates, edition=week_of(content, variant, edition),
                     sources=sources, strict=strict, force=force, jobs=jobs, progress=progress,
                     pdf_process=True, variant=variant)  # fmt: skip
        if not quiet:
            report_build(result)
        return
    from briefgen.batch import build_many

    editions = {v: week_of(content, v, edition) for v in briefs}
    outcomes = build_many(content, variants=briefs, editions=editions, out=out, jobs=jobs,
                          templates=templates, sources=sources, strict=strict, force=force,
                          say=progress)  # fmt: skip
    finish(outcomes, quiet=quiet, done=built_line)


def built_line(outcome: Any) -> str:
    result = outcome.result
    if result.up_to_date:
        return f"up to date: {shown_path(result.folder)}"
    return f"built {shown_path(result.folder)} in {result.seconds:.1f} s ({plural(len(result.changed), 'file')} changed)"


@main.command(epilog=EXAMPLES["watch"])
@build_options
def watch(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
          strict: bool, jobs: int) -> None:  # fmt: skip
    """Rebuild the edition in the terminal whenever content/, templates/ or the source texts change (Ctrl-C stops)."""

    from briefgen.watch import watch as run

    edition = edition or this_week(content)  # fixed for the whole session
    run(content, say=click.echo, out=out, templates=templates, edition=edition, sources=sources,
        strict=strict, jobs=jobs)  # fmt: skip
    click.echo("stopped watching")


@main.command(epilog=EXAMPLES["serve"])
@build_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 to serve the preview on (0: any free port).")  # fmt: skip
@variant_options
def serve(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
          strict: bool, jobs: int, port: int, variant: str | None, every: bool) -> None:  # fmt: skip
    """Show the brief in the browser, rebuilt and reloaded after every save, the PDF after the page (Ctrl-C stops).

    VARIANT previews content/briefs/VARIANT.yaml's brief (in OUT/VARIANT/.preview/);
    --all previews every brief on one server, each variant under /VARIANT/."""
    from briefgen.serve import serve as run

    # Each brief's edition is fixed for the whole session, in its own time zone.
    briefs = {name: week_of(content, name, edition) for name in chosen(content, variant, every)}
    run(content, say=click.echo, port=port, out=out, templates=templates,
        sources=sources, strict=strict, jobs=jobs, briefs=briefs)  # fmt: skip
    click.echo("stopped serving")


@main.command(epilog=EXAMPLES["send"])
@content_option
@editions_folder_option
@click.option(
    "--edition",
    default=None,
    help="Edition to send, e.g. 2026-W48 [default: this week in brief.yaml's time zone].",
)
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDRESS",
    help="Send to this address instead of brief.yaml's list (repeatable).",
)
@click.option("--attach-pdf", is_flag=True, help="Attach the full brief as a PDF.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Send nothing: show the message, who would get it, and what a real send still needs.",
)
@click.option(
    "--resend", is_flag=True, help="Send again to recipients who already got this edition."
)
@quiet_option
@variant_options
def send(content: Path, out: Path, edition: str | None, to: tuple[str, ...], attach_pdf: bool, dry_run: bool,
         resend: bool, quiet: bool, variant: str | None, every: bool) -> None:  # fmt: skip
    """Email the edition's summary over SMTP, one message per recipient, never twice.

    VARIANT sends OUT/VARIANT/<edition>/ to that variant's own list; --all sends each brief's."""
    briefs = chosen(content, variant, every)
    options = {"content": content, "out": out, "edition": edition, "to": to, "attach_pdf": attach_pdf,
               "dry_run": dry_run, "resend": resend, "quiet": quiet}  # fmt: skip
    if not every:
        send_one(variant=variant, **options)
        return
    finish(each(briefs, send_one, options), quiet=quiet, done=lambda _: "done")


def each(briefs: tuple[str | None, ...], command: Any, options: dict[str, Any]) -> list[Any]:
    """A command run for every brief in turn, one's failure not stopping the next."""
    from briefgen.batch import Outcome, failed

    outcomes = []
    for variant in briefs:
        if not options.get("quiet"):
            click.echo(f"{variant or 'default'}:", err=True)
        try:
            command(variant=variant, **options)
            outcomes.append(Outcome(variant, 0, None))
        except KeyboardInterrupt:
            raise
        except Exception as err:  # reported in the summary with the others
            outcomes.append(failed(variant, err))
    return outcomes


def send_one(*, content: Path, out: Path, edition: str | None, to: tuple[str, ...], attach_pdf: bool,
             dry_run: bool, resend: bool, quiet: bool, variant: str | None) -> None:  # fmt: skip
    from briefgen import delivery
    from briefgen.mail import DeliveryError

    plan = delivery.plan_send(content, out=out, edition=week_of(content, variant, edition), to=to,
                              attach_pdf=attach_pdf, dry_run=dry_run, variant=variant)  # fmt: skip
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


@main.command(epilog=EXAMPLES["editions"])
@editions_folder_option
@content_option
@variant_options
def editions(out: Path, content: Path, variant: str | None, every: bool) -> None:
    """List the built editions: week, documents, figures, files, whether emailed.

    VARIANT lists OUT/VARIANT/'s; --all lists the default brief's, then each variant's."""
    from briefgen.variants import variant_out

    briefs = chosen(content, variant, every)
    for name in briefs:
        if every:
            click.echo(f"{name or 'default'}:")
        list_editions(variant_out(out, name))


def list_editions(out: Path) -> None:
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


@main.command(epilog=EXAMPLES["publish"])
@build_options
@click.option("--attach-pdf", is_flag=True, help="Attach the full brief as a PDF.")
@quiet_option
@variant_options
def publish(content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None, strict: bool,
            jobs: int, attach_pdf: bool, quiet: bool, variant: str | None, every: bool) -> None:  # fmt: skip
    """Build and send this week's edition, once: safe to run again, from cron.

    VARIANT publishes content/briefs/VARIANT.yaml's brief to its list; --all publishes every brief."""
    briefs = chosen(content, variant, every)
    options = {"content": content, "out": out, "templates": templates, "edition": edition, "sources": sources,
               "strict": strict, "jobs": jobs, "attach_pdf": attach_pdf, "quiet": quiet}  # fmt: skip
    if not every:
        publish_one(variant=variant, **options)
        return
    finish(each(briefs, publish_one, options), quiet=quiet, done=lambda _: "done")


def publish_one(*, content: Path, out: Path, templates: Path, edition: str | None, sources: Path | None,
                strict: bool, jobs: int, attach_pdf: bool, quiet: bool, variant: str | None) -> None:  # fmt: skip
    from briefgen import delivery
    from briefgen.mail import DeliveryError

    say = (lambda line: None) if quiet else (lambda line: click.echo(line, err=True))
    done = delivery.publish(content, out=out, templates=templates, edition=edition, sources=sources, strict=strict,
                            jobs=jobs, attach_pdf=attach_pdf, say=say, variant=variant)  # fmt: skip
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


@main.command(epilog=EXAMPLES["accept"])
@click.argument("document")
@content_option
@sources_option
@archive_option
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


@main.command(epilog=EXAMPLES["add"])
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--id", "document_id", default=None, help="The new summary's id [default: from the file name]."
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


@main.command(epilog=EXAMPLES["extract"])
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


@main.command(epilog=EXAMPLES["upgrade"])
@content_option
def upgrade(content: Path) -> None:
    """Rewrite content written for an older schema in the current one (brief.yaml's `schema:`)."""
    from briefgen.content import SCHEMA
    from briefgen.upgrade import upgrade as run

    result = run(content)
    if not result.changed:
        click.echo(f"{shown_path(content)} is at schema {SCHEMA} already: nothing to upgrade")
        return
    for path in result.changed:
        click.echo(shown_path(path))
    click.echo(f"upgraded from schema {result.schema} to {SCHEMA}: each figure now belongs to "
               "the summary its row of indicators.csv names", err=True)  # fmt: skip


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
