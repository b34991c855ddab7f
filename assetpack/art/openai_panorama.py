"""A set's panorama by gpt-image: one generation for the whole strip, never one per panel.

The strip (all panels side by side) is usually wider than the 3:1 the API accepts, so the
request is made at the valid size closest to it (see `imagegen.sizes.request_size`, which
clamps the aspect) and the result is fitted to the strip: cropped around what matters and
extended at the ends by calm, mirrored and blurred edges (`imagegen.fit`). The cuts between
panels then fall inside one continuous image, which is what makes the set read as one piece.

The product is drawn by the layout on the beats that show it (with its stage), so the
panorama is asked for a scene without it. A refusal falls back to the offline panorama.
"""

from __future__ import annotations

from PIL import Image, ImageFilter

from assetpack.art.openai_art import generate_art
from assetpack.art.panorama import Strip, make_panorama
from assetpack.config import Project
from assetpack.config.base import hex_to_rgb
from assetpack.imagegen.fit import fit_to_canvas
from assetpack.imagegen.session import ImageRefused, ImageSession
from assetpack.imagegen.sizes import Size

CALM_BLEND = 0.7  # behind text: the picture, blurred, 70% of the way to the background


def make_openai_panorama(
    project: Project, key: str, strip: Size, session: ImageSession, seed: int
) -> Strip:
    """The panorama for the set presets of one aspect class, from one image request.

    Its quiet layer (what shows where text lands) is the picture blurred and drawn most of
    the way to the background color, so the copy keeps its contrast whatever was painted."""
    panels = len(project.panels)
    try:
        result = generate_art(session, strip, panorama_prompt(project, strip, panels), key)
    except ImageRefused as exc:
        session.note_refusal()
        offline = make_panorama(project.kit.palette, strip, panels, seed)
        notice = f"{exc} The {key} panels use the offline panorama instead."
        return Strip(offline.picture, offline.quiet, "procedural", notice)
    # Centered, not salient: the cuts are fixed fractions of the strip, whatever it shows.
    img = fit_to_canvas(result, strip, (0.5, 0.5))
    background = Image.new("RGB", strip, hex_to_rgb(project.kit.palette.background.color))
    blurred = img.filter(ImageFilter.GaussianBlur(strip[1] * 0.02))
    return Strip(img, Image.blend(blurred, background, CALM_BLEND), "openai")


def panorama_prompt(project: Project, strip: Size, panels: int) -> str:
    """The panorama's prompt: brand, theme, continuity across the cuts, calm where text goes."""
    brief, kit = project.brief, project.kit
    palette = kit.palette
    beats = ", ".join(panel.role for panel in project.panels)
    lines = [
        f"One seamless, wide panorama background ({strip[0]}x{strip[1]}) for a {panels}-panel "
        f"swipeable carousel about {brief.product.name}; it will be cut into {panels} equal "
        "vertical panels shown one after another, left to right.",
        f"The story across the panels: {beats}.",
        f"Campaign theme: {brief.art.theme or 'a clean, modern product launch'}.",
        f"Brand tone: {kit.tone.description}" if kit.tone.description else "",
        f"Colors from the brand palette: background {palette.background.color}, primary "
        f"{palette.primary.color}, secondary {palette.secondary.color}, accent "
        f"{palette.accent.color} used sparingly.",
        "Make it continuous: soft light, a flowing band and a few large simple shapes that run "
        "across the whole width and cross the places where the panels are cut, so each panel "
        "continues into the next.",
        "Keep the upper half of the whole width calm, light, even and low in detail: headlines "
        "are set there on every panel. Keep everything light enough for dark text.",
        "Do not draw the product. Draw no text, letters, numbers, logos, watermarks, frames, "
        "dividers or interface elements.",
    ]
    return "\n".join(line for line in lines if line)
