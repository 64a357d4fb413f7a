"""Lesson 3 page: what issue 15 asked of it, each claim checked against its source or its number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from token_economics import agents as ag
from token_economics.data import cite
from token_economics.site import lesson3
from token_economics.sources import CLAUDE_CODE_AGENT_TEAM_MULTIPLE

pytestmark = pytest.mark.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "lessons" / "03-why-agents-burn-tokens.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def values() -> dict[str, str]:
    return lesson3.values()


def _section(heading: str) -> str:
    """The text of one ``##``/``###`` section of the page, up to the next heading of any level."""
    start = PAGE.index(heading)
    end = re.search(r"^#{2,3} ", PAGE[start + len(heading) :], flags=re.M)
    return PAGE[start : start + len(heading) + (end.start() if end else len(PAGE))]


def _usd(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_agent_team_multiple_keeps_its_condition(values):
    # the page, the registry figure and the bibliography all say "when teammates run in plan mode"
    assert "times the tokens of a standard session when teammates run in plan mode" in _flat(PAGE)
    assert "{{ l3.claude_code_team_x }} times the tokens of a standard session when teammates" in _flat(PAGE)
    assert "plan mode" in CLAUDE_CODE_AGENT_TEAM_MULTIPLE.what
    assert "when teammates run in plan mode" in cite(CLAUDE_CODE_AGENT_TEAM_MULTIPLE.ref).note
    assert values["claude_code_team_x"] == "7"
    assert "about 7 times the tokens of a standard session [@" not in _flat(PAGE)


def test_the_page_says_which_models_keep_earlier_thinking():
    section = _flat(_section("## Reasoning tokens"))
    assert "Anthropic's strip earlier turns' thinking" not in section
    # the models that keep only the last turn's thinking, and those that keep it all
    assert "Claude Sonnet 4.5 (the model priced on this page), Claude Opus 4.1 and earlier" in section
    assert "Opus 4.5 and later Opus models, and Claude Sonnet 4.6 and later, keep the thinking" in section
    assert "[@l3_anthropic_extended_thinking]" in section
    note = cite("l3_anthropic_extended_thinking").note
    assert "Claude Opus 4.5 and later Opus models keep all prior thinking blocks" in note
    assert "Claude Sonnet 4.5 and earlier Sonnet models keep only the last turn" in note
    assert lesson3.LESSON_MODEL == ("claude-sonnet-4-5", "anthropic")  # the model the page names
    assert "Sonnet 4.5" in (ag.AgentSpec.__doc__ or "")


def test_every_caching_rule_is_taught_with_its_numbers():
    section = _flat(_section("### Five rules for a cache that hits"))
    for rule in (
        "Keep the prefix stable.",
        "Serialise deterministically.",
        "Watch the hit rate:",
        "Mind the minimum length.",
        "Choose the tool set once per run.",
    ):
        assert rule in section
    for key in (
        "edit_once_usd",
        "edit_every_hit",
        "edit_every_over_nocache",
        "keyorder_shared",
        "keyorder_canonical",
        "cache_min_model",
        "cache_min_high",
        "cache_min_other",
        "high_min_short_calls",
        "high_min_hit",
        "high_min_usd",
        "ondemand_calls",
        "ondemand_extra",
    ):
        assert "{{ l3.%s }}" % key in section, key
    assert "[@l3_openai_prompt_caching]" in section and "[@l3_anthropic_prompt_caching]" in section


def test_the_rules_numbers(values):
    nocache, stable = _usd(values["none_nocache_usd"]), _usd(values["none_cache_usd"])
    # a prefix that changes at every call is never read back and costs more than no caching
    assert values["edit_every_hit"] == "0%"
    assert _usd(values["edit_every_usd"]) > nocache
    # one change costs something, and less than a change at every call
    assert stable < _usd(values["edit_once_usd"]) < _usd(values["edit_every_usd"])
    assert values["edit_once_call"] == str(lesson3.EDIT_ONCE_CALL + 1)
    # tools loaded on demand: fewer tokens, a bigger bill
    assert int(values["ondemand_input"].replace(",", "")) < int(values["none_nocache_input"].replace(",", ""))
    assert _usd(values["ondemand_usd"]) > stable
    assert values["ondemand_calls"] == "2, 4, 5 and 23"
    # the documented minimums, and what ignoring one would hide
    assert (values["cache_min_model"], values["cache_min_high"], values["cache_min_other"]) == (
        "1,024",
        "4,096",
        "1,024",
    )
    assert int(values["high_min_short_calls"]) > 0
    assert float(values["high_min_hit"].rstrip("%")) < float(values["high_min_hit_ignored"].rstrip("%"))
    assert _usd(values["high_min_usd"]) > _usd(values["high_min_ignored_usd"])
    # another key order shares almost nothing; sorted keys share everything
    assert int(values["keyorder_shared"]) < int(values["keyorder_tokens"]) / 100


def test_the_rules_runs_apply_the_model_minimum():
    rules = lesson3.caching_rules()
    minimum = ag.minimum_cacheable_tokens(*lesson3.LESSON_MODEL)
    for run in rules.values():
        for record in run["records"]:
            if record.input_tokens < minimum:
                assert record.cache_read == record.cache_write == 0


def test_tokens_per_task_section_is_short_sourced_and_linked():
    section = _section("## Cheaper tokens, more tokens per task")
    assert len(section.split()) < 260
    assert "[Lesson 4](04-why-tokens-get-cheaper.md)" in section
    assert (ROOT / "docs" / "lessons" / "04-why-tokens-get-cheaper.md").exists()
    flat = _flat(section)
    # the numbers come from the registry through page keys, never typed
    for key in (
        "score_price_decline_low",
        "score_price_decline_high",
        "frontier_run_rise_low",
        "frontier_run_rise_high",
        "reversal_share",
        "reversal_max",
        "thinking_spread",
    ):
        assert "{{ l3." + key + " }}" in flat, key
    from token_economics.site import lesson3

    v = lesson3.values()
    assert (v["score_price_decline_low"], v["score_price_decline_high"]) == ("5", "10")
    assert (v["frontier_run_rise_low"], v["frontier_run_rise_high"]) == ("3", "18")
    note = cite("l3_gundlach2026progress").note
    assert "around 5x to 10x per year" in note and "rising between 3x to 18x per year" in note
    assert v["reversal_share"] == "32%" and "32%" in cite("l3_chen2026reversal").note
    assert v["reversal_max"] == "28" and "up to 28x" in cite("l3_chen2026reversal").note
