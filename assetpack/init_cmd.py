"""`assetpack init DIR`: a new brand kit and a first brief that build offline straight away.

Writes DIR/brief.yaml and DIR/brand/ (brandkit.yaml and four logo PNGs drawn with the brand
font), asking a few questions when run by a person and taking flags otherwise (--no-input).
Nothing here depends on the example kit: the palette is derived from one brand color, the
logos are drawn here, and headline and subhead come from a small set of localized templates,
so `assetpack build DIR/brief.yaml` works at once. It never overwrites a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from PIL import Image

from assetpack.init_brand import TEXT_CONTRAST, contrast, derive_palette, logo_files

# Headline and subhead per phrasebook language ({product} is the product's name). Short and
# neutral on purpose: they are placeholders a marketer replaces, but they must read natively
# and fit every preset, so nothing is shouted and nothing is promised.
TEMPLATES: dict[str, tuple[str, str]] = {
    "en": ("Meet {product}.", "Designed for every day."),
    "de": ("Das ist {product}.", "Gemacht für jeden Tag."),
    "fr": ("Voici {product}.", "Conçu pour chaque jour."),
    "es": ("Descubre {product}.", "Diseñado para tu día a día."),
    "it": ("Ecco {product}.", "Pensato per ogni giorno."),
    "pt-BR": ("Conheça {product}.", "Feito para o seu dia a dia."),
    "nl": ("Maak kennis met {product}.", "Gemaakt voor elke dag."),
    "vi": ("Khám phá {product}.", "Thiết kế cho mỗi ngày."),
    "zh-Hans": ("全新{product}", "为每一天而设计"),
    "zh-Hant": ("全新{product}", "為每一天而設計"),
    "ja": ("新しい{product}。", "毎日に、ちょうどいい。"),
    "ko": ("새로운 {product}", "매일을 위한 디자인"),
    "hi": ("पेश है {product}", "हर दिन के लिए बना"),
    "bn": ("নতুন {product}", "প্রতিদিনের জন্য তৈরি"),
    "ar": ("تعرّف على {product}", "مصمَّم لكل يوم"),
    "th": ("พบกับ {product}", "ออกแบบมาเพื่อทุกวัน"),
    "id": ("Perkenalkan {product}.", "Dirancang untuk setiap hari."),
    "tr": ("Karşınızda {product}.", "Her gün için tasarlandı."),
}
DEFAULT_PRESETS = (
    "instagram/feed-square",
    "instagram/feed-portrait",
    "facebook/link-ad",
    "google-display/300x250",
    "google-display/728x90",
)
DEFAULTS = {
    "brand": "Northwind",
    "product": "Northwind One",
    "price": "99",
    "currency": "USD",
    "locales": "en-US",
    "primary_color": "#1E40AF",
    "font": "Plus Jakarta Sans",
}

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Answers:
    """What the new kit and brief are made of, after questions and flags."""

    brand: str
    product: str
    price: Decimal
    currency: str
    locales: tuple[str, ...]
    primary: str
    accent: str | None
    font: str


# ---- YAML ---------------------------------------------------------------------------------


def _q(value: object) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML and escape everything."""
    return json.dumps(value, ensure_ascii=False)


def _weights(family: str) -> tuple[int, int, int]:
    """Headline, body and CTA weights the installed family can draw."""
    from assetpack.fonts.faces import find_family

    wanted = (800, 500, 700)
    face = find_family(family, 800)
    if face is not None and face.supports_weight(800) and face.supports_weight(500):
        return wanted
    return (700, 400, 700)


