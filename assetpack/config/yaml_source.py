"""YAML files with line numbers, so every problem can say `file:line`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assetpack.errors import ConfigError, Problem

# libyaml's parser when PyYAML was built with it (the wheels are): the preset catalog took
# 0.25 s to parse in pure Python, most of a small build's start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlSource:
    """Parsed YAML data together with the node tree that knows where each value was written."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the value at `loc` (or of the deepest parent that exists)."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            node = _child(node, key)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        field = ".".join(str(part) for part in loc)
        return Problem(str(self.path), self.line_of(loc), field, message)


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def read_yaml(path: Path) -> YamlSource:
    """Read one YAML file; a missing file or bad syntax is a ConfigError naming the spot."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), None, "", "file not found")]) from None
    except UnicodeDecodeError:
        raise ConfigError(
            [Problem(str(path), None, "", "not UTF-8 text; save it as UTF-8")]
        ) from None
    try:
        root = yaml.compose(text, Loader=_LOADER)
        data = _LOADER(text).construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            [Problem(str(path), line, "", f"YAML syntax error: {exc.problem}")]
        ) from None
    return YamlSource(path, data if data is not None else {}, root)
