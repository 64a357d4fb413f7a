"""Lesson 5 page values that issue 15 pinned: each computed by the library, each able to fail."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from token_economics import costs, market
from token_economics import currency as cur
from token_economics import sources as S
from token_economics.site import lesson5

pytestmark = pytest.mark.filterwarnings("ignore")

PAGE = (Path(__file__).resolve().parents[1] / "docs" / "lessons" / "05-token-as-currency.md").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def values() -> dict[str, str]:
    return lesson5.values()


def _section(heading: str) -> str:
    """The page text under ``heading`` up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = PAGE.index(heading)
    rest = PAGE[start + len(heading) :]
    nxt = re.search(rf"^#{{1,{len(level)}}} ", rest, flags=re.MULTILINE)
    return rest[: nxt.start()] if nxt else rest


# --- 1. Ericsson counts mobile traffic per month ------------------------------------------------


def test_mobile_traffic_is_per_month_as_ericsson_reports_it(values):
    traffic = next(u for u in cur.units_of_ages() if u.age == "internet")
    assert traffic.per == "month"
    assert traffic.source_key == "l5_ericsson_mobility_2023"
    assert traffic.value == pytest.approx(93e18)
    assert values["mobile_eb_month"] == "93"
    assert values["mobile_traffic_year"] == "2022"
    row = next(line for line in PAGE.splitlines() if line.startswith("| internet |"))
    assert "a month" in row and "quarter" not in row
    assert "[@l5_ericsson_mobility_2023]" in row


# --- 2. input and output tokens, like with like --------------------------------------------------


def test_input_and_output_costs_from_deepseeks_published_day(values):
    assert values["ds_cost_input_avg"] == "$0.060"
    assert values["ds_cost_input_computed"] == "$0.14"
    assert values["ds_cost_output"] == "$0.30"
    # DeepSeek's list prices beside them: the cited correction from 2025-09-29, and the February 2025 price.
    assert (values["ds_v32_miss"], values["ds_v32_hit"], values["ds_v32_output"]) == ("$0.28", "$0.028", "$0.42")
    assert (values["ds_feb_miss"], values["ds_feb_output"]) == ("$0.27", "$1.10")
    assert values["ds_v32_price_date"] == "29 September 2025"
    # Each price sits above the cost of its own kind of token.
    assert float(values["ds_v32_miss_over_cost"]) > 1 and float(values["ds_v32_output_over_cost"]) > 1


def test_production_cost_per_output_token_is_compared_with_output_prices(values):
    listings = lesson5._listings()
    outputs = cur.seller_spread({label: o for label, _, o, _ in listings})
    assert values["llama70b_output_low"] == f"${outputs.low_usd_per_million:.2f}"
    assert values["llama70b_output_high"] == f"${outputs.high_usd_per_million:.2f}"
    comparison = _section("## What a token costs to make")
    assert "output price" in comparison
    assert "3:1 blend of\ninput and output prices)" not in PAGE  # the old like-for-unlike comparison
    # The page's claims about the range hold: above the owner's floor, straddling the rental cost.
    own = cur.cost_breakdown().cost_usd_per_million
    rent = cur.rental_cost_per_million()
    assert own < outputs.low_usd_per_million < rent < outputs.high_usd_per_million
    # The chart's band is the output prices too.
    figure = lesson5._fig_cost_breakdown()
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert any(label.startswith("Output prices") for label in labels)


def test_page_teaches_prefill_decode_and_caching():
    section = _section("### Input and output tokens are made differently")
    for word in ("prefill", "decode", "cache", "like with like"):
        assert word in section, word
    assert "{{ l5.ds_cost_output }}" in section and "{{ l5.ds_cost_input_computed }}" in section


# --- 3. the article's whole argument ---------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "## Everything AI does is counted in tokens",
        "## From licences to meters",
        "## Price, quality and reliability, not parameters",
        "### A factory, not a lab",
        "### Industrial systems, not only electricity",
        "### What exporting tokens would mean",
        "## In the AI age, tokens flow",
    ],
)
def test_page_covers_the_articles_argument(heading):
    assert heading in PAGE
    assert len(_section(heading)) > 400, f"{heading} is too thin"


def test_seat_against_meter(values):
    assert values["seat_usd_month"] == "$19" and values["meter_usd_day"] == "$13"
    assert values["seat_in_meter_days"] == f"{19 / 13:.1f}"
    assert (values["meter_in_seats_low"], values["meter_in_seats_high"]) == ("8", "13")
    assert S.CLAUDE_CODE_USD_PER_ACTIVE_DAY.value == 13.0  # lesson 3's figure, one home


def test_reliability_has_a_cited_number(values):
    assert values["sla_uptime_pct"] == "99.9%"
    assert values["sla_downtime_hours_year"] == "8.8"
    assert values["sla_downtime_minutes_month"] == "44"
    assert values["grid_availability_pct"] == "99.93%"


