"""Turn pydantic validation errors into messages a marketer can act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from assetpack.config.yaml_source import YamlSource
from assetpack.errors import Problem


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field; check the spelling (see `assetpack schema`)"
    text = str(error["msg"])
    if text.startswith("Value error, "):
        text = text[len("Value error, ") :]
    if "input" in error and kind not in ("missing",) and not isinstance(error["input"], dict):
        text = f"{text} (got {error['input']!r})"
    return text


def validate(
    model: type[BaseModel],
    data: Any,
    source: YamlSource,
    prefix: Sequence[str | int] = (),
    context: dict[str, Any] | None = None,
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate `data` as `model`; return the model or every problem, located in `source`."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = [
                *prefix,
                *(part for part in error["loc"] if not str(part).startswith("function-")),
            ]
            problems.append(source.problem(loc, _message(error)))
        return None, problems
