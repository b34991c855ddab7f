"""The unit of distributed work: one asset, rendered, verified and encoded.

`make_asset` is a pure function of serializable models, so a local process pool and a Dask
cluster run exactly the same code and produce byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageDraw
from pydantic import Field

from assetpack.art import Art
from assetpack.config import BrandKit, SizePreset
from assetpack.config.base import Frozen
from assetpack.config.bitmaps import as_rgb
from assetpack.execute.environment import task_files
from assetpack.execute.memory import between_assets
from assetpack.files import file_stamp
from assetpack.imagegen.text_result import ModelText, text_free
from assetpack.layout.plan import LayoutPlan
from assetpack.memo import SharedLru
from assetpack.pack import AssetRecord, Encoded, encode
from assetpack.pack.encode import up_png
from assetpack.pack.proof import open_scaled, thumbnail, thumbnail_size
from assetpack.render import render, render_with_coverage
from assetpack.verify import summarize, verify
from assetpack.verify.file_checks import file_checks
from assetpack.verify.report import Check, manifest_status
from assetpack.verify.sets import PanelEdges, panel_edges

# The check a failed task reports. Its record keeps the asset's place in the manifest, so the
# gate fails (nothing is delivered) and the report names the asset instead of losing it.
TASK_CHECK = "task"
PLACEHOLDER_GREY = "#C8C8C8"
PLACEHOLDER_RED = "#D0021B"


class AssetTask(Frozen):
    """Everything needed to make one asset, art excepted (shipped once per worker)."""

    plan: LayoutPlan = Field(description="The asset's layout.")
    preset: SizePreset = Field(description="Its preset.")
    kit: BrandKit = Field(description="The brand kit, for brand checks.")
    art_key: str | None = Field(description="Which art (aspect class) it is drawn on.")
    ocr: bool = Field(True, description="Run the OCR round trip.")
    model_text: ModelText | None = Field(
        None, description="text_mode model: how the copy was made (the model's pixels)."
    )
    extra_checks: list[Check] = Field(
        default_factory=list, description="Checks made before rendering (provider notices)."
    )
    twin: tuple[int, int] | None = Field(
        None,
        description="(n, of): the n-th of `of` presets of the build that draw this canvas "
        "(SizePreset.canvas_key), which share one drawing; None: no other does. How the "
        "build shares work, not what the asset is: left out of every key.",
    )


# What an asset's pixels do not depend on: left out of the keys that identify its drawing.
NOT_DRAWN_TASK = frozenset({"twin"})


class AssetOutcome(Frozen):
    """The encoded file and its record."""

    record: AssetRecord = Field(description="Manifest entry with every check.")
    data: bytes = Field(repr=False, description="The encoded file.")
    edges: PanelEdges | None = Field(
        None, description="A set's panel: its edge columns, for the seam checks of the set."
    )
    thumbnail: bytes | None = Field(
        None,
        repr=False,
        description="The proof's thumbnail of the asset (PNG), made where the asset was made.",
    )
    seconds: dict[str, float] = Field(
        default_factory=dict,
        description="Time per stage (render, verify, encode) where it was made; empty for "
        "an asset taken from the cache. Not part of the record: it differs run to run.",
    )


def asset_path(plan: LayoutPlan, suffix: str) -> str:
    platform, name = plan.preset_id.split("/", 1)
    panel = f"__p{plan.panel}" if plan.panel is not None else ""
    return f"{platform}/{name}__{plan.locale}{panel}{suffix}"


@dataclass
class Drawing:
    """An asset as made for the first task that drew its canvas, with what another task with
    the same drawing (`_drawing_key`) needs to file it under its own preset or locale."""

    outcome: AssetOutcome
    checks: list[Check]  # the image's checks; the file's own are made per preset
    encoded: Encoded
    file_rules: tuple[tuple[str, ...], int | None]  # the maker's formats and byte budget
    asked: int = 0  # twins that have taken it (under _TWINS_LOCK)

    def serves(self, preset: SizePreset) -> bool:
        """Whether encoding the pixels for `preset` would give this file: the same formats
        and budget, or a file encoding gives any preset that prefers its format and fits."""
        same_rules = self.file_rules == (tuple(preset.formats), preset.max_bytes)
        return same_rules or self.encoded.serves(preset)


# Text-free assets made lately, by everything but their locale: a text-free preset (a
# marketplace's main image) draws the same pixels in every locale, 0.4 s each at 2000 px, and
# its locales come turn after turn (build_tasks.reading_turns), so only they are kept here.
_TEXT_FREE: SharedLru[str, Drawing] = SharedLru(8)
# Drawings of canvases that other presets of the build draw too (AssetTask.twin), until every
# twin has taken it. Twins come one after another in a build's tasks (build_tasks.layout_order)
# a turn's locales apart, so a drawing (0.3-0.5 MB for a poster) waits that many tasks; with
# more than 32 locales in a turn, twins miss and draw for themselves. A Dask worker keeps what
# its twins took elsewhere until it is pushed out.
_TWINS: SharedLru[str, Drawing] = SharedLru(32)
_TWINS_LOCK = threading.Lock()


def make_asset(task: AssetTask, arts: dict[str, Art]) -> AssetOutcome:
    between_assets()  # what the assets before it freed goes back to the system
    store = _kept_in(task)
    if store is None:
        return _draw(task, arts).outcome
    key = _drawing_key(task, arts)
    drawing = store.get(key, lambda: _draw(task, arts))
    if store is _TWINS:
        _taken_by(task, key, drawing)
    return _filed(task, drawing) or _draw(task, arts).outcome  # else: another format or budget


def file_from_kept(task: AssetTask, arts: dict[str, Art]) -> AssetOutcome | None:
    """`make_asset`'s outcome for a twin, or a text-free image in another locale, whose
    drawing another task has finished, without waiting or drawing; None if no finished
    drawing is kept, or its file is not this preset's (another format, over this budget):
    then the task is to be made."""
    store = _kept_in(task)
    if store is None:
        return None
    key = _drawing_key(task, arts)
    drawing = store.made(key)
    if drawing is None:
        return None
    filed = _filed(task, drawing)
    if filed is not None and store is _TWINS:
        _taken_by(task, key, drawing)
    return filed


def shared_by(task: AssetTask) -> Literal["twins", "locales"] | None:
    """Which other tasks share `task`'s drawing: its twins (AssetTask.twin), its other locales
    (a text-free image), or none (model-drawn text is its own pixels)."""
    if task.model_text is not None:
        return None
    if task.twin is not None:
        return "twins"
    return "locales" if task.preset.text == "none" else None


def _kept_in(task: AssetTask) -> SharedLru[str, Drawing] | None:
    """Where the drawing of a task that others share is kept (`shared_by`)."""
    shared = shared_by(task)
    return {"twins": _TWINS, "locales": _TEXT_FREE}[shared] if shared else None


def _taken_by(task: AssetTask, key: str, drawing: Drawing) -> None:
    """Count `task`'s twin as served; the last one drops the drawing (no task asks again)."""
    assert task.twin is not None
    with _TWINS_LOCK:
        drawing.asked += 1
        taken = drawing.asked == task.twin[1]
    if taken:
        _TWINS.discard(key)


