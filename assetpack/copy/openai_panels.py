"""Model-written panel copy: headlines and subheads of a multi-panel set, in story order.

One request covers every locale and every panel the brief leaves unwritten. The model is
given the product facts, the key message and the beats in swipe order (hook, benefit, ...)
and must answer each locale with every panel, numbered and with its beat, in that order; an
answer that drops, adds or reorders panels is asked again. Explicit panel copy wins slot by
slot and is shown as fixed context. Badge, price, button and legal come from the offline
sources (`copy.panels`), as they do for offline panels. Text that then does not fit its box
stops the build at layout time with the field to shorten; brand rules are checked here.
"""

from __future__ import annotations

import json
from functools import partial

from pydantic import BaseModel, Field

from assetpack.config.project import Project
from assetpack.copy.cldr import parse_locale
from assetpack.copy.offline import Draft, locale_facts
from assetpack.copy.openai_prompt import budgets_for, system_message
from assetpack.copy.openai_request import ModelSession
from assetpack.copy.panels import PanelCopy, check_panel_rules, start_panel_draft

PANEL_SLOTS = ("headline", "subhead")
BEATS = {
    "hook": "stop the scroll: a promise that makes people swipe",
    "benefit": "what the buyer gains, in their words",
    "feature": "one concrete feature or fact that backs the benefit",
    "proof": "evidence: a rating, a review, an award, a number (only facts given here)",
    "offer": "the deal: price, discount and deadline as given",
    "cta": "the closing nudge to act now",
}


class PanelText(BaseModel):
    """The model's copy for one panel."""

    panel: int = Field(description="Panel number, 1-based, as requested.")
    role: str = Field(description="The panel's beat, exactly as requested.")
    headline: str = Field(description="The panel's main line: a few words.")
    subhead: str = Field(description="One supporting sentence, or '' if the beat needs none.")


class LocalePanels(BaseModel):
    """Every requested panel of one locale, in panel order."""

    locale: str = Field(description="The locale tag exactly as requested.")
    panels: list[PanelText]


class PanelDraft(BaseModel):
    """The model's panel copy for every requested locale."""

    locales: list[LocalePanels]


def write_panels_openai(project: Project, session: ModelSession) -> PanelCopy:
    """Every panel's copy in every locale, model-written where the brief is silent."""
    drafts = {
        (index, tag): start_panel_draft(project, panel, tag)
        for index, panel in enumerate(project.panels)
        for tag in project.locales
    }
    wanted = [tag for tag in project.locales if _needs_model(drafts, tag, len(project.panels))]
    if wanted:
        check = partial(_answer_problem, wanted=wanted, roles=[p.role for p in project.panels])
        answer = session.ask(_messages(project, drafts, wanted), PanelDraft, check)
        for item in answer.locales:
            for text in item.panels:
                draft = drafts[(text.panel - 1, item.locale)]
                for slot in PANEL_SLOTS:
                    if slot not in draft.slots:
                        draft.put(slot, getattr(text, slot).strip(), "openai")
    result: PanelCopy = [
        {tag: drafts[(index, tag)].to_copyset() for tag in project.locales}
        for index in range(len(project.panels))
    ]
    check_panel_rules(result, project.kit, project.brief_path)
    return result


def _needs_model(drafts: dict[tuple[int, str], Draft], tag: str, count: int) -> bool:
    return any(
        slot not in drafts[(index, tag)].slots for index in range(count) for slot in PANEL_SLOTS
    )


def _messages(
    project: Project, drafts: dict[tuple[int, str], Draft], wanted: list[str]
) -> list[dict[str, str]]:
    brief = project.brief
    locales = []
    for tag in wanted:
        facts = locale_facts(brief, tag)
        budgets = budgets_for(tag)
        fixed = {
            str(index + 1): {
                s: t for s, t in drafts[(index, tag)].slots.items() if s in PANEL_SLOTS
            }
            for index in range(len(project.panels))
        }
        locales.append(
            {
                "locale": tag,
                "language": parse_locale(tag).get_display_name("en"),
                "price": facts.price,
                "discount": facts.percent or "",
                "offer_ends_on": facts.date or "",
                "budgets": {"headline": budgets["headline"], "subhead": budgets["subhead"]},
                "fixed": {n: slots for n, slots in fixed.items() if slots},
            }
        )
    request = {
        "task": f"Write a {len(project.panels)}-panel carousel: one story told across the "
        "panels in this order, each panel one beat, each locale written natively. Answer "
        "every locale with every panel, numbered and with its role, in this order.",
        "product": brief.product.name,
        "key_message": brief.key_message,
        "panels": [
            {"panel": index + 1, "role": panel.role, "beat": BEATS[panel.role]}
            for index, panel in enumerate(project.panels)
        ],
        "locales": locales,
    }
    content = json.dumps(request, ensure_ascii=False, indent=1)
    return [system_message(project), {"role": "user", "content": content}]


def _fixed(draft: Draft) -> dict[str, str]:
    return {slot: text for slot, text in draft.slots.items() if slot in PANEL_SLOTS}


def _answer_problem(answer: PanelDraft, wanted: list[str], roles: list[str]) -> str | None:
    got = [item.locale for item in answer.locales]
    if sorted(got) != sorted(wanted):
        return f"covered locales {got} instead of {wanted}"
    want = [(index + 1, role) for index, role in enumerate(roles)]
    for item in answer.locales:
        order = [(text.panel, text.role) for text in item.panels]
        if order != want:
            return f"told {item.locale}'s story as {order} instead of {want}"
        blank = [text.panel for text in item.panels if not text.headline.strip()]
        if blank:
            return f"had no headline for {item.locale} panel(s) {blank}"
    return None
