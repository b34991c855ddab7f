"""Model-drawn copy for every asset of a build, in parallel.

The build calls `draw_all_model_text` after the art is made and before the assets are
rendered: each asset's text-free background is rendered exactly as `make_asset` will render
it, so the model's text areas (`ModelText.patches`) paste back onto identical pixels there.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from assetpack.art import Art
from assetpack.imagegen.model_text import draw_model_text, gate_verifier
from assetpack.imagegen.session import ImageSession
from assetpack.imagegen.text_request import text_areas
from assetpack.imagegen.text_result import ModelText, Verifier, text_free
from assetpack.layout.plan import LayoutPlan
from assetpack.render import render

AssetKey = tuple[str, str]  # (preset id, locale)


def wants_model_text(plan: LayoutPlan) -> bool:
    """Assets with copy get model-drawn text; text-free presets (marketplace) never do."""
    return bool(text_areas(plan))


def draw_all_model_text(
    plans: list[LayoutPlan],
    arts: dict[str, Art],
    session: ImageSession,
    verifier_for: Callable[[LayoutPlan], Verifier] = gate_verifier,
) -> dict[AssetKey, ModelText]:
    """Per (preset, locale) with copy, how its text was made; requests in flight are bounded
    by the session, refusals stay with their asset, other provider errors stop the build."""

    def one(plan: LayoutPlan) -> ModelText:
        art = arts.get(plan.aspect_class) if plan.background == "art" else None
        background = render(text_free(plan), art)
        return draw_model_text(plan, background, session, verifier_for(plan))

    todo = [plan for plan in plans if wants_model_text(plan)]
    with ThreadPoolExecutor(max_workers=session.settings.concurrency) as pool:
        futures = [pool.submit(one, plan) for plan in todo]
        try:
            return {
                (plan.preset_id, plan.locale): future.result()
                for plan, future in zip(todo, futures, strict=True)
            }
        except BaseException:
            for future in futures:
                future.cancel()
            raise
