"""Deliver a verified pack to S3 (or an S3-compatible store) or a local directory.

Layout: ``<prefix>/<campaign>/<build-id>/`` holds the pack exactly as its manifest lays it
out; ``manifest.json`` is written last as the commit marker, then ``<campaign>/latest.json``.
"""

from assetpack.deliver.api import deliver
from assetpack.deliver.models import DeliveryOptions, DeliveryResult
from assetpack.deliver.pack_files import Pack, PackNotVerified, build_id_for, read_pack
from assetpack.deliver.s3_client import make_s3_client
from assetpack.deliver.target import S3Target, parse_target

__all__ = [
    "DeliveryOptions",
    "DeliveryResult",
    "Pack",
    "PackNotVerified",
    "S3Target",
    "build_id_for",
    "deliver",
    "make_s3_client",
    "parse_target",
    "read_pack",
]