def test_image_price_converts_to_tokens(values):
    computed = S.GEMINI_IMAGE_TOKENS_PER_IMAGE.value * S.GEMINI_IMAGE_OUTPUT_USD_PER_MILLION.value / 1e6
    assert computed == pytest.approx(S.GEMINI_IMAGE_USD_PER_IMAGE.value, rel=0.01)
    assert values["image_usd_computed"] == "$0.0387"
    assert values["audio_tokens_per_minute"] == "1,920"


def test_price_data_claims_on_the_page_hold():
    """The page says the price data lists no video-generation model and no parameter counts."""
    models = market.known_models()
    assert not [m for m in models if re.search(r"(^|[:/-])(veo|sora)", m)]
    assert not [f.name for f in fields(market.ModelPrice) if "param" in f.name]
    robot = market.current_price(*lesson5.ROBOTICS_MODEL[:1], provider=lesson5.ROBOTICS_MODEL[1])
    assert robot.usd_per_million_input > 0


def test_flows_are_labelled_as_one_router(values):
    section = _section("### What exporting tokens would mean")
    assert "No statistical office counts tokens" in section
    assert "where the\n*models* come from" in section
    assert values["cn_open_share_mean"] == "13%"


# --- 4. the commodity test -------------------------------------------------------------------------


def test_one_model_across_sellers_is_the_main_evidence(values):
    section = _section("### The clean test: one model, several sellers")
    assert "{{ l5.llama70b_output_ratio }}" in section
    listings = lesson5._listings()
    spread = cur.seller_spread({label: o for label, _, o, _ in listings})
    assert values["llama70b_output_ratio"] == f"{spread.ratio:.1f}"
    assert PAGE.index("### The clean test") < PAGE.index("### A rougher test")


def test_price_per_point_counts_points_above_chance(values):
    book = cur.history_price_book()
    a, b = lesson5.EXCHANGE_PAIRS[0]
    expected = (book.get(a).blended_usd_per_million() / (book.get(a).scores["mmlu"] - 25)) / (
        book.get(b).blended_usd_per_million() / (book.get(b).scores["mmlu"] - 25)
    )
    assert values["pair1_quality_rate"] == f"{expected:.1f}"
    assert values["pair1_quality_rate"] != values["pair1_quality_rate_raw"]
    assert "score_A − {{ l5.mmlu_chance }}" in PAGE


def test_rough_test_states_its_band_and_where_scores_stop(values):
    assert float(values["spread_last_score_high"]) - float(values["spread_last_score_low"]) > 5
    assert int(values["mmlu_unscored_after"]) > 0
    assert values["mmlu_last_scored"] == "April 2025"


# --- 5. the budget in each model's own tokens ------------------------------------------------------


def test_budget_counts_each_models_tokens_and_reasoning(values):
    table = values["budget_today_table"].splitlines()
    rows = {line.split(" | ")[0].strip("| "): line for line in table[2:]}
    assert set(rows) == {model for model, _ in lesson5.TODAY_MODELS}
    assert "`deepseek-v3`" in rows["deepseek-v4-flash"] and "`o200k_base`" in rows["gpt-5-mini"]
    assert "(stand-in)" in rows["claude-sonnet-4-5"] and "(stand-in)" not in rows["gpt-5-mini"]
    ds_tokens = rows["deepseek-v4-flash"].split(" | ")[2]
    oa_tokens = rows["gpt-5-mini"].split(" | ")[2]
    assert ds_tokens != oa_tokens  # the same run is a different number of tokens
    for line in rows.values():
        cells = line.strip("| ").split(" | ")
        plain, thinking = (float(c.replace(",", "")) for c in cells[-2:])
        assert thinking < plain


def test_blend_puzzle_is_explained_with_dated_prices(values):
    """In August 2025 gpt-5-mini had the higher blended price and still bought more agent runs."""
    assert float(values["mini_blended"].strip("$")) > float(values["puzzle_chat_blended"].strip("$"))
    assert int(values["puzzle_mini_runs"].replace(",", "")) > int(values["puzzle_chat_runs"].replace(",", ""))
    assert costs.blended_price(0.27, 1.10) == pytest.approx(float(values["puzzle_chat_blended"].strip("$")), abs=1e-3)
    # Today's corrected DeepSeek price puts DeepSeek first again.
    assert int(values["flash_runs"].replace(",", "")) > int(values["mini_runs"].replace(",", ""))


def test_budget_states_the_prices_as_of_date(values):
    budget = PAGE[PAGE.index("At today's list prices") :][:400]
    assert "{{ l5.prices_as_of }}" in budget
    assert values["prices_as_of"] == "3 November 2026, 12:00 UTC"


def test_the_blend_puzzle_holds_as_the_page_tells_it():
    """The page: on the puzzle date deepseek-chat's blended price was below gpt-5-mini's, yet
    gpt-5-mini bought more runs of the agent, because its input tokens were the cheaper ones."""
    from token_economics.site import lesson5

    v = lesson5.values()

    def number(text: str) -> float:
        return float(str(text).replace("$", "").replace(",", ""))

    assert number(v["puzzle_chat_blended"]) < number(v["mini_blended"])
    assert number(v["puzzle_mini_runs"]) > number(v["puzzle_chat_runs"])
    assert number(v["mini_input_price"]) < number(v["puzzle_chat_input"])
