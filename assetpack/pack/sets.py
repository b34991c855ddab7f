"""Set-level verification of a pack: each multi-panel set checked as a whole.

Runs after every panel has been made (the seams need both neighbours). The set checks are
added to the records of the set's panels, so a broken set fails the gate like any failing
asset (nothing is delivered) and the gallery, report and proof sheet show it on the panels
concerned; they are also listed per set in the manifest's `sets`.
"""

from __future__ import annotations

from collections import defaultdict

from assetpack.pack.models import AssetRecord, SetRecord
from assetpack.verify.report import Check, manifest_status, summarize
from assetpack.verify.sets import PanelEdges, count_check, order_check, seam_check

SetKey = tuple[str, str]  # (preset id, locale)


def verify_sets(
    records: list[AssetRecord],
    edges: dict[str, PanelEdges],
    expected: list[SetKey],
    roles: list[str],
) -> tuple[list[AssetRecord], list[SetRecord]]:
    """Records with their set checks added, and one SetRecord per expected set.

    edges: per panel path, its edge columns (panels that could not be made have none).
    expected: every (preset, locale) that should have a set; roles: the brief's beats.
    """
    members: dict[SetKey, list[AssetRecord]] = defaultdict(list)
    for record in records:
        if record.set_key is not None:
            members[record.set_key].append(record)
    added: dict[str, list[Check]] = defaultdict(list)
    sets = []
    for key in expected:
        panels = sorted(members.get(key, []), key=lambda r: (r.panel or 0, r.path))
        counts = {loc: len(members.get((key[0], loc), [])) for p, loc in expected if p == key[0]}
        checks = [
            count_check(len(panels), len(roles), key[1], counts),
            order_check([r.panel or 0 for r in panels], [r.panel_role for r in panels], roles),
        ]
        for record in panels:
            added[record.path] += checks
        for left, right in zip(panels, panels[1:], strict=False):
            seam = _seam(left, right, edges)
            checks.append(seam)
            added[left.path].append(seam)
            added[right.path].append(seam.model_copy(update={"region": (0, 0, 1, right.height)}))
        sets.append(_set_record(key, panels, checks))
    return [_with(record, added.get(record.path, [])) for record in records], sets


def _seam(left: AssetRecord, right: AssetRecord, edges: dict[str, PanelEdges]) -> Check:
    a, b = edges.get(left.path), edges.get(right.path)
    if a is None or b is None:
        missing = left.path if a is None else right.path
        return Check(
            name="seam",
            status="fail",
            slot="seam",
            region=(left.width - 1, 0, left.width, left.height),
            message=f"panels {left.panel}|{right.panel}: {missing} could not be made",
        )
    return seam_check(a, b, left.width, left.panel or 0)


def _set_record(key: SetKey, panels: list[AssetRecord], checks: list[Check]) -> SetRecord:
    return SetRecord(
        preset=key[0],
        locale=key[1],
        panels=[r.path for r in panels],
        roles=[r.panel_role or "" for r in panels],
        checks={name: manifest_status(s) for name, s in sorted(summarize(checks).items())},
        details=checks,
    )


def _with(record: AssetRecord, checks: list[Check]) -> AssetRecord:
    if not checks:
        return record
    details = [*record.details, *checks]
    summary = {name: manifest_status(s) for name, s in sorted(summarize(details).items())}
    return record.model_copy(update={"details": details, "checks": summary})
