"""Templates: autoescape on, StrictUndefined, project overrides file by file."""

from __future__ import annotations

import base64
import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen import ContentError, load_project
from briefgen.context import make_context
from briefgen.render import make_env, render_brief
from briefgen.theme import Theme, default_theme_dir
from tests.conftest import REPO, edit


def page_of(project: Path, *, templates: Path | None = None, variant: str = "page") -> str:
    loaded = load_project(project / "content")
    loaded = dataclasses.replace(loaded, brief=dataclasses.replace(loaded.brief, charts=()))
    context = make_context(loaded, {}, edition="2026-W48")
    return render_brief(context, theme=Theme.for_project(templates), variant=variant)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def tags_of(html: str) -> list[str]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_content_text_never_becomes_markup(project: Path) -> None:
    doc = project / "content/documents/example-2026.yaml"
    edit(
        doc,
        'title: "Example source text, written for briefgen\'s project skeleton"',
        'title: "<script>alert(1)</script><img src=x onerror=alert(2)>"',
    )
    html = page_of(project)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "script" not in tags_of(html) and "img" not in tags_of(html)


def test_default_theme_is_the_repository_templates_folder_in_an_editable_install() -> None:
    assert default_theme_dir() in (REPO / "templates", REPO / "briefgen" / "templates")
    assert (default_theme_dir() / "css" / "print.css").is_file()


