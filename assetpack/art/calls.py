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

    The same rule as the build's `_art_inputs`: the first preset wins a tie in area.
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

    if project.brief.art.provider != "openai":
        return []
    endpoint = art_endpoint(project)
    calls = []
    for aspect_class, canvas in art_canvases(project.presets).items():
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
    return calls
