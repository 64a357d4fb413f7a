"""Unit tests for lesson 5's library, :mod:`token_economics.currency`."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from token_economics import currency as cur
from token_economics import costs
from token_economics import energy
from token_economics import sources as S
from token_economics.data import DATA_DIR, load_csv, references, sha256_of

HISTORY = load_csv("lesson4", "price_history.csv")


# --- production cost -----------------------------------------------------------------------


def test_acceptance_rental_reproduces_072():
    """ML.ENERGY's Llama-3.1-70B on 4×H100 at 3,876 tokens/s and $2.50/GPU-hour ≈ $0.72/M."""
    got = costs.gpu_cost_per_million_tokens(2.50, 4, 3876)
    assert got == pytest.approx(2.50 * 4 / (3876 * 3600) * 1e6)
    assert round(got, 2) == 0.72


def test_acceptance_electricity_is_about_two_percent_of_rental():
    power = costs.electricity_cost_per_million_tokens(0.563, 0.08, 1.2)
    assert round(power, 3) == 0.015
    share = power / costs.gpu_cost_per_million_tokens(2.50, 4, 3876)
    assert 0.015 < share < 0.025


def test_electricity_matches_lesson2():
    for args in ((0.563, 0.08, 1.2), (3.7587, 0.2985, 1.56), (0.0, 0.1, 1.0)):
        assert costs.electricity_cost_per_million_tokens(*args) == pytest.approx(
            energy.electricity_cost_per_million_tokens(*args)
        )


def test_example_constants_match_lesson2_measurement():
    point = next(
        p
        for p in energy.measured_points()
        if p.model.startswith("Llama 3.1 70B") and p.gpu == "H100" and p.batch_size == 128
    )
    setup = cur.ProductionSetup()
    assert (setup.n_gpus, setup.joules_per_token, setup.tokens_per_second) == (
        point.n_gpus,
        point.joules_per_token,
        point.tokens_per_second,
    )


def test_utilization_raises_cost_inversely():
    full = costs.gpu_cost_per_million_tokens(2.5, 4, 3876, 1.0)
    assert costs.gpu_cost_per_million_tokens(2.5, 4, 3876, 0.5) == pytest.approx(2 * full)
    assert costs.gpu_cost_per_million_tokens(2.5, 8, 3876) == pytest.approx(2 * full)
    assert costs.gpu_cost_per_million_tokens(2.5, 4, 2 * 3876) == pytest.approx(full / 2)


@pytest.mark.parametrize(
    "args",
    [
        (-1.0, 4, 3876, 1.0),
        (2.5, 0, 3876, 1.0),
        (2.5, 4, 0, 1.0),
        (2.5, 4, -5, 1.0),
        (2.5, 4, 3876, 0.0),
        (2.5, 4, 3876, 1.5),
        (float("nan"), 4, 3876, 1.0),
        (2.5, 4, float("inf"), 1.0),
        ("2.5", 4, 3876, 1.0),
        (True, 4, 3876, 1.0),
    ],
)
def test_production_cost_rejects_bad_input(args):
    with pytest.raises(ValueError):
        costs.gpu_cost_per_million_tokens(*args)


@pytest.mark.parametrize("args", [(-0.5, 0.08, 1.2), (0.5, -0.08, 1.2), (0.5, 0.08, 0.9), (0.5, float("nan"), 1.2)])
def test_electricity_rejects_bad_input(args):
    with pytest.raises(ValueError):
        costs.electricity_cost_per_million_tokens(*args)


def test_amortised_hour():
    assert cur.amortised_gpu_hour_usd(33_750, 5) == pytest.approx(33_750 / (5 * 8766))
    assert cur.amortised_gpu_hour_usd(33_750, 5, 0.5) == pytest.approx(2 * 33_750 / (5 * 8766))
    assert cur.amortised_gpu_hour_usd(33_750, 5, networking_fraction=0.19) == pytest.approx(33_750 / 0.81 / (5 * 8766))
    for bad in ((-1, 5), (33_750, 0), (33_750, 5, 0), (33_750, 5, 1.0, 1.0)):
        with pytest.raises(ValueError):
            cur.amortised_gpu_hour_usd(*bad)


