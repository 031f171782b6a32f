"""What a rendered brief or email may load: only files of its theme, embedded. A
remote image (a tracking pixel) or a missing one stops the build, naming the
template line; nothing is fetched, nothing is written."""

from __future__ import annotations

import email
import io
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from briefgen import ContentError, build
from briefgen.theme import default_theme_dir
from tests.conftest import EDITION


def logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, "PNG")
    return buffer.getvalue()


class Requests(BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server():  # noqa: ANN201
    """A real HTTP server on 127.0.0.1 that records every request it gets."""
    Requests.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Requests)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def override(project: Path, name: str, old: str, new: str) -> int:
    """Copy a default template into the project, with one line added; its line number."""
    text = (default_theme_dir() / name).read_text()
    assert old in text
    path = project / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, old + "\n" + new, 1))
    return path.read_text().splitlines().index(new) + 1


def build_project(project: Path):  # noqa: ANN201
    return build(project / "content", out=project / "output", templates=project / "templates",
                 edition=EDITION)  # fmt: skip


def test_a_remote_image_in_an_email_override_is_refused_and_never_fetched(
    project: Path, web_server: ThreadingHTTPServer
) -> None:
    pixel = f"http://127.0.0.1:{web_server.server_port}/pixel.gif?reader=1"
    line = override(project, "email.html", '<body class="email-body">',
                    f'<img src="{pixel}" width="1" height="1" alt="">')  # fmt: skip
    with pytest.raises(ContentError) as caught:
        build_project(project)
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/email.html") and problem.loc.line == line
    assert problem.message.startswith(f"refused {pixel}: only files of the theme may be shown")
    assert Requests.seen == []
    assert not (project / "output" / EDITION).exists()


def test_a_remote_background_in_an_email_stylesheet_is_refused(project: Path) -> None:
    css = project / "templates/css/email.css"
    css.parent.mkdir(parents=True)
    css.write_text((default_theme_dir() / "css/email.css").read_text()
                   + '.header { background: url("https://tracker.example/bg.png"); }\n')  # fmt: skip
    with pytest.raises(ContentError, match=r"url\(https://tracker.example/bg.png\): refused"):
        build_project(project)


def test_a_missing_image_in_an_email_override_is_named_with_its_line(project: Path) -> None:
    line = override(project, "email.html", '<body class="email-body">',
                    '<img class="logo" src="img/logo.png" alt="Our logo">')  # fmt: skip
    with pytest.raises(ContentError) as caught:
        build_project(project)
    (problem,) = caught.value.problems
    assert (problem.loc.line, problem.field) == (line, "url")
    assert problem.message == "img/logo.png is missing from the theme (asked for as 'img/logo.png')"


def test_an_email_override_carries_theme_images_in_the_message(project: Path) -> None:
    (project / "templates/img").mkdir(parents=True)
    (project / "templates/img/logo.png").write_bytes(logo())
    override(project, "email.html", '<body class="email-body">',
             '<img class="logo" src="img/logo.png" alt="Our logo">')  # fmt: skip
    result = build_project(project)
    html = (result.folder / "email.html").read_text()
    message = email.message_from_bytes(
        (result.folder / "email.eml").read_bytes(), policy=policy.default
    )
    parts = {str(p["Content-ID"]).strip("<>"): p for p in message.walk() if p["Content-ID"]}
    (cid,) = [c for c in parts if c.startswith("theme-")]
    assert f'src="cid:{cid}"' in html and "img/logo.png" not in html
    assert parts[cid].get_content_type() == "image/png"
    assert parts[cid].get_content() == logo()


def test_a_missing_image_in_a_brief_override_is_named_missing_with_its_line(project: Path) -> None:
    line = override(project, "partials/colophon.html", '<footer class="colophon">',
                    '  <img src="img/seal.png" alt="Seal">')  # fmt: skip
    with pytest.raises(ContentError) as caught:
        build_project(project)
    (problem,) = caught.value.problems
    assert (
        problem.loc.file.endswith("templates/partials/colophon.html") and problem.loc.line == line
    )
    assert problem.message == "img/seal.png is missing from the theme (asked for as 'img/seal.png')"
    assert "not a file of the theme" not in problem.message


def test_a_theme_image_is_embedded_in_the_page_and_drawn_in_the_pdf(project: Path) -> None:
    (project / "templates/img").mkdir(parents=True)
    (project / "templates/img/seal.png").write_bytes(logo())
    override(project, "partials/colophon.html", '<footer class="colophon">',
             '  <img src="img/seal.png" alt="Seal">')  # fmt: skip
    result = build_project(project)
    page = (result.folder / "brief.html").read_text()
    assert 'src="data:image/png;base64,' in page and "img/seal.png" not in page
    images = [i for p in PdfReader(result.folder / "brief.pdf").pages for i in p.images]
    assert any(i.image.size == (40, 20) for i in images)
