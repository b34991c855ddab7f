"""Key visuals by gpt-image: one request per aspect class, fitted to the class's canvas.

The prompt comes from the brand (tone, palette), the product, the campaign theme and where
the layout will put the copy, which the model is asked to leave calm. With a product photo,
the product is placed on the canvas where the layout will draw it and `images.edit` paints
the scene around it (the mask keeps the product's pixels); the original cut-out is pasted
back afterwards, so the product stays pixel-sharp.

A refusal by the safety system costs only that class its generated art: it gets the offline
procedural art and a notice the build reports on each of its assets.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from assetpack.art.calls import art_endpoint, art_shape
from assetpack.art.models import Art, Box, Focus
from assetpack.art.procedural import make_procedural
from assetpack.config import Project
from assetpack.config.bitmaps import image_size, load_rgba
from assetpack.errors import ProviderError
from assetpack.imagegen.fit import (
    FitGeometry,
    apply_fit,
    canvas_box_to_source,
    fit_geometry,
    fit_to_canvas,
)
from assetpack.imagegen.session import ImageRefused, ImageRequest, ImageSession
from assetpack.imagegen.sizes import Size


def make_openai_art(
    project: Project,
    canvases: dict[str, Size],
    focus: dict[str, Focus],
    session: ImageSession,
    seeds: dict[str, int],
) -> dict[str, Art]:
    """Art per aspect class from at most one image request each, requests run in parallel."""
    with ThreadPoolExecutor(max_workers=session.settings.concurrency) as pool:
        futures = {
            key: pool.submit(_one_class, project, key, canvas, focus[key], session, seeds[key])
            for key, canvas in canvases.items()
        }
        try:
            return {key: future.result() for key, future in futures.items()}
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise


def _one_class(
    project: Project, key: str, canvas: Size, focus: Focus, session: ImageSession, seed: int
) -> Art:
    try:
        if art_endpoint(project) == "images.edit":
            return _with_product(project, key, canvas, focus, session, seed)
        return _from_text(project, key, canvas, focus, session)
    except ImageRefused as exc:
        session.note_refusal()
        img = make_procedural(project.kit.palette, canvas, focus, seed)
        notice = f"{exc} The {key} assets use the offline procedural background instead."
        return Art.from_image(key, img, "procedural", notice=notice)


def _from_text(
    project: Project, key: str, canvas: Size, focus: Focus, session: ImageSession
) -> Art:
    result = generate_art(session, canvas, art_prompt(project, key, canvas, focus), key)
    img = fit_to_canvas(result, canvas, (focus.x, focus.y))
    return Art.from_image(key, img, "openai", crop="salient")


def generate_art(session: ImageSession, canvas: Size, prompt: str, key: str) -> Image.Image:
    """One images.generate request at the valid size nearest `canvas`; the decoded picture."""
    spec, quality, size = art_shape(session.settings, canvas)
    request = ImageRequest(
        endpoint="images.generate",
        model=spec.name,
        size=size,
        quality=quality,
        prompt=prompt,
        purpose="art",
        target=key,
    )
    return decode_result(session.run(request).png, size)


def _with_product(
    project: Project, key: str, canvas: Size, focus: Focus, session: ImageSession, seed: int
) -> Art:
    spec, quality, size = art_shape(session.settings, canvas)
    product = str(project.brief.product.image)
    box = focus.product_box or product_box_from_focus(focus, canvas, image_size(product))
    # Decided before generating: the product must land exactly where the layout draws it.
    geometry = fit_geometry(size, canvas, (focus.x, focus.y))
    staged, mask = _staged_product(project, product, box, geometry, size, seed)
    request = ImageRequest(
        endpoint="images.edit",
        model=spec.name,
        size=size,
        quality=quality,
        prompt=art_prompt(project, key, canvas, focus),
        images=(staged,),
        mask=mask,
        purpose="art",
        target=key,
    )
    result = decode_result(session.run(request).png, size)
    img = apply_fit(result, geometry, canvas)
    cutout = load_rgba(product, (box[2] - box[0], box[3] - box[1]))
    img.paste(cutout, box[:2], cutout)  # the original pixels, not the model's copy of them
    return Art.from_image(key, img, "openai", crop="salient", product_box=box)


def _staged_product(
    project: Project, product: str, box: Box, geometry: FitGeometry, size: Size, seed: int
) -> tuple[bytes, bytes]:
    """The edit's input: the product where it will stand on a palette backdrop, and a mask
    that is opaque on the product (kept) and transparent everywhere else (painted)."""
    x0, y0, x1, y1 = canvas_box_to_source(box, geometry)
    spot = Focus(x=(x0 + x1) / 2 / size[0], y=(y0 + y1) / 2 / size[1], radius=0.3)
    backdrop = make_procedural(project.kit.palette, size, spot, seed).convert("RGBA")
    cutout = load_rgba(product, (max(1, x1 - x0), max(1, y1 - y0)))
    backdrop.paste(cutout, (x0, y0), cutout)
    keep = Image.new("L", size, 0)
    keep.paste(cutout.getchannel("A").point(lambda a: 255 if a >= 128 else 0), (x0, y0))
    mask = Image.new("RGBA", size, (0, 0, 0, 0))
    mask.putalpha(keep)
    return _png(backdrop), _png(mask)


def product_box_from_focus(focus: Focus, canvas: Size, natural: Size) -> Box:
    """The product's box as the layout placed it, rebuilt from the focus (its center and half
    its shorter side) and the photo's aspect, for callers that do not pass the exact box."""
    short = min(canvas) * focus.radius * 2
    aspect = natural[0] / natural[1]
    width, height = (short * aspect, short) if aspect >= 1 else (short, short / aspect)
    cx, cy = focus.x * canvas[0], focus.y * canvas[1]
    return (
        round(cx - width / 2),
        round(cy - height / 2),
        round(cx + width / 2),
        round(cy + height / 2),
    )


