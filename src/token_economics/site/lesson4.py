"""Numbers and figures for lesson 4, "Why tokens keep getting cheaper".

Every value is computed here by :mod:`token_economics.prices` from the curated, sourced
data in ``data/lesson4/`` (and, for today's prices, by :mod:`token_economics.market` from
the bundled ``genai-prices`` snapshot, whose date the page states). The page writes
``{{ l4.key }}``; nothing is typed by hand.
"""

from __future__ import annotations

import json
import math
from datetime import date
from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import market
from token_economics import prices as P
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.site.formatting import cited as _cited
from token_economics.site.formatting import moment
from token_economics.sources import (
    A16Z_DECLINE_PER_YEAR,
    A16Z_INPUT_SHARE,
    AIMULTIPLE_H100_MEDIAN_USD_EARLY_2024,
    ANTHROPIC_AGENT_MULTIPLE,
    ANTHROPIC_MULTI_AGENT_MULTIPLE,
    DEEPSEEK_V3_ACTIVE_PARAMS,
    DEEPSEEK_V3_TOTAL_PARAMS,
    EPOCH_DECLINE_MAX_PER_YEAR,
    EPOCH_DECLINE_MIN_PER_YEAR,
    EPOCH_GPT4_GPQA_DECLINE_PER_YEAR,
    EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR,
    EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR,
    EPOCH_REASONING_OUTPUT_MULTIPLE,
    GOOGLE_TOKENS_PER_MONTH_2024_05,
    H100_HOUR_USD_2026,
    OPENAI_COMPUTE_MARGIN_2024_01,
    OPENAI_COMPUTE_MARGIN_2025_10,
    PHI4_PARAMS,
)
from token_economics.site.formatting import integer as _days
from token_economics.site.formatting import month as _month
from token_economics.site.formatting import sig as _sig
from token_economics.site.formatting import times as _times
from token_economics.site.formatting import tokens_in_words as _tokens
from token_economics.site.formatting import usd_adaptive as _usd
from token_economics.units import DAYS_PER_YEAR

#: MMLU thresholds the page reports (percent). Chosen to match the levels the sources use:
#: 42 (a16z), about 65 (GPT-3.5), 80 and 85 (around GPT-4's 86).
MMLU_THRESHOLDS: tuple[float, ...] = (42.0, 65.0, 80.0, 85.0)
#: GPQA Diamond thresholds the page reports (percent): GPT-4-0314 scored 33, GPT-4 Turbo 50.
GPQA_THRESHOLDS: tuple[float, ...] = (30.0, 40.0, 50.0)
#: Elasticities shown in the Jevons example (dimensionless): below, at and above 1.
ELASTICITIES: tuple[float, ...] = (0.5, 1.0, 1.5)

#: Models whose price today the page quotes, as (label, genai-prices model id, provider id).
TODAY_MODELS: tuple[tuple[str, str, str], ...] = (
    ("GPT-5", "gpt-5", "openai"),
    ("GPT-4o mini", "gpt-4o-mini", "openai"),
    ("Claude Sonnet 4.5", "claude-sonnet-4-5", "anthropic"),
    ("Gemini 2.5 Flash", "gemini-2.5-flash", "google"),
    ("DeepSeek V4 Flash", "deepseek-v4-flash", "deepseek"),
)


def _tex(text: str) -> str:
    """Escape dollar signs so matplotlib does not read them as maths."""
    return text.replace("$", r"\$")


def _point(p: P.FrontierPoint) -> str:
    """One step of a frontier as the page quotes it: "model ($price, Month Year)"."""
    return f"{p.model} ({_usd(p.usd_per_million_blended)}, {_month(p.date)})"


@lru_cache(maxsize=1)
def _frontiers() -> dict[tuple[str, float], P.FrontierTrend]:
    rows = P.price_history()
    out = {}
    for bench, thresholds in (("mmlu", MMLU_THRESHOLDS), ("gpqa", GPQA_THRESHOLDS)):
        for t, trend in P.decline_by_threshold(rows, bench, thresholds).items():
            out[(bench, t)] = trend
    return out


