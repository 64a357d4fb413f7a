"""Grading tests for Lesson 5 — Token as the new currency of the AI era.

Expected values come from the course library (:mod:`token_economics.currency`, and the
lessons it builds on), never from a pasted answer. Each test names the misconception it
detects with ``fail_with_hint``.
"""

from __future__ import annotations

import math

import pytest

from token_economics import currency as cur
from token_economics import costs
from token_economics import energy
from token_economics.agents import cumulative_input_tokens
from token_economics.grader import fail_with_hint
from token_economics.sources import UPTIME_PUE_2024
from token_economics.tokens import count_tokens

EX1 = "lesson5/ex01_production_cost.py"
EX2 = "lesson5/ex02_exchange_rate.py"
EX3 = "lesson5/ex03_electricity_share.py"
EX4 = "lesson5/ex04_token_exporters.py"
EX5 = "lesson5/ex05_capstone_feature.py"


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


# --- exercise 1: production cost ------------------------------------------------------------

COST_CASES = [
    (2.50, 4, 3876.0, 1.0),  # the lesson's worked example (ML.ENERGY Llama-3.1-70B on 4×H100)
    (2.50, 4, 3876.0, 0.5),
    (1.70, 8, 5000.0, 0.35),
    (2.95, 2, 8551.4, 0.8),
]


@pytest.mark.exercise("l5.production_cost", part="production_cost_per_million")
def test_production_cost(submission):
    mod = submission(EX1)
    for gpu_hour, n, tps, util in COST_CASES:
        expected = costs.gpu_cost_per_million_tokens(gpu_hour, n, tps, util)
        got = mod.production_cost_per_million(gpu_hour, n, tps, util)
        if util != 1.0 and close(got, expected * util):
            fail_with_hint("no_utilization", f"utilisation {util}: got {got:.4f}, expected {expected:.4f}")
        if close(got, expected * 3600) or close(got, expected / 3600):
            fail_with_hint("per_hour_per_second", f"got {got}, expected {expected:.4f}")
        if close(got, expected / 1e6):
            fail_with_hint("per_token_not_million", f"got {got}, expected {expected:.4f}")
        assert close(got, expected), (
            f"{n} GPUs at ${gpu_hour}/h, {tps} tok/s, utilisation {util}: expected {expected:.4f}, got {got}"
        )


@pytest.mark.exercise("l5.production_cost", part="production_cost_per_million")
def test_worked_example_is_72_cents(submission):
    mod = submission(EX1)
    assert round(mod.production_cost_per_million(2.50, 4, 3876, 1.0), 2) == 0.72


@pytest.mark.exercise("l5.production_cost", part="electricity_cost_per_million")
def test_electricity_cost(submission):
    mod = submission(EX1)
    for joules, price, pue in ((0.563, 0.08, 1.2), (3.7587, 0.2985, 1.56), (0.2267, 0.088, 1.09)):
        expected = energy.electricity_cost_per_million_tokens(joules, price, pue)
        got = mod.electricity_cost_per_million(joules, price, pue)
        if close(got, expected / pue):
            fail_with_hint("no_pue", f"PUE {pue}: got {got:.5f}, expected {expected:.5f}")
        if close(got, expected * 3600):
            fail_with_hint("joules_as_wh", f"got {got}, expected {expected:.5f}")
        if close(got, expected / 1e6):
            fail_with_hint("per_token_not_million", f"got {got}, expected {expected:.5f}")
        assert close(got, expected), f"{joules} J/token at ${price}/kWh, PUE {pue}: expected {expected:.5f}, got {got}"


# --- exercise 2: exchange rates -------------------------------------------------------------

# Two pairs of list prices (USD per million input / output tokens) and MMLU scores as in
# lesson 4's history; the output/input ratios differ so that blending matters.
SONNET = {"input": 3.0, "output": 15.0, "score": 88.0}
FLASH = {"input": 0.075, "output": 0.30, "score": 79.0}
OPUS = {"input": 15.0, "output": 75.0, "score": 84.0}
LLAMA405 = {"input": 3.0, "output": 3.0, "score": 87.0}
PAIRS = [(SONNET, FLASH), (OPUS, LLAMA405), (LLAMA405, OPUS)]


