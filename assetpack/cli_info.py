"""Informational commands: `presets list`, `kit check`, `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pydantic import BaseModel

from assetpack.config import BrandKit, Brief, SizePreset, load_brand_kit, load_catalog
from assetpack.errors import ConfigError

SCHEMAS: dict[str, type[BaseModel]] = {
    "brief": Brief,
    "brandkit": BrandKit,
    "presets": SizePreset,
}


@click.group("presets")
def presets_group() -> None:
    """The size presets assetpack knows."""


@presets_group.command("list")
@click.option("--platform", help="Only this platform, e.g. instagram.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def presets_list(platform: str | None, as_json: bool) -> None:
    """List presets: id, size, aspect class, safe zone, limits."""
    presets = [p for p in load_catalog() if platform in (None, p.platform)]
    if as_json:
        data = [p.model_dump(mode="json") | {"aspect_class": p.aspect_class} for p in presets]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for p in presets:
        zone = p.safe_zone
        limit = f"{p.max_bytes // 1024} KB" if p.max_bytes else "-"
        rules = [] if p.text == "allowed" else ["no text"]
        rules += [] if p.background == "art" else ["white background"]
        click.echo(
            f"{p.id:32} {p.width_px:>5}x{p.height_px:<5} {p.aspect_class:11} "
            f"safe {zone.top_px}/{zone.right_px}/{zone.bottom_px}/{zone.left_px}  "
            f"{limit:>9}  {','.join(p.formats):9} {' '.join(rules)}"
        )


@click.group("kit")
def kit_group() -> None:
    """Brand kit tools."""


@kit_group.command("check")
@click.argument("kit_path", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--locales",
    default="en-US",
    show_default=True,
    help="Comma-separated locales whose scripts must be covered.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the coverage as JSON.")
def kit_check(kit_path: Path, locales: str, as_json: bool) -> None:
    """Check a brand kit loads and its fonts cover the scripts of LOCALES."""
    from assetpack.fonts import resolve_fonts
    from assetpack.fonts.coverage import coverage_report

    path = kit_path / "brandkit.yaml" if kit_path.is_dir() else kit_path
    kit, problems = load_brand_kit(path)
    if kit is None or problems:
        raise ConfigError(problems)
    tags = [t.strip() for t in locales.split(",") if t.strip()]
    book = resolve_fonts(kit, tags)
    report = list(coverage_report(kit, book, {tag: locale_sample(tag) for tag in tags}))
    gaps = sum(not ok for _, ok in report)
    if as_json:
        rows = [{"line": line, "ok": ok} for line, ok in report]
        click.echo(
            json.dumps({"kit": kit.name, "gaps": gaps, "coverage": rows}, ensure_ascii=False)
        )
    else:
        for line, ok in report:
            click.echo(("  ok   " if ok else "  GAP  ") + line)
        click.echo(f"{kit.name}: {'no coverage gaps' if not gaps else f'{gaps} gap(s)'}")
    if gaps:
        raise SystemExit(1)


def locale_sample(tag: str) -> str:
    """Typical poster text for a locale: every phrasebook phrase with CLDR prices and dates."""
    import datetime as dt
    from decimal import Decimal

    from assetpack.config import Money
    from assetpack.copy.cldr import format_day, format_discount, format_price
    from assetpack.copy.phrasebook import INTENTS, MissingPhrase, phrase

    values = {
        "price": format_price(Money(amount=Decimal("1234.5"), currency="USD"), tag),
        "percent": format_discount(20, tag),
        "date": format_day(dt.date(2026, 12, 24), tag),
    }
    parts = [values["price"], values["percent"], values["date"], "0123456789 © ®"]
    for intent in INTENTS:
        try:
            parts.append(phrase(intent, tag, **values))
        except MissingPhrase:
            continue
    return " ".join(parts)


@click.command("schema")
@click.argument("which", type=click.Choice(sorted(SCHEMAS)))
def schema_command(which: str) -> None:
    """Print the JSON Schema of a brief, brand kit or preset, for editors."""
    schema = SCHEMAS[which].model_json_schema(by_alias=True)
    if which == "brandkit":
        schema.get("properties", {}).pop("root", None)
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))
