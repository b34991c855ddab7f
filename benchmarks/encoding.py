"""`python -m benchmarks.encoding`: bytes and milliseconds of PNG and JPEG encoder settings.

Builds real posters with the real pipeline (the spring-launch example, every preset, en-US
and ja-JP, no OCR) and decodes them back to RGB. The posters of instagram/feed-square,
instagram/story, google-display/300x250 and google-display/728x90 are then encoded with every
setting worth choosing between:

* The fast setting, ``up_png``: the Up row filter on every row, deflated by zlib-ng with the
  run-length strategy, or the default strategy at levels 2, 3 and 6 (the proof pages' way);
  and libpng through OpenCV (the fast setting before it), level 1 with the RLE strategy and
  one row filter for every row, Paeth or Up.
* PNG at zlib levels 0-9 (Pillow's default strategy for PNG, Z_FILTERED), PNG with
  ``optimize`` (level 9 plus the Average row filter), and the other zlib strategies Pillow
  exposes as ``compress_type`` (default, RLE, Huffman only). Pillow does not expose the row
  filter itself: every row gets the filter with the smallest sum of residuals, and Average is
  tried only with ``optimize``.
* PNG reduced to 256 colours (the fallback for a tight budget), quantizing included.
* JPEG q92, baseline / ``optimize`` (Huffman tables) / ``progressive``, 4:4:4 and 4:2:0.

The procedural art of the example is smooth and compresses far better than photographic art
would (an image or model background). So every poster is measured a second time with
seeded grain added (Gaussian, sigma 6): a stand-in for photographic art, the case where a
tight budget actually bites. Those canvases are marked "+grain".

Each setting is timed as the fastest of several runs (single thread, as a worker encodes).
The runs go round-robin over the settings of a canvas, so load from other work on a shared
machine falls on every setting alike, and the fastest run is the least disturbed one (the
median is kept in the JSON too). Bytes are exact, and each setting is checked to give the
same bytes on every run. Then, bytes only, the fast and the most-effort PNG of every PNG
poster of the example, to bound what the extra effort can save. Finally the policy,
``assetpack.pack.encode.encode``, runs on every poster with every preset of its pixel size,
timed round-robin with the policy it replaced (PNG level 6, JPEG always optimized). Results
print as tables and go to benchmarks/results/encoding.json.

    .venv/bin/python -m benchmarks.encoding
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, features

from assetpack.config import SizePreset

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "examples" / "spring-launch" / "brief.yaml"
RESULTS = ROOT / "benchmarks" / "results"
LOCALES = ("en-US", "ja-JP")
PRESETS = (
    "instagram/feed-square",
    "instagram/story",
    "google-display/300x250",
    "google-display/728x90",
)
GRAIN_SIGMA = 6.0
ROUNDS = 7  # timed runs of each setting per canvas, round-robin
POLICY_ROUNDS = 5  # timed runs of the policy and the one before, round-robin


@dataclass(frozen=True)
class Canvas:
    name: str  # "instagram/story en-US" or "... +grain"
    preset: str
    image: Image.Image


@dataclass(frozen=True)
class Measure:
    canvas: str
    preset: str
    setting: str
    ms: float  # fastest run
    ms_median: float
    bytes: int
    deterministic: bool
    psnr_db: float | None  # lossy settings only


@dataclass(frozen=True)
class Chosen:
    """What the policy chose for one poster on one preset, and what the one before did."""

    canvas: str
    preset: str
    max_bytes: int | None
    ms: float  # fastest run
    bytes: int
    note: str
    deterministic: bool
    before_ms: float
    before_bytes: int
    before_note: str


def _png(**options: object) -> Callable[[Image.Image], bytes]:
    def run(image: Image.Image) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", **options)
        return buffer.getvalue()

    return run


def _png_palette(**options: object) -> Callable[[Image.Image], bytes]:
    def run(image: Image.Image) -> bytes:
        quantized = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        quantized.save(buffer, "PNG", **options)
        return buffer.getvalue()

    return run


def _libpng(filter_name: str) -> Callable[[Image.Image], bytes]:
    """libpng through OpenCV, level 1, RLE, one row filter (the fast PNG before `up_png`)."""
    import cv2

    params = [
        cv2.IMWRITE_PNG_COMPRESSION,
        1,
        cv2.IMWRITE_PNG_STRATEGY,
        cv2.IMWRITE_PNG_STRATEGY_RLE,
        cv2.IMWRITE_PNG_FILTER,
        {"paeth": cv2.IMWRITE_PNG_FILTER_PAETH, "up": cv2.IMWRITE_PNG_FILTER_UP}[filter_name],
    ]

    def run(image: Image.Image) -> bytes:
        bgr = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
        ok, data = cv2.imencode(".png", bgr, params)
        assert ok
        return data.tobytes()

    return run


def _up(level: int | None) -> Callable[[Image.Image], bytes]:
    """The Up filter on every row, deflated by zlib-ng (assetpack.pack.encode.up_png): with
    the run-length strategy for level None, else the default strategy at `level`."""
    from assetpack.pack.encode import up_png

    return lambda image: up_png(image, level=level)


def _jpeg(**options: object) -> Callable[[Image.Image], bytes]:
    def run(image: Image.Image) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", **options)
        return buffer.getvalue()

    return run


def settings() -> dict[str, tuple[Callable[[Image.Image], bytes], bool]]:
    """name -> (encoder, lossy)."""
    table: dict[str, tuple[Callable[[Image.Image], bytes], bool]] = {}
    for level in range(10):
        table[f"png L{level}"] = (_png(compress_level=level), False)
    table["png optimize"] = (_png(optimize=True), False)
    strategies = {
        "default": zlib.Z_DEFAULT_STRATEGY,
        "rle": zlib.Z_RLE,
        "huff": zlib.Z_HUFFMAN_ONLY,
    }
    for level in (1, 6):
        for label, strategy in strategies.items():
            table[f"png L{level} {label}"] = (
                _png(compress_level=level, compress_type=strategy),
                False,
            )
    for filter_name in ("paeth", "up"):
        table[f"libpng L1 rle {filter_name}"] = (_libpng(filter_name), False)
    table["up zlib-ng rle"] = (_up(None), False)
    for level in (2, 3, 6):
        table[f"up zlib-ng L{level}"] = (_up(level), False)
    for level in (1, 6, 9):
        table[f"png 256c L{level}"] = (_png_palette(compress_level=level), True)
    table["png 256c rle"] = (_png_palette(compress_level=1, compress_type=zlib.Z_RLE), True)
    for sub_label, subsampling in (("444", 0), ("420", 2)):
        table[f"jpeg q92 {sub_label}"] = (_jpeg(quality=92, subsampling=subsampling), True)
        table[f"jpeg q92 {sub_label} opt"] = (
            _jpeg(quality=92, subsampling=subsampling, optimize=True),
            True,
        )
        table[f"jpeg q92 {sub_label} prog"] = (
            _jpeg(quality=92, subsampling=subsampling, progressive=True),
            True,
        )
    return table


@dataclass(frozen=True)
class Saving:
    """Bytes of the fast and the most-effort PNG of one poster (what the effort can save)."""

    poster: str
    fast_bytes: int
    level6_bytes: int
    smallest_bytes: int

    @property
    def saving(self) -> float:
        return 1 - self.smallest_bytes / self.fast_bytes


def build_posters() -> list[tuple[str, str, Image.Image]]:
    """(preset, locale, RGB image) of every PNG poster of the example, in both locales."""
    from assetpack.build import BuildOptions, build

    options = BuildOptions(locales=LOCALES, ocr=False, workers=1)
    found: list[tuple[str, str, Image.Image]] = []
    with tempfile.TemporaryDirectory() as out:
        result = build(BRIEF, Path(out), options)
        for record in sorted(result.assets, key=lambda r: (r.preset, r.locale)):
            if record.format != "png":  # decoded JPEGs carry JPEG noise, not the render
                continue
            with Image.open(result.out_dir / record.path) as opened:
                if opened.mode == "P":  # squeezed to 256 colours for its budget: not the render
                    continue
                found.append((record.preset, record.locale, opened.convert("RGB")))
    return found


def canvases_of(built: list[tuple[str, str, Image.Image]]) -> list[Canvas]:
    """The measured presets' posters, plus their grained twins."""
    chosen = sorted((b for b in built if b[0] in PRESETS), key=lambda b: PRESETS.index(b[0]))
    canvases = [Canvas(f"{preset} {locale}", preset, image) for preset, locale, image in chosen]
    rng = np.random.default_rng(20240601)
    grained = []
    for canvas in canvases:
        pixels = np.asarray(canvas.image, dtype=np.float32)
        noisy = pixels + rng.normal(0.0, GRAIN_SIGMA, pixels.shape).astype(np.float32)
        image = Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8), "RGB")
        grained.append(Canvas(f"{canvas.name} +grain", canvas.preset, image))
    return canvases + grained


