"""The email summary as a MIME message, and sending it over SMTP without double sends.

The only module that opens a socket. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import json
import os
import re
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, MIMEPart
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from briefgen.errors import EXIT_DELIVERY, BriefgenError, OptionError

SEND_LOG = "sendlog.jsonl"
DELIVERED = ("sent", "unknown")  # never sent again without --resend
CID_RE = re.compile(r'src="cid:([^"]+)"')


class DeliveryError(BriefgenError):
    """SMTP refused, dropped or could not be reached; the send log says who got it."""

    exit_code = EXIT_DELIVERY


@dataclass(frozen=True, slots=True)
class Inline:
    """An image the HTML shows as cid:<cid>."""

    cid: str
    data: bytes
    filename: str
    subtype: str = "png"  # image/<subtype>


def compose(
    *,
    html: str,
    text: str,
    images: Iterable[Inline],
    sender: str,
    subject: str,
    to: str | None = None,
    pdf: bytes | None = None,
    list_unsubscribe: str | None = None,
    date: str | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """multipart/related(multipart/alternative(text, html), images), inside
    multipart/mixed with the PDF when one is attached. Date and Message-ID only
    when sending; boundaries come from the content, so the same email is the same bytes."""
    images = list(images)
    alternative = MIMEPart(policy=policy.SMTP)
    alternative.set_content(text)
    alternative.add_alternative(html, subtype="html")
    parts = [alternative]
    for image in images:
        part = MIMEPart(policy=policy.SMTP)
        part.set_content(
            image.data,
            "image",
            image.subtype,
            cid=f"<{image.cid}>",
            filename=image.filename,
            disposition="inline",
        )
        parts.append(part)
    message = EmailMessage(policy=policy.SMTP)
    message.add_header("Content-Type", "multipart/related", type="multipart/alternative")
    message.set_payload(parts)
    if pdf is not None:
        message.make_mixed()
        message.add_attachment(pdf, "application", "pdf", filename="brief.pdf")
    message["From"] = sender
    if to:
        message["To"] = to
    message["Subject"] = subject
    if date:
        message["Date"] = date
    if message_id:
        message["Message-ID"] = message_id
    if list_unsubscribe:
        message["List-Unsubscribe"] = list_unsubscribe
    message["MIME-Version"] = "1.0"
    fix_boundaries(message, [html.encode(), text.encode(), pdf or b"", *(i.data for i in images)])
    return message


def preview_html(html: str, images: Iterable[Inline]) -> str:
    """The email's HTML as any browser shows it: each cid: image embedded as a
    data: address, so that an editor sees what readers will get."""
    import base64

    embedded = {
        image.cid: f"data:image/png;base64,{base64.b64encode(image.data).decode()}"
        for image in images
    }
    return CID_RE.sub(lambda m: f'src="{embedded[m[1]]}"' if m[1] in embedded else m[0], html)


def fix_boundaries(message: EmailMessage, contents: list[bytes]) -> None:
    digest = hashlib.sha256(b"\0".join(contents)).hexdigest()[:32]
    for depth, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_briefgen_{depth}_{digest}")


# --- the edition's email, as the build left it --------------------------------------


@dataclass(frozen=True, slots=True)
class EditionEmail:
    html: str
    text: str
    images: tuple[Inline, ...]
    pdf: Path
    headers: dict[str, str]  # From, Subject, List-Unsubscribe as the build wrote them


def read_edition_email(folder: Path) -> EditionEmail:
    """The email parts a build wrote to output/<edition>/. Raises OptionError when
    the edition has not been built."""
    html_path, text_path = folder / "email.html", folder / "email.txt"
    if not all(p.is_file() for p in (html_path, text_path, folder / "email.eml")):
        raise OptionError(
            f"edition {folder.name} has no email ({html_path} is missing): run briefgen build --edition {folder.name} first"
        )
    html = html_path.read_text(encoding="utf-8")
    built = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=policy.default)
    # The images as the build attached them: the charts and the theme's own images.
    parts = {
        str(part["Content-ID"]).strip("<>"): part
        for part in built.walk()
        if part.get_content_maintype() == "image" and part["Content-ID"]
    }
    images = []
    for cid in dict.fromkeys(CID_RE.findall(html)):
        if cid not in parts:
            raise OptionError(
                f"{html_path} shows cid:{cid} but {folder / 'email.eml'} does not carry it: run briefgen build --force"
            )
        part = parts[cid]
        images.append(
            Inline(cid, part.get_content(), part.get_filename() or cid, part.get_content_subtype())
        )
    headers = {
        name: str(built[name]) for name in ("From", "Subject", "List-Unsubscribe") if built[name]
    }
    text = text_path.read_text(encoding="utf-8")
    return EditionEmail(html, text, tuple(images), folder / "brief.pdf", headers)


# --- SMTP settings: from the environment only ---------------------------------------


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # starttls, ssl or none
    user: str | None
    password: str | None = field(repr=False)  # never printed
    ca_file: Path | None

    def describe(self) -> str:
        login = f" as {self.user}" if self.user else ""
        return f"{self.host}:{self.port} ({self.security}){login}"


def smtp_settings(environ: dict[str, str] | os._Environ[str] = os.environ) -> SmtpSettings:
    """BRIEFGEN_SMTP_* from the environment. Raises OptionError naming what is missing."""
    host = environ.get("BRIEFGEN_SMTP_HOST", "").strip()
    if not host:
        raise OptionError(
            "BRIEFGEN_SMTP_HOST is not set: the SMTP server comes from the environment, never from content files"
        )
    security = environ.get("BRIEFGEN_SMTP_SECURITY", "starttls").strip().lower()
    if security not in ("starttls", "ssl", "none"):
        raise OptionError(f"BRIEFGEN_SMTP_SECURITY={security!r}: expected starttls, ssl or none")
    raw_port = (
        environ.get("BRIEFGEN_SMTP_PORT", "").strip()
        or {"ssl": "465", "starttls": "587", "none": "25"}[security]
    )
    if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
        raise OptionError(f"BRIEFGEN_SMTP_PORT={raw_port!r} is not a port number")
    user = environ.get("BRIEFGEN_SMTP_USER") or None
    password = environ.get("BRIEFGEN_SMTP_PASSWORD") or None
    password_file = environ.get("BRIEFGEN_SMTP_PASSWORD_FILE")
    if password is None and password_file:
        try:
            password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as err:
            raise OptionError(
                f"BRIEFGEN_SMTP_PASSWORD_FILE: cannot read {password_file}: {err.strerror}"
            ) from None
    if user and not password:
        raise OptionError(
            "BRIEFGEN_SMTP_USER is set but no password (BRIEFGEN_SMTP_PASSWORD or BRIEFGEN_SMTP_PASSWORD_FILE)"
        )
    if user and security == "none" and host not in ("localhost", "127.0.0.1", "::1"):
        raise OptionError(
            "BRIEFGEN_SMTP_SECURITY=none would send the password in clear text: use starttls or ssl"
        )
    ca = environ.get("BRIEFGEN_SMTP_CA_FILE") or None
    if ca and not Path(ca).is_file():
        raise OptionError(f"BRIEFGEN_SMTP_CA_FILE: {ca} not found")
    return SmtpSettings(host, int(raw_port), security, user, password, Path(ca) if ca else None)


# --- the send log -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    recipient: str
    status: str  # sending, sent, refused, failed, unknown
    message_id: str | None
    detail: str


def read_log(folder: Path) -> dict[str, LogEntry]:
    """Each recipient's last state. A 'sending' with nothing after it means the
    process died mid-send: its fate is unknown."""
    states: dict[str, LogEntry] = {}
    path = folder / SEND_LOG
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
                entry = LogEntry(
                    data["recipient"],
                    data["status"],
                    data.get("message_id"),
                    data.get("detail", ""),
                )
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash
            states[mailbox(entry.recipient)] = entry
    return {
        k: (
            LogEntry(e.recipient, "unknown", e.message_id, "interrupted while sending")
            if e.status == "sending"
            else e
        )
        for k, e in states.items()
    }


def append_log(folder: Path, entry: LogEntry) -> None:
    """One line per event, synced before the next step, so a crash loses nothing.
    Raises OutputError when the log cannot be written (then nothing more is sent)."""
    from briefgen.output import writing

    record = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "recipient": entry.recipient, "status": entry.status,
              "message_id": entry.message_id, "detail": entry.detail}  # fmt: skip
    with writing(folder / SEND_LOG), (folder / SEND_LOG).open("a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())


def was_sent(folder: Path) -> bool:
    return any(e.status in DELIVERED for e in read_log(folder).values())


# --- sending ------------------------------------------------------------------------


@dataclass(slots=True)
class SendReport:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # skipped: sent (or fate unknown) before
    refused: list[str] = field(default_factory=list)  # the server said no: fix the address
    failed: list[str] = field(default_factory=list)  # not sent; the next run tries again
    unknown: list[str] = field(
        default_factory=list
    )  # may have arrived: not resent without --resend
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.refused or self.failed or self.unknown)


def mailbox(recipient: str) -> str:
    """The key a recipient is known by: 'Ann <ANN@example.org>' and 'ann@example.org' are one."""
    return parseaddr(recipient)[1].lower()


def send_edition(
    folder: Path,
    *,
    email: EditionEmail,
    recipients: list[str],
    smtp: SmtpSettings,
    attach_pdf: bool = False,
    resend: bool = False,
    say: Callable[[str], None] = lambda _: None,
) -> SendReport:
    """One message per recipient, each logged before and after it is sent, under a
    lock so that two sends of one edition never overlap. Raises DeliveryError when
    the server cannot be reached or refuses the login, before anything is sent."""
    from briefgen.output import build_lock

    report = SendReport()
    with build_lock(folder, timeout=60, name=".send.lock"):
        log = read_log(folder)
        pending = []
        for recipient in recipients:
            previous = log.get(mailbox(recipient))
            if previous and previous.status in DELIVERED and not resend:
                report.already.append(recipient)
            else:
                pending.append(recipient)
        if pending:
            deliver_all(folder, email, pending, smtp, attach_pdf, report, say)
    return report


def deliver_all(folder: Path, email: EditionEmail, pending: list[str], smtp: SmtpSettings, attach_pdf: bool,
                report: SendReport, say: Callable[[str], None]) -> None:  # fmt: skip
    pdf = email.pdf.read_bytes() if attach_pdf else None
    sender = email.headers["From"]
    domain = parseaddr(sender)[1].rpartition("@")[2]
    with connect(smtp) as server:
        for recipient in pending:
            message_id = make_msgid(domain=domain)
            message = compose(html=email.html, text=email.text, images=email.images, sender=sender,
                              subject=email.headers["Subject"], to=recipient, pdf=pdf,
                              list_unsubscribe=email.headers.get("List-Unsubscribe"),
                              date=formatdate(localtime=True), message_id=message_id)  # fmt: skip
            append_log(folder, LogEntry(recipient, "sending", message_id, ""))
            try:
                outcome, detail, connected = deliver(
                    server, parseaddr(sender)[1], recipient, message.as_bytes()
                )
            except Exception as err:  # anything else before DATA: not sent, and say what
                outcome, detail, connected = "failed", f"{type(err).__name__}: {err}", False
            append_log(folder, LogEntry(recipient, outcome, message_id, detail))
            getattr(report, outcome).append(recipient)
            report.detail[recipient] = detail
            say(f"{outcome}: {recipient}" + (f" ({detail})" if detail else ""))
            if not connected:  # the rest were not tried: the next run sends them
                report.failed += pending[pending.index(recipient) + 1 :]
                break


def deliver(
    server: smtplib.SMTP, sender: str, recipient: str, data: bytes
) -> tuple[str, str, bool]:
    """MAIL, RCPT, DATA by hand, so we know how far a message got: a failure before
    DATA is 'not sent'; a dropped connection during DATA leaves its fate unknown.
    Returns (outcome, detail, whether the connection is still usable)."""
    try:
        code, reply = server.mail(sender)
        if code == 250:
            code, reply = server.rcpt(parseaddr(recipient)[1])
        if code not in (250, 251):
            return refusal(server, code, reply)
    except (smtplib.SMTPServerDisconnected, OSError) as err:
        return "failed", f"connection lost before the message was sent: {err}", False
    try:
        code, reply = server.data(data)
    except smtplib.SMTPDataError as err:
        return refusal(server, err.smtp_code, err.smtp_error)
    except (smtplib.SMTPServerDisconnected, OSError) as err:
        return "unknown", f"connection lost while the message was being sent: {err}", False
    if code != 250:  # the server took the data, then said no (552 too big, 554 rejected)
        return refusal(server, code, reply)
    return "sent", "", True


def refusal(server: smtplib.SMTP, code: int, reply: bytes) -> tuple[str, str, bool]:
    """A 5xx is a refusal; a 4xx a failure worth retrying. Resets the session for the next one."""
    detail = f"{code} {reply.decode(errors='replace')}"
    try:
        server.rset()
        connected = True
    except (smtplib.SMTPException, OSError):
        connected = False
    return ("refused" if code >= 500 else "failed"), detail, connected


class connect:  # noqa: N801 - used as a context manager, like open()
    """An SMTP session: TLS verified against the system's or BRIEFGEN_SMTP_CA_FILE's
    certificates, login only after TLS. Raises DeliveryError."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.server: smtplib.SMTP | None = None

    def __enter__(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=str(s.ca_file) if s.ca_file else None)
        where = f"{s.host}:{s.port}"
        try:
            if s.security == "ssl":
                self.server = smtplib.SMTP_SSL(s.host, s.port, timeout=30, context=context)
            else:
                self.server = smtplib.SMTP(s.host, s.port, timeout=30)
                if s.security == "starttls":
                    self.server.starttls(context=context)
            self.server.ehlo_or_helo_if_needed()  # mail() below does not say EHLO by itself
            if s.user:
                self.server.login(s.user, s.password or "")
        except ssl.SSLCertVerificationError as err:
            self.close()
            raise DeliveryError(f"{where}: the server's TLS certificate is not trusted ({err.verify_message}); "
                                "set BRIEFGEN_SMTP_CA_FILE to the CA that signed it. Nothing was sent") from None  # fmt: skip
        except smtplib.SMTPAuthenticationError as err:
            self.close()
            raise DeliveryError(
                f"{where}: login refused for {s.user} ({err.smtp_code}); check the user and password. Nothing was sent"
            ) from None
        except smtplib.SMTPNotSupportedError as err:
            self.close()
            raise DeliveryError(
                f"{where}: {err}; check BRIEFGEN_SMTP_SECURITY. Nothing was sent"
            ) from None
        except (OSError, smtplib.SMTPException) as err:
            self.close()
            raise DeliveryError(
                f"cannot reach the SMTP server {where}: {err}. Nothing was sent"
            ) from None
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.server is not None:
            try:
                self.server.quit()
            except (OSError, smtplib.SMTPException):
                self.server.close()
            self.server = None


def read_recipients(path: Path) -> list[tuple[str, int]]:
    """A recipients file: one address a line; blank lines and # comments skipped.
    Raises OptionError when it cannot be read as UTF-8 text."""
    from briefgen.limits import Refused, read_input

    try:
        text = read_input(path, "recipients file", root=path.parent).decode("utf-8")
    except (OSError, UnicodeDecodeError, Refused) as err:
        reason = (
            err.strerror
            if isinstance(err, OSError)
            else str(err)
            if isinstance(err, Refused)
            else "it is not UTF-8 text"
        )
        raise OptionError(f"recipients file {path}: cannot be read ({reason})") from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append((line, number))
    return entries