def _entry(name: str, m: dict) -> cur.PriceEntry:
    return cur.PriceEntry(name, m["input"], m["output"], scores={"mmlu": m["score"]})


def _book(a: dict, b: dict) -> cur.PriceBook:
    return cur.PriceBook([_entry("A", a), _entry("B", b)])


@pytest.mark.exercise("l5.exchange_rate", part="exchange_rate")
def test_exchange_rate(submission):
    mod = submission(EX2)
    for a, b in PAIRS:
        for share in (0.75, 0.5):
            expected = cur.exchange_rate("A", "B", _book(a, b), input_share=share)
            got = mod.exchange_rate(a, b, share)
            if close(got, 1 / expected):
                fail_with_hint("inverted", f"got {got:.4f}, expected {expected:.4f}")
            if close(got, a["input"] / b["input"]) or close(got, a["output"] / b["output"]):
                fail_with_hint("one_side_only", f"got {got:.4f}, expected {expected:.4f}")
            assert close(got, expected), f"input share {share}: expected {expected:.4f}, got {got}"


@pytest.mark.exercise("l5.exchange_rate", part="quality_adjusted_rate")
def test_quality_adjusted_rate(submission):
    mod = submission(EX2)
    for a, b in PAIRS:
        expected = cur.quality_adjusted_exchange_rate("A", "B", _book(a, b))
        plain = cur.exchange_rate("A", "B", _book(a, b))
        got = mod.quality_adjusted_rate(a, b)
        if close(got, plain):
            fail_with_hint("no_quality_adjustment", f"got {got:.4f} (the plain rate), expected {expected:.4f}")
        if close(got, plain * a["score"] / b["score"]):
            fail_with_hint("score_upside_down", f"got {got:.4f}, expected {expected:.4f}")
        if close(got, 1 / expected):
            fail_with_hint("inverted", f"got {got:.4f}, expected {expected:.4f}")
        assert close(got, expected), f"expected {expected:.4f}, got {got}"


# --- exercise 3: electricity's share ----------------------------------------------------------


@pytest.mark.exercise("l5.electricity_share", part="electricity_share")
def test_electricity_share(submission):
    mod = submission(EX3)
    rent = costs.gpu_cost_per_million_tokens(2.50, 4, 3876)
    power = costs.electricity_cost_per_million_tokens(0.563, 0.08, 1.2)
    for gpu, elec in ((rent, power), (1.0, 1.0), (3.0, 1.0), (0.2725, 0.0728)):
        expected = cur.electricity_share(elec, gpu)
        got = mod.electricity_share(gpu, elec)
        if not close(expected, 0.5) and close(got, gpu / (gpu + elec)):
            fail_with_hint("electricity_dominates", f"got {got:.4f}, expected {expected:.4f}")
        if close(got, elec / gpu):
            fail_with_hint("ratio_not_share", f"got {got:.4f}, expected {expected:.4f}")
        assert close(got, expected), f"GPU {gpu:.4f}, electricity {elec:.4f}: expected {expected:.4f}, got {got}"


@pytest.mark.exercise("l5.electricity_share", part="gpu_hour_usd_for_share")
def test_gpu_price_for_share(submission):
    mod = submission(EX3)
    joules, price, pue, n, tps = 0.563, 0.08, 1.2, 4, 3876.0
    power = costs.electricity_cost_per_million_tokens(joules, price, pue)
    for share in (0.25, 0.1, 0.5):
        expected = cur.gpu_hour_price_for_electricity_share(share, joules, price, pue, n, tps)
        got = mod.gpu_hour_usd_for_share(share, power, n, tps)
        inverted = cur.gpu_hour_price_for_electricity_share(1 - share, joules, price, pue, n, tps)
        if share != 0.5 and close(got, inverted):
            fail_with_hint("share_inverted", f"share {share}: got {got:.5f}, expected {expected:.5f}")
        assert close(got, expected), f"share {share}: expected ${expected:.5f} per GPU-hour, got {got}"
        # The answer must make electricity exactly that share of the cost.
        gpu_part = costs.gpu_cost_per_million_tokens(got, n, tps)
        assert close(cur.electricity_share(power, gpu_part), share)


# --- exercise 4: token exporters --------------------------------------------------------------


