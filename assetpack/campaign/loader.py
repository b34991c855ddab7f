"""campaign.yaml → Campaign, with every problem reported at once as ``file:line: field: ...``.

The YAML is composed into nodes first so each value keeps the line it came from; pydantic's
error locations are then mapped back to those lines.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from assetpack.campaign.models import Campaign, Job, Overrides, Window
from assetpack.errors import ConfigError, Problem

Loc = tuple[str | int, ...]

# What "right" looks like, shown when a field is missing or has the wrong shape.
EXAMPLES: dict[str, str] = {
    "campaign": "campaign: spring-sale",
    "delivery": "delivery: s3://my-bucket/packs",
    "jobs": "jobs: [{name: weekly, brief: brief.yaml, schedule: '0 6 * * MON', timezone: UTC}]",
    "name": "name: weekly-tokyo",
    "brief": "brief: briefs/spring.yaml",
    "schedule": 'schedule: "0 6 * * MON"',
    "timezone": "timezone: Asia/Tokyo",
    "window": "window: {start: 2025-03-01, end: 2025-04-30}",
    "start": "start: 2025-03-01",
    "end": "end: 2025-04-30",
    "overrides": "overrides: {locales: [ja-JP], presets: [instagram_square]}",
    "locales": "locales: [en-US, ja-JP]",
    "presets": "presets: [instagram_square]",
}


def load_campaign(path: Path, *, check_briefs: bool = True) -> Campaign:
    """Read and validate a campaign file; raise ConfigError listing every problem in it."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([Problem(name, None, "", f"cannot read campaign file: {exc}")]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError([Problem(name, line, "", f"not valid YAML: {exc.problem}")]) from None
    if not isinstance(data, dict) or root is None:
        raise ConfigError([Problem(name, 1, "", "expected a mapping with campaign: and jobs:")])
    lines: dict[Loc, int] = {}
    problems = _index_lines(root, (), lines, name)
    context = {"base_dir": path.parent, "check_files": check_briefs}
    try:
        campaign = Campaign.model_validate(data, context=context)
    except ValidationError as exc:
        problems += [_problem(name, error, lines) for error in exc.errors()]
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    return campaign


def _index_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], name: str) -> list[Problem]:
    """Record the line of every key and list item; report keys given twice."""
    problems: list[Problem] = []
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                # PyYAML silently keeps the last one, which hides the user's mistake.
                field = _dotted((*loc, key))
                problems.append(Problem(name, key_node.start_mark.line + 1, field, "given twice"))
            seen.add(key)
            problems += _index_lines(value_node, (*loc, key), lines, name)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _index_lines(item, (*loc, index), lines, name)
    return problems


def _problem(name: str, error: Any, lines: dict[Loc, int]) -> Problem:
    loc: Loc = tuple(error["loc"])
    line = _nearest_line(loc, lines)
    return Problem(name, line, _dotted(loc), _message(error, loc))


def _nearest_line(loc: Loc, lines: dict[Loc, int]) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: Any, loc: Loc) -> str:
    kind = error["type"]
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    example = EXAMPLES.get(field)
    hint = f" (e.g. {example})" if example else ""
    if kind == "missing":
        return f"required but missing{hint}"
    if kind == "extra_forbidden":
        return _unknown_field(field, loc)
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} may only use a-z, 0-9, - and _, starting with a letter or digit"
    if kind in {"tuple_type", "list_type"}:
        return f"should be a list{hint}"
    if kind == "too_short":
        return f"must list at least one{hint}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{error['msg']}{hint}"


def _unknown_field(field: str, loc: Loc) -> str:
    allowed = sorted(_model_for(loc[:-1]).model_fields)
    close = difflib.get_close_matches(field, allowed, n=1)
    guess = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown field; {guess}expected one of: {', '.join(allowed)}"


def _model_for(loc: Loc) -> type[BaseModel]:
    """The model that validates the mapping at ``loc``."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return Campaign
    nested: dict[str, type[BaseModel]] = {"jobs": Job, "window": Window, "overrides": Overrides}
    return nested.get(names[-1], Campaign)
