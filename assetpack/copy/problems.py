"""CopyError messages that tell a marketer which brief fields to write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assetpack.copy.phrasebook import supported_locales
from assetpack.errors import CopyError


@dataclass(frozen=True)
class MissingSlot:
    """A slot the copy stage could not fill for one locale."""

    locale: str
    slot: str
    no_phrasebook: bool = False  # True: the phrasebook lacks this locale, the brief lacks the slot


def brief_label(brief_path: Path) -> str:
    """The brief's path as the user typed it, relative to the working directory when it can be."""
    try:
        return str(brief_path.relative_to(Path.cwd()))
    except ValueError:
        return str(brief_path)


def missing_copy_error(brief_path: Path, missing: list[MissingSlot]) -> CopyError:
    """One error listing every missing slot of every locale at once."""
    locales = list(dict.fromkeys(item.locale for item in missing))
    fields = ", ".join(f"copy.{item.locale}.{item.slot}" for item in missing)
    noun = "locale" if len(locales) == 1 else "locales"
    message = (
        f"{brief_label(brief_path)}: copy is missing for {len(locales)} {noun} — add {fields}; "
        "or build with --copy openai"
    )
    unphrased = list(dict.fromkeys(item.locale for item in missing if item.no_phrasebook))
    if unphrased:
        message += (
            f". The offline phrasebook has no {', '.join(unphrased)} (it covers "
            f"{', '.join(supported_locales())}), so those buttons and badges need writing too"
        )
    return CopyError(message + '. (Set a slot to "" to leave it empty on purpose.)')


def rules_error(brief_path: Path, violations: list[str]) -> CopyError:
    """One error listing every brand-rule violation at once."""
    noun = "place" if len(violations) == 1 else "places"
    lines = "\n".join(f"  - {item}" for item in violations)
    return CopyError(
        f"{brief_label(brief_path)}: the copy breaks brand rules in {len(violations)} {noun}:\n"
        f"{lines}"
    )