def test_cost_breakdown_adds_up_and_gpu_dominates():
    b = cur.cost_breakdown()
    parts = b.components()
    assert sum(parts.values()) == pytest.approx(b.price_floor_usd_per_million)
    assert b.margin_usd_per_million == 0
    assert b.cost_usd_per_million == pytest.approx(b.price_floor_usd_per_million)
    # GPU capital is the largest part today; electricity is a few percent.
    assert max(parts, key=parts.get) == "GPU capital"
    assert b.electricity_share < 0.10
    # Electricity split by PUE: building overhead = (PUE − 1) × GPU electricity.
    assert b.facility_electricity_usd_per_million == pytest.approx(
        (S.EPOCH_PUE.value - 1) * b.it_electricity_usd_per_million
    )
    # Owning at full utilisation costs less than renting at $2.50 (the rent carries more than hardware).
    assert b.cost_usd_per_million < cur.rental_cost_per_million()


def test_cost_breakdown_margin_and_utilization():
    base = cur.cost_breakdown()
    marked = cur.cost_breakdown(cur.ProductionSetup(margin=0.25))
    assert marked.price_floor_usd_per_million == pytest.approx(1.25 * base.cost_usd_per_million)
    half = cur.cost_breakdown(cur.ProductionSetup(utilization=0.5))
    assert half.gpu_capital_usd_per_million == pytest.approx(2 * base.gpu_capital_usd_per_million)
    # Idle hours do not draw the measured per-token energy: electricity per token is unchanged.
    assert half.electricity_usd_per_million == pytest.approx(base.electricity_usd_per_million)


@pytest.mark.parametrize(
    "change",
    [
        {"utilization": 0},
        {"pue": 0.8},
        {"margin": -0.1},
        {"lifetime_years": 0},
        {"networking_fraction": 1.0},
        {"n_gpus": -4},
        {"usd_per_kwh": float("inf")},
    ],
)
def test_setup_rejects_bad_input(change):
    with pytest.raises(ValueError):
        cur.ProductionSetup(**change)


def test_electricity_share_and_break_even_gpu_price():
    assert cur.electricity_share(1.0, 3.0) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        cur.electricity_share(0.0, 0.0)
    hour = cur.gpu_hour_price_for_electricity_share(0.5, 0.563, 0.08, 1.2, 4, 3876)
    power = costs.electricity_cost_per_million_tokens(0.563, 0.08, 1.2)
    assert costs.gpu_cost_per_million_tokens(hour, 4, 3876) == pytest.approx(power)
    assert hour < S.EXAMPLE_GPU_HOUR_USD.value / 10  # electricity matters only if GPU time gets far cheaper
    for bad in (0.0, 1.0, -0.2):
        with pytest.raises(ValueError):
            cur.gpu_hour_price_for_electricity_share(bad, 0.563, 0.08, 1.2, 4, 3876)
    purchase = cur.gpu_purchase_usd_for_electricity_share(0.5)
    cheap = cur.cost_breakdown(cur.ProductionSetup(gpu_purchase_usd=purchase))
    assert cheap.electricity_share == pytest.approx(0.5)


# --- price book, exchange rates, budget -------------------------------------------------------


def _book() -> cur.PriceBook:
    return cur.PriceBook(
        [
            cur.PriceEntry("big", 10.0, 30.0, scores={"mmlu": 90.0}),
            cur.PriceEntry("small", 0.5, 1.5, scores={"mmlu": 75.0}),
            cur.PriceEntry("unscored", 1.0, 1.0),
        ]
    )


