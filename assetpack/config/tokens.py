"""Brand colors and fonts from a W3C Design Tokens (DTCG) file, as Figma token plugins and
Style Dictionary export them.

A DTCG file is nested groups of tokens; a token is an object with `$value` (and `$type`,
inherited from the nearest group that sets it)::

    {"color": {"$type": "color",
               "brand": {"amber": {"$value": "#F2A93B"}},
               "primary": {"$value": "{color.brand.amber}"},
               "on-primary": {"$value": "#14192B"}},
     "typography": {"headline": {"$type": "typography",
                                 "$value": {"fontFamily": "Inter", "fontWeight": 800}}}}

Aliases (`{group.token}`) are resolved, also inside composite values. Tokens are mapped to
the kit's roles by the words of their path (split on dots, dashes, underscores and camelCase):

- a role color is a color token naming the role: `color.primary`, `brand.primary.base`;
- its text color names the role and a text word after it (`primary-text`, `primary.on`,
  `primary.foreground`) or "on" right before it (`on-primary`, `onPrimary`);
- the background's text color may also be a bare text token (`color.text`, `text.primary`,
  `foreground`);
- the fewer other words a path has, the better it matches (`color.primary` beats
  `color.primary.hover`); on a tie the first in the file wins.

Roles: primary, secondary, accent (also: highlight, tertiary), background (also: bg, canvas,
paper, surface). A role with
no text token gets the palette color (or black or white) that reads best on it. Font roles:
headline (heading, display, title, h1), body (text, paragraph, base), cta (button, action,
label), from `typography` tokens or from `fontFamily` plus `fontWeight` tokens; a missing
headline or CTA borrows the body family at weight 700.

In a brand kit: `tokens: tokens.json` next to brandkit.yaml; palette and fonts come from the
file, anything written in the YAML wins, and YAML strings like "{color.brand.amber}" are
resolved against the file (`apply_tokens`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assetpack.config.base import hex_to_rgb
from assetpack.errors import ConfigError, Problem

ROLE_WORDS = {
    "primary": ("primary",),
    "secondary": ("secondary",),
    "accent": ("accent", "highlight", "tertiary"),
    "background": ("background", "bg", "canvas", "paper", "surface"),
}
FONT_ROLE_WORDS = {
    "headline": ("headline", "heading", "display", "title", "h1"),
    "body": ("body", "text", "paragraph", "base"),
    "cta": ("cta", "button", "action", "label"),
}
TEXT_WORDS = ("text", "on", "foreground", "fg", "content", "contrast", "ink")
# Words that say nothing about which role a token plays.
NEUTRAL_WORDS = frozenset(
    ("color", "colors", "colour", "colours", "palette", "brand", "semantic", "sys", "system",
     "theme", "base", "default", "value", "fill", "font", "fonts", "family", "typography",
     "type", "weight")
)  # fmt: skip
FONT_WEIGHTS = {
    "thin": 100, "hairline": 100, "extralight": 200, "ultralight": 200, "light": 300,
    "normal": 400, "regular": 400, "book": 400, "medium": 500, "semibold": 600,
    "demibold": 600, "bold": 700, "extrabold": 800, "ultrabold": 800, "black": 900,
    "heavy": 900, "extrablack": 900, "ultrablack": 900,
}  # fmt: skip
DEFAULT_WEIGHTS = {"headline": 700, "body": 400, "cta": 700}
_ALIAS = re.compile(r"^\{([^{}]+)\}$")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_RGB = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$")


@dataclass(frozen=True)
class Token:
    """One design token, its aliases resolved."""

    path: str
    type: str | None
    value: Any
    order: int

    @property
    def words(self) -> list[str]:
        return [w.lower() for w in _WORD.findall(self.path)]


def _fail(path: Path, where: str, message: str) -> ConfigError:
    return ConfigError([Problem(str(path), None, where, message)])


def _flatten(node: dict[str, Any], prefix: str, inherited: str | None, out: dict) -> None:
    group_type = node.get("$type", inherited)
    for key, child in node.items():
        if key.startswith("$") or not isinstance(child, dict):
            continue
        path = f"{prefix}.{key}" if prefix else key
        if "$value" in child:
            out[path] = (child.get("$type", group_type), child["$value"])
        else:
            _flatten(child, path, group_type, out)


def load_tokens(path: Path) -> dict[str, Token]:
    """Every token of a DTCG JSON file by dotted path, aliases resolved."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "", "tokens file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, "", f"not a JSON design tokens file: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(path, "", "must be a JSON object of token groups")
    raw: dict[str, tuple[str | None, Any]] = {}
    _flatten(data, "", None, raw)
    resolved: dict[str, Token] = {}
    for order, name in enumerate(raw):
        kind, value = _resolve(name, raw, path, ())
        resolved[name] = Token(name, kind, value, order)
    return resolved


