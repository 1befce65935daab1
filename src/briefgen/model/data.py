"""data/*.yaml: sources, statistics, recommendations, quotes and charts."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from .fields import (
    LIMIT,
    Date,
    Flag,
    Id,
    Lang,
    Model,
    Number,
    Qualifier,
    Text,
    WebAddress,
    variants,
    written,
)

Unit = Literal["count", "percent", "ratio", "change", "currency"]
#: The values each unit allows, inclusive: a count is never negative; a percent, or a change
#: in percent, is negative only as a fall, which cannot exceed 100%; a ratio ("four times")
#: is never negative; an amount of money may be (a deficit, a cut).
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "count": (0, LIMIT),
    "percent": (-100, 1e6),
    "ratio": (0, 1e6),
    "change": (-100, 1e6),
    "currency": (-LIMIT, LIMIT),
}
#: The units a `compact: true` figure may have: "3.2 million", "US$3.2 million".
COMPACT_UNITS = ("count", "currency")


def _two_figures(value: Any) -> Any:
    if isinstance(value, list | tuple) and len(value) != 2:
        raise ValueError(
            f"a range is two figures, the lowest and the highest (found {len(value)}): "
            "write e.g. [12000, 30000]"
        )
    return value


def _low_first(value: float | tuple[float, float]) -> float | tuple[float, float]:
    if isinstance(value, tuple) and not value[0] < value[1]:
        low, high = sorted(value)
        fix = f"write [{low:g}, {high:g}]" if low < high else "write the figure once"
        raise ValueError(f"[{value[0]:g}, {value[1]:g}] is not a range from low to high: {fix}")
    return value


# A figure, or a range stated by one source ([12000, 30000]: lowest first).
Value = Annotated[
    Number | tuple[Number, Number], BeforeValidator(_two_figures), AfterValidator(_low_first)
]


class Source(Model):
    id: Id = Field(description="Short id used to cite this source.")
    publisher: str = Field(description="Who published it (organisation, outlet, government).")
    title: Text = Field(description="Title of the report, article or statement.")
    author: str | None = Field(None, description="Author, where known.")
    date: Date = Field(description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    url: WebAddress | None = Field(None, description="Where to read it: https://...")
    kind: Literal["report", "news", "official statement"] = Field(description="Kind of source.")
    note: str | None = Field(None, description="Remarks for editors; not printed.")
    printed_note: Text | None = Field(
        None,
        description="A note printed after the source's entry in the sources list, e.g. "
        "'Figures are the agency's own; not independently verified.'",
    )

    def prints(self) -> dict[str, list[str]]:
        """The other entries printed with it: none."""
        return {}


class SeriesPoint(Model):
    period: Text = Field(description="Label of the point on the chart axis, e.g. 2017.")
    value: Number | None = Field(
        None, description="Value at that period; leave it out for the statistic's own value."
    )
    note: str | None = Field(None, description="How the value was obtained, if not stated as such.")


class Derivation(Model):
    """How a stated figure follows from other statistics (checked, never used to print)."""

    growth: Id | list[Id] | None = Field(
        None, description="A % rise: over a statistic's series, or from one statistic to another."
    )
    ratio: list[Id] | None = Field(None, description="Numerator and denominator statistics.")
    share: list[Id] | None = Field(None, description="Part and whole statistics, as a percent.")


class Statistic(Model):
    id: Id = Field(description="Short id used in {stat:ID} references, charts and key figures.")
    label: Text = Field(description="What the number measures, e.g. 'People in prison'.")
    value: Value = Field(
        description="The number itself, without separators (38000, 78, 4.5), or a range "
        "stated by one source, lowest first: [12000, 30000] (printed '12,000 to 30,000')."
    )
    unit: Unit = Field(
        description="count: 38,000 (0 or more); percent: 78% (-100 to 1,000,000: negative for "
        "a fall); change: a signed change in percent, +78% or −12% (-100 to 1,000,000); "
        "ratio: four times (0 to 1,000,000); currency: an amount of money in `currency:`. "
        "Values, series and reference lines are checked against these ranges."
    )
    currency: str | None = Field(
        None,
        description="With unit currency: the ISO 4217 code of the amount's currency (USD, EUR, "
        "PHP...); printed in the brief's language ('US$3,200,000').",
    )
    compact: Flag = Field(
        False,
        description="A count or amount printed in words for its size, in the brief's "
        "language: '3.2 million', 'US$3.2 million'.",
    )
    scope: str | None = Field(
        None,
        description="What exactly the figure counts, e.g. 'killed in police operations': claims "
        "about one `quantity:` with different scopes are not in conflict. For editors: not "
        "printed (the label says what a figure is), so never translated.",
    )
    qualifier: Qualifier | None = Field(
        None,
        description="How the source hedges the number; printed wherever it is printed. On a "
        "range only 'about' is allowed (see docs/numbers.md).",
    )
    as_of: str = Field(
        description="Date or period the number describes, e.g. '2020' or '2017–2020'."
    )
    source: Id = Field(description="Id of the source that states the number.")
    quantity: Id | None = Field(
        None, description="Same id on claims from different sources about the same quantity."
    )
    series: list[SeriesPoint] | None = Field(
        None, description="Time series for line or bar charts."
    )
    derived: Derivation | None = Field(
        None, description="How the figure follows from other statistics; `check` recomputes it."
    )
    reconciled: str | None = Field(
        None, description="For claims that disagree: how the briefs report them (e.g. a range)."
    )
    note: str | None = Field(None, description="Remarks for editors; not printed.")
    printed_note: Text | None = Field(
        None,
        description="A note printed in small print where the figure is shown: under its key "
        "figure, in its row of a figures table and under a chart that draws it (not in prose).",
    )

    @property
    def bounds(self) -> tuple[float, float]:
        """Its lowest and highest value: the figure twice unless it is a range."""
        return self.value if isinstance(self.value, tuple) else (self.value, self.value)

    def point(self, period: str) -> SeriesPoint | None:
        """The point of its series whose period reads `period` in some language, if any."""
        for point in self.series or []:
            if period in variants(point.period):
                return point
        return None

    def at(self, period: str) -> Statistic:
        """The statistic at a point of its series ({stat:ID@2016}): that point's value, with
        the statistic's qualifier when it is its own value, 'about' when a note says how it
        was obtained (as its chart prints it); id 'ID@2016'."""
        point = self.point(period)
        if point is None or point.value is None:
            return self.model_copy(update={"id": f"{self.id}@{period}"})
        qualifier = "about" if point.note else None
        update = {"id": f"{self.id}@{period}", "value": point.value, "qualifier": qualifier}
        return self.model_copy(update=update)

    def prints(self) -> dict[str, list[str]]:
        """The other entries printed with it, by data file: its source."""
        return {"sources": [self.source]}


class Recommendation(Model):
    id: Id = Field(description="Short id.")
    title: Text = Field(description="The recommendation in a few words.")
    summary: Text = Field(description="One or two sentences: what should happen.")
    rationale: Text = Field(description="Why: the evidence behind it.")
    asks: dict[Id, Text] = Field(
        description="What each audience should do or know, keyed by audience (donors, press...)."
    )
    sources: list[Id] = Field(default_factory=list, description="Sources that make this call.")

    def prints(self) -> dict[str, list[str]]:
        """The other entries printed with it, by data file: the sources it cites."""
        return {"sources": list(self.sources)}


def _named_audiences(audiences: Any) -> Any:
    """A consent's list names at least one audience, and never `all` (which is not a list)."""
    if not isinstance(audiences, list):
        return audiences
    if not audiences:
        raise ValueError(
            "an empty list allows no audience: name the audiences, e.g. [donors, press], "
            "or write `audiences: all`"
        )
    if "all" in audiences:
        raise ValueError("`all` is not an audience in a list: write `audiences: all`")
    return audiences


