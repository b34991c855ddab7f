"""What `assetpack build` shows while it works and when it is done.

A progress bar (rich) when stderr is a terminal; plain log lines otherwise, so CI logs stay
readable; nothing but errors with -q; every warning with -v. The summary table counts
assets per preset: passed, with warnings, failed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from assetpack.pack import AssetRecord

Reporter = Callable[[AssetRecord, int, int], None]


def _status(asset: AssetRecord) -> str:
    values = asset.checks.values()
    return "fail" if "fail" in values else "warn" if "warn" in values else "pass"


@contextmanager
def progress_reporter(verbosity: int) -> Iterator[Reporter | None]:
    """A callback for each finished asset (done, total), suited to where output goes."""
    if verbosity < 0:
        yield None
        return
    if sys.stderr.isatty() and verbosity == 0:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("rendering and verifying", total=None)

            def tick(asset: AssetRecord, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            yield tick
        return

    def log(asset: AssetRecord, done: int, total: int) -> None:
        click.echo(f"[{done}/{total}] {_status(asset):4} {asset.path}", err=True)
        if verbosity > 0:
            for check in asset.details:
                if check.status not in ("pass",):
                    click.echo(f"    {check.status}: {check.name}: {check.message}", err=True)

    yield log


def summary_table(result: Any) -> None:
    """Presets x (locales, assets, passed, warnings, failed), then the time and where to look."""
    title = f"{len(result.assets)} assets, {result.seconds:.1f} s"
    if result.unchanged:
        title += ", inputs unchanged: the existing pack was kept"
    elif result.reused:
        title += f", {result.reused} unchanged assets reused"
    table = Table(title=title)
    for column in ("preset", "locales", "assets", "passed", "warnings", "failed"):
        table.add_column(column, justify="left" if column == "preset" else "right")
    by_preset: dict[str, list[AssetRecord]] = {}
    for asset in result.assets:
        by_preset.setdefault(asset.preset, []).append(asset)
    for preset, assets in by_preset.items():
        states = [_status(a) for a in assets]
        table.add_row(
            preset,
            str(len({a.locale for a in assets})),
            str(len(assets)),  # a set preset makes one asset per panel and locale
            str(states.count("pass")),
            str(states.count("warn")),
            str(states.count("fail")),
        )
    Console(highlight=False).print(table)
