"""The one exception tree of assetpack.

Only ``cli.py`` turns these into exit codes and messages; library code raises them and lets
them travel. Every message is written for the person who has to fix the input, not for a
Python programmer::

    AssetpackError                      base; never raised directly
    ├── InputError           exit 2     the user's files or flags are wrong
    │   ├── ConfigError                 brief / brand kit / preset YAML problems (all at once)
    │   ├── CopyError                   copy missing, banned word, text that cannot fit
    │   └── FontError                   no font covers a script the copy needs
    ├── VerificationFailed   exit 1     the gate found a blocking defect; nothing delivered
    ├── DeliveryError        exit 3     S3 or the output directory refused the pack
    └── ProviderError        exit 4     an AI provider (OpenAI) failed after retries
"""

from __future__ import annotations

from dataclasses import dataclass


class AssetpackError(Exception):
    """Base of every error assetpack raises on purpose."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class InputError(AssetpackError):
    """The user's input (files, flags) is wrong. Exit code 2."""

    exit_code = 2


class ConfigError(InputError):
    """One or more problems in YAML inputs, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CopyError(InputError):
    """Poster copy is missing, breaks a brand rule, or cannot fit its box."""


class FontError(InputError):
    """No available font can draw some text the pack needs."""


class VerificationFailed(AssetpackError):
    """The verification gate failed; the pack was written locally but not delivered."""

    exit_code = 1


class DeliveryError(AssetpackError):
    """Delivery failed permanently (no such bucket, access denied, bad credentials)."""

    exit_code = 3


class ProviderError(AssetpackError):
    """An AI provider failed after bounded retries, or refused the request."""

    exit_code = 4