def values() -> dict[str, str]:
    """Every number the lesson 4 page shows, by placeholder key."""
    v: dict[str, str] = {}
    rows = P.price_history()

    # --- the data set -----------------------------------------------------------------------
    v["n_rows"] = f"{len(rows)}"
    v["n_models"] = f"{len({r.model for r in rows})}"
    v["n_providers"] = f"{len({r.provider for r in rows})}"
    v["first_month"] = _month(rows[0].date)
    v["last_month"] = _month(rows[-1].date)

    # --- today's prices, from genai-prices --------------------------------------------------
    snap = market.snapshot_date()
    v["snapshot_date"] = snap.isoformat()
    v["genai_prices_version"] = market.data_version()
    v["prices_as_of"] = moment(market.PRICES_AS_OF)
    today = {}  # by genai-prices model id: the four numbers of its table row
    for _label, model, provider in TODAY_MODELS:
        price = market.current_price(model, provider)
        today[model] = {
            "in": _usd(price.usd_per_million_input),
            "out": _usd(price.usd_per_million_output),
            "blend": _usd(P.blended_price(price.usd_per_million_input, price.usd_per_million_output)),
            "ratio": _sig(price.usd_per_million_output / price.usd_per_million_input, 2),
        }
    v["today_gpt_5_in"] = today["gpt-5"]["in"]
    v["today_gpt_5_out"] = today["gpt-5"]["out"]
    v["today_gpt_5_ratio"] = today["gpt-5"]["ratio"]
    v["today_gpt_5_blend"] = today["gpt-5"]["blend"]
    v["today_gpt_4o_mini_in"] = today["gpt-4o-mini"]["in"]
    v["today_gpt_4o_mini_out"] = today["gpt-4o-mini"]["out"]
    v["today_gpt_4o_mini_ratio"] = today["gpt-4o-mini"]["ratio"]
    v["today_gpt_4o_mini_blend"] = today["gpt-4o-mini"]["blend"]
    v["today_claude_sonnet_4_5_in"] = today["claude-sonnet-4-5"]["in"]
    v["today_claude_sonnet_4_5_out"] = today["claude-sonnet-4-5"]["out"]
    v["today_claude_sonnet_4_5_ratio"] = today["claude-sonnet-4-5"]["ratio"]
    v["today_claude_sonnet_4_5_blend"] = today["claude-sonnet-4-5"]["blend"]
    v["today_gemini_2_5_flash_in"] = today["gemini-2.5-flash"]["in"]
    v["today_gemini_2_5_flash_out"] = today["gemini-2.5-flash"]["out"]
    v["today_gemini_2_5_flash_ratio"] = today["gemini-2.5-flash"]["ratio"]
    v["today_gemini_2_5_flash_blend"] = today["gemini-2.5-flash"]["blend"]
    v["today_deepseek_v4_flash_in"] = today["deepseek-v4-flash"]["in"]
    v["today_deepseek_v4_flash_out"] = today["deepseek-v4-flash"]["out"]
    v["today_deepseek_v4_flash_ratio"] = today["deepseek-v4-flash"]["ratio"]
    v["today_deepseek_v4_flash_blend"] = today["deepseek-v4-flash"]["blend"]

    # --- reading a price: input, output, blended ----------------------------------------------
    gpt4o = [r for r in rows if r.model == "GPT-4o"][-1]
    v["gpt4o_in"] = _usd(gpt4o.usd_per_million_input)
    v["gpt4o_out"] = _usd(gpt4o.usd_per_million_output)
    v["gpt4o_blend_31"] = _usd(gpt4o.blended())
    v["gpt4o_blend_11"] = _usd(gpt4o.blended(A16Z_INPUT_SHARE.value))
    v["gpt4o_blend_gap_pct"] = f"{100 * (gpt4o.blended(A16Z_INPUT_SHARE.value) / gpt4o.blended() - 1):.0f}%"

    # --- reading the chart: list price versus equal capability --------------------------------
    listed = P.list_price_trend(rows)
    v["list_decline"] = _times(listed.annual_decline_factor)
    v["list_r2"] = f"{listed.r_squared:.2f}"
    opus = next(r for r in rows if r.model == "Claude 3 Opus")
    v["opus3_blend"] = _usd(opus.blended())
    v["opus3_date"] = _month(opus.date)
    v["opus3_mmlu"] = f"{opus.mmlu:g}"
    flash = next(r for r in rows if r.model == "Gemini 2.0 Flash")
    v["flash2_blend"] = _usd(flash.blended())
    v["flash2_date"] = _month(flash.date)
    v["flash2_mmlu"] = f"{flash.mmlu:g}"
    v["opus3_over_flash2"] = _times(opus.blended() / flash.blended())

    # --- the a16z reproduction ----------------------------------------------------------------
    a42 = P.a16z_points(42)
    a83 = P.a16z_points(83)
    years42 = P.years_between(a42[0].date, a42[-1].date)
    total42 = a42[0].usd_per_million_tokens / a42[-1].usd_per_million_tokens
    v["a16z_start_usd"] = _usd(a42[0].usd_per_million_tokens)
    v["a16z_end_usd"] = _usd(a42[-1].usd_per_million_tokens)
    v["a16z_end_model"] = a42[-1].model
    v["a16z_total_42"] = f"{total42:,.0f}"
    v["a16z_years_42"] = f"{years42:.2f}"
    v["a16z_fit_42"] = _times(P.annual_decline_factor([p.date for p in a42], [p.usd_per_million_tokens for p in a42]))
    v["a16z_fit_83"] = _times(P.annual_decline_factor([p.date for p in a83], [p.usd_per_million_tokens for p in a83]))
    v["a16z_halving_42"] = _days(P.halving_time_days([p.date for p in a42], [p.usd_per_million_tokens for p in a42]))
    v["a16z_naive_per_year"] = f"{total42 / years42:,.0f}×"  # the wrong way: dividing by the years
    v["a16z_claim"] = _cited(A16Z_DECLINE_PER_YEAR, _times(A16Z_DECLINE_PER_YEAR.value))
    v["a16z_gpt4_blend_11"] = _usd(a83[0].usd_per_million_tokens)
    line = P.linear_price_trend([p.date for p in a42], [p.usd_per_million_tokens for p in a42])
    logt = P.log_price_trend([p.date for p in a42], [p.usd_per_million_tokens for p in a42])
    mid = date.fromordinal((a42[0].date.toordinal() + a42[-1].date.toordinal()) // 2)
    v["a16z_mid_month"] = _month(mid)
    v["a16z_mid_line"] = _usd(line.predict(mid))
    v["a16z_mid_log"] = _usd(logt.predict(mid))
    v["a16z_line_slope"] = _usd(-line.slope_usd_per_year)
    v["a16z_line_zero_month"] = _month(line.zero_price_date)
    gpt4 = next(r for r in rows if r.model == "GPT-4 (8K)")
    v["gpt4_in"] = _usd(gpt4.usd_per_million_input)
    v["gpt4_out"] = _usd(gpt4.usd_per_million_output)

    # --- our own frontier, Epoch's method -----------------------------------------------------
    frontier = _frontiers()
    # MMLU ≥ 42, the a16z bar, is discussed on its own as well as in the table.
    mmlu42 = frontier[("mmlu", 42.0)]
    v["points_mmlu42"] = f"{len(mmlu42.points)}"
    v["total_mmlu42"] = f"{mmlu42.total_decline_factor:,.0f}×"
    v["mmlu42_r2"] = f"{mmlu42.trend.r_squared:.2f}"
    v["decline11_mmlu42"] = _times(P.frontier_trend(rows, "mmlu", 42.0, A16Z_INPUT_SHARE.value).annual_decline_factor)
    # The table: one row per threshold.
    v["first_mmlu42"] = _point(mmlu42.points[0])
    v["last_mmlu42"] = _point(mmlu42.points[-1])
    v["decline_mmlu42"] = _times(mmlu42.annual_decline_factor)
    v["halving_mmlu42"] = _days(mmlu42.halving_time_days)
    mmlu65 = frontier[("mmlu", 65.0)]
    v["first_mmlu65"] = _point(mmlu65.points[0])
    v["last_mmlu65"] = _point(mmlu65.points[-1])
    v["decline_mmlu65"] = _times(mmlu65.annual_decline_factor)
    v["halving_mmlu65"] = _days(mmlu65.halving_time_days)
    mmlu80 = frontier[("mmlu", 80.0)]
    v["first_mmlu80"] = _point(mmlu80.points[0])
    v["last_mmlu80"] = _point(mmlu80.points[-1])
    v["decline_mmlu80"] = _times(mmlu80.annual_decline_factor)
    v["halving_mmlu80"] = _days(mmlu80.halving_time_days)
    mmlu85 = frontier[("mmlu", 85.0)]
    v["first_mmlu85"] = _point(mmlu85.points[0])
    v["last_mmlu85"] = _point(mmlu85.points[-1])
    v["decline_mmlu85"] = _times(mmlu85.annual_decline_factor)
    v["halving_mmlu85"] = _days(mmlu85.halving_time_days)
    gpqa30 = frontier[("gpqa", 30.0)]
    v["first_gpqa30"] = _point(gpqa30.points[0])
    v["last_gpqa30"] = _point(gpqa30.points[-1])
    v["decline_gpqa30"] = _times(gpqa30.annual_decline_factor)
    v["halving_gpqa30"] = _days(gpqa30.halving_time_days)
    gpqa40 = frontier[("gpqa", 40.0)]
    v["first_gpqa40"] = _point(gpqa40.points[0])
    v["last_gpqa40"] = _point(gpqa40.points[-1])
    v["decline_gpqa40"] = _times(gpqa40.annual_decline_factor)
    v["halving_gpqa40"] = _days(gpqa40.halving_time_days)
    gpqa50 = frontier[("gpqa", 50.0)]
    v["first_gpqa50"] = _point(gpqa50.points[0])
    v["last_gpqa50"] = _point(gpqa50.points[-1])
    v["decline_gpqa50"] = _times(gpqa50.annual_decline_factor)
    v["halving_gpqa50"] = _days(gpqa50.halving_time_days)

    # --- Epoch AI ------------------------------------------------------------------------------
    rates = P.epoch_decline_rates()
    v["epoch_min"] = _cited(EPOCH_DECLINE_MIN_PER_YEAR, _times(EPOCH_DECLINE_MIN_PER_YEAR.value))
    v["epoch_max"] = _cited(EPOCH_DECLINE_MAX_PER_YEAR, _times(EPOCH_DECLINE_MAX_PER_YEAR.value))
    v["epoch_gpt4_gpqa"] = _cited(EPOCH_GPT4_GPQA_DECLINE_PER_YEAR, _times(EPOCH_GPT4_GPQA_DECLINE_PER_YEAR.value))
    v["epoch_n_thresholds"] = f"{len(rates)}"
    v["epoch_median"] = _times(P.epoch_median_decline())
    v["epoch_lowest"] = _times(min(r.factor_per_year for r in rates))
    v["epoch_highest"] = _times(max(r.factor_per_year for r in rates))
    by = {(r.benchmark, r.threshold_model): r for r in rates}
    mmlu_gpt3 = by[("MMLU", "GPT-3")]
    v["epoch_mmlu_gpt3"] = _times(mmlu_gpt3.factor_per_year)
    mmlu_gpt4 = by[("MMLU", "GPT-4-0314")]
    v["epoch_mmlu_gpt4"] = _times(mmlu_gpt4.factor_per_year)
    v["epoch_mmlu_gpt4_ci"] = f"{_sig(mmlu_gpt4.ci90_low)}–{_sig(mmlu_gpt4.ci90_high)}×"
    g4o = by[("GPQA Diamond", "GPT-4o-2024-05")]
    v["epoch_gpqa_gpt4o"] = _times(g4o.factor_per_year)
    v["epoch_gpqa_gpt4o_ci"] = f"{_sig(g4o.ci90_low)}–{_sig(g4o.ci90_high)}×"
    v["epoch_gpqa_gpt4o_n"] = f"{g4o.sample_size}"
    v["epoch_gpqa_gpt4o_months"] = f"{12 * P.years_between(g4o.start_date, g4o.end_date):.0f}"

    # --- drivers: six levers --------------------------------------------------------------------
    # One waterfall per early-2024 H100 quote of the course's GPU price table: only the start
    # and the first step differ (every other lever multiplies the price by the same factor).
    quotes = P.early_2024_h100_quotes()
    runs = [P.driver_waterfall(P.baseline_setup(q.usd_per_gpu_hour)) for q in quotes]
    low, high = runs[0], runs[-1]
    steps = runs[0]
    base = P.baseline_setup()
    v["wf_start"] = f"{_usd(low[0].usd_per_million_before)}–{_usd(high[0].usd_per_million_before)}"
    v["wf_end"] = _usd(steps[-1].usd_per_million_after)
    v["wf_total"] = f"{_sig(low[0].usd_per_million_before / low[-1].usd_per_million_after)}–" + _times(
        high[0].usd_per_million_before / high[-1].usd_per_million_after
    )
    v["wf_cost_total"] = f"{_sig(math.prod(s.factor for s in low[:5]))}–" + _times(
        math.prod(s.factor for s in high[:5])
    )
    v["wf_biggest"] = max(steps, key=lambda s: s.factor).lever
    v["wf_smallest"] = min(high[:5], key=lambda s: s.factor).lever  # of the five cost levers, at either quote
    v["wf_start_tps"] = f"{base.tokens_per_second():,.0f}"
    v["wf_efficiency_b8"] = f"{100 * base.efficiency:.0f}%"
    v["wf_efficiency_b128"] = f"{100 * steps[1].setup_after.efficiency:.0f}%"
    v["wf_h100_early_2024"] = f"${quotes[0].usd_per_gpu_hour:.2f}–${quotes[-1].usd_per_gpu_hour:.2f}"
    v["wf_h100_early_months"] = " and ".join(f"{q.date:%B}" for q in quotes) + f" {quotes[-1].date:%Y}"
    v["wf_h100_early_vendors"] = " and ".join(q.vendor for q in quotes)
    v["wf_h100_2026"] = _cited(H100_HOUR_USD_2026, f"${H100_HOUR_USD_2026.value:.2f}")
    aim = AIMULTIPLE_H100_MEDIAN_USD_EARLY_2024
    v["wf_aimultiple_early_2024"] = _cited(aim, f"${aim.value:g}")
    v["wf_aimultiple_step"] = _times(aim.value / H100_HOUR_USD_2026.value)
    v["wf_margin_2024"] = _cited(OPENAI_COMPUTE_MARGIN_2024_01, f"{100 * OPENAI_COMPUTE_MARGIN_2024_01.value:.0f}%")
    v["wf_margin_2025"] = _cited(OPENAI_COMPUTE_MARGIN_2025_10, f"{100 * OPENAI_COMPUTE_MARGIN_2025_10.value:.0f}%")
    v["wf1_name"] = steps[0].lever
    v["wf1_factor"] = f"{_sig(low[0].factor)}–{_times(high[0].factor)}"
    v["wf2_name"] = steps[1].lever
    v["wf2_factor"] = _times(steps[1].factor)
    v["wf3_name"] = steps[2].lever
    v["wf3_factor"] = _times(steps[2].factor)
    v["wf4_name"] = steps[3].lever
    v["wf4_factor"] = _times(steps[3].factor)
    v["wf5_name"] = steps[4].lever
    v["wf5_factor"] = _times(steps[4].factor)
    v["wf6_name"] = steps[5].lever
    v["wf6_dearer"] = _times(1.0 / steps[5].factor)  # the margin rose: this step makes tokens dearer
    v["deepseek_active_b"] = _cited(DEEPSEEK_V3_ACTIVE_PARAMS, f"{DEEPSEEK_V3_ACTIVE_PARAMS.value / 1e9:.0f}")
    v["deepseek_total_b"] = _cited(DEEPSEEK_V3_TOTAL_PARAMS, f"{DEEPSEEK_V3_TOTAL_PARAMS.value / 1e9:.0f}")
    v["phi4_b"] = _cited(PHI4_PARAMS, f"{PHI4_PARAMS.value / 1e9:.0f}")

    # --- Jevons ----------------------------------------------------------------------------------
    google = P.token_volumes("google_tokens_per_month")
    # The first point is the registry figure Lesson 5 quotes too (one home, one date).
    v["google_first"] = _cited(GOOGLE_TOKENS_PER_MONTH_2024_05, _tokens(google[0].tokens))
    v["google_first_month"] = _month(google[0].date)
    v["google_last"] = _tokens(google[-1].tokens)
    v["google_last_month"] = _month(google[-1].date)
    google_total = google[-1].tokens / google[0].tokens
    google_years = P.years_between(google[0].date, google[-1].date)
    v["google_total"] = f"{google_total:,.0f}×"
    v["google_years"] = f"{google_years:.0f}"
    v["google_even_per_year"] = _times(P.decline_factor_over(google_total, google_years))
    v["google_n_points"] = f"{len(google)}"
    growth = P.annual_decline_factor([g.date for g in google], [1.0 / g.tokens for g in google])
    v["google_growth_per_year"] = _times(growth)
    openrouter = P.token_volumes("openrouter_tokens_per_day")[-1]
    v["openrouter_per_day"] = _tokens(openrouter.tokens)
    v["openrouter_month"] = _month(openrouter.date)
    openai_api = P.token_volumes("openai_api_tokens_per_day")[-1]
    v["openai_api_per_day"] = _tokens(openai_api.tokens)
    v["openai_api_month"] = _month(openai_api.date)
    # A 10× price cut under three elasticities.
    jevons = {e: P.spend_under_elasticity(0.1, e) for e in ELASTICITIES}
    v["jevons_e0_5_tokens"] = _times(jevons[0.5].quantity_factor)
    v["jevons_e0_5_spend"] = _times(jevons[0.5].spend_factor)
    v["jevons_e1_tokens"] = _times(jevons[1.0].quantity_factor)
    v["jevons_e1_spend"] = _times(jevons[1.0].spend_factor)
    v["jevons_e1_5_tokens"] = _times(jevons[1.5].quantity_factor)
    v["jevons_e1_5_spend"] = _times(jevons[1.5].spend_factor)

    # --- cheaper tokens, more tokens per task (reasoning, agents; Lesson 3) ---------------------
    v["reasoning_multiple"] = _cited(EPOCH_REASONING_OUTPUT_MULTIPLE, _times(EPOCH_REASONING_OUTPUT_MULTIPLE.value))
    v["reasoning_growth"] = _cited(
        EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR, _times(EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR.value)
    )
    v["nonreasoning_growth"] = _cited(
        EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR, _times(EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR.value)
    )
    v["agent_multiple"] = _cited(ANTHROPIC_AGENT_MULTIPLE, _times(ANTHROPIC_AGENT_MULTIPLE.value))
    v["multi_agent_multiple"] = _cited(ANTHROPIC_MULTI_AGENT_MULTIPLE, _times(ANTHROPIC_MULTI_AGENT_MULTIPLE.value))
    v["task_net_per_year"] = _times(
        P.net_decline_per_year(A16Z_DECLINE_PER_YEAR.value, EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR.value)
    )
    offset = P.years_of_decline_offset(EPOCH_REASONING_OUTPUT_MULTIPLE.value, A16Z_DECLINE_PER_YEAR.value)
    v["reasoning_offset_months"] = f"{12 * offset:.0f}"

    # --- the flat end of the chart: missing scores, not a plateau -------------------------------
    gap = P.score_gap(rows, "mmlu")
    v["mmlu_last_scored_month"] = _month(gap.last_scored)
    v["mmlu_unscored_n"] = f"{len(gap.unscored_after)}"
    v["mmlu_unscored_last_month"] = _month(gap.unscored_after[-1].date)
    cheaper = P.unscored_below_frontier(rows, "mmlu", 80.0)[0]
    v["mmlu80_unscored_cheaper"] = f"{cheaper.model} ({_usd(cheaper.blended())}, {_month(cheaper.date)})"

    # --- the page's calculator (docs/assets/widgets/price-decline.js): its defaults and data --
    v["calc_price_decline"] = calculator_data()
    return v


def calculator_data() -> str:
    """The defaults of the price-decline calculator, as JSON for the page.

    It starts from a16z's first point at MMLU ≥ 42 ($60 in November 2021), a16z's 10× a year
    and the whole years between a16z's two points; tokens per task do not grow and the demand
    elasticity is 1 until the reader changes them. The arithmetic it redoes is
    :func:`token_economics.prices.decline_factor_over` (read backwards),
    :attr:`token_economics.prices.LogTrend.halving_time_days`,
    :func:`token_economics.prices.net_decline_per_year` and
    :func:`token_economics.prices.spend_under_elasticity`.
    """
    a42 = P.a16z_points(42)
    data = {
        "defaults": {
            "usd_per_million": a42[0].usd_per_million_tokens,
            "decline_per_year": A16Z_DECLINE_PER_YEAR.value,
            "years": round(P.years_between(a42[0].date, a42[-1].date)),
            "tokens_growth_per_year": 1.0,
            "elasticity": 1.0,
        },
        "days_per_year": DAYS_PER_YEAR,
    }
    return json.dumps(data, separators=(",", ":"))


# --- figures -----------------------------------------------------------------------------------------


def _fig_price_chart() -> Figure:
    rows = P.price_history()
    fig, ax = new_figure(7.6, 4.8)
    ax.scatter(
        [r.date for r in rows],
        [r.blended() for r in rows],
        s=14,
        color="#999999",
        zorder=2,
        label="every list price (blended 3:1)",
    )
    # Highest threshold first and thickest, so that where two frontiers share a step both show.
    pairs = list(zip(PALETTE, MMLU_THRESHOLDS, strict=False))  # more colours than thresholds
    for width, (colour, t) in zip((4.2, 3.2, 2.2, 1.4), reversed(pairs), strict=True):
        trend = _frontiers()[("mmlu", t)]
        xs, ys = [], []
        for i, p in enumerate(trend.points):
            xs.append(p.date)
            ys.append(p.usd_per_million_blended)
            nxt = trend.points[i + 1].date if i + 1 < len(trend.points) else rows[-1].date
            xs.append(nxt)
            ys.append(p.usd_per_million_blended)
        ax.plot(
            xs,
            ys,
            color=colour,
            linewidth=width,
            zorder=3,
            solid_joinstyle="miter",
            label=f"cheapest with MMLU ≥ {t:g}: {_times(trend.annual_decline_factor)} cheaper per year",
        )
    ax.set_yscale("log")
    ax.set_ylabel("USD per million tokens (log scale)")
    ax.set_title("List prices barely fall; the price of a fixed capability collapses", fontsize=10.5)
    handles, labels = ax.get_legend_handles_labels()
    order = [0] + list(range(len(handles) - 1, 0, -1))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], fontsize=7.5, frameon=False, loc="lower left")
    return finish(fig, source="price_history.csv (provider pages, archived copies, Epoch AI); scores from Epoch AI")