def test_exchange_rate_and_quality_adjustment():
    book = _book()
    assert book.get("big").blended_usd_per_million() == pytest.approx(15.0)
    assert cur.exchange_rate("big", "small", book) == pytest.approx(15.0 / 0.75)
    assert cur.exchange_rate("small", "big", book) == pytest.approx(0.75 / 15.0)
    assert cur.exchange_rate("big", "big", book) == 1.0
    qa = cur.quality_adjusted_exchange_rate("big", "small", book)
    assert qa == pytest.approx((15.0 / 90.0) / (0.75 / 75.0))
    assert qa < cur.exchange_rate("big", "small", book)  # the dearer model scores higher
    assert cur.exchange_rate("big", "small", book, input_share=0.5) == pytest.approx(20.0 / 1.0)


def test_exchange_rate_errors():
    book = _book()
    with pytest.raises(ValueError, match="big, small, unscored"):
        cur.exchange_rate("big", "nope", book)
    with pytest.raises(ValueError, match="no 'mmlu' score"):
        cur.quality_adjusted_exchange_rate("big", "unscored", book)
    with pytest.raises(ValueError):
        cur.PriceBook([cur.PriceEntry("a", 1, 1), cur.PriceEntry("a", 2, 2)])
    with pytest.raises(ValueError):
        cur.PriceEntry("a", -1, 1)
    with pytest.raises(ValueError):
        cur.PriceBook([])
    free = cur.PriceBook([cur.PriceEntry("a", 1, 1), cur.PriceEntry("free", 0, 0)])
    with pytest.raises(ValueError, match="zero"):
        cur.exchange_rate("a", "free", free)


def test_budget():
    book = _book()
    lines = {
        line.model: line
        for line in cur.budget(
            100,
            book,
            models=["big", "small"],
            input_tokens_per_task=1000,
            output_tokens_per_task=500,
            agent_run_input_tokens=200_000,
            agent_run_output_tokens=10_000,
        )
    }
    big = lines["big"]
    assert big.tokens == pytest.approx(100 / 15.0 * 1e6)
    assert big.usd_per_task == pytest.approx((1000 * 10 + 500 * 30) / 1e6)
    assert big.tasks == pytest.approx(100 / big.usd_per_task)
    assert big.usd_per_agent_run == pytest.approx((200_000 * 10 + 10_000 * 30) / 1e6)
    assert big.agent_runs == pytest.approx(100 / big.usd_per_agent_run)
    assert lines["small"].tasks > big.tasks
    assert [line.model for line in cur.budget(100, book)][0] == "small"  # sorted: most tasks first
    assert math.isnan(cur.budget(100, book, models=["big"])[0].agent_runs)
    with pytest.raises(ValueError):
        cur.budget(-1, book)
    with pytest.raises(ValueError):
        cur.budget(100, book, agent_run_input_tokens=10)
    with pytest.raises(ValueError):
        cur.budget(100, book, models=["missing"])


def test_history_price_book_takes_latest_price_as_of():
    rows = [
        {
            "model": "m",
            "provider": "p",
            "date": "2023-01-01",
            "usd_per_million_input": "10",
            "usd_per_million_output": "20",
            "mmlu": "80",
            "gpqa": "",
        },
        {
            "model": "m",
            "provider": "p",
            "date": "2024-06-01",
            "usd_per_million_input": "1",
            "usd_per_million_output": "2",
            "mmlu": "80",
            "gpqa": "",
        },
    ]
    assert cur.history_price_book(rows=rows).get("m").usd_per_million_input == 1.0
    early = cur.history_price_book("2023-12-31", rows=rows).get("m")
    assert early.usd_per_million_input == 10.0
    assert early.scores == {"mmlu": 80.0}
    with pytest.raises(ValueError):
        cur.history_price_book("2020-01-01", rows=rows)


def test_history_price_book_on_lesson4_data():
    book = cur.history_price_book(rows=HISTORY)
    assert len(book) > 10
    gpt4o, mini = book.get("GPT-4o"), book.get("GPT-4o mini")
    rate = cur.exchange_rate("GPT-4o", "GPT-4o mini", book)
    assert rate == pytest.approx(gpt4o.blended_usd_per_million() / mini.blended_usd_per_million())
    assert rate > 1


