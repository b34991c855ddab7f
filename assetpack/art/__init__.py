"""Art: one key visual per aspect class (procedural offline, a supplied image, or gpt-image)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

from assetpack.art.calls import RTL_SUFFIX, set_canvases
from assetpack.art.models import Art, Focus
from assetpack.art.panorama import Frac, Strip, make_panorama
from assetpack.art.procedural import make_procedural
from assetpack.config import Project
from assetpack.errors import InputError

if TYPE_CHECKING:
    from assetpack.imagegen.session import ImageSession

__all__ = ["Art", "Focus", "make_art"]


def _seed(project: Project, aspect_class: str) -> int:
    key = f"{project.brief.campaign}:{aspect_class}:{project.brief.art.seed}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def make_art(
    project: Project,
    canvases: dict[str, tuple[int, int]],
    focus: dict[str, Focus],
    *,
    session: ImageSession | None = None,
    calm: dict[str, list[Frac]] | None = None,
) -> dict[str, Art]:
    """Art for each aspect class at the given size (the largest preset of that class), and
    one panorama per aspect class of the presets that take the brief's panel set.

    session: for `art.provider: openai`, the image session (client, cache, budget) the build
        shares with model-drawn copy; None opens one from the environment and configuration.
    calm: per panorama key, where its panels' text lands (fractions of the strip): the
        panorama is kept calm there.
    """
    settings = project.brief.art
    if settings.provider == "openai":
        # Imported here so offline builds never pay for importing the openai package.
        from assetpack.art.openai_art import make_openai_art
        from assetpack.imagegen.session import open_session

        session = session or open_session()
        seeds = {key: _seed(project, key) for key in canvases}
        arts = make_openai_art(project, canvases, focus, session, seeds)
        return {**arts, **_panoramas(project, session, calm or {})}
    arts = _panoramas(project, None, calm or {})
    for aspect_class, size in canvases.items():
        if settings.provider == "procedural":
            img = make_procedural(
                project.kit.palette, size, focus[aspect_class], _seed(project, aspect_class)
            )
        elif settings.provider == "image" and settings.image is not None:
            with Image.open(settings.image) as src:
                img = ImageOps.fit(src.convert("RGB"), size, Image.Resampling.LANCZOS)
        else:
            raise InputError(
                f"{project.brief_path}: art.provider: 'image' needs art.image, the path of the "
                "background image; or use 'procedural' or 'openai'"
            )
        arts[aspect_class] = Art.from_image(aspect_class, img, settings.provider)
    return arts


def _panoramas(
    project: Project, session: ImageSession | None, calm: dict[str, list[Frac]]
) -> dict[str, Art]:
    """One panorama per aspect class of the set presets, made for the whole strip at once
    (never per panel) and sliced into panels when each panel is rendered. It is calmed once
    per text direction where that direction's copy lands (`calm`, by art key), giving the
    keys `set_art_key(class)` and, for right-to-left locales, `set_art_key(class, True)`."""
    settings = project.brief.art
    panels = len(project.panels)
    arts: dict[str, Art] = {}
    for key, canvas in set_canvases(project).items():
        seed = _seed(project, key)
        if settings.provider == "openai" and session is not None:
            from assetpack.art.openai_panorama import make_openai_panorama

            strip = make_openai_panorama(project, key, canvas, session, seed)
        elif settings.provider == "image" and settings.image is not None:
            with Image.open(settings.image) as src:
                img = ImageOps.fit(src.convert("RGB"), canvas, Image.Resampling.LANCZOS)
            strip = Strip(img, make_panorama(project.kit.palette, canvas, 1, seed).quiet, "image")
        else:
            strip = make_panorama(project.kit.palette, canvas, panels, seed)
        variants = [k for k in (key, f"{key}{RTL_SUFFIX}") if k in calm] or [key]
        for variant in variants:
            arts[variant] = Art.from_image(
                variant,
                strip.calmed(calm.get(variant, [])),
                strip.provider,
                notice=strip.notice,
                panels=panels,
            )
    return arts
