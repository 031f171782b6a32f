"""WeasyPrint's only way to files: the theme and the build's assets; anything else
stops the build. Imported lazily: it subclasses a WeasyPrint class."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from briefgen.limits import Refused, read_input


class AssetsOnly(URLFetcher):
    """Serve files below the allowed folders; refuse, fatally, every other address,
    so a template cannot make the renderer read the disk or the network."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.folders = tuple(f.resolve() for f in folders)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            raise FatalURLFetchingError(
                f"refused to fetch {url}: the brief may only use files of its theme"
            )
        path = Path(url2pathname(url.removeprefix("file://").split("?")[0].split("#")[0])).resolve()
        folder = next((f for f in self.folders if path.is_relative_to(f)), None)
        if folder is None:
            raise FatalURLFetchingError(
                f"refused to read {path}: not a file of the theme ({', '.join(map(str, self.folders))})"
            )
        if not path.exists():
            raise FatalURLFetchingError(f"{path} is missing from the theme")
        try:
            data = read_input(path, "theme file", root=folder)
        except (Refused, OSError) as err:
            raise FatalURLFetchingError(f"refused to read {path}: {err}") from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})
