"""build: the one place that runs the stages, top to bottom.

load -> fonts -> copy -> layout -> art -> (render, verify, encode per asset) -> pack -> deliver

Its parts: `build_tasks` lays out the presets and makes the art as the asset tasks are
asked for, in the order the build makes them; `build_options` holds what a build is asked
and what it returns; `pack.staging` keeps a pack whole until the new one is complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assetpack.art import Art
from assetpack.build_options import BuildOptions, BuildResult, StageClock
from assetpack.build_tasks import batch_tasks, streamed_tasks, whole_batch
from assetpack.config import Project, load_project
from assetpack.config.bitmaps import decode_ahead
from assetpack.copy import write_copy_with_usage
from assetpack.copy.cache import default_cache_dir
from assetpack.copy.cldr import release_locale_data
from assetpack.execute import AssetOutcome, AssetTask, run_tasks
from assetpack.execute.cache import AssetCache
from assetpack.execute.memory import collection_paused, trim
from assetpack.execute.tasks import release_drawings
from assetpack.fonts import resolve_fonts
from assetpack.imagegen.plan import with_overrides
from assetpack.imagegen.usage import ImageUsage
from assetpack.layout import Typesetter
from assetpack.layout.compose import kit_logos
from assetpack.layout.slot_fit import slot_overflow_checker
from assetpack.pack import MANIFEST, AssetRecord, SetRecord, pack
from assetpack.pack.models import PackedRecords
from assetpack.pack.proof import prepared_path
from assetpack.pack.sets import verify_sets
from assetpack.pack.staging import publish_pack, staged_pack
from assetpack.rebuild import inputs_key, reusable, write_stamp
from assetpack.render.draw import release_render_memory
from assetpack.verify.ocr import own_engine, release_engines
from assetpack.verify.ocr_reference import share_readings
from assetpack.verify.sets import PanelEdges

# Under the cache folder, beside assets/: OCR readings of reference renderings.
READINGS = "ocr-readings"

if TYPE_CHECKING:
    from assetpack.deliver import DeliveryOptions
    from assetpack.imagegen.session import ImageSession


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
    if options.dask is None:  # the workers are this process's threads: decoded once, here
        decode_ahead([project.brief.product.image, *kit_logos(project.kit)])
    clock.lap("load")
    typesetter = Typesetter(resolve_fonts(project.kit, project.locales))
    written = write_copy_with_usage(
        project,
        provider=options.copy_provider,
        cache_dir=options.cache_dir,
        fits=slot_overflow_checker(project.presets, project.kit, typesetter),
    )
    copies = written.copy_by_locale
    release_locale_data()
    clock.lap("copy")
    arts: dict[str, Art] = {}
    if whole_batch(project):
        batch = batch_tasks(project, written, typesetter, options, session, arts)
        tasks: Iterable[AssetTask] = batch
        total = len(batch)
        clock.lap("layout_art")
    else:
        tasks = streamed_tasks(project, copies, typesetter, options, arts, clock)
        total = len(project.presets) * len(project.locales)
    with staged_pack(Path(out_dir), project.brief.campaign) as (final, staging):
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
        _release_after_assets()
        with collection_paused():
            records, sets = _verify_sets(project, packed.records(), edges)
            clock.lap("assets")
            if cache is not None:
                cache.prune()
            usage = written.usage.model_dump() if written.usage is not None else None
            pack(staging, project.brief.campaign, project.brief_sha256, records, usage, sets)
            if key is not None:
                write_stamp(staging, key, sorted(records, key=lambda r: r.path), sets)
        publish_pack(staging, final)
    clock.lap("pack")
    result = _result(final, records, sets, clock, session.usage if session is not None else None)
    result = result.model_copy(update={"reused": cache.hits if cache is not None else 0})
    return _deliver(result, project, options, delivery)


def _release_after_assets() -> None:
    """Drop what making assets needed and the pack does not, and give the memory back: the
    OCR engines (about 0.2 GB), what drawing keeps, the drawings kept for twins."""
    release_engines()
    release_render_memory()
    release_drawings()
    trim()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


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
