"""The default theme is found from an editable install and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from briefgen.theme import default_theme_dir
from tests.conftest import EDITION, REPO


def test_editable_install_uses_the_repository_templates() -> None:
    assert default_theme_dir() == REPO / "templates"
    from briefgen.theme import Theme
    from briefgen.translations import translations_for

    assert translations_for(Theme.for_project(None), "es").__class__.__name__ == "GNUTranslations"


def test_wheel_carries_the_theme_and_builds_from_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("briefgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "briefgen/templates/brief.html",
        "briefgen/templates/css/print.css",
        "briefgen/templates/fonts/BriefgenSans-Regular.otf",
        "briefgen/templates/locale/es/LC_MESSAGES/messages.po",
        "briefgen/skeleton/content/brief.yaml",
    } <= set(names)
    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    # The unpacked wheel comes first on the path, so this is the wheel's briefgen,
    # away from the source tree: its theme can only come from package data.
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "import briefgen.theme as t; print(t.default_theme_dir())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert where == str(installed / "briefgen" / "templates")
    # The Spanish catalog is found and compiled from the wheel's package data too.
    catalog = subprocess.run(
        [sys.executable, "-c", "from briefgen.theme import Theme; from briefgen.translations import "
         "translations_for; print(type(translations_for(Theme.for_project(None), 'es-MX')).__name__)"],
        env=env, capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert catalog == "GNUTranslations"
    project = tmp_path / "proj"
    for args in (["init", str(project)], ["build", "--edition", EDITION, "--quiet"]):
        subprocess.run(
            [sys.executable, "-m", "briefgen", *args],
            env=env,
            check=True,
            cwd=project if args[0] == "build" else tmp_path,
        )
    assert (project / "output" / EDITION / "brief.pdf").stat().st_size > 10_000
