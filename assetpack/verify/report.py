"""Verification results: one Check per measurement, collected per asset."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assetpack.config.base import Frozen

Status = Literal["pass", "warn", "fail", "unverified"]
# How bad each status is when several checks of one name are summarized.
SEVERITY = {"pass": 0, "unverified": 1, "warn": 2, "fail": 3}
Region = tuple[int, int, int, int]


class Check(Frozen):
    """One check of one region: what was measured against what was expected."""

    name: str = Field(description="ocr, glyphs, fit, safe_zone, contrast, legibility, ...")
    status: Status = Field(description="pass, warn, fail or unverified.")
    slot: str = Field("", description="Text slot (or 'logo', 'product', 'canvas').")
    region: Region | None = Field(None, description="Pixel box the check looked at.")
    measured: float | str | None = Field(None, description="What was measured.")
    threshold: float | str | None = Field(None, description="What it had to be.")
    message: str = Field("", description="One line for a person.")


def check(name: str, ok: bool, message: str, **fields: object) -> Check:
    """A pass/fail check; `message` describes the failure and is kept short on a pass."""
    return Check(
        name=name, status="pass" if ok else "fail", message="" if ok else message, **fields
    )  # type: ignore[arg-type]


def summarize(checks: list[Check]) -> dict[str, Status]:
    """Worst status per check name; 'unverified' shows as 'warn' in the manifest."""
    worst: dict[str, Status] = {}
    for item in checks:
        current = worst.get(item.name)
        if current is None or SEVERITY[item.status] > SEVERITY[current]:
            worst[item.name] = item.status
    return worst


def manifest_status(status: Status) -> str:
    return "warn" if status == "unverified" else status


def failed(checks: list[Check]) -> bool:
    return any(item.status == "fail" for item in checks)