def _resolve(
    name: str, raw: dict[str, tuple[str | None, Any]], file: Path, seen: tuple[str, ...]
) -> tuple[str | None, Any]:
    """A token's type and value with aliases followed; an alias inherits its target's type."""
    if name in seen:
        raise _fail(file, name, f"alias loop: {' -> '.join((*seen, name))}")
    if name not in raw:
        where = seen[-1] if seen else name
        raise _fail(file, where, f"refers to {{{name}}}, which is not a token in this file")
    kind, value = raw[name]
    target_type, resolved = _resolve_value(value, raw, file, (*seen, name))
    return kind or target_type, resolved


def _resolve_value(
    value: Any, raw: dict[str, tuple[str | None, Any]], file: Path, seen: tuple[str, ...]
) -> tuple[str | None, Any]:
    if isinstance(value, str) and (match := _ALIAS.match(value)):
        return _resolve(match.group(1), raw, file, seen)
    if isinstance(value, dict):
        return None, {k: _resolve_value(v, raw, file, seen)[1] for k, v in value.items()}
    if isinstance(value, list):
        return None, [_resolve_value(v, raw, file, seen)[1] for v in value]
    return None, value


# ---- colors -------------------------------------------------------------------------------


def to_hex(value: Any) -> str | None:
    """#RRGGBB from a DTCG color value: hex (#RGB, #RRGGBB, opaque #RRGGBBAA), rgb()/rgba(),
    or the 2025 object form {colorSpace: srgb, components: [r, g, b], hex?}. None otherwise:
    palette colors are opaque sRGB."""
    if isinstance(value, dict):
        if isinstance(value.get("hex"), str):
            return to_hex(value["hex"])
        parts = value.get("components")
        alpha = value.get("alpha", 1)
        if value.get("colorSpace") == "srgb" and isinstance(parts, list) and alpha == 1:
            return "#" + "".join(f"{round(float(c) * 255):02X}" for c in parts[:3])
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _RGB.match(text):
        if match.group(4) not in (None, "1", "1.0"):
            return None
        return "#" + "".join(f"{min(255, int(match.group(i))):02X}" for i in (1, 2, 3))
    digits = text.lstrip("#")
    if not text.startswith("#") or not re.fullmatch(r"[0-9a-fA-F]+", digits):
        return None
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    if len(digits) == 8 and digits[6:].upper() == "FF":
        digits = digits[:6]
    return f"#{digits.upper()}" if len(digits) == 6 else None


def _role_of(words: list[str], roles: dict[str, tuple[str, ...]]) -> tuple[str | None, int]:
    """The first role a path names, and the index of its word (-1 when none)."""
    for index, word in enumerate(words):
        for role, synonyms in roles.items():
            if word in synonyms:
                return role, index
    return None, -1


def _color_slot(words: list[str]) -> tuple[str, str] | None:
    """(role, 'color' or 'text') a color token's path stands for, or None."""
    role, at = _role_of(words, ROLE_WORDS)
    texts = [i for i, w in enumerate(words) if w in TEXT_WORDS]
    if role is None:
        return ("background", "text") if texts else None
    if not texts:
        return role, "color"
    if any(i > at for i in texts) or (at > 0 and words[at - 1] == "on"):
        return role, "text"
    # "text.primary": the main text color, which sits on the background.
    return ("background", "text") if role == "primary" else None


def _extra_words(words: list[str], role_words: tuple[str, ...]) -> int:
    return sum(1 for w in words if w not in NEUTRAL_WORDS and w not in TEXT_WORDS + role_words)


def _best(candidates: list[tuple[float, int, Any]]) -> Any:
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def _contrast(a: str, b: str) -> float:
    def lum(color: str) -> float:
        chans = [v / 255 for v in hex_to_rgb(color)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _readable_on(color: str, palette: list[str]) -> str:
    """The palette color that reads best on `color` if it reaches WCAG AA, else black/white."""
    others = [c for c in palette if c != color]
    best = max(others, key=lambda c: _contrast(color, c), default=None)
    if best is not None and _contrast(color, best) >= 4.5:
        return best
    return "#FFFFFF" if _contrast(color, "#FFFFFF") >= _contrast(color, "#000000") else "#000000"


def palette_from_tokens(path: Path) -> dict[str, dict[str, str]]:
    """{role: {color, text}} for the roles the file defines (see the module docstring)."""
    tokens = load_tokens(path)
    slots: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    for token in tokens.values():
        color = to_hex(token.value) if token.type == "color" else None
        slot = _color_slot(token.words) if color else None
        if slot is None or color is None:
            continue
        _role, at = _role_of(token.words, ROLE_WORDS)
        penalty = _extra_words(token.words, ROLE_WORDS[slot[0]]) + (0.5 if at < 0 else 0)
        slots.setdefault(slot, []).append((penalty, token.order, color))
    palette: dict[str, dict[str, str]] = {}
    for role in ROLE_WORDS:
        color = _best(slots.get((role, "color"), []))
        if color is not None:
            palette[role] = {"color": color}
    colors = [pair["color"] for pair in palette.values()]
    for role, pair in palette.items():
        pair["text"] = _best(slots.get((role, "text"), [])) or _readable_on(pair["color"], colors)
    return palette


# ---- fonts --------------------------------------------------------------------------------


def to_weight(value: Any) -> int | None:
    """CSS weight 100-900 from a DTCG fontWeight: a number or a name like 'semi-bold'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return max(100, min(900, round(value)))
    if isinstance(value, str):
        key = re.sub(r"[\s_-]", "", value.lower())
        if key.isdigit():
            return to_weight(int(key))
        return FONT_WEIGHTS.get(key)
    return None


def to_family(value: Any) -> str | None:
    """The first family of a DTCG fontFamily (a name, or a list of names in order)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str) and value.strip():
        return value.strip().strip("'\"")
    return None