def _fig_linear_vs_log() -> Figure:
    import matplotlib.pyplot as plt
    import numpy as np

    points = P.a16z_points(42)
    dates = [p.date for p in points]
    values = [p.usd_per_million_tokens for p in points]
    line = P.linear_price_trend(dates, values)
    logt = P.log_price_trend(dates, values)
    days = np.linspace(dates[0].toordinal(), dates[-1].toordinal() + 365, 120)
    xs = [date.fromordinal(int(d)) for d in days]
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.4), dpi=110)
    fig.patch.set_facecolor("white")
    from token_economics.plotting import style_axes

    for ax, scale in zip(axes, ("linear", "log"), strict=True):
        style_axes(ax)
        ax.plot(xs, [logt.predict(x) for x in xs], color=PALETTE[0], label="straight line through log(price)")
        lin = [line.predict(x) for x in xs]
        ax.plot(
            xs,
            lin if scale == "linear" else [y if y > 0 else float("nan") for y in lin],
            color=PALETTE[5],
            linestyle="--",
            label="straight line through price",
        )
        ax.scatter(dates, values, color="black", zorder=3, label=_tex("a16z: $60 (2021), $0.06 (2024)"))
        ax.set_yscale(scale)
        ax.set_title(f"{scale} price axis", fontsize=9.5)
        ax.tick_params(axis="x", labelrotation=30, labelsize=7.5)
    axes[0].axhline(0, color="#555555", linewidth=0.8)
    axes[0].set_ylabel("USD per million tokens")
    axes[1].legend(fontsize=7, frameon=False, loc="lower left")
    return finish(fig, source="a16z, Welcome to LLMflation (2024): cheapest model with MMLU ≥ 42")


