"""Charts: drawn by matplotlib as SVG with real text, converted to vector drawings."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, String

from briefgen import api, chart, chartplot, fonts
from briefgen import format as fmt
from briefgen.drawer import Drawer
from briefgen.format import ENGLISH
from briefgen.paper import CHART_HEIGHT

from .conftest import built, copy_case, structure


def strings(node: object) -> list[String]:
    if isinstance(node, String):
        return [node]
    if isinstance(node, Group):
        return [s for child in node.contents for s in strings(child)]
    return []


@pytest.fixture(scope="module")
def shipped_project(tmp_path_factory: pytest.TempPathFactory):
    from .conftest import copy_shipped

    project, _ = api.load(copy_shipped(tmp_path_factory.mktemp("charts")))
    fonts.register(project)
    return project


@pytest.mark.parametrize("chart_id", ["prison_growth", "cc1_occupancy"])
def test_svg_text_is_text_not_outlines(shipped_project, chart_id: str) -> None:
    project = shipped_project
    svg = chart.render_svg(chart.spec(project, chart_id, ENGLISH, 480, CHART_HEIGHT))
    assert "<text" in svg
    assert "font-family: 'Noto Sans'" in svg
    assert not re.search(r'<path id="[^"]*-[0-9a-f]+"', svg), "glyphs drawn as paths"
    assert "tight" not in svg


def test_drawing_uses_only_the_briefs_fonts(shipped_project) -> None:
    project = shipped_project
    svg = chart.render_svg(chart.spec(project, "cc1_occupancy", ENGLISH, 480, CHART_HEIGHT))
    drawing = chart.to_drawing(svg)
    texts = strings(drawing)
    assert {s.text for s in texts} >= {"AFP", "Radio Free Asia", "more than 4×", "about 5×"}
    assert {s.fontName for s in texts} <= {fonts.REGULAR, fonts.BOLD}
    assert fonts.BOLD in {s.fontName for s in texts}  # values are set in bold


def test_same_chart_gives_same_svg(shipped_project) -> None:
    project = shipped_project
    first = chart.render_svg(chart.spec(project, "prison_growth", ENGLISH, 480, CHART_HEIGHT))
    assert first == chart.render_svg(
        chart.spec(project, "prison_growth", ENGLISH, 480, CHART_HEIGHT)
    )


def test_matplotlib_settings_a_caller_changed_do_not_reach_a_chart(shipped_project) -> None:
    import matplotlib

    spec = chart.spec(shipped_project, "prison_growth", ENGLISH, 480, CHART_HEIGHT)
    plain = chart.render_svg(spec)
    for changed in ({"axes.facecolor": "red"}, {"lines.linewidth": 12, "font.size": 20}):
        with matplotlib.rc_context(changed):
            assert chart.render_svg(spec) == plain, changed


def test_matplotlib_defaults_are_restored_only_when_a_setting_changed(
    shipped_project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rcdefaults reads matplotlib's style library: not for every chart of a notebook, whose
    `interactive` it never restores."""
    import matplotlib

    spec = chart.spec(shipped_project, "prison_growth", ENGLISH, 480, CHART_HEIGHT)
    plain = chart.render_svg(spec)
    calls = []
    restore = matplotlib.rcdefaults
    monkeypatch.setattr(matplotlib, "rcdefaults", lambda: (calls.append(1), restore()))
    with matplotlib.rc_context({"interactive": True}):
        assert [chart.render_svg(spec) for _ in range(3)] == [plain] * 3
        assert len(calls) == 1
        matplotlib.rcParams["hatch.linewidth"] = 3
        assert chart.render_svg(spec) == plain
        assert len(calls) == 2


def test_estimated_points_are_marked(shipped_project) -> None:
    project = shipped_project
    bars = chart.bars(project, project.charts["prison_growth"], ENGLISH)
    assert [(b.label, b.text, b.estimated) for b in bars] == [
        ("Jan 2017", "about 21,350", True),
        ("May 2020", "over 38,000", False),
    ]


