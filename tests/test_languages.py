"""Briefs in several languages: editor text as {en: ..., es: ...}, the theme's
catalogs, the language in the HTML and the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import ContentError
from briefgen.render import make_env
from briefgen.theme import Theme
from briefgen.variants import check_brief
from tests.conftest import edit

SPANISH = """\
language: es
locale: es-MX
title: Mi boletín semanal
subtitle: Lo que sigue el boletín, en pocas palabras
takeaways:
  - Las exportaciones de componentes electrónicos llegaron a {example-exports-value} en 2025.
headline_figures:
  - indicator: example-exports-growth
    label: de crecimiento de las exportaciones de componentes electrónicos
charts:
  - id: example-exports
    kind: bar
    title: Exportaciones de componentes electrónicos (ejemplo)
    items:
      - label: "2025"
        indicator: example-exports-value
"""

ENGLISH_SUMMARY = (
    "A placeholder summary written for these tests in our own words: it says what the "
    "example document is, that its made-up survey of firms puts exports of electronic "
    "components at a round figure for 2025 and their growth over the year before, and "
    "that a real summary would weigh that evidence. " * 2
)
SPANISH_SUMMARY = (
    "Un resumen de prueba escrito para estas pruebas con palabras propias: dice qué es "
    "el documento de ejemplo, que su encuesta inventada a empresas da una cifra redonda "
    "de exportaciones de componentes electrónicos para 2025 y su crecimiento frente al "
    "año anterior, y que un resumen real sopesaría esa evidencia. " * 2
)


def summary_in_two_languages(content: Path, *, spanish: bool = True) -> Path:
    """The example summary's text as {en: ..., es: ...} (es left out when not `spanish`)."""
    doc = content / "documents" / "example-2026.yaml"
    text = doc.read_text(encoding="utf-8")
    head = text[: text.index("summary: >-")]
    if spanish:  # the tags readers see under the card, in the brief's language too
        head = head.replace(
            "topics: [example, trade]", "topics:\n  en: [example, trade]\n  es: [ejemplo, comercio]"
        )
    tail = text[text.index("# The source text as it was") :]
    es = lambda value: f"\n    es: {value!r}" if spanish else ""  # noqa: E731
    body = (
        f"summary:\n  en: {ENGLISH_SUMMARY.strip()!r}\n" + (f"  es: {SPANISH_SUMMARY.strip()!r}\n" if spanish else "")
        + "key_points:\n"
        + "".join(f"  - en: {e!r}{es(s)}\n" for e, s in [
            ("The example's figures are made up for the skeleton.", "Las cifras del ejemplo son inventadas."),
            ("Exports grew by 12.5% in the example.", "Las exportaciones crecieron 12.5 % en el ejemplo."),
            ("Each point is one sentence.", "Cada punto es una sola oración.")])
        + "implications:\n  en: 'What it means for readers.'\n" + ("  es: 'Lo que significa para los lectores.'\n" if spanish else "")
        + "reliability:\n  en: 'Made up: trust it not at all.'\n" + ("  es: 'Inventado: no merece ninguna confianza.'\n" if spanish else "")
    )  # fmt: skip
    doc.write_text(head + body + tail, encoding="utf-8")
    return doc


def spanish_project(project: Path, *, label: bool = True, summary: bool = True) -> Path:
    content = project / "content"
    (content / "briefs").mkdir()
    (content / "briefs" / "es.yaml").write_text(SPANISH, encoding="utf-8")
    summary_in_two_languages(content, spanish=summary)
    table = content / "indicators.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    labels = ["label_es", "Crecimiento de las exportaciones (ejemplo)" if label else "",
              "Exportaciones de componentes electrónicos (ejemplo)"]  # fmt: skip
    notes = ["note_es", "Cifra inventada: sustitúyala", "Cifra inventada: sustitúyala"]
    # "Example country" is no place CLDR names, so it needs its Spanish too.
    places = ["geography_es", "País de ejemplo", "País de ejemplo"]
    rows = [
        f"{line},{la},{no},{pl}"
        for line, la, no, pl in zip(lines, labels, notes, places, strict=True)
    ]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return content


def problems_of(content: Path, variant: str | None) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_brief(content, variant)
    return [str(p).replace(f"{content.parent}/", "") for p in caught.value.problems]


def test_each_brief_reads_its_own_language(project: Path) -> None:
    content = spanish_project(project)
    spanish = check_brief(content, "es").project
    english = check_brief(content, None).project
    assert spanish.brief.title == "Mi boletín semanal" and spanish.brief.locale == "es-MX"
    assert spanish.documents[0].summary == SPANISH_SUMMARY.strip()
    assert english.documents[0].summary == ENGLISH_SUMMARY.strip()
    assert spanish.documents[0].key_points[1] == "Las exportaciones crecieron 12.5 % en el ejemplo."
    assert spanish.documents[0].language == "en"  # the source's language stays its own field
    labels = {i.id: (i.label, i.note) for i in spanish.indicators}
    assert labels["example-exports-value"] == ("Exportaciones de componentes electrónicos (ejemplo)",
                                               "Cifra inventada: sustitúyala")  # fmt: skip
    assert (
        english.indicator("example-exports-value").label
        == "Exports of electronic components (example)"
    )
    assert (
        english.indicator("example-exports-value").value
        == spanish.indicator("example-exports-value").value
    )