def savings(built: list[tuple[str, str, Image.Image]]) -> list[Saving]:
    from assetpack.pack.encode import PNG_FAST, PNG_SMALLEST
    from assetpack.pack.encode import _png as encode_png

    rows = []
    for preset, locale, image in built:
        fast = encode_png(image, PNG_FAST)
        level6 = _png(compress_level=6)(image)
        smallest = _png(**PNG_SMALLEST)(image)
        rows.append(Saving(f"{preset} {locale}", len(fast), len(level6), len(smallest)))
    return rows


def _psnr(original: Image.Image, data: bytes) -> float:
    with Image.open(io.BytesIO(data)) as decoded:
        back = np.asarray(decoded.convert("RGB"), dtype=np.float64)
    error = float(np.mean((np.asarray(original, dtype=np.float64) - back) ** 2))
    return 99.0 if error == 0 else 10 * float(np.log10(255.0**2 / error))


def measure(canvases: list[Canvas]) -> list[Measure]:
    rows: list[Measure] = []
    table = settings()
    for canvas in canvases:
        print(f"  {canvas.name} {canvas.image.width}x{canvas.image.height}", file=sys.stderr)
        first = {name: encoder(canvas.image) for name, (encoder, _) in table.items()}  # warm-up
        samples: dict[str, list[float]] = {name: [] for name in table}
        same = dict.fromkeys(table, True)
        for _ in range(ROUNDS):
            for name, (encoder, _) in table.items():
                start = time.perf_counter()
                data = encoder(canvas.image)
                samples[name].append(time.perf_counter() - start)
                same[name] = same[name] and data == first[name]
        for name, (_, lossy) in table.items():
            data = first[name]
            rows.append(
                Measure(
                    canvas.name,
                    canvas.preset,
                    name,
                    min(samples[name]) * 1000,
                    statistics.median(samples[name]) * 1000,
                    len(data),
                    same[name],
                    _psnr(canvas.image, data) if lossy else None,
                )
            )
    return rows


