"""Panel copy written by the model: one request, every locale and panel, the story's order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assetpack.config import CopySlots, Project, load_project
from assetpack.copy import write_copy_with_usage

CAROUSEL = Path(__file__).resolve().parents[2] / "examples" / "carousel" / "brief.yaml"


def _project() -> Project:
    """The carousel, set presets only, panel copy left to the model except one headline."""
    project = load_project(
        CAROUSEL, locales=["en-US", "ja-JP"], presets=["instagram/carousel-square"]
    )
    panels = [panel.model_copy(update={"copy_by_locale": {}}) for panel in project.panels]
    fixed = {"en-US": CopySlots(headline="Silence, on your terms.")}
    panels[0] = panels[0].model_copy(update={"copy_by_locale": fixed})
    brief = project.brief.model_copy(update={"panels": panels, "copy_provider": "openai"})
    return project.model_copy(update={"brief": brief})


def _story(request: dict[str, Any], reverse: bool = False) -> dict[str, Any]:
    ask = json.loads(request["messages"][-1]["content"])
    panels = ask["panels"][::-1] if reverse else ask["panels"]
    return {"locales": [
        {"locale": item["locale"], "panels": [
            {"panel": p["panel"], "role": p["role"],
             "headline": f"{p['role']} {item['locale']}", "subhead": f"About {p['role']}."}
            for p in panels
        ]}
        for item in ask["locales"]
    ]}  # fmt: skip


def test_one_request_writes_every_panel_in_story_order(fake_openai, tmp_path) -> None:
    fake_openai.responder = _story
    result = write_copy_with_usage(
        _project(), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert result.copy_by_locale == {}  # no preset shows the single poster
    (request,) = fake_openai.requests
    assert request["response_format"]["json_schema"]["name"] == "PanelDraft"
    ask = json.loads(request["messages"][1]["content"])
    assert [p["role"] for p in ask["panels"]] == ["hook", "benefit", "feature", "proof", "offer"]
    assert ask["locales"][0]["fixed"] == {"1": {"headline": "Silence, on your terms."}}
    en = [panel["en-US"] for panel in result.panels]
    assert en[0].headline == "Silence, on your terms." and en[0].sources["headline"] == "brief"
    assert en[0].subhead == "About hook." and en[0].sources["subhead"] == "openai"
    assert [p["ja-JP"].headline for p in result.panels][1:] == [
        "benefit ja-JP", "feature ja-JP", "proof ja-JP", "offer ja-JP",
    ]  # fmt: skip
    # Badge, price, button and legal of the offer come from the offline sources.
    offer = result.panels[4]["en-US"]
    assert (offer.badge, offer.price, offer.cta) == ("Save 20%", "$249.00", "Shop now")
    assert offer.sources["price"] == "cldr" and offer.legal.startswith("Ends Dec 14")


def test_an_answer_out_of_story_order_is_asked_again(fake_openai, tmp_path) -> None:
    answers = iter([True, False])
    fake_openai.responder = lambda request: _story(request, reverse=next(answers))
    result = write_copy_with_usage(
        _project(), openai_client=fake_openai.client(), cache_dir=tmp_path
    )
    assert len(fake_openai.requests) == 2
    headlines = [panel["en-US"].headline for panel in result.panels]
    assert headlines[1:] == ["benefit en-US", "feature en-US", "proof en-US", "offer en-US"]
