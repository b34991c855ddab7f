"""Art: one key visual per aspect class (procedural offline, or a supplied image)."""

from __future__ import annotations

import hashlib

from PIL import Image, ImageOps

from assetpack.art.models import Art, Focus
from assetpack.art.procedural import make_procedural
from assetpack.config import Project
from assetpack.errors import InputError

__all__ = ["Art", "Focus", "make_art"]


def _seed(project: Project, aspect_class: str) -> int:
    key = f"{project.brief.campaign}:{aspect_class}:{project.brief.art.seed}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def make_art(
    project: Project, canvases: dict[str, tuple[int, int]], focus: dict[str, Focus]
) -> dict[str, Art]:
    """Art for each aspect class at the given size (the largest preset of that class)."""
    settings = project.brief.art
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
                f"{project.brief_path}: art.provider: {settings.provider!r} is not available in "
                "this version; use 'procedural' or 'image'"
            )
        arts[aspect_class] = Art.from_image(aspect_class, img, settings.provider)
    return arts
