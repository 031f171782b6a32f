"""Where artifacts go, and writing them so that readers never see half a file."""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.editions import parse_edition
from briefgen.errors import EXIT_BUSY, BriefgenError


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


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Replace several files as one step, as far as a file system allows: every new
    file is written and synced to a temporary name first, so a full disk, an error
    or Ctrl-C while writing leaves all the old files in place; only then are they
    renamed over the old ones, in order (put the file that marks a build done last)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; briefs get published
        while staged:
            tmp, path = staged[0]
            os.replace(tmp, path)  # atomic: tmp is in the same directory
            staged.pop(0)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def cache_dir(out: Path, kind: str) -> Path:
    """output/.cache/<kind>: content-addressed files shared by every edition."""
    return out / ".cache" / kind


def read_cached(out: Path, kind: str, key: str, suffix: str) -> bytes | None:
    path = cache_dir(out, kind) / f"{key}{suffix}"
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_cached(out: Path, kind: str, key: str, suffix: str, data: bytes) -> None:
    write_atomic(cache_dir(out, kind) / f"{key}{suffix}", data)


class LockTimeout(BriefgenError):
    """Another build of the same output folder kept its lock too long."""

    exit_code = EXIT_BUSY


@contextmanager
def build_lock(out: Path, *, timeout: float, name: str = ".lock") -> Iterator[None]:
    """Hold output/.lock for the whole build (or a folder's .send.lock for a send), so
    two runs never interleave. A second one waits up to `timeout` seconds, then gives up."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another briefgen run is writing to {out} (waited {timeout:g} s for {path}); "
                        "try again when it has finished"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