def test_line_chart_and_alt_text_in_the_pdf(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "data" / "statistics.yaml").write_text(
        "statistics:\n  - id: people\n    label: People held\n    value: 1200\n"
        "    unit: count\n    as_of: '2021'\n    source: src1\n    series:\n"
        "      - {period: '2019', value: 800}\n      - {period: '2020', value: 1000}\n"
        "      - {period: '2021', value: 1200}\n"
    )
    (root / "data" / "charts.yaml").write_text(
        "charts:\n  - id: held\n    kind: line\n    title: People held, 2019–2021\n"
        "    series: people\n    alt: A line rising to {stat:people} in 2021.\n"
    )
    [written] = built(api.build(root))
    reader = PdfReader(written.path)
    text = reader.pages[0].extract_text()
    for label in ("2019", "2020", "2021", "800", "1,000", "1,200", "People held, 2019–2021"):
        assert label in text
    alts = [e["/Alt"] for _depth, role, e in structure(reader) if role == "/Figure"]
    assert alts == ["A line rising to 1,200 in 2021."]
    assert "Source: Test Publisher, 4 March 2021[1]" in " ".join(text.split())


# Charts that hold any data: drawn from plain specs, measured in the drawing svglib makes.

PRIMARY, ACCENT = "#1F3A5F", "#C8702A"
EXAMPLES = int(os.environ.get("BRIEFGEN_EXAMPLES", "25"))
WIDTH = 481.9  # the text width of an A4 brief


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (
            self.x0 < other.x1 - slack
            and other.x0 < self.x1 - slack
            and self.y0 < other.y1 - slack
            and other.y0 < self.y1 - slack
        )


class Drawn(NamedTuple):
    """What a chart's drawing shows: its size, its texts, its bars and its reference line."""

    width: float
    height: float
    texts: list[Box]
    bars: list[Box]
    reference: int  # the reference line's place in drawing order (-1 if none)
    last_bar: int  # the last bar's


def _corners(m: tuple, x0: float, y0: float, x1: float, y1: float, text: str = "") -> Box:
    points = [mmult_point(m, p) for p in ((x0, y0), (x0, y1), (x1, y0), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), text)


def mmult_point(m: tuple, p: tuple[float, float]) -> tuple[float, float]:
    return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])


def drawn(drawing: object) -> Drawn:
    from reportlab.graphics.shapes import Path as RLPath
    from reportlab.graphics.shapes import mmult
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

    texts: list[Box] = []
    bars: list[Box] = []
    order = {"reference": -1, "bar": -1}
    count = 0

    def walk(node: object, m: tuple) -> None:
        nonlocal count
        count += 1
        if isinstance(node, Group):
            inner = mmult(m, node.transform)
            for child in node.contents:
                walk(child, inner)
        elif isinstance(node, String):
            width = stringWidth(node.text, node.fontName, node.fontSize)
            start = node.x - {"middle": width / 2, "end": width}.get(node.textAnchor, 0)
            up, down = getAscentDescent(node.fontName, node.fontSize)
            texts.append(_corners(m, start, node.y + down, start + width, node.y + up, node.text))
        elif isinstance(node, RLPath):
            fill, stroke = node.fillColor, node.strokeColor
            if fill is not None and fill.hexval() in (HexColor(PRIMARY).hexval(), "0x9db0c4"):
                bars.append(_corners(m, *node.getBounds()))
                order["bar"] = count
            elif stroke is not None and stroke.hexval() == HexColor(ACCENT).hexval():
                order["reference"] = count

    walk(drawing, (1, 0, 0, 1, 0, 0))
    return Drawn(drawing.width, drawing.height, texts, bars, order["reference"], order["bar"])


@pytest.fixture(scope="module")
def brief_fonts(shipped_project) -> fonts.FontFiles:
    return fonts.font_files(shipped_project)


def make(
    brief_fonts: fonts.FontFiles,
    kind: str,
    values: list[float],
    labels: list[str] | None = None,
    reference: tuple[float, str] | None = None,
    style: fmt.Notation = ENGLISH,
    script_fonts: tuple[Path, ...] = (),
) -> chart.ChartSpec:
    labels = labels or [f"Site {i + 1}" for i in range(len(values))]
    bars = tuple(
        chart.Bar(
            label,
            value,
            fmt.axis_value(value, "count", style),
            short=fmt.compact_value(value, "count", style),
        )
        for label, value in zip(labels, values, strict=True)
    )
    return chart.ChartSpec(
        kind, bars, "count", "People", reference, PRIMARY, ACCENT, brief_fonts, script_fonts, WIDTH,
        CHART_HEIGHT, style,
    )  # fmt: skip


