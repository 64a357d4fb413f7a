"""Unit tests of token_economics.prices (lesson 4) and of the data it ships.

The schema tests guard the curated CSVs: a row without a source, a non-positive price, a
date that is not ISO or out of order, or a source missing from data/references/lesson4.toml
fails here before it can reach a chart.
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
from datetime import date
from itertools import pairwise

import pytest

from token_economics import prices as P
from token_economics import sources as S
from token_economics.data import data_path, load_toml, references

PRICE_COLUMNS = [
    "model",
    "provider",
    "date",
    "usd_per_million_input",
    "usd_per_million_output",
    "source_url",
    "mmlu",
    "mmlu_source",
    "gpqa",
    "gpqa_source",
    "note",
]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _raw_rows(name: str) -> list[dict[str, str]]:
    with data_path("lesson4", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _lesson4_urls() -> set[str]:
    return {entry["url"] for entry in load_toml("references", "lesson4.toml").values()}


# --- the price history ------------------------------------------------------------------------


def test_price_history_columns():
    with data_path("lesson4", "price_history.csv").open(encoding="utf-8") as handle:
        header = next(line for line in handle if not line.startswith("#"))
    assert header.strip().split(",") == PRICE_COLUMNS


def test_price_history_size_and_span():
    rows = _raw_rows("price_history.csv")
    assert len(rows) >= 40
    dates = [date.fromisoformat(r["date"]) for r in rows]
    assert min(dates) >= date(2020, 1, 1)
    assert max(dates) <= date.today()
    assert {d.year for d in dates} >= {2021, 2022, 2023, 2024, 2025, 2026}


def test_every_row_has_a_source_and_positive_prices():
    urls = _lesson4_urls()
    for r in _raw_rows("price_history.csv"):
        where = f"{r['model']} ({r['provider']}, {r['date']})"
        assert r["model"].strip() and r["provider"].strip(), where
        assert r["source_url"].startswith("https://"), f"{where}: no source URL"
        assert r["source_url"] in urls, f"{where}: {r['source_url']} is not in references/lesson4.toml"
        assert ISO.match(r["date"]), f"{where}: date is not ISO (YYYY-MM-DD)"
        for col in ("usd_per_million_input", "usd_per_million_output"):
            value = float(r[col])
            assert math.isfinite(value) and value > 0, f"{where}: {col} = {value}"


def test_scores_are_percentages_with_a_known_source():
    refs = references()
    for r in _raw_rows("price_history.csv"):
        for bench in ("mmlu", "gpqa"):
            score, source = r[bench].strip(), r[f"{bench}_source"].strip()
            if not score:
                assert not source, f"{r['model']}: {bench}_source without a score"
                continue
            assert 0 < float(score) <= 100, f"{r['model']}: {bench} = {score}"
            assert source in refs, f"{r['model']}: {bench}_source {source!r} is not a reference key"


def test_reference_keys_in_notes_exist():
    refs = references()
    for r in _raw_rows("price_history.csv"):
        for key in re.findall(r"\[(l4_[a-z0-9_]+)\]", r["note"]):
            assert key in refs, f"{r['model']}: note cites unknown {key}"


def test_dates_in_order_per_model():
    last: dict[tuple[str, str], date] = {}
    for r in _raw_rows("price_history.csv"):
        key = (r["model"], r["provider"])
        d = date.fromisoformat(r["date"])
        if key in last:
            assert d > last[key], f"{key}: {d} is not after {last[key]} (one row per price change, in order)"
        last[key] = d


def test_price_history_rows_are_typed():
    rows = P.price_history()
    assert len(rows) == len(_raw_rows("price_history.csv"))
    assert all(isinstance(r.date, date) and isinstance(r.usd_per_million_input, float) for r in rows)
    assert rows == sorted(rows, key=lambda r: r.date)
    gpt4o = [r for r in rows if r.model == "GPT-4o"]
    assert [(r.usd_per_million_input, r.usd_per_million_output) for r in gpt4o] == [(5.0, 15.0), (2.5, 10.0)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].model = "changed"  # frozen


def test_other_lesson4_files_are_sourced():
    urls = _lesson4_urls()
    for name in ("a16z_llmflation.csv", "token_volume.csv", "epoch_decline_rates.csv"):
        for r in _raw_rows(name):
            assert r["source_url"] in urls, f"{name}: {r['source_url']} is not in references/lesson4.toml"
            assert ISO.match(r.get("date") or r.get("start_date")), name


def test_curated_prices_agree_with_genai_prices_where_unchanged():
    """Models whose price has not changed since: the latest curated row equals today's price."""
    from token_economics import market

    same = {
        ("GPT-5", "OpenAI"): ("gpt-5", "openai"),
        ("GPT-4o", "OpenAI"): ("gpt-4o", "openai"),
        ("GPT-4o mini", "OpenAI"): ("gpt-4o-mini", "openai"),
        ("GPT-4.1 nano", "OpenAI"): ("gpt-4.1-nano", "openai"),
        ("o3", "OpenAI"): ("o3", "openai"),
        ("Claude Opus 4.5", "Anthropic"): ("claude-opus-4-5", "anthropic"),
        ("Claude Sonnet 4.5", "Anthropic"): ("claude-sonnet-4-5", "anthropic"),
        ("Gemini 2.5 Flash", "Google"): ("gemini-2.5-flash", "google"),
        ("Gemini 2.0 Flash", "Google"): ("gemini-2.0-flash", "google"),
    }
    latest = {}
    for r in P.price_history():
        latest[(r.model, r.provider)] = r
    day = market.snapshot_date()
    for key, (model, provider) in same.items():
        now = market.current_price(model, provider, at=day)
        row = latest[key]
        assert (row.usd_per_million_input, row.usd_per_million_output) == pytest.approx(
            (now.usd_per_million_input, now.usd_per_million_output)
        ), f"{key}: curated {row.usd_per_million_input}/{row.usd_per_million_output}, genai-prices {now}"


