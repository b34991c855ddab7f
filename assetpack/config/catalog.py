"""The size-preset catalog: `size_presets/<platform>.yaml`, one file per platform."""

from __future__ import annotations

import difflib
import fnmatch
import os
from functools import cache
from pathlib import Path

from assetpack.config.presets import SizePreset
from assetpack.config.problems import validate
from assetpack.config.yaml_source import read_yaml
from assetpack.errors import ConfigError, Problem

PRESETS_ENV = "ASSETPACK_PRESETS_DIR"


def default_presets_dir() -> Path:
    """`$ASSETPACK_PRESETS_DIR`, else the `size_presets/` folder of this checkout."""
    configured = os.environ.get(PRESETS_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "size_presets"


@cache
def load_catalog(presets_dir: Path | None = None) -> tuple[SizePreset, ...]:
    """Every preset of every platform file, in file then listing order."""
    folder = presets_dir or default_presets_dir()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise ConfigError([Problem(str(folder), None, "", "no preset files (*.yaml) found here")])
    presets: list[SizePreset] = []
    problems: list[Problem] = []
    for path in files:
        source = read_yaml(path)
        platform = path.stem
        entries = source.data.get("presets") if isinstance(source.data, dict) else None
        if not isinstance(entries, list):
            problems.append(source.problem(["presets"], "must be a list of presets"))
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or "name" not in entry:
                problems.append(source.problem(["presets", index], "each preset needs a name"))
                continue
            data = {k: v for k, v in entry.items() if k != "name"}
            data["id"] = f"{platform}/{entry['name']}"
            data.setdefault("source", source.data.get("source", ""))
            model, found = validate(SizePreset, data, source, prefix=["presets", index])
            problems.extend(found)
            if model is not None:
                presets.append(model)  # type: ignore[arg-type]
    if problems:
        raise ConfigError(problems)
    return tuple(presets)


def select_presets(
    catalog: tuple[SizePreset, ...], patterns: list[str]
) -> tuple[list[SizePreset], list[str]]:
    """Presets matching any id or glob, in catalog order, and a message per unmatched pattern."""
    ids = [preset.id for preset in catalog]
    chosen: set[str] = set()
    unmatched: list[str] = []
    for pattern in patterns:
        hits = fnmatch.filter(ids, pattern.lower())
        if hits:
            chosen.update(hits)
            continue
        close = difflib.get_close_matches(pattern, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `assetpack presets list`"
        unmatched.append(f"{pattern!r} matches no preset{hint}")
    return [preset for preset in catalog if preset.id in chosen], unmatched
