"""build: the one place that runs the stages, top to bottom.

load -> fonts -> copy -> layout -> art -> (render, verify, encode per asset) -> pack -> deliver
"""

from __future__ import annotations

import contextlib
import pickle
import shutil
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from assetpack.art import Art, Focus, make_art
from assetpack.art.calls import poster_presets, set_art_key
from assetpack.config import CopySet, Project, SizePreset, load_project
from assetpack.config.base import Frozen
from assetpack.copy import write_copy_with_usage
from assetpack.copy.cache import default_cache_dir
from assetpack.copy.result import CopyResult
from assetpack.errors import InputError
from assetpack.execute import AssetOutcome, AssetTask, run_tasks
from assetpack.execute.cache import AssetCache
from assetpack.execute.memory import trim
from assetpack.fonts import resolve_fonts
from assetpack.imagegen.plan import with_overrides
from assetpack.imagegen.text_result import ModelText, provider_checks
from assetpack.imagegen.usage import ImageUsage
from assetpack.layout import LayoutPlan, Typesetter, lay_out_preset
from assetpack.layout.sets import Frac, lay_out_set, strip_text_zones
from assetpack.layout.slot_fit import slot_overflow_checker
from assetpack.pack import MANIFEST, AssetRecord, SetRecord, pack
from assetpack.pack.models import PackedRecords
from assetpack.pack.proof import prepared_path
from assetpack.pack.sets import verify_sets
from assetpack.rebuild import inputs_key, reusable, write_stamp
from assetpack.verify.ocr import own_engine, release_engines
from assetpack.verify.ocr_reference import share_readings
from assetpack.verify.sets import PanelEdges

# Under the cache folder, beside assets/: OCR readings of reference renderings.
READINGS = "ocr-readings"

if TYPE_CHECKING:
    from assetpack.deliver import DeliveryOptions
    from assetpack.imagegen.session import ImageSession


class BuildOptions(Frozen):
    """How to build: overrides of the brief and the knobs of the run."""

    locales: tuple[str, ...] | None = Field(None, description="Only these locales.")
    presets: tuple[str, ...] | None = Field(None, description="Only these presets (ids, globs).")
    allow_outside: bool = Field(False, description="Allow files outside the brief/kit folders.")
    copy_provider: str | None = Field(None, description="offline or openai; default: the brief.")
    workers: int | None = Field(None, description="Worker threads; default: the cores.")
    ocr: bool = Field(True, description="Run the OCR round trip.")
    upload: str | None = Field(None, description="Delivery target; default: the brief's.")
    dask: str | None = Field(
        None, description="Dask scheduler address (tcp://host:8786): render there."
    )
    art_provider: Literal["procedural", "image", "openai"] | None = Field(
        None, description="Where the art comes from; default: the brief's art.provider."
    )
    text_mode: Literal["typeset", "model"] | None = Field(
        None, description="Who draws the copy; default: the brief's text_mode."
    )
    cache_dir: Path | None = Field(
        None, description="Cache of API results; default: $ASSETPACK_CACHE_DIR or ~/.cache."
    )
    max_cost_usd: float | None = Field(
        None, ge=0, description="Refuse a build whose planned API calls cost more (USD)."
    )
    draft: bool = Field(False, description="Preview: the draft image model, low quality.")
    reuse: bool = Field(
        True,
        description="Reuse an unchanged pack and cached assets; False renders everything.",
    )


class BuildResult(Frozen):
    """What a build produced and whether it passed the gate."""

    out_dir: Path = Field(description="Folder holding the pack.")
    zip_path: Path = Field(description="The pack's zip.")
    manifest_path: Path = Field(description="manifest.json.")
    assets: list[AssetRecord] = Field(description="Every asset with its checks.")
    seconds: float = Field(description="Wall time of the build.")
    delivery: dict[str, object] | None = Field(None, description="Delivery summary, if any.")
    stage_seconds: dict[str, float] = Field(
        default_factory=dict, description="Wall time per stage, and to the first asset."
    )
    image_usage: ImageUsage | None = Field(None, description="Image API tokens, if any.")
    reused: int = Field(0, description="Assets taken from the asset cache, not made again.")
    unchanged: bool = Field(
        False, description="The inputs had not changed: the existing pack was kept as it was."
    )
    sets: list[SetRecord] = Field(
        default_factory=list, description="Multi-panel sets with their set-level checks."
    )

    @property
    def passed(self) -> bool:
        return all(asset.passed for asset in self.assets) and all(s.passed for s in self.sets)


