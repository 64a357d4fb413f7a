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
from token_economics.grader.hints import HINT_TOLERANCE, diagnose
from token_economics.sources import (
    DEEPSEEK_CACHE_HIT_SHARE,
    DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_GPUS_PER_NODE,
    DEEPSEEK_H800_HOUR_USD,
    DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
    UPTIME_PUE_2024,
)
from token_economics.tokens import count_tokens

EX1 = "lesson5/ex01_production_cost.py"
EX2 = "lesson5/ex02_exchange_rate.py"
EX3 = "lesson5/ex03_electricity_share.py"
EX4 = "lesson5/ex04_token_exporters.py"
EX5 = "lesson5/ex05_capstone_feature.py"
EX6 = "lesson5/ex06_input_output_cost.py"


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def close(a: float, b: float) -> bool:
    return _number(a) and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


# --- exercise 1: production cost ------------------------------------------------------------

COST_CASES = [
    (2.50, 4, 3876.0, 1.0),  # the lesson's worked example (ML.ENERGY Llama-3.1-70B on 4×H100)
    (2.50, 4, 3876.0, 0.6),
    (1.70, 8, 5000.0, 0.45),
    (2.95, 2, 8551.4, 0.8),
]


def _cost_candidates(expected: float, n: int, util: float) -> list[tuple[str, float]]:
    return [
        ("no_utilization", expected * util),
        ("idle_time_free", expected * util**2),
        ("forgot_gpus", expected / n),
        ("per_hour_per_second", expected * 3600),
        ("per_hour_per_second", expected / 3600),
        ("per_token_not_million", expected / 1e6),
    ]


@pytest.mark.exercise("l5.production_cost", part="production_cost_per_million")
def test_production_cost(submission):
    mod = submission(EX1)
    for gpu_hour, n, tps, util in COST_CASES:
        expected = costs.gpu_cost_per_million_tokens(gpu_hour, n, tps, util)
        assert math.isclose(expected, gpu_hour * n / (tps * util * 3600) * 1e6, rel_tol=1e-12)
        got = mod.production_cost_per_million(gpu_hour, n, tps, util)
        detail = f"{n} GPUs at ${gpu_hour}/h, {tps} tok/s, utilisation {util}: got {got!r}, expected {expected:.4f}"
        diagnose(got, expected, _cost_candidates(expected, n, util), detail)
        assert close(got, expected), detail


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
        detail = f"{joules} J/token at ${price}/kWh, PUE {pue}: got {got!r}, expected {expected:.5f}"
        diagnose(
            got,
            expected,
            [
                ("no_pue", expected / pue),
                ("joules_as_wh", expected * 3600),
                ("joules_as_wh", expected * 3600 / pue),
                ("per_token_not_million", expected / 1e6),
            ],
            detail,
        )
        assert close(got, expected), detail


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


def _rate(a: dict, b: dict, share: float) -> float:
    return cur.exchange_rate("A", "B", _book(a, b), input_share=share)


@pytest.mark.exercise("l5.exchange_rate", part="exchange_rate")
def test_exchange_rate(submission):
    mod = submission(EX2)
    for a, b in PAIRS:
        for share in (0.75, 0.5, 0.9):
            expected = _rate(a, b, share)
            got = mod.exchange_rate(a, b, share)
            detail = f"input share {share}: got {got!r}, expected {expected:.4f}"
            diagnose(
                got,
                expected,
                [
                    ("inverted", 1 / expected),
                    ("one_side_only", a["input"] / b["input"]),
                    ("one_side_only", a["output"] / b["output"]),
                    ("plain_average", _rate(a, b, 0.5)),
                ],
                detail,
            )
            assert close(got, expected), detail


def _quality_candidates(a: dict, b: dict, chance: float) -> list[tuple[str, float]]:
    """The quality-adjusted rate as each misconception computes it, with this chance floor."""
    book = _book(a, b)
    plain = cur.exchange_rate("A", "B", book)
    above_a, above_b = a["score"] - chance, b["score"] - chance
    return [
        ("no_quality_adjustment", plain),
        ("no_chance_floor", cur.quality_adjusted_exchange_rate("A", "B", book, chance_score=0.0)),
        ("score_upside_down", plain * above_a / above_b),
        ("score_upside_down", plain * a["score"] / b["score"]),
        ("inverted", 1 / cur.quality_adjusted_exchange_rate("A", "B", book, chance_score=chance)),
        ("plain_average", _rate(a, b, 0.5) * above_b / above_a),
    ]