def _before(image: Image.Image, preset: SizePreset) -> tuple[bytes, str]:
    """The policy this benchmark replaced: PNG level 6 then 256 colours at level 6; JPEG q92
    4:4:4 always Huffman-optimized, searching q50-91 for the budget."""

    def png(im: Image.Image) -> bytes:
        return _png(compress_level=6)(im)

    def jpeg(quality: int) -> bytes:
        subsampling = 0 if quality >= 80 else 2
        return _jpeg(quality=quality, subsampling=subsampling, optimize=True)(image)

    image = image.convert("RGB")
    budget = preset.max_bytes
    for fmt in preset.formats:
        if fmt == "png":
            data = png(image)
            if budget is None or len(data) <= budget:
                return data, "png"
            data = png(
                image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            )
            if len(data) <= budget:
                return data, "png, 256 colors"
        else:
            data = jpeg(92)
            if budget is None or len(data) <= budget:
                return data, "jpeg q92"
            low, high, found = 50, 91, None
            while low <= high:
                mid = (low + high) // 2
                data = jpeg(mid)
                if len(data) <= budget:
                    found, low = (data, f"jpeg q{mid}"), mid + 1
                else:
                    high = mid - 1
            if found is not None:
                return found
    return b"", "over budget"  # not reached by the measured posters


def policy(canvases: list[Canvas]) -> list[Chosen]:
    """What `encode` does with each poster on every preset of the poster's pixel size, timed
    round-robin with the policy it replaced.

    Same-size presets span the budgets that matter: 30 MB (Instagram), 5 MB (LINE), 2 MB
    (YouTube Shorts), 500 KB JPEG-first (TikTok) and 150 KB (Google Display).
    """
    from assetpack.config.catalog import load_catalog
    from assetpack.pack.encode import encode

    catalog = load_catalog()
    rows: list[Chosen] = []
    for canvas in canvases:
        size = (canvas.image.width, canvas.image.height)
        for preset in (p for p in catalog if (p.width_px, p.height_px) == size):
            first, (before, before_note) = (
                encode(canvas.image, preset),
                _before(canvas.image, preset),
            )
            now_s: list[float] = []
            before_s: list[float] = []
            same = True
            for _ in range(POLICY_ROUNDS):
                start = time.perf_counter()
                same = same and encode(canvas.image, preset) == first
                now_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                _before(canvas.image, preset)
                before_s.append(time.perf_counter() - start)
            rows.append(
                Chosen(
                    canvas.name,
                    preset.id,
                    preset.max_bytes,
                    min(now_s) * 1000,
                    len(first.data),
                    first.note,
                    same,
                    min(before_s) * 1000,
                    len(before),
                    before_note,
                )
            )
    return rows


