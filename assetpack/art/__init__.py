"""Art: one key visual per aspect class (procedural offline, a supplied image, or gpt-image)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

from assetpack.art.models import Art, Focus
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
) -> dict[str, Art]:
    """Art for each aspect class at the given size (the largest preset of that class).

    session: for `art.provider: openai`, the image session (client, cache, budget) the build
        shares with model-drawn copy; None opens one from the environment and configuration.
    """
    settings = project.brief.art
    if settings.provider == "openai":
        # Imported here so offline builds never pay for importing the openai package.
        from assetpack.art.openai_art import make_openai_art
        from assetpack.imagegen.session import open_session

        seeds = {key: _seed(project, key) for key in canvases}
        return make_openai_art(project, canvases, focus, session or open_session(), seeds)
    arts: dict[str, Art] = {}
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