# --- exporters -------------------------------------------------------------------------------


def test_electricity_prices_file_has_a_source_per_row():
    keys = references()
    rows = cur.electricity_prices()
    assert {r.country_code for r in rows} >= {"USA", "CHN", "FIN", "CYP"}
    for r in rows:
        assert r.source_key in keys, r
        assert 0 < r.usd_per_kwh < 1
    eur = {r.country_code: r for r in rows}
    assert eur["FIN"].usd_per_kwh == pytest.approx(0.089 * S.USD_PER_EUR_2023.value, abs=1e-4)
    assert eur["CYP"].usd_per_kwh == pytest.approx(0.276 * S.USD_PER_EUR_2023.value, abs=1e-4)


def test_exporters_ranked_and_consistent():
    rows = cur.token_exporters()
    totals = [r.total_usd_per_million for r in rows]
    assert totals == sorted(totals)
    for r in rows:
        assert r.total_usd_per_million == pytest.approx(r.gpu_usd_per_million + r.electricity_usd_per_million)
        assert r.electricity_share == pytest.approx(r.electricity_usd_per_million / r.total_usd_per_million)
        assert r.grid_gco2_per_kwh == pytest.approx(energy.grid_intensity_g_per_kwh(r.country_code))
        assert r.gco2_per_million == pytest.approx(
            energy.carbon_g_per_million_tokens(cur.ProductionSetup().joules_per_token, r.country_code, r.pue)
        )
        assert r.electricity_share < 0.5  # hardware dominates everywhere today
    carbon = [r.gco2_per_million for r in cur.token_exporters(rank_by="carbon")]
    assert carbon == sorted(carbon)
    # A higher electricity price means a higher cost, all else equal.
    by_price = sorted(rows, key=lambda r: r.usd_per_kwh)
    assert [r.country_code for r in by_price] == [r.country_code for r in rows]


def test_exporters_options():
    flat = cur.token_exporters(gpu_usd_per_million=0.0)
    assert all(r.electricity_share == pytest.approx(1.0) for r in flat)
    per_country = cur.token_exporters(pue={"FIN": 1.09})
    fin = next(r for r in per_country if r.country_code == "FIN")
    assert fin.pue == 1.09
    with pytest.raises(ValueError):
        cur.token_exporters(rank_by="price")
    with pytest.raises(ValueError):
        cur.token_exporters(pue=0.5)
    with pytest.raises(ValueError):
        energy.grid_intensity_g_per_kwh("ATLANTIS")


# --- commoditisation -------------------------------------------------------------------------


def _row(model, date, inp, out, mmlu):
    return {
        "model": model,
        "provider": "x",
        "date": date,
        "usd_per_million_input": str(inp),
        "usd_per_million_output": str(out),
        "mmlu": str(mmlu),
        "gpqa": "",
    }


def test_price_spread_by_year_synthetic():
    rows = [
        _row("a", "2023-03-01", 10, 10, 85),
        _row("b", "2023-06-01", 40, 40, 86),
        _row("low", "2023-07-01", 0.1, 0.1, 50),  # below the threshold: ignored
        _row("c", "2024-02-01", 1, 1, 88),
        _row("a", "2024-05-01", 2, 2, 85),  # a price cut set in 2024
    ]
    spread = {r.year: r for r in cur.price_spread_by_year(80, rows=rows)}
    assert spread[2023].n_models == 2 and spread[2023].spread_ratio == pytest.approx(4.0)
    assert spread[2023].cheapest_model == "a" and spread[2023].priciest_model == "b"
    assert spread[2024].n_models == 2 and spread[2024].spread_ratio == pytest.approx(2.0)
    in_force = {r.year: r for r in cur.price_spread_by_year(80, rows=rows, cohort="in_force")}
    assert in_force[2024].n_models == 3 and in_force[2024].max_usd_per_million == 40
    with pytest.raises(ValueError):
        cur.price_spread_by_year(80, benchmark="hellaswag", rows=rows)
    with pytest.raises(ValueError):
        cur.price_spread_by_year(80, rows=rows, cohort="all")
    with pytest.raises(ValueError):
        cur.price_spread_by_year(-1, rows=rows)


