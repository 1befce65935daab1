"""Generated briefs over the shipped data: every block type (charts of several series too),
texts of any length, long runs without spaces, links, many key figures and facts,
recommendations of several paragraphs.

Each example is built into a PDF and read back as a reader would check it: the build
succeeds in a few seconds; every word written is in the extracted text; no number or citation
mark is broken across two lines of a paragraph; nothing is drawn outside the page.

BRIEFGEN_EXAMPLES sets how many examples run (default 100); set it higher for a long run.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen import api

from .conftest import copy_shipped
from .pdfcheck import broken_figures, read_body

EXAMPLES = int(os.environ.get("BRIEFGEN_EXAMPLES", "100"))
SECONDS = 10.0  # a generous bound for one build: the layout must stay linear in its input

STATISTICS = [
    "prison_population",
    "prison_growth",
    "cc1_population",
    "arrests_since_2017",
    "drug_arrests_2019",
    "drug_share_of_prisoners",
    "interviewees",
    "interviewees_legal_aid",
    "gen_range",
    "gen_money",
    "gen_money_full",
    "gen_fall",
]
RANGE = ["cc1_occupancy_afp", "cc1_occupancy_rfa"]  # two claims printed as a range
SCOPED = ["gen_police", "gen_all"]  # claims of different scope: a range, or attributed
# Figures of forms the shipped data lacks, added to it: a range stated by one source, money
# (compact and in full), a negative change, claims of different scope.
EXTRA = [
    {"id": "gen_range", "value": [12000, 30000], "unit": "count", "qualifier": "about"},
    {"id": "gen_money", "value": 3200000, "unit": "currency", "currency": "USD", "compact": True},
    {"id": "gen_money_full", "value": 1234567.5, "unit": "currency", "currency": "KHR"},
    {"id": "gen_fall", "value": -12.5, "unit": "change"},
    {
        "id": "gen_police",
        "value": 6252,
        "unit": "count",
        "qualifier": "at least",
        "quantity": "gen_killings",
        "scope": "killed in police operations",
    },
    {
        "id": "gen_all",
        "value": [12000, 30000],
        "unit": "count",
        "quantity": "gen_killings",
        "scope": "all killings",
    },
]
# Series drawn together: two or four statistics over the same periods, in a line chart and
# in a grouped bar chart, one of them with names too long to stand at the lines' ends.
PERIODS = ["2017", "2018", "2019", "2020"]
SERIES = [
    ("gen_north", "Northern provinces", [800, 950, 1200, 1400]),
    ("gen_capital", "Phnom Penh", [400, 380, 520, 900]),
    (
        "gen_coast",
        "People held in pre-trial detention in the coastal provinces",
        [1000, 1100, 1150, 1210],
    ),
    ("gen_east", "Eastern border areas", [200, 300, 250, 420]),
]
EXTRA += [
    {
        "id": stat_id,
        "label": label,
        "value": values[-1],
        "unit": "count",
        "series": [{"period": p, "value": v} for p, v in zip(PERIODS, values, strict=True)],
    }
    for stat_id, label, values in SERIES
]
SERIES_CHARTS = [
    {
        "id": "gen_lines",
        "kind": "line",
        "title": "People held, by region",
        "series": ["gen_north", "gen_capital"],
        "alt": "Two lines: {stat:gen_north@2017} in the north in 2017, {stat:gen_north} in 2020.",
    },
    {
        "id": "gen_lines_four",
        "kind": "line",
        "title": "People held in four regions",
        "series": [s[0] for s in SERIES],
        "alt": "Four lines of people held by region, 2017 to 2020.",
    },
    {
        "id": "gen_groups",
        "kind": "grouped_bar",
        "title": "People held, by region and year",
        "series": ["gen_north", "gen_capital", "gen_coast"],
        "labels": ["North", "Capital", "Coast"],
        "alt": "Bars of people held in three regions each year from 2017 to 2020.",
    },
]
QUOTES = ["sreyneang", "long", "maly", "mok_chito", "khieu_sopheak", "amnesty_urgent"]
# The testimonies whose (illustrative) consent does not cover a declared audience: Sreyneang
# agreed to donors and press, Maly to donors only.
DONORS_ONLY = {"sreyneang", "maly"}
CHARTS = ["prison_growth", "cc1_occupancy", *(c["id"] for c in SERIES_CHARTS)]


@dataclass
class Written:
    """What an example writes: the brief's data, and every word that must be printed."""

    words: list[str] = field(default_factory=list)