class StageClock:
    """Wall time per stage (laps) and to a first event, from the build's start."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.stages: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.stages[name] = round(now - self.last, 4)
        self.last = now

    def add(self, name: str, seconds: float) -> None:
        """Time spent in a stage that runs in pieces (or in workers), summed."""
        self.stages[name] = round(self.stages.get(name, 0.0) + seconds, 4)

    def first(self, name: str) -> None:
        self.stages.setdefault(name, round(time.monotonic() - self.started, 4))

    def total(self) -> float:
        return time.monotonic() - self.started


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


def _art_inputs(
    presets: list[SizePreset], plans: dict[str, dict[str, LayoutPlan]]
) -> tuple[dict[str, tuple[int, int]], dict[str, Focus]]:
    """Per aspect class: the largest canvas of the class, and the stage from its layout."""
    canvases: dict[str, tuple[int, int]] = {}
    focus: dict[str, Focus] = {}
    for preset in presets:
        if preset.background == "white":
            continue
        key = preset.aspect_class
        size = (preset.width_px, preset.height_px)
        if key not in canvases or size[0] * size[1] > canvases[key][0] * canvases[key][1]:
            canvases[key] = size
            ltr = next((p for p in plans[preset.id].values() if not p.mirrored), None)
            first = ltr or next(iter(plans[preset.id].values()))
            focus[key] = _focus(first)
    return canvases, focus


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


@contextlib.contextmanager
def _staging(out_dir: Path, campaign: str) -> Iterator[tuple[Path, Path]]:
    """The pack's final folder and the staging folder it is built in; the staging folder is
    removed if the build stops (an error, Ctrl-C), so nothing half-written stays behind."""
    final = out_dir / campaign
    if final.exists() and any(final.iterdir()) and not (final / MANIFEST).exists():
        raise InputError(
            f"{final} exists and is not an assetpack pack; refusing to overwrite it. "
            "Choose another output folder with -o."
        )
    staging = out_dir / f".{campaign}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield final, staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _publish(staging: Path, final: Path) -> None:
    """Swap the finished pack in; the old pack is removed only after the new one is in place."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


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
    for preset in project.presets:
        if project.takes_set(preset) and panels:
            by_locale = lay_out_set(preset, panels, roles, project.kit, ts, product)
            plans[preset.id] = {
                f"{locale}#p{plan.panel}": plan
                for locale, panel_plans in by_locale.items()
                for plan in panel_plans
            }
        else:
            plans[preset.id] = lay_out_preset(preset, copies, project.kit, ts, product)
    return plans


def _product_path(project: Project) -> str | None:
    image = project.brief.product.image
    return str(image) if image else None


def _image_session(project: Project, options: BuildOptions) -> ImageSession | None:
    """The image API session, when the build uses one. The planned calls are priced first:
    a build over --max-cost is refused before anything is called."""
    if project.brief.art.provider != "openai" and project.brief.text_mode != "model":
        return None
    from assetpack.imagegen.plan import plan_calls
    from assetpack.imagegen.session import open_session

    session = open_session(
        cache_dir=options.cache_dir, draft=options.draft, max_cost_usd=options.max_cost_usd
    )
    planned = plan_calls(project, session.settings)
    planned.check_budget(options.max_cost_usd)
    session.expect(planned.usd)
    return session


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