def test_price_spread_on_lesson4_data():
    spread = cur.price_spread_by_year(80, rows=HISTORY)
    assert len(spread) >= 2
    assert spread[-1].min_usd_per_million < spread[0].min_usd_per_million  # equal capability got cheaper
    for r in spread:
        assert r.spread_ratio >= 1


# --- shipped data ----------------------------------------------------------------------------


def test_units_of_ages_and_gpu_prices_are_sourced():
    keys = references()
    ages = cur.units_of_ages()
    assert {u.age for u in ages} == {"steam", "electric", "internet", "ai"}
    for u in ages:
        assert u.source_key in keys and u.value > 0
    tokens = sorted((u for u in ages if u.age == "ai"), key=lambda u: u.period)
    assert tokens[-1].value > tokens[0].value
    prices = cur.gpu_prices()
    assert {p.kind for p in prices} == {"purchase", "rental"}
    for p in prices:
        assert p.source_key in keys and p.usd > 0
    assert any(p.usd == S.H100_PURCHASE_USD.value for p in prices if p.kind == "purchase")
    rentals = [p.usd for p in prices if p.kind == "rental"]
    assert min(rentals) <= S.EXAMPLE_GPU_HOUR_USD.value <= max(rentals)


def test_every_reference_key_in_the_module_exists():
    source = Path(cur.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r"\[ref:([A-Za-z0-9_]+)\]", source))
    assert keys, "no [ref:...] keys found"
    missing = keys - set(references())
    assert not missing, f"unknown reference keys: {sorted(missing)}"


def test_lesson5_readme_lists_every_file_with_its_sha256():
    folder = DATA_DIR / "lesson5"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for path in folder.iterdir():
        if path.name == "README.md":
            continue
        assert path.name in readme, f"{path.name} missing from data/lesson5/README.md"
        assert sha256_of(path) in readme, f"sha256 of {path.name} is stale in data/lesson5/README.md"


# --- links to the other lessons ---------------------------------------------------------------


def test_agent_run_tokens_matches_lesson3():
    from token_economics import agents

    spec = agents.AgentSpec(system_prompt_tokens=2000, tool_schema_tokens=1000, task_tokens=200)
    inp, out = cur.agent_run_tokens(spec, agents.uniform_steps(20, 300, 1500))
    assert inp == agents.cumulative_input_tokens(20, 3200, 1800)
    assert out == 20 * 300
    line = cur.budget(100, _book(), models=["small"], agent_run_input_tokens=inp, agent_run_output_tokens=out)[0]
    assert line.usd_per_agent_run == pytest.approx((inp * 0.5 + out * 1.5) / 1e6)


def test_default_price_book_is_lesson4_history():
    from token_economics import prices

    book = cur.history_price_book()
    latest = {}
    for row in prices.price_history():
        latest[row.model] = row  # oldest first, so the last one wins
    assert set(book.models()) == set(latest)
    for model, row in latest.items():
        assert book.get(model).usd_per_million_output == row.usd_per_million_output
    assert costs.blended_price(2.5, 10) == pytest.approx(prices.blended_price(2.5, 10))


def test_current_price_book_from_genai_prices():
    from token_economics import market

    book = cur.current_price_book(["gpt-4o", "gpt-4o-mini"], provider="openai")
    assert book.models() == ["gpt-4o", "gpt-4o-mini"]
    live = market.current_price("gpt-4o", provider="openai")
    assert book.get("gpt-4o").usd_per_million_input == live.usd_per_million_input
    assert book.get("gpt-4o").date == str(live.snapshot_date)
    assert cur.exchange_rate("gpt-4o", "gpt-4o-mini", book) > 1
    with pytest.raises(ValueError):
        cur.current_price_book(["no-such-model-xyz"], provider="openai")