def test_text_lacking_the_briefs_language_names_file_line_and_field(project: Path) -> None:
    content = spanish_project(project, summary=False)
    found = problems_of(content, "es")
    assert (
        "content/documents/example-2026.yaml:13: summary: has no Spanish text (es:); it is written in English"
        in found
    )
    assert any(
        p.startswith("content/documents/example-2026.yaml:16: key_points[0]: has no Spanish text")
        for p in found
    )
    assert check_brief(content, None).project.documents  # the English brief is unaffected


def test_plain_text_of_brief_yaml_is_english_only_for_a_spanish_brief(project: Path) -> None:
    content = spanish_project(project)
    edit(
        content / "briefs" / "es.yaml", "subtitle: Lo que sigue el boletín, en pocas palabras\n", ""
    )
    (found,) = problems_of(content, "es")
    assert found.startswith("content/brief.yaml:3: subtitle: is written in English only")
    edit(content / "brief.yaml", "subtitle: Replace this with what the brief follows",
         "subtitle: {en: Replace this with what the brief follows, es: Lo que sigue el boletín}")  # fmt: skip
    assert check_brief(content, "es").project.brief.subtitle == "Lo que sigue el boletín"
    assert (
        check_brief(content, None).project.brief.subtitle
        == "Replace this with what the brief follows"
    )


def test_a_place_cldr_names_needs_no_column_and_one_it_does_not_does() -> None:
    from briefgen.languages import territory

    assert [territory(p, "es") for p in ("Mexico", "United States", "World", "OECD")] == [
        "México", "Estados Unidos", "Mundo", ""
    ]  # fmt: skip


def test_a_figure_without_its_spanish_label_is_an_error(project: Path) -> None:
    content = spanish_project(project, label=False)
    (found,) = problems_of(content, "es")
    assert found.startswith(
        "content/indicators.csv:2: label_es: example-exports-growth has no Spanish label"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [("locale: fr-FR", "'fr-FR' is not a locale briefgen ships (expected one of en-GB, en-US, es-ES, es-MX)"),
     ("locale: en-GB", "'en-GB' is not a locale of the brief's language 'es'")],
)  # fmt: skip
def test_the_locale_is_one_babel_knows_of_the_briefs_language(
    project: Path, line: str, message: str
) -> None:
    content = spanish_project(project)
    edit(content / "briefs" / "es.yaml", "locale: es-MX", line)
    assert problems_of(content, "es") == [f"content/briefs/es.yaml:2: locale: {message}"]


def test_theme_strings_come_from_the_catalog_of_the_briefs_language(tmp_path: Path) -> None:
    theme = tmp_path / "templates"
    (theme / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (theme / "locale" / "es" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Key takeaways"\nmsgstr "Conclusiones clave"\n', encoding="utf-8")  # fmt: skip
    (theme / "probe.html").write_text(
        "{{ _('Key takeaways') }}|{% trans %}Key takeaways{% endtrans %}|{{ _('Sources') }}"
        "|{{ _('A probe no catalog holds') }}"
    )
    shown = {language: make_env(Theme.for_project(theme), language).get_template("probe.html").render()
             for language in ("es", "es-MX", "en")}  # fmt: skip
    # The project's catalog first; the default theme's (its python.po) fills the rest.
    assert shown == {"es": "Conclusiones clave|Conclusiones clave|Fuentes|A probe no catalog holds",
                     "es-MX": "Conclusiones clave|Conclusiones clave|Fuentes|A probe no catalog holds",
                     "en": "Key takeaways|Key takeaways|Sources|A probe no catalog holds"}  # fmt: skip


def test_a_broken_catalog_names_its_file_and_line(tmp_path: Path) -> None:
    theme = tmp_path / "templates"
    (theme / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (theme / "locale" / "es" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid "a"\nnot a keyword\n'
    )
    with pytest.raises(ContentError) as caught:
        make_env(Theme.for_project(theme), "es")
    assert "messages.po" in str(caught.value.problems[0])


def test_the_shipped_spanish_brief_is_spanish_in_html_and_pdf(shipped: Path) -> None:
    import io

    import pypdf

    from briefgen import build

    result = build(shipped / "content", out=shipped / "output", edition="2026-W48", variant="es")
    html = (result.folder / "brief.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "Boletín de Comercio y Tecnología" in html
    pdf = pypdf.PdfReader(io.BytesIO((result.folder / "brief.pdf").read_bytes()))
    assert pdf.trailer["/Root"]["/Lang"] == "es"
    assert pdf.metadata.title.startswith("Boletín de Comercio y Tecnología México–Estados Unidos")
    text = " ".join("".join(page.extract_text() for page in pdf.pages).split())  # lines joined
    assert "Nota breve de datos de México" in text and "A short data note" not in text
    assert "Importaciones de bienes de Estados Unidos desde México" in text


def test_a_figure_in_the_spanish_prose_is_checked_against_the_table(project: Path) -> None:
    content = spanish_project(project)
    doc = content / "documents" / "example-2026.yaml"
    assert check_brief(content, "es").warnings == ()  # 12.5 % is the table's figure
    doc.write_text(doc.read_text(encoding="utf-8").replace("crecieron 12.5 %", "crecieron 13.5 %"))
    (found,) = [str(w) for w in check_brief(content, "es").warnings]
    assert "key_points[1]" in found and "'13.5'" in found
