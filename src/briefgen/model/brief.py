"""briefs/*.yaml: one audience's brief and its blocks."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple

from pydantic import AfterValidator, Field

from .. import markup
from .config import Contact
from .fields import Date, Id, Lang, Model, StatId, Text, variants, written

if TYPE_CHECKING:
    from .data import Statistic


class Named(NamedTuple):
    """A data entry a block prints, named by id, and where in the block it is named."""

    kind: str  # its data file: charts, quotes, recommendations, statistics
    id: str
    loc: tuple[str | int, ...]  # the id's place in the block, e.g. ("items", 2, "stat")


def _not_only_cited(item: Text) -> Text:
    """Refuse a list item that would print only a citation's bare number."""
    for variant in variants(item):
        nodes = markup.flat(markup.parse(" ".join(variant.split())))
        if all(
            n.kind == "cite" if isinstance(n, markup.Ref) else not n.text.strip() for n in nodes
        ):
            raise ValueError(
                "an item that is only a citation prints a bare number: write the fact it "
                "supports before it, or delete the line"
            )
    return item


# One item of a list or facts block: text that prints something besides a citation (an
# empty item would print nothing and shift the numbering).
Item = Annotated[
    Text,
    written("an empty item: write the item, or delete the line"),
    AfterValidator(_not_only_cited),
]


class Block(Model):
    heading: Text | None = Field(None, description="Section heading (also a PDF bookmark).")

    def named(self, every: Mapping[str, Collection[str]]) -> list[Named]:
        """The data entries the block prints by id (references in its prose aside): checked
        by validation, and build inputs of the brief. `every` holds each data file's ids,
        for a block that prints all of a kind."""
        return []


class SummaryBlock(Block):
    type: Literal["summary"]
    text: Text = Field(description="The summary; without a heading it is set as a lead paragraph.")


class TextBlock(Block):
    type: Literal["text"]
    text: Text = Field(description="Paragraphs separated by blank lines.")


class KeyFigure(Model):
    stat: StatId | list[Id] = Field(
        description="A statistic (ID@PERIOD: a point of its series, e.g. arrests@2016), or "
        "several claims shown as a range."
    )
    label: Text | None = Field(
        None,
        description="Caption; defaults to the statistic's label (with the period, for a "
        "point of its series).",
    )

    @property
    def ids(self) -> list[str]:
        """The statistics shown: one, or several claims shown as a range."""
        if isinstance(self.stat, str):
            return [self.stat.partition("@")[0]]
        return list(self.stat)

    @property
    def period(self) -> str | None:
        """The period of the series point shown (stat: ID@PERIOD), if it is one."""
        if isinstance(self.stat, str) and "@" in self.stat:
            return self.stat.partition("@")[2].strip()
        return None

    def statistics(self, table: Mapping[str, Statistic]) -> list[Statistic]:
        """The statistics shown, from the project's `table`: a series point as a statistic
        of its own (Statistic.at)."""
        stats = [table[i] for i in self.ids]
        return stats if self.period is None else [stats[0].at(self.period)]


class FiguresBlock(Block):
    """A block that prints statistics (items), as a panel or as a table."""

    items: list[KeyFigure] = Field(min_length=1, description="The figures, in order.")

    def named(self, every: Mapping[str, Collection[str]]) -> list[Named]:
        return [
            Named("statistics", stat_id, ("items", i, "stat"))
            for i, item in enumerate(self.items)
            for stat_id in item.ids
        ]


class KeyFiguresBlock(FiguresBlock):
    type: Literal["key_figures"]


class FiguresTableBlock(FiguresBlock):
    type: Literal["figures_table"]
    columns: list[Text] = Field(
        min_length=3,
        max_length=3,
        description="Headings of the three columns: what, figure, source (e.g. "
        "[Figure, Value, Source]); the table's header row, repeated on each page.",
    )


class FactsBlock(Block):
    type: Literal["facts"]
    items: list[Item] = Field(min_length=1, description="Short lines of fact, as a list.")


class ListBlock(Block):
    type: Literal["list"]
    style: Literal["numbered", "bulleted"] = Field(
        "bulleted", description="numbered (1, 2, 3: e.g. questions to ask) or bulleted."
    )
    items: list[Item] = Field(
        min_length=1, description="The items, in order; inline markup, {stat:} and {cite:}."
    )


class NoteBlock(Block):
    type: Literal["note"]
    text: Text = Field(description="Small print, e.g. 'Figures are approximate and illustrative.'")


class ChartBlock(Block):
    type: Literal["chart"]
    chart: Id = Field(description="Id of the chart in data/charts.yaml.")

    def named(self, every: Mapping[str, Collection[str]]) -> list[Named]:
        return [Named("charts", self.chart, ("chart",))]


class RecommendationsBlock(Block):
    type: Literal["recommendations"]
    items: list[Id] | None = Field(None, description="Which recommendations; default all.")
    ask: Id | None = Field(None, description="Whose asks to print; default the brief's audience.")
    style: Literal["full", "short"] = Field(
        "full", description="full: summary, rationale and asks; short: one line each."
    )

    def named(self, every: Mapping[str, Collection[str]]) -> list[Named]:
        ids = every["recommendations"] if self.items is None else self.items
        return [Named("recommendations", rec_id, ("items", i)) for i, rec_id in enumerate(ids)]


class QuotesBlock(Block):
    type: Literal["quotes"]
    items: list[Id] = Field(min_length=1, description="Ids of the quotes, in order.")

    def named(self, every: Mapping[str, Collection[str]]) -> list[Named]:
        return [Named("quotes", quote_id, ("items", i)) for i, quote_id in enumerate(self.items)]


class CallToActionBlock(Block):
    type: Literal["call_to_action"]
    text: Text = Field(description="What the reader should do now.")


class ContactBlock(Block):
    type: Literal["contact"]
    text: Text | None = Field(None, description="A line before the contact details.")
    contact: Contact | None = Field(None, description="Overrides the organisation's contact.")


class SourcesBlock(Block):
    type: Literal["sources"]


class ChangesBlock(Block):
    type: Literal["changes"]
    date: Date | None = Field(
        None, description="Date of the update as printed; default the brief's date."
    )


BlockType = Annotated[
    SummaryBlock
    | TextBlock
    | KeyFiguresBlock
    | FiguresTableBlock
    | FactsBlock
    | ListBlock
    | NoteBlock
    | ChartBlock
    | RecommendationsBlock
    | QuotesBlock
    | CallToActionBlock
    | ContactBlock
    | SourcesBlock
    | ChangesBlock,
    Field(discriminator="type"),
]


class Brief(Model):
    """briefs/ID.yaml: one audience's brief."""

    audience: Id = Field(description="Whose asks it prints (a key of recommendations' asks).")
    label: Text = Field(description="Kind of brief, printed above the title, e.g. 'Donor brief'.")
    title: Text = Field(description="Title or news headline.")
    subtitle: Text | None = Field(None, description="Subtitle or standfirst.")
    date: Date = Field(description="Date printed on the brief and in its metadata.")
    language: Lang = Field("en", description="Language of the brief: picks text variants.")
    digits: Literal["latin", "native"] | None = Field(
        None, description="Overrides the language's digits for this brief."
    )
    keywords: list[str] = Field(default_factory=list, description="PDF metadata keywords.")
    output: str | None = Field(None, description="File name of the PDF; default ID.pdf.")
    page_size: Literal["A4", "Letter"] | None = Field(
        None, description="Paper size of this brief (A4 or Letter); default briefgen.yaml's."
    )
    blocks: list[BlockType] = Field(min_length=1, description="The brief's content, in order.")
