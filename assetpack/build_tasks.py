"""The asset tasks of a build, and their order (part of build.py, which runs them).

Streamed builds lay out preset after preset, making each aspect class's art when its first
preset is laid out, so the first assets render while the rest is laid out; builds that plan
the whole batch at once (generated art, model-drawn copy, panel sets) lay out everything
first. Either way the tasks come turn by turn of the OCR engine their locale needs
(`reading_turns`).
"""

from __future__ import annotations

import pickle
import time
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assetpack.art import Art, Focus, make_art
from assetpack.art.calls import poster_presets, set_art_key
from assetpack.build_options import BuildOptions, StageClock
from assetpack.config import CopySet, Project, SizePreset
from assetpack.copy.result import CopyResult
from assetpack.execute import AssetTask
from assetpack.imagegen.text_result import ModelText, provider_checks
from assetpack.layout import LayoutPlan, Typesetter, lay_out_preset
from assetpack.layout.sets import Frac, lay_out_set, strip_text_zones
from assetpack.verify.ocr import own_engine

if TYPE_CHECKING:
    from assetpack.imagegen.session import ImageSession


def _focus(plan: LayoutPlan) -> Focus:
    """Where art should put the product's stage: under the product, in canvas fractions."""
    if plan.product is None:
        return Focus(x=0.72, y=0.6, radius=0.3)
    x0, y0, x1, y1 = plan.product.box
    short = min(plan.width_px, plan.height_px)
    return Focus(
        x=(x0 + x1) / 2 / plan.width_px,
        y=(y0 + y1) / 2 / plan.height_px,
        radius=max(0.05, min(x1 - x0, y1 - y0) * 0.5 / short),
        product_box=plan.product.box,
    )


def art_inputs(
    presets: list[SizePreset], plans: dict[str, dict[str, LayoutPlan]]
) -> tuple[dict[str, tuple[int, int]], dict[str, Focus]]:
    """Per aspect class: the largest canvas of the class, and the stage from its layout."""
    canvases: dict[str, tuple[int, int]] = {}
    focus: dict[str, Focus] = {}
    for key, preset in class_leads(presets).items():
        canvases[key] = (preset.width_px, preset.height_px)
        ltr = next((p for p in plans[preset.id].values() if not p.mirrored), None)
        focus[key] = _focus(ltr or next(iter(plans[preset.id].values())))
    return canvases, focus


def class_leads(presets: list[SizePreset]) -> dict[str, SizePreset]:
    """Per aspect class, its largest canvas that takes art (the first of equal size): the
    layout that places the stage the class's art is made for."""
    leads: dict[str, SizePreset] = {}
    for preset in presets:
        lead = leads.get(preset.aspect_class)
        if preset.background != "white" and (lead is None or _area(preset) > _area(lead)):
            leads[preset.aspect_class] = preset
    return leads


def _set_text_zones(
    project: Project, plans: dict[str, dict[str, LayoutPlan]]
) -> dict[str, list[Frac]]:
    """Per panorama, where the text of its panels lands, in every locale of every preset."""
    zones: dict[str, list[LayoutPlan]] = {}
    for preset in project.presets:
        if project.takes_set(preset):
            for plan in plans[preset.id].values():
                zones.setdefault(set_art_key(preset.aspect_class, plan.mirrored), []).append(plan)
    return {key: strip_text_zones(members) for key, members in zones.items()}


def lay_out_all(
    project: Project,
    copies: dict[str, CopySet],
    ts: Typesetter,
    panels: list[dict[str, CopySet]] | None = None,
) -> dict[str, dict[str, LayoutPlan]]:
    """Plans per preset: by locale for a poster; for a preset that takes the brief's panel
    set, by locale and panel ("en-US#p1", ...), in locale then swipe order."""
    product = _product_path(project)
    roles: list[str] = [panel.role for panel in project.panels]
    plans = {}
    by_canvas: dict[str, dict[str, LayoutPlan]] = {}
    for preset in project.presets:
        if project.takes_set(preset) and panels:
            by_locale = lay_out_set(preset, panels, roles, project.kit, ts, product)
            plans[preset.id] = {
                f"{locale}#p{plan.panel}": plan
                for locale, panel_plans in by_locale.items()
                for plan in panel_plans
            }
            continue
        canvas = preset.canvas_key()
        if canvas not in by_canvas:
            by_canvas[canvas] = lay_out_preset(preset, copies, project.kit, ts, product)
        plans[preset.id] = filed_under(preset, by_canvas[canvas])
    return plans


