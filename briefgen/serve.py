"""`briefgen serve`: the brief in the browser, rebuilt and reloaded on every save.

Starlette serves the preview (OUT/.preview/, see preview.py) on 127.0.0.1 and
uvicorn runs it; watchfiles watches content, templates and sources. After each
save the HTML is rebuilt and every open page reloads (a small script added to
the page as it is sent, talking over a WebSocket); the PDF follows, rendered in
a worker process so that it never delays the next page. A failed build keeps the
last good page and shows its problems on it.

Imported only by `briefgen serve`: Starlette and uvicorn load nowhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
import socket
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from briefgen.content import display_path
from briefgen.errors import BriefgenError, ContentError, OptionError, plural
from briefgen.preview import Page, build_page, preview_dir, write_pdf
from briefgen.variants import variant_out
from briefgen.watch import Relevant, watched_folders

HOST = "127.0.0.1"
STATIC = Path(__file__).resolve().parent / "static"
CLIENT = (
    '<link rel="stylesheet" href="{base}/_briefgen/serve.css">'
    '<script src="{base}/_briefgen/serve.js" data-version="{version}" data-base="{base}"></script>'
)
Say = Callable[[str], None]


@dataclass(slots=True)
class Status:
    """What every open page is told after each step (as JSON)."""

    state: str = "building"  # building, ok, failed
    message: str = "building the preview…"
    version: str = ""  # of the last good page: a page showing another reloads
    problems: list[str] = field(default_factory=list)  # of the last build, if it failed
    pdf: str = "none"  # none, rendering, ready, failed
    pdf_version: str = ""


class Session:
    """One `serve` run: the last good page, the status, the open pages, the PDF worker.
    Everything but the builds themselves runs on the server's event loop."""

    def __init__(self, content: Path, options: dict[str, Any], say: Say) -> None:
        self.content, self.options, self.say = content, options, say
        self.folder = preview_dir(variant_out(options["out"], options.get("variant")))
        self.status = Status()
        self.page: Page | None = None
        self.pdf_key = ""  # of the PDF last written
        self.pdf_task: asyncio.Task[None] | None = None
        self.sockets: set[WebSocket] = set()
        self.pool: ProcessPoolExecutor | None = None

    async def run(self) -> None:
        """Build, then rebuild after each burst of changes, until cancelled."""
        from watchfiles import awatch

        folders = watched_folders(
            self.content, self.options.get("templates"), self.options.get("sources")
        )
        self.say(f"watching {', '.join(display_path(f) for f in folders)}")
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=quiet_worker, initargs=(os.getpid(),))  # fmt: skip
        self.pool.submit(warm_up)  # WeasyPrint loads while the first page builds
        first = True
        # yield_on_timeout: the first (empty) yield comes once the watcher runs, so no
        # edit made after the first build starts can be missed.
        async for changes in awatch(*folders, watch_filter=Relevant(folders, self.options.get("templates")),
                                    debounce=300, step=50, yield_on_timeout=True, rust_timeout=200):  # fmt: skip
            if first or changes:
                cause = (
                    "first build"
                    if first
                    else ", ".join(sorted({display_path(Path(p)) for _, p in changes}))
                )
                first = False
                await self.rebuild(cause)

    async def rebuild(self, cause: str) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")  # the terminal's clock, never in a file
        self.status.state, self.status.message = "building", "rebuilding…"
        await self.broadcast()
        started = time.perf_counter()
        try:
            page = await asyncio.to_thread(build_page, self.content, **self.options)
        except Exception as err:  # shown in the page and the terminal; serving goes on
            problems = failure(err)
            self.status.state, self.status.problems = "failed", problems
            self.status.message = f"build failed ({plural(len(problems), 'problem')}): the page shows the last good build"
            self.say(f"{stamp}  {cause} -> {self.status.message}")
            for line in problems:
                self.say(f"  {line}")
            await self.broadcast()
            return
        self.page = page
        self.status.state, self.status.problems, self.status.version = "ok", [], page.version
        self.status.message = f"built at {stamp} in {time.perf_counter() - started:.2f} s"
        self.say(f"{stamp}  {cause} -> page rebuilt ({time.perf_counter() - started:.2f} s)")
        self.start_pdf(page)
        await self.broadcast()

    def start_pdf(self, page: Page) -> None:
        """The page's PDF, unless the one on disk was made from the same print HTML."""
        if self.pdf_task is not None:
            self.pdf_task.cancel()  # superseded: a queued render is dropped, a running one ignored
        if page.pdf_key == self.pdf_key and page.pdf.is_file():
            self.status.pdf = "ready"
            return
        self.status.pdf = "rendering"
        self.pdf_task = asyncio.create_task(self.render_pdf(page))

    async def render_pdf(self, page: Page) -> None:
        from briefgen.pdf import to_pdf

        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        try:
            data = await loop.run_in_executor(
                self.pool, partial(to_pdf, page.printable, folders=page.folders)
            )
            await asyncio.to_thread(write_pdf, page, data)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            problems = failure(err)
            self.status.pdf, self.status.state, self.status.problems = "failed", "failed", problems
            self.status.message = (
                "the PDF failed: the page is current, the PDF is the last good one"
            )
            self.say(f"  PDF failed: {'; '.join(problems)}")
            await self.broadcast()
            return
        self.pdf_key = page.pdf_key
        self.status.pdf, self.status.pdf_version = "ready", page.pdf_key[:16]
        self.say(
            f"  PDF rendered ({time.perf_counter() - started:.1f} s): {display_path(page.pdf)}"
        )
        await self.broadcast()

    async def broadcast(self) -> None:
        message = json.dumps(asdict(self.status))
        for websocket in list(self.sockets):
            try:
                await websocket.send_text(message)
            except Exception:  # a page closed mid-send: it reconnects or is gone
                self.sockets.discard(websocket)

    def stop(self) -> None:
        if self.pool is None:
            return
        # A PDF half-rendered is of no use: end the worker now (there is no public way
        # to before Python 3.14's terminate_workers).
        workers = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            process.terminate()
        self.pool = None


