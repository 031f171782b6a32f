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