def art_prompt(project: Project, aspect_class: str, canvas: Size, focus: Focus) -> str:
    """The key visual's prompt: brand, product, theme, and calm space where the copy goes."""
    brief, kit = project.brief, project.kit
    palette = kit.palette
    spot = _where(focus.x, focus.y)
    lines = [
        f"Background key visual for a {aspect_class} ({canvas[0]}x{canvas[1]}) marketing image "
        f"for {brief.product.name}.",
        f"Campaign theme: {brief.art.theme or 'a clean, modern product launch'}.",
        f"Brand tone: {kit.tone.description}" if kit.tone.description else "",
        f"Mood of the message (do not write it): {brief.key_message}" if brief.key_message else "",
        f"Colors from the brand palette: background {palette.background.color}, primary "
        f"{palette.primary.color}, secondary {palette.secondary.color}, accent "
        f"{palette.accent.color} used sparingly.",
        _product_line(project, spot),
        f"Leave clean space for the copy: keep the {_copy_side(focus)} calm, even and low in "
        "detail, with no objects, so a headline, a price and a button set over it stay legible.",
        "Draw no text, letters, numbers, logos, watermarks, frames or interface elements.",
    ]
    return "\n".join(line for line in lines if line)


def _product_line(project: Project, spot: str) -> str:
    name = project.brief.product.name
    if project.brief.product.image is not None:
        return (
            f"The input image shows the product, {name}, already in place at the {spot}: keep it "
            "exactly as it is and build the scene around it, with a surface it stands on, a soft "
            "contact shadow and light that matches it."
        )
    return (
        f"Leave an empty, softly lit stage at the {spot} where the product will be placed "
        "later; do not draw the product."
    )


def _where(x: float, y: float) -> str:
    horizontal = "left" if x < 0.4 else "right" if x > 0.6 else "center"
    vertical = "top" if y < 0.4 else "bottom" if y > 0.6 else "middle"
    if horizontal == "center":
        return "center" if vertical == "middle" else f"{vertical} center"
    return f"{vertical} {horizontal}" if vertical != "middle" else horizontal


def _copy_side(focus: Focus) -> str:
    if focus.x > 0.6:
        return "left side"
    if focus.x < 0.4:
        return "right side"
    return "upper part" if focus.y >= 0.5 else "lower part"


def decode_result(png: bytes, size: Size) -> Image.Image:
    try:
        with Image.open(io.BytesIO(png)) as img:
            rgb = img.convert("RGB")
    except (OSError, ValueError):
        raise ProviderError("the image API answered with data that is not an image") from None
    # A gateway may answer at another size; the geometry was planned for the requested one.
    return rgb if rgb.size == size else rgb.resize(size, Image.Resampling.LANCZOS)


def _png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()