def failure(err: Exception) -> list[str]:
    """What went wrong, as lines for the page and the terminal."""
    if isinstance(err, ContentError):
        return [str(p) for p in err.problems]
    if isinstance(err, BriefgenError):
        return [str(err)]
    return "".join(traceback.format_exception(err)).rstrip().splitlines()  # a bug: say it all


def quiet_worker(server: int) -> None:
    """The PDF worker leaves Ctrl-C to the server, which ends it; should the server be
    killed outright (no one left to end the worker), it ends itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with, args=(server,), daemon=True).start()


def exit_with(server: int) -> None:
    while os.getppid() == server:
        time.sleep(0.5)
    os._exit(0)


def warm_up() -> None:
    with contextlib.suppress(OSError):  # no Pango: the first render says so
        import weasyprint  # noqa: F401


def make_app(sessions: dict[str, Session]) -> Starlette:
    """The preview's routes, only what the page needs, on 127.0.0.1 names only: the
    default brief's at /, each variant's under /<name>/ (serve --all)."""
    routes: list[BaseRoute] = []
    for name, session in sessions.items():
        if name:
            routes.append(Mount(f"/{name}", routes=brief_routes(session, f"/{name}")))
        else:
            routes += brief_routes(session, "")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(session.run()) for session in sessions.values()]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for session in sessions.values():
                session.stop()

    # A web page elsewhere must not read the preview by pointing its own name at 127.0.0.1.
    hosts = Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"])
    return Starlette(routes=routes, middleware=[hosts], lifespan=lifespan)


def brief_routes(session: Session, base: str) -> list[BaseRoute]:
    """One brief's page, PDF, status and updates; `base` is where they are mounted."""

    async def page(request: Request) -> Response:
        path = session.folder / "brief.html"
        html = path.read_bytes() if path.is_file() else (STATIC / "waiting.html").read_bytes()
        version = hashlib.sha256(html).hexdigest() if path.is_file() else ""
        client = CLIENT.format(version=version, base=base).encode()
        head, end, tail = html.rpartition(b"</body>")
        body = head + client + end + tail if end else html + client
        return Response(
            body, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"}
        )

    async def pdf(request: Request) -> Response:
        path = session.folder / "brief.pdf"
        if not path.is_file():
            return PlainTextResponse("no PDF yet: it follows the page", status_code=404)
        return FileResponse(
            path, media_type="application/pdf", headers={"Cache-Control": "no-store"}
        )

    async def status(request: Request) -> Response:
        return JSONResponse(asdict(session.status))

    async def updates(websocket: WebSocket) -> None:
        await websocket.accept()
        session.sockets.add(websocket)
        try:
            await websocket.send_text(json.dumps(asdict(session.status)))
            while True:
                await websocket.receive_text()  # nothing is expected: wait for the page to go
        except WebSocketDisconnect:
            pass
        finally:
            session.sockets.discard(websocket)

    return [
        Route("/", page),
        Route("/brief.html", page),
        Route("/brief.pdf", pdf),
        Route("/_briefgen/status", status),
        Route("/_briefgen/serve.js", lambda r: FileResponse(STATIC / "serve.js")),
        Route("/_briefgen/serve.css", lambda r: FileResponse(STATIC / "serve.css")),
        WebSocketRoute("/_briefgen/ws", updates),
    ]


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: any free one). Raises OptionError."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(128)  # from now on a browser's request waits for the server, never refused
    except OSError as err:
        sock.close()
        raise OptionError(f"--port {port}: cannot listen on {HOST}:{port} ({err.strerror}); "
                          "pass another port, or --port 0 for any free one") from None  # fmt: skip
    return sock


def serve(
    content: Path,
    *,
    say: Say,
    port: int = 8000,
    briefs: dict[str | None, str] | None = None,
    **options: Any,
) -> None:
    """Serve the preview on 127.0.0.1:port until Ctrl-C. `options` are build_page's;
    `briefs` maps each brief to preview (None: brief.yaml's) to its edition, all of
    them on one server (serve --all); without it, the one brief `options` names."""
    import uvicorn

    briefs = briefs or {options.pop("variant", None): options.pop("edition", None)}
    sock = bind(port)
    several = len(briefs) > 1
    sessions = {
        (name or ""): Session(Path(content), {**options, "variant": name, "edition": edition},
                              prefixed(say, name) if several else say)
        for name, edition in briefs.items()
    }  # fmt: skip
    config = uvicorn.Config(make_app(sessions), log_level="warning", access_log=False, lifespan="on",
                            ws="auto", timeout_graceful_shutdown=2)  # fmt: skip
    address = f"http://{HOST}:{sock.getsockname()[1]}"
    say(f"serving {address}/ (Ctrl-C to stop)")
    for name in sessions:
        if name:
            say(f"  {name}: {address}/{name}/")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the Ctrl-C again once it has shut down
        pass
    finally:
        for session in sessions.values():
            session.stop()


def prefixed(say: Say, name: str | None) -> Say:
    """Each brief's lines marked with its name when one server previews several."""
    label = name or "default"
    return lambda line: say(f"[{label}] {line}")
