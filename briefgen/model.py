"""The brief as plain data: frozen dataclasses passed from stage to stage (no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from briefgen.errors import Loc
from briefgen.periods import interval

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

SCALES = {
    "1": Decimal(1),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}

CHART_KINDS = ("bar", "barh", "line", "paired")
CHART_AXES = ("shared", "separate")
SECTIONS = (
    "takeaways",
    "changes",
    "headline_figures",
    "charts",
    "documents",
    "indicators",
    "sources",
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as the source states it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def display(self) -> str:
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


@dataclass(frozen=True, slots=True)
class Period:
    """What an indicator's period says: 2020, 2023-H1, 2024-07, 2005/2019 ..."""

    text: str
    start_year: int
    end_year: int

    def display(self) -> str:
        from briefgen.numbers.writing import period_words  # Babel, only when shown

        return period_words(self.text)

    def end(self) -> dt.date:
        """The last day the period covers: 2020 -> 31 Dec 2020, 2023-H1 -> 30 Jun 2023."""
        return interval(self.text)[1]


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    label: str
    value: Decimal  # exactly as the source prints it; float only inside charts.py
    unit: str
    scale: str  # a key of SCALES
    qualifiers: tuple[str, ...]  # ("forecast", "about"); () for exact
    period: Period | None  # None when the source states none
    geography: str
    document: str  # id of the Document that states it
    locator: int  # 1-based line in that document's source text
    unit_locator: int | None  # the line that states the unit or scale, when the cited one does not
    anchor: str | None  # words that stand with the figure, to tell it from a neighbour
    attributed_to: str | None
    note: str | None
    historical: bool  # marked as an old figure on purpose: shown as such, never "stale"
    loc: Loc  # the CSV row (a derived figure's: its entry in the dataset's YAML)
    derived: Derived | None = None  # a figure computed from a dataset's series, not stated
    # Its label and note in other languages: (("label_es", "..."), ("note_es", "...")).
    translations: tuple[tuple[str, str], ...] = ()

    def is_stale(self, edition_monday: dt.date, years: int) -> bool:
        """Its period ended more than `years` before the edition's week (never today:
        the same edition gives the same answer on any day)."""
        if self.period is None or self.historical:
            return False
        cutoff = edition_monday.replace(
            year=edition_monday.year - years, day=min(edition_monday.day, 28)
        )
        return self.period.end() < cutoff

    @property
    def normalised(self) -> Decimal:
        """The value in units (a billion dollars as 1e9), for charts and comparisons."""
        return self.value * SCALES[self.scale]


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    publisher: str | None
    authors: tuple[str, ...]
    published: PartialDate | None  # None: the source states no date ("n.d.")
    url: str | None
    accessed: PartialDate | None
    source_file: str
    language: str
    document_type: str
    topics: tuple[str, ...]
    summary: str
    key_points: tuple[str, ...]
    indicators: tuple[str, ...] | None  # schema 1's list of its figures; None: not listed
    implications: str
    reliability: str
    citation_note: str | None
    cite_as: str | None
    source_sha256: str | None  # the source text as it was when the summary was written
    number_style: str | None  # decimal-point or decimal-comma; None: detected from the text
    currency: str | None  # what a bare "$" means in the text; None: USD
    original_file: str | None  # the PDF or web page the text was extracted from
    original_sha256: str | None  # that file as it was when its text was extracted
    loc: Loc
    field_lines: dict[str, int]  # "summary" -> 14, "indicators[2]" -> 23: for messages

    def prose(self) -> Iterator[tuple[str, str]]:
        """The text we wrote about the document, field by field."""
        yield "summary", self.summary
        for index, point in enumerate(self.key_points):
            yield f"key_points[{index}]", point
        yield "implications", self.implications
        yield "reliability", self.reliability

    def line_of(self, field: str) -> int | None:
        """The line of a field ("key_points[2]"), or of its list, in the YAML file."""
        return self.field_lines.get(field) or self.field_lines.get(field.split("[")[0])


