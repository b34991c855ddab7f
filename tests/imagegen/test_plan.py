"""`assetpack plan`: the calls a build makes, priced, predicted without calling anything."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assetpack.cli import AssetpackGroup
from assetpack.config import CopySlots, load_project
from assetpack.errors import InputError
from assetpack.imagegen.batch import draw_all_model_text
from assetpack.imagegen.plan import plan_calls, with_overrides
from assetpack.imagegen.session import open_session
from assetpack.imagegen.settings import load_image_settings
from assetpack.imagegen.sizes import parse_size, size_problem
from assetpack.imagegen.text_result import Verdict
from assetpack.plan_cmd import plan

from .conftest import EXAMPLE, example_plans
from .images_server import FakeImages

SETTINGS = load_image_settings()


def test_the_example_with_generated_art_and_drawn_copy() -> None:
    project = with_overrides(load_project(EXAMPLE), "openai", "model")
    planned = plan_calls(project, SETTINGS)
    kinds = Counter(call.purpose for call in planned.calls)
    # 7 aspect classes with art; 15 presets with copy x 12 locales (amazon/main has neither).
    assert kinds == {"art": 7, "text": 180}
    for call in planned.calls:
        assert size_problem(SETTINGS.spec(call.model), parse_size(call.size)) is None
        assert call.n == 1 and call.usd is not None and call.usd > 0
    art = [c for c in planned.calls if c.purpose == "art"]
    assert {(c.endpoint, c.quality) for c in art} == {("images.edit", "high")}
    assert planned.usd == pytest.approx(sum(c.usd or 0 for c in planned.calls))
    text_usd = sum(c.usd or 0 for c in planned.calls if c.purpose == "text")
    assert planned.worst_case_usd == pytest.approx(planned.usd + 2 * text_usd)


def test_offline_builds_plan_no_calls() -> None:
    assert plan_calls(load_project(EXAMPLE), SETTINGS).calls == []


def test_draft_plans_the_light_model() -> None:
    project = with_overrides(load_project(EXAMPLE, locales=["en-US"]), "openai", "model")
    final = plan_calls(project, SETTINGS)
    draft = plan_calls(project, SETTINGS.with_draft(True))
    assert {(c.model, c.quality) for c in draft.calls} == {("gpt-image-1-mini", "low")}
    assert len(draft.calls) == len(final.calls) and draft.usd < final.usd / 5


def test_model_written_copy_is_listed_when_the_brief_leaves_copy_to_write() -> None:
    project = load_project(EXAMPLE, locales=["en-US"])
    brief = project.brief.model_copy(update={"copy_provider": "openai"})
    assert plan_calls(project.model_copy(update={"brief": brief}), SETTINGS).calls == []
    gap = {"en-US": CopySlots(headline="Quiet.")}
    brief = brief.model_copy(update={"copy_by_locale": gap})
    planned = plan_calls(project.model_copy(update={"brief": brief}), SETTINGS)
    (call,) = planned.calls
    assert (call.endpoint, call.purpose, call.usd) == ("chat.completions", "copy", None)
    assert any("not priced" in note for note in planned.notes)


def test_the_budget_refuses_before_anything_is_called() -> None:
    project = with_overrides(load_project(EXAMPLE, locales=["en-US"]), "openai")
    planned = plan_calls(project, SETTINGS)
    planned.check_budget(planned.usd)
    with pytest.raises(InputError, match=r"7 image API calls costing about \$.*--max-cost \$0\.50"):
        planned.check_budget(0.5)


def test_drawn_copy_makes_exactly_the_planned_calls(
    fake_images: FakeImages, tmp_path: Path
) -> None:
    presets, locales = ["instagram/feed-square", "linkedin/banner", "amazon/main"], ["en-US"]
    plans, arts = example_plans(presets, locales)
    session = open_session(cache_dir=tmp_path, client=fake_images.client())
    draw_all_model_text(plans, arts, session, lambda p: lambda image: Verdict(passed=True))
    project = with_overrides(load_project(EXAMPLE, presets=presets, locales=locales), None, "model")
    planned = [c.shape() for c in plan_calls(project, SETTINGS).calls]
    assert Counter(planned) == Counter(c.shape() for c in session.sent)
    assert len(fake_images.seen) == 2


@pytest.fixture
def cli() -> click.Group:
    group = AssetpackGroup(name="assetpack")
    group.add_command(plan)
    return group


def test_plan_command_prints_every_call_and_the_total(cli: click.Group) -> None:
    args = ["plan", str(EXAMPLE), "--art", "openai", "--locales", "en-US,de-DE"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["endpoint", "model", "size", "quality", "n", "for", "target",
                                "est.", "USD"]  # fmt: skip
    assert sum(line.startswith("images.edit") for line in lines) == 7
    assert "7 calls (7 art, 0 drawn copy): about $" in result.output


def test_plan_json_and_max_cost(cli: click.Group) -> None:
    args = ["plan", str(EXAMPLE), "--art", "openai", "--text-mode", "model", "--locales", "en-US"]
    result = CliRunner().invoke(cli, [*args, "--json"])
    data = json.loads(result.output)
    assert data["count"] == len(data["calls"]) == 7 + 15
    assert data["calls"][0].keys() >= {"endpoint", "model", "size", "quality", "n", "usd"}
    assert data["worst_case_usd"] > data["estimated_usd"] > 0
    refused = CliRunner().invoke(cli, [*args, "--max-cost", "0.10"])
    assert refused.exit_code == 2 and "more than --max-cost $0.10" in refused.output
    cheap = CliRunner().invoke(cli, [*args, "--draft", "--max-cost", "5"])
    assert cheap.exit_code == 0, cheap.output


def test_plan_of_an_offline_build(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["plan", str(EXAMPLE)])
    assert result.exit_code == 0 and "no API calls" in result.output
