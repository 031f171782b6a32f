"""Sending the email summary to a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import json
import socket
import ssl
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from briefgen import build
from briefgen.cli import main
from tests.conftest import EDITION

ALICE, BOB, CAROL = "alice@example.org", "Bob Jones <bob@example.org>", "carol@example.org"


class Inbox:
    """An aiosmtpd handler that keeps what it receives, refuses whom it is told to,
    and can drop the connection in the middle of a message."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self.drop_during_data: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        if set(envelope.rcpt_tos) & self.drop_during_data:
            server.transport.abort()  # the message arrived, but the client never hears so
            return "250 OK"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self) -> list[str]:
        return [address for rcpt_tos, _ in self.messages for address in rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():  # noqa: ANN201
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def built(project: Path) -> Path:
    build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
    )
    return project


def send(project: Path, port: int, *args: str, env: dict[str, str] | None = None):  # noqa: ANN201
    settings = {
        "BRIEFGEN_SMTP_HOST": "127.0.0.1",
        "BRIEFGEN_SMTP_PORT": str(port),
        "BRIEFGEN_SMTP_SECURITY": "none",
    }
    command = [
        "send",
        "--content",
        str(project / "content"),
        "--out",
        str(project / "output"),
        "--edition",
        EDITION,
        *args,
    ]
    return CliRunner().invoke(main, command, env=settings | (env or {}), catch_exceptions=False)


def log_of(project: Path) -> list[dict]:
    path = project / "output" / EDITION / "sendlog.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_message_arrives_with_the_right_structure(built: Path, inbox: Inbox) -> None:
    result = send(built, inbox.port, "--to", ALICE, "--to", BOB)
    assert result.exit_code == 0, result.output
    assert inbox.to() == ["alice@example.org", "bob@example.org"]  # one message each
    for rcpt_tos, message in inbox.messages:
        assert message["To"] in (ALICE, BOB) and len(rcpt_tos) == 1  # nobody sees the others
        assert (
            message["Subject"] == f"My weekly brief, {EDITION}"
            and message["From"] == "My organisation <brief@example.org>"
        )
        assert message["Date"] and message["Message-ID"]
        assert message.get_content_type() == "multipart/related"
        alternative, *images = message.iter_parts()
        assert alternative.get_content_type() == "multipart/alternative"
        plain, html = alternative.iter_parts()
        assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
        assert "KEY TAKEAWAYS" in plain.get_content() and "<table" in html.get_content()
        cids = {image["Content-ID"].strip("<>") for image in images}
        shown = set(__import__("re").findall(r'src="cid:([^"]+)"', html.get_content()))
        assert shown and shown == cids  # every cid: in the HTML has its part, and no part is unused
        assert all(image.get_content_type() == "image/png" for image in images)
    message_ids = [m["Message-ID"] for _, m in inbox.messages]
    assert [e["message_id"] for e in log_of(built) if e["status"] == "sent"] == message_ids


def test_second_send_delivers_nothing(built: Path, inbox: Inbox) -> None:
    assert send(built, inbox.port, "--to", ALICE).exit_code == 0
    again = send(built, inbox.port, "--to", ALICE)
    assert again.exit_code == 0 and "nothing to send" in again.stdout
    assert inbox.to() == ["alice@example.org"]
    assert send(built, inbox.port, "--to", ALICE, "--resend").exit_code == 0
    assert inbox.to() == ["alice@example.org", "alice@example.org"]


def test_refused_recipient_is_retried_alone_on_the_next_run(built: Path, inbox: Inbox) -> None:
    inbox.refuse = {"bob@example.org"}
    first = send(built, inbox.port, "--to", ALICE, "--to", BOB, "--to", CAROL)
    assert first.exit_code == 3
    assert "Bob Jones <bob@example.org>: refused (550 5.1.1 no such user here)" in first.stderr
    assert inbox.to() == ["alice@example.org", "carol@example.org"]
    inbox.refuse = set()
    second = send(built, inbox.port, "--to", ALICE, "--to", BOB, "--to", CAROL)
    assert second.exit_code == 0, second.output
    assert inbox.to() == ["alice@example.org", "carol@example.org", "bob@example.org"]


def test_a_message_whose_fate_is_unknown_is_not_sent_twice(built: Path, inbox: Inbox) -> None:
    inbox.drop_during_data = {"bob@example.org"}
    first = send(built, inbox.port, "--to", ALICE, "--to", BOB, "--to", CAROL)
    assert first.exit_code == 3
    assert (
        "bob@example.org>: unknown (connection lost while the message was being sent"
        in first.stderr
    )
    assert "carol@example.org: failed (not tried: the connection was lost)" in first.stderr
    inbox.drop_during_data = set()
    second = send(built, inbox.port, "--to", ALICE, "--to", BOB, "--to", CAROL)
    assert second.exit_code == 0
    assert inbox.to() == ["alice@example.org", "carol@example.org"]  # Bob is not sent a second copy
    assert [e["status"] for e in log_of(built) if "bob" in e["recipient"]] == ["sending", "unknown"]