def _fig_decline_rates() -> Figure:
    ours = [
        (f"{b.upper() if b == 'mmlu' else 'GPQA'} ≥ {t:g} (this course)", tr.annual_decline_factor)
        for (b, t), tr in _frontiers().items()
    ]
    epoch = [
        (
            f"{r.benchmark.replace(' Diamond', '')} ≥ {r.threshold_score:g}, {r.threshold_model} level (Epoch AI)",
            r.factor_per_year,
        )
        for r in P.epoch_decline_rates()
        if r.benchmark in ("MMLU", "GPQA Diamond")
    ]
    rows = ours + epoch
    fig, ax = new_figure(8.0, 5.0)
    colours = [PALETTE[0]] * len(ours) + [PALETTE[1]] * len(epoch)
    ax.barh(range(len(rows)), [f for _, f in rows], color=colours)
    for i, (_, f) in enumerate(rows):
        ax.text(f * 1.1, i, _times(f), va="center", fontsize=7.5)
    ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=7.5)
    ax.set_xscale("log")
    ax.set_xlim(1, 5000)
    ax.axvline(A16Z_DECLINE_PER_YEAR.value, color=PALETTE[3], linestyle="--", linewidth=1.2)
    ax.text(
        A16Z_DECLINE_PER_YEAR.value * 1.05,
        -0.9,
        f"a16z: {A16Z_DECLINE_PER_YEAR.value:g}× per year",
        color=PALETTE[3],
        fontsize=8,
    )
    ax.axvspan(EPOCH_DECLINE_MIN_PER_YEAR.value, EPOCH_DECLINE_MAX_PER_YEAR.value, color=PALETTE[1], alpha=0.08)
    ax.text(1000, -0.9, "Epoch AI: 9×–900×", color="#9a6a00", fontsize=8, ha="right")
    ax.set_ylim(len(rows) - 0.5, -1.4)
    ax.set_xlabel("times cheaper per year at equal capability (log scale)")
    ax.set_title("How fast a fixed capability gets cheaper depends on the bar", fontsize=10, loc="right")
    return finish(fig, source="this course's price_history.csv (3:1 blend); Epoch AI 2025 fitted rates; a16z 2024")


