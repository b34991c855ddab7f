"""Every API call a build would make, priced, without making any: `assetpack plan`, --max-cost.

Computed from the project alone (presets, locales, provider settings), with the same canvas
rule, size chooser and price table the build uses, so the planned calls are the build's calls:
one key visual per aspect class, one edit per asset whose copy the model draws. Repaints of
misread copy are not known in advance: they are priced separately as the worst case.
"""

from __future__ import annotations

from typing import Literal

from assetpack.art.calls import plan_art_calls
from assetpack.config import Project
from assetpack.imagegen.calls import CallPlan, ImageCall
from assetpack.imagegen.settings import ImageSettings
from assetpack.imagegen.sizes import request_size, size_text

# The text prompt lists each line and its box; its length moves the price by a fraction of
# a cent, so the plan prices a typical one.
NOMINAL_TEXT_PROMPT_CHARS = 1200

ArtProvider = Literal["procedural", "image", "openai"]
TextMode = Literal["typeset", "model"]


def with_overrides(
    project: Project, art_provider: ArtProvider | None = None, text_mode: TextMode | None = None
) -> Project:
    """The project with --art and --text-mode applied over the brief's settings."""
    brief = project.brief
    if art_provider is not None:
        brief = brief.model_copy(
            update={"art": brief.art.model_copy(update={"provider": art_provider})}
        )
    if text_mode is not None:
        brief = brief.model_copy(update={"text_mode": text_mode})
    return project.model_copy(update={"brief": brief})


def plan_calls(project: Project, settings: ImageSettings) -> CallPlan:
    """The calls of a build of `project` on an empty cache: copy, art, then drawn copy."""
    calls = [
        *_copy_calls(project),
        *plan_art_calls(project, settings),
        *_text_calls(project, settings),
    ]
    notes = []
    if any(call.purpose == "copy" for call in calls):
        notes.append(
            "model-written copy (chat.completions) is not priced; it may add up to 2 rewrite "
            "requests when a line does not fit"
        )
    if any(call.purpose == "text" for call in calls):
        notes.append(
            f"each asset's drawn copy is repainted when it reads back wrong, up to "
            f"{settings.max_text_attempts - 1} more edits, only while --max-cost allows"
        )
    return CallPlan(calls=calls, max_text_attempts=settings.max_text_attempts, notes=notes)


def _text_calls(project: Project, settings: ImageSettings) -> list[ImageCall]:
    if project.brief.text_mode != "model":
        return []
    spec, quality = settings.choice("text")
    calls = []
    for preset in project.presets:
        if preset.text == "none":
            continue  # no copy on it, so nothing for the model to draw
        size = request_size(spec, (preset.width_px, preset.height_px))
        usd = spec.estimate_usd(size, quality, NOMINAL_TEXT_PROMPT_CHARS, [size])
        calls += [
            ImageCall(
                endpoint="images.edit",
                model=spec.name,
                size=size_text(size),
                quality=quality,
                purpose="text",
                target=f"{preset.id} {locale}",
                input_images=1,
                usd=usd,
            )
            for locale in project.locales
        ]
    return calls


def _copy_calls(project: Project) -> list[ImageCall]:
    """The copy stage's first request, when the brief leaves it anything to write."""
    if project.brief.copy_provider != "openai" or not _copy_needs_model(project):
        return []
    from assetpack.copy.openai_request import copy_model

    return [
        ImageCall(
            endpoint="chat.completions",
            model=copy_model(),
            size="-",
            quality="-",
            purpose="copy",
            target="all locales",
            usd=None,
        )
    ]


def _copy_needs_model(project: Project) -> bool:
    # The copy stage's rule (openai_writer._needs_model), from the brief alone.
    from assetpack.copy.offline import explicit_slots
    from assetpack.copy.openai_panels import PANEL_SLOTS
    from assetpack.copy.openai_prompt import MODEL_SLOTS
    from assetpack.copy.panels import panel_slots

    brief = project.brief
    if project.needs_panels and any(
        slot not in panel_slots(panel, tag)
        for panel in project.panels
        for tag in project.locales
        for slot in PANEL_SLOTS
    ):
        return True
    if not project.needs_poster:
        return False
    for tag in project.locales:
        given = explicit_slots(brief, tag)
        if any(slot not in given for slot in MODEL_SLOTS):
            return True
        if brief.offer.ends is not None and "legal" not in given:
            return True
    return False
