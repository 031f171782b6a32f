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


def make_env(theme: Theme) -> Environment:
    """Project templates first, then the default theme; 'default/...' always names
    the default theme, so an override can extend the very file it replaces."""
    own = [FileSystemLoader(folder) for folder in theme.folders]
    default = FileSystemLoader(theme.folders[-1])
    env = Environment(
        loader=ChoiceLoader([*own, PrefixLoader({"default": default})]),
        # Content is untrusted: escape everything but plain-text templates, and an
        # unknown extension (.j2) is escaped too rather than silently raw.
        autoescape=select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["wordwrap"] = wrap_keeping_figures  # email.txt, and any theme's text
    return env


def render_brief(context: dict[str, Any], *, theme: Theme, variant: str) -> str:
    """The brief as HTML: 'page' is the self-contained web page, 'print' feeds the PDF."""
    env = make_env(theme)
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


def render_email(context: dict[str, Any], *, theme: Theme) -> tuple[str, str]:
    """The email summary: HTML with its CSS inlined into style attributes (mail
    clients drop <style>; @media rules stay for those that read them), and the
    plain-text alternative from the same context."""
    import css_inline

    env = make_env(theme)
    styles = Markup(theme.find("css/email.css").read_text(encoding="utf-8"))  # trusted: theme CSS
    with template_errors(theme):
        html = env.get_template("email.html").render(**context, stylesheet=styles)
        text = env.get_template("email.txt").render(**context)
    inliner = css_inline.CSSInliner(
        keep_at_rules=True, load_remote_stylesheets=False, resolve_css_variables=True
    )
    return inliner.inline(html), tidy_text(text)


# Plain text never breaks inside a figure: after a number ("$29 billion", "30,000
# researchers"), between a qualifier and its number ("about 25%", "at least €600"),
# or inside a reference to a chart ("Figure 2").
QUALIFIERS = frozenset({"about", "over", "under", "nearly", "least", "to", "from", "forecast:"})
NUMBER_START_RE = re.compile(r"[~<>≤≥]?[$€£]?\d")
NO_BREAK = "\u00a0"


def keeps_together(before: str, after: str) -> bool:
    before = before.lstrip("([“‘\"'")  # "(Figure 2)", "(about 25%)"
    if re.search(r"\d%?$", before):
        return True
    if before in ("at", "up"):
        return after in ("least", "to")
    if before in ("Figure", "FIGURE"):
        return after[:1].isdigit()
    return before in QUALIFIERS and NUMBER_START_RE.match(after) is not None


def glue_figures(line: str) -> str:
    words = line.split(" ")
    glued = words[:1]
    for before, after in zip(words, words[1:], strict=False):
        glued.append(
            (NO_BREAK if before and after and keeps_together(before, after) else " ") + after
        )
    return "".join(glued)


def wrap_keeping_figures(
    text: str,
    width: int = 79,
    break_long_words: bool = True,  # Jinja's signature; words are never broken here
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Jinja's wordwrap, but a line never breaks inside a figure ("$29 / billion"),
    nor inside a word or an address longer than the line."""
    import textwrap

    wrapper = textwrap.TextWrapper(
        width=width,
        expand_tabs=False,
        replace_whitespace=False,
        break_long_words=False,
        break_on_hyphens=break_on_hyphens,
    )
    lines = str(text).replace(NO_BREAK, " ").splitlines()
    wrapped = (wrapstring or "\n").join(
        (wrapstring or "\n").join(wrapper.wrap(glue_figures(line))) for line in lines
    )
    return wrapped.replace(NO_BREAK, " ")


def tidy_text(text: str) -> str:
    """Plain text as a person would type it: no trailing spaces, at most one blank line."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
