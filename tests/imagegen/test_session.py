"""Image requests through the real `openai` client against the loopback images server."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from assetpack.errors import InputError, ProviderError
from assetpack.imagegen.cache import ImageCache
from assetpack.imagegen.session import (
    BudgetExceeded,
    ImageRefused,
    ImageRequest,
    ImageSession,
    open_session,
)
from assetpack.imagegen.settings import load_image_settings

from .images_server import FakeImages, rate_limited, refusal, server_error

SETTINGS = load_image_settings()


def _request(
    prompt: str = "a calm amber glow", size: tuple[int, int] = (1088, 1088)
) -> ImageRequest:
    return ImageRequest(
        endpoint="images.generate", model="gpt-image-2", size=size, quality="low",
        prompt=prompt, purpose="art", target="square",
    )  # fmt: skip


def _session(fake: FakeImages, tmp_path: Path, **client: float) -> ImageSession:
    return ImageSession(SETTINGS, ImageCache(tmp_path / "cache"), fake.client(**client))  # type: ignore[arg-type]


def test_answer_is_a_png_of_the_requested_size_and_is_cached(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    first = _session(fake_images, tmp_path).run(_request())
    assert Image.open(io.BytesIO(first.png)).size == (1088, 1088) and not first.cached
    assert fake_images.seen[0].fields["size"] == "1088x1088"
    assert fake_images.seen[0].fields["output_format"] == "png"
    again = _session(fake_images, tmp_path)
    second = again.run(_request())
    assert second.cached and second.png == first.png and len(fake_images.seen) == 1
    # The same tokens behind the same image, whether fetched or read back; nothing sent.
    assert again.usage.model_dump() == {"results": 1, "refused": 0, **first.usage}
    assert first.usage["output_image_tokens"] > 0 and again.usage.requests_sent == 0


def test_cache_key_covers_prompt_size_model_and_inputs(tmp_path: Path) -> None:
    base = _request()
    variants = [
        base.model_copy(update={"prompt": "another"}),
        base.model_copy(update={"size": (1072, 1072)}),
        base.model_copy(update={"model": "gpt-image-1-mini"}),
        base.model_copy(update={"quality": "high"}),
        base.model_copy(update={"endpoint": "images.edit", "images": (b"a",)}),
        base.model_copy(update={"endpoint": "images.edit", "images": (b"b",)}),
        base.model_copy(update={"endpoint": "images.edit", "images": (b"a",), "mask": b"m"}),
    ]
    keys = {base.key(), *(v.key() for v in variants)}
    assert len(keys) == 8
    assert base.key() == _request().key()  # and nothing else: targets are just labels
    assert base.key() == base.model_copy(update={"target": "elsewhere"}).key()


def test_damaged_cache_entries_are_asked_again(fake_images: FakeImages, tmp_path: Path) -> None:
    _session(fake_images, tmp_path).run(_request())
    for png in (tmp_path / "cache" / "images").rglob("*.png"):
        png.write_bytes(b"half a file")
    assert not _session(fake_images, tmp_path).run(_request()).cached
    assert len(fake_images.seen) == 2


def test_429_and_500_are_retried_with_backoff(fake_images: FakeImages, tmp_path: Path) -> None:
    fake_images.queue += [rate_limited(), server_error()]
    result = _session(fake_images, tmp_path, max_retries=3).run(_request())
    assert Image.open(io.BytesIO(result.png)).size == (1088, 1088)
    assert len(fake_images.seen) == 3


def test_retries_are_bounded(fake_images: FakeImages, tmp_path: Path) -> None:
    fake_images.queue += [server_error()] * 5
    with pytest.raises(ProviderError, match="HTTP 500 after 2 retries"):
        _session(fake_images, tmp_path, max_retries=2).run(_request())
    assert len(fake_images.seen) == 3


def test_a_refusal_is_its_own_error_with_a_clear_message(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    fake_images.queue.append(refusal())
    with pytest.raises(ImageRefused) as caught:
        _session(fake_images, tmp_path, max_retries=2).run(_request())
    assert len(fake_images.seen) == 1  # a refusal is not retried
    message = str(caught.value)
    assert "safety system" in message and "art of square" in message
    assert "rejected as a result of our safety system" in message


def test_timeouts_end_in_a_provider_error(fake_images: FakeImages, tmp_path: Path) -> None:
    fake_images.delay_s = 0.5
    with pytest.raises(ProviderError, match="did not answer"):
        _session(fake_images, tmp_path, max_retries=1, timeout=0.1).run(_request())
    assert len(fake_images.seen) == 2


def test_openai_base_url_reaches_a_compatible_gateway(
    fake_images: FakeImages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_images.url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    open_session(cache_dir=tmp_path).run(_request())
    assert len(fake_images.seen) == 1


def test_no_key_is_needed_until_a_call_is(fake_images: FakeImages, tmp_path: Path) -> None:
    _session(fake_images, tmp_path).run(_request())
    assert open_session(cache_dir=tmp_path / "cache").run(_request()).cached  # no key: fine
    with pytest.raises(InputError, match="OPENAI_API_KEY"):
        open_session(cache_dir=tmp_path / "cache").run(_request("not cached"))


def test_requests_in_flight_are_bounded(fake_images: FakeImages, tmp_path: Path) -> None:
    in_flight, peak, lock = [0], [0], threading.Lock()
    refuse = fake_images.refuse

    def counting(seen):  # type: ignore[no-untyped-def]
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return refuse(seen)

    fake_images.refuse = counting
    session = _session(fake_images, tmp_path)
    threads = [
        threading.Thread(target=session.run, args=(_request(f"prompt {i}"),)) for i in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fake_images.seen) == 10 and peak[0] <= SETTINGS.concurrency


def test_repaints_stay_within_the_budget(fake_images: FakeImages, tmp_path: Path) -> None:
    session = ImageSession(SETTINGS, ImageCache(tmp_path), fake_images.client(), max_cost_usd=0.05)
    planned = _request()
    cost = planned.call(SETTINGS.spec("gpt-image-2")).usd or 0
    session.expect(cost * 2)  # two planned calls; the budget leaves room for nothing else
    session.run(planned)
    with pytest.raises(BudgetExceeded, match="--max-cost"):
        session.run(_request("a repaint"), extra=True)
    session.run(_request("the second planned call"))
    assert len(fake_images.seen) == 2