def _countries() -> list[dict]:
    return [
        {
            "code": c.country_code,
            "usd_per_kwh": c.usd_per_kwh,
            "grid_g_per_kwh": energy.grid_intensity_g_per_kwh(c.country_code),
        }
        for c in cur.electricity_prices()
    ]


@pytest.mark.exercise("l5.token_exporters", part="exporter_table")
def test_exporter_table(submission):
    mod = submission(EX4)
    countries = _countries()
    joules, pue = cur.ProductionSetup().joules_per_token, UPTIME_PUE_2024.value
    hardware = cur.cost_breakdown().gpu_capital_usd_per_million + cur.cost_breakdown().networking_usd_per_million
    expected = cur.token_exporters(cur.ProductionSetup(joules_per_token=joules), pue=pue, gpu_usd_per_million=hardware)
    got = mod.exporter_table(countries, joules, pue, hardware)
    assert len(got) == len(expected), f"expected one row per country ({len(expected)}), got {len(got)}"
    codes = [r["code"] for r in got]
    if codes == [r.country_code for r in reversed(expected)]:
        fail_with_hint("rank_descending", f"got {codes}")
    by_code = {r["code"]: r for r in got}
    for row in expected:
        mine = by_code[row.country_code]
        if close(mine["g_co2_per_million"], row.gco2_per_million / pue):
            fail_with_hint("carbon_without_pue", f"{row.country_code}: got {mine['g_co2_per_million']:.2f} g")
        if close(mine["usd_per_million"], row.electricity_usd_per_million):
            fail_with_hint("forgot_hardware", f"{row.country_code}: got {mine['usd_per_million']:.4f}")
        assert close(mine["usd_per_million"], row.total_usd_per_million), row.country_code
        assert close(mine["g_co2_per_million"], row.gco2_per_million), row.country_code
    assert codes == [r.country_code for r in expected], (
        f"rank cheapest first: expected {[r.country_code for r in expected]}, got {codes}"
    )


@pytest.mark.exercise("l5.token_exporters", part="cleanest")
def test_cleanest(submission):
    mod = submission(EX4)
    countries = _countries()
    rows = cur.token_exporters(rank_by="carbon")
    expected, cheapest = rows[0].country_code, cur.token_exporters()[0].country_code
    got = mod.cleanest(countries, cur.ProductionSetup().joules_per_token, UPTIME_PUE_2024.value)
    if got == cheapest and cheapest != expected:
        fail_with_hint("cheapest_is_cleanest", f"got {got}, the cheapest; the cleanest is {expected}")
    assert got == expected
    # A made-up pair where the cheap grid is dirty.
    pair = [
        {"code": "CHEAP", "usd_per_kwh": 0.03, "grid_g_per_kwh": 900.0},
        {"code": "CLEAN", "usd_per_kwh": 0.30, "grid_g_per_kwh": 10.0},
    ]
    got = mod.cleanest(pair, 0.5, 1.2)
    if got == "CHEAP":
        fail_with_hint("cheapest_is_cleanest", "the cheap grid is the dirty one")
    assert got == "CLEAN"


# --- exercise 5: capstone --------------------------------------------------------------------

PROMPT = (
    "You are a support assistant inside a code editor. When the user presses 'Explain this error', "
    "read the error message and the surrounding code, run the project's tests if needed, and explain "
    "in plain language what went wrong and how to fix it. Keep answers under 200 words. "
    "Tools: read_file(path), run_tests(pattern), search(query)."
)
CAPSTONE_CASES = [
    dict(
        steps=6,
        output_tokens_per_call=350,
        tool_tokens_per_step=1200,
        usd_per_million_input=3.0,
        usd_per_million_output=15.0,
        presses_per_month=20_000,
        annual_decline_factor=10.0,
        joules_per_output_token=0.563,
        pue=1.2,
        monthly_budget_usd=500.0,
    ),
    dict(
        steps=12,
        output_tokens_per_call=200,
        tool_tokens_per_step=2500,
        usd_per_million_input=1.25,
        usd_per_million_output=10.0,
        presses_per_month=3_000,
        annual_decline_factor=4.0,
        joules_per_output_token=0.3731,
        pue=1.56,
        monthly_budget_usd=77.0,
    ),
]