@dataclass(frozen=True, slots=True)
class Draft:
    """A summary still marked `status: draft`: left out of the brief, but its figures
    are checked against its source text like any other."""

    id: str
    source_file: str
    source_sha256: str | None
    language: str
    number_style: str | None
    currency: str | None
    original_file: str | None
    original_sha256: str | None
    loc: Loc
    field_lines: dict[str, int]

    def line_of(self, field: str) -> int | None:
        return self.field_lines.get(field) or self.field_lines.get(field.split("[")[0])


@dataclass(frozen=True, slots=True)
class ChartItem:
    """One bar, point or group: one indicator, a range (low, high), or one per series."""

    label: str | None
    indicators: tuple[str, ...]
    loc: Loc
    group: str | None = None  # a data series' label: a line chart draws one line per group


@dataclass(frozen=True, slots=True)
class ChartData:
    """A chart of a dataset's series over time, instead of items named one by one."""

    dataset: str
    series: tuple[str, ...]  # the series drawn, one line (or set of bars) each
    start: str | None  # the first period shown; None: all
    annotate: tuple[str, ...]  # stated figures marked on the chart at their period


@dataclass(frozen=True, slots=True)
class ChartSpec:
    id: str
    kind: str  # one of CHART_KINDS
    title: str
    items: tuple[ChartItem, ...]
    series: tuple[str, ...]  # paired charts: the names of the compared series
    value_label: str | None  # what the value axis measures, when the unit alone does not say
    note: str | None
    loc: Loc
    place: str | None = None  # a section id or a document id; None: the charts gallery
    axes: str = "shared"  # "separate": each item of a paired chart on its own value axis
    data: ChartData | None = None  # a chart of data series: its items are their observations


@dataclass(frozen=True, slots=True)
class DrawnChart:
    """One chart, drawn twice: across the page, and for a phone's narrow column."""

    svg: str  # inline SVG for the PDF and wide screens
    narrow_svg: str  # inline SVG for phones: bars run across, text larger for its width
    png: bytes | None  # the narrow chart as a 2x PNG for the email, when asked for


@dataclass(frozen=True, slots=True)
class Takeaway:
    text: str  # may hold {indicator-id} placeholders
    loc: Loc


@dataclass(frozen=True, slots=True)
class HeadlineFigure:
    indicator: str
    label: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """brief.yaml's `email:`: who sends the summary, with what subject, to whom.
    SMTP connection settings never live here: they come from the environment."""

    sender: str  # "Desk <desk@example.org>"
    subject: str  # may hold {edition}
    recipients: tuple[str, ...]
    recipients_file: Path | None  # one address a line, kept out of git
    list_unsubscribe: str | None  # the List-Unsubscribe header's value
    pdf_url: str | None  # where readers find the full PDF when it is not attached
    attach_pdf: bool  # send the PDF with every message (and say so in it)
    charts: tuple[str, ...]  # chart ids shown in the email
    loc: Loc


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    subtitle: str | None
    organisation: str
    language: str
    keywords: tuple[str, ...]
    takeaways: tuple[Takeaway, ...]
    headline_figures: tuple[HeadlineFigure, ...]
    charts: tuple[ChartSpec, ...]
    sections: tuple[str, ...]
    sources: Path | None  # folder of source texts, resolved; None when not set
    email: EmailSettings | None
    stale_after_years: int  # an indicator whose period ended longer ago is flagged
    timezone: str  # where "this week" is reckoned for `briefgen publish`
    loc: Loc
    schema: int = 1  # the content model brief.yaml says the content is written for
    locale: str = "en-US"  # CLDR name (es-MX): how numbers, currencies and dates read
    lead: Takeaway | None = None  # the editor's opening: a few sentences, may hold placeholders
    intros: tuple[tuple[str, Takeaway], ...] = ()  # (section id, its intro), in brief.yaml's order
    editors: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    contact: str | None = None  # where readers write: an address, a web page or a sentence
    disclaimer: str | None = None
    field_lines: dict[str, int] = field(default_factory=dict)  # "sources" -> 10: for messages
    # A variant's keys are written in content/briefs/<name>.yaml, the rest in brief.yaml.
    field_files: dict[str, str] = field(default_factory=dict)
    documents: DocumentChoice | None = None  # None: every document of content/

    def loc_of(self, name: str) -> Loc:
        """Where a field of the brief's settings is (its first line when it is not there)."""
        return Loc(
            self.field_files.get(name, self.loc.file), self.field_lines.get(name, self.loc.line)
        )