def _filed(task: AssetTask, drawing: Drawing) -> AssetOutcome | None:
    """The drawing's asset under `task`'s preset and locale; None if encoding for this
    preset would give another file (another format, over this budget)."""
    made = drawing.outcome
    if (made.record.preset, made.record.locale) == (task.preset.id, task.plan.locale):
        return made
    if not drawing.serves(task.preset):
        return None
    # The same pixels, checks and file under this preset's (or locale's) name: made once, so
    # no time of its own. The file's checks are this preset's.
    checks = drawing.checks + file_checks(task.preset, drawing.encoded.data)
    size = (made.record.width, made.record.height)
    record = _record(task, size, drawing.encoded, checks, encoding=drawing.encoded.note)
    return made.model_copy(update={"record": record, "seconds": {}})


def release_drawings() -> None:
    """Drop the drawings kept for other locales and twins, and the arts' digests: the build's
    assets are made."""
    _TEXT_FREE.clear()
    _TWINS.clear()
    art_digest.cache_clear()


def _drawing_key(task: AssetTask, arts: dict[str, Art]) -> str:
    """Everything an asset's pixels and image checks come from: its task without the preset's
    name and file rules (SizePreset.canvas_key), without the locale where the preset draws
    no text; the art it is drawn on (a white canvas names none: build_tasks); and the state
    of the files it reads (fonts, product, logo), as the asset cache keys them: a worker may
    keep drawings across builds."""
    unnamed = {"preset_id": ""} if task.preset.text != "none" else {"preset_id": "", "locale": ""}
    drawn = task.model_copy(update={"plan": task.plan.model_copy(update=unnamed)})
    digest = hashlib.sha256(task.preset.canvas_key().encode())
    digest.update(drawn.model_dump_json(exclude={"preset", *NOT_DRAWN_TASK}).encode())
    for value in read_inputs(task, arts):
        digest.update(value.encode())
    return digest.hexdigest()


def read_inputs(task: AssetTask, arts: dict[str, Art]) -> list[str]:
    """What a task's pixels come from besides the task itself, for keys: the art it is drawn
    on (its digest, or "no art") and the state of every file it reads (fonts, product, logo;
    a worker or a cache outlives a build, a replaced file must not)."""
    art = arts.get(task.art_key) if task.art_key else None
    return [art_digest(art) if art is not None else "no art"] + [
        file_stamp(path) for path in task_files([task])
    ]


