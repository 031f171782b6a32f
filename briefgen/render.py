"""The Jinja environment, template lookup, and the context -> HTML step (page and print)."""

from __future__ import annotations

import base64
import contextlib
import mimetypes
import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from briefgen.content import display_path
from briefgen.errors import ContentError, Loc, Problem
from briefgen.resources import (
    CSS_URL_RE,
    FONT_TYPES,
    Attached,
    Unusable,
    embed_resources,
    theme_file,
)
from briefgen.theme import Theme, inside, read_theme_file
from briefgen.translations import translations_for

STYLESHEETS = {
    "page": ("css/fonts.css", "css/brief.css", "css/screen.css"),
    "print": ("css/fonts.css", "css/brief.css", "css/print.css"),
}


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


def make_env(theme: Theme, language: str = "en") -> ImmutableSandboxedEnvironment:
    """Project templates first, then the default theme; 'default/...' always names
    the default theme, so an override can extend the very file it replaces.

    Templates are semi-trusted: themes are shared between teams and run unattended
    from cron, so they render in Jinja's sandbox: no attribute starting with '_', no
    call that changes a list or a dict, no way to Python's modules, files or shell."""
    own = [ThemeLoader(folder) for folder in theme.folders]
    default = ThemeLoader(theme.folders[-1])
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([*own, PrefixLoader({"default": default})]),
        # Content is untrusted: escape everything but plain-text templates, and an
        # unknown extension (.j2) is escaped too rather than silently raw.
        autoescape=select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
        # {% trans %} and _() in the theme: its strings in the brief's language
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations_for(theme, language), newstyle=True)
    env.filters["wordwrap"] = wrap_keeping_figures  # email.txt, and any theme's text
    return env


class ThemeLoader(BaseLoader):
    """The templates of one theme folder. A template that leads out of the folder
    (a link to /etc/passwd named like a partial) is refused by name, never read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = inside(self.folder, self.folder.joinpath(*split_template_path(template)))
        if path is None:
            raise TemplateNotFound(template)
        source = decode_template(path, read_theme_file(self.folder, path, "template"))
        mtime = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == mtime


def decode_template(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(
            [Problem(Loc(display_path(path)), "", "not UTF-8 text: save it as UTF-8")]
        ) from None


def render_brief(
    context: dict[str, Any], *, theme: Theme, variant: str, env: Environment | None = None
) -> str:
    """The brief as HTML: 'page' is the self-contained web page, 'print' feeds the PDF.
    A build passes one `env` to all its renders, so each template is compiled once."""
    env = env or make_env(theme, context["brief"]["language"])
    styles = stylesheet(theme, STYLESHEETS[variant], embed=variant == "page")
    with template_errors(theme):
        html = env.get_template("brief.html").render(**context, variant=variant, stylesheet=styles)
    return embed_resources(html, theme, mode=variant)[0]


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
    except RecursionError:
        message = "includes itself, or templates include or extend each other, without end"
        raise ContentError([template_problem(message, theme)]) from None


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
    parts, problems = [], []
    for name in names:
        path = theme.find(name)
        css = decode_template(path, theme.read(path, kind="template"))

        def replace(
            match: re.Match[str], css: str = css, path: Path = path, name: str = name
        ) -> str:
            try:
                return css_url(match[2], name, theme, embed)
            except Unusable as err:
                where = Loc(display_path(path), css.count("\n", 0, match.start()) + 1)
                problems.append(Problem(where, "url", f"url({match[2]}): {err}"))
                return match[0]

        parts.append(CSS_URL_RE.sub(replace, css))
    if problems:
        raise ContentError(problems)
    # Trusted: CSS files are part of the theme, written by the project's owner.
    return Markup("\n".join(parts))


def css_url(target: str, css_name: str, theme: Theme, embed: bool) -> str:
    """A url() of a theme stylesheet: embedded, or the address of the theme file.
    Raises Unusable when it names no file of the theme."""
    if target.startswith("data:"):
        return f'url("{target}")'
    path = theme_file(target, theme, base=posixpath.dirname(css_name))
    if not embed:
        return f'url("{path.as_uri()}")'
    # A WOFF2 twin beside the very file found, if any: half the bytes. (Looked up
    # by name, a default theme's twin would stand in for the project's own font.)
    twin = path.with_suffix(".woff2")
    folder = next(f for f in theme.folders if path.is_relative_to(f))
    if twin != path and inside(folder, twin) is not None:
        path = twin
    kind = (
        FONT_TYPES.get(path.suffix)
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )
    return f'url("data:{kind};base64,{base64.b64encode(theme.read(path)).decode()}")'


def render_email(
    context: dict[str, Any], *, theme: Theme, env: Environment | None = None
) -> tuple[str, str, tuple[Attached, ...]]:
    """The email summary: HTML with its CSS inlined into style attributes (mail
    clients drop <style>; @media rules stay for those that read them), the
    plain-text alternative from the same context, and the theme's images it shows
    (carried by the message, never fetched from a server)."""
    import css_inline

    env = env or make_env(theme, context["brief"]["language"])
    styles = stylesheet(theme, ("css/email.css",), embed=False)
    with template_errors(theme):
        html = env.get_template("email.html").render(**context, stylesheet=styles)
        text = env.get_template("email.txt").render(**context)
    inliner = css_inline.CSSInliner(
        keep_at_rules=True, load_remote_stylesheets=False, resolve_css_variables=True
    )
    # After inlining: a stylesheet's url() is then in a style attribute, and is
    # attached to the message too. Remote images (tracking pixels) are refused.
    html, images = embed_resources(inliner.inline(html), theme, mode="email")
    return html, tidy_text(text), images


# Plain text never breaks inside a figure: after a number ("$29 billion", "30,000
# researchers"), between a qualifier and its number ("about 25%", "at least €600"),
# or inside a reference to a chart ("Figure 2").
QUALIFIERS = frozenset(
    {"about", "over", "under", "nearly", "least", "to", "from", "forecast:", "scenario:"}
)
NUMBER_START_RE = re.compile(r"[~<>≤≥]?[$€£]?\d")
NO_BREAK = "\u00a0"


def keeps_together(before: str, after: str) -> bool:
    before = before.lstrip("([“‘\"'")  # "(Figure 2)", "(about 25%)"
    if after.startswith(("(forecast)", "(scenario)")):  # "$55–60 billion (scenario)"
        return True
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
