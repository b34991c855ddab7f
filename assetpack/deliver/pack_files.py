"""Read a built pack from disk and prove it is the pack its manifest describes.

Delivery trusts nothing it has not re-checked: the manifest must say the pack passed
verification and every asset on disk must still hash to what the manifest recorded. Only
then is the pack's build id computed, from the hashes of everything that will be shipped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assetpack.errors import InputError, VerificationFailed
from assetpack.files import sha256_file
from assetpack.pack.proof import proof_names

MANIFEST = "manifest.json"
REQUIRED_FILES = ("pack.zip", "index.html")
OPTIONAL_FILES = ("report.json", "report.html", "proof.png")
BUILD_ID_HEX = 16


class PackNotVerified(VerificationFailed):
    """The pack failed verification or no longer matches its manifest; nothing was delivered."""


class _Asset(BaseModel):
    model_config = ConfigDict(extra="ignore")
    path: str
    sha256: str
    bytes: int
    checks: dict[str, str] = {}


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")
    campaign: str
    brief_sha256: str
    passed: bool
    assets: list[_Asset]


@dataclass(frozen=True)
class PackFile:
    """One file to ship: its path relative to the pack (and to the build prefix)."""

    path: str
    local: Path
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class Pack:
    """A verified pack: every file hashed, manifest last."""

    root: Path
    campaign: str
    brief_sha256: str
    build_id: str
    files: tuple[PackFile, ...]
    manifest: PackFile

    @property
    def zip(self) -> PackFile:
        return next(f for f in self.files if f.path == "pack.zip")


def read_pack(pack_dir: Path) -> Pack:
    """Load ``pack_dir``, refuse it unless verified and intact, and hash every file."""
    manifest_path = pack_dir / MANIFEST
    if not manifest_path.is_file():
        raise InputError(_not_a_pack_message(pack_dir))
    manifest = _load_manifest(manifest_path)
    if not manifest.passed:
        raise PackNotVerified(_failed_message(manifest_path, manifest))
    _check_campaign(manifest_path, manifest.campaign)
    paths = _ship_list(pack_dir, manifest)
    files = tuple(_hash_file(pack_dir, p) for p in paths)
    _check_assets(pack_dir, manifest, {f.path: f for f in files})
    manifest_file = _hash_file(pack_dir, MANIFEST)
    return Pack(
        root=pack_dir,
        campaign=manifest.campaign,
        brief_sha256=manifest.brief_sha256,
        build_id=build_id_for((*files, manifest_file)),
        files=files,
        manifest=manifest_file,
    )


def build_id_for(files: tuple[PackFile, ...]) -> str:
    """Content-hash build id: the same files always get the same id, any change a new one.

    Hashes ``sha256sum``-style lines sorted by path, so the id does not depend on the order
    files were found, and a reader can recompute it from a listing of the build.
    """
    lines = sorted(f"{f.sha256}  {f.path}\n" for f in files)
    return hashlib.sha256("".join(lines).encode()).hexdigest()[:BUILD_ID_HEX]


def latest_pointer(pack: Pack) -> bytes:
    """The campaign's ``latest.json``: which build is current, relative to the pointer.

    No timestamp in it: the same build must give the same bytes, or an unchanged rerun
    would rewrite the pointer every time.
    """
    pointer = {
        "campaign": pack.campaign,
        "build_id": pack.build_id,
        "manifest": f"{pack.build_id}/{MANIFEST}",
        "manifest_sha256": pack.manifest.sha256,
        "brief_sha256": pack.brief_sha256,
    }
    return (json.dumps(pointer, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _not_a_pack_message(pack_dir: Path) -> str:
    # `assetpack deliver OUT ...` is an easy slip for `OUT/<campaign>`; name the candidates.
    candidates = (
        sorted(p for p in pack_dir.iterdir() if (p / MANIFEST).is_file())
        if pack_dir.is_dir()
        else []
    )
    fix = (
        f"point at a campaign folder, e.g. {candidates[0]}"
        if candidates
        else "run 'assetpack build' first, or point at OUT/<campaign>/"
    )
    return f"{pack_dir}: not a pack directory (no {MANIFEST}) — {fix}"


def _load_manifest(path: Path) -> _Manifest:
    try:
        return _Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON ({exc}) — rebuild the pack") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: {where}: {first['msg']} — rebuild the pack") from exc


def _failed_message(path: Path, manifest: _Manifest) -> str:
    failing = [
        f"{a.path} ({', '.join(n for n, v in a.checks.items() if v == 'fail')})"
        for a in manifest.assets
        if "fail" in a.checks.values()
    ]
    detail = f"; failing: {', '.join(failing[:3])}" if failing else ""
    more = f" and {len(failing) - 3} more" if len(failing) > 3 else ""
    return (
        f"{path}: the pack did not pass verification{detail}{more} — fix the brief and "
        f"rebuild (see report.html); nothing was delivered"
    )


def _check_campaign(path: Path, campaign: str) -> None:
    # The campaign names a key/directory level; a slash or dot-name would escape it.
    if not campaign or "/" in campaign or "\\" in campaign or campaign in (".", ".."):
        raise InputError(
            f"{path}: campaign '{campaign}' cannot name a folder — use a slug like 'spring-sale'"
        )


def _ship_list(pack_dir: Path, manifest: _Manifest) -> list[str]:
    """Assets as the manifest names them, then the pack's own files; nothing else.

    Stray files (left over from an earlier build, say) are not shipped: a reader can only
    trust objects that the manifest or the pack contract accounts for.
    """
    asset_paths = [_safe_relpath(pack_dir, a.path) for a in manifest.assets]
    optional = [n for n in OPTIONAL_FILES if (pack_dir / n).is_file()]
    proofs = [n for n in proof_names(pack_dir) if n not in optional]
    extras = [*REQUIRED_FILES, *optional, *proofs]
    paths = asset_paths + extras
    dupes = sorted({p for p in paths if paths.count(p) > 1})
    if dupes:
        raise InputError(f"{pack_dir / MANIFEST}: path listed twice: {dupes[0]} — rebuild")
    missing = [p for p in paths if not (pack_dir / p).is_file()]
    if missing:
        raise PackNotVerified(
            f"{pack_dir}: {len(missing)} file(s) missing, e.g. {missing[0]} — the pack is "
            f"incomplete; rebuild it"
        )
    return paths


def _safe_relpath(pack_dir: Path, raw: str) -> str:
    # Checked on the raw string, not a normalised Path, so the key is exactly the manifest's.
    if "\\" in raw or any(part in ("", ".", "..") for part in raw.split("/")):
        raise InputError(
            f"{pack_dir / MANIFEST}: asset path '{raw}' must be relative and stay inside "
            f"the pack — rebuild"
        )
    return raw


def _hash_file(pack_dir: Path, relpath: str) -> PackFile:
    local = pack_dir / relpath
    return PackFile(
        path=relpath, local=local, sha256=sha256_file(local), size_bytes=local.stat().st_size
    )


def _check_assets(pack_dir: Path, manifest: _Manifest, found: dict[str, PackFile]) -> None:
    bad = [
        a.path
        for a in manifest.assets
        if found[a.path].sha256 != a.sha256.lower() or found[a.path].size_bytes != a.bytes
    ]
    if bad:
        raise PackNotVerified(
            f"{pack_dir}: {len(bad)} asset(s) differ from manifest.json, e.g. {bad[0]} — "
            f"the pack changed after verification; rebuild it. Nothing was delivered"
        )
