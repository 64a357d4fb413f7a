"""Grading tests for Lesson 3 — Why agents burn tokens.

Expected values come from first principles written out here, from the course library
(``token_economics.agents``, ``token_economics.market``) or from the real tokenizers — never
from a pasted answer. Prices and cache multipliers are read from genai-prices' bundled data.
The first failing test of an exercise decides the hint shown, so each test checks every
misconception its numbers can reveal.
"""

from __future__ import annotations

import json
import math

import pytest

from token_economics import agents as ag
from token_economics.grader import fail_with_hint
from token_economics.grader.hints import HINT_TOLERANCE, diagnose
from token_economics.market import current_price, request_cost_usd
from token_economics.tokens import count_tokens

EX1 = "lesson3/ex01_quadratic_bill.py"
EX2 = "lesson3/ex02_run_cost.py"
EX3 = "lesson3/ex03_prompt_caching.py"
EX4 = "lesson3/ex04_tool_schemas.py"
EX5 = "lesson3/ex05_masking.py"

#: (steps, base_context, tokens_per_step): small, realistic (the example run's sizes) and odd cases.
RUNS = [(3, 1_000, 100), (24, 1_179, 353), (50, 2_000, 500), (7, 0, 41), (2, 15, 1)]


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def close(a, b, rel: float = 1e-9) -> bool:
    return _number(a) and math.isclose(a, b, rel_tol=rel)


def diagnose_lists(got, expected: list, candidates, detail: str) -> None:
    """:func:`diagnose` for a list of numbers: every element near the misconception's list."""
    if not isinstance(got, list) or got == expected or len(got) != len(expected) or not all(map(_number, got)):
        return

    def distance(values: list) -> float:
        return sum(abs(g - v) for g, v in zip(got, values, strict=True))

    near = [
        (distance(wrong), key)
        for key, wrong in candidates
        if wrong != expected
        and all(g == w or close(g, w, rel=HINT_TOLERANCE) for g, w in zip(got, wrong, strict=True))
        and distance(wrong) < distance(expected)
    ]
    if near:
        fail_with_hint(min(near, key=lambda n: n[0])[1], detail)


@pytest.fixture(scope="module")
def sonnet():
    return current_price("claude-sonnet-4-5", "anthropic")


@pytest.fixture(scope="module")
def transcript():
    return ag.load_transcript()


# --- exercise 1: the quadratic bill ------------------------------------------------------------