def check(spec: chart.ChartSpec) -> Drawn:
    """Draw a chart and assert what holds for any data: every text inside the drawing and
    clear of every other text and of every bar, bars no wider than chartplot.MAX_BAR, and
    the reference line drawn over the bars."""
    out = drawn(chart.to_drawing(chart.render_svg(spec)))
    assert out.texts and len(out.bars) == len(spec.bars)  # a line chart's: its points
    for i, box in enumerate(out.texts):
        assert box.x0 >= -0.5 and box.x1 <= out.width + 0.5, box
        assert box.y0 >= -0.5 and box.y1 <= out.height + 0.5, box
        for other in out.texts[i + 1 :]:
            assert not box.overlaps(other), (box, other)
        for bar in out.bars:
            assert not box.overlaps(bar), (box, bar)
    across = [b.y1 - b.y0 if spec.kind == "hbar" else b.x1 - b.x0 for b in out.bars]
    assert max(across, default=0) <= chartplot.MAX_BAR + 0.01
    if spec.reference:
        assert spec.reference[1] in {t.text for t in out.texts}
        assert out.reference > out.last_bar, "the reference line is drawn under the bars"
    return out


@pytest.mark.parametrize("kind", ["bar", "hbar"])
@pytest.mark.parametrize("capacity", [4000, 2000])
def test_one_bar_is_a_bar_centred_with_its_reference_over_it(
    brief_fonts, kind: str, capacity: float
) -> None:
    out = check(make(brief_fonts, kind, [3200], reference=(capacity, "Capacity")))
    [bar] = out.bars
    if kind == "bar":
        assert 0.4 * out.width < (bar.x0 + bar.x1) / 2 < 0.6 * out.width  # centred
    else:
        assert 0.3 * out.height < (bar.y0 + bar.y1) / 2 < 0.7 * out.height
    assert {"3,200", "Site 1"} <= {t.text for t in out.texts}


LONG = [
    "Provincial prisons in the northern provinces",
    "Compulsory drug detention centres run by the military police",
    "Supercalifragilisticexpialidociousnesses",
    "CC1",
]


@pytest.mark.parametrize("kind", ["bar", "hbar"])
def test_thirty_bars_with_long_labels(brief_fonts, kind: str) -> None:
    values = [1000 + 37_000 * ((i * 7) % 30) for i in range(30)]
    labels = [f"{LONG[i % 4]} {i}" for i in range(30)]
    out = check(make(brief_fonts, kind, values, labels, reference=(500_000, "Capacity")))
    texts = [t.text for t in out.texts]
    for label in labels:  # each label, or its beginning where it has to stop short
        assert any(label.startswith(t.rstrip("…")) for t in texts if t[:3] == label[:3]), label
    if kind == "hbar":
        assert out.height > 3 * CHART_HEIGHT  # grown to give thirty rows room


@pytest.mark.parametrize("kind", ["bar", "hbar"])
def test_long_labels_wrap_onto_lines(brief_fonts, kind: str) -> None:
    out = check(make(brief_fonts, kind, [120, 80, 45, 10], LONG))
    texts = [t.text for t in out.texts]
    words = " ".join(LONG).split()
    shown = " ".join(texts)
    assert all(w in shown for w in words if w != LONG[2]), texts
    assert "CC1" in texts and LONG[1] not in texts  # the long one is wrapped, the short not
    if kind == "bar":  # a single word longer than its slot is broken
        assert LONG[2] not in texts and any(LONG[2].startswith(t) for t in texts)


def test_values_from_a_hundredth_to_a_trillion_in_compact_french(brief_fonts) -> None:
    out = check(make(brief_fonts, "bar", [0.01, 1e12, 3e9], style=fmt.Notation("fr")))
    texts = {t.text for t in out.texts}
    assert {"0", "200\xa0Md", "1\xa0Bn"} <= texts  # the value axis, compact
    assert "0,01" in texts  # the smallest value, printed in full


def test_khmer_ticks_in_khmer_digits_and_words(brief_fonts) -> None:
    khmer = fmt.Notation("km", native_digits=True)
    own = (brief_fonts.regular.with_name("NotoSansKhmer-Regular.ttf"),)
    spec = make(brief_fonts, "hbar", [2e9, 5e9], ["AFP", "RFA"], style=khmer, script_fonts=own)
    svg = chart.render_svg(spec)
    texts = {s.text for s in strings(chart.to_drawing(svg))}
    assert {"០", "៥\xa0ប៊ីលាន"} <= texts


