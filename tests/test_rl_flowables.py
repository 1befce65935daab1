"""Guards what briefgen.rl.flowables relies on in ReportLab's lists: ListFlowable's private
_getContent returns one indenter per item, holding the item's flowable as `_flowable` and its
label's drawer as `_bullet`, which the indenter draws with `_bullet.drawOn(indenter, canvas,
x, y, _sW)`. If these fail, lists' bullets and numbers are no longer tagged as Lbl."""

from __future__ import annotations

import io
import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, ListItem, Paragraph

from briefgen.rl.flowables import TaggedList
from briefgen.tagging import Marked, Tag, Tagger

WORDS = ["First", "Second", "Third"]


def tagged_items(root: Tag) -> tuple[list[ListItem], list[Paragraph], list[Tag]]:
    """List items of one paragraph each, tagged as P < LBody < LI < L; their paragraphs and
    their Lbl tags."""
    listing = root.child("L")
    items, paras, labels = [], [], []
    for word in WORDS:
        item = listing.child("LI")
        labels.append(item.child("Lbl"))
        para = Paragraph(word, ParagraphStyle("body"))
        para.tag = item.child("LBody").child("P")
        items.append(ListItem(para, leftIndent=12))
        paras.append(para)
    return items, paras, labels


def test_list_content_is_one_indenter_per_item_holding_its_flowable_and_bullet() -> None:
    items, paras, _ = tagged_items(Tag("Document"))
    content = ListFlowable(items, bulletType="1", leftIndent=12)._getContent()
    flowables = [getattr(indenter, "_flowable", None) for indenter in content]
    assert flowables == paras, (
        "ReportLab's ListFlowable._getContent no longer returns one indenter per item with the "
        "item's flowable as _flowable: briefgen cannot find a list label's structure element"
    )
    bullets = [getattr(indenter, "_bullet", None) for indenter in content]
    assert all(callable(getattr(b, "drawOn", None)) for b in bullets), (
        "ReportLab's list indenters no longer hold their label's drawer as _bullet (with a "
        "drawOn method): briefgen cannot draw lists' labels as tagged Lbl elements"
    )


def test_each_label_is_drawn_as_the_content_of_its_items_lbl() -> None:
    root = Tag("Document")
    items, _, labels = tagged_items(root)
    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=0)
    canv.tagger = Tagger(root, str)
    listing = TaggedList(items, bulletType="1", leftIndent=12)
    listing.wrapOn(canv, 300, 500)
    listing.drawOn(canv, 50, 400)
    canv.showPage()
    canv.save()
    marks = [label.kids for label in labels]
    assert marks == [[Marked(0, 0)], [Marked(0, 1)], [Marked(0, 2)]], (
        "ReportLab's list indenters no longer draw their label through _bullet.drawOn: lists' "
        "bullets and numbers are not tagged as Lbl"
    )
    sequences = re.findall(rb"/Lbl <</MCID (\d)>> BDC(.*?)EMC", buffer.getvalue(), re.DOTALL)
    assert [(int(mcid), re.findall(rb"\((\d)\) Tj", body)) for mcid, body in sequences] == [
        (0, [b"1"]),
        (1, [b"2"]),
        (2, [b"3"]),
    ], "a list's numbers are not drawn inside their Lbl marked-content sequences"