# --- blended price ----------------------------------------------------------------------------


def test_blended_price():
    assert P.blended_price(2.5, 10.0) == pytest.approx(4.375)
    assert P.blended_price(2.5, 10.0, input_share=0.5) == pytest.approx(6.25)
    assert P.blended_price(3, 15, 1.0) == 3 and P.blended_price(3, 15, 0.0) == 15


@pytest.mark.parametrize(
    "args",
    [
        (float("nan"), 1.0),
        (1.0, float("inf")),
        (-1.0, 2.0),
        (1.0, -2.0),
        (1.0, 2.0, 1.5),
        (1.0, 2.0, -0.1),
        (1.0, 2.0, float("nan")),
        ("1", 2.0),
    ],
)
def test_blended_price_rejects_bad_input(args):
    with pytest.raises(ValueError):
        P.blended_price(*args)


# --- fitting a decline ------------------------------------------------------------------------


def test_a16z_points_reproduce_ten_times_per_year():
    points = P.a16z_points(42)
    assert [p.usd_per_million_tokens for p in points] == [60.0, 0.06]
    factor = P.annual_decline_factor([p.date for p in points], [p.usd_per_million_tokens for p in points])
    assert 9.0 < factor < 11.0
    assert factor == pytest.approx(S.A16Z_DECLINE_PER_YEAR.value, rel=0.05)
    high = P.a16z_points(83)
    assert 9.0 < P.annual_decline_factor([p.date for p in high], [p.usd_per_million_tokens for p in high]) < 15.0


def test_exact_exponential_is_recovered():
    dates = [date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1)]
    prices = [100.0 / 10 ** P.years_between(dates[0], d) for d in dates]
    assert P.annual_decline_factor(dates, prices) == pytest.approx(10.0)
    assert P.halving_time_days(dates, prices) == pytest.approx(math.log(2) / math.log(10) * 365.25)
    assert P.annual_decline_factor(["2024-01-01", "2025-01-01"], [5.0, 5.0]) == pytest.approx(1.0)