def test_server_down_is_a_clear_error_and_records_nothing(built: Path) -> None:
    result = send(built, free_port(), "--to", ALICE)
    assert result.exit_code == 3
    assert (
        "cannot reach the SMTP server 127.0.0.1:" in result.stderr
        and "Nothing was sent" in result.stderr
    )
    assert log_of(built) == []


def test_bad_input_is_refused_before_anything_is_sent(built: Path, inbox: Inbox) -> None:
    result = send(built, inbox.port, "--to", "not-an-address")
    assert result.exit_code == 2 and "'not-an-address' is not one email address" in result.stderr
    result = send(built, inbox.port, "--to", ALICE, env={"BRIEFGEN_SMTP_HOST": ""})
    assert result.exit_code == 2 and "BRIEFGEN_SMTP_HOST is not set" in result.stderr
    result = send(built, inbox.port, "--to", ALICE, "--edition", "2026-W01")
    assert result.exit_code == 2 and "has no email" in result.stderr
    brief = built / "content/brief.yaml"
    brief.write_text(
        brief.read_text().replace(
            'subject: "My weekly brief, {edition}"',
            'subject: "My weekly brief\\nBcc: x@example.org"',
        )
    )
    result = send(built, inbox.port, "--to", ALICE)
    assert result.exit_code == 2 and "has a line break" in result.stderr
    assert inbox.messages == [] and log_of(built) == []


def test_recipients_come_from_a_file_outside_git(built: Path, inbox: Inbox) -> None:
    (built / "recipients.txt").write_text(
        f"# the weekly list\n{ALICE}\n\n{CAROL}\nalice@EXAMPLE.org\n"
    )
    result = send(built, inbox.port)
    assert result.exit_code == 0, result.output
    assert inbox.to() == ["alice@example.org", "carol@example.org"]
    (built / "recipients.txt").write_text(f"{ALICE}\nbroken@\n")
    result = send(built, inbox.port)
    assert (
        result.exit_code == 2
        and "recipients.txt:2: recipient: not one email address (the line is not shown"
        in result.stderr
        and "broken@" not in result.stderr
    )


def test_dry_run_sends_nothing_and_needs_no_server(built: Path) -> None:
    result = CliRunner().invoke(main, ["send", "--content", str(built / "content"), "--out", str(built / "output"),
                                       "--edition", EDITION, "--to", ALICE, "--dry-run"], env={"BRIEFGEN_SMTP_HOST": ""})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "would send: alice@example.org" in result.stdout and "2 inline charts" not in result.stdout
    )
    assert log_of(built) == []


def test_dry_run_without_recipients_or_smtp_shows_the_message_and_what_is_missing(
    built: Path,
) -> None:
    result = CliRunner().invoke(main, ["send", "--content", str(built / "content"), "--out", str(built / "output"),
                                       "--edition", EDITION, "--dry-run"], env={"BRIEFGEN_SMTP_HOST": ""})  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"edition {EDITION}: from ") and "1 inline chart" in lines[1]
    assert lines[2:] == [
        "a real send still needs (README, Email):",
        f"  recipients: recipients file {built / 'recipients.txt'} not found (give --to ADDRESS, or create it: one address a line)",
        "  SMTP settings: BRIEFGEN_SMTP_HOST is not set: the SMTP server comes from the environment, never from content files",
    ]
    assert log_of(built) == []


def test_dry_run_names_the_smtp_server_it_would_use_and_never_the_password(built: Path) -> None:
    env = {"BRIEFGEN_SMTP_HOST": "smtp.example.org", "BRIEFGEN_SMTP_USER": "desk",
           "BRIEFGEN_SMTP_PASSWORD": "hunter2-secret"}  # fmt: skip
    result = CliRunner().invoke(main, ["send", "--content", str(built / "content"), "--out", str(built / "output"),
                                       "--edition", EDITION, "--to", ALICE, "--dry-run"], env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "SMTP: smtp.example.org:587 (starttls, login as desk)" in result.stdout
    assert "still needs" not in result.stdout and "hunter2" not in result.output


def test_pdf_is_attached_when_asked(built: Path, inbox: Inbox) -> None:
    assert send(built, inbox.port, "--to", ALICE, "--attach-pdf").exit_code == 0
    ((_, message),) = inbox.messages
    assert message.get_content_type() == "multipart/mixed"
    related, pdf = message.iter_parts()
    assert related.get_content_type() == "multipart/related"
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == "brief.pdf"
    assert pdf.get_content().startswith(b"%PDF-")
    assert "attached when it is sent with this email" in related.get_body(("plain",)).get_content()


def test_attach_pdf_setting_attaches_it_and_says_so(project: Path, inbox: Inbox) -> None:
    brief = project / "content/brief.yaml"
    brief.write_text(brief.read_text() + "  attach_pdf: true\n")
    build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
    )
    assert send(project, inbox.port, "--to", ALICE).exit_code == 0
    ((_, message),) = inbox.messages
    assert message.get_content_type() == "multipart/mixed"
    assert (
        "The full brief is attached as a PDF (brief.pdf)."
        in message.get_body(("plain",)).get_content()
    )


