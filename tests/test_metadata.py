"""What a text states about itself (title, author, date, language): only its own
header counts. Lines written for these tests."""

from __future__ import annotations

from briefgen.intake.metadata import stated_author, stated_date, stated_title, text_language


def header_of(*lines: str) -> list[str]:
    return list(lines)


def test_a_text_with_no_date_and_no_author_says_so() -> None:
    lines = header_of(
        "Nearshoring and the border economy", "", "Trade grew by 44% to $73.14 billion in 2022."
    )
    assert stated_author(lines).value is None and stated_date(lines).value is None
    assert stated_title(lines).value == "Nearshoring and the border economy"


def test_a_byline_and_a_dateline_with_their_lines() -> None:
    lines = header_of(
        "Five reasons", "", "Author: Carlos López-Gómez", "", "Cambridge, UK | July 2024"
    )
    assert (stated_author(lines).value, stated_author(lines).line) == ("Carlos López-Gómez", 3)
    assert (stated_date(lines).value, stated_date(lines).line) == ("2024-07", 5)


def test_a_byline_with_a_time_dates_the_text_but_a_site_header_date_does_not() -> None:
    byline = header_of(
        "Ports and power", "Ana Ruiz Monday, Mar 2, 2026 9:30 am ET", "Body text follows here."
    )
    assert stated_date(byline).value == "2026-03-02"
    site = header_of(
        "Wednesday, March 4, 2026", "", "Ports and power", "", "Mexico's ports moved more cargo."
    )
    assert stated_date(site).value is None
    assert stated_title(site).value == "Ports and power"


def test_a_data_period_is_not_the_publication_date() -> None:
    lines = header_of(
        "Exports in the year so far",
        "From January to September 2025 exports to the United States rose 4.1%, and the ministry said the pace held.",
    )
    assert stated_date(lines).value is None
    spanish = header_of(
        "En julio de 2025, las plantas IMMEX contrataron a 3 mil personas más, según el instituto."
    )
    assert stated_date(spanish).value is None and stated_title(spanish).value is None


def test_a_date_stamp_dates_the_text() -> None:
    assert (
        stated_date([" date 2026-02-11 Monterrey.– Las ventas crecieron 2% en enero."]).value
        == "2026-02-11"
    )
    assert stated_date(["Publicado el 2026-02"]).value == "2026-02"


def test_the_author_of_a_study_the_text_reports_is_not_its_author() -> None:
    lines = header_of(
        "Remittances hold up",
        "",
        "A study by Laura Méndez and Tom Hart finds that remittances rose 5% as wages climbed in the north of the country last year.",
        "Por Estados Unidos pasó el 80% del comercio.",
    )
    assert stated_author(lines).value is None
    headline = header_of("Nearshoring pays off in the north by Laura Méndez, chief economist")
    assert stated_author(headline).value == "Laura Méndez"
    assert stated_title(headline).value == "Nearshoring pays off in the north"


def test_a_cut_off_sentence_or_a_label_is_not_a_title() -> None:
    assert stated_title(["Some more figures on the trade between the two countries:"]).value is None
    assert stated_title(["Watch Now", "", "Laredo keeps the lead among land ports", ""]).value == (
        "Laredo keeps the lead among land ports"
    )
    assert stated_title(["China ya no es el primer socio comercial de EE.UU."]).value == (
        "China ya no es el primer socio comercial de EE.UU."
    )
    assert (
        stated_title(["# A Markdown heading for a note", "", "Text."]).value
        == "A Markdown heading for a note"
    )


def test_the_language_is_the_prose_s_not_the_site_s() -> None:
    banner = (
        "Lunes 21 de abril: Reunión | Martes 22 de abril: Indicadores | Jueves 24 de abril: Precios"
    )
    english = "The ministry said that exports of cars to the United States rose in the first half of the year."
    assert text_language(f"{banner}\n\n{english}\n") == "en"
    assert (
        text_language(
            "Las exportaciones de autos a Estados Unidos crecieron en el primer semestre del año.\n"
        )
        == "es"
    )