def test_straight_line_and_log_fits_differ():
    points = P.a16z_points(42)
    dates = [p.date for p in points]
    values = [p.usd_per_million_tokens for p in points]
    log = P.log_price_trend(dates, values)
    line = P.linear_price_trend(dates, values)
    midpoint = date.fromordinal((dates[0].toordinal() + dates[1].toordinal()) // 2)
    # Halfway in time, the exponential is near the geometric mean ($1.90), the line near $30.
    assert log.predict(midpoint) == pytest.approx(math.sqrt(60 * 0.06), rel=0.01)
    assert line.predict(midpoint) > 25
    # The line falls by the same dollars each year, so a year later it is below zero.
    assert line.predict(date(2025, 11, 12)) < 0
    assert log.predict(date(2025, 11, 12)) > 0
    assert line.zero_price_date is not None and line.zero_price_date <= date(2025, 1, 1)


def test_decline_factor_over():
    assert P.decline_factor_over(1000, 3) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        P.decline_factor_over(0, 3)
    with pytest.raises(ValueError):
        P.decline_factor_over(10, 0)


@pytest.mark.parametrize(
    "dates,prices",
    [
        (["2024-01-01"], [1.0]),  # one date
        (["2024-01-01", "2024-01-01"], [1.0, 2.0]),  # two prices, one date
        (["2024-01-01", "2025-01-01"], [1.0, 0.0]),  # zero price: no logarithm
        (["2024-01-01", "2025-01-01"], [1.0, -2.0]),  # negative price
        (["2024-01-01", "2025-01-01"], [1.0, float("nan")]),  # NaN
        (["2024-01-01", "2025-01-01"], [1.0]),  # lengths differ
        (["2024-13-01", "2025-01-01"], [1.0, 2.0]),  # not a date
    ],
)
def test_annual_decline_factor_rejects_bad_input(dates, prices):
    with pytest.raises(ValueError):
        P.annual_decline_factor(dates, prices)
    with pytest.raises(ValueError):
        P.halving_time_days(dates, prices)


def test_halving_time_needs_a_falling_price():
    with pytest.raises(ValueError):
        P.halving_time_days(["2024-01-01", "2025-01-01"], [1.0, 2.0])


# --- equal capability -------------------------------------------------------------------------


def _brute_force_cheapest(rows, bench, threshold, share, day):
    latest = {}
    for r in sorted(rows, key=lambda r: r.date):
        s = r.score(bench)
        if r.date <= day and s is not None and s >= threshold:
            latest[(r.model, r.provider)] = r
    return min(r.blended(share) for r in latest.values())


@pytest.mark.parametrize("bench,threshold", [("mmlu", 42), ("mmlu", 80), ("gpqa", 40), ("gpqa", 50)])
def test_frontier_is_the_running_cheapest(bench, threshold):
    rows = P.price_history()
    points = P.cheapest_at_threshold(rows, bench, threshold)
    assert len(points) >= 3
    prices = [p.usd_per_million_blended for p in points]
    assert prices == sorted(prices, reverse=True) and len(set(prices)) == len(prices)
    for p in points:
        assert p.score >= threshold
        assert p.usd_per_million_blended == pytest.approx(_brute_force_cheapest(rows, bench, threshold, 0.75, p.date))


def test_frontier_ignores_models_without_a_score():
    rows = P.price_history()
    free = P.PriceRow("Unscored", "Nobody", date(2024, 1, 1), 0.001, 0.001, "https://example.org")
    points = P.cheapest_at_threshold(rows + [free], "gpqa", 30)
    assert "Unscored" not in {p.model for p in points}
    assert points == P.cheapest_at_threshold(rows, "gpqa", 30)


def test_price_changes_of_one_model_count():
    rows = P.price_history()
    points = P.cheapest_at_threshold(rows, "mmlu", 42)
    davinci = [p for p in points if p.model == "GPT-3 (davinci)"]
    assert [p.usd_per_million_blended for p in davinci] == [60.0, 20.0]


def test_equal_capability_falls_much_faster_than_list_prices():
    frontier = P.frontier_trend(None, "mmlu", 42)
    listed = P.list_price_trend()
    assert frontier.annual_decline_factor > 5
    assert listed.annual_decline_factor < frontier.annual_decline_factor / 3
    assert frontier.total_decline_factor == pytest.approx(60 / frontier.points[-1].usd_per_million_blended)


def test_decline_by_threshold_skips_thresholds_without_a_trend():
    out = P.decline_by_threshold(None, "mmlu", (42, 99))
    assert 42.0 in out and 99.0 not in out


@pytest.mark.parametrize(
    "kwargs",
    [
        {"benchmark": "hellaswag"},
        {"threshold": 150},
        {"threshold": float("nan")},
        {"input_share": 2},
    ],
)
def test_cheapest_at_threshold_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        P.cheapest_at_threshold(None, **kwargs)


def test_cheapest_at_threshold_rejects_non_rows():
    with pytest.raises(ValueError):
        P.cheapest_at_threshold([{"model": "x"}], "mmlu", 40)


def test_frontier_trend_needs_two_points():
    with pytest.raises(ValueError):
        P.frontier_trend(None, "mmlu", 99)


def test_epoch_figures():
    rates = P.epoch_decline_rates()
    factors = [r.factor_per_year for r in rates]
    assert len(rates) == 21
    assert round(min(factors)) == S.EPOCH_DECLINE_MIN_PER_YEAR.value
    assert 800 < max(factors) <= S.EPOCH_DECLINE_MAX_PER_YEAR.value
    assert 40 < P.epoch_median_decline() < 60


# --- drivers ----------------------------------------------------------------------------------


def test_gpu_cost_per_million_tokens():
    # 4 GPUs at $2.50/h producing 3,876 tokens/s: about $0.72 per million tokens.
    assert P.gpu_cost_per_million_tokens(2.5, 4, 3876.3) == pytest.approx(2.5 * 4 / (3876.3 * 3600) * 1e6)
    assert P.gpu_cost_per_million_tokens(2.5, 4, 3876.3) == pytest.approx(0.7166, rel=1e-3)
    # One function for Lessons 4 and 5 (token_economics.costs): a free GPU-hour costs nothing,
    # and a share of a GPU (1.5 GPUs' worth of slices) is a count like any other.
    assert P.gpu_cost_per_million_tokens(0, 1, 1.0) == 0.0
    assert P.gpu_cost_per_million_tokens is __import__("token_economics.costs").costs.gpu_cost_per_million_tokens
    for bad in [(-1.0, 1, 1.0), (1.0, 0, 1.0), (1.0, 1, 0), (float("nan"), 1, 1.0), (1.0, True, 1.0)]:
        with pytest.raises(ValueError):
            P.gpu_cost_per_million_tokens(*bad)


def test_baseline_matches_the_measurement_it_is_calibrated_on():
    from token_economics import energy

    base = P.baseline_setup()
    measured = next(
        p
        for p in energy.measured_points()
        if p.model == "Llama 3.1 70B Instruct" and p.gpu == "H100" and p.n_gpus == 4 and p.batch_size == 8
    )
    assert base.tokens_per_second() == pytest.approx(measured.tokens_per_second)
    # Sold at OpenAI's January 2024 margin, the month of the starting GPU price.
    assert base.price_usd_per_million() == pytest.approx(base.cost_usd_per_million() / (1 - 0.35))


def test_waterfall_five_levers_lower_the_price_and_the_margin_raises_it():
    steps = P.driver_waterfall()
    assert [s.lever for s in steps] == [lever.name for lever in P.default_levers()]
    assert len(steps) == 6
    for before, after in pairwise(steps):
        assert after.usd_per_million_before == pytest.approx(before.usd_per_million_after)
    for s in steps[:5]:
        assert s.factor > 1, s.lever
    total = steps[0].usd_per_million_before / steps[-1].usd_per_million_after
    assert total == pytest.approx(math.prod(s.factor for s in steps))
    batch = next(s for s in steps if s.lever == "Bigger batches")
    assert batch.factor == pytest.approx(3876.3 / 469.7, rel=1e-3)  # exactly the measured gain
    margin = steps[-1]  # OpenAI's margin went up from 35% (Jan 2024) to 70% (Oct 2025): dearer
    assert margin.factor == pytest.approx((1 - 0.70) / (1 - 0.35))
    assert margin.factor < 1


def test_waterfall_rejects_bad_levers_and_setups():
    with pytest.raises(ValueError):
        P.driver_waterfall(levers=[P.Lever("nonsense", {"colour": "red"})])
    with pytest.raises(ValueError):
        P.driver_waterfall(levers=[P.Lever("bad margin", {"compute_margin": 1.0})])
    with pytest.raises(ValueError):
        P.driver_waterfall(start="H100")
    base = P.baseline_setup()
    for field, value in [
        ("efficiency", 0.0),
        ("efficiency", 1.5),
        ("gpu", "TPU9"),
        ("batch_size", 0),
        ("bytes_per_param", -1.0),
        ("gpu_hour_usd", float("inf")),
    ]:
        with pytest.raises(ValueError):
            P.ServingSetup(**{**base.__dict__, field: value})


# --- Jevons -----------------------------------------------------------------------------------


def test_spend_under_elasticity():
    r = P.spend_under_elasticity(0.1, 1.0)
    assert r.spend_factor == pytest.approx(1.0) and r.quantity_factor == pytest.approx(10.0)
    assert P.spend_under_elasticity(0.1, 1.5).spend_factor > 1 > P.spend_under_elasticity(0.1, 0.5).spend_factor
    assert P.spend_under_elasticity(0.1, 0.0).spend_factor == pytest.approx(0.1)
    for bad in [(0.0, 1.0), (-0.1, 1.0), (0.1, -1.0), (0.1, float("nan"))]:
        with pytest.raises(ValueError):
            P.spend_under_elasticity(*bad)


def test_token_volumes_grow():
    google = P.token_volumes("google_tokens_per_month")
    assert len(google) >= 4
    assert [v.tokens for v in google] == sorted(v.tokens for v in google)
    growth = P.annual_decline_factor([v.date for v in google], [1 / v.tokens for v in google])
    assert growth > 5  # volume grows faster than 5x a year
    with pytest.raises(ValueError):
        P.token_volumes("bing")
