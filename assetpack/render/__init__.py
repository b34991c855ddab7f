"""Render: draw a LayoutPlan over its art. No I/O beyond reading the plan's bitmaps."""

from assetpack.render.draw import Rendered, render, render_with_coverage

__all__ = ["Rendered", "render", "render_with_coverage"]