class Consent(Model):
    """What the person who gave a testimony agreed to (informed consent, for each use)."""

    audiences: Annotated[Literal["all"] | list[Id], BeforeValidator(_named_audiences)] = Field(
        description="The audiences whose briefs may print it (donors, press...), or `all`."
    )
    public: Flag = Field(
        description="true: it may be published: printed in briefs for `press`, or for an "
        "audience declared with `public: true` in briefgen.yaml."
    )
    languages: list[Lang] | None = Field(
        None, description="The languages it may be printed in; empty: any language."
    )
    until: Date | None = Field(
        None, description="The last day it may be printed (YYYY-MM-DD); empty: no end."
    )
    withdrawn: Date | None = Field(
        None, description="The day the person withdrew consent: it is never printed again."
    )
    pseudonym: Flag | None = Field(
        None,
        description="true: the printed name is not the real one (printed with the language's "
        "'pseudonym' phrase); empty: not stated.",
    )
    reference: str | None = Field(
        None,
        description="Id of the signed consent record kept elsewhere (never the record "
        "itself); listed in each PDF's figures table.",
    )


class Quote(Model):
    #: Fields that moved, and where to write them now (told at the old field's line).
    MOVED: ClassVar[dict[str, str]] = {
        "pseudonym": "`pseudonym:` has moved into the quote's `consent:`; write it there "
        "(consent: {pseudonym: true, ...})",
    }

    id: Id = Field(description="Short id used by quotes blocks.")
    text: Text = Field(description="The words quoted, without quotation marks.")
    speaker: str = Field(description="Who said it, as the source names them.")
    role: Text = Field(description="Who the speaker is, e.g. 'former CC1 inmate'.")
    kind: Literal["testimony", "official response", "report"] = Field(
        description="A person affected, an authority answering, or the report itself."
    )
    source: Id = Field(description="Id of the source the quote is taken from.")
    consent: Consent | None = Field(
        None,
        description="For a testimony: what its giver agreed to; `check` refuses a brief that "
        "prints it outside that consent, and warns when it is missing.",
    )

    def prints(self) -> dict[str, list[str]]:
        """The other entries printed with it, by data file: its source."""
        return {"sources": [self.source]}


