"""The `assetpack` command: thin click commands over the library. Only here do exceptions
become exit codes: 0 ok, 1 verification failed, 2 bad input, 3 delivery failed, 4 provider."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from assetpack.campaign.cli import campaign
from assetpack.cli_info import kit_group, presets_group, schema_command
from assetpack.cli_options import (
    ALLOW_OUTSIDE,
    ART,
    DRAFT,
    LOCALES,
    MAX_COST,
    PRESETS,
    TEXT_MODE,
    split_list,
)
from assetpack.cli_output import progress_reporter, summary_table
from assetpack.errors import AssetpackError, ConfigError
from assetpack.init_cmd import init_command
from assetpack.plan_cmd import plan
from assetpack.process_exit import exit_now

BRIEF = click.Path(path_type=Path, dir_okay=False)


def delivery_options(**flags: Any) -> Any:
    from assetpack.deliver import DeliveryOptions

    fields = {k: v for k, v in flags.items() if v is not None}
    return DeliveryOptions(**fields)


def delivery_flags(func: Any) -> Any:
    for option in reversed(
        [
            click.option("--endpoint-url", help="S3-compatible endpoint (MinIO, R2, Ceph)."),
            click.option("--region", help="AWS region (default: the standard AWS chain)."),
            click.option(
                "--sse",
                type=click.Choice(["AES256", "aws:kms"]),
                help="Server-side encryption for every object.",
            ),
            click.option("--kms-key-id", help="KMS key for --sse aws:kms."),
            click.option(
                "--presign-expiry",
                "presign_expiry_s",
                type=int,
                help="Seconds the zip's presigned URL stays valid (default 3600).",
            ),
        ]
    ):
        func = option(func)
    return func


class AssetpackGroup(click.Group):
    """Turns assetpack's errors into a message on stderr and the documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            ctx.exit(exc.exit_code)
        except AssetpackError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=AssetpackGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="assetpack")
def main_group() -> None:
    """Brand kit + product brief in; a verified, multilingual pack of marketing images out."""


@main_group.command()
@click.argument("brief", type=BRIEF)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Output folder; the pack goes in OUT/<campaign>/.",
)
@LOCALES
@PRESETS
@click.option(
    "--copy",
    "copy_provider",
    type=click.Choice(["offline", "openai"]),
    help="Where missing copy comes from (default: the brief's copy_provider).",
)
@click.option("--workers", type=click.IntRange(1, 256), help="Worker threads (default: cores).")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Render on the Dask cluster whose scheduler is at ADDRESS, e.g. tcp://host:8786 "
    "(needs assetpack[dask]).",
)
@click.option("--upload", metavar="TARGET", help="Deliver to s3://bucket/prefix or a folder.")
@ALLOW_OUTSIDE
@ART
@TEXT_MODE
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="ASSETPACK_CACHE_DIR",
    help="Cache of API results and finished assets "
    "(default: $ASSETPACK_CACHE_DIR, else ~/.cache/assetpack).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Make every asset again: ignore an unchanged pack and the asset cache.",
)
@MAX_COST
@DRAFT
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the verdict.")
@click.option("-v", "--verbose", count=True, help="Log every asset and every warning.")
@delivery_flags
def build(
    brief: Path,
    out_dir: Path,
    locales: tuple[str, ...],
    presets: tuple[str, ...],
    copy_provider: str | None,
    workers: int | None,
    dask_address: str | None,
    upload: str | None,
    allow_outside: bool,
    art_provider: str | None,
    text_mode: str | None,
    cache_dir: Path | None,
    fresh: bool,
    max_cost_usd: float | None,
    draft: bool,
    as_json: bool,
    quiet: bool,
    verbose: int,
    **flags: Any,
) -> None:
    """Build the pack for BRIEF: copy, layout, render, verify, zip (and deliver)."""
    from assetpack.build import BuildOptions
    from assetpack.build import build as run_build

    options = BuildOptions(
        locales=split_list(locales),
        presets=split_list(presets),
        copy_provider=copy_provider,
        workers=workers,
        dask=dask_address,
        upload=upload,
        allow_outside=allow_outside,
        art_provider=art_provider,
        text_mode=text_mode,
        cache_dir=cache_dir,
        max_cost_usd=max_cost_usd,
        draft=draft,
        reuse=not fresh,
    )
    verbosity = -1 if quiet or as_json else verbose
    with progress_reporter(verbosity) as report:
        result = run_build(brief, out_dir, options, delivery_options(**flags), on_asset=report)
    if as_json:
        summary: dict[str, Any] = {
            "out_dir": str(result.out_dir),
            "zip": str(result.zip_path),
            "manifest": str(result.manifest_path),
            "assets": len(result.assets),
            "passed": result.passed,
            "reused": result.reused,
            "unchanged": result.unchanged,
        }
        if result.delivery is not None:
            summary["delivery"] = result.delivery
        if result.image_usage is not None:
            summary["image_usage"] = result.image_usage.model_dump()
            summary["image_requests_sent"] = result.image_usage.requests_sent
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        _print_summary(result, quiet)
    if not result.passed:
        sys.exit(1)


