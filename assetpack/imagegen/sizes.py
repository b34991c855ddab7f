"""Request sizes the image API accepts, chosen to match a canvas as closely as possible.

The API takes WxH with both edges multiples of 16, an aspect between 1:3 and 3:1, a bounded
pixel count and longest edge (or, for older models, a short fixed list). Platform canvases are
rarely valid as they are (1080x1080, 728x90), so each canvas is generated at the nearest valid
size and then cropped or extended to its exact size (see `fit`).
"""

from __future__ import annotations

import math

from assetpack.imagegen.settings import ModelSpec

Size = tuple[int, int]


def parse_size(text: str) -> Size:
    width, height = text.lower().split("x")
    return int(width), int(height)


def size_text(size: Size) -> str:
    return f"{size[0]}x{size[1]}"


def size_problem(spec: ModelSpec, size: Size) -> str | None:
    """What makes `size` invalid for the model, or None when the API accepts it."""
    width, height = size
    if spec.sizes:
        listed = ", ".join(spec.sizes)
        return None if size_text(size) in spec.sizes else f"{spec.name} accepts only {listed}"
    if width % spec.step_px or height % spec.step_px:
        return f"edges must be multiples of {spec.step_px}"
    if max(width, height) > spec.max_edge_px:
        return f"longest edge must be at most {spec.max_edge_px}"
    if max(width, height) > spec.max_aspect * min(width, height):
        return f"aspect must be between 1:{spec.max_aspect:g} and {spec.max_aspect:g}:1"
    if not spec.min_pixels <= width * height <= spec.max_pixels:
        return f"pixel count must be within {spec.min_pixels:,}..{spec.max_pixels:,}"
    return None


def request_size(spec: ModelSpec, canvas: Size) -> Size:
    """The valid size closest in aspect to `canvas`, with about the canvas's pixel count.

    Flexible models: among sizes whose pixel count lies within [P, 1.25 P], where P is the
    canvas's pixel count clamped to [min_pixels, target_max_pixels] (never smaller than the
    canvas unless the budget says so), the one with the closest aspect; ties go to the pixel
    count closest to P.
    Fixed-size models: the listed size with the closest aspect.
    """
    aspect = _clamped_aspect(spec, canvas)
    if spec.sizes:
        return min(
            (parse_size(text) for text in spec.sizes),
            key=lambda s: (round(abs(math.log(s[0] / s[1] / aspect)), 9), s[0] * s[1]),
        )
    target = min(max(canvas[0] * canvas[1], spec.min_pixels), spec.target_max_pixels)
    low, high = float(target), target * 1.25
    if high > spec.target_max_pixels:
        low, high = spec.target_max_pixels / 1.25, spec.target_max_pixels
    best: tuple[float, int, Size] | None = None
    for height in range(spec.step_px, spec.max_edge_px + 1, spec.step_px):
        for width in _widths(spec, aspect * height):
            size = (width, height)
            if not low <= width * height <= high or size_problem(spec, size) is not None:
                continue
            error = round(abs(math.log(width / height / aspect)), 9)
            score = (error, abs(width * height - target), size)
            if best is None or score < best:
                best = score
    if best is None:  # unreachable for sane configurations; fail loudly rather than guess
        raise ValueError(f"no valid request size for {canvas} with {spec.name}")
    return best[2]


def _clamped_aspect(spec: ModelSpec, canvas: Size) -> float:
    limit = spec.max_aspect
    return min(max(canvas[0] / canvas[1], 1 / limit), limit)


def _widths(spec: ModelSpec, ideal: float) -> set[int]:
    step = spec.step_px
    lower = max(step, math.floor(ideal / step) * step)
    return {lower, lower + step}
