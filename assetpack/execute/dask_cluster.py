"""Run asset tasks on a Dask distributed cluster: the same tasks, the same bytes as locally.

`distributed` is the optional `dask` extra, so it is imported only when a cluster is asked
for. The art is scattered to every worker once; tasks go out through a window of at most
`max_in_flight` futures and come back in task order, so neither this process nor the cluster
holds more than a window of encoded images however large the batch. Dask retries a failing
task on any worker (`retries`); a task that still fails becomes a failed outcome and the
others carry on.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import CancelledError
from types import ModuleType
from typing import TYPE_CHECKING

from assetpack.art import Art
from assetpack.errors import InputError
from assetpack.execute.environment import (
    describe_differences,
    differences,
    environment_report,
    task_files,
)
from assetpack.execute.local import gave_up
from assetpack.execute.tasks import (
    AssetOutcome,
    AssetTask,
    describe_error,
    failed_outcome,
    make_asset,
)

if TYPE_CHECKING:
    from distributed import Client, Future

# Futures per worker thread: keeps every thread busy while the oldest result is fetched.
IN_FLIGHT_PER_THREAD = 4
INSTALL_HINT = "pip install 'assetpack[dask]'"


def make_on_worker(task: AssetTask, art: Art | None) -> AssetOutcome:
    """The Dask task: `art` arrives as the worker's scattered copy, not with the task."""
    return make_asset(task, {task.art_key: art} if task.art_key and art is not None else {})


def run_dask(
    tasks: list[AssetTask],
    arts: dict[str, Art],
    address: str,
    *,
    retries: int = 2,
    max_in_flight: int | None = None,
    timeout_s: float = 60.0,
) -> Iterator[AssetOutcome]:
    """Outcomes in task order, made on the cluster whose scheduler is at `address`.

    Raises InputError if `distributed` is not installed, the scheduler cannot be reached,
    no worker joins within `timeout_s`, or a worker would draw different bytes (other
    libraries or fonts, see `environment`), or if the cluster goes away mid-batch.
    """
    distributed = _import_distributed()
    client = _connect(distributed, address, timeout_s)
    try:
        _check_workers(client, tasks, address)
        # A list, not the dict: scattered dict keys become cluster-wide keys, and another
        # build on the same cluster scattering "square" would collide with ours.
        names = sorted(arts)
        scattered = client.scatter([arts[n] for n in names], broadcast=True, hash=False)
        art_futures = dict(zip(names, scattered, strict=True))
        threads = sum(client.nthreads().values())
        window = max(1, max_in_flight or IN_FLIGHT_PER_THREAD * threads)
        yield from _windowed(client, tasks, art_futures, window, retries, address)
    finally:
        client.close()


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as exc:
        raise InputError(
            f"building on a Dask cluster needs the Dask extra; install it with {INSTALL_HINT}"
        ) from exc
    return distributed


def _connect(distributed: ModuleType, address: str, timeout_s: float) -> Client:
    try:
        client: Client = distributed.Client(address, timeout=timeout_s, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {address} ({describe_error(exc)}); start one "
            "with `dask scheduler` and pass the address it prints to --dask"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=timeout_s)
    except TimeoutError as exc:
        client.close()
        raise InputError(
            f"no Dask worker joined the scheduler at {address} within {timeout_s:.0f} s; "
            f"start workers with `dask worker {address}`"
        ) from exc
    return client


def _check_workers(client: Client, tasks: list[AssetTask], address: str) -> None:
    """Refuse a cluster whose workers would draw different bytes than this machine."""
    paths = task_files(tasks)
    reports = client.run(environment_report, paths, on_error="return")
    broken = [
        f"{w}: cannot run assetpack ({describe_error(r)})"
        for w, r in reports.items()
        if isinstance(r, BaseException)
    ]
    good = {w: r for w, r in reports.items() if not isinstance(r, BaseException)}
    lines = broken + differences(environment_report(paths), good)
    if lines:
        raise InputError(
            f"the Dask workers at {address} would not draw the same files as this machine:\n"
            f"{describe_differences(lines)}\n"
            "Give every worker the same assetpack install and the brief's, kit's and font "
            "files at the same paths (a shared file system or the same container image)."
        )


def _windowed(
    client: Client,
    tasks: list[AssetTask],
    art_futures: dict[str, Future[Art]],
    window: int,
    retries: int,
    address: str,
) -> Iterator[AssetOutcome]:
    # Unique keys per run: another build on the same cluster must never share our results.
    run_id = uuid.uuid4().hex[:12]
    in_flight: deque[tuple[AssetTask, Future[AssetOutcome]]] = deque()
    upcoming = enumerate(tasks)
    while True:
        while len(in_flight) < window and (item := next(upcoming, None)) is not None:
            index, task = item
            art = art_futures.get(task.art_key) if task.art_key else None
            key = f"make_asset-{run_id}-{index}"
            future = client.submit(make_on_worker, task, art, key=key, retries=retries, pure=False)
            in_flight.append((task, future))
        if not in_flight:
            return
        task, future = in_flight.popleft()
        yield _collect(task, future, retries, address)


def _collect(
    task: AssetTask, future: Future[AssetOutcome], retries: int, address: str
) -> AssetOutcome:
    try:
        return future.result()
    except CancelledError as exc:  # the scheduler dropped our futures: it is gone
        raise InputError(
            f"lost the Dask scheduler at {address} in the middle of the build "
            f"({describe_error(exc)}); nothing was packed. Check the cluster and build again."
        ) from exc
    except Exception as exc:  # the task's own error, after Dask's retries
        return failed_outcome(task, _failure_message(exc, retries))
    finally:
        future.release()  # the result lives on a worker until every reference is dropped


def _failure_message(error: Exception, retries: int) -> str:
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):  # counted by Dask's allowed-failures, not retries
        return f"could not be made: every worker that ran it died ({describe_error(error)})"
    return gave_up(retries + 1, describe_error(error))
