"""Shared fixtures: a small valid project, a copy of the shipped content, and the
shipped brief built once per test run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen import build, init_project

REPO = Path(__file__).resolve().parents[1]
SHARED_SOURCES = REPO.parent / "shared" / "sources"
EDITION = "2026-W48"


def need_shared_sources() -> Path:
    """The five third-party source texts live beside the checkout, never in it."""
    if not SHARED_SOURCES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_SOURCES} is missing in CI: the provenance tests must run there")
        pytest.skip(
            f"{SHARED_SOURCES} not found: the source texts are kept beside the checkout, not in it"
        )
    return SHARED_SOURCES


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small valid project (the one `briefgen init` writes), in its own folder."""
    root = tmp_path / "proj"
    init_project(root)
    return root


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the repository's content/ in tmp_path/shipped, with a copy of the
    source texts beside it as in a checkout (tmp_path/shared/sources), where
    brief.yaml's `sources: ../../shared/sources` finds them."""
    shutil.copytree(need_shared_sources(), tmp_path / "shared" / "sources")
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The shipped brief, built once for the many tests that only read it."""
    sources = need_shared_sources()
    out = tmp_path_factory.mktemp("built") / "output"
    return build(REPO / "content", out=out, edition=EDITION, sources=sources, strict=True)


def edit(path: Path, old: str, new: str) -> None:
    """Change exactly one thing in a file; fail loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below folder (hidden and temporary ones too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