# --- input vs output ---------------------------------------------------------------------------


def test_input_output_cost_reproduces_deepseeks_day():
    """$2 per H800-hour, 8 GPUs, 73.7k prefill / 14.8k decode tokens/s, 56.3% cache hits."""
    c = cur.input_output_cost()
    assert c.input_usd_per_million == pytest.approx(costs.gpu_cost_per_million_tokens(2.0, 8, 73_700))
    assert c.computed_input_usd_per_million == pytest.approx(
        costs.gpu_cost_per_million_tokens(2.0, 8, 73_700 * (1 - 0.563))
    )
    assert c.output_usd_per_million == pytest.approx(costs.gpu_cost_per_million_tokens(2.0, 8, 14_800))
    assert round(c.input_usd_per_million, 2) == 0.06
    assert round(c.computed_input_usd_per_million, 2) == 0.14
    assert round(c.output_usd_per_million, 2) == 0.30
    assert c.output_over_computed_input == pytest.approx(c.output_usd_per_million / c.computed_input_usd_per_million)
    # Without a cache every input token is computed; an output token stays dearer to make.
    plain = cur.input_output_cost(cache_hit_share=0.0)
    assert plain.computed_input_usd_per_million == pytest.approx(plain.input_usd_per_million)
    assert plain.output_usd_per_million > plain.computed_input_usd_per_million
    assert cur.input_output_cost(utilization=0.5).output_usd_per_million == pytest.approx(2 * c.output_usd_per_million)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cache_hit_share": 1.0},
        {"cache_hit_share": -0.1},
        {"prefill_tokens_per_second": 0},
        {"decode_tokens_per_second": -5},
        {"gpu_hour_usd": -1},
        {"utilization": 0},
    ],
)
def test_input_output_cost_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        cur.input_output_cost(**kwargs)


def test_cached_input_price():
    assert cur.cached_input_price(0.28, 0.028, 0.563) == pytest.approx(0.563 * 0.028 + 0.437 * 0.28)
    assert cur.cached_input_price(0.28, 0.028, 0.0) == pytest.approx(0.28)
    assert cur.cached_input_price(0.28, 0.028, 1.0) == pytest.approx(0.028)
    for bad in ((-1, 0.1, 0.5), (1, -0.1, 0.5), (1, 0.1, 1.5)):
        with pytest.raises(ValueError):
            cur.cached_input_price(*bad)


# --- quality per point above chance ---------------------------------------------------------------


def test_chance_floor_and_quality_rate_above_chance():
    assert cur.chance_floor(4) == 25.0
    assert cur.MMLU_CHANCE_SCORE == 100.0 / S.MMLU_ANSWER_CHOICES.value == 25.0
    for bad in (1, 0, 2.5):
        with pytest.raises(ValueError):
            cur.chance_floor(bad)
    book = _book()
    above = cur.quality_adjusted_exchange_rate("big", "small", book, chance_score=25.0)
    assert above == pytest.approx((15.0 / 65.0) / (0.75 / 50.0))
    # The default keeps the raw-score rate (the exercise's), and the floor makes scores look further apart.
    raw = cur.quality_adjusted_exchange_rate("big", "small", book)
    assert raw == pytest.approx((15.0 / 90.0) / (0.75 / 75.0))
    assert above < raw
    with pytest.raises(ValueError, match="not above the chance score"):
        cur.quality_adjusted_exchange_rate("big", "small", book, chance_score=75.0)
    with pytest.raises(ValueError):
        cur.quality_adjusted_exchange_rate("big", "small", book, chance_score=-1.0)


# --- commodity tests ---------------------------------------------------------------------------


def test_seller_spread():
    s = cur.seller_spread({"a": 0.72, "b": 0.88, "c": 0.45})
    assert (s.n_sellers, s.cheapest, s.dearest) == (3, "c", "b")
    assert s.ratio == pytest.approx(0.88 / 0.45)
    for bad in ({"a": 1.0}, {}, {"a": 1.0, "b": 0.0}, {"a": 1.0, "b": -2.0}):
        with pytest.raises(ValueError):
            cur.seller_spread(bad)


