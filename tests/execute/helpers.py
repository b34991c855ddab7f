"""Small tools shared by the executor tests."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from assetpack.execute import TASK_CHECK, AssetOutcome, AssetTask


def digests(outcomes: list[AssetOutcome]) -> list[tuple[str, str]]:
    """(path, sha256 of the bytes) per outcome, in order."""
    return [(o.record.path, hashlib.sha256(o.data).hexdigest()) for o in outcomes]


def with_product(task: AssetTask, path: Path) -> AssetTask:
    """The same task drawing its product image from `path`."""
    assert task.plan.product is not None, "pick a task that shows the product"
    product = task.plan.product.model_copy(update={"path": str(path)})
    return task.model_copy(update={"plan": task.plan.model_copy(update={"product": product})})


def failure_message(outcome: AssetOutcome) -> str:
    assert outcome.record.checks == {TASK_CHECK: "fail"}, outcome.record.checks
    with Image.open(io.BytesIO(outcome.data)) as placeholder:  # a real image, right size
        assert placeholder.size == (outcome.record.width, outcome.record.height)
    return outcome.record.details[0].message
