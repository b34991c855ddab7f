"""The Dask executor against a real scheduler and two real workers on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assetpack.errors import InputError
from assetpack.execute import AssetOutcome, run_dask, run_local
from assetpack.execute import environment as environment_module

from . import worker_probes
from .conftest import Batch, Cluster, make_batch
from .helpers import digests, failure_message

distributed = pytest.importorskip("distributed")


@pytest.fixture
def client(dask_cluster: Cluster) -> Iterator[Any]:
    """A client of the test's own, for probing the workers (run_dask opens its own)."""
    import cloudpickle

    # The workers cannot import the tests: ship the probes' code along with each call.
    cloudpickle.register_pickle_by_value(worker_probes)
    with distributed.Client(dask_cluster.address, set_as_default=False) as probe:
        yield probe
    cloudpickle.unregister_pickle_by_value(worker_probes)


def test_dask_makes_byte_identical_files_to_a_local_build(
    batch: Batch, local_outcomes: list[AssetOutcome], dask_cluster: Cluster
) -> None:
    remote = list(run_dask(batch.tasks, batch.arts, dask_cluster.address))
    assert digests(remote) == digests(local_outcomes), dask_cluster.logs()
    assert [o.record for o in remote] == [o.record for o in local_outcomes]


def test_the_ocr_round_trip_reads_the_same_on_a_worker(dask_cluster: Cluster) -> None:
    one = make_batch(["en-US"], ["instagram/feed-square"], ocr=True)
    local = list(run_local(one.tasks, one.arts, 1))
    remote = list(run_dask(one.tasks, one.arts, dask_cluster.address))
    assert digests(remote) == digests(local)
    assert [o.record for o in remote] == [o.record for o in local]


def test_a_failing_task_is_retried_then_reported_and_the_others_finish(
    batch: Batch,
    local_outcomes: list[AssetOutcome],
    dask_cluster: Cluster,
    client: Any,
    tmp_path: Path,
) -> None:
    always, once = 2, 5  # any two tasks; their names key the faults
    names = {i: worker_probes.task_name(batch.tasks[i]) for i in (always, once)}
    client.run(
        worker_probes.install_faults, {names[always]: "always", names[once]: "once"}, str(tmp_path)
    )
    try:
        remote = list(run_dask(batch.tasks, batch.arts, dask_cluster.address, retries=2))
    finally:
        client.run(worker_probes.remove_faults)
    assert failure_message(remote[always]) == (
        "could not be made (tried 3 times): RuntimeError: injected failure, attempt 3"
    )
    assert (tmp_path / f"{names[always]}.attempts").read_text().count("attempt") == 3
    assert (tmp_path / f"{names[once]}.attempts").read_text().count("attempt") == 2
    others = [o for i, o in enumerate(remote) if i != always]
    expected = [o for i, o in enumerate(local_outcomes) if i != always]
    assert digests(others) == digests(expected)


def test_no_more_than_the_window_is_in_flight(
    batch: Batch, dask_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted: list[str] = []
    submit = distributed.Client.submit

    def counting(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        submitted.append(kwargs["key"])
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(distributed.Client, "submit", counting)
    most = handed = 0
    for _ in run_dask(batch.tasks, batch.arts, dask_cluster.address, max_in_flight=3):
        most = max(most, len(submitted) - handed)
        handed += 1
    assert len(set(submitted)) == handed == len(batch.tasks)
    assert most == 3


def test_workers_that_would_draw_other_bytes_are_refused(
    batch: Batch, dask_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = environment_module.fingerprint()
    # This machine pretends to another FreeType; the workers report the real one.
    monkeypatch.setattr(environment_module, "fingerprint", lambda: {**real, "freetype2": "0.0.1"})
    with pytest.raises(InputError) as caught:
        list(run_dask(batch.tasks, batch.arts, dask_cluster.address))
    message = str(caught.value)
    assert message.count(f"freetype2 is {real['freetype2']} there, 0.0.1 here") == 2
    assert "same paths" in message


def test_an_unreachable_scheduler_is_an_input_error(batch: Batch) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        list(run_dask(batch.tasks, batch.arts, f"tcp://127.0.0.1:{port}", timeout_s=3))
