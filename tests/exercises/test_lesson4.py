"""Grading tests for Lesson 4 — Why tokens keep getting cheaper.

Expected values come from the course library (``token_economics.prices``) and its curated
price table, never from a pasted answer. The first test of each exercise is the one that
recognises the exercise's misconceptions (through :func:`diagnose`, with some tolerance), so a
learner sees the matching hint.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from token_economics import prices as P
from token_economics.grader.hints import diagnose
from token_economics.units import DAYS_PER_YEAR

EX1 = "lesson4/ex01_blended_price.py"
EX2 = "lesson4/ex02_decline_rate.py"
EX3 = "lesson4/ex03_equal_capability.py"
EX4 = "lesson4/ex04_times_cheaper.py"
EX5 = "lesson4/ex05_jevons.py"


def _close(a: float, b: float, rel: float = 1e-6) -> bool:
    return isinstance(a, (int, float)) and math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


# --- exercise 1: the blended price -----------------------------------------------------------


@pytest.mark.exercise("l4.blended_price")
def test_blend_weights_each_price_by_its_share(submission):
    mod = submission(EX1)
    for inp, out, share in [(2.5, 10.0, 0.75), (3.0, 15.0, 0.75), (0.15, 0.6, 0.9), (1.25, 10.0, 0.25)]:
        expected = P.blended_price(inp, out, share)
        got = mod.blended_price(inp, out, share)
        diagnose(
            got,
            expected,
            [("plain_average", (inp + out) / 2), ("swapped_weights", (1 - share) * inp + share * out)],
            f"${inp} in, ${out} out, input share {share}: got {got}, expected {expected}",
        )
        assert _close(got, expected), f"${inp} in, ${out} out, input share {share}: expected {expected}, got {got}"
    default = mod.blended_price(2.5, 10.0)
    diagnose(
        default,
        4.375,
        [("plain_average", (2.5 + 10.0) / 2)],
        f"blended_price(2.5, 10.0) gave {default}: the default input share is 0.75 (3 input tokens per output token)",
    )
    assert _close(default, 4.375), f"blended_price(2.5, 10.0) should use the 3:1 default: expected 4.375, got {default}"


@pytest.mark.exercise("l4.blended_price")
def test_input_share_of_a_workload(submission):
    mod = submission(EX1)
    for inp, out, expected in [(3000, 1000, 0.75), (1000, 1000, 0.5), (0, 500, 0.0), (10_000, 0, 1.0)]:
        got = mod.input_share(inp, out)
        assert _close(got, expected), f"{inp} input and {out} output tokens: expected a share of {expected}, got {got}"


@pytest.mark.exercise("l4.blended_price")
def test_blend_of_a_real_model_and_workload(submission):
    mod = submission(EX1)
    gpt4o = [r for r in P.price_history() if r.model == "GPT-4o"][-1]
    share = mod.input_share(12_000, 800)  # a long prompt, a short answer
    got = mod.blended_price(gpt4o.usd_per_million_input, gpt4o.usd_per_million_output, share)
    expected = gpt4o.blended(12_000 / 12_800)
    assert _close(got, expected), f"GPT-4o for 12,000 input and 800 output tokens: expected {expected}, got {got}"


@pytest.mark.exercise("l4.blended_price")
def test_blend_rejects_bad_input(submission):
    mod = submission(EX1)
    for args in [(-1.0, 2.0), (1.0, float("nan")), (1.0, 2.0, 1.5), (1.0, 2.0, -0.1), (float("inf"), 2.0)]:
        with pytest.raises(ValueError):
            mod.blended_price(*args)
    for args in [(0, 0), (-5, 10)]:
        with pytest.raises(ValueError):
            mod.input_share(*args)


# --- exercise 2: the decline rate ------------------------------------------------------------


def _frontier42():
    points = P.cheapest_at_threshold(P.price_history(), "mmlu", 42)
    return [p.date for p in points], [p.usd_per_million_blended for p in points]


@pytest.mark.exercise("l4.decline_rate", part="fitted_price")
def test_fitted_price_follows_the_log_fit(submission):
    mod = submission(EX2)
    dates, prices = _frontier42()
    trend = P.log_price_trend(dates, prices)
    line = P.linear_price_trend(dates, prices)
    first, last = dates[0], dates[-1]
    for when in (date(2022, 6, 1), date(2023, 6, 1), date(2024, 6, 1), date(2025, 6, 1)):
        expected = trend.predict(when)
        got = mod.fitted_price(dates, prices, when)
        t = (when - first).days / DAYS_PER_YEAR
        span = (last - first).days / DAYS_PER_YEAR
        endpoint = prices[0] * (prices[-1] / prices[0]) ** (t / span)
        diagnose(
            got,
            expected,
            [("linear_fit", line.predict(when)), ("endpoints_only", endpoint)],
            f"on {when}: got {got}, expected {expected}",
        )
        assert _close(got, expected, 1e-6), f"fitted price on {when}: expected {expected}, got {got}"


@pytest.mark.exercise("l4.decline_rate", part="annual_decline_factor")
def test_annual_decline_factor(submission):
    mod = submission(EX2)
    a16z = P.a16z_points(42)
    dates = [p.date for p in a16z]
    prices = [p.usd_per_million_tokens for p in a16z]
    got = mod.annual_decline_factor(dates, prices)
    assert _close(got, P.annual_decline_factor(dates, prices), 1e-6), (
        f"a16z's two points: expected about 10.1, got {got}"
    )
    dates, prices = _frontier42()
    got = mod.annual_decline_factor(dates, prices)
    expected = P.annual_decline_factor(dates, prices)
    assert _close(got, expected, 1e-6), f"MMLU ≥ 42 frontier: expected {expected}, got {got}"


@pytest.mark.exercise("l4.decline_rate", part="halving_time_days")
def test_halving_time(submission):
    mod = submission(EX2)
    dates, prices = _frontier42()
    got = mod.halving_time_days(dates, prices)
    expected = P.halving_time_days(dates, prices)
    assert _close(got, expected, 1e-6), f"MMLU ≥ 42 frontier: expected {expected:.1f} days, got {got}"
    with pytest.raises(ValueError):
        mod.halving_time_days([date(2024, 1, 1), date(2025, 1, 1)], [1.0, 2.0])  # rising


@pytest.mark.exercise("l4.decline_rate", part="annual_decline_factor")
def test_decline_rejects_bad_input(submission):
    mod = submission(EX2)
    d1, d2 = date(2024, 1, 1), date(2025, 1, 1)
    for dates, prices in [
        ([d1], [1.0]),
        ([d1, d1], [1.0, 2.0]),
        ([d1, d2], [1.0, 0.0]),
        ([d1, d2], [1.0, -3.0]),
        ([d1, d2], [1.0, float("nan")]),
        ([d1, d2], [1.0]),
    ]:
        with pytest.raises(ValueError):
            mod.annual_decline_factor(dates, prices)


# --- exercise 3: equal capability ------------------------------------------------------------

CAPABILITY_CASES = [
    (80.0, date(2024, 10, 15)),  # cheaper models without a score (Ministral) or below 80 exist
    (42.0, date(2022, 10, 1)),  # GPT-3 davinci after its price cut from $60 to $20
    (65.0, date(2024, 9, 1)),
    (85.0, date(2025, 3, 1)),
    (42.0, date(2024, 11, 12)),
]


def _expected_cheapest(threshold, day, share=0.75):
    points = [p for p in P.cheapest_at_threshold(P.price_history(), "mmlu", threshold, share) if p.date <= day]
    return points[-1].usd_per_million_blended


def _cheapest_any_model(day, share=0.75):
    latest = {}
    for r in P.price_history():
        if r.date <= day:
            latest[(r.model, r.provider)] = r
    return min(r.blended(share) for r in latest.values())


def _cheapest_first_price(threshold, day, share=0.75):
    first = {}
    for r in P.price_history():
        if r.date <= day and r.mmlu is not None and r.mmlu >= threshold:
            first.setdefault((r.model, r.provider), r)
    return min(r.blended(share) for r in first.values())


@pytest.mark.exercise("l4.equal_capability", part="cheapest_at")
def test_cheapest_at_equal_capability(submission):
    mod = submission(EX3)
    rows = P.price_history()
    for threshold, day in CAPABILITY_CASES:
        expected = _expected_cheapest(threshold, day)
        got = mod.cheapest_at(rows, threshold, day)
        diagnose(
            got,
            expected,
            [
                ("list_price_across_capability", _cheapest_any_model(day)),
                ("stale_price", _cheapest_first_price(threshold, day)),
            ],
            f"MMLU ≥ {threshold:g} on {day}: got ${got}, expected ${expected}",
        )
        assert _close(got, expected), f"MMLU ≥ {threshold:g} on {day}: expected ${expected}, got ${got}"


@pytest.mark.exercise("l4.equal_capability", part="cheapest_at")
def test_blend_option_is_used(submission):
    mod = submission(EX3)
    rows = P.price_history()
    day = date(2024, 6, 1)
    expected = _expected_cheapest(80.0, day, 0.5)
    got = mod.cheapest_at(rows, 80.0, day, input_share=0.5)
    assert _close(got, expected), f"MMLU ≥ 80 on {day} at a 1:1 blend: expected ${expected}, got ${got}"


@pytest.mark.exercise("l4.equal_capability", part="times_cheaper")
def test_times_cheaper_reproduces_a16z(submission):
    mod = submission(EX3)
    got = mod.times_cheaper(P.price_history(), 42.0, date(2021, 11, 18), date(2024, 11, 12))
    assert _close(got, 1000.0, 1e-9), f"MMLU ≥ 42, November 2021 to November 2024: expected 1,000×, got {got}"


@pytest.mark.exercise("l4.equal_capability", part="cheapest_at")
def test_no_qualifying_model_raises(submission):
    mod = submission(EX3)
    rows = P.price_history()
    with pytest.raises(ValueError):
        mod.cheapest_at(rows, 99.0, date(2025, 1, 1))
    with pytest.raises(ValueError):
        mod.cheapest_at(rows, 42.0, date(2021, 1, 1))  # before any model was on sale


# --- exercise 4: "× cheaper" arithmetic ------------------------------------------------------


@pytest.mark.exercise("l4.times_cheaper")
def test_per_year_factor(submission):
    mod = submission(EX4)
    a16z = P.a16z_points(42)
    years = P.years_between(a16z[0].date, a16z[-1].date)
    cases = [(1000.0, 3.0), (1000.0, years), (62.0, 1.667), (4.0, 0.5)]
    for total, yrs in cases:
        expected = P.decline_factor_over(total, yrs)
        got = mod.per_year_factor(total, yrs)
        diagnose(
            got,
            expected,
            [("divided_not_rooted", total / yrs)],
            f"{total:g}× over {yrs:g} years: got {got}, expected {expected}",
        )
        assert _close(got, expected), f"{total:g}× over {yrs:g} years: expected {expected}, got {got}"


@pytest.mark.exercise("l4.times_cheaper")
def test_percent_cheaper(submission):
    mod = submission(EX4)
    for factor, expected in [(10.0, 90.0), (2.0, 50.0), (1.0, 0.0), (100.0, 99.0), (0.5, -100.0)]:
        got = mod.percent_cheaper(factor)
        diagnose(
            got,
            expected,
            [("percent_arithmetic", w) for w in (100 * factor, 100 * (factor - 1), 100 / factor)],
            f"{factor:g}× cheaper: got {got}%, expected {expected}%",
        )
        assert _close(got, expected), f"{factor:g}× cheaper: expected {expected}%, got {got}%"


@pytest.mark.exercise("l4.times_cheaper")
def test_total_factor(submission):
    mod = submission(EX4)
    for per_year, years in [(10.0, 2.0), (10.0, 3.0), (2.0, 10.0), (50.0, 0.5)]:
        expected = per_year**years
        got = mod.total_factor(per_year, years)
        diagnose(
            got,
            expected,
            [("multiplied_not_compounded", per_year * years)],
            f"{per_year:g}× a year for {years:g} years: got {got}, expected {expected}",
        )
        assert _close(got, expected), f"{per_year:g}× a year for {years:g} years: expected {expected}, got {got}"
    # Round trip: the yearly factor of a total, compounded again, gives the total back.
    assert _close(mod.total_factor(mod.per_year_factor(851.16, 0.58), 0.58), 851.16)


@pytest.mark.exercise("l4.times_cheaper")
def test_times_cheaper_rejects_bad_input(submission):
    mod = submission(EX4)
    for call in [
        lambda: mod.per_year_factor(0, 3),
        lambda: mod.per_year_factor(10, 0),
        lambda: mod.per_year_factor(10, float("nan")),
        lambda: mod.total_factor(-2, 1),
        lambda: mod.percent_cheaper(0),
        lambda: mod.percent_cheaper(float("inf")),
    ]:
        with pytest.raises(ValueError):
            call()


# --- exercise 5: Jevons ----------------------------------------------------------------------


@pytest.mark.exercise("l4.jevons", part="spend_factor")
def test_spend_factor(submission):
    mod = submission(EX5)
    for f, e in [(0.1, 1.5), (0.1, 0.5), (0.01, 2.0), (0.5, 1.2)]:
        expected = P.spend_under_elasticity(f, e).spend_factor
        got = mod.spend_factor(f, e)
        diagnose(
            got,
            expected,
            [("spend_follows_price", f)],
            f"price ×{f:g}, elasticity {e:g}: got {got}, expected {expected}",
        )
        assert _close(got, expected), f"price ×{f:g}, elasticity {e:g}: expected spending ×{expected}, got {got}"


@pytest.mark.exercise("l4.jevons", part="tokens_factor")
def test_tokens_factor(submission):
    mod = submission(EX5)
    for f, e in [(0.1, 1.5), (0.1, 0.0), (0.25, 1.0), (2.0, 0.8)]:
        expected = P.spend_under_elasticity(f, e).quantity_factor
        got = mod.tokens_factor(f, e)
        assert _close(got, expected), f"price ×{f:g}, elasticity {e:g}: expected tokens ×{expected}, got {got}"


@pytest.mark.exercise("l4.jevons", part="spend_factor")
def test_elasticity_one_keeps_spending(submission):
    mod = submission(EX5)
    for f in (0.1, 0.5, 3.0):
        got = mod.spend_factor(f, 1.0)
        assert _close(got, 1.0), f"elasticity 1, price ×{f:g}: spending should not change, got ×{got}"


@pytest.mark.exercise("l4.jevons", part="spend_factor")
def test_jevons_rejects_bad_input(submission):
    mod = submission(EX5)
    for f, e in [(0.0, 1.0), (-0.1, 1.0), (0.1, -1.0), (0.1, float("nan")), (float("inf"), 1.0)]:
        with pytest.raises(ValueError):
            mod.spend_factor(f, e)
