"""Design tokens (DTCG JSON) to palette and fonts: aliases, value forms, role mapping, merging."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assetpack.config.tokens import (
    apply_tokens,
    fonts_from_tokens,
    load_tokens,
    palette_from_tokens,
    to_hex,
    to_weight,
)
from assetpack.errors import ConfigError

HERE = Path(__file__).resolve().parent / "tokens"
LUMEN = Path(__file__).resolve().parents[2] / "brand_kits" / "lumen"


def _lumen_kit() -> dict[str, Any]:
    return yaml.safe_load((LUMEN / "brandkit.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_lumen_tokens_give_the_lumen_palette_and_fonts() -> None:
    kit = _lumen_kit()
    assert palette_from_tokens(HERE / "lumen.tokens.json") == kit["palette"]
    roles = ("headline", "body", "cta")
    fonts = {role: {k: kit["fonts"][role][k] for k in ("family", "weight")} for role in roles}
    assert fonts_from_tokens(HERE / "lumen.tokens.json") == fonts


def test_material_style_tokens() -> None:
    palette = palette_from_tokens(HERE / "material.tokens.json")
    assert palette["primary"] == {"color": "#6750A4", "text": "#FFFFFF"}  # rgb() strings
    assert palette["accent"]["color"] == "#7D5260"  # tertiary plays the accent
    # surface is the background; on-surface its text. primary-container loses to primary.
    assert palette["background"] == {"color": "#FEF7FF", "text": "#1D1B20"}
    # No on-secondary token: the palette color that reads best on it is chosen.
    assert palette["secondary"] == {"color": "#625B71", "text": "#FEF7FF"}
    assert fonts_from_tokens(HERE / "material.tokens.json") == {
        "headline": {"family": "Inter", "weight": 600},
        "body": {"family": "Inter", "weight": 400},
        "cta": {"family": "Inter", "weight": 700},  # borrowed from body, at 700
    }


def test_aliases_resolve_through_chains_and_inherit_type(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "base": {"$type": "color", "blue": {"$value": "#0055ff"}},
            "alias": {"one": {"$value": "{base.blue}"}, "two": {"$value": "{alias.one}"}},
            "type": {"h": {"$type": "typography", "$value": {"fontFamily": "{fam.x}"}}},
            "fam": {"x": {"$type": "fontFamily", "$value": "Inter"}},
        },
    )
    tokens = load_tokens(path)
    assert tokens["alias.two"].value == "#0055ff"
    assert tokens["alias.two"].type == "color"  # from the token it points at
    assert tokens["type.h"].value == {"fontFamily": "Inter"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"a": {"$value": "{b}"}, "b": {"$value": "{a}"}}, "alias loop: a -> b -> a"),
        ({"a": {"$value": "{nope.here}"}}, "refers to {nope.here}"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_files_are_config_errors(tmp_path: Path, data: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_tokens(_write(tmp_path, data))
    assert message in str(caught.value)
    assert str(tmp_path / "tokens.json") in str(caught.value)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tokens file not found"):
        load_tokens(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a JSON design tokens file"):
        load_tokens(tmp_path / "bad.json")


def test_color_and_weight_forms() -> None:
    assert to_hex("#abc") == "#AABBCC"
    assert to_hex("#F2A93Bff") == "#F2A93B"
    assert to_hex("#F2A93B80") is None  # translucent: not a palette color
    assert to_hex("rgba(20, 25, 43, 1)") == "#14192B"
    assert to_hex({"colorSpace": "srgb", "components": [1, 0.5, 0]}) == "#FF8000"
    assert to_hex({"colorSpace": "display-p3", "components": [1, 0, 0]}) is None
    assert to_hex("blue") is None
    assert to_weight("semi-bold") == 600 and to_weight("Extra Bold") == 800
    assert to_weight(950) == 900 and to_weight("700") == 700 and to_weight("chunky") is None


def test_apply_tokens_lets_the_yaml_win(tmp_path: Path) -> None:
    shutil.copy(HERE / "lumen.tokens.json", tmp_path / "tokens.json")
    data = {
        "name": "Lumen",
        "tokens": "tokens.json",
        "palette": {"accent": {"color": "#B02A17"}, "background": {"text": "{color.brand.ink}"}},
        "fonts": {"cta": {"family": "Inter"}},
    }
    merged, problems = apply_tokens(data, tmp_path)
    assert problems == []
    assert merged["palette"]["accent"] == {"color": "#B02A17", "text": "#FFFFFF"}
    assert merged["palette"]["primary"] == {"color": "#F2A93B", "text": "#14192B"}
    assert merged["palette"]["background"]["text"] == "#14192B"
    assert merged["fonts"]["cta"] == {"family": "Inter", "weight": 700}
    assert merged["tokens"] == "tokens.json"
    assert apply_tokens({"name": "x"}, tmp_path) == ({"name": "x"}, [])


def test_apply_tokens_reports_problems(tmp_path: Path) -> None:
    merged, problems = apply_tokens({"tokens": "missing.json"}, tmp_path)
    assert merged == {"tokens": "missing.json"}
    assert "tokens file not found" in str(problems[0])
    _, problems = apply_tokens({"tokens": "../outside.json"}, tmp_path)
    assert "inside the brand kit folder" in str(problems[0])
    shutil.copy(HERE / "lumen.tokens.json", tmp_path / "tokens.json")
    _, problems = apply_tokens({"tokens": "tokens.json", "legal": "{no.such}"}, tmp_path)
    assert problems[0].field == "legal" and "not a token" in problems[0].message


def test_kit_loader_reads_tokens(tmp_path: Path) -> None:
    from assetpack.config import load_brand_kit

    kit_dir = tmp_path / "kit"
    shutil.copytree(LUMEN, kit_dir)
    shutil.copy(HERE / "lumen.tokens.json", kit_dir / "tokens.json")
    data = _lumen_kit()
    del data["palette"], data["fonts"]
    data["tokens"] = "tokens.json"
    (kit_dir / "brandkit.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    kit, problems = load_brand_kit(kit_dir / "brandkit.yaml")
    assert problems == [] and kit is not None
    original, _ = load_brand_kit(LUMEN / "brandkit.yaml")
    assert original is not None
    assert kit.palette == original.palette
    assert kit.fonts.headline == original.fonts.headline
