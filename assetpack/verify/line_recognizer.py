"""RapidOCR's one-line recognition (PP-OCRv6 small), run directly with onnxruntime.

Why not RapidOCR itself: ``from rapidocr import RapidOCR`` took 0.52 s of every process
that had numpy and Pillow loaded (OmegaConf parsing its 85 KB model table twice, requests,
...) before a line was read; this module's imports, onnxruntime and OpenCV, take 0.05 s.

It does what RapidOCR 3.x does for one image with ``use_det=False, use_cls=False``
(``LoadImage``, ``resize_image_within_bounds``, ``TextRecognizer`` with ``rec_img_shape``
[3, 48, ...] and ``CTCLabelDecode``) step by step, with the same OpenCV calls, so it reads
the same text with the same confidence: not one of 2,894 lines differed (drawn as
benchmarks/ocr_thresholds.py draws them: its Latin, Chinese and Japanese phrases, clean and
corrupted, 8 to 200 px, some over 2000 px wide). tests/verify/test_ocr.py compares it with
RapidOCR's own pipeline, so a RapidOCR or model update that changes a step shows there.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2  # ~20 ms to import; its resize is what RapidOCR's readings were measured with
import numpy as np
import onnxruntime as ort

# RapidOCR's defaults (config.yaml, Global): a side under 30 px is scaled up and one over
# 2000 px down before recognition, each to a multiple of 32 px.
MIN_SIDE_PX, MAX_SIDE_PX = 30, 2000
REC_HEIGHT_PX = 48  # the model's input height


def _scaled_to_32(img: np.ndarray, ratio: float) -> np.ndarray:
    """RapidOCR's reduce_max_side/increase_min_side: both sides scaled by ``ratio``, then
    each rounded to a multiple of 32 on its own (so the aspect ratio shifts a little)."""
    h, w = img.shape[:2]
    resize_h = int(round(int(h * ratio) / 32) * 32)
    resize_w = int(round(int(w * ratio) / 32) * 32)
    if resize_h <= 0 or resize_w <= 0:
        raise ValueError(f"a {w}x{h} px image cannot be scaled for recognition")
    return cv2.resize(img, (resize_w, resize_h))


def within_bounds(img: np.ndarray) -> np.ndarray:
    """RapidOCR's resize_image_within_bounds (its ``use_preprocess_img``, on by default)."""
    if max(img.shape[:2]) > MAX_SIDE_PX:
        img = _scaled_to_32(img, float(MAX_SIDE_PX) / max(img.shape[:2]))
    if min(img.shape[:2]) < MIN_SIDE_PX:
        img = _scaled_to_32(img, float(MIN_SIDE_PX) / min(img.shape[:2]))
    return img


def resize_norm(img: np.ndarray, min_ratio: float) -> np.ndarray:
    """RapidOCR's resize_norm_img for a batch of one: scaled to 48 px high, values in [-1, 1],
    padded with zeros on the right to ``min_ratio`` times the height if it is narrower."""
    h, w = img.shape[:2]
    max_wh_ratio = max(min_ratio, w * 1.0 / h)
    img_width = int(REC_HEIGHT_PX * max_wh_ratio)
    resized_w = min(img_width, int(math.ceil(REC_HEIGHT_PX * (w / float(h)))))
    resized = cv2.resize(img, (resized_w, REC_HEIGHT_PX)).astype("float32")
    resized = resized.transpose((2, 0, 1)) / 255
    resized -= 0.5
    resized /= 0.5
    padded = np.zeros((3, REC_HEIGHT_PX, img_width), dtype=np.float32)
    padded[:, :, 0:resized_w] = resized
    return padded[np.newaxis, :]


class CtcDecoder:
    """RapidOCR's CTCLabelDecode for one line: best class per column, repeats merged, blanks
    (class 0) dropped; confidence is the mean of the kept columns' probabilities."""

    def __init__(self, characters: list[str]) -> None:
        # Class 0 is the CTC blank, the last class a space: the model's list has neither.
        self.classes = ["blank", *characters, " "]

    def __call__(self, preds: np.ndarray) -> tuple[str, float]:
        indices, probs = preds.argmax(axis=2)[0], preds.max(axis=2)[0]
        keep = np.ones(len(indices), dtype=bool)
        keep[1:] = indices[1:] != indices[:-1]
        keep &= indices != 0
        # Rounded per column and then again, as RapidOCR does: the same float, bit for bit.
        confs = [round(conf, 5) for conf in np.array(probs[keep]).tolist()] or [0]
        text = "".join(self.classes[i] for i in indices[keep])
        return text, float(np.mean(confs).round(5).tolist())


def _session_options(threads: int) -> ort.SessionOptions:
    # RapidOCR's OrtInferSession._init_sess_opts with its config.yaml defaults.
    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = threads
    return options


class LineRecognizer:
    """One loaded recognition model; ``read`` is RapidOCR's recognition of one line image.

    ``read`` may run in several threads at once: an onnxruntime session runs concurrent calls,
    each on its calling thread with one intra-op thread (parallelism comes from the build's
    threads). On 2 cores two threads reading 20 lines each took 1.03 times as long as one.
    """

    def __init__(self, model: Path, *, min_ratio: float, threads: int = 1) -> None:
        self.min_ratio = min_ratio
        self.session = ort.InferenceSession(
            str(model),
            sess_options=_session_options(threads),
            # RapidOCR's CPU provider settings (EngineConfig.onnxruntime.cpu_ep_cfg).
            providers=[("CPUExecutionProvider", {"arena_extend_strategy": "kSameAsRequested"})],
        )
        # The model carries its character list; RapidOCR reads it the same way.
        meta = self.session.get_modelmeta().custom_metadata_map
        self.decode = CtcDecoder(meta["character"].splitlines())
        self.input_name = self.session.get_inputs()[0].name
        self.output_names = [output.name for output in self.session.get_outputs()]

    def read(self, gray: np.ndarray) -> tuple[str, float]:
        """Text and confidence of a 2-D uint8 line image, as RapidOCR reads it."""
        bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)  # LoadImage turns grey into BGR
        batch = resize_norm(within_bounds(bgr), self.min_ratio)
        preds = self.session.run(self.output_names, {self.input_name: batch})[0]
        return self.decode(preds)
