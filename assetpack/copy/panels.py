"""Panel copy: one CopySet per panel and locale, for presets that take multi-panel sets.

A set tells one story across its panels, so each panel carries only what its beat needs:

- every panel: a headline (from the brief, or from --copy openai) and, if written, a subhead;
- hook: the badge (the discount, else "new"), to stop the thumb;
- offer: badge, price, button and legal line, the whole deal in one place;
- cta: button and legal line.

Badge, price, button and legal come from the same sources as the single poster's (phrasebook,
CLDR, the kit's legal line with the offer's deadline). Explicit panel copy wins slot by slot,
and "" leaves a slot empty on purpose. Brand rules hold in every panel; a required phrase must
appear somewhere in each locale's set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assetpack.config.brandkit import BrandKit
from assetpack.config.brief import Panel
from assetpack.config.copyset import CopySet
from assetpack.config.project import Project
from assetpack.copy.offline import Draft, ends_phrase, fill_legal, fill_phrase, locale_facts
from assetpack.copy.problems import brief_label, rules_error
from assetpack.copy.rules import banned_word_problems, fold
from assetpack.errors import CopyError

# What each beat shows besides its headline and subhead, filled when the brief leaves it out.
ROLE_SLOTS: dict[str, tuple[str, ...]] = {
    "hook": ("badge",),
    "benefit": (),
    "feature": (),
    "proof": (),
    "offer": ("badge", "price", "cta", "legal"),
    "cta": ("cta", "legal"),
}

PanelCopy = list[dict[str, CopySet]]
"""Per panel (swipe order), per locale: the panel's copy."""


@dataclass(frozen=True)
class MissingPanelSlot:
    """A slot the copy stage could not fill for one panel and locale."""

    panel: int  # 0-based
    locale: str
    slot: str


def panel_slots(panel: Panel, tag: str) -> dict[str, str]:
    """Slots the brief writes for this panel and locale; "" counts as written."""
    given = panel.copy_by_locale.get(tag)
    if given is None:
        return {}
    return {slot: text for slot, text in given.model_dump().items() if text is not None}


def start_panel_draft(project: Project, panel: Panel, tag: str) -> Draft:
    """The panel's explicit slots plus the role's facts (badge, price, button, legal)."""
    draft = Draft(tag)
    for slot, text in panel_slots(panel, tag).items():
        draft.put(slot, text, "brief")
    facts = locale_facts(project.brief, tag)
    wanted = ROLE_SLOTS[panel.role]
    if "price" in wanted and "price" not in draft.slots:
        draft.put("price", facts.price, "cldr")
    if "cta" in wanted:
        fill_phrase(draft, "cta", "shop_now", {})
    if "badge" in wanted and facts.percent:
        fill_phrase(draft, "badge", "save", {"percent": facts.percent})
    elif "badge" in wanted:
        fill_phrase(draft, "badge", "new", {})
    if "legal" in wanted and "legal" not in draft.slots:
        ends = ends_phrase(draft, facts.date)
        if ends is not None:
            fill_legal(draft, project.kit.legal_for(tag), ends)
    return draft


def write_panels_offline(project: Project) -> PanelCopy:
    """Every panel's copy in every locale, or one CopyError naming every field to write."""
    missing: list[MissingPanelSlot] = []
    drafts: list[dict[str, Draft]] = []
    for index, panel in enumerate(project.panels):
        drafts.append({tag: start_panel_draft(project, panel, tag) for tag in project.locales})
        for tag, draft in drafts[-1].items():
            if "headline" not in draft.slots:
                missing.append(MissingPanelSlot(index, tag, "headline"))
            missing += [MissingPanelSlot(index, tag, m.slot) for m in draft.missing]
    if missing:
        raise missing_panel_error(project.brief_path, missing)
    result = [{tag: d.to_copyset() for tag, d in by_locale.items()} for by_locale in drafts]
    check_panel_rules(result, project.kit, project.brief_path)
    return result


def missing_panel_error(brief_path: Path, missing: list[MissingPanelSlot]) -> CopyError:
    fields = ", ".join(f"panels[{m.panel}].copy.{m.locale}.{m.slot}" for m in missing)
    return CopyError(
        f"{brief_label(brief_path)}: panel copy is missing — add {fields}; or leave the "
        "panels' copy out and build with --copy openai, which writes it from the product facts"
    )


def check_panel_rules(panels: PanelCopy, kit: BrandKit, brief_path: Path) -> None:
    """Banned words in no panel; each required phrase somewhere in each locale's set."""
    problems = []
    for index, by_locale in enumerate(panels):
        for tag, copy in by_locale.items():
            problems += banned_word_problems(copy, kit, f"panels[{index}].copy.{tag}")
    tags = list(panels[0]) if panels else []
    for tag in tags:
        story = fold(" \n ".join(" \n ".join(p[tag].slots().values()) for p in panels), tag)
        for required in kit.tone.required_phrases:
            if fold(required, tag) not in story:
                problems.append(
                    f"{tag}: the required phrase {required!r} (brand kit tone.required_phrases) "
                    f"appears in no panel; add it to a panel's headline or subhead"
                )
    if problems:
        raise rules_error(brief_path, problems)
