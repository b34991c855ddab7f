"""load_project: brief + brand kit + presets from YAML, every problem reported at once."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from assetpack.config.brandkit import BrandKit
from assetpack.config.brief import Brief, check_locale
from assetpack.config.catalog import load_catalog, select_presets
from assetpack.config.problems import validate
from assetpack.config.project import Project
from assetpack.config.tokens import apply_tokens
from assetpack.config.yaml_source import YamlSource, read_yaml
from assetpack.errors import ConfigError, Problem

KIT_FILE = "brandkit.yaml"


def load_project(
    brief_path: Path,
    *,
    allow_outside: bool = False,
    presets_dir: Path | None = None,
    locales: list[str] | None = None,
    presets: list[str] | None = None,
) -> Project:
    """Load and validate everything a build needs; raise one ConfigError listing all problems."""
    brief_path = Path(brief_path).resolve()
    source = read_yaml(brief_path)
    model, problems = validate(Brief, _mapping(source), source)
    if model is None:
        raise ConfigError(problems)
    brief: Brief = model  # type: ignore[assignment]
    problems += _copy_locale_problems(brief, source)
    listed = list(brief.locales)
    brief, override_problems = _apply_overrides(brief, locales, presets)
    problems += override_problems
    problems += _panel_problems(brief, listed, source)
    kit, kit_problems = load_brand_kit(_kit_path(brief_path.parent / brief.brand_kit))
    problems += kit_problems
    roots = [brief_path.parent] + ([kit.root] if kit else [])
    brief, path_problems = _resolve_brief_paths(brief, source, roots, allow_outside)
    problems += path_problems
    selected, unmatched = select_presets(load_catalog(presets_dir), brief.presets)
    problems += [source.problem(["presets"], message) for message in unmatched]
    if problems or kit is None:
        raise ConfigError(problems)
    digest = hashlib.sha256(brief_path.read_bytes()).hexdigest()
    return Project(
        brief=brief, kit=kit, presets=selected, brief_path=brief_path, brief_sha256=digest
    )


def _apply_overrides(
    brief: Brief, locales: list[str] | None, presets: list[str] | None
) -> tuple[Brief, list[Problem]]:
    """Command-line --locales / --presets replace the brief's lists for this build."""
    problems = []
    for tag in locales or []:
        try:
            check_locale(tag)
        except ValueError as exc:
            problems.append(Problem("--locales", None, tag, str(exc)))
    update: dict[str, list[str]] = {}
    if locales:
        update["locales"] = list(dict.fromkeys(locales))
    if presets:
        update["presets"] = list(presets)
    return brief.model_copy(update=update), problems


def _kit_path(path: Path) -> Path:
    return path / KIT_FILE if path.is_dir() else path


def _mapping(source: YamlSource) -> dict[str, Any]:
    if not isinstance(source.data, dict):
        raise ConfigError([source.problem([], "must be a mapping of field: value")])
    return source.data


def load_brand_kit(kit_path: Path) -> tuple[BrandKit | None, list[Problem]]:
    """Load a kit and check its files exist inside the kit folder."""
    try:
        source = read_yaml(kit_path.resolve())
    except ConfigError as exc:
        return None, exc.problems
    data, token_problems = apply_tokens(_mapping(source), kit_path.resolve().parent)
    if token_problems:
        return None, token_problems
    data = {**data, "root": kit_path.resolve().parent}
    model, problems = validate(BrandKit, data, source)
    if model is None:
        return None, problems
    kit: BrandKit = model  # type: ignore[assignment]
    logo, logo_problems = _resolve_fields(
        kit.logo,
        ["on_light", "on_dark", "mark_on_light", "mark_on_dark"],
        source,
        ["logo"],
        [kit.root],
        False,
    )
    fonts: dict[str, Any] = {}
    for role in ("headline", "body", "cta"):
        spec = getattr(kit.fonts, role)
        if spec.file is not None:
            spec, found = _resolve_fields(
                spec, ["file"], source, ["fonts", role], [kit.root], False
            )
            logo_problems += found
        fonts[role] = spec
    kit = kit.model_copy(update={"logo": logo, "fonts": kit.fonts.model_copy(update=fonts)})
    return kit, logo_problems


def _resolve_brief_paths(
    brief: Brief, source: YamlSource, roots: list[Path], allow_outside: bool
) -> tuple[Brief, list[Problem]]:
    product, problems = _resolve_fields(
        brief.product, ["image"], source, ["product"], roots, allow_outside
    )
    art, art_problems = _resolve_fields(brief.art, ["image"], source, ["art"], roots, allow_outside)
    if brief.art.provider == "image" and brief.art.image is None:
        art_problems.append(
            source.problem(["art", "provider"], "is 'image' but art.image names no file")
        )
    return brief.model_copy(update={"product": product, "art": art}), problems + art_problems


def _resolve_fields(
    model: Any,
    fields: list[str],
    source: YamlSource,
    prefix: list[str | int],
    roots: list[Path],
    allow_outside: bool,
) -> tuple[Any, list[Problem]]:
    """Make path fields absolute against the YAML's folder; check they exist and stay inside."""
    updates: dict[str, Path] = {}
    problems: list[Problem] = []
    for name in fields:
        value = getattr(model, name)
        if value is None:
            continue
        path = (source.path.parent / value).resolve()
        loc = [*prefix, name]
        if not path.is_file():
            problems.append(
                source.problem(loc, f"file {str(value)!r} not found (looked at {path})")
            )
        elif not allow_outside and not any(path.is_relative_to(root) for root in roots):
            problems.append(
                source.problem(
                    loc,
                    f"{path} is outside the brief and brand kit folders; move it inside or "
                    "pass --allow-outside",
                )
            )
        updates[name] = path
    return model.model_copy(update=updates), problems


def _copy_locale_problems(brief: Brief, source: YamlSource) -> list[Problem]:
    problems = []
    for tag in brief.copy_by_locale:
        try:
            check_locale(tag)
        except ValueError as exc:
            problems.append(source.problem(["copy", tag], str(exc)))
            continue
        if tag not in brief.locales:
            problems.append(
                source.problem(
                    ["copy", tag],
                    f"copy is given for {tag} but locales does not list it; add it to locales "
                    "or remove this copy",
                )
            )
    return problems


def _panel_problems(brief: Brief, listed: list[str], source: YamlSource) -> list[Problem]:
    """Panel copy names only listed locales, and, where a panel gives copy, covers every
    locale being built (a panel without copy is left to --copy openai)."""
    problems = []
    for index, panel in enumerate(brief.panels or []):
        loc: list[str | int] = ["panels", index, "copy"]
        for tag in panel.copy_by_locale:
            if tag not in listed:
                problems.append(
                    source.problem(
                        [*loc, tag],
                        f"panel {index + 1} ({panel.role}) has copy for {tag} but locales does "
                        "not list it; add it to locales or remove this copy",
                    )
                )
        missing = [tag for tag in brief.locales if tag not in panel.copy_by_locale]
        if panel.copy_by_locale and missing:
            problems.append(
                source.problem(
                    loc,
                    f"panel {index + 1} ({panel.role}) has copy for some locales but not for "
                    f"{', '.join(missing)}; add panels[{index}].copy.{missing[0]} (at least a "
                    "headline) for each, or leave out this panel's copy and build with "
                    "--copy openai",
                )
            )
    return problems