def canvas_twins(project: Project) -> dict[str, tuple[int, int]]:
    """For each preset whose canvas others of the build draw too (SizePreset.canvas_key),
    (n, of) in layout order (AssetTask.twin). A preset that takes the brief's panel set is
    nobody's twin: its panels are drawn as a set."""
    groups: dict[str, list[str]] = {}
    for preset in layout_order(project.presets):
        if not project.takes_set(preset):
            groups.setdefault(preset.canvas_key(), []).append(preset.id)
    return {
        preset_id: (n, len(ids))
        for ids in groups.values()
        if len(ids) > 1
        for n, preset_id in enumerate(ids, start=1)
    }


def filed_under(preset: SizePreset, plans: dict[str, LayoutPlan]) -> dict[str, LayoutPlan]:
    """The plans of a preset with the same canvas (SizePreset.canvas_key), under this one's id:
    laid out once, they are the same poster."""
    return {
        key: plan
        if plan.preset_id == preset.id
        else plan.model_copy(update={"preset_id": preset.id})
        for key, plan in plans.items()
    }


def _product_path(project: Project) -> str | None:
    image = project.brief.product.image
    return str(image) if image else None


def _without_stage(plans: dict[str, dict[str, LayoutPlan]]) -> dict[str, dict[str, LayoutPlan]]:
    """Generated art paints the product's surroundings itself: drop the drawn stage (disc,
    ring, dots) and keep the shapes that carry text (button, sticker). A set's panorama is
    painted without the product, so set panels keep their stage and progress dots."""
    return {
        preset: {
            key: plan
            if plan.panel is not None
            else plan.model_copy(update={"shapes": [s for s in plan.shapes if s.slot]})
            for key, plan in by_locale.items()
        }
        for preset, by_locale in plans.items()
    }


def _model_text(
    project: Project,
    plans: dict[str, dict[str, LayoutPlan]],
    arts: dict[str, Art],
    session: ImageSession | None,
) -> dict[tuple[str, str], ModelText]:
    """text_mode model: each asset's copy drawn by the model, verified, or typeset."""
    if project.brief.text_mode != "model" or session is None:
        return {}
    from assetpack.imagegen.batch import draw_all_model_text

    # A set's panels are typeset: the model draws the copy of single posters only.
    every = [p for by_locale in plans.values() for p in by_locale.values() if p.panel is None]
    return draw_all_model_text(every, arts, session)


def whole_batch(project: Project) -> bool:
    """Generated art and model-drawn copy are planned, priced and made for the whole batch
    in one image session, and a set's panorama is calmed where the text of every panel in
    every locale lands: those builds lay everything out before anything renders."""
    return (
        project.brief.art.provider == "openai"
        or project.brief.text_mode == "model"
        or bool(project.panels)
    )


def batch_tasks(
    project: Project,
    written: CopyResult,
    typesetter: Typesetter,
    options: BuildOptions,
    session: ImageSession | None,
    arts: dict[str, Art],
) -> list[AssetTask]:
    plans = lay_out_all(project, written.copy_by_locale, typesetter, written.panels)
    if project.brief.art.provider == "openai":
        plans = _without_stage(plans)
    inputs = art_inputs(poster_presets(project), plans)
    calm = _set_text_zones(project, plans)
    arts.update(make_art(project, *inputs, session=session, calm=calm))
    texts = _model_text(project, plans, arts, session)
    twins = canvas_twins(project)
    tasks = [  # in layout order, as streamed builds make them: twins one after another
        task
        for preset in layout_order(project.presets)
        for task in _preset_tasks(project, preset, plans[preset.id], arts, texts, options, twins)
    ]
    turns = reading_turns(project.locales)
    return sorted(tasks, key=lambda task: turns[task.plan.locale])


def reading_turns(locales: list[str]) -> dict[str, int]:
    """Each locale's turn: the locales RapidOCR reads first, then one turn per Tesseract
    pack (`own_engine`), in the brief's order. A build makes its assets turn by turn and
    unloads a turn's pack when its last asset is in, so one pack is loaded at a time, not
    every script's (0.17 GB with second opinions, for the 30-locale benchmark)."""
    engines = [own_engine(locale) for locale in locales]
    order = sorted(dict.fromkeys(engines), key=lambda engine: engine is not None)
    return {locale: order.index(engine) for locale, engine in zip(locales, engines, strict=True)}


