"""How one asset's copy was made (`text_mode: model`): the result the build ships to workers.

Kept apart from `model_text` so that workers and the task models import only pydantic and
Pillow, never the `openai` client.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Literal

from PIL import Image
from pydantic import Field

from assetpack.art.models import Art
from assetpack.config.base import Frozen
from assetpack.imagegen.fit import Box
from assetpack.layout.plan import LayoutPlan
from assetpack.verify.report import Check

TextSource = Literal["model", "typeset-fallback"]


class Verdict(Frozen):
    """What the verifier read back: pass, or which slots are wrong and how."""

    passed: bool = Field(description="Every line read back as written.")
    wrong: dict[str, str] = Field(default_factory=dict, description="Slot -> what was wrong.")
    retry: bool = Field(True, description="False when a repaint cannot help (unreadable).")


Verifier = Callable[[Image.Image], Verdict]


class TextPatch(Frozen):
    """Pixels of one model-drawn text area, to paste over the text-free background."""

    box: Box = Field(description="Where the patch goes, canvas pixels.")
    png: bytes = Field(repr=False, description="The area's pixels as PNG.")


class ModelText(Frozen):
    """How one asset's copy was made, and the model's pixels when it was the model's."""

    text_source: TextSource = Field(description="model, or typeset-fallback.")
    attempts: int = Field(description="Image requests made for this asset's copy.")
    patches: list[TextPatch] = Field(default_factory=list, description="Model-drawn areas.")
    notice: str = Field("", description="Why it fell back, for the report.")

    def apply(self, background: Image.Image) -> Image.Image:
        """The text-free background with the model's text areas pasted in."""
        out = background.convert("RGB")
        for patch in self.patches:
            with Image.open(io.BytesIO(patch.png)) as img:
                out.paste(img.convert("RGB"), patch.box[:2])
        return out


def text_free(plan: LayoutPlan) -> LayoutPlan:
    """The plan without its text: what the model draws on, and what typeset text falls back on."""
    return plan.model_copy(update={"blocks": []})


def provider_checks(art: Art | None, text: ModelText | None) -> list[Check]:
    """Warnings for one asset: art the model refused, copy that could not be the model's."""
    checks = []
    if art is not None and art.notice:
        checks.append(Check(name="art", status="warn", slot="background", message=art.notice))
    if text is not None and text.text_source == "typeset-fallback" and text.notice:
        checks.append(
            Check(
                name="model_text",
                status="warn",
                slot="text",
                measured=text.attempts,
                message=text.notice,
            )
        )
    return checks
