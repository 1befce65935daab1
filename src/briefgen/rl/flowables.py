"""A list whose labels (bullets, numbers) are tagged as the Lbl element of their item.

ReportLab draws a list item's label from inside the item's indenter, not as a flowable of its
own. This relies on ListFlowable's private `_getContent` returning one indenter per item, with
the item's flowable as `_flowable` and the label's drawer as `_bullet`, drawn through
`_bullet.drawOn(indenter, canvas, x, y, _sW)`; tests/test_rl_flowables.py guards that.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import ListFlowable

from ..tagging import Tag, marked


class TaggedList(ListFlowable):
    """A list whose bullets or numbers are drawn as the Lbl element of their item; an item's
    first flowable (which the label is drawn beside) has a tag that is a child of the item's
    LBody (P < LBody < LI)."""

    def _getContent(self) -> list[Any]:
        content = super()._getContent()
        for indenter in content:
            tag = getattr(getattr(indenter, "_flowable", None), "tag", None)
            if getattr(indenter, "_bullet", None) is not None and tag is not None:
                item = tag.parent.parent  # P < LBody < LI
                indenter._bullet = _Label(indenter._bullet, item.kids[0])
        return content


class _Label:
    """A list item's bullet, drawn as its Lbl element."""

    def __init__(self, bullet: Any, tag: Tag) -> None:
        self._bullet, self._tag = bullet, tag

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        with marked(canv, self._tag):
            self._bullet.drawOn(indenter, canv, x, y, _sW)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bullet, name)