_LETTERS = "bcdfghjklmnpqrstvwxz"
_RUN = "abcdefghijklmnopqrstuvwxyz0123456789"


# Where generated links point: a PDF's link is ASCII whatever the address is written in.
ADDRESSES = [
    "https://example.org/{}",
    "https://пример.испытание/отчёт/{}",
    "HTTPS://Example.ORG/a%20b/{}?x=1&y=ü",
    "https://bücher.de:8443/{}#teil-é",
    "mailto:presse{}@exämple.org",
]


def _word(rng: random.Random) -> str:
    """A word of letters only, long enough not to be found inside another by chance."""
    return "q" + "".join(rng.choices(_LETTERS, k=rng.randint(5, 11)))


@st.composite
def prose(draw: Any, written: Written, max_words: int = 600, inline: bool = True) -> str:
    """A text of 0 to `max_words` words in paragraphs, with figures, citations, bold, links
    and now and then a long run without spaces (a pasted identifier, URL or junk). Hypothesis
    draws its size and a seed; the words come from the seed, which keeps drawing fast."""
    count = draw(st.integers(0, max_words))
    rng = random.Random(draw(st.integers(0, 2**32)))
    runs = draw(st.integers(0, 2)) if inline else 0
    parts: list[str] = []
    for i in range(count):
        w = _word(rng)
        written.words.append(w)
        parts.append(w)
        extra = rng.randint(0, 60) if inline else -1
        if extra == 0:
            parts.append("{stat:" + rng.choice(STATISTICS) + "}")
        elif extra == 1:
            parts.append("{stat:" + ",".join(RANGE) + "}")
        elif extra == 6:
            parts.append("{stat:" + ",".join(SCOPED) + rng.choice(["}", "|by}"]))
        elif extra == 2:
            parts.append("{cite:amnesty2020}")
        elif extra == 3 and runs:
            runs -= 1
            long = "x" + "".join(rng.choices(_RUN, k=draw(st.integers(60, 2000))))
            written.words.append(long)
            parts.append(long)
        elif extra == 4:
            linked = _word(rng)
            written.words.append(linked)
            parts.append(f"[{linked}]({rng.choice(ADDRESSES).format(i)})")
        elif extra == 5:
            parts[-1] = f"**{w}**"
        if i and rng.randint(0, 80) == 0:
            parts.append("\n\n")
    text = " ".join(parts).replace(" \n\n ", "\n\n").strip()
    if not text:  # a text field cannot be empty
        text = _word(rng)
        written.words.append(text)
    return text


PARLIAMENT = """
audiences:
  parliament: {label: Parliamentarians, asks_heading: What Parliament can do}
"""


@st.composite
def heading(draw: Any, written: Written) -> str | None:
    if draw(st.booleans()):
        return None
    return draw(prose(written, max_words=draw(st.sampled_from([4, 12, 40])), inline=False))


@st.composite
def block(draw: Any, written: Written, audience: str) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            [
                "summary",
                "text",
                "key_figures",
                "figures_table",
                "facts",
                "list",
                "note",
                "chart",
                "recommendations",
                "quotes",
                "call_to_action",
                "contact",
                "changes",
            ]
        )
    )
    out: dict[str, Any] = {"type": kind}
    # a changes block prints nothing, its heading neither, while no figure has changed
    if (h := draw(heading(Written() if kind == "changes" else written))) is not None:
        out["heading"] = h
    if kind in ("summary", "text", "call_to_action", "note"):
        out["text"] = draw(prose(written))
    elif kind in ("key_figures", "figures_table"):
        stats = [*STATISTICS, "range"]
        items = draw(st.lists(st.sampled_from(stats), min_size=1, max_size=8))
        out["items"] = [{"stat": RANGE} if i == "range" else {"stat": i} for i in items]
        if kind == "figures_table":
            out["columns"] = ["Figure", "Value", "Source"]
    elif kind == "facts":
        n = draw(st.integers(1, 30))
        out["items"] = [draw(prose(written, max_words=40)) for _ in range(n)]
    elif kind == "list":
        out["style"] = draw(st.sampled_from(["numbered", "bulleted"]))
        n = draw(st.integers(1, 15))
        out["items"] = [draw(prose(written, max_words=40)) for _ in range(n)]
    elif kind == "chart":
        out["chart"] = draw(st.sampled_from(CHARTS))
    elif kind == "recommendations":
        out["style"] = draw(st.sampled_from(["full", "short"]))
    elif kind == "quotes":
        quotes = QUOTES if audience == "donors" else [q for q in QUOTES if q not in DONORS_ONLY]
        out["items"] = draw(st.lists(st.sampled_from(quotes), min_size=1, max_size=4))
    elif kind == "contact":
        out["text"] = draw(prose(written, max_words=30))
    return out