def kit_yaml(answers: Answers, palette: dict[str, dict[str, str]], folder: Path) -> str:
    headline, body, cta = _weights(answers.font)
    roles = "".join(
        f"  {role}:  # text on color: {contrast(pair['color'], pair['text']):.2f}:1\n"
        f"    color: {_q(pair['color'])}\n    text: {_q(pair['text'])}\n"
        for role, pair in palette.items()
    )
    fonts = "".join(
        f"  {role}:\n    family: {_q(answers.font)}\n    weight: {weight}\n"
        for role, weight in (("headline", headline), ("body", body), ("cta", cta))
    )
    return (
        f"{_schema_line('brandkit', folder)}"
        f"# Brand kit for {answers.brand}, written by `assetpack init`. Edit freely; check it\n"
        "# with `assetpack kit check brand --locales ...`.\n"
        f"name: {_q(answers.brand)}\n\n"
        "# Derived from the primary color; WCAG AA for normal text needs 4.5:1.\n"
        f"{_deepened_note(answers.primary, palette)}"
        f"palette:\n{roles}\n"
        f"fonts:\n{fonts}  fallbacks: {{}}\n\n"
        "# Drawn by `assetpack init` with the brand font; replace with your own artwork.\n"
        "logo:\n  on_light: logo-on-light.png\n  on_dark: logo-on-dark.png\n"
        "  mark_on_light: mark-on-light.png\n  mark_on_dark: mark-on-dark.png\n"
        "  min_height_px: 24\n  clear_space: 0.25\n\n"
        "tone:\n  description: Clear, warm and concise. Short sentences; no exclamation marks.\n"
        "  banned_words: []\n  required_phrases: []\n\n"
        f"legal: {_q(f'© {dt.date.today().year} {answers.brand}')}\n"
    )


def _deepened_note(asked: str, palette: dict[str, dict[str, str]]) -> str:
    actual = palette["primary"]["color"]
    if actual == asked.upper():
        return ""
    return (
        f"# primary is your {asked.upper()} deepened to {actual}: neither white nor dark text\n"
        f"# reads on {asked.upper()} at {TEXT_CONTRAST:.0f}:1, and CTA buttons need it.\n"
    )


