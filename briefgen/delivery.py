"""`briefgen send`: which edition, to whom, from whom and with what subject, checked
before anything is sent; mail.py does the sending."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.build import BuildResult
from briefgen.content import display_path
from briefgen.context import email_subject
from briefgen.editions import current_edition, publishing_edition  # noqa: F401 (re-exported)
from briefgen.errors import ContentError, Loc, OptionError, Problem, plural
from briefgen.fields import Invalid, address, one_line
from briefgen.limits import Refused, real_file
from briefgen.mail import (
    DELIVERED,
    SendReport,
    mailbox,
    read_edition_email,
    read_log,
    read_recipients,
    send_edition,
    smtp_settings,
)
from briefgen.model import EmailSettings
from briefgen.output import edition_dir
from briefgen.project import load_project
from briefgen.variants import check_variant, variant_out


@dataclass(frozen=True, slots=True)
class Plan:
    edition: str
    folder: Path
    sender: str
    subject: str
    recipients: tuple[str, ...]
    list_unsubscribe: str | None
    attach_pdf: bool
    missing: tuple[str, ...] = ()  # what a real send still needs (a dry run only)


def plan_send(
    content: Path,
    *,
    out: Path,
    edition: str | None,
    to: tuple[str, ...],
    attach_pdf: bool,
    today: dt.date | None = None,
    dry_run: bool = False,
    variant: str | None = None,
) -> Plan:
    """Everything a send needs, validated. Raises ContentError or OptionError; sends nothing.
    For a dry run, missing recipients do not stop it: the plan lists them as missing.
    A variant's edition is under out/<variant>/, sent to the variant's own list."""
    project = load_project(content)
    if variant is not None:
        project, _ = check_variant(project, content, variant)
    settings = project.brief.email
    if settings is None:
        raise ContentError(
            [
                Problem(
                    project.brief.loc,
                    "email",
                    "the brief has no `email:` settings (from, subject): see README, Email",
                )
            ]
        )
    edition = edition or current_edition(today or dt.date.today())
    folder = edition_dir(variant_out(out, variant), edition)
    attach_pdf = attach_pdf or settings.attach_pdf
    if attach_pdf and not (folder / "brief.pdf").is_file():
        raise OptionError(
            f"--attach-pdf: {folder / 'brief.pdf'} is missing: run briefgen build --edition {edition}"
        )
    subject = email_subject(project, edition)
    try:
        one_line(subject)
    except Invalid as err:
        raise ContentError([Problem(settings.loc, "email.subject", err.message)]) from None
    missing: list[str] = []
    try:
        recipients = recipients_for(to, settings)
    except NoRecipients as err:  # a dry run says so; a broken recipients file still stops it
        if not dry_run:
            raise
        recipients, missing = (), [f"recipients: {err}"]
    return Plan(edition, folder, settings.sender, subject, recipients, settings.list_unsubscribe,
                attach_pdf, tuple(missing))  # fmt: skip


class NoRecipients(OptionError):
    """Nobody to send to yet: a dry run can still show the message."""


def recipients_for(to: tuple[str, ...], settings: EmailSettings) -> tuple[str, ...]:
    """--to, else brief.yaml's recipients and recipients file; every address checked,
    duplicates dropped (one message per person)."""
    problems, found = [], []
    if to:
        entries = [(a, Loc("--to"), "--to") for a in to]
    else:
        entries = [(a, settings.loc, "email.recipients") for a in settings.recipients]
        if settings.recipients_file is not None:
            entries += recipients_file_entries(settings.recipients_file)
    for value, loc, field in entries:
        try:
            found.append(address(value))
        except Invalid as err:
            # A line of the file that is not an address is never shown: the file
            # might be any file, and its lines anything (a password, say).
            message = err.message if field != "recipient" else NOT_AN_ADDRESS
            problems.append(Problem(loc, field, message))
    if problems:
        raise ContentError(problems)
    if not found:
        raise NoRecipients(
            "no recipients: give --to ADDRESS or list them in brief.yaml's email.recipients or recipients_file"
        )
    unique: dict[str, str] = {}
    for recipient in found:
        unique.setdefault(mailbox(recipient), recipient)
    return tuple(unique.values())


NOT_AN_ADDRESS = "not one email address (the line is not shown: a recipients file holds one address a line, blank lines and # comments)"


def recipients_file_entries(path: Path) -> list[tuple[str, Loc, str]]:
    """The addresses of a recipients file, each with its line. Raises OptionError for
    a missing file, one that is not a regular file, or a link leading out of its folder."""
    shown = display_path(path)
    try:
        real = real_file(path.parent, path)
    except Refused as err:
        raise OptionError(f"recipients file {shown} is refused: {err}") from None
    if real is None:
        raise NoRecipients(
            f"recipients file {shown} not found (give --to ADDRESS, or create it: one address a line)"
        )
    return [(a, Loc(shown, line), "recipient") for a, line in read_recipients(real)]


def send(
    plan: Plan, *, resend: bool = False, say: Callable[[str], None] = lambda _: None
) -> SendReport:
    """Send the planned edition as it was built (From, Subject and body from its
    email.eml). Raises DeliveryError when the server cannot be used."""
    email = read_edition_email(plan.folder)
    return send_edition(plan.folder, email=email, recipients=list(plan.recipients), smtp=smtp_settings(),
                        attach_pdf=plan.attach_pdf, resend=resend, say=say)  # fmt: skip


def dry_run(plan: Plan, environ: dict[str, str] | None = None) -> list[str]:
    """What a send would do, said in lines, and what a real send still needs; nothing
    is sent and no server is needed."""
    email = read_edition_email(plan.folder)
    log = read_log(plan.folder)
    lines = [f"edition {plan.edition}: from {email.headers.get('From')}, subject {email.headers.get('Subject')!r}",
             f"HTML {len(email.html.encode()) / 1024:.1f} KB, text {len(email.text.encode()) / 1024:.1f} KB, "
             + plural(len(email.images), "inline chart") + (", brief.pdf attached" if plan.attach_pdf else "")]  # fmt: skip
    for recipient in plan.recipients:
        previous = log.get(mailbox(recipient))
        state = (
            f"skip ({previous.status} before)"
            if previous and previous.status in DELIVERED
            else "would send"
        )
        lines.append(f"{state}: {recipient}")
    missing = list(plan.missing)
    try:
        smtp = smtp_settings(os.environ if environ is None else environ)
        login = f", login as {smtp.user}" if smtp.user else ", no login"
        lines.append(f"SMTP: {smtp.host}:{smtp.port} ({smtp.security}{login})")
    except OptionError as err:
        missing.append(f"SMTP settings: {err}")
    if missing:
        lines.append("a real send still needs (README, Email):")
        lines += [f"  {item}" for item in missing]
    return lines


@dataclass(frozen=True, slots=True)
class Published:
    edition: str
    build: BuildResult | None  # None: the edition had gone out before and was not rebuilt
    report: SendReport
    log: Path


def publish(
    content: Path,
    *,
    out: Path,
    templates: Path | None = None,
    edition: str | None = None,
    sources: Path | None = None,
    strict: bool = False,
    jobs: int = 1,
    attach_pdf: bool = False,
    say: Callable[[str], None] = lambda _: None,
    variant: str | None = None,
) -> Published:
    """Build and send one edition, safe to run again: an edition that went out is not
    rebuilt, and nobody gets it twice. The edition is reckoned once, so a run across
    midnight cannot build one week and send another. Raises what build and send raise."""
    from briefgen.build import build
    from briefgen.mail import was_sent

    smtp_settings()  # missing SMTP settings stop us before a long build
    edition = edition or publishing_edition(content, variant=variant)
    result = None
    if was_sent(edition_dir(variant_out(out, variant), edition)):
        say(f"edition {edition} was emailed before: kept as sent, not rebuilt")
    else:
        result = build(content, out=out, templates=templates, edition=edition, sources=sources, strict=strict,
                       jobs=jobs, progress=lambda step: say(f"  {step}…"), pdf_process=True,
                       variant=variant)  # fmt: skip
    plan = plan_send(
        content, out=out, edition=edition, to=(), attach_pdf=attach_pdf, variant=variant
    )
    return Published(edition, result, send(plan, say=say), plan.folder / "sendlog.jsonl")
