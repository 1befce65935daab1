"""Guards on briefgen.rl.patterns: ReportLab's paragraph module, imported after briefgen,
compiles its regular expressions when first used, and breaks lines exactly as it does alone."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

# Lines of a paragraph whose web addresses ReportLab splits with its `uri_pat`, the pattern it
# would compile as it is imported, in a fresh interpreter that imports briefgen first or not.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    if sys.argv[1] == "briefgen first":
        import briefgen
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, paragraph

    style = ParagraphStyle(
        "p", fontName="Helvetica", fontSize=10, leading=12, uriWasteReduce=0.3,
        embeddedHyphenation=1, splitLongWords=1,
    )
    text = sys.argv[2]
    lines = []
    for width in (60, 90, 140, 400):
        para = Paragraph(text, style)
        para.wrap(width, 1000)
        lines.append([" ".join(line[1]) for line in para.blPara.lines])
    print(json.dumps([type(paragraph.uri_pat).__name__, lines]))
    """
)
TEXTS = [
    "See https://www.amnesty.org/en/documents/asa23/2220/2020/en/ for the report",
    "Mirror at http://10.0.0.1/x/y/z and ftp://user@host.example:2121/a/b.pdf too",
    "Ask for https://пример.испытание/путь/к/файлу in Cyrillic, xn--e1afmkfd.xn--80akhbyknj4f",
    "A word-without-any-address-whatsoever-that-is-far-too-long-for-its-line to split",
]


def lines(how: str, text: str) -> tuple[str, list[list[str]]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, how, text], capture_output=True, text=True, check=True
    )
    kind, laid = json.loads(done.stdout)
    return kind, laid


@pytest.mark.parametrize("text", TEXTS)
def test_paragraph_breaks_web_addresses_as_it_does_alone(text: str) -> None:
    kind, deferred = lines("briefgen first", text)
    alone_kind, alone = lines("alone", text)
    assert kind == "DeferredPattern", (
        "reportlab.platypus.paragraph no longer defines uri_pat with re.compile as it is "
        "imported: briefgen.rl.patterns defers nothing now (remove it, or follow the module)"
    )
    assert alone_kind == "Pattern"
    assert deferred == alone, "a deferred pattern broke a paragraph's lines differently"
    assert any(len(laid) > 1 for laid in alone)


def test_only_the_paragraph_modules_own_patterns_are_deferred() -> None:
    script = textwrap.dedent(
        """
        import re, sys
        import briefgen
        import reportlab.platypus.paragraph as paragraph
        from briefgen.rl.patterns import DeferredPattern

        assert re.compile.__module__ == "re", "re.compile left swapped"
        from briefgen.rl.patterns import _Finder
        assert not [f for f in sys.meta_path if isinstance(f, _Finder)], "the finder stayed"
        import copy, pickle
        for copied in (copy.copy, copy.deepcopy, lambda p: pickle.loads(pickle.dumps(p))):
            again = copied(paragraph.uri_pat)
            assert again.match("https://example.org/a") and not again.match("no address")
        others = [
            name for name, module in list(sys.modules.items()) if module is not paragraph
            for value in list(vars(module).values()) if isinstance(value, DeferredPattern)
        ]
        assert not others, others
        print(sum(isinstance(v, DeferredPattern) for v in vars(paragraph).values()))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1
