"""Print HTML -> PDF bytes (WeasyPrint): tagged PDF/UA-1, fonts embedded.

Imported lazily: WeasyPrint costs most of a second to load.
"""

from __future__ import annotations

import contextlib
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


class PdfWorker:
    """A process that loads WeasyPrint while the build checks content and draws
    charts, then renders the PDF when given the print HTML: the import (most of a
    second) runs on a second core instead of in line. A plain subprocess (`python
    -m briefgen.pdf`), not multiprocessing: that would run the caller's own main
    script again, or fork a process that may hold threads (the preview server).
    Same to_pdf, same HTML: the same bytes as in this process."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        import subprocess
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen.pdf", *map(str, folders)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Out of the terminal's process group: Ctrl-C reaches the parent alone,
            # which stops the build and kills this process on its way out.
            start_new_session=True,
        )

    def render(self, html: str) -> bytes:
        """The PDF of `html`; raises what to_pdf would have raised."""
        import pickle

        try:
            output, _ = self.process.communicate(html.encode("utf-8"))
            result = pickle.loads(output)
        except (OSError, EOFError, pickle.UnpicklingError) as err:
            raise SetupError(f"the PDF process stopped before it finished ({err})") from None
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # not needed: the PDF came from the cache, or the build failed
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream and not stream.closed:
                stream.close()


def serve(folders: tuple[Path, ...]) -> None:
    """The worker: load WeasyPrint, read the print HTML from stdin, write the
    pickled PDF bytes (or the error to raise) to stdout."""
    import pickle
    import sys

    with contextlib.suppress(OSError):  # to_pdf says what is missing, once asked
        import weasyprint  # noqa: F401  the point of this process: loaded while the parent works
    html = sys.stdin.buffer.read()
    if not html:
        return  # the build needed no PDF
    try:
        result: bytes | Exception = to_pdf(html.decode("utf-8"), folders=folders)
    except Exception as err:  # noqa: BLE001  sent to the parent, which raises it
        result = err
    sys.stdout.buffer.write(pickle.dumps(result))


if __name__ == "__main__":
    import sys

    serve(tuple(Path(f) for f in sys.argv[1:]))
