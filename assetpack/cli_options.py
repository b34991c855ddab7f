"""Options that more than one command takes, declared once."""

from __future__ import annotations

import click


def split_list(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """Accept both `--locales en-US --locales ja-JP` and `--locales en-US,ja-JP`."""
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


LOCALES = click.option(
    "--locales", multiple=True, help="Only these locales (comma-separated or repeated)."
)
PRESETS = click.option(
    "--presets", multiple=True, help="Only these presets: ids or globs like 'instagram/*'."
)
ART = click.option(
    "--art",
    "art_provider",
    type=click.Choice(["procedural", "image", "openai"]),
    help="Where the art comes from (default: the brief's art.provider).",
)
TEXT_MODE = click.option(
    "--text-mode",
    type=click.Choice(["typeset", "model"]),
    help="Who draws the copy: assetpack, or the image model, verified (default: the brief's).",
)
DRAFT = click.option(
    "--draft", is_flag=True, help="Preview: the draft image model and low quality."
)
MAX_COST = click.option(
    "--max-cost",
    "max_cost_usd",
    type=click.FloatRange(min=0),
    metavar="USD",
    help="Refuse (exit 2) if the planned API calls would cost more than this.",
)
ALLOW_OUTSIDE = click.option(
    "--allow-outside", is_flag=True, help="Allow files outside the brief and kit folders."
)
