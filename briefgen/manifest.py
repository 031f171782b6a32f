"""What a build was made from: content hashes of every input and artifact, kept in
output/<edition>/manifest.json. Hashes, never modification times, decide what to rebuild.

Imports nothing heavy: a no-op rebuild runs only this, and stops.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen.content import document_paths
from briefgen.editions import previous_edition
from briefgen.limits import Refused, real_file
from briefgen.theme import Theme

FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent
# The modules whose code changes how a chart looks: a new house style redraws charts.
CHART_CODE = ("charts.py", "numbers/writing.py", "placement.py")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_hash(names: tuple[str, ...] | None = None) -> str:
    """A hash of briefgen's own code, so that an edited checkout rebuilds."""
    digest = hashlib.sha256()
    paths = [PACKAGE_DIR / n for n in names] if names else sorted(PACKAGE_DIR.rglob("*.py"))
    for path in paths:
        digest.update(
            path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def environment() -> dict[str, str]:
    """Versions and code that shape the output, read without importing the heavy packages."""
    from briefgen import __version__

    return {
        "briefgen": __version__,
        "briefgen_code": code_hash(),
        "weasyprint": version_of("weasyprint"),
        "matplotlib": version_of("matplotlib"),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }


def content_inputs(content: Path, variant: str | None = None) -> dict[str, str]:
    """Every content file, by its path inside content/: a variant's own settings too,
    never another variant's (editing one rebuilds only that one)."""
    data = content / "data"
    files = [
        content / "brief.yaml",
        *([content / "briefs" / f"{variant}.yaml"] if variant else []),
        content / "indicators.csv",
        *document_paths(content / "documents"),
        *(sorted(p for p in data.iterdir() if p.is_file()) if data.is_dir() else ()),
    ]
    return {
        f"content/{p.relative_to(content).as_posix()}": sha256_file(p) for p in files if p.is_file()
    }


def theme_inputs(theme: Theme) -> dict[str, str]:
    """Every file of the theme (templates, CSS, fonts), the project's and the default's.
    Which of them a render really used is settled one level down: an artifact is
    re-rendered only when the HTML it is made from changes. Raises ContentError for
    a file that leads out of its theme folder (it is not read)."""
    inputs = {}
    for origin, folder in zip(
        ("project", "default")[-len(theme.folders) :], theme.folders, strict=True
    ):
        for path in theme.files(folder):
            inputs[f"theme/{origin}/{path.relative_to(folder).as_posix()}"] = sha256_file(path)
    return inputs


def source_inputs(folder: Path | None, names: list[str]) -> dict[str, str]:
    if folder is None:
        return {}
    return {f"sources/{n}": source_hash(folder, n) for n in sorted(set(names))}


def source_hash(folder: Path, name: str) -> str:
    """A source text's hash, never following a link out of its folder."""
    try:
        path = real_file(folder, folder / name)
    except Refused:
        return "refused"
    return sha256_file(path) if path is not None else "missing"


@dataclass(frozen=True, slots=True)
class Artifact:
    """A file the build wrote: its hash, size, and the key of what it was made from."""

    name: str  # inside the edition folder: "brief.pdf", "charts/x.svg"
    sha256: str
    size: int
    key: str


@dataclass(frozen=True, slots=True)
class Manifest:
    edition: str
    options: dict[str, Any]  # what the command asked for: folders, strictness
    sources_folder: str | None  # where the source texts were found
    environment: dict[str, str]
    inputs: dict[str, str]
    artifacts: dict[str, Artifact] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "edition": self.edition,
            "options": self.options,
            "sources_folder": self.sources_folder,
            "environment": self.environment,
            "inputs": dict(sorted(self.inputs.items())),
            "artifacts": {
                name: {"sha256": a.sha256, "size": a.size, "key": a.key}
                for name, a in sorted(self.artifacts.items())
            },
        }
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def source_names(self) -> list[str]:
        return [k.removeprefix("sources/") for k in self.inputs if k.startswith("sources/")]


def read_manifest(folder: Path) -> Manifest | None:
    """The edition's last manifest; None when there is none or it cannot be trusted."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        artifacts = {
            name: Artifact(name, a["sha256"], a["size"], a["key"])
            for name, a in data["artifacts"].items()
        }
        return Manifest(
            data["edition"],
            data["options"],
            data["sources_folder"],
            data["environment"],
            data["inputs"],
            artifacts,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def artifacts_intact(folder: Path, manifest: Manifest) -> bool:
    """Every artifact is still there with the bytes the manifest records."""
    for artifact in manifest.artifacts.values():
        path = folder / artifact.name
        if (
            not path.is_file()
            or path.stat().st_size != artifact.size
            or sha256_file(path) != artifact.sha256
        ):
            return False
    return True


def previous_input(out: Path, edition: str) -> dict[str, str]:
    """The previous edition, whose snapshot the "what changed" section compares with."""
    before = previous_edition(out, edition)
    return {f"previous/{before}": sha256_file(out / before / "manifest.json")} if before else {}


def current_inputs(
    content: Path,
    theme: Theme,
    sources: Path | None,
    previous: Manifest,
    out: Path,
    variant: str | None = None,
) -> dict[str, str]:
    """The inputs the previous build read, hashed as they are now."""
    inputs = (
        content_inputs(content, variant)
        | theme_inputs(theme)
        | source_inputs(sources, previous.source_names())
    )
    return inputs | previous_input(out, previous.edition)


def is_up_to_date(
    previous: Manifest | None,
    *,
    folder: Path,
    content: Path,
    theme: Theme,
    options: dict[str, Any],
    variant: str | None = None,
) -> bool:
    """Nothing the last build read has changed, and what it wrote is still in place.

    Compares, cheapest first: options and environment, content files, the theme files
    and source texts the last build used; then the artifacts' own hashes.
    """
    if previous is None or previous.options != options or previous.environment != environment():
        return False
    sources = Path(previous.sources_folder) if previous.sources_folder else None
    now = current_inputs(content, theme, sources, previous, folder.parent, variant)
    return now == previous.inputs and artifacts_intact(folder, previous)