def layout_order(presets: list[SizePreset]) -> list[SizePreset]:
    """Presets grouped by aspect class, each class led by its largest canvas that takes art
    (`class_leads`): that layout places the stage the class's art is made for.

    The class whose lead canvas is least tall comes first, the others in catalog order: every
    locale of the first canvas is laid out before the first asset, and a short canvas holds
    few lines to fit, draw and read. The example's first asset (12 locales) came at 1.0 s
    led by its 728x90 banner, 2.0 s led by its 1200x1200 X post (0.7 s of layout alone).
    Height, not area: every preset's 12 locales took 0.17 s to lay out on the 1128x191
    LinkedIn banner, 0.65 s on the 160x600 skyscraper, the smallest canvas.

    Presets with the same canvas (SizePreset.canvas_key) come one after another, so each
    canvas is laid out once and its twins take the layout and drawing just made.

    Presets that forbid text come right after the first canvas: their check runs text detection
    over the whole image (about 100 MB more for a moment), best done while little else is in
    memory, but a 2000 px marketplace image should not keep the first asset waiting.
    """
    canvases = [preset.canvas_key() for preset in presets]
    class_seen: dict[str, int] = {}
    canvas_seen: dict[str, int] = {}
    for index, preset in enumerate(presets):
        class_seen.setdefault(preset.aspect_class, index)
        canvas_seen.setdefault(canvases[index], index)
    leads = class_leads(presets)
    if leads:
        first = min(leads, key=lambda name: (leads[name].height_px, class_seen[name]))
        class_seen[first] = -1
    ordered = sorted(
        range(len(presets)),
        key=lambda i: (
            class_seen[presets[i].aspect_class],
            presets[i].background == "white",
            -_area(presets[i]),
            canvas_seen[canvases[i]],
            i,
        ),
    )
    text_free = [presets[i] for i in ordered if presets[i].text == "none"]
    others = [i for i in ordered if presets[i].text != "none"]
    # The first canvas's presets stay together: one layout, one drawing (streamed_tasks).
    lead = [i for i in others if canvases[i] == canvases[others[0]]]
    return [presets[i] for i in lead] + text_free + [presets[i] for i in others[len(lead) :]]


def _area(preset: SizePreset) -> int:
    return preset.width_px * preset.height_px


def streamed_tasks(
    project: Project,
    copies: dict[str, CopySet],
    typesetter: Typesetter,
    options: BuildOptions,
    arts: dict[str, Art],
    clock: StageClock,
) -> Iterator[AssetTask]:
    """Tasks preset by preset, laid out (and their class's art made) only when the executor
    asks for more, so the first assets render while the rest is still being laid out.

    The first turn's locales (`reading_turns`) stream so; the other turns' plans wait,
    pickled and compressed (2 KB a plan, not 40 KB as objects), until every preset is laid
    out, then their tasks come turn by turn.
    """
    product = _product_path(project)
    turns = reading_turns(project.locales)
    twins = canvas_twins(project)
    waiting: list[list[tuple[SizePreset, bytes]]] = [
        [] for _ in range(max(turns.values(), default=0))
    ]
    last: tuple[str, dict[str, LayoutPlan]] = ("", {})  # the latest canvas and its plans
    for preset in layout_order(project.presets):
        started = time.monotonic()
        canvas = preset.canvas_key()
        if canvas != last[0]:
            last = (canvas, lay_out_preset(preset, copies, project.kit, typesetter, product))
        plans = filed_under(preset, last[1])
        laid_out = time.monotonic()
        clock.add("layout", laid_out - started)
        if preset.background != "white" and preset.aspect_class not in arts:
            arts.update(make_art(project, *art_inputs([preset], {preset.id: plans})))
            clock.add("art", time.monotonic() - laid_out)
        now = {locale: plan for locale, plan in plans.items() if turns[locale] == 0}
        yield from _preset_tasks(project, preset, now, arts, {}, options, twins)
        for turn, later in enumerate(waiting, start=1):
            kept = {locale: plan for locale, plan in plans.items() if turns[locale] == turn}
            later.append((preset, zlib.compress(pickle.dumps(kept), 1)))
    for later in waiting:
        for preset, packed in later:
            kept = pickle.loads(zlib.decompress(packed))
            yield from _preset_tasks(project, preset, kept, arts, {}, options, twins)


def _preset_tasks(
    project: Project,
    preset: SizePreset,
    plans: dict[str, LayoutPlan],
    arts: dict[str, Art],
    texts: dict[tuple[str, str], ModelText],
    options: BuildOptions,
    twins: dict[str, tuple[int, int]],
) -> list[AssetTask]:
    """One task per locale of one preset, or per locale and panel for a preset that takes
    the panel set: in locale, then swipe order."""
    tasks = []
    for plan in plans.values():
        key: str = preset.aspect_class
        if project.takes_set(preset):
            key = set_art_key(preset.aspect_class, plan.mirrored)
        # A white canvas draws no art. Naming its class's art anyway made the task depend on
        # whether another preset had made that art yet: a marketplace image laid out early
        # named none in the first turn of locales and the art in later turns, so the image
        # made once for every locale was made again, detection and all (+0.1 GB at once).
        drawn = preset.background != "white" and key in arts
        art_key = key if drawn else None
        text = texts.get((preset.id, plan.locale))
        tasks.append(
            AssetTask(
                plan=plan,
                preset=preset,
                kit=project.kit,
                art_key=art_key,
                ocr=options.ocr,
                model_text=text,
                extra_checks=provider_checks(arts.get(art_key or ""), text),
                twin=twins.get(preset.id),
            )
        )
    return tasks