def _print_summary(result: Any, quiet: bool) -> None:
    failed = [a for a in result.assets if not a.passed]
    if not quiet:
        summary_table(result)
    for asset in failed:
        for item in asset.details:
            if item.status == "fail":
                click.echo(f"  FAIL {asset.path}: {item.name}: {item.message}", err=True)
    verdict = "passed" if not failed else f"FAILED: {len(failed)} assets; nothing was delivered"
    click.echo(f"verification {verdict}; gallery: {result.out_dir / 'index.html'}")
    if result.delivery:
        click.echo(f"delivered: {result.delivery.get('summary', '')}")


@main_group.command()
@click.argument("pack_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the delivery result as JSON.")
@delivery_flags
def deliver(pack_dir: Path, target: str, as_json: bool, **flags: Any) -> None:
    """Deliver an already built pack (OUT/<campaign>) to s3://bucket/prefix or a folder."""
    from assetpack.deliver import deliver as run_deliver

    result = run_deliver(pack_dir, target, options=delivery_options(**flags))
    click.echo(result.model_dump_json() if as_json else result.summary())


@main_group.command("verify")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--preset", "preset_id", help="For a single image: the preset it is for.")
@click.option("--locale", default="en-US", show_default=True, help="For a single image.")
@click.option(
    "--expect",
    multiple=True,
    metavar="SLOT=TEXT",
    help="For a single image: text it must say (repeat for each slot).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def verify_command(
    path: Path, preset_id: str | None, locale: str, expect: tuple[str, ...], as_json: bool
) -> None:
    """Re-verify a pack (folder or zip) or a single image made anywhere."""
    from assetpack.verify.reverify import verify_image, verify_pack

    if preset_id:
        pairs = [item.partition("=") for item in expect]
        if any(not sep or not slot for slot, sep, _ in pairs):
            raise click.BadParameter(
                "write each as SLOT=TEXT, e.g. headline='Hello'", param_hint="--expect"
            )
        reports = [verify_image(path, preset_id, locale, {s: t for s, _, t in pairs})]
    elif expect:
        raise click.BadParameter("--expect needs --preset (and --locale)", param_hint="--expect")
    else:
        reports = verify_pack(path)
    passed = all(r.passed for r in reports)
    if as_json:
        data = {"passed": passed, "assets": [r.model_dump(mode="json") for r in reports]}
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        for report in reports:
            bad = [c for c in report.checks if c.status != "pass"]
            click.echo(f"{'ok  ' if report.passed else 'FAIL'} {report.path}")
            for item in bad:
                click.echo(f"     {item.status}: {item.name}: {item.message}")
        click.echo(f"{len(reports)} checked: {'passed' if passed else 'FAILED'}")
    if not passed:
        sys.exit(1)


main_group.add_command(campaign)
main_group.add_command(plan)
main_group.add_command(presets_group)
main_group.add_command(kit_group)
main_group.add_command(schema_command)
main_group.add_command(init_command)


def main() -> NoReturn:
    """Console-script entry point."""
    try:
        main_group()
    except SystemExit as done:  # click's standalone mode always ends here
        if done.code is not None and not isinstance(done.code, int):
            raise  # a message for Python to print
        exit_now(done.code or 0)
    exit_now(0)
