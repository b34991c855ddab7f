"""Layout: boxes, sizes and line breaks for every asset, before anything is drawn."""

from assetpack.layout.compose import lay_out_preset
from assetpack.layout.measure import Typesetter
from assetpack.layout.plan import (
    Box,
    ImagePlacement,
    LayoutPlan,
    Shape,
    TextBlock,
    TextLine,
    TextRun,
    box_inside,
    box_union,
    boxes_overlap,
)

__all__ = [
    "Box",
    "ImagePlacement",
    "LayoutPlan",
    "Shape",
    "TextBlock",
    "TextLine",
    "TextRun",
    "Typesetter",
    "box_inside",
    "box_union",
    "boxes_overlap",
    "lay_out_preset",
]
