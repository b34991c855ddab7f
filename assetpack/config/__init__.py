"""Configuration: the models every stage shares, and loading them from YAML."""

from assetpack.config.brandkit import BrandKit, ColorRole, FontRole, Fonts, Logo, Palette, Tone
from assetpack.config.brief import (
    SLOTS,
    ArtSettings,
    Brief,
    CopySlots,
    Delivery,
    Money,
    Offer,
    Product,
    Slot,
)
from assetpack.config.catalog import load_catalog, select_presets
from assetpack.config.copyset import CopySet
from assetpack.config.loader import load_brand_kit, load_project
from assetpack.config.presets import AspectClass, SafeZone, SizePreset, aspect_class_of
from assetpack.config.project import Project

__all__ = [
    "SLOTS",
    "ArtSettings",
    "AspectClass",
    "BrandKit",
    "Brief",
    "ColorRole",
    "CopySet",
    "CopySlots",
    "Delivery",
    "FontRole",
    "Fonts",
    "Logo",
    "Money",
    "Offer",
    "Palette",
    "Product",
    "Project",
    "SafeZone",
    "SizePreset",
    "Slot",
    "Tone",
    "aspect_class_of",
    "load_brand_kit",
    "load_catalog",
    "load_project",
    "select_presets",
]