class Reference(Model):
    value: Number = Field(
        description="Where the reference line is drawn, in the unit of the chart's statistics."
    )
    label: Text = Field(description="Its label, e.g. 'Maximum capacity'.")


Described = Annotated[
    Text,
    written(
        "empty: describe the chart for readers who cannot see it, e.g. what it shows and its "
        "main figures"
    ),
]


class Chart(Model):
    id: Id = Field(description="Short id used by chart blocks.")
    kind: Literal["bar", "hbar", "line", "grouped_bar"] = Field(
        description="bar, hbar (horizontal), line, or grouped_bar (several series side by side: "
        "the periods are the groups, each series a bar in every group)."
    )
    title: Text = Field(description="Chart title, printed above it.")
    alt: Described = Field(
        description="Alternative text describing the chart for screen readers (required)."
    )
    series: Id | list[Id] | None = Field(
        None,
        description="A statistic whose time series is drawn, or a list of them sharing their "
        "periods and unit: one line each (line), one bar each in every period (grouped_bar).",
    )
    statistics: list[Id] | None = Field(
        None, description="Statistics drawn as one bar each (bar and hbar charts)."
    )
    labels: list[Text] | None = Field(
        None,
        description="Bar labels, in the order of statistics; or, with several series, their "
        "names (in the legend or by the lines), in the order of series. Default: each "
        "statistic's label.",
    )
    axis_label: Text | None = Field(None, description="Label of the value axis.")
    reference: Reference | None = Field(None, description="A horizontal or vertical guide line.")
    note: Text | None = Field(None, description="A note printed under the chart, before sources.")

    @property
    def series_ids(self) -> list[str]:
        """The statistics whose series it draws, one or several; none for `statistics:`."""
        if self.series is None:
            return []
        return [self.series] if isinstance(self.series, str) else list(self.series)

    @property
    def drawn(self) -> list[str]:
        """The ids of the statistics it draws."""
        return self.series_ids or list(self.statistics or [])

    def prints(self) -> dict[str, list[str]]:
        """The other entries printed with it, by data file: the statistics it draws."""
        return {"statistics": self.drawn}


#: What each data file holds: its top-level key and the type of its entries.
DATA_MODELS: dict[str, type[Model]] = {
    "sources": Source,
    "statistics": Statistic,
    "recommendations": Recommendation,
    "quotes": Quote,
    "charts": Chart,
}
