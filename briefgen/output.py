"""Where artifacts go, and writing them so that readers never see half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefgen.editions import parse_edition


def edition_dir(out: Path, edition: str) -> Path:
    """output/2026-W48, checked to stay inside the output folder."""
    parse_edition(edition)  # the edition is validated before it becomes a path
    folder = (out / edition).resolve()
    if out.resolve() not in folder.parents:
        raise ValueError(f"edition folder {folder} is outside {out}")
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data: readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; briefs get published
        os.replace(tmp, path)  # atomic because tmp is in the same directory
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