# --- TLS and login -------------------------------------------------------------------------


class Logins:
    def __init__(self) -> None:
        self.tried: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN204
        user = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?"
        self.tried.append(user)
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"right"
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 reply


@pytest.fixture
def tls_server(tmp_path: Path):  # noqa: ANN201
    """An SMTP server that offers STARTTLS with a certificate from a test CA, and
    requires a login after TLS."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    handler, logins = Inbox(), Logins()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=logins, auth_required=True)  # fmt: skip
    controller.start()
    yield handler, logins, controller.port, ca_file
    controller.stop()


def tls_env(port: int, ca_file: Path | None, password: str = "right") -> dict[str, str]:
    env = {"BRIEFGEN_SMTP_HOST": "127.0.0.1", "BRIEFGEN_SMTP_PORT": str(port), "BRIEFGEN_SMTP_SECURITY": "starttls",
           "BRIEFGEN_SMTP_USER": "desk", "BRIEFGEN_SMTP_PASSWORD": password}  # fmt: skip
    return env | (
        {"BRIEFGEN_SMTP_CA_FILE": str(ca_file)} if ca_file else {"BRIEFGEN_SMTP_CA_FILE": ""}
    )


def test_starttls_with_the_ca_file_delivers(built: Path, tls_server) -> None:  # noqa: ANN001
    handler, logins, port, ca_file = tls_server
    result = send(built, port, "--to", ALICE, env=tls_env(port, ca_file))
    assert result.exit_code == 0, result.output
    assert handler.to() == ["alice@example.org"] and logins.tried == ["desk"]


def test_starttls_without_the_ca_fails_before_login(built: Path, tls_server) -> None:  # noqa: ANN001
    handler, logins, port, _ = tls_server
    result = send(built, port, "--to", ALICE, env=tls_env(port, None))
    assert result.exit_code == 3 and "TLS certificate is not trusted" in result.stderr
    assert logins.tried == [] and handler.messages == [] and log_of(built) == []


def test_wrong_password_is_a_clear_error_and_never_printed(
    built: Path, tls_server, tmp_path: Path
) -> None:  # noqa: ANN001
    handler, logins, port, ca_file = tls_server
    secret = tmp_path / "password"
    secret.write_text("s3cret-wrong\n")
    env = tls_env(port, ca_file) | {
        "BRIEFGEN_SMTP_PASSWORD": "",
        "BRIEFGEN_SMTP_PASSWORD_FILE": str(secret),
    }
    result = send(built, port, "--to", ALICE, env=env)
    assert result.exit_code == 3 and "login refused for desk" in result.stderr
    assert "s3cret" not in result.output
    assert handler.messages == [] and log_of(built) == []


def test_a_message_rejected_after_data_is_not_logged_as_sent(built: Path, inbox: Inbox) -> None:
    async def reject(server, session, envelope):  # noqa: ANN001, ANN202
        return "554 5.7.1 message rejected as spam"

    inbox.handle_DATA = reject
    result = send(built, inbox.port, "--to", ALICE)
    assert result.exit_code == 3 and "refused (554 5.7.1 message rejected as spam)" in result.stderr
    assert [e["status"] for e in log_of(built)] == ["sending", "refused"]


def test_one_mailbox_written_two_ways_gets_one_message(built: Path, inbox: Inbox) -> None:
    assert send(built, inbox.port, "--to", "ann@example.org").exit_code == 0
    again = send(built, inbox.port, "--to", "Ann Smith <ANN@example.org>")
    assert again.exit_code == 0 and "nothing to send" in again.stdout
    assert inbox.to() == ["ann@example.org"]


def test_two_addresses_in_one_field_are_refused(built: Path, inbox: Inbox) -> None:
    result = send(built, inbox.port, "--to", "Bob <bob@example.org>, Eve <eve@example.org>")
    assert result.exit_code == 2 and "is not one email address" in result.stderr
    assert inbox.messages == []


def test_theme_images_of_an_email_override_go_with_every_message(
    project: Path, inbox: Inbox
) -> None:
    from tests.test_resources import logo, override

    (project / "templates/img").mkdir(parents=True)
    (project / "templates/img/logo.png").write_bytes(logo())
    override(
        project, "email.html", '<body class="email-body">', '<img src="img/logo.png" alt="Logo">'
    )
    build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
    )
    result = send(project, inbox.port, "--to", ALICE)
    assert result.exit_code == 0, result.output
    ((_, message),) = inbox.messages
    _, *images = message.iter_parts()
    html = message.get_body(("html",)).get_content()
    shown = set(__import__("re").findall(r'src="cid:([^"]+)"', html))
    assert shown == {image["Content-ID"].strip("<>") for image in images}
    assert logo() in [image.get_content() for image in images]
