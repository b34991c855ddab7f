"""Model-written copy: one request for all locales, then shorter variants until it fits.

Explicit copy in the brief wins slot by slot and is shown to the model as fixed context. The
model's slots then go through the real layout (`fits`) and the banned-word list; a slot that
overflows or uses a banned word is sent back for a new variant, at most MAX_REWRITE_ROUNDS
times, and then the build stops with a CopyError naming locale, slot and overflow.
"""

from __future__ import annotations

from functools import partial

from assetpack.config.copyset import CopySet
from assetpack.config.project import Project
from assetpack.copy.offline import Draft, explicit_slots, fill_legal, locale_facts
from assetpack.copy.openai_prompt import (
    MODEL_SLOTS,
    CopyDraft,
    Rewrites,
    SlotProblem,
    draft_messages,
    rewrite_messages,
)
from assetpack.copy.openai_request import ModelSession
from assetpack.copy.problems import brief_label
from assetpack.copy.result import FitCheck
from assetpack.copy.rules import banned_in, check_rules, fold
from assetpack.errors import CopyError

MAX_REWRITE_ROUNDS = 2

Problems = dict[tuple[str, str], SlotProblem]


def write_openai(
    project: Project, session: ModelSession, fits: FitCheck | None = None
) -> dict[str, CopySet]:
    """Every locale's copy, model-written where the brief is silent, checked and fitted."""
    drafts = {tag: _start_draft(project, tag) for tag in project.locales}
    ends = _ask_for_drafts(project, session, drafts)
    for tag, draft in drafts.items():
        if "legal" not in draft.slots:
            fill_legal(draft, project.kit.legal_for(tag), ends.get(tag, ""), ends_source="openai")
    _rewrite_until_clean(project, session, drafts, fits)
    copies = {tag: draft.to_copyset() for tag, draft in drafts.items()}
    check_rules(copies, project.kit, project.brief_path)
    return copies


def _start_draft(project: Project, tag: str) -> Draft:
    draft = Draft(tag)
    for slot, text in explicit_slots(project.brief, tag).items():
        draft.put(slot, text, "brief")
    if "price" not in draft.slots:
        draft.put("price", locale_facts(project.brief, tag).price, "cldr")
    return draft


def _needs_model(project: Project, draft: Draft) -> bool:
    if any(slot not in draft.slots for slot in MODEL_SLOTS):
        return True
    return project.brief.offer.ends is not None and "legal" not in draft.slots


def _ask_for_drafts(
    project: Project, session: ModelSession, drafts: dict[str, Draft]
) -> dict[str, str]:
    """Fill the model's slots into `drafts`; return each locale's "offer ends" phrase."""
    wanted = [tag for tag, draft in drafts.items() if _needs_model(project, draft)]
    if not wanted:
        return {}
    facts = {tag: locale_facts(project.brief, tag) for tag in wanted}
    dated = {tag for tag in wanted if facts[tag].date and "legal" not in drafts[tag].slots}
    check = partial(_draft_problem, wanted=wanted, dated=dated)
    answer = session.ask(draft_messages(project, facts, drafts), CopyDraft, check)
    ends: dict[str, str] = {}
    for item in answer.locales:
        draft = drafts[item.locale]
        for slot in MODEL_SLOTS:
            if slot not in draft.slots:
                draft.put(slot, getattr(item, slot).strip(), "openai")
        if facts[item.locale].date:
            ends[item.locale] = item.offer_ends.strip()
    return ends


def _draft_problem(answer: CopyDraft, wanted: list[str], dated: set[str]) -> str | None:
    got = [item.locale for item in answer.locales]
    if sorted(got) != sorted(wanted):
        return f"covered locales {got} instead of {wanted}"
    blank = [item.locale for item in answer.locales if not item.headline.strip()]
    if blank:
        return f"had no headline for {', '.join(blank)}"
    # Without this the deadline would silently drop out of the legal line.
    undated = [i.locale for i in answer.locales if i.locale in dated and not i.offer_ends.strip()]
    return f"had no offer_ends for {', '.join(undated)}" if undated else None