def _linear_candidates(k: int, c0: int, d: int) -> list[tuple[str, int]]:
    return [
        ("linear_growth", k * (c0 + d)),
        ("linear_growth", c0 + k * d),
        ("linear_growth", k * c0 + (k - 1) * d),
        ("off_by_one", k * c0 + d * k * (k + 1) // 2),
    ]


@pytest.mark.exercise("l3.quadratic_bill", part="cumulative_input_tokens")
def test_cumulative_matches_the_sum_of_calls(submission):
    mod = submission(EX1)
    for k, c0, d in RUNS:
        expected = sum(c0 + i * d for i in range(k))
        assert expected == ag.cumulative_input_tokens(k, c0, d)
        got = mod.cumulative_input_tokens(k, c0, d)
        detail = f"{k} calls, base {c0}, +{d} per step: got {got!r}, expected {expected}"
        diagnose(got, expected, _linear_candidates(k, c0, d), detail)
        if isinstance(got, float):
            fail_with_hint("float_division", detail)
        assert got == expected and isinstance(got, int), detail


@pytest.mark.exercise("l3.quadratic_bill", part="cumulative_input_tokens")
def test_exact_for_huge_runs(submission):
    mod = submission(EX1)
    k, c0, d = 10**9 + 7, 123_457, 98_765
    expected = ag.cumulative_input_tokens(k, c0, d)
    got = mod.cumulative_input_tokens(k, c0, d)
    detail = f"{k:,} calls: got {got!r}, expected {expected:,}"
    if isinstance(got, float):
        fail_with_hint("float_division", detail)
    diagnose(got, expected, _linear_candidates(k, c0, d), detail)
    assert got == expected, detail


@pytest.mark.exercise("l3.quadratic_bill", part="cumulative_input_tokens")
def test_negative_input_is_refused(submission):
    mod = submission(EX1)
    for bad in ((-1, 100, 10), (3, -100, 10), (3, 100, -10)):
        with pytest.raises(ValueError):
            mod.cumulative_input_tokens(*bad)


@pytest.mark.exercise("l3.quadratic_bill", part="steps_within_budget")
def test_steps_within_budget(submission):
    mod = submission(EX1)
    for budget, c0, d in ((3_300, 1_000, 100), (100_000, 1_179, 353), (1_000_000, 2_000, 500), (999, 1_000, 5)):
        expected = ag.steps_within_budget(budget, c0, d)
        got = mod.steps_within_budget(budget, c0, d)
        detail = f"budget {budget:,}, base {c0}, +{d} per step: got {got!r}, expected {expected}"
        diagnose(
            got, expected, [("linear_growth", budget // (c0 + d)), ("linear_growth", (budget - c0) // d + 1)], detail
        )
        assert got == expected, detail


# --- exercise 2: price a run -------------------------------------------------------------------

CALLS = [(10_000, 300, 200), (130_541, 2_274, 460), (1_179, 33, 19), (50_000, 0, 4_000)]


def _cost_candidates(i, o, r, pin, pout):
    return [
        ("plain_average", (i + o + r) * (pin + pout) / 2 / 1e6),
        ("plain_average", (i + o) * (pin + pout) / 2 / 1e6),
        ("output_price_for_input", (i + o + r) * pout / 1e6),
        ("output_price_for_input", (i * pout + (o + r) * pin) / 1e6),
        ("reasoning_free", (i * pin + o * pout) / 1e6),
        ("reasoning_as_input", ((i + r) * pin + o * pout) / 1e6),
    ]


@pytest.mark.exercise("l3.run_cost", part="call_cost_usd")
def test_call_cost(submission, sonnet):
    mod = submission(EX2)
    pin, pout = sonnet.usd_per_million_input, sonnet.usd_per_million_output
    for i, o, r in CALLS:
        expected = (i * pin + (o + r) * pout) / 1e6
        assert close(expected, request_cost_usd(sonnet, input_tokens=i, output_tokens=o, reasoning_tokens=r).total_usd)
        got = mod.call_cost_usd(i, o, r, pin, pout)
        detail = f"{i} in, {o} out, {r} reasoning at ${pin}/${pout} per M: got {got!r}, expected {expected}"
        diagnose(got, expected, _cost_candidates(i, o, r, pin, pout), detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l3.run_cost", part="run_cost_usd")
def test_run_cost_of_the_example_run(submission, sonnet):
    mod = submission(EX2)
    spec, steps = ag.replay_transcript()
    records = ag.simulate(spec, steps)
    calls = [(r.input_tokens, r.output, r.reasoning) for r in records]
    pin, pout = sonnet.usd_per_million_input, sonnet.usd_per_million_output
    expected = ag.run_cost(records, sonnet).total_usd
    got = mod.run_cost_usd(calls, pin, pout)
    i, o, r = (sum(c[n] for c in calls) for n in range(3))
    detail = f"the example run ({len(calls)} calls) at {sonnet.model} prices: got {got!r}, expected {expected}"
    diagnose(got, expected, _cost_candidates(i, o, r, pin, pout), detail)
    assert close(got, expected), detail


# --- exercise 3: prompt caching ----------------------------------------------------------------


def _multipliers(price):
    """(label, write, read) multipliers from genai-prices: the 5-minute and the 1-hour cache."""
    w1h = price.usd_per_million_cache_write_1h / price.usd_per_million_input
    return [
        ("5-minute", price.cache_write_multiplier, price.cache_read_multiplier),
        ("1-hour", w1h, price.cache_read_multiplier),
    ]


@pytest.mark.exercise("l3.prompt_caching", part="uncached_prefix_cost_usd")
def test_uncached_prefix_cost(submission, sonnet):
    mod = submission(EX3)
    for prefix, reads in ((10_000, 4), (1_179, 23), (50_000, 0)):
        expected = prefix * (1 + reads) * sonnet.usd_per_million_input / 1e6
        got = mod.uncached_prefix_cost_usd(prefix, reads, sonnet.usd_per_million_input)
        assert close(got, expected), f"{prefix} tokens sent {1 + reads} times: got {got!r}, expected {expected}"


@pytest.mark.exercise("l3.prompt_caching", part="cached_prefix_cost_usd")
def test_cached_prefix_cost(submission, sonnet):
    mod = submission(EX3)
    pin = sonnet.usd_per_million_input
    for label, w, r in _multipliers(sonnet):
        for prefix, reads in ((10_000, 4), (1_179, 23), (50_000, 0)):
            expected = (
                request_cost_usd(sonnet, cache_write_tokens=prefix, cache_read_tokens=prefix * reads).total_usd
                if label == "5-minute"
                else prefix * pin / 1e6 * (w + reads * r)
            )
            assert close(expected, prefix * pin / 1e6 * (w + reads * r))
            got = mod.cached_prefix_cost_usd(prefix, reads, pin, w, r)
            detail = (
                f"{label} cache (write ×{w:g}, read ×{r:g}), {prefix} tokens, {reads} reads: "
                f"got {got!r}, expected {expected}"
            )
            diagnose(
                got,
                expected,
                [
                    ("read_discount_on_write", prefix * pin / 1e6 * (r + reads * r)),
                    ("no_write_premium", prefix * pin / 1e6 * (1 + reads * r)),
                ],
                detail,
            )
            assert close(got, expected), detail


def _breakeven(w: float, r: float) -> int:
    n = 0
    while w + n * r >= 1 + n:
        n += 1
    return n


@pytest.mark.exercise("l3.prompt_caching", part="breakeven_reads")
def test_breakeven_reads(submission, sonnet):
    mod = submission(EX3)
    cases = [(w, r) for _, w, r in _multipliers(sonnet)] + [(3.0, 0.2), (1.25, 0.5), (1.0, 0.1)]
    got_all = [mod.breakeven_reads(w, r) for w, r in cases]
    expected_all = [_breakeven(w, r) for w, r in cases]
    detail = f"(write, read) multipliers {cases}: got {got_all}, expected {expected_all}"
    if got_all != expected_all:
        if got_all == [math.floor((w - 1) / (1 - r)) for w, r in cases]:
            fail_with_hint("rounded_down", detail)
        if got_all == [_breakeven(r, r) for w, r in cases]:
            fail_with_hint("read_discount_on_write", detail)
    assert got_all == expected_all, detail


# --- exercise 4: what every call re-sends ------------------------------------------------------


def _steps_text(transcript) -> list[tuple[str, str]]:
    out = []
    for s in transcript["steps"]:
        text = s["assistant"] + ("\n" + json.dumps(s["tool_call"]) if "tool_call" in s else "")
        out.append((text, s.get("tool_result", "")))
    return out


@pytest.mark.exercise("l3.tool_schemas", part="fixed_prompt_tokens")
def test_fixed_prompt_tokens(submission, transcript):
    mod = submission(EX4)
    for tokenizer in ("o200k_base", "cl100k_base"):
        expected = sum(
            count_tokens(t, tokenizer)
            for t in (transcript["system_prompt"], json.dumps(transcript["tools"]), transcript["task"])
        )
        got = mod.fixed_prompt_tokens(transcript["system_prompt"], transcript["tools"], transcript["task"], tokenizer)
        assert got == expected, f"{tokenizer}: got {got!r}, expected {expected}"


@pytest.mark.exercise("l3.tool_schemas", part="run_input_tokens")
def test_run_input_tokens(submission, transcript):
    mod = submission(EX4)
    pairs = _steps_text(transcript)
    for tokenizer, n in (("o200k_base", len(pairs)), ("cl100k_base", 8)):
        system, tools, task = transcript["system_prompt"], transcript["tools"], transcript["task"]
        schema = count_tokens(json.dumps(tools), tokenizer)
        spec = ag.AgentSpec(count_tokens(system, tokenizer), schema, count_tokens(task, tokenizer))
        steps = [ag.Step(count_tokens(a, tokenizer), count_tokens(r, tokenizer)) for a, r in pairs[:n]]
        expected = ag.totals(ag.simulate(spec, steps))["input"]
        got = mod.run_input_tokens(system, tools, task, pairs[:n], tokenizer)
        written = sum(s.output_tokens + s.tool_result_tokens for s in steps)
        last = steps[-1].output_tokens + steps[-1].tool_result_tokens
        detail = f"{tokenizer}, first {n} steps of the example run: got {got!r}, expected {expected:,}"
        diagnose(
            got,
            expected,
            [
                ("schemas_once", expected - (n - 1) * schema),
                ("linear_growth", n * spec.base_context_tokens + written),
                # each call sends the fixed part and only the step before it: the last step is never sent
                ("linear_growth", n * spec.base_context_tokens + written - last),
                ("linear_growth", spec.base_context_tokens + written),
            ],
            detail,
        )
        assert got == expected, detail


# --- exercise 5: observation masking ----------------------------------------------------------

MASK_CASES = [
    (100, [(10, 500)] * 3, 1, 5),
    (1_179, [(40, 782), (46, 634), (41, 22), (375, 18), (32, 475), (45, 846), (52, 435), (243, 21)], 3, 12),
    (2_000, [(120, 800)] * 30, 10, 12),
    (500, [(20, 300), (20, 400), (20, 500), (20, 600)], 0, 7),
]


def _masked_reference(base, steps, keep, placeholder):
    spec = ag.AgentSpec(base)
    records = ag.simulate(spec, [ag.Step(a, r) for a, r in steps], ag.ObservationMasking(keep, placeholder))
    return [rec.input_tokens for rec in records]


def _newest_masked(base, steps, keep, placeholder):
    return [
        base + sum(a + (placeholder if j >= i - keep else r) for j, (a, r) in enumerate(steps[:i]))
        for i in range(len(steps))
    ]


def _oldest_kept(base, steps, keep, placeholder, inclusive=False):
    """The first ``keep`` tool results kept for good, every later one masked (``inclusive``: one more)."""
    last_kept = keep if inclusive else keep - 1
    return [
        base + sum(a + (r if j <= last_kept else placeholder) for j, (a, r) in enumerate(steps[:i]))
        for i in range(len(steps))
    ]


def _masking_candidates(base, steps, keep, placeholder):
    return [
        ("mask_newest", _newest_masked(base, steps, keep, placeholder)),
        ("keep_oldest", _oldest_kept(base, steps, keep, placeholder)),
        ("keep_oldest", _oldest_kept(base, steps, keep, placeholder, inclusive=True)),
        ("masking_deletes", _masked_reference(base, steps, keep, 0)),
    ]


@pytest.mark.exercise("l3.masking")
def test_masked_call_inputs(submission):
    mod = submission(EX5)
    for base, steps, keep, placeholder in MASK_CASES:
        expected = _masked_reference(base, steps, keep, placeholder)
        # first principles: the same rule written out
        assert expected == [
            base + sum(a + (r if j >= i - keep else placeholder) for j, (a, r) in enumerate(steps[:i]))
            for i in range(len(steps))
        ]
        got = list(mod.masked_call_inputs(base, steps, keep, placeholder))
        detail = (
            f"base {base}, {len(steps)} steps, keep last {keep}, placeholder {placeholder}: "
            f"got {got}, expected {expected}"
        )
        diagnose_lists(got, expected, _masking_candidates(base, steps, keep, placeholder), detail)
        assert got == expected, detail


@pytest.mark.exercise("l3.masking")
def test_masking_with_a_large_window_keeps_everything(submission):
    mod = submission(EX5)
    steps = [(120, 800)] * 12
    got = list(mod.masked_call_inputs(2_000, steps, 50, 12))
    assert got == [2_000 + i * 920 for i in range(12)], f"nothing should be masked: got {got}"
    assert sum(got) == ag.cumulative_input_tokens(12, 2_000, 920)


@pytest.mark.exercise("l3.masking")
def test_masking_the_example_run(submission):
    mod = submission(EX5)
    spec, steps = ag.replay_transcript()
    pairs = [(s.output_tokens, s.tool_result_tokens) for s in steps if s.tool_result_tokens]
    placeholder = count_tokens(ag.PLACEHOLDER_TEXT, "o200k_base")
    expected = _masked_reference(spec.base_context_tokens, pairs, 10, placeholder)
    got = list(mod.masked_call_inputs(spec.base_context_tokens, pairs, 10, placeholder))
    detail = f"the example run with a window of 10: got {got}, expected {expected}"
    diagnose_lists(got, expected, _masking_candidates(spec.base_context_tokens, pairs, 10, placeholder), detail)
    assert got == expected, detail
    unmasked = _masked_reference(spec.base_context_tokens, pairs, len(pairs), placeholder)
    assert sum(got) < sum(unmasked), "masking should lower the input of the example run"