def test_project_template_overrides_one_file_and_keeps_the_rest(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text(
        "<footer>Made by the Trade Desk for {{ brief.organisation }}</footer>\n"
    )
    html = page_of(project, templates=project / "templates")
    assert "Made by the Trade Desk for My organisation" in html
    assert 'class="cover"' in html  # the other partials still come from the default theme


def test_an_override_can_extend_the_default_it_replaces(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/cover.html").write_text(
        '<p class="banner">Embargoed until Monday</p>\n{% include "default/partials/cover.html" %}\n'
    )
    html = page_of(project, templates=project / "templates")
    assert html.index("Embargoed until Monday") < html.index('class="cover"')


def test_undefined_variable_names_the_template_and_line(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text(
        "<footer>\n{{ brief.titel }}\n</footer>\n"
    )
    with pytest.raises(ContentError) as caught:
        page_of(project, templates=project / "templates")
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/partials/colophon.html") and problem.loc.line == 2
    assert "titel" in problem.message


def test_template_syntax_error_names_the_template_and_line(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text("<footer>\n{% if %}\n</footer>\n")
    with pytest.raises(ContentError) as caught:
        page_of(project, templates=project / "templates")
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("colophon.html") and problem.loc.line == 2


def test_unknown_extensions_are_escaped_and_txt_is_not(tmp_path: Path) -> None:
    (tmp_path / "note.j2").write_text("{{ text }}")
    (tmp_path / "note.txt").write_text("{{ text }}")
    env = make_env(Theme((tmp_path.resolve(), default_theme_dir())))
    assert env.get_template("note.j2").render(text="<b>") == "&lt;b&gt;"
    assert env.get_template("note.txt").render(text="<b>") == "<b>"


def test_page_embeds_fonts_and_print_links_them(project: Path) -> None:
    page = page_of(project)
    printable = page_of(project, variant="print")
    assert "data:font/woff2;base64," in page and "file://" not in page
    assert "file://" in printable and "@page" in printable


def test_a_stylesheet_asking_for_a_missing_file_says_it_is_missing_and_where(
    project: Path,
) -> None:
    (project / "templates/css").mkdir(parents=True)
    (project / "templates/css/screen.css").write_text(
        'body {\n  background: url("img/logo.png");\n}\n'
    )
    with pytest.raises(ContentError) as caught:
        page_of(project, templates=project / "templates")
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/css/screen.css") and problem.loc.line == 2
    assert problem.message == (
        "url(img/logo.png): css/img/logo.png is missing from the theme (asked for as 'img/logo.png')"
    )


HOSTILE = {
    "globals of a cycler": "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
    "a class's subclasses": "{{% for c in ''.__class__.__mro__[1].__subclasses__() %}}{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}{{% endfor %}}",
    "a format string": "{{{{ '{{0.__init__.__globals__}}'.format(cycler) }}}}{{{{ lipsum.__globals__['os'].system('touch {marker}') }}}}",
}


@pytest.mark.parametrize("attack", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_template_override_cannot_run_python_or_shell_commands(
    project: Path, tmp_path: Path, attack: str
) -> None:
    marker = tmp_path / "ran"
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/cover.html").write_text(
        '<header class="cover">\n' + attack.format(marker=marker) + "\n</header>\n"
    )
    with pytest.raises(ContentError) as caught:
        page_of(project, templates=project / "templates")
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/partials/cover.html") and problem.loc.line == 2
    assert "unsafe" in problem.message
    assert not marker.exists()


def test_a_template_cannot_change_the_values_it_is_given(project: Path) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text(
        "<footer>{{ takeaways.append('planted') }}{{ brief.update(title='forged') }}</footer>\n"
    )
    with pytest.raises(ContentError, match="unsafe"):
        page_of(project, templates=project / "templates")


def test_a_font_override_is_the_font_the_page_embeds(project: Path) -> None:
    own = (default_theme_dir() / "fonts/BriefgenSerif-Bold.ttf").read_bytes()  # any other font
    (project / "templates/fonts").mkdir(parents=True)
    (project / "templates/fonts/BriefgenSans-Regular.otf").write_bytes(own)
    page = page_of(project, templates=project / "templates")
    assert f"data:font/otf;base64,{base64.b64encode(own).decode()}" in page
    default = (default_theme_dir() / "fonts/BriefgenSans-Regular.woff2").read_bytes()
    assert base64.b64encode(default).decode() not in page  # not the default's WOFF2 twin


def test_a_template_that_includes_itself_is_one_problem_not_a_recursion_error(
    project: Path,
) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text(
        '<footer>\n{% include "partials/colophon.html" %}\n</footer>\n'
    )
    with pytest.raises(ContentError) as caught:
        page_of(project, templates=project / "templates")
    (problem,) = caught.value.problems
    assert problem.loc.file.endswith("templates/partials/colophon.html") and problem.loc.line == 2
    assert problem.message.startswith("includes itself")


def test_wordwrap_never_breaks_a_line_inside_a_figure() -> None:
    from briefgen.render import wrap_keeping_figures

    text = (
        "Investment came to $29 billion in the first half of 2023, about 3 million workers, "
        "over 30,000 researchers, at least €600 billion and up to 25% (Figure 2), "
        "forecast: $55,000–60,000 million a year."
    )
    for width in range(20, 60):
        lines = wrap_keeping_figures(text, width).splitlines()
        joined = "\n".join(lines)
        for figure in (
            "$29 billion",
            "about 3",
            "3 million",
            "over 30,000",
            "30,000 researchers",
            "at least €600",
            "€600 billion",
            "up to 25%",
            "Figure 2",
            "forecast: $55,000–60,000",
        ):
            assert figure in joined, (width, figure, lines)
        assert " ".join(lines) == text  # nothing lost, nothing added
        assert "\u00a0" not in joined


def test_the_plain_text_email_never_breaks_a_line_inside_a_figure(built) -> None:  # noqa: ANN001
    from briefgen.context import email_context

    text = (built.folder / "email.txt").read_text(encoding="utf-8")
    project = load_project(REPO / "content")
    context = email_context(project, {}, edition=built.edition)
    figures = [s.text for t in context["takeaways"] for s in t if s.is_figure]
    figures += [f["value"] for f in context["figures"]]
    lines = text.splitlines()
    for figure in figures:
        assert any(figure in line for line in lines), figure
    # Figures typed in the summaries' key points: a number and its scale word.
    for match in re.finditer(
        r"\$?\d[\d.,]*(?: (?:thousand|million|billion|trillion))", " ".join(text.split())
    ):
        assert any(match[0] in line for line in lines), match[0]
