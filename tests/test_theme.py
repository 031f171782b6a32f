"""The theme's files: looked up project first, then the default; every one of them
inside its theme folder, so a theme can never make briefgen read another file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from briefgen import ContentError, build
from briefgen.theme import Theme
from tests.conftest import EDITION
from tests.test_render import page_of

SECRET = "SECRET-5f1c2a: a file outside the project that no brief may show\n"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "private.txt"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def build_project(project: Path):  # noqa: ANN201
    return build(project / "content", out=project / "output", templates=project / "templates",
                 edition=EDITION)  # fmt: skip


def leaked(folder: Path) -> list[str]:
    """Files below folder holding the secret or its hash."""
    digest = hashlib.sha256(SECRET.encode()).hexdigest().encode()
    return [
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and (SECRET.encode()[:20] in p.read_bytes() or digest in p.read_bytes())
    ]


def test_a_partial_linked_to_a_file_outside_the_theme_is_refused_unread(
    project: Path, secret: Path
) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        build_project(project)
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/partials/colophon.html")
    assert problem.message.startswith(f"a link to {secret}, outside the theme folder")
    assert not (project / "output").exists()  # refused before anything was written
    with pytest.raises(ContentError, match="outside the theme folder"):  # the loader, too
        page_of(project, templates=project / "templates")


def test_an_unused_link_out_of_the_theme_is_refused_not_hashed(project: Path, secret: Path) -> None:
    build_project(project)
    manifest = (project / "output" / EDITION / "manifest.json").read_bytes()
    (project / "templates/unused.html").symlink_to(secret)
    with pytest.raises(ContentError, match="unused.html: a link to .* outside the theme folder"):
        build_project(project)
    assert (project / "output" / EDITION / "manifest.json").read_bytes() == manifest
    assert leaked(project / "output") == []


def test_a_linked_stylesheet_is_refused_not_replaced_by_the_default(
    project: Path, tmp_path: Path
) -> None:
    own = tmp_path / "elsewhere.css"
    own.write_text("body { color: rebeccapurple; }\n")
    (project / "templates/css").mkdir(parents=True)
    (project / "templates/css/brief.css").symlink_to(own)
    with pytest.raises(ContentError, match=r"css/brief.css: a link to .*elsewhere.css, outside"):
        build_project(project)
    with pytest.raises(ContentError, match="outside the theme folder"):  # not the default's
        page_of(project, templates=project / "templates")


def test_a_linked_folder_leading_out_of_the_theme_is_refused(project: Path, secret: Path) -> None:
    (secret.parent / "colophon.html").write_text(SECRET)
    (project / "templates/partials").symlink_to(secret.parent, target_is_directory=True)
    with pytest.raises(ContentError, match="templates/partials: a link to .*elsewhere, outside"):
        build_project(project)
    assert not (project / "output").exists()


def test_a_named_pipe_in_the_theme_is_refused_without_waiting_on_it(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    os.mkfifo(project / "templates/partials/colophon.html")  # reading it would block forever
    with pytest.raises(ContentError, match="colophon.html: not a regular file"):
        build_project(project)


def test_links_between_files_of_the_theme_are_fine(project: Path) -> None:
    (project / "templates/shared").mkdir(parents=True)
    (project / "templates/shared/footer.html").write_text("<footer>Shared footer</footer>\n")
    (project / "templates/partials").mkdir()
    (project / "templates/partials/colophon.html").symlink_to("../shared/footer.html")
    result = build_project(project)
    assert "Shared footer" in (result.folder / "brief.html").read_text()
    assert Theme.for_project(project / "templates").find("partials/colophon.html").name == (
        "footer.html"
    )


def test_an_oversized_template_is_refused_by_its_size(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    with (project / "templates/partials/colophon.html").open("wb") as template:
        template.truncate(2 * 1024 * 1024)
    with pytest.raises(ContentError) as caught:
        build_project(project)
    (problem,) = caught.value.problems
    assert str(problem).endswith(
        "templates/partials/colophon.html: 2.0 MB is over the limit for a template (1.0 MB; see README, Limits)"
    )