def _fig_waterfall() -> Figure:
    # One run per early-2024 H100 quote; they differ only in the start and the first step.
    quotes = P.early_2024_h100_quotes()
    runs = [P.driver_waterfall(P.baseline_setup(q.usd_per_gpu_hour)) for q in quotes]
    steps, high = runs[0], runs[-1]
    fig, ax = new_figure(7.6, 4.4)
    labels = ["start"] + [s.lever for s in steps]
    levels = [steps[0].usd_per_million_before] + [s.usd_per_million_after for s in steps]
    top = high[0].usd_per_million_before
    ax.bar(0, levels[0], color=PALETTE[7], width=0.6)
    # The range of starting prices (the later, dearer quote) as a lighter bar on top.
    ax.bar(0, top - levels[0], bottom=levels[0], color=PALETTE[7], alpha=0.35, width=0.6)
    ax.text(0, top * 1.15, f"{quotes[0].date:%b}–{quotes[-1].date:%b %Y}", ha="center", fontsize=7.5)
    for i, (s, h) in enumerate(zip(steps, high, strict=True), start=1):
        lo_level, hi_level = sorted((s.usd_per_million_before, s.usd_per_million_after))
        ax.bar(
            i,
            hi_level - lo_level,
            bottom=lo_level,
            color=PALETTE[i % len(PALETTE)] if i % len(PALETTE) != 6 else PALETTE[4],
            width=0.6,
            hatch="//" if s.factor < 1 else None,
        )
        if s.factor < 1:  # a step that makes the token dearer
            label = f"×{_sig(1 / s.factor, 2)} dearer"
        elif abs(h.factor - s.factor) > 0.05:  # the step that depends on the starting quote
            label = f"÷{_sig(s.factor, 2)}–{_sig(h.factor, 2)}"
            ax.bar(
                i,
                h.usd_per_million_before - s.usd_per_million_before,
                bottom=s.usd_per_million_before,
                color=PALETTE[i % len(PALETTE)],
                alpha=0.35,
                width=0.6,
            )
            hi_level = h.usd_per_million_before
        else:
            label = f"÷{_sig(s.factor, 2)}"
        ax.text(i, hi_level * 1.15, label, ha="center", fontsize=8)
    ax.bar(len(labels), levels[-1], color=PALETTE[2], width=0.6)
    ax.set_xticks(range(len(labels) + 1), labels + ["end"], rotation=25, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylim(min(levels) / 3, top * 3)
    ax.set_ylabel("USD per million output tokens (log)")
    ax.set_title(
        _tex(f"Six levers take a 70B-class token from {_usd(levels[0])}–{_usd(top)} to {_usd(levels[-1])}"),
        fontsize=10.5,
    )
    return finish(
        fig,
        source="Lesson 2 roofline × ML.ENERGY efficiency; GPU prices Epoch AI (2024), AIMultiple (2026); "
        "margins The Information",
    )


def _fig_jevons() -> Figure:
    google = P.token_volumes("google_tokens_per_month")
    frontier = _frontiers()[("mmlu", 42.0)]
    fig, ax = new_figure(7.6, 4.2)
    t0 = google[0].tokens
    ax.plot(
        [g.date for g in google],
        [g.tokens / t0 for g in google],
        "o-",
        color=PALETTE[0],
        label=f"Google tokens per month (÷ {_tokens(t0)})",
    )
    base = frontier.trend.predict(google[0].date)
    xs = [p.date for p in frontier.points if p.date >= date(2023, 1, 1)] + [google[-1].date]
    ax.plot(
        xs,
        [frontier.trend.predict(x) / base for x in xs],
        "--",
        color=PALETTE[5],
        label=f"fitted price at MMLU ≥ 42 ({_times(frontier.annual_decline_factor)} cheaper per year)",
    )
    ax.set_yscale("log")
    ax.set_ylabel(f"relative to {_month(google[0].date)} (log scale)")
    ax.set_title("Tokens got cheaper; far more of them are being used", fontsize=10.5)
    ax.legend(fontsize=8, frameon=False)
    return finish(
        fig, source="Google I/O 2024–2026 and Alphabet results (token_volume.csv); price trend from price_history.csv"
    )


def figures() -> dict[str, Figure]:
    """The lesson 4 figures by name (written as ``figures/l4-<name>.png``)."""
    return {
        "price-chart": _fig_price_chart(),
        "linear-vs-log": _fig_linear_vs_log(),
        "decline-rates": _fig_decline_rates(),
        "waterfall": _fig_waterfall(),
        "jevons": _fig_jevons(),
    }
