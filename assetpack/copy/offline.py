"""Offline copy: the brief's own words, phrasebook buttons and badges, CLDR prices and dates.

Explicit copy in the brief wins slot by slot. The rest is filled like this:

- cta: the phrasebook's "shop now";
- badge: "save {percent}" when the offer has a discount, else "new";
- price: CLDR (`cldr.format_price`) of the locale's price;
- legal: the brief's legal line, else the kit's; when the offer has an end date, the localized
  "ends {date}" goes first ("Ends Dec 1. Terms apply."). A deadline is what a reader acts on,
  and legal lines tend to end in a catch-all, so it leads.

Headline and subhead are never invented offline: a brief that lacks them gets one error
naming every missing field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assetpack.config.brief import Brief
from assetpack.config.copyset import CopySet, CopySource
from assetpack.config.project import Project
from assetpack.copy.cldr import (
    format_day,
    format_discount,
    format_price,
    parse_locale,
    text_direction,
)
from assetpack.copy.phrasebook import Intent, MissingPhrase, phrase
from assetpack.copy.problems import MissingSlot, missing_copy_error

# How one sentence ends and the next begins, by language; the default is ". ".
_SENTENCE_JOINS = {"ja": "。", "zh": "。", "hi": "। ", "bn": "। ", "th": " ", "ur": "۔ "}
_TERMINALS = ".!?。！？।۔"


@dataclass(frozen=True)
class LocaleFacts:
    """The offer's numbers as one locale writes them."""

    price: str
    percent: str | None
    date: str | None


@dataclass
class Draft:
    """Slots of one locale as they are being filled, with where each came from."""

    tag: str
    slots: dict[str, str] = field(default_factory=dict)
    sources: dict[str, CopySource] = field(default_factory=dict)
    missing: list[MissingSlot] = field(default_factory=list)

    def put(self, slot: str, text: str, source: CopySource) -> None:
        self.slots[slot] = text
        self.sources[slot] = source

    def to_copyset(self) -> CopySet:
        return CopySet(
            locale=self.tag, direction=text_direction(self.tag), sources=self.sources, **self.slots
        )


def locale_facts(brief: Brief, tag: str) -> LocaleFacts:
    """Price, discount and end date of the brief's offer, formatted for one locale."""
    offer = brief.offer
    return LocaleFacts(
        price=format_price(brief.product.price_for(tag), tag),
        percent=format_discount(offer.discount_percent, tag) if offer.discount_percent else None,
        date=format_day(offer.ends, tag) if offer.ends else None,
    )


def explicit_slots(brief: Brief, tag: str) -> dict[str, str]:
    """Slots the brief writes for this locale; "" counts as written (deliberately empty)."""
    given = brief.copy_by_locale.get(tag)
    if given is None:
        return {}
    return {slot: text for slot, text in given.model_dump().items() if text is not None}


def join_sentences(tag: str, first: str, second: str) -> str:
    """Two sentences in the locale's punctuation; no doubled stop after "1. Dez."."""
    first, second = first.strip(), second.strip()
    if not first or not second:
        return first or second
    joiner = _SENTENCE_JOINS.get(parse_locale(tag).language, ". ")
    if first[-1] in _TERMINALS:
        joiner = " " if joiner.endswith(" ") else ""
    return f"{first}{joiner}{second}"


def draft_offline(project: Project, tag: str) -> Draft:
    """Fill one locale's slots; what cannot be filled is listed in `Draft.missing`."""
    brief = project.brief
    draft = Draft(tag)
    for slot, text in explicit_slots(brief, tag).items():
        draft.put(slot, text, "brief")
    for slot in ("headline", "subhead"):
        if slot not in draft.slots:
            draft.missing.append(MissingSlot(tag, slot))
    facts = locale_facts(brief, tag)
    if "price" not in draft.slots:
        draft.put("price", facts.price, "cldr")
    fill_phrase(draft, "cta", "shop_now", {})
    if facts.percent:
        fill_phrase(draft, "badge", "save", {"percent": facts.percent})
    else:
        fill_phrase(draft, "badge", "new", {})
    if "legal" not in draft.slots:
        ends = ends_phrase(draft, facts.date)
        if ends is not None:
            fill_legal(draft, project.kit.legal_for(draft.tag), ends)
    return draft


def fill_phrase(draft: Draft, slot: str, intent: Intent, values: dict[str, str]) -> None:
    if slot in draft.slots:
        return
    try:
        draft.put(slot, phrase(intent, draft.tag, **values), "phrasebook")
    except MissingPhrase:
        draft.missing.append(MissingSlot(draft.tag, slot, no_phrasebook=True))


def ends_phrase(draft: Draft, date: str | None) -> str | None:
    """The localized deadline ("" without an end date); None, and noted missing, if unknown."""
    if date is None:
        return ""
    try:
        return phrase("ends", draft.tag, date=date)
    except MissingPhrase:
        draft.missing.append(MissingSlot(draft.tag, "legal", no_phrasebook=True))
        return None


def fill_legal(
    draft: Draft, kit_legal: str, ends: str, ends_source: CopySource = "phrasebook"
) -> None:
    """Legal slot = deadline first, then the kit's line; nothing when both are empty."""
    text = join_sentences(draft.tag, ends, kit_legal)
    if text:
        draft.put("legal", text, "kit" if kit_legal.strip() else ends_source)


def write_offline(project: Project) -> dict[str, CopySet]:
    """Every locale's copy, or one CopyError naming every slot the brief must add."""
    drafts = [draft_offline(project, tag) for tag in project.locales]
    missing = [item for draft in drafts for item in draft.missing]
    if missing:
        raise missing_copy_error(project.brief_path, missing)
    return {draft.tag: draft.to_copyset() for draft in drafts}
