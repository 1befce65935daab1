"""Removing inline translations from the YAML they are written in, keeping everything else
byte for byte: comments, quoting, the order and layout of every other line."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..load import Key


def remove(path: Path, variants: list[tuple[Key, str]]) -> None:
    """Remove from the YAML file at `path` the variants (key path of the text, language)."""
    text = path.read_text(encoding="utf-8")
    # the pure-Python parser: its marks count characters, which the cuts below rely on
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    cuts = sorted((_span(text, _find(node, key), lang) for key, lang in variants), reverse=True)
    for start, end in cuts:
        text = text[:start] + text[end:]
    from ..state import replacing

    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _find(node: yaml.Node, key: Key) -> yaml.MappingNode:
    for part in key:
        if isinstance(node, yaml.SequenceNode):
            node = node.value[int(part)]
        else:
            node = next(v for k, v in node.value if k.value == str(part))
    assert isinstance(node, yaml.MappingNode)
    return node


def _span(text: str, mapping: yaml.MappingNode, lang: str) -> tuple[int, int]:
    """The characters to cut to remove the `lang` pair of a mapping: its whole lines in block
    style; in flow style (`{en: ..., km: ...}`), the pair and one comma beside it."""
    pairs = mapping.value
    i = next(n for n, (k, _) in enumerate(pairs) if k.value == lang)
    key, value = pairs[i]
    if mapping.flow_style:
        if i > 0:
            return pairs[i - 1][1].end_mark.index, value.end_mark.index
        return key.start_mark.index, pairs[1][0].start_mark.index
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    last = start + len(text[start : value.end_mark.index].rstrip())
    end = text.find("\n", last)
    return start, len(text) if end < 0 else end + 1