def _font_candidates(tokens: dict[str, Token], role: str) -> dict[str, Any]:
    """The best typography, fontFamily and fontWeight values naming one font role."""
    words = FONT_ROLE_WORDS[role]
    found: dict[str, list[tuple[float, int, Any]]] = {}
    for token in tokens.values():
        if token.type not in ("typography", "fontFamily", "fontWeight"):
            continue
        found_role, _ = _role_of(token.words, FONT_ROLE_WORDS)
        if found_role != role:
            continue
        penalty = _extra_words(token.words, words)
        found.setdefault(token.type, []).append((penalty, token.order, token.value))
    return {kind: _best(items) for kind, items in found.items()}


def _generic_family(tokens: dict[str, Token]) -> str | None:
    """A family token naming no role (font.family.sans), for roles nothing else names."""
    for token in tokens.values():
        if token.type == "fontFamily" and _role_of(token.words, FONT_ROLE_WORDS)[0] is None:
            return to_family(token.value)
    return None


def fonts_from_tokens(path: Path) -> dict[str, dict[str, Any]]:
    """{role: {family, weight}} for headline, body and cta, where the file says enough."""
    tokens = load_tokens(path)
    fonts: dict[str, dict[str, Any]] = {}
    for role in FONT_ROLE_WORDS:
        found = _font_candidates(tokens, role)
        typography = found.get("typography")
        composite: dict[str, Any] = typography if isinstance(typography, dict) else {}
        family = to_family(composite.get("fontFamily")) or to_family(found.get("fontFamily"))
        weight = to_weight(composite.get("fontWeight")) or to_weight(found.get("fontWeight"))
        if family:
            fonts[role] = {"family": family, "weight": weight or DEFAULT_WEIGHTS[role]}
        elif weight:
            fonts[role] = {"weight": weight}
    body_family = fonts.get("body", {}).get("family") or _generic_family(tokens)
    for role in FONT_ROLE_WORDS:
        if body_family and "family" not in fonts.get(role, {}):
            weight = fonts.get(role, {}).get("weight", DEFAULT_WEIGHTS[role])
            fonts[role] = {"family": body_family, "weight": weight}
    return {role: fonts[role] for role in FONT_ROLE_WORDS if "family" in fonts.get(role, {})}


# ---- brand kit ----------------------------------------------------------------------------


def _merge(base: Any, override: Any) -> Any:
    """`override` on top of `base`, recursively for mappings."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in override.items()}}
    return override if override is not None else base


def _refs(value: Any, tokens: dict[str, Token], file: Path, where: str) -> Any:
    """YAML strings like "{color.brand.amber}" replaced by the token's value."""
    if isinstance(value, dict):
        return {k: _refs(v, tokens, file, f"{where}.{k}" if where else k) for k, v in value.items()}
    if isinstance(value, list):
        return [_refs(v, tokens, file, f"{where}.{i}") for i, v in enumerate(value)]
    if isinstance(value, str) and (match := _ALIAS.match(value)):
        token = tokens.get(match.group(1))
        if token is None:
            raise _fail(file, where, f"{value} is not a token in the kit's tokens file")
        hex_color = to_hex(token.value) if token.type == "color" else None
        return hex_color or to_family(token.value) or token.value
    return value


def apply_tokens(data: dict[str, Any], kit_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Kit YAML data with palette and fonts filled from its `tokens` file, the YAML winning.

    Without a `tokens` key the data comes back unchanged. Problems name the tokens file.
    """
    name = data.get("tokens")
    if not name:
        return data, []
    path = (kit_dir / str(name)).resolve()
    if not path.is_relative_to(kit_dir.resolve()):
        problem = Problem(str(path), None, "tokens", "must be a file inside the brand kit folder")
        return data, [problem]
    try:
        from_file = {"palette": palette_from_tokens(path), "fonts": fonts_from_tokens(path)}
        own = _refs({k: v for k, v in data.items() if k != "tokens"}, load_tokens(path), path, "")
    except ConfigError as exc:
        return data, exc.problems
    merged = _merge(from_file, own)
    merged["tokens"] = name
    return merged, []