@lru_cache(maxsize=8)
def art_digest(art: Art) -> str:
    """`Art.digest`, once per art (every pixel hashed: about 4 ms at 1080x1920), where the keys
    of every asset drawn on it ask; the arts are pinned until `release_drawings`."""
    return art.digest()


def _draw(task: AssetTask, arts: dict[str, Art]) -> Drawing:
    plan = task.plan
    art = arts.get(task.art_key) if task.art_key else None
    text = task.model_text
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 6)

    coverage = None  # model-drawn text: its pixels are not the plan's glyphs, none to pass
    if text is not None and text.text_source == "model":
        image = text.apply(render(text_free(plan), art))
    else:
        image, coverage = render_with_coverage(plan, art)
    seconds = {"render": lap()}
    checks = verify(plan, image, task.preset, task.kit, ocr=task.ocr, coverage=coverage)
    checks += task.extra_checks
    seconds["verify"] = lap()
    encoded = encode(image, task.preset)
    seconds["encode"] = lap()
    record = _record(
        task,
        image.size,
        encoded,
        checks + file_checks(task.preset, encoded.data),
        encoding=encoded.note,
        text_source=text.text_source if text is not None else "typeset",
        text_attempts=text.attempts if text is not None else 0,
    )
    edges = panel_edges(plan, image) if plan.panel is not None else None
    thumb = _proof_thumbnail(image, encoded, record)
    outcome = AssetOutcome(
        record=record, data=encoded.data, edges=edges, thumbnail=thumb, seconds=seconds
    )
    return Drawing(outcome, checks, encoded, (tuple(task.preset.formats), task.preset.max_bytes))


def _proof_thumbnail(image: Image.Image, encoded: Encoded, record: AssetRecord) -> bytes:
    """The proof sheet's thumbnail of the file, made here in the worker rather than by
    decoding every file again in the parent. From the pixels the file holds, so it is the
    same whether the proof gets it from here, the asset cache or the file itself. Written
    with up_png: 0.6 ms for 250x250 where Pillow's level 1 took 2.8 ms."""
    size = thumbnail_size(record)
    pixels = image if encoded.exact else open_scaled(io.BytesIO(encoded.data), size)
    return up_png(thumbnail(as_rgb(pixels), size))


def failed_outcome(task: AssetTask, message: str) -> AssetOutcome:
    """The outcome of a task that could not be made: a placeholder and one failing check.

    The placeholder is a real image of the asset's size and format, so the caller writes and
    packs it like any other (gallery and proof sheet show the gap); the failing check keeps
    the pack from being delivered.
    """
    plan = task.plan
    placeholder = _placeholder(plan)
    encoded = encode(placeholder, task.preset)
    failure = Check(
        name=TASK_CHECK,
        status="fail",
        slot="canvas",
        region=(0, 0, plan.width_px, plan.height_px),
        measured=None,
        threshold=None,
        message=message,
    )
    record = _record(
        task,
        placeholder.size,
        encoded,
        [failure],
        encoding="placeholder: the asset could not be made",
    )
    return AssetOutcome(record=record, data=encoded.data)


def _record(
    task: AssetTask,
    size: tuple[int, int],
    encoded: Encoded,
    checks: list[Check],
    **extra: object,
) -> AssetRecord:
    """The manifest entry of an encoded asset: where it goes, what it says, how it checked."""
    plan = task.plan
    return AssetRecord(
        path=asset_path(plan, encoded.suffix),
        preset=plan.preset_id,
        platform=task.preset.platform,
        locale=plan.locale,
        width=size[0],  # as drawn, so a wrong canvas shows in the manifest too
        height=size[1],
        format=encoded.format,
        bytes=len(encoded.data),
        sha256=hashlib.sha256(encoded.data).hexdigest(),
        copy_text={block.slot: block.text for block in plan.blocks},
        regions={slot: list(box) for slot, box in plan.regions().items()},
        checks={name: manifest_status(s) for name, s in sorted(summarize(checks).items())},
        details=checks,
        panel=plan.panel,
        panel_role=plan.panel_role,
        panels=plan.panels or None,
        **extra,  # type: ignore[arg-type]
    )


def _placeholder(plan: LayoutPlan) -> Image.Image:
    """Grey, crossed out in red: nobody mistakes it for the asset."""
    size = (plan.width_px, plan.height_px)
    image = Image.new("RGB", size, PLACEHOLDER_GREY)
    draw = ImageDraw.Draw(image)
    stroke_px = max(1, min(size) // 100)
    draw.line((0, 0, *size), fill=PLACEHOLDER_RED, width=stroke_px)
    draw.line((0, size[1], size[0], 0), fill=PLACEHOLDER_RED, width=stroke_px)
    return image


def describe_error(error: BaseException) -> str:
    """One line naming the error, for the failed check's message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