def test_line_chart_keeps_its_last_label_inside(brief_fonts) -> None:
    values = [800, 1000, 1200, 999_999]
    out = check(make(brief_fonts, "line", values, ["2019", "2020", "2021", "2022"]))
    assert "999,999" in {t.text for t in out.texts}


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    kind=st.sampled_from(["bar", "hbar", "line"]),
    data=st.lists(
        st.tuples(
            st.floats(min_value=-2, max_value=12),
            st.text(alphabet="abcdefghij ", min_size=1, max_size=70).filter(str.strip),
        ),
        min_size=1,
        max_size=30,
    ),
    reference=st.none() | st.floats(min_value=-2, max_value=12),
)
def test_any_bars_fit(brief_fonts, kind: str, data: list, reference: float | None) -> None:
    values = [10**power for power, _ in data]
    labels = [label for _, label in data]
    line = (10**reference, "Reference level") if reference is not None else None
    check(make(brief_fonts, kind, values, labels, reference=line))


def test_cache_key_covers_the_compact_values(brief_fonts) -> None:
    from dataclasses import replace

    spec = make(brief_fonts, "bar", [1_234_567])
    other = replace(spec, bars=(replace(spec.bars[0], short="1M"),))
    assert chart.cache_key(spec, {}) != chart.cache_key(other, {})


def test_the_drawer_sends_each_drawing_as_drawn_and_passes_over_what_a_build_left(
    brief_fonts, tmp_path: Path
) -> None:
    """Drawings come one by one (the first converted while the next is drawn); an error
    ends its batch; a batch a failed build did not take whole is not taken by the next; a
    drawer that has ended leaves its charts to be drawn by the build."""
    from dataclasses import replace

    one, two = make(brief_fonts, "bar", [1, 2]), make(brief_fonts, "hbar", [3, 4, 5])
    broken = replace(one, fonts=replace(one.fonts, regular=tmp_path / "missing.ttf"))
    drawer = Drawer()
    try:
        drawer.send([one, broken, two])
        drawings = drawer.receive()
        assert next(drawings) == chart.render_svg(one)
        with pytest.raises(FileNotFoundError):
            next(drawings)
        drawer.send([two, one])
        assert next(drawer.receive()) == chart.render_svg(two)  # the build fails here
        drawer.send([one])
        assert list(drawer.receive()) == [chart.render_svg(one)]
        drawer.send([])
        assert list(drawer.receive()) == []
        drawer._process.kill()  # as the kernel kills a process out of memory
        drawer._process.join()
        drawer.send([one, two])
        assert list(drawer.receive()) == [chart.render_svg(one), chart.render_svg(two)]
    finally:
        drawer.close()


@pytest.mark.skipif(
    not os.path.isdir("/proc/self/task") or (os.cpu_count() or 1) < 2,
    reason="threads counted in /proc, where there are cores for more than one",
)
def test_matplotlib_is_loaded_with_numpy_on_one_thread() -> None:
    """OpenBLAS would start a thread per core when numpy is imported: the drawer's CPU time
    is the build's, on a machine with two cores; a program calling briefgen keeps its own
    settings."""
    import subprocess
    import sys

    probe = "from briefgen import chart; chart.load_matplotlib(); import os; "
    probe += "print(len(os.listdir('/proc/self/task')), os.environ.get('OMP_NUM_THREADS'))"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["1", "None"]  # and the caller's environment as it was


@pytest.mark.parametrize("count", ["fewer", "more"])
def test_a_drawer_that_sends_back_another_number_of_drawings_is_a_bug_named(
    tmp_path: Path, count: str
) -> None:
    """A build checks it got a drawing for each chart, and no more: a drawer out of step
    would put one chart's drawing in another's place."""
    from .conftest import copy_english

    class OutOfStep:
        def send(self, specs: list[chart.ChartSpec]) -> None:
            self.specs = specs

        def receive(self) -> object:
            drawn = [chart.render_svg(spec) for spec in self.specs]
            return iter(drawn[:-1] if count == "fewer" else [*drawn, drawn[0]])

    root = copy_english(tmp_path / "project")
    with pytest.raises(RuntimeError, match=f"the drawer sent {count} drawings than") as caught:
        api.build(root, cache=False, drawer=OutOfStep(), jobs=1)
    if count == "fewer":
        assert caught.value.__notes__[0].startswith("drawing the chart '")
    assert not list((root / "out").glob("*.pdf"))
