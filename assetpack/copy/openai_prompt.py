"""What we ask the model and the shape of its answers (Structured Outputs schemas).

The model writes the creative slots (headline, subhead, cta, badge) and the "offer ends"
phrase. Price stays CLDR's and the legal line stays the brief's or the kit's: those are facts
and legal text, which a model must not paraphrase.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from assetpack.config.project import Project
from assetpack.copy.cldr import parse_locale
from assetpack.copy.offline import Draft, LocaleFacts

MODEL_SLOTS = ("headline", "subhead", "cta", "badge")
ModelSlot = Literal["headline", "subhead", "cta", "badge"]
# Characters per slot for scripts of narrow glyphs; roughly what fits at the minimum size of a
# square post. Han, kana and Hangul glyphs are about twice as wide, so they get half.
LENGTH_BUDGETS = {"headline": 32, "subhead": 80, "cta": 18, "badge": 14, "offer_ends": 28}
_WIDE_LANGUAGES = {"ja", "zh", "ko"}
# Each shorter variant should drop at least this share of the characters.
SHORTEN_FACTOR = 0.75


@dataclass(frozen=True)
class SlotProblem:
    """Why a model-written slot must be rewritten."""

    reason: str
    overflow_px: int | None = None  # set when the text does not fit its box

    @property
    def too_long(self) -> bool:
        return self.overflow_px is not None


class LocaleCopy(BaseModel):
    """The model's copy for one locale."""

    locale: str = Field(description="The locale tag exactly as requested.")
    headline: str = Field(description="Main line: a few words carrying the key message.")
    subhead: str = Field(description="One supporting sentence.")
    cta: str = Field(description="Button label: an imperative of one to three words.")
    badge: str = Field(description="Sticker: the discount if there is one, else a short hook.")
    offer_ends: str = Field(
        description="Short phrase saying the offer ends on the given date; '' if no end date."
    )


class CopyDraft(BaseModel):
    """The model's copy for every requested locale."""

    locales: list[LocaleCopy]


class Rewrite(BaseModel):
    """A new text for one slot of one locale."""

    locale: str = Field(description="The locale tag exactly as given.")
    slot: ModelSlot
    text: str = Field(description="The rewritten text.")


class Rewrites(BaseModel):
    """New texts for every slot that was asked for."""

    rewrites: list[Rewrite]


def budgets_for(tag: str) -> dict[str, int]:
    """Character budgets per slot for this locale's script."""
    if parse_locale(tag).language in _WIDE_LANGUAGES:
        return {slot: max(4, size // 2) for slot, size in LENGTH_BUDGETS.items()}
    return dict(LENGTH_BUDGETS)


def system_message(project: Project) -> dict[str, str]:
    kit = project.kit
    banned = ", ".join(repr(word) for word in kit.tone.banned_words) or "(none)"
    required = ", ".join(repr(text) for text in kit.tone.required_phrases) or "(none)"
    content = f"""You are a senior copywriter for the brand {kit.name}, writing marketing \
posters natively in each requested locale: idiomatic, as a local copywriter would write it, \
never a literal translation.
Tone of voice: {kit.tone.description or "clear, confident and friendly"}.
Rules:
- Never use these words, in any language or form: {banned}.
- Every locale must contain each of these phrases verbatim in its headline or subhead: \
{required}.
- Keep each slot within its character budget; posters have little room.
- Use prices, percentages and dates exactly as given for each locale. Invent no numbers, \
prices, claims or guarantees.
- Where a locale has fixed slots, keep your slots consistent with them.
- Return one entry per requested locale, with the tag exactly as requested."""
    return {"role": "system", "content": content}


def _locale_request(tag: str, facts: LocaleFacts, fixed: dict[str, str]) -> dict[str, Any]:
    return {
        "locale": tag,
        "language": parse_locale(tag).get_display_name("en"),
        "price": facts.price,
        "discount": facts.percent or "",
        "offer_ends_on": facts.date or "",
        "budgets": budgets_for(tag),
        "fixed": {slot: text for slot, text in fixed.items() if slot in MODEL_SLOTS},
    }


def draft_messages(
    project: Project, facts: dict[str, LocaleFacts], drafts: dict[str, Draft]
) -> list[dict[str, str]]:
    """Ask for every slot of the locales in `facts`."""
    brief = project.brief
    request = {
        "task": "Write poster copy for each locale.",
        "product": brief.product.name,
        "key_message": brief.key_message,
        "locales": [_locale_request(tag, facts[tag], drafts[tag].slots) for tag in facts],
    }
    return [system_message(project), _user(request)]


def rewrite_messages(
    project: Project, drafts: dict[str, Draft], problems: dict[tuple[str, str], SlotProblem]
) -> list[dict[str, str]]:
    """Ask for new texts for the slots in `problems`, saying what is wrong with each."""
    items = []
    for (tag, slot), problem in problems.items():
        current = drafts[tag].slots[slot]
        limit = budgets_for(tag)[slot]
        if problem.too_long:
            limit = min(limit, max(1, int(len(current) * SHORTEN_FACTOR)))
        items.append(
            {"locale": tag, "slot": slot, "current": current, "problem": problem.reason,
             "max_characters": limit}
        )  # fmt: skip
    request = {
        "task": "Rewrite each item so the problem goes away. Keep its meaning, tone, language "
        "and any given numbers; stay within max_characters.",
        "product": project.brief.product.name,
        "key_message": project.brief.key_message,
        "items": items,
    }
    return [system_message(project), _user(request)]


def _user(request: dict[str, Any]) -> dict[str, str]:
    # JSON keeps the request unambiguous for the model and stable for the cache key.
    return {"role": "user", "content": json.dumps(request, ensure_ascii=False, indent=1)}