def build(
    brief_path: Path,
    out_dir: Path,
    options: BuildOptions | None = None,
    delivery: DeliveryOptions | None = None,
    on_asset: Callable[[AssetRecord, int, int], None] | None = None,
) -> BuildResult:
    """Build the pack for one brief into `out_dir/<campaign>/`, then deliver it if it passed.

    A pack that fails verification is written locally (to look at) but never delivered.
    """
    options = options or BuildOptions()
    clock = StageClock()
    project = load_project(
        brief_path,
        allow_outside=options.allow_outside,
        locales=list(options.locales) if options.locales else None,
        presets=list(options.presets) if options.presets else None,
    )
    project = with_overrides(project, options.art_provider, options.text_mode)
    key = inputs_key(project, options.model_dump()) if options.reuse else None
    previous = reusable(Path(out_dir) / project.brief.campaign, key) if key else None
    if previous is not None:
        clock.lap("load")
        records, sets = previous
        result = _result(Path(out_dir) / project.brief.campaign, records, sets, clock, None)
        result = result.model_copy(update={"reused": len(records), "unchanged": True})
        return _deliver(result, project, options, delivery)
    session = _image_session(project, options)
    clock.lap("load")
    typesetter = Typesetter(resolve_fonts(project.kit, project.locales))
    written = write_copy_with_usage(
        project,
        provider=options.copy_provider,
        cache_dir=options.cache_dir,
        fits=slot_overflow_checker(project.presets, project.kit, typesetter),
    )
    copies = written.copy_by_locale
    clock.lap("copy")
    arts: dict[str, Art] = {}
    if _whole_batch(project):
        batch = _batch_tasks(project, written, typesetter, options, session, arts)
        tasks: Iterable[AssetTask] = batch
        total = len(batch)
        clock.lap("layout_art")
    else:
        tasks = _streamed_tasks(project, copies, typesetter, options, arts, clock)
        total = len(project.presets) * len(project.locales)
    with _staging(Path(out_dir), project.brief.campaign) as (final, staging):
        packed = PackedRecords()
        edges: dict[str, PanelEdges] = {}
        # Files are written as they arrive, so memory holds a few encoded images, not the batch.
        cache = (
            AssetCache(options.cache_dir or default_cache_dir(), arts) if options.reuse else None
        )
        reading: str | None = None  # the engine the last asset's locale needed of its own
        for outcome in _outcomes(tasks, arts, options, cache):
            engine = own_engine(outcome.record.locale)
            if engine != reading:
                # Tasks come turn by turn (`reading_turns`) and outcomes in their order, so
                # the last turn's assets are all in. (An asset from the cache may come a
                # little early; a pack unloaded too soon is only loaded again.)
                if reading is not None:
                    release_engines(reading)
                    trim()
                reading = engine
            _write(staging / outcome.record.path, outcome.data)
            if outcome.thumbnail is not None:
                _write(prepared_path(staging, outcome.record), outcome.thumbnail)
            packed.add(outcome.record)
            if outcome.edges is not None:
                edges[outcome.record.path] = outcome.edges
            clock.first("first_asset")
            for stage, seconds in outcome.seconds.items():
                clock.add(stage, seconds)
            if on_asset is not None:
                on_asset(outcome.record, len(packed), total)
        release_engines()  # the assets are made: the pack needs the memory more (about 0.2 GB)
        trim()
        records, sets = _verify_sets(project, packed.records(), edges)
        clock.lap("assets")
        if cache is not None:
            cache.prune()
        usage = written.usage.model_dump() if written.usage is not None else None
        pack(staging, project.brief.campaign, project.brief_sha256, records, usage, sets)
        if key is not None:
            write_stamp(staging, key, sorted(records, key=lambda r: r.path), sets)
        _publish(staging, final)
    clock.lap("pack")
    result = _result(final, records, sets, clock, session.usage if session is not None else None)
    result = result.model_copy(update={"reused": cache.hits if cache is not None else 0})
    return _deliver(result, project, options, delivery)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _whole_batch(project: Project) -> bool:
    """Generated art and model-drawn copy are planned, priced and made for the whole batch
    in one image session, and a set's panorama is calmed where the text of every panel in
    every locale lands: those builds lay everything out before anything renders."""
    return (
        project.brief.art.provider == "openai"
        or project.brief.text_mode == "model"
        or bool(project.panels)
    )