def campaign_id(product: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", product.lower()).strip("-")
    return f"{slug or 'product'}-launch"


def localized_copy(tag: str, product: str) -> tuple[str, str]:
    from assetpack.copy.phrasebook import phrasebook_key

    key = phrasebook_key(tag)
    if key is None or key not in TEMPLATES:
        raise click.BadParameter(f"no copy templates for {tag}", param_hint="--locales")
    headline, subhead = TEMPLATES[key]
    return headline.format(product=product), subhead.format(product=product)


def brief_yaml(answers: Answers, folder: Path) -> str:
    copy = "".join(
        f"  {tag}:\n    headline: {_q(h)}\n    subhead: {_q(s)}\n"
        for tag, (h, s) in ((t, localized_copy(t, answers.product)) for t in answers.locales)
    )
    presets = "".join(f"  - {p}\n" for p in DEFAULT_PRESETS)
    return (
        f"{_schema_line('brief', folder)}"
        f"# First brief for {answers.product}, written by `assetpack init`.\n"
        "# Build it with: assetpack build brief.yaml -o out\n"
        "brand_kit: brand\n"
        f"campaign: {campaign_id(answers.product)}\n\n"
        f"product:\n  name: {_q(answers.product)}\n"
        f"  price: {{amount: {answers.price}, currency: {answers.currency}}}\n\n"
        f"key_message: {_q(f'{answers.product} by {answers.brand}, designed for every day.')}\n"
        f"\nlocales: [{', '.join(answers.locales)}]\n\n"
        f"presets:\n{presets}\n"
        "# Headline and subhead per locale (placeholders to rewrite); button, badge, price and\n"
        "# legal line come from the phrasebook, CLDR and the brand kit.\n"
        f"copy:\n{copy}\n"
        "art:\n  provider: procedural\n  seed: 1\n"
    )


def _schema_line(name: str, folder: Path) -> str:
    """The editor modeline, when this checkout has the schemas folder; else nothing."""
    schema = Path(__file__).resolve().parents[1] / "schemas" / f"{name}.schema.json"
    if not schema.is_file():
        return ""
    relative = Path(os.path.relpath(schema, folder.resolve())).as_posix()
    return f"# yaml-language-server: $schema={relative}\n#\n"


# ---- the command --------------------------------------------------------------------------


def _parse(brand: str, product: str, price: str, currency: str, locales: str, color: str,
           accent: str | None, font: str) -> Answers:  # fmt: skip
    """Check every answer, naming the flag of the first that is wrong (exit 2 via click)."""
    from assetpack.config.brief import Money, check_locale
    from assetpack.fonts.faces import families

    try:
        amount = Decimal(price)
        money = Money(amount=amount, currency=currency)
    except (InvalidOperation, ValueError) as exc:
        raise click.BadParameter(f"{price} {currency}: {exc}", param_hint="--price") from None
    tags = tuple(dict.fromkeys(t.strip() for t in locales.split(",") if t.strip()))
    for tag in tags:
        try:
            check_locale(tag)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--locales") from None
        localized_copy(tag, product)
    for flag, value in (("--primary-color", color), ("--accent-color", accent)):
        if value is not None and not _HEX.match(value):
            raise click.BadParameter(f"{value!r} is not #RRGGBB", param_hint=flag)
    if font not in families():
        raise click.BadParameter(f"{font!r} is not installed; choose one of {families()}")
    if not brand.strip() or not product.strip() or not tags:
        raise click.BadParameter("brand, product and locales must not be empty")
    return Answers(brand.strip(), product.strip(), money.amount, money.currency, tags,
                   color.upper(), accent, font)  # fmt: skip


def _ask(flags: dict[str, str | None], no_input: bool) -> dict[str, str]:
    """Fill unset flags: from a question when interactive, else from DEFAULTS."""
    questions = {
        "brand": "Brand name",
        "product": "Product name",
        "price": "Price",
        "currency": "Currency (ISO 4217)",
        "locales": "Locales, comma-separated (e.g. en-US,de-DE,ja-JP)",
        "primary_color": "Primary brand color (#RRGGBB)",
    }
    values: dict[str, str] = {}
    for key, default in DEFAULTS.items():
        given = flags.get(key)
        if given is not None:
            values[key] = given
        elif no_input or key not in questions:
            values[key] = default
        else:
            values[key] = click.prompt(questions[key], default=default)
    return values


def plan_files(target: Path, answers: Answers) -> dict[Path, str | Image.Image]:
    palette = derive_palette(answers.primary, answers.accent)
    files: dict[Path, str | Image.Image] = {
        target / "brief.yaml": brief_yaml(answers, target),
        target / "brand" / "brandkit.yaml": kit_yaml(answers, palette, target / "brand"),
    }
    for name, image in logo_files(answers.brand, answers.font, palette).items():
        files[target / "brand" / name] = image
    return files


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--brand", help="Brand name, as it appears in copy and the logo.")
@click.option("--product", help="Product name, written the same in every locale.")
@click.option("--price", help="Price, e.g. 129.99.")
@click.option("--currency", help="ISO 4217 currency code, e.g. USD, EUR, JPY.")
@click.option("--locales", help="Comma-separated BCP 47 locales, e.g. en-US,de-DE,ar-SA.")
@click.option("--primary-color", help="Main brand color, #RRGGBB; the palette is derived.")
@click.option("--accent-color", help="Badge color, #RRGGBB (default: derived).")
@click.option("--font", help=f"Installed font family (default {DEFAULTS['font']}).")
@click.option("--no-input", is_flag=True, help="Ask nothing; unset flags take defaults.")
@click.pass_context
def init_command(ctx: click.Context, directory: Path, accent_color: str | None,
                 no_input: bool, **flags: str | None) -> None:  # fmt: skip
    """Create a brand kit and a first brief in DIRECTORY that build offline at once."""
    values = _ask(flags, no_input)
    answers = _parse(
        values["brand"], values["product"], values["price"], values["currency"],
        values["locales"], values["primary_color"], accent_color, values["font"],
    )  # fmt: skip
    files = plan_files(directory, answers)
    existing = [path for path in files if path.exists()]
    if existing:
        more = f" (and {len(existing) - 1} more of its files)" if len(existing) > 1 else ""
        click.echo(
            f"error: {existing[0]} already exists{more}; init never overwrites files. "
            "Choose a new folder.",
            err=True,
        )
        ctx.exit(2)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            content.save(path, format="PNG", optimize=True)
    note = _deepened_note(answers.primary, derive_palette(answers.primary, answers.accent))
    if note:
        click.echo(note.replace("# ", "note: ", 1).replace("\n# ", " ").strip())
    click.echo(f"wrote {len(files)} files to {directory}")
    click.echo(f"next: assetpack build {directory / 'brief.yaml'} -o out")
