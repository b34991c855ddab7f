"""Render: draw a LayoutPlan over its art. No I/O beyond reading the plan's bitmaps."""

from assetpack.render.draw import render

__all__ = ["render"]