def _rewrite_until_clean(
    project: Project, session: ModelSession, drafts: dict[str, Draft], fits: FitCheck | None
) -> None:
    for round_number in range(MAX_REWRITE_ROUNDS + 1):
        problems = _slot_problems(project, drafts, fits)
        if not problems:
            return
        if round_number == MAX_REWRITE_ROUNDS:
            raise _unfixable(project, drafts, problems, session.model)
        check = partial(_rewrite_problem, wanted=set(problems))
        answer = session.ask(rewrite_messages(project, drafts, problems), Rewrites, check)
        for item in answer.rewrites:
            drafts[item.locale].put(item.slot, item.text.strip(), "openai")


def _slot_problems(project: Project, drafts: dict[str, Draft], fits: FitCheck | None) -> Problems:
    """Model-written slots that overflow their box at the minimum size, use a banned word, or
    leave out a required phrase."""
    banned = project.kit.tone.banned_words
    problems: Problems = {}
    for tag, draft in drafts.items():
        for slot in MODEL_SLOTS:
            if draft.sources.get(slot) != "openai" or not draft.slots[slot]:
                continue
            problem = _problem_of(tag, slot, draft.slots[slot], banned, fits)
            if problem is not None:
                problems[(tag, slot)] = problem
        _add_required_problem(project, draft, problems)
    return problems


def _add_required_problem(project: Project, draft: Draft, problems: Problems) -> None:
    """A required phrase the model left out is asked for in its subhead (else headline)."""
    text = fold(" \n ".join(draft.slots.values()), draft.tag)
    absent = [p for p in project.kit.tone.required_phrases if fold(p, draft.tag) not in text]
    slot = next((s for s in ("subhead", "headline") if draft.sources.get(s) == "openai"), None)
    if not absent or slot is None:
        return  # nothing missing, or only the brief can fix it (check_rules will say so)
    reason = "must contain " + ", ".join(repr(p) for p in absent) + " verbatim"
    earlier = problems.get((draft.tag, slot))
    if earlier is not None:
        reason = f"{earlier.reason}; {reason}"
    problems[(draft.tag, slot)] = SlotProblem(reason, earlier.overflow_px if earlier else None)


def _problem_of(
    tag: str, slot: str, text: str, banned: list[str], fits: FitCheck | None
) -> SlotProblem | None:
    reasons = []
    overflow = fits(tag, slot, text) if fits is not None else None
    if overflow is not None and overflow > 0:
        reasons.append(f"overflows its box by {overflow} px at the smallest size")
    else:
        overflow = None
    words = banned_in(text, banned, tag)
    if words:
        reasons.append("uses the banned word(s) " + ", ".join(repr(word) for word in words))
    return SlotProblem("; ".join(reasons), overflow) if reasons else None


def _rewrite_problem(answer: Rewrites, wanted: set[tuple[str, str]]) -> str | None:
    got = {(item.locale, item.slot) for item in answer.rewrites if item.text.strip()}
    missing = sorted(wanted - got)
    if missing:
        return "left out " + ", ".join(f"{tag} {slot}" for tag, slot in missing)
    return None


def _unfixable(
    project: Project, drafts: dict[str, Draft], problems: Problems, model: str
) -> CopyError:
    lines = []
    for (tag, slot), problem in problems.items():
        text = drafts[tag].slots[slot]
        lines.append(
            f"  - copy.{tag}.{slot} {text!r} still {problem.reason} after {MAX_REWRITE_ROUNDS} "
            f"rewrites by {model}; write it in the brief as copy.{tag}.{slot}"
        )
    return CopyError(
        f"{brief_label(project.brief_path)}: model-written copy could not be fixed:\n"
        + "\n".join(lines)
    )
