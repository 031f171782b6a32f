"""Checking content and asking for help never load the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = "{'weasyprint', 'matplotlib', 'pandas', 'numpy'}"


def loaded_after(code: str) -> str:
    probe = f"import sys\n{code}\nprint(sorted({HEAVY} & set(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return output.strip().splitlines()[-1]


def test_check_imports_no_heavy_library(project: Path) -> None:
    assert (
        loaded_after(f"import briefgen; briefgen.check_project({str(project / 'content')!r})")
        == "[]"
    )


def test_help_imports_no_heavy_library() -> None:
    code = "from briefgen.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == "[]"


def test_help_reads_no_content_code() -> None:
    """`briefgen --help` loads Click and the CLI alone: none of the pipeline's modules."""
    code = (
        "import sys\nfrom briefgen.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('briefgen.') or m == 'yaml'))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "['briefgen.cli', 'briefgen.errors']"


def test_package_api_is_the_functions_whatever_is_imported_first() -> None:
    code = "import briefgen.build, briefgen\nprint(callable(briefgen.build), briefgen.build.__module__)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["True", "briefgen.build"]
