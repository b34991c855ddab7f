"""The committed JSON Schemas match the models, and the repository's YAML validates against them.

If this fails after a model change, run `python schemas/generate.py` and commit the result.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("schema_generate", SCHEMAS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jsonable(value: Any) -> Any:
    """YAML as an editor's language server sees it: dates are strings, like in JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(name: str, path: Path) -> list[str]:
    data = _jsonable(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in _validator(name).iter_errors(data)
    ]


def test_committed_schemas_match_the_models() -> None:
    generator = _generator()
    for name, schema in generator.schemas().items():
        committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == generator.render(schema), (
            f"schemas/{name}.schema.json is out of date; run python schemas/generate.py"
        )


def test_brief_and_kit_schemas_are_what_the_cli_prints() -> None:
    from click.testing import CliRunner

    from assetpack.cli_info import schema_command

    for name in ("brief", "brandkit"):
        printed = CliRunner().invoke(schema_command, [name]).output
        assert json.loads(printed) == json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    brief = json.loads((SCHEMAS / "brief.schema.json").read_text())
    assert "copy" in brief["properties"] and "copy_by_locale" not in brief["properties"]
    kit = json.loads((SCHEMAS / "brandkit.schema.json").read_text())
    assert "root" not in kit["properties"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("brief", ROOT / "examples" / "spring-launch" / "brief.yaml"),
        ("brandkit", ROOT / "brand_kits" / "lumen" / "brandkit.yaml"),
        *[("presets", p) for p in sorted((ROOT / "size_presets").glob("*.yaml"))],
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_repository_yaml_validates(name: str, path: Path) -> None:
    assert _errors(name, path) == []


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "examples" / "spring-launch" / "brief.yaml",
        ROOT / "brand_kits" / "lumen" / "brandkit.yaml",
    ],
    ids=["brief", "brandkit"],
)
def test_modelines_point_at_the_schemas(path: Path) -> None:
    found = MODELINE.search(path.read_text(encoding="utf-8"))
    assert found, f"{path} has no yaml-language-server modeline"
    assert (path.parent / found.group(1)).resolve().is_file()


def test_schemas_catch_mistakes(tmp_path: Path) -> None:
    brief = yaml.safe_load((ROOT / "examples" / "spring-launch" / "brief.yaml").read_text("utf-8"))
    brief["loclaes"] = brief.pop("locales")
    brief["product"]["price"]["amount"] = -1
    bad = tmp_path / "brief.yaml"
    bad.write_text(yaml.safe_dump(_jsonable(brief), allow_unicode=True), encoding="utf-8")
    errors = _errors("brief", bad)
    assert any("'locales' is a required property" in e for e in errors)
    assert any("loclaes" in e for e in errors)
    assert any(e.startswith("product/price/amount") for e in errors)


def test_init_output_validates(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from assetpack.init_cmd import init_command

    target = tmp_path / "new"
    result = CliRunner().invoke(init_command, [str(target), "--no-input", "--locales", "de-DE"])
    assert result.exit_code == 0, result.output
    assert _errors("brief", target / "brief.yaml") == []
    assert _errors("brandkit", target / "brand" / "brandkit.yaml") == []
    for path in (target / "brief.yaml", target / "brand" / "brandkit.yaml"):
        found = MODELINE.search(path.read_text(encoding="utf-8"))
        assert found and (path.parent / found.group(1)).resolve().is_file()