@pytest.mark.exercise("l5.exchange_rate", part="quality_adjusted_rate")
def test_quality_adjusted_rate(submission):
    """Price per MMLU point above the chance floor: guessing among four answers scores 25."""
    mod = submission(EX2)
    chance = cur.MMLU_CHANCE_SCORE
    for a, b in PAIRS:
        expected = cur.quality_adjusted_exchange_rate("A", "B", _book(a, b), chance_score=chance)
        got = mod.quality_adjusted_rate(a, b)
        detail = f"MMLU {a['score']:g} against {b['score']:g}: got {got!r}, expected {expected:.4f}"
        diagnose(got, expected, _quality_candidates(a, b, chance), detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l5.exchange_rate", part="quality_adjusted_rate")
def test_quality_adjusted_rate_uses_the_chance_score_given(submission):
    """Another benchmark, another floor: five answers per question put chance at 20."""
    mod = submission(EX2)
    chance = cur.chance_floor(5)
    for a, b in PAIRS:
        expected = cur.quality_adjusted_exchange_rate("A", "B", _book(a, b), chance_score=chance)
        got = mod.quality_adjusted_rate(a, b, chance_score=chance)
        detail = f"chance_score={chance:g}, MMLU {a['score']:g} vs {b['score']:g}: got {got!r}, expected {expected:.4f}"
        diagnose(got, expected, _quality_candidates(a, b, chance), detail)
        assert close(got, expected), f"{detail} (use the chance_score passed, not a fixed 25)"


# --- exercise 3: electricity's share ----------------------------------------------------------


@pytest.mark.exercise("l5.electricity_share", part="electricity_share")
def test_electricity_share(submission):
    mod = submission(EX3)
    rent = costs.gpu_cost_per_million_tokens(2.50, 4, 3876)
    power = costs.electricity_cost_per_million_tokens(0.563, 0.08, 1.2)
    for gpu, elec in ((rent, power), (1.0, 1.0), (3.0, 1.0), (0.2725, 0.0728)):
        expected = cur.electricity_share(elec, gpu)
        got = mod.electricity_share(gpu, elec)
        detail = f"GPU {gpu:.4f}, electricity {elec:.4f}: got {got!r}, expected {expected:.4f}"
        diagnose(
            got,
            expected,
            [("electricity_dominates", gpu / (gpu + elec)), ("ratio_not_share", elec / gpu)],
            detail,
        )
        assert close(got, expected), detail


#: (target share, utilisation): the GPUs of Lesson 2's worked example, busy a fraction of the time.
SHARE_CASES = [(0.25, 0.6), (0.1, 1.0), (0.5, 0.45), (0.05, 0.8)]


@pytest.mark.exercise("l5.electricity_share", part="gpu_hour_usd_for_share")
def test_gpu_price_for_share(submission):
    mod = submission(EX3)
    joules, price, pue, n, tps = 0.563, 0.08, 1.2, 4, 3876.0
    power = costs.electricity_cost_per_million_tokens(joules, price, pue)
    for share, util in SHARE_CASES:
        expected = cur.gpu_hour_price_for_electricity_share(share, joules, price, pue, n, tps, util)
        assert math.isclose(expected, power * (1 - share) / share * tps * util * 3600 / 1e6 / n, rel_tol=1e-9)
        got = mod.gpu_hour_usd_for_share(share, power, n, tps, util)
        detail = f"share {share}, utilisation {util}: got {got!r}, expected ${expected:.5f} per GPU-hour"
        diagnose(
            got,
            expected,
            [
                (
                    "share_inverted",
                    cur.gpu_hour_price_for_electricity_share(1 - share, joules, price, pue, n, tps, util),
                ),
                ("forgot_gpus", expected * n),
                ("no_utilization", expected / util),
                ("idle_time_free", expected / util**2),
            ],
            detail,
        )
        assert close(got, expected), detail
        # The answer must make electricity exactly that share of the cost.
        gpu_part = costs.gpu_cost_per_million_tokens(got, n, tps, util)
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
        grams, usd = mine["g_co2_per_million"], mine["usd_per_million"]
        detail = f"{row.country_code}: got {grams!r} g, expected {row.gco2_per_million:.2f} g"
        diagnose(grams, row.gco2_per_million, [("carbon_without_pue", row.gco2_per_million / pue)], detail)
        detail = f"{row.country_code}: got ${usd!r}, expected ${row.total_usd_per_million:.4f}"
        diagnose(
            usd,
            row.total_usd_per_million,
            [
                ("forgot_hardware", row.electricity_usd_per_million),
                ("forgot_hardware", row.electricity_usd_per_million / pue),
            ],
            detail,
        )
        assert close(usd, row.total_usd_per_million), detail
        assert close(grams, row.gco2_per_million), row.country_code
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
#: Energy to read one prompt token, as a share of the energy to write one: the time a DeepSeek node
#: spends per token in prefill over the time per token in decode (equal power in both phases). Per
#: input token, cache hits included, for the first case; per computed (cache-miss) token for the second.
READ_OVER_WRITE = DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value / DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value
READ_OVER_WRITE_COMPUTED = READ_OVER_WRITE / (1 - DEEPSEEK_CACHE_HIT_SHARE.value)
CAPSTONE_CASES = [
    dict(
        steps=6,
        output_tokens_per_call=350,
        tool_tokens_per_step=1200,
        usd_per_million_input=3.0,
        usd_per_million_output=15.0,
        presses_per_month=20_000,
        equal_capability_decline_factor=10.0,
        joules_per_input_token=0.563 * READ_OVER_WRITE,
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
        equal_capability_decline_factor=4.0,
        joules_per_input_token=0.3731 * READ_OVER_WRITE_COMPUTED,
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
    joules = inp * c["joules_per_input_token"] + out * c["joules_per_output_token"]
    kwh = joules * c["pue"] / energy.JOULES_PER_KWH * c["presses_per_month"]
    return {
        "prompt_tokens": prompt_tokens,
        "input_tokens_per_press": inp,
        "output_tokens_per_press": out,
        "usd_per_press": per_press,
        "usd_per_month": month,
        "usd_per_month_next_year_same_model": month,
        "usd_per_month_next_year_switched": month / c["equal_capability_decline_factor"],
        "kwh_per_month": kwh,
        "presses_within_budget": math.floor(c["monthly_budget_usd"] / per_press),
    }


def _input_candidates(case: dict, prompt_tokens: int) -> list[tuple[str, int]]:
    k, out, tool = case["steps"], case["output_tokens_per_call"], case["tool_tokens_per_step"]
    per_step = out + tool
    return [
        ("single_call", prompt_tokens),
        ("single_call", prompt_tokens + out),
        ("linear_growth", k * prompt_tokens),
        ("linear_growth", k * prompt_tokens + k * per_step),
        # each call sends the prompt and only the step before it: the last step is never sent
        ("linear_growth", k * prompt_tokens + (k - 1) * per_step),
        ("linear_growth", k * (prompt_tokens + tool)),
        ("linear_growth", prompt_tokens + k * per_step),
    ]


@pytest.mark.exercise("l5.capstone_feature", part="tokens")
def test_capstone_tokens(submission):
    mod = submission(EX5)
    for case in CAPSTONE_CASES:
        exp = _expected(PROMPT, case)
        got = mod.price_feature(PROMPT, **case)
        assert isinstance(got, dict) and set(got) == set(exp), (
            f"keys: expected {sorted(exp)}, got {sorted(got) if isinstance(got, dict) else got!r}"
        )
        tokens = got["prompt_tokens"]
        detail = f"prompt: got {tokens!r}, the tokenizer gives {exp['prompt_tokens']}"
        diagnose(tokens, exp["prompt_tokens"], [("chars_div_4", len(PROMPT) / 4)], detail)
        assert tokens == exp["prompt_tokens"], detail
        inp = got["input_tokens_per_press"]
        detail = f"input per press: got {inp!r}, expected {exp['input_tokens_per_press']}"
        diagnose(inp, exp["input_tokens_per_press"], _input_candidates(case, exp["prompt_tokens"]), detail)
        assert inp == exp["input_tokens_per_press"], detail
        assert got["output_tokens_per_press"] == exp["output_tokens_per_press"], (
            f"output per press: got {got['output_tokens_per_press']!r}, expected {exp['output_tokens_per_press']}"
        )


@pytest.mark.exercise("l5.capstone_feature", part="money_energy_and_budget")
def test_capstone_money_energy_budget(submission):
    mod = submission(EX5)
    for case in CAPSTONE_CASES:
        exp = _expected(PROMPT, case)
        inp, out = exp["input_tokens_per_press"], exp["output_tokens_per_press"]
        j_in, j_out = case["joules_per_input_token"], case["joules_per_output_token"]
        # the cases read far more than they write, as agents do: reading the input costs more than writing
        assert inp > 10 * out and inp * j_in > out * j_out
        got = mod.price_feature(PROMPT, **case)
        pin, pout = case["usd_per_million_input"], case["usd_per_million_output"]
        detail = f"USD per press: got {got['usd_per_press']!r}, expected {exp['usd_per_press']:.6f}"
        diagnose(
            got["usd_per_press"], exp["usd_per_press"], [("plain_average", (inp + out) * (pin + pout) / 2e6)], detail
        )
        assert close(got["usd_per_press"], exp["usd_per_press"]), detail
        assert close(got["usd_per_month"], exp["usd_per_month"]), (
            f"USD per month: got {got['usd_per_month']!r}, expected {exp['usd_per_month']:.2f}"
        )
        factor = case["equal_capability_decline_factor"]
        same = got["usd_per_month_next_year_same_model"]
        detail = f"next year, same model: got {same!r}, expected {exp['usd_per_month_next_year_same_model']:.2f}"
        diagnose(same, exp["usd_per_month"], [("same_model_cheaper", exp["usd_per_month"] / factor)], detail)
        assert close(same, exp["usd_per_month_next_year_same_model"]), detail
        switched = got["usd_per_month_next_year_switched"]
        detail = f"next year, switched: got {switched!r}, expected {exp['usd_per_month_next_year_switched']:.2f}"
        diagnose(
            switched,
            exp["usd_per_month_next_year_switched"],
            [("decline_multiplied", exp["usd_per_month"] * factor)],
            detail,
        )
        assert close(switched, exp["usd_per_month_next_year_switched"]), detail
        per_kwh = case["pue"] / energy.JOULES_PER_KWH * case["presses_per_month"]
        detail = f"kWh per month: got {got['kwh_per_month']!r}, expected {exp['kwh_per_month']:.4f}"
        diagnose(
            got["kwh_per_month"],
            exp["kwh_per_month"],
            [
                ("energy_all_tokens", (inp + out) * j_out * per_kwh),
                ("output_energy_only", out * j_out * per_kwh),
            ],
            detail,
        )
        assert close(got["kwh_per_month"], exp["kwh_per_month"]), detail
        presses = got["presses_within_budget"]
        detail = f"presses within budget: got {presses!r}, expected {exp['presses_within_budget']}"
        if presses == exp["presses_within_budget"] + 1:
            fail_with_hint("budget_rounding", detail)
        assert presses == exp["presses_within_budget"] and isinstance(presses, int), detail


# --- exercise 6: input vs output production cost ------------------------------------------

#: (USD per GPU-hour, GPUs per node, prefill tokens/s per node, decode tokens/s per node): DeepSeek's
#: published day first, then made-up set-ups where the two throughputs stand in other ratios.
NODE_CASES = [
    (
        DEEPSEEK_H800_HOUR_USD.value,
        DEEPSEEK_GPUS_PER_NODE.value,
        DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value,
        DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value,
    ),
    (2.50, 8, 40_000.0, 12_000.0),
    (1.85, 4, 90_000.0, 6_000.0),
]


def _node_cost(gpu_hour: float, gpus: int, tps: float) -> float:
    expected = costs.gpu_cost_per_million_tokens(gpu_hour, gpus, tps)
    assert math.isclose(expected, gpu_hour * gpus / (tps * 3600) * 1e6, rel_tol=1e-12)
    return expected


@pytest.mark.exercise("l5.input_output_cost", part="usd_per_million_tokens")
def test_usd_per_million_tokens(submission):
    mod = submission(EX6)
    for gpu_hour, gpus, prefill, decode in NODE_CASES:
        for tps in (prefill, decode):
            expected = _node_cost(gpu_hour, gpus, tps)
            got = mod.usd_per_million_tokens(gpu_hour, gpus, tps)
            detail = f"{gpus} GPUs at ${gpu_hour}/h making {tps:g} tokens/s: got {got!r}, expected {expected:.4f}"
            diagnose(
                got,
                expected,
                [
                    ("forgot_gpus", expected / gpus),
                    ("per_hour_per_second", expected * 3600),
                    ("per_hour_per_second", expected / 3600),
                ],
                detail,
            )
            assert close(got, expected), detail


@pytest.mark.exercise("l5.input_output_cost", part="usd_per_million_tokens")
def test_deepseek_output_costs_30_cents(submission):
    mod = submission(EX6)
    gpu_hour, gpus, _, decode = NODE_CASES[0]
    assert round(mod.usd_per_million_tokens(gpu_hour, gpus, decode), 2) == 0.30


@pytest.mark.exercise("l5.input_output_cost", part="input_output_costs")
def test_input_output_costs(submission):
    mod = submission(EX6)
    for gpu_hour, gpus, prefill, decode in NODE_CASES:
        expected_in, expected_out = _node_cost(gpu_hour, gpus, prefill), _node_cost(gpu_hour, gpus, decode)
        got = mod.input_output_costs(gpu_hour, gpus, prefill, decode)
        assert isinstance(got, dict) and set(got) == {"input", "output"}, f"expected keys input and output, got {got!r}"
        g_in, g_out = got["input"], got["output"]
        detail = (
            f"{gpus} GPUs at ${gpu_hour}/h, prefill {prefill:g} and decode {decode:g} tokens/s: got input {g_in!r} "
            f"and output {g_out!r}, expected {expected_in:.4f} and {expected_out:.4f}"
        )
        if _number(g_in) and _number(g_out):
            blends = [share * expected_in + (1 - share) * expected_out for share in (0.75, 0.5)]
            one = [expected_in, expected_out, _node_cost(gpu_hour, gpus, prefill + decode)]
            for key, values in (("blended", blends), ("one_throughput", one)):
                for value in values:
                    if math.isclose(g_in, value, rel_tol=HINT_TOLERANCE) and math.isclose(
                        g_out, value, rel_tol=HINT_TOLERANCE
                    ):
                        fail_with_hint(key, detail)
            diagnose(g_in, expected_in, [("forgot_gpus", expected_in / gpus)], detail)
            diagnose(g_out, expected_out, [("forgot_gpus", expected_out / gpus)], detail)
        assert close(g_in, expected_in) and close(g_out, expected_out), detail


@pytest.mark.exercise("l5.input_output_cost", part="computed_input_cost")
def test_computed_input_cost(submission):
    mod = submission(EX6)
    gpu_hour, gpus, prefill, _ = NODE_CASES[0]
    deepseek_input = _node_cost(gpu_hour, gpus, prefill)
    for usd, hits in ((deepseek_input, DEEPSEEK_CACHE_HIT_SHARE.value), (0.06, 0.0), (0.25, 0.3), (1.0, 0.9)):
        expected = usd / (1 - hits)
        if usd == deepseek_input:  # the same GPU time shared by the computed tokens only
            assert math.isclose(expected, _node_cost(gpu_hour, gpus, prefill * (1 - hits)), rel_tol=1e-12)
        got = mod.computed_input_cost(usd, hits)
        detail = f"${usd:.4f} per million input tokens, {hits:.1%} cache hits: got {got!r}, expected {expected:.4f}"
        diagnose(
            got,
            expected,
            [("cache_share_multiplied", usd * (1 - hits)), ("cache_share_multiplied", usd * hits)],
            detail,
        )
        assert close(got, expected), detail
