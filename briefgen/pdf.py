"""Print HTML -> PDF bytes (WeasyPrint): tagged PDF/UA-1, fonts embedded.

Imported lazily: WeasyPrint costs most of a second to load.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import ContentError, Loc, Problem, SetupError


def to_pdf(html: str, *, folders: tuple[Path, ...]) -> bytes:
    """Render print HTML; only files below `folders` may be read. Raises ContentError
    when the HTML asks for anything else."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError
    except OSError as err:  # WeasyPrint loads Pango from the system when imported
        raise SetupError(
            f"WeasyPrint cannot load Pango ({err}); install it with: "
            "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None

    from briefgen.fetcher import AssetsOnly

    fetcher = AssetsOnly(folders)
    try:
        document = HTML(string=html, base_url=f"{folders[0].as_uri()}/", url_fetcher=fetcher)
        return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    except FatalURLFetchingError as err:
        cause = err.__cause__ or err
        raise ContentError([Problem(Loc("templates"), "url", str(cause))]) from None