def _group(rows: list[Measure], grain: bool) -> dict[tuple[str, str], tuple[float, float]]:
    """(setting, preset) -> (mean ms, mean bytes) over the locales."""
    buckets: dict[tuple[str, str], list[Measure]] = {}
    for row in rows:
        if row.canvas.endswith("+grain") == grain:
            buckets.setdefault((row.setting, row.preset), []).append(row)
    return {
        key: (statistics.mean(m.ms for m in ms), statistics.mean(m.bytes for m in ms))
        for key, ms in buckets.items()
    }


def print_tables(rows: list[Measure], canvases: list[Canvas]) -> None:
    sizes = {c.preset: f"{c.image.width}x{c.image.height}" for c in canvases}
    for grain in (False, True):
        grouped = _group(rows, grain)
        title = "posters + grain (photographic stand-in)" if grain else "posters as built"
        print(f"\n{title}: ms (fastest run) / KB per setting, mean of {', '.join(LOCALES)}")
        header = f"{'setting':<20}" + "".join(
            f"{p.split('/')[1] + ' ' + sizes[p]:>26}" for p in PRESETS
        )
        print(header)
        for setting in settings():
            cells = []
            for preset in PRESETS:
                ms, size = grouped[(setting, preset)]
                cells.append(f"{ms:>12.1f} ms {size / 1024:>8.1f} KB")
            print(f"{setting:<20}" + "".join(cells))


def print_savings(rows: list[Saving]) -> None:
    print("\nmost-effort PNG (optimize) vs fast PNG, every PNG poster of the example (bytes only)")
    print(f"{'poster':<40}{'fast KB':>10}{'level 6 KB':>12}{'optimize KB':>13}{'saving':>9}")
    for row in rows:
        print(
            f"{row.poster:<40}{row.fast_bytes / 1024:>10.1f}{row.level6_bytes / 1024:>12.1f}"
            f"{row.smallest_bytes / 1024:>13.1f}{row.saving:>9.1%}"
        )
    values = [row.saving for row in rows]
    print(
        f"{'saving: min / mean / max':<40}{min(values):.1%} / {statistics.mean(values):.1%}", end=""
    )
    print(f" / {max(values):.1%}")


def print_policy(rows: list[Chosen]) -> None:
    print("\npolicy (assetpack.pack.encode.encode) on every preset of each poster's size,")
    print("before = PNG level 6, JPEG always optimized; ms = fastest run")
    print(
        f"{'canvas':<37}{'preset':<27}{'budget':>8}{'before ms':>10}{'KB':>8}"
        f"{'now ms':>8}{'KB':>8}  note (now)"
    )
    for row in rows:
        budget = f"{row.max_bytes // 1024}K" if row.max_bytes is not None else "-"
        print(
            f"{row.canvas:<37}{row.preset:<27}{budget:>8}{row.before_ms:>10.1f}"
            f"{row.before_bytes / 1024:>8.1f}{row.ms:>8.1f}{row.bytes / 1024:>8.1f}  {row.note}"
        )
    total_before = sum(row.before_ms for row in rows)
    total_now = sum(row.ms for row in rows)
    print(f"{'sum of ms':<72}{total_before:>10.1f}{'':>8}{total_now:>8.1f}")


def main() -> None:
    print("building posters...", file=sys.stderr)
    built = build_posters()
    canvases = canvases_of(built)
    print("measuring settings...", file=sys.stderr)
    rows = measure(canvases)
    print_tables(rows, canvases)
    saved = savings(built)
    print_savings(saved)
    current = policy(canvases)
    print_policy(current)
    nondeterministic = sorted(
        {f"{r.setting} on {r.canvas}" for r in rows if not r.deterministic}
        | {f"policy {r.preset} on {r.canvas}" for r in current if not r.deterministic}
    )
    print(f"\nsame bytes on every run: {'all settings' if not nondeterministic else 'NOT'}")
    for item in nondeterministic:
        print(f"  differs: {item}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "encoding.json"
    payload = {
        "pillow": Image.__version__,
        "zlib": features.version("zlib"),
        "zlib_ng": features.version("zlib_ng") if features.check("zlib_ng") else None,
        "libjpeg_turbo": features.version("libjpeg_turbo"),
        "grain_sigma": GRAIN_SIGMA,
        "canvases": [
            {"name": c.name, "preset": c.preset, "width": c.image.width, "height": c.image.height}
            for c in canvases
        ],
        "measures": [
            {
                **asdict(r),
                "ms": round(r.ms, 3),
                "ms_median": round(r.ms_median, 3),
                "psnr_db": r.psnr_db and round(r.psnr_db, 2),
            }
            for r in rows
        ],
        "png_effort_savings": [{**asdict(s), "saving": round(s.saving, 4)} for s in saved],
        "policy": [
            {**asdict(r), "ms": round(r.ms, 3), "before_ms": round(r.before_ms, 3)} for r in current
        ],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