def test_spread_rows_report_the_score_band_and_coverage():
    rows = [
        _row("a", "2024-03-01", 10, 10, 81),
        _row("b", "2024-06-01", 40, 40, 89),
        {**_row("c", "2024-09-01", 1, 1, 0), "mmlu": ""},
        {**_row("d", "2025-01-01", 2, 2, 0), "mmlu": ""},
    ]
    (row,) = cur.price_spread_by_year(80, rows=rows)
    assert (row.min_score, row.max_score) == (81.0, 89.0)
    coverage = cur.score_coverage("mmlu", rows=rows)
    assert coverage == cur.ScoreCoverage(last_scored_date="2024-06-01", unscored_after=2)
    with pytest.raises(ValueError):
        cur.score_coverage("hellaswag", rows=rows)
    with pytest.raises(ValueError):
        cur.score_coverage("gpqa", rows=rows)


# --- budgets in each model's own tokens ------------------------------------------------------------


def test_run_tokenizer():
    assert cur.run_tokenizer("gpt-5-mini") == ("o200k_base", True)
    assert cur.run_tokenizer("deepseek-chat") == ("deepseek-v3", True)
    assert cur.run_tokenizer("deepseek-v4-flash") == ("deepseek-v3", False)
    assert cur.run_tokenizer("claude-sonnet-4-5") == ("o200k_base", False)
    assert cur.run_tokenizer("gemini-2.5-flash") == ("o200k_base", False)
    from token_economics import tokens

    for model in ("gpt-5", "deepseek-v4-flash", "qwen3.6-plus", "qwen-max", "claude-haiku-4-5"):
        assert cur.run_tokenizer(model)[0] in tokens.available_tokenizers()
    with pytest.raises(ValueError):
        cur.run_tokenizer("  ")


def test_agent_run_budget():
    book = _book()
    runs = {"big": (200_000, 10_000), "small": (210_000, 11_000)}
    lines = {line.model: line for line in cur.agent_run_budget(100, book, runs)}
    big = lines["big"]
    assert big.usd_per_run == pytest.approx((200_000 * 10 + 10_000 * 30) / 1e6)
    assert big.runs == pytest.approx(100 / big.usd_per_run)
    assert big.input_share_of_bill == pytest.approx(2.0 / 2.3)
    assert lines["small"].usd_per_run == pytest.approx((210_000 * 0.5 + 11_000 * 1.5) / 1e6)
    assert [line.model for line in cur.agent_run_budget(100, book, runs)] == ["small", "big"]
    thinking = {line.model: line for line in cur.agent_run_budget(100, book, runs, output_multiple=8)}
    assert thinking["big"].output_tokens == 80_000
    assert thinking["big"].usd_per_run == pytest.approx((200_000 * 10 + 80_000 * 30) / 1e6)
    assert thinking["big"].runs < big.runs
    for bad in (
        {"runs": {}},
        {"runs": {"missing": (1, 1)}},
        {"runs": {"big": (1, 2, 3)}},
        {"runs": {"big": (-1, 2)}},
        {"runs": runs, "output_multiple": 0},
    ):
        kwargs = {"runs": runs, **bad}
        with pytest.raises(ValueError):
            cur.agent_run_budget(100, book, **kwargs)


def test_downtime_and_availability():
    assert cur.downtime_hours(0.999) == pytest.approx(0.001 * 8766)
    assert cur.downtime_hours(0.999, 730.5) == pytest.approx(0.7305)
    assert cur.availability(5.8) == pytest.approx(1 - 5.8 / 8766)
    for bad in ((0.0,), (1.5,), (0.999, 0)):
        with pytest.raises(ValueError):
            cur.downtime_hours(*bad)
    for bad in ((-1,), (9000,), (1, 0)):
        with pytest.raises(ValueError):
            cur.availability(*bad)