@dataclass(frozen=True, slots=True)
class DocumentChoice:
    """A brief's `documents:`: those with one of these ids, or one of these topics."""

    ids: tuple[str, ...]
    topics: tuple[str, ...]
    loc: Loc
    id_lines: tuple[int, ...] = ()  # the line of each id, for "no such document"
    topic_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    brief: Brief
    documents: tuple[Document, ...]
    indicators: tuple[Indicator, ...]
    verified: frozenset[str] | None = None  # figures checked on their lines; None: not checked
    datasets: tuple[Dataset, ...] = ()  # content/data/: series, and the figures derived from them
    points: tuple[Indicator, ...] = ()  # the observations charts of series draw (not in the table)

    def chart_figures(self) -> dict[str, Indicator]:
        """What charts may draw: the figures, and the observations of charted series."""
        return {i.id: i for i in (*self.indicators, *self.points)}

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def indicators_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def figures_of(self, document_id: str) -> tuple[Indicator, ...]:
        """The rows of the indicator table that name the document, in the table's order."""
        return tuple(i for i in self.indicators if i.document == document_id)


# --- data series ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a dataset comes from, as Our World in Data records it for a variable."""

    producer: str  # "U.S. International Trade Commission"
    title: str  # the dataset's own title
    url: str | None
    accessed: PartialDate | None
    published: PartialDate | None  # where known
    license: str | None
    citation: str  # the line a reader can cite


@dataclass(frozen=True, slots=True)
class Observation:
    period: str  # in the table's notation: 2024, 2024-Q3, 2024-09
    value: Decimal
    status: str  # "", "provisional" or "forecast"
    where: Loc  # the row (and, in a message, the column or cell) it was read from
    page: str | None = None  # for a series compiled by hand: the page that states it


@dataclass(frozen=True, slots=True)
class Series:
    id: str
    label: str
    observations: tuple[Observation, ...]  # in period order


@dataclass(frozen=True, slots=True)
class Derived:
    """A figure computed from a series: what, from which observations, and how."""

    id: str
    kind: str  # latest, change, pct_change, yoy, cagr, share, rank, rolling_mean
    label: str
    value: Decimal  # as the brief prints it (rounded to `decimals`)
    unit: str
    scale: str
    period: str  # the period it describes: 2024, or 2019/2024 for a span
    derivation: str  # in words, for readers
    rows: tuple[Loc, ...]  # the observations it was computed from
    loc: Loc  # its entry in the dataset's YAML
    dataset: str = ""  # the id of the dataset it was computed from
    compare_with: str | None = None  # a stated figure it should agree with
    tolerance: Decimal = Decimal("0.02")  # how far (relative) before that is a warning
    method: str = ""  # the derivation without its source: for a table that names the dataset


@dataclass(frozen=True, slots=True)
class Dataset:
    id: str
    file: str  # the data file, as messages show it
    origin: Origin
    unit: str
    scale: str
    frequency: str  # annual, quarterly, monthly
    seasonally_adjusted: bool
    prices: str  # nominal or real
    base_year: int | None  # for real prices
    series: tuple[Series, ...]
    derived: tuple[Derived, ...]
    compiled_by_hand: bool  # observations copied from pages, checked by hand, not by check
    historical: bool  # an old dataset kept on purpose: never flagged as stale
    sha256: str  # of the data file
    loc: Loc  # the YAML
    geography: str = ""  # where its series apply, for the indicator table

    def series_by_id(self) -> dict[str, Series]:
        return {s.id: s for s in self.series}