def _expected(prompt: str, c: dict) -> dict:
    prompt_tokens = count_tokens(prompt, "o200k_base")
    per_step = c["output_tokens_per_call"] + c["tool_tokens_per_step"]
    inp = cumulative_input_tokens(c["steps"], prompt_tokens, per_step)
    out = c["steps"] * c["output_tokens_per_call"]
    entry = cur.PriceEntry("feature", c["usd_per_million_input"], c["usd_per_million_output"])
    per_press = entry.usd_for(inp, out)
    month = per_press * c["presses_per_month"]
    kwh = out * c["joules_per_output_token"] * c["pue"] / energy.JOULES_PER_KWH * c["presses_per_month"]
    return {
        "prompt_tokens": prompt_tokens,
        "input_tokens_per_press": inp,
        "output_tokens_per_press": out,
        "usd_per_press": per_press,
        "usd_per_month": month,
        "usd_per_month_next_year": month / c["annual_decline_factor"],
        "kwh_per_month": kwh,
        "presses_within_budget": math.floor(c["monthly_budget_usd"] / per_press),
    }


@pytest.mark.exercise("l5.capstone_feature", part="tokens")
def test_capstone_tokens(submission):
    mod = submission(EX5)
    for case in CAPSTONE_CASES:
        exp = _expected(PROMPT, case)
        got = mod.price_feature(PROMPT, **case)
        assert set(got) == set(exp), f"keys: expected {sorted(exp)}, got {sorted(got)}"
        if got["prompt_tokens"] != exp["prompt_tokens"] and got["prompt_tokens"] in (
            len(PROMPT) // 4,
            round(len(PROMPT) / 4),
            math.ceil(len(PROMPT) / 4),
        ):
            fail_with_hint(
                "chars_div_4", f"prompt: got {got['prompt_tokens']}, the tokenizer gives {exp['prompt_tokens']}"
            )
        assert got["prompt_tokens"] == exp["prompt_tokens"]
        naive = (
            case["steps"] * exp["prompt_tokens"],
            exp["prompt_tokens"],
            case["steps"] * (exp["prompt_tokens"] + case["tool_tokens_per_step"]),
        )
        if got["input_tokens_per_press"] != exp["input_tokens_per_press"] and got["input_tokens_per_press"] in naive:
            fail_with_hint(
                "single_call",
                f"input per press: got {got['input_tokens_per_press']}, expected {exp['input_tokens_per_press']}",
            )
        assert got["input_tokens_per_press"] == exp["input_tokens_per_press"]
        assert got["output_tokens_per_press"] == exp["output_tokens_per_press"]


@pytest.mark.exercise("l5.capstone_feature", part="money_energy_and_budget")
def test_capstone_money_energy_budget(submission):
    mod = submission(EX5)
    for case in CAPSTONE_CASES:
        exp = _expected(PROMPT, case)
        got = mod.price_feature(PROMPT, **case)
        assert close(got["usd_per_press"], exp["usd_per_press"]), f"USD per press: expected {exp['usd_per_press']:.6f}"
        assert close(got["usd_per_month"], exp["usd_per_month"])
        if close(got["usd_per_month_next_year"], exp["usd_per_month"] * case["annual_decline_factor"]):
            fail_with_hint(
                "decline_multiplied",
                f"got {got['usd_per_month_next_year']:.2f}, expected {exp['usd_per_month_next_year']:.2f}",
            )
        assert close(got["usd_per_month_next_year"], exp["usd_per_month_next_year"])
        all_tokens = (exp["input_tokens_per_press"] + exp["output_tokens_per_press"]) / exp["output_tokens_per_press"]
        if close(got["kwh_per_month"], exp["kwh_per_month"] * all_tokens):
            fail_with_hint(
                "energy_all_tokens", f"got {got['kwh_per_month']:.3f} kWh, expected {exp['kwh_per_month']:.3f}"
            )
        assert close(got["kwh_per_month"], exp["kwh_per_month"]), f"kWh per month: expected {exp['kwh_per_month']:.4f}"
        if got["presses_within_budget"] == exp["presses_within_budget"] + 1:
            fail_with_hint(
                "budget_rounding", f"got {got['presses_within_budget']}, expected {exp['presses_within_budget']}"
            )
        assert got["presses_within_budget"] == exp["presses_within_budget"]
        assert isinstance(got["presses_within_budget"], int)
