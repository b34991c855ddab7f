"""`assetpack plan BRIEF`: every API call a build would make and what it would cost, offline.

Nothing is called and no key is needed. The list is the build's own (see
`assetpack.imagegen.plan`): one key visual per aspect class, one edit per asset whose copy
the model draws, plus the copy model's request when it has copy to write.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from assetpack.cli_options import (
    ALLOW_OUTSIDE,
    ART,
    DRAFT,
    LOCALES,
    MAX_COST,
    PRESETS,
    TEXT_MODE,
    split_list,
)
from assetpack.imagegen.calls import CallPlan


@click.command("plan")
@click.argument("brief", type=click.Path(path_type=Path, dir_okay=False))
@LOCALES
@PRESETS
@ART
@TEXT_MODE
@DRAFT
@MAX_COST
@ALLOW_OUTSIDE
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def plan(
    brief: Path,
    locales: tuple[str, ...],
    presets: tuple[str, ...],
    art_provider: str | None,
    text_mode: str | None,
    draft: bool,
    max_cost_usd: float | None,
    allow_outside: bool,
    as_json: bool,
) -> None:
    """List the API calls building BRIEF would make, with the estimated cost."""
    from assetpack.config import load_project
    from assetpack.imagegen.plan import plan_calls, with_overrides
    from assetpack.imagegen.settings import load_image_settings

    project = load_project(
        brief,
        allow_outside=allow_outside,
        locales=list(split_list(locales) or ()) or None,
        presets=list(split_list(presets) or ()) or None,
    )
    project = with_overrides(project, art_provider, text_mode)  # type: ignore[arg-type]
    planned = plan_calls(project, load_image_settings(draft=draft))
    if as_json:
        click.echo(json.dumps(plan_json(planned, draft), ensure_ascii=False))
    else:
        _print_plan(planned)
    planned.check_budget(max_cost_usd)


def plan_json(planned: CallPlan, draft: bool = False) -> dict[str, Any]:
    return {
        "calls": [call.model_dump(mode="json") for call in planned.calls],
        "count": len(planned.calls),
        "estimated_usd": round(planned.usd, 4),
        "worst_case_usd": round(planned.worst_case_usd, 4),
        "max_text_attempts": planned.max_text_attempts,
        "draft": draft,
        "notes": planned.notes,
    }


def _print_plan(planned: CallPlan) -> None:
    if not planned.calls:
        click.echo("no API calls: this build runs offline")
        return
    header = ("endpoint", "model", "size", "quality", "n", "for", "target", "est. USD")
    rows = [header] + [
        (
            call.endpoint,
            call.model,
            call.size,
            call.quality,
            str(call.n),
            call.purpose,
            call.target,
            "n/a" if call.usd is None else f"{call.usd:.4f}",
        )
        for call in planned.calls
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())
    kinds = {
        purpose: sum(c.purpose == purpose for c in planned.calls) for purpose in ("art", "text")
    }
    summary = (
        f"{len(planned.calls)} calls ({kinds['art']} art, {kinds['text']} drawn copy): "
        f"about ${planned.usd:.2f}"
    )
    if kinds["text"] and planned.max_text_attempts > 1:
        summary += f"; at most ${planned.worst_case_usd:.2f} if every drawn copy needs repaints"
    click.echo(summary)
    for note in planned.notes:
        click.echo(f"note: {note}")
