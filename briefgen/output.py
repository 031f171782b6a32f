"""Where artifacts go, and writing them so that readers never see half a file."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from briefgen.content import display_path
from briefgen.editions import parse_edition
from briefgen.errors import EXIT_BUSY, BriefgenError, OutputError

# Every file is written under a temporary name ending so, then renamed into place;
# a build killed in between leaves such files, and the next build removes them.
TEMPORARY = ".briefgen-tmp"


def edition_dir(out: Path, edition: str) -> Path:
    """output/2026-W48, checked to stay inside the output folder."""
    parse_edition(edition)  # the edition is validated before it becomes a path
    folder = (out / edition).resolve()
    if out.resolve() not in folder.parents:
        raise ValueError(f"edition folder {folder} is outside {out}")
    return folder


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """An OSError while writing path (disk full, read-only folder, permissions)
    becomes an OutputError that names the file: exit code 5, one line, no traceback."""
    try:
        yield
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(
            f"cannot write the output: {display_path(path)}: {reason}; the files already there are kept"
        ) from None


def stage(path: Path, data: bytes) -> str:
    """Write and sync data under a temporary name beside path; return that name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; briefs get published
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data: readers see the old file or the new one, never half of one.
    Raises OutputError when it cannot be written."""
    with writing(path):
        tmp = stage(path, data)
        try:
            os.replace(tmp, path)  # atomic because tmp is in the same directory
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Replace several files as one step, as far as a file system allows: every new
    file is written and synced to a temporary name first, so a full disk, an error
    or Ctrl-C while writing leaves all the old files in place; only then are they
    renamed over the old ones, in order (put the file that marks a build done last).
    Raises OutputError when a file cannot be written."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            with writing(path):
                staged.append((stage(path, data), path))
        while staged:
            tmp, path = staged[0]
            with writing(path):
                os.replace(tmp, path)  # atomic: tmp is in the same directory
            staged.pop(0)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def check_writable(folder: Path) -> None:
    """Fail before anything is rendered when the edition folder (or, before its
    first build, the output folder it goes in) cannot be written. Creates nothing."""
    where = folder if folder.is_dir() else folder.parent
    with writing(where):
        fd, probe = tempfile.mkstemp(dir=where, prefix=".probe.", suffix=TEMPORARY)
        os.close(fd)
        os.unlink(probe)


def remove_stale_temporaries(*folders: Path, older_than: float = 0) -> None:
    """Remove what a killed build left half-written. Called under the build lock, so
    none of these files belongs to a running build; a read-only folder is left alone.
    In a folder other builds share (the chart cache), only files `older_than` seconds."""
    now = time.time()
    for folder in folders:
        for path in folder.rglob(f".*{TEMPORARY}") if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                if not older_than or now - path.stat().st_mtime > older_than:
                    path.unlink()


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
    path = out / name
    with writing(path):
        out.mkdir(parents=True, exist_ok=True)
        handle = open_lock(path)
    with handle:
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


def open_lock(path: Path) -> IO[str]:
    """The lock file, for writing; for reading when the folder is read-only and the
    lock is already there (flock needs no write access), so that a build with nothing
    to write still succeeds and one that must write fails on its first write."""
    try:
        return path.open("a+")
    except OSError as err:
        if err.errno not in (errno.EACCES, errno.EPERM, errno.EROFS) or not path.is_file():
            raise
        return path.open("r")
