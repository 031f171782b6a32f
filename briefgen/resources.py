"""The files a rendered brief or email asks for: only the theme's own, embedded.

Templates are semi-trusted (themes are shared between teams), so every address
the HTML loads (an <img>, a srcset, a <link>, a url() in a <style> block or a
style attribute) must name a file of the theme. The page gets the file as a
data: URI (it is self-contained), the print HTML as the file's address (which
the PDF fetcher serves, and nothing else), the email as an image attached to the
message (cid:). A remote address (a tracking pixel, say) or a file the theme
does not have stops the build, naming the template line that asks for it.
"""

from __future__ import annotations

import base64
import hashlib
import html as markup
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from briefgen.content import display_path
from briefgen.errors import ContentError, Loc, Problem
from briefgen.theme import Theme, inside

TAG_RE = re.compile(r"<([a-zA-Z][^\s/>]*)(\s[^<>]*)?>")
ATTRIBUTE_RE = re.compile(r"""([^\s=/>"']+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
STYLE_BLOCK_RE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")
IMPORT_RE = re.compile(r"@import\b", re.I)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
LOADS = {"src", "srcset", "poster", "background", "data", "lowsrc"}  # attributes that fetch
LINKS = {"link", "image", "use", "feimage", "script", "base", "iframe", "embed"}  # href fetches
TEMPLATE_SUFFIXES = {".html", ".htm", ".txt", ".css", ".svg", ".xml", ".j2", ".jinja"}
FONT_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2"}


class Unusable(Exception):
    """An address that names no file of the theme; the message says why."""


@dataclass(frozen=True, slots=True)
class Attached:
    """A theme image the email carries as a part of its own, shown as cid:<cid>."""

    cid: str
    data: bytes
    filename: str
    subtype: str  # image/<subtype>


def theme_file(address: str, theme: Theme, *, base: str = "") -> Path:
    """The theme file an address names: a name inside the theme (relative to `base`,
    the folder of the stylesheet that holds it) or a file: address of a theme file.
    Raises Unusable for a remote or outside address or a missing file, and
    ContentError for a file that leads out of its theme folder."""
    if address.startswith("file:"):
        path = Path(url2pathname(urlsplit(address).path))
        folder = next((f for f in theme.folders if path.resolve().is_relative_to(f)), None)
        if folder is None:
            raise Unusable(f"refused {address}: not a file of the theme")
        found = inside(folder, path)
        if found is None:
            raise Unusable(f"{path} is missing from the theme")
        return found
    if SCHEME_RE.match(address) or address.startswith("//"):
        raise Unusable(
            f"refused {address}: only files of the theme may be shown, embedded (a remote "
            "address is fetched each time it is opened, and can tell its owner who reads it)"
        )
    name = posixpath.normpath(posixpath.join(base, unquote(urlsplit(address).path).lstrip("/")))
    if name == ".." or name.startswith("../"):
        raise Unusable(f"refused {address}: not a file of the theme")
    try:
        return theme.find(name)
    except FileNotFoundError:
        raise Unusable(f"{name} is missing from the theme (asked for as {address!r})") from None


def named_at(text: str, theme: Theme) -> Loc:
    """The first template or stylesheet line of the theme that holds `text`: where
    an address came from (the project's own files first)."""
    for folder in theme.folders:
        for path in theme.files(folder):
            if path.suffix not in TEMPLATE_SUFFIXES:
                continue
            source = theme.read(path, kind="template").decode("utf-8", "replace")
            if text in source:
                line = source.count("\n", 0, source.index(text)) + 1
                return Loc(display_path(path), line)
    return Loc(display_path(theme.folders[0]))


@dataclass(slots=True)
class Resolver:
    """Rewrites the addresses of one HTML document; collects every problem."""

    theme: Theme
    mode: str  # "page", "print" or "email"
    problems: list[Problem] = field(default_factory=list)
    attached: dict[str, Attached] = field(default_factory=dict)

    def url(self, raw: str) -> str:
        address = raw.strip()
        if not address or address.startswith(("#", "data:")):
            return raw
        if address.startswith("cid:") and self.mode == "email":
            return raw  # the charts, attached by the build
        try:
            return self.reference(theme_file(address, self.theme))
        except Unusable as err:
            self.problems.append(Problem(named_at(raw, self.theme), "url", str(err)))
        except ContentError as err:
            self.problems += err.problems
        return raw

    def reference(self, path: Path) -> str:
        if self.mode == "print":
            return path.as_uri()
        data = self.theme.read(path)
        kind = FONT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or ""
        if self.mode == "page":
            return f"data:{kind or 'application/octet-stream'};base64,{base64.b64encode(data).decode()}"
        if not kind.startswith("image/"):
            raise Unusable(f"{path.name} is not an image: an email can carry only images")
        cid = f"theme-{hashlib.sha256(data).hexdigest()[:16]}@briefgen"
        self.attached[cid] = Attached(cid, data, path.name, kind.removeprefix("image/"))
        return f"cid:{cid}"

    def css(self, css: str) -> str:
        if IMPORT_RE.search(css):
            message = "refused @import: put the rules in a stylesheet of the theme (css/)"
            self.problems.append(Problem(named_at("@import", self.theme), "url", message))

        def replace(match: re.Match[str]) -> str:
            new = self.url(match[2])
            return match[0] if new == match[2] else f'url("{new}")'

        return CSS_URL_RE.sub(replace, css)

    def srcset(self, value: str) -> str:
        candidates = [c.strip().split(None, 1) for c in value.split(",") if c.strip()]
        return ", ".join(" ".join([self.url(c[0]), *c[1:]]) for c in candidates)

    def tag(self, match: re.Match[str]) -> str:
        name, body = match[1].lower(), match[2] or ""
        return f"<{match[1]}{ATTRIBUTE_RE.sub(lambda m: self.attribute(name, m), body)}>"

    def attribute(self, tag: str, match: re.Match[str]) -> str:
        key = match[1].lower()
        value = next((v for v in match.groups()[2:] if v is not None), None)
        if value is None:
            return match[0]
        text = markup.unescape(value)
        if key in LOADS or (key in ("href", "xlink:href") and tag in LINKS):
            new = self.srcset(text) if key == "srcset" else self.url(text)
        elif key == "style":
            new = self.css(text)
        else:
            return match[0]
        return match[0] if new == text else f'{match[1]}="{markup.escape(new)}"'


def embed_resources(html: str, theme: Theme, *, mode: str) -> tuple[str, tuple[Attached, ...]]:
    """The HTML with every address it loads made to name a file of the theme, for
    `mode` ("page", "print" or "email"), and the images an email must carry.
    Raises ContentError listing every address that is remote or names no file of
    the theme, each with the template line that asks for it."""
    resolver = Resolver(theme, mode)
    html = STYLE_BLOCK_RE.sub(lambda m: m[1] + resolver.css(m[2]) + m[3], html)
    html = TAG_RE.sub(resolver.tag, html)
    if resolver.problems:
        raise ContentError(list(dict.fromkeys(resolver.problems)))
    return html, tuple(resolver.attached.values())
