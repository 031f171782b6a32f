"""The Jinja environment, template lookup, and the context -> HTML step (page and print)."""

from __future__ import annotations

import base64
import contextlib
import mimetypes
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from briefgen.content import display_path
from briefgen.errors import ContentError, Loc, Problem
from briefgen.theme import Theme

STYLESHEETS = {
    "page": ("css/fonts.css", "css/brief.css", "css/screen.css"),
    "print": ("css/fonts.css", "css/brief.css", "css/print.css"),
}
FONT_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2"}
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, under Jinja's own key (the
    template's name and a checksum of its source): `serve` and `watch` compile a
    template again only when its text changes."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def make_env(theme: Theme) -> Environment:
    """Project templates first, then the default theme; 'default/...' always names
    the default theme, so an override can extend the very file it replaces."""
    own = [FileSystemLoader(folder) for folder in theme.folders]
    default = FileSystemLoader(theme.folders[-1])
    return Environment(
        loader=ChoiceLoader([*own, PrefixLoader({"default": default})]),
        # Content is untrusted: escape everything but plain-text templates, and an
        # unknown extension (.j2) is escaped too rather than silently raw.
        autoescape=select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )


def render_brief(
    context: dict[str, Any], *, theme: Theme, variant: str, env: Environment | None = None
) -> str:
    """The brief as HTML: 'page' is the self-contained web page, 'print' feeds the PDF.
    A build passes one `env` to all its renders, so each template is compiled once."""
    env = env or make_env(theme)
    styles = stylesheet(theme, STYLESHEETS[variant], embed=variant == "page")
    with template_errors(theme):
        return env.get_template("brief.html").render(**context, variant=variant, stylesheet=styles)


@contextlib.contextmanager
def template_errors(theme: Theme) -> Iterator[None]:
    """A template's mistakes become problems naming the template and its line."""
    try:
        yield
    except TemplateSyntaxError as err:
        where = Loc(display_path(Path(err.filename or err.name or "?")), err.lineno)
        raise ContentError([Problem(where, "template", err.message or "syntax error")]) from None
    except TemplateNotFound as err:
        raise ContentError([template_problem(f"template not found: {err.name}", theme)]) from None
    except TemplateError as err:
        raise ContentError([template_problem(str(err), theme)]) from None


def template_problem(message: str, theme: Theme) -> Problem:
    """Point at the innermost template line of the traceback being handled."""
    where = Loc("templates")
    trace = sys.exc_info()[2]
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if any(Path(filename).is_relative_to(folder) for folder in theme.folders):
            where = Loc(display_path(Path(filename)), trace.tb_lineno)
        trace = trace.tb_next
    return Problem(where, "template", message)


def stylesheet(theme: Theme, names: tuple[str, ...], *, embed: bool) -> Markup:
    """The theme's CSS, its font files either embedded (the page is self-contained)
    or as file addresses that the PDF fetcher serves from the theme."""
    parts = []
    for name in names:
        path = theme.find(name)
        css = path.read_text(encoding="utf-8")
        parts.append(CSS_URL_RE.sub(lambda m, n=name: css_url(m[2], n, theme, embed), css))
    # Trusted: CSS files are part of the theme, written by the project's owner.
    return Markup("\n".join(parts))


def css_url(target: str, css_name: str, theme: Theme, embed: bool) -> str:
    if target.startswith("data:"):
        return f'url("{target}")'
    name = (Path(css_name).parent / target).as_posix()
    name = re.sub(r"(^|/)[^/]+/\.\./", r"\1", name)  # css/../fonts/x.otf -> fonts/x.otf
    try:
        path = theme.find(name)
    except FileNotFoundError:
        message = f"url({target}) is not a file of the theme (looked for {name}); the brief may use only the theme's own files"
        raise ContentError([Problem(Loc(css_name), "url", message)]) from None
    if not embed:
        return f'url("{path.as_uri()}")'
    with contextlib.suppress(FileNotFoundError):  # a WOFF2 twin, if any: half the bytes
        path = theme.find(str(Path(name).with_suffix(".woff2")))
    kind = (
        FONT_TYPES.get(path.suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )
    return f'url("data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}")'


def render_email(
    context: dict[str, Any], *, theme: Theme, env: Environment | None = None
) -> tuple[str, str]:
    """The email summary: HTML with its CSS inlined into style attributes (mail
    clients drop <style>; @media rules stay for those that read them), and the
    plain-text alternative from the same context."""
    import css_inline

    env = env or make_env(theme)
    styles = Markup(theme.find("css/email.css").read_text(encoding="utf-8"))  # trusted: theme CSS
    with template_errors(theme):
        html = env.get_template("email.html").render(**context, stylesheet=styles)
        text = env.get_template("email.txt").render(**context)
    inliner = css_inline.CSSInliner(
        keep_at_rules=True, load_remote_stylesheets=False, resolve_css_variables=True
    )
    return inliner.inline(html), tidy_text(text)


def tidy_text(text: str) -> str:
    """Plain text as a person would type it: no trailing spaces, at most one blank line."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
