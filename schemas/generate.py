"""Write the JSON Schemas of briefs, brand kits and size-preset files into this folder.

    .venv/bin/python schemas/generate.py          # rewrite the files
    .venv/bin/python schemas/generate.py --check  # exit 1 if any file is out of date

brief and brandkit are exactly what `assetpack schema brief|brandkit` prints (taken from the
command itself, so the two cannot differ). presets.schema.json describes a whole
`size_presets/<platform>.yaml` file, the shape an editor sees: a `source` line and a list of
presets, each named by `name` (the file gives the platform) instead of the model's `id`.
tests/test_schemas.py fails when a model changes and these files were not regenerated.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NAMES = ("brief", "brandkit", "presets")


def cli_schema(which: str) -> dict[str, Any]:
    """The schema as the CLI prints it."""
    from click.testing import CliRunner

    from assetpack.cli_info import schema_command

    result = CliRunner().invoke(schema_command, [which])
    if result.exit_code != 0:
        raise RuntimeError(f"assetpack schema {which} failed: {result.output}")
    return json.loads(result.output)


def presets_file_schema() -> dict[str, Any]:
    """A size_presets/<platform>.yaml file: source text plus presets named within the file."""
    preset = copy.deepcopy(cli_schema("presets"))
    defs = preset.pop("$defs", {})
    props = preset["properties"]
    props.pop("id", None)
    props = {
        "name": {
            "description": "Preset name within the platform file; the id is platform/name.",
            "pattern": "^[a-z0-9-]+$",
            "title": "Name",
            "type": "string",
        },
        **props,
    }
    preset["properties"] = props
    required = [r for r in preset.get("required", []) if r not in ("id", "source")]
    preset["required"] = ["name", *required]
    preset["description"] = (
        f"{preset.get('description', '')} Without `source`, the file's `source` applies."
    ).strip()
    defs["SizePreset"] = preset
    return {
        "$defs": defs,
        "additionalProperties": False,
        "description": "One platform's size presets (size_presets/<platform>.yaml).",
        "properties": {
            "source": {
                "default": "",
                "description": "Where the numbers come from; the default for every preset.",
                "title": "Source",
                "type": "string",
            },
            "presets": {
                "description": "The platform's placements, in listing order.",
                "items": {"$ref": "#/$defs/SizePreset"},
                "minItems": 1,
                "title": "Presets",
                "type": "array",
            },
        },
        "required": ["presets"],
        "title": "SizePresetFile",
        "type": "object",
    }


def schemas() -> dict[str, dict[str, Any]]:
    return {
        "brief": cli_schema("brief"),
        "brandkit": cli_schema("brandkit"),
        "presets": presets_file_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    """Stable text: the CLI's indentation, sorted nothing (field order is the model's)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name, schema in schemas().items():
        path = HERE / f"{name}.schema.json"
        text = render(schema)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    if stale and "--check" in argv:
        print(f"out of date: {', '.join(stale)}; run python schemas/generate.py", file=sys.stderr)
        return 1
    print(f"wrote {', '.join(stale)}" if stale else "schemas are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
