"""Which image API calls the art stage makes: one per aspect class, never per preset or locale.

Shared by the build (`openai_art`) and by `assetpack plan`, so the plan lists exactly the
calls the build sends: same canvases, same endpoint, model, size and quality.
"""

from __future__ import annotations

from typing import Literal

from assetpack.art.models import Focus
from assetpack.config import Project, SizePreset
from assetpack.imagegen.calls import ImageCall
from assetpack.imagegen.settings import ImageSettings, ModelSpec, Quality
from assetpack.imagegen.sizes import Size, request_size, size_text

ArtEndpoint = Literal["images.generate", "images.edit"]
# The plan has no layout; the prompt's length barely moves the price, so a typical stage will do.
NOMINAL_FOCUS = Focus(x=0.72, y=0.6, radius=0.3)


def art_canvases(presets: list[SizePreset]) -> dict[str, Size]:
    """Per aspect class, the largest canvas of the class (white-background presets have no art).

    The same rule as the build's `art_inputs` (build_tasks.py): the first preset wins a tie in area.
    """
    canvases: dict[str, Size] = {}
    for preset in presets:
        if preset.background == "white":
            continue
        size = (preset.width_px, preset.height_px)
        known = canvases.get(preset.aspect_class)
        if known is None or size[0] * size[1] > known[0] * known[1]:
            canvases[preset.aspect_class] = size
    return canvases


def poster_presets(project: Project) -> list[SizePreset]:
    """The selected presets that show the single poster (not the brief's panel set)."""
    return [preset for preset in project.presets if not project.takes_set(preset)]


RTL_SUFFIX = "-rtl"


def set_art_key(aspect_class: str, mirrored: bool = False) -> str:
    """The art key of the panorama shared by the set presets of one aspect class; mirrored
    (right-to-left) layouts get the same panorama calmed where their text lands."""
    return f"{aspect_class}-set" + (RTL_SUFFIX if mirrored else "")


def set_canvases(project: Project) -> dict[str, Size]:
    """Per aspect class of the set-taking presets: the panorama's canvas, the class's largest
    panel canvas times the number of panels, side by side (one art per class, as posters)."""
    panels = len(project.panels)
    takers = [p for p in project.presets if project.takes_set(p)]
    return {
        set_art_key(key): (width * panels, height)
        for key, (width, height) in art_canvases(takers).items()
    }


def art_endpoint(project: Project) -> ArtEndpoint:
    """With a product photo the model paints the scene around it (an edit), else from text."""
    return "images.edit" if project.brief.product.image is not None else "images.generate"


def art_shape(settings: ImageSettings, canvas: Size) -> tuple[ModelSpec, Quality, Size]:
    """Model, quality and valid request size of the key visual for one canvas."""
    spec, quality = settings.choice("art")
    return spec, quality, request_size(spec, canvas)


def plan_art_calls(project: Project, settings: ImageSettings) -> list[ImageCall]:
    """The art calls of a build of `project` on an empty cache, in the build's order."""
    from assetpack.art.openai_art import art_prompt  # the prompt module imports this one
    from assetpack.art.openai_panorama import panorama_prompt

    if project.brief.art.provider != "openai":
        return []
    endpoint = art_endpoint(project)
    calls = []
    for aspect_class, canvas in art_canvases(poster_presets(project)).items():
        spec, quality, size = art_shape(settings, canvas)
        prompt = art_prompt(project, aspect_class, canvas, NOMINAL_FOCUS)
        inputs = [size] if endpoint == "images.edit" else []
        calls.append(
            ImageCall(
                endpoint=endpoint,
                model=spec.name,
                size=size_text(size),
                quality=quality,
                purpose="art",
                target=aspect_class,
                input_images=len(inputs),
                usd=spec.estimate_usd(size, quality, len(prompt), inputs),
            )
        )
    # A set's panorama: one generation for the whole strip, whatever the number of panels.
    for key, strip in set_canvases(project).items():
        spec, quality, size = art_shape(settings, strip)
        prompt = panorama_prompt(project, strip, len(project.panels))
        calls.append(
            ImageCall(
                endpoint="images.generate",
                model=spec.name,
                size=size_text(size),
                quality=quality,
                purpose="art",
                target=key,
                usd=spec.estimate_usd(size, quality, len(prompt), []),
            )
        )
    return calls
