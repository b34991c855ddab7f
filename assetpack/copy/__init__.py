"""The copy stage: Project -> {locale: CopySet}, offline (phrasebook + CLDR) or by OpenAI.

Explicit copy in the brief always wins, slot by slot; brand rules (banned words, required
phrases, legal line) are checked before anything is laid out. See `offline` for how the
offline defaults read and `openai_writer` for the model loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assetpack.config.copyset import CopySet
from assetpack.config.project import Project
from assetpack.copy.cache import CACHE_ENV, default_cache_dir
from assetpack.copy.offline import write_offline
from assetpack.copy.panels import write_panels_offline
from assetpack.copy.phrasebook import supported_locales
from assetpack.copy.result import CopyResult, CopyUsage, FitCheck
from assetpack.copy.rules import check_rules
from assetpack.errors import CopyError

if TYPE_CHECKING:
    import openai

__all__ = [
    "CACHE_ENV",
    "CopyResult",
    "CopyUsage",
    "FitCheck",
    "supported_locales",
    "write_copy",
    "write_copy_with_usage",
]


def write_copy(
    project: Project,
    *,
    provider: str | None = None,
    openai_client: openai.OpenAI | None = None,
    cache_dir: Path | None = None,
    fits: FitCheck | None = None,
) -> dict[str, CopySet]:
    """Copy per locale, in `project.locales` order. See `write_copy_with_usage`."""
    result = write_copy_with_usage(
        project, provider=provider, openai_client=openai_client, cache_dir=cache_dir, fits=fits
    )
    return result.copy_by_locale


def write_copy_with_usage(
    project: Project,
    *,
    provider: str | None = None,
    openai_client: openai.OpenAI | None = None,
    cache_dir: Path | None = None,
    fits: FitCheck | None = None,
) -> CopyResult:
    """Copy per locale plus, for model-written copy, the token usage for the manifest.

    provider: "offline" or "openai"; None uses the brief's `copy_provider`.
    openai_client: the client to use; None makes one from OPENAI_API_KEY / OPENAI_BASE_URL
        when (and only when) an answer is not in the cache.
    cache_dir: where model answers are cached; None uses $ASSETPACK_CACHE_DIR or ~/.cache.
    fits: (locale, slot, text) -> overflow px or None, from the layout stage; model-written
        slots that overflow are rewritten shorter.
    Presets that take the brief's panel set get panel copy (`CopyResult.panels`, see
    `copy.panels` and `copy.openai_panels`); the single poster's copy is written only when a
    selected preset shows it.
    Raises CopyError for missing copy or broken brand rules, ProviderError when OpenAI fails.
    """
    chosen = provider or project.brief.copy_provider
    if chosen == "offline":
        copies = write_offline(project) if project.needs_poster else {}
        check_rules(copies, project.kit, project.brief_path)
        panels = write_panels_offline(project) if project.needs_panels else []
        return CopyResult(copy_by_locale=copies, panels=panels)
    if chosen == "openai":
        return _write_with_openai(project, openai_client, cache_dir, fits)
    raise CopyError(f"unknown copy provider {chosen!r}; use --copy offline or --copy openai")


def _write_with_openai(
    project: Project,
    client: openai.OpenAI | None,
    cache_dir: Path | None,
    fits: FitCheck | None,
) -> CopyResult:
    # Imported here so offline builds never pay for importing the openai package.
    from assetpack.copy.cache import ResponseCache
    from assetpack.copy.openai_panels import write_panels_openai
    from assetpack.copy.openai_request import ModelSession, copy_model
    from assetpack.copy.openai_writer import write_openai

    session = ModelSession(copy_model(), ResponseCache(cache_dir or default_cache_dir()), client)
    copies = write_openai(project, session, fits) if project.needs_poster else {}
    panels = write_panels_openai(project, session) if project.needs_panels else []
    return CopyResult(copy_by_locale=copies, usage=session.usage, panels=panels)