@st.composite
def campaign(draw: Any) -> tuple[dict[str, Any], dict[str, Any], Written]:
    """A brief (with a sources block last) and lengthened recommendations."""
    written = Written()
    audience = draw(st.sampled_from(["donors", "parliament"]))  # built in, or declared
    blocks = draw(st.lists(block(written, audience), min_size=1, max_size=7))
    blocks.append({"type": "sources", "heading": "Sources"})
    brief = {
        "audience": audience,
        "page_size": draw(st.sampled_from(["A4", "Letter"])),
        "label": "Generated brief",
        "title": draw(prose(written, max_words=draw(st.sampled_from([3, 10, 30])), inline=False)),
        "date": "2020-05-13",
        "blocks": blocks,
    }
    recommendations = []
    printed = {b.get("style") for b in blocks if b["type"] == "recommendations"}
    for rec_id in ("decriminalise", "close_centres", "decongest"):
        # words count only where a block prints them: the title and ask in any style, the
        # summary and rationale in the full style
        full = Written()
        brief_words = Written()
        n = draw(st.integers(1, 3))

        def paras(into: Written, n: int = n) -> str:
            return "\n\n".join(draw(prose(into, max_words=120)) for _ in range(n))

        recommendations.append(
            {
                "id": rec_id,
                "title": draw(prose(brief_words, max_words=12, inline=False)),
                "summary": paras(full),
                "rationale": paras(full),
                "asks": {"donors": "x", "parliament": "x", audience: paras(brief_words)},
                "sources": ["amnesty2020"],
            }
        )
        if printed:
            written.words += brief_words.words
        if "full" in printed:
            written.words += full.words
    return brief, {"recommendations": recommendations}, written


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project whose briefs the examples replace."""
    project = copy_shipped(tmp_path_factory.mktemp("generated"))
    shutil.rmtree(project / "briefs")
    (project / "briefs").mkdir()
    with (project / "briefgen.yaml").open("a") as config:
        config.write(PARLIAMENT)
    stats = project / "data" / "statistics.yaml"
    data = yaml.safe_load(stats.read_text(encoding="utf-8"))
    data["statistics"] += [
        {"label": f"Generated figure {s['id']}", "as_of": "2020", "source": "afp2020", **s}
        for s in EXTRA
    ]
    stats.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    charts = project / "data" / "charts.yaml"
    data = yaml.safe_load(charts.read_text(encoding="utf-8"))
    data["charts"] += SERIES_CHARTS
    charts.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 100,  # the normal run is the same every time; longer runs explore
)
@given(generated=campaign())
def test_any_generated_brief_builds_with_every_word_and_no_broken_figure(
    root: Path, generated: tuple[dict[str, Any], dict[str, Any], Written]
) -> None:
    brief, recommendations, written = generated
    (root / "briefs" / "gen.yaml").write_text(yaml.safe_dump(brief, allow_unicode=True))
    (root / "data" / "recommendations.yaml").write_text(
        yaml.safe_dump(recommendations, allow_unicode=True)
    )
    started = time.perf_counter()
    report = api.build(root, ["gen"], force=True, jobs=1)
    took = time.perf_counter() - started
    assert report.exit_code == 0, [o.errors for o in report.outcomes]
    assert took < SECONDS, f"the build took {took:.1f} s"
    body = read_body(PdfReader(root / "out" / "gen.pdf"))
    squashed = re.sub(r"\s+", "", body.text).lower()  # a long run may break anywhere
    missing = [w for w in written.words if w.lower() not in squashed]
    assert not missing, f"not in the PDF's text: {missing[:5]}"
    broken = broken_figures(body.pairs)
    assert not broken, f"figures or citations broken across lines: {broken[:5]}"
    assert not body.outside, f"drawn outside the page: {body.outside[:5]}"
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(root / "out" / "gen.pdf").pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert all(isinstance(uri, str) and uri.isascii() for uri in links), links