def _batch_tasks(
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
    art_inputs = _art_inputs(poster_presets(project), plans)
    calm = _set_text_zones(project, plans)
    arts.update(make_art(project, *art_inputs, session=session, calm=calm))
    texts = _model_text(project, plans, arts, session)
    tasks = [
        task
        for preset in project.presets
        for task in _preset_tasks(project, preset, plans[preset.id], arts, texts, options)
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
    """Presets grouped by aspect class (classes in catalog order), each class led by its
    largest canvas that takes art: that layout places the stage the class's art is made for.

    Presets that forbid text come right after the first: their check runs text detection
    over the whole image (about 100 MB more for a moment), best done while little else is in
    memory, but a 2000 px marketplace image should not keep the first asset waiting.
    """
    first_seen: dict[str, int] = {}
    for index, preset in enumerate(presets):
        first_seen.setdefault(preset.aspect_class, index)
    ordered = sorted(
        presets,
        key=lambda p: (
            first_seen[p.aspect_class],
            p.background == "white",
            -p.width_px * p.height_px,
            presets.index(p),
        ),
    )
    text_free = [p for p in ordered if p.text == "none"]
    others = [p for p in ordered if p.text != "none"]
    return others[:1] + text_free + others[1:]


def _streamed_tasks(
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
    waiting: list[list[tuple[SizePreset, bytes]]] = [
        [] for _ in range(max(turns.values(), default=0))
    ]
    for preset in layout_order(project.presets):
        started = time.monotonic()
        plans = lay_out_preset(preset, copies, project.kit, typesetter, product)
        laid_out = time.monotonic()
        clock.add("layout", laid_out - started)
        if preset.background != "white" and preset.aspect_class not in arts:
            arts.update(make_art(project, *_art_inputs([preset], {preset.id: plans})))
            clock.add("art", time.monotonic() - laid_out)
        now = {locale: plan for locale, plan in plans.items() if turns[locale] == 0}
        yield from _preset_tasks(project, preset, now, arts, {}, options)
        for turn, later in enumerate(waiting, start=1):
            kept = {locale: plan for locale, plan in plans.items() if turns[locale] == turn}
            later.append((preset, zlib.compress(pickle.dumps(kept), 1)))
    for later in waiting:
        for preset, packed in later:
            kept = pickle.loads(zlib.decompress(packed))
            yield from _preset_tasks(project, preset, kept, arts, {}, options)


def _outcomes(
    tasks: Iterable[AssetTask],
    arts: dict[str, Art],
    options: BuildOptions,
    cache: AssetCache | None,
) -> Iterator[AssetOutcome]:
    """Every task's outcome; assets made before come from the asset cache, if there is one.

    OCR reference readings are kept in memory for the build's threads, and with a cache in
    its folder for later builds too."""
    share_readings(cache.folder.parent / READINGS if cache is not None else None)
    try:

        def make(some: Iterable[AssetTask]) -> Iterator[AssetOutcome]:
            return run_tasks(some, arts, workers=options.workers, dask=options.dask)

        yield from cache.run(tasks, make) if cache is not None else make(tasks)
    finally:
        share_readings(None)


def _result(
    final: Path,
    records: list[AssetRecord],
    sets: list[SetRecord],
    clock: StageClock,
    image_usage: ImageUsage | None,
) -> BuildResult:
    return BuildResult(
        out_dir=final.resolve(),
        zip_path=(final / "pack.zip").resolve(),
        manifest_path=(final / MANIFEST).resolve(),
        assets=sorted(records, key=lambda r: r.path),
        seconds=clock.total(),
        stage_seconds=clock.stages,
        image_usage=image_usage,
        sets=sets,
    )


def _deliver(
    result: BuildResult,
    project: Project,
    options: BuildOptions,
    delivery: DeliveryOptions | None,
) -> BuildResult:
    """Deliver a pack that passed to --upload or the brief's target, if there is one."""
    destination = options.upload or (
        project.brief.delivery.target if project.brief.delivery else None
    )
    if destination and result.passed:
        # Imported here: boto3 and the delivery stack cost a third of a second to import,
        # which an unchanged rebuild without a target should not pay.
        from assetpack.deliver import deliver

        delivered = deliver(result.out_dir, destination, options=delivery)
        summary = {**delivered.model_dump(mode="json"), "summary": delivered.summary()}
        result = result.model_copy(update={"delivery": summary})
    return result


def _verify_sets(
    project: Project, records: list[AssetRecord], edges: dict[str, PanelEdges]
) -> tuple[list[AssetRecord], list[SetRecord]]:
    """Set-level checks (panel count, order, seams) once every panel of every set is made."""
    expected = [
        (p.id, tag) for p in project.presets if project.takes_set(p) for tag in project.locales
    ]
    if not expected:
        return records, []
    return verify_sets(records, edges, expected, [panel.role for panel in project.panels])


def _preset_tasks(
    project: Project,
    preset: SizePreset,
    plans: dict[str, LayoutPlan],
    arts: dict[str, Art],
    texts: dict[tuple[str, str], ModelText],
    options: BuildOptions,
) -> list[AssetTask]:
    """One task per locale of one preset, or per locale and panel for a preset that takes
    the panel set: in locale, then swipe order."""
    tasks = []
    for plan in plans.values():
        key: str = preset.aspect_class
        if project.takes_set(preset):
            key = set_art_key(preset.aspect_class, plan.mirrored)
        art_key = key if key in arts else None
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
            )
        )
    return tasks
