"""A small project whose briefs hold every block type, and helpers to lay out one block."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from briefgen import api, fonts
from briefgen.layout.blocks import RENDERERS
from briefgen.layout.context import Context
from briefgen.layout.theme import Theme
from briefgen.project import Project
from briefgen.tagging import Tag

from .conftest import copy_case

FILES = {
    "briefgen.yaml": """
organisation:
  name: Test Org
  website: https://example.org
campaign:
  title: {en: Test campaign, fr: Campagne de test}
languages:
  fr:
    phrases:
      source: Source
      page: Page {page} sur
      updated: Mis à jour le {date}
      now_was: "{label} : désormais {now}, contre {was}"
      pseudonym: pseudonyme
      times: fois
      qualifiers: {over: plus de, more than: plus de, at least: au moins, about: environ}
      asks: {readers: Ce que les lecteurs peuvent faire}
audiences:
  readers:
    label: Readers
    asks_heading: {en: What readers can do, fr: Ce que les lecteurs peuvent faire}
""",
    "data/sources.yaml": """
sources:
  - id: src1
    publisher: Test Publisher
    title: A report
    date: 2021-03-04
    kind: report
  - id: src2
    publisher: Second Publisher
    author: A. Writer
    title: Another report
    date: 2021-02
    url: https://example.org/r
    kind: news
""",
    "data/statistics.yaml": """
statistics:
  - id: people
    label: {en: People held, fr: Personnes détenues}
    value: 1200
    unit: count
    qualifier: about
    as_of: "2021"
    source: src1
  - id: share
    label: Share held without trial
    value: 60
    unit: percent
    as_of: "2021"
    source: src2
  - id: low
    label: Occupancy, low report
    value: 4
    unit: ratio
    qualifier: more than
    as_of: "2021"
    source: src1
    quantity: occupancy
  - id: high
    label: Occupancy, high report
    value: 5
    unit: ratio
    qualifier: about
    as_of: "2021"
    source: src2
    quantity: occupancy
""",
    "data/quotes.yaml": """
quotes:
  - id: q1
    text: A testimony.
    speaker: Someone
    role: witness
    kind: testimony
    source: src1
  - id: q2
    text: Another "testimony".
    speaker: Dara
    role: former detainee
    kind: testimony
    source: src2
    consent: {audiences: all, public: true, pseudonym: true}
""",
    "data/recommendations.yaml": """
recommendations:
  - id: release
    title: Release people
    summary: Release them.
    rationale: Because {stat:people} are held.
    asks:
      readers: Read this.
  - id: reform
    title: Reform the law
    summary: Change it.
    rationale: It fails.
    asks:
      readers: Write to us.
    sources: [src2]
""",
    "briefs/blocks.yaml": """
audience: readers
label: Test brief
title: Every block
date: 2021-05-01
blocks:
  - type: summary
    text: "{stat:share} of them are held without trial.\\n\\nA second paragraph."
  - type: text
    heading: Background
    text: "One{cite:src2}.\\n\\nTwo with a [link](https://example.org)."
  - type: key_figures
    heading: Key figures
    items:
      - stat: people
      - stat: share
      - stat: [low, high]
        label: Occupancy against capacity
      - stat: low
      - stat: high
  - type: figures_table
    heading: Every figure
    columns: [Figure, Value, Source]
    items:
      - stat: people
      - stat: [low, high]
        label: Occupancy against capacity
  - type: facts
    heading: Facts
    items: ["{stat:people} people held", "A second fact"]
  - type: chart
    heading: A chart
    chart: held
  - type: recommendations
    heading: Calls
  - type: recommendations
    style: short
  - type: quotes
    heading: Voices
    items: [q1, q2]
  - type: call_to_action
    heading: Act
    text: "Act now.\\n\\nToday."
  - type: contact
    heading: Contact
    text: Write to us.
    contact: {name: Press Officer, email: press@example.org, phone: "+1 555 0100"}
  - type: changes
    heading: Updates
  - type: sources
    heading: Sources
  - type: summary
    heading: Summary
    text: A lead.
""",
    "briefs/late.yaml": """
audience: readers
label: Late
title: Sources first
subtitle: A brief whose sources come before a citation.
date: 2021-05-01
blocks:
  - type: text
    text: "Held: {stat:people}."
  - type: sources
    heading: Sources
  - type: text
    text: "Later{cite:src2}."
""",
    "briefs/note.yaml": """
audience: readers
label: Note
title: Une note
date: 2021-05-01
language: fr
blocks:
  - type: text
    text: "Environ {stat:people}."
  - type: sources
""",
}


def layout_project(dest: Path, edits: dict[str, str] | None = None) -> Project:
    """The project, with each text of `edits` replaced in its files by its value, loaded and
    validated, its fonts registered."""
    root = copy_case("minimal", dest)
    for name, text in FILES.items():
        for old, new in (edits or {}).items():
            text = text.replace(old, new)
        (root / name).write_text(text.lstrip(), encoding="utf-8")
    project, _ = api.load(root)
    fonts.register(project)
    return project


def context(
    project: Project, brief_id: str = "blocks", history: dict[str, Any] | None = None
) -> Context:
    """A brief of the project about to be laid out in its language's fonts, with blank
    drawings for its charts."""
    theme = Theme.of(project, fonts.names(project, project.briefs[brief_id].language))
    return Context(project, brief_id, theme, lambda _id: Drawing(200, 80), history)


def render(ctx: Context, block_type: str, nth: int = 0) -> list[Flowable]:
    """The flowables of the brief's `nth` block of `block_type`, laid out in a section."""
    block = [b for b in ctx.brief.blocks if b.type == block_type][nth]
    with ctx.inside(ctx.root.child("Sect")):
        return RENDERERS[type(block)].render(block, ctx)


def text_of(flowables: list[Flowable]) -> str:
    """The text of a PDF of `flowables`, as pypdf extracts it, whitespace normalised."""
    buffer = io.BytesIO()
    notes = Paragraph("".join(f'<a name="source-{n}"/>' for n in range(1, 10)))  # link targets
    SimpleDocTemplate(buffer).build([*flowables, notes])
    pages = PdfReader(buffer).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def outline(tag: Tag) -> str:
    """A structure tree as roles, kids in brackets: 'Sect[H2 L[LI[Lbl LBody[P]]]]'."""
    kids = [k for k in tag.kids if isinstance(k, Tag)]
    return tag.role + (f"[{' '.join(outline(k) for k in kids)}]" if kids else "")
