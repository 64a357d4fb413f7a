"""Numbers and figures for lesson 5, "Token as the new currency of the AI era".

Every value is computed here by :mod:`token_economics.currency` (and the lessons it builds
on) when the site is built; the page writes ``{{ l5.key }}``.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import agents, costs
from token_economics import currency as cur
from token_economics import market
from token_economics.plotting import PALETTE, finish, new_figure, style_axes
from token_economics.site.formatting import cited as _cited
from token_economics.site.formatting import moment
from token_economics.sources import (
    CLUSTER_INTERCONNECT_FRACTION,
    EPOCH_PUE,
    EXAMPLE_GPU_HOUR_USD,
    GPU_LIFETIME_YEARS,
    H100_HOUR_USD_2026,
    H100_PURCHASE_USD,
    SEMIANALYSIS_H100_HOUR_USD_2025_10,
    UPTIME_PUE_2024,
    US_INDUSTRIAL_USD_PER_KWH_2023,
)
from token_economics.site.formatting import pct as _pct
from token_economics.site.formatting import usd as _usd

#: Providers of Llama 3.1 70B whose list prices the lesson compares with the cost of making it
#: (genai-prices ids: provider, model).
LLAMA70B_LISTINGS: tuple[tuple[str, str, str], ...] = (
    ("AWS Bedrock", "aws", "meta.llama3-1-70b-instruct-v1:0"),
    ("Together AI", "together", "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo"),
    ("Groq", "groq", "llama-3.1-70b-versatile"),
    ("Avian", "avian", "Meta-Llama-3.1-70B-Instruct"),
)

#: The two pairs of models the lesson converts between (names as in lesson 4's history).
EXCHANGE_PAIRS: tuple[tuple[str, str], ...] = (("GPT-4o", "GPT-4o mini"), ("Claude 3 Opus", "Gemini 1.5 Flash"))

#: Models whose prices today (the genai-prices snapshot) the budget table uses: (model, provider).
TODAY_MODELS: tuple[tuple[str, str], ...] = (
    ("gpt-5", "openai"),
    ("gpt-5-mini", "openai"),
    ("claude-sonnet-4-5", "anthropic"),
    ("claude-haiku-4-5", "anthropic"),
    ("gemini-2.5-flash", "google"),
    ("deepseek-v4-flash", "deepseek"),
)

#: The budget example: USD per month, and the input and output tokens of one task.
BUDGET_USD, TASK_INPUT_TOKENS, TASK_OUTPUT_TOKENS = 100.0, 2_000, 500

#: Capability threshold for the commoditisation test (MMLU, percent).
SPREAD_MMLU: float = 80.0


@lru_cache(maxsize=1)
def _listings() -> tuple[tuple[str, float, float, str], ...]:
    out = []
    for label, provider, model in LLAMA70B_LISTINGS:
        price = market.current_price(model, provider=provider)
        out.append((label, price.usd_per_million_input, price.usd_per_million_output, str(price.snapshot_date)))
    return tuple(out)


def values() -> dict[str, str]:
    """Every number the lesson 5 page shows, by placeholder key."""
    v: dict[str, str] = {}
    setup = cur.ProductionSetup()

    # --- production cost: the worked example -------------------------------------------------
    rent = costs.gpu_cost_per_million_tokens(EXAMPLE_GPU_HOUR_USD.value, setup.n_gpus, setup.tokens_per_second)
    power = costs.electricity_cost_per_million_tokens(setup.joules_per_token, setup.usd_per_kwh, setup.pue)
    v["gpu_hour_usd"] = _cited(EXAMPLE_GPU_HOUR_USD, _usd(EXAMPLE_GPU_HOUR_USD.value))
    v["n_gpus"] = f"{setup.n_gpus:g}"
    v["tokens_per_second"] = f"{setup.tokens_per_second:,.0f}"
    v["joules_per_token"] = f"{setup.joules_per_token:.3g}"
    v["server_usd_per_hour"] = _usd(EXAMPLE_GPU_HOUR_USD.value * setup.n_gpus)
    v["tokens_per_hour_millions"] = f"{setup.tokens_per_second * 3600 / 1e6:.1f}"
    v["rental_usd_per_million"] = _usd(rent)
    v["electricity_usd_per_million"] = _usd(power, 3)
    v["electricity_share_of_rental"] = _pct(power / rent, 1)
    v["epoch_pue"] = _cited(EPOCH_PUE)
    # one electricity price for the whole lesson: the worked example's (US industrial, 2023)
    v["example_cents_per_kwh"] = _cited(US_INDUSTRIAL_USD_PER_KWH_2023, f"{setup.usd_per_kwh * 100:g}")
    v["rent_half_util_usd_per_million"] = _usd(
        costs.gpu_cost_per_million_tokens(EXAMPLE_GPU_HOUR_USD.value, setup.n_gpus, setup.tokens_per_second, 0.5)
    )
    v["gpu_hour_usd_low"] = _cited(SEMIANALYSIS_H100_HOUR_USD_2025_10, _usd(SEMIANALYSIS_H100_HOUR_USD_2025_10.value))
    v["gpu_hour_usd_median"] = _cited(H100_HOUR_USD_2026, _usd(H100_HOUR_USD_2026.value))

    # --- owning the hardware -----------------------------------------------------------------
    own = cur.cost_breakdown(setup)
    own_half = cur.cost_breakdown(cur.ProductionSetup(utilization=0.5))
    v["h100_purchase_usd"] = _cited(H100_PURCHASE_USD, _usd(H100_PURCHASE_USD.value, 0))
    v["lifetime_years"] = _cited(GPU_LIFETIME_YEARS)
    v["networking_pct"] = _cited(CLUSTER_INTERCONNECT_FRACTION, _pct(CLUSTER_INTERCONNECT_FRACTION.value))
    # a share f of the whole bill is f / (1 - f) on top of the rest: 19% of the total is +23%
    v["networking_markup_pct"] = _pct(CLUSTER_INTERCONNECT_FRACTION.value / (1 - CLUSTER_INTERCONNECT_FRACTION.value))
    v["capital_usd_per_busy_hour"] = _usd(cur.amortised_gpu_hour_usd(H100_PURCHASE_USD.value, GPU_LIFETIME_YEARS.value))
    v["all_hardware_usd_per_busy_hour"] = _usd(
        cur.amortised_gpu_hour_usd(
            H100_PURCHASE_USD.value, GPU_LIFETIME_YEARS.value, networking_fraction=CLUSTER_INTERCONNECT_FRACTION.value
        )
    )
    v["us_usd_per_kwh"] = _cited(US_INDUSTRIAL_USD_PER_KWH_2023, _usd(US_INDUSTRIAL_USD_PER_KWH_2023.value, 4))
    v["own_cost_usd_per_million"] = _usd(own.cost_usd_per_million)
    v["own_capital_usd_per_million"] = _usd(own.gpu_capital_usd_per_million)
    v["own_electricity_usd_per_million"] = _usd(own.electricity_usd_per_million, 3)
    v["own_electricity_share"] = _pct(own.electricity_share, 1)
    v["own_half_cost_usd_per_million"] = _usd(own_half.cost_usd_per_million)
    v["rent_over_own"] = f"{rent / own.cost_usd_per_million:.1f}"

    # --- when would electricity matter? -------------------------------------------------------
    half_hour = cur.gpu_hour_price_for_electricity_share(
        0.5, setup.joules_per_token, setup.usd_per_kwh, setup.pue, setup.n_gpus, setup.tokens_per_second
    )
    v["gpu_hour_usd_for_half_electricity"] = _usd(half_hour, 3)
    v["gpu_hour_cut_for_half_electricity"] = f"{EXAMPLE_GPU_HOUR_USD.value / half_hour:,.0f}"
    v["gpu_purchase_usd_for_half_electricity"] = _usd(cur.gpu_purchase_usd_for_electricity_share(0.5), 0)

    # --- list prices of the same model ---------------------------------------------------------
    listings = _listings()
    blended = {label: costs.blended_price(i, o) for label, i, o, _ in listings}
    v["prices_snapshot_date"] = listings[0][3]
    v["prices_as_of"] = moment(market.PRICES_AS_OF)
    v["llama70b_n_listings"] = str(len(listings))
    v["llama70b_list_low"] = _usd(min(blended.values()))
    v["llama70b_list_high"] = _usd(max(blended.values()))
    v["llama70b_aws_bedrock"] = _usd(blended["AWS Bedrock"])

    # --- exchange rates -----------------------------------------------------------------------
    book = cur.history_price_book()
    (a1, b1), (a2, b2) = EXCHANGE_PAIRS
    # Row 1 of the table, and the quality adjustment worked through in the text.
    v["pair1_a"] = a1
    v["pair1_b"] = b1
    v["pair1_a_blended"] = _usd(book.get(a1).blended_usd_per_million(), 3)
    v["pair1_b_blended"] = _usd(book.get(b1).blended_usd_per_million(), 4)
    v["pair1_a_mmlu"] = f"{book.get(a1).scores['mmlu']:g}"
    v["pair1_b_mmlu"] = f"{book.get(b1).scores['mmlu']:g}"
    v["pair1_rate"] = f"{cur.exchange_rate(a1, b1, book):.1f}"
    v["pair1_quality_rate"] = f"{cur.quality_adjusted_exchange_rate(a1, b1, book):.1f}"
    # Row 2 of the table.
    v["pair2_a"] = a2
    v["pair2_b"] = b2
    v["pair2_a_blended"] = _usd(book.get(a2).blended_usd_per_million(), 3)
    v["pair2_b_blended"] = _usd(book.get(b2).blended_usd_per_million(), 4)
    v["pair2_rate"] = f"{cur.exchange_rate(a2, b2, book):.1f}"
    v["pair2_quality_rate"] = f"{cur.quality_adjusted_exchange_rate(a2, b2, book):.1f}"

    # --- budget -------------------------------------------------------------------------------
    lines = {
        line.model: line
        for line in cur.budget(
            BUDGET_USD,
            book,
            models=["GPT-4o", "GPT-4o mini"],
            input_tokens_per_task=TASK_INPUT_TOKENS,
            output_tokens_per_task=TASK_OUTPUT_TOKENS,
        )
    }
    v["budget_usd"] = _usd(BUDGET_USD, 0)
    v["task_input_tokens"] = f"{TASK_INPUT_TOKENS:,}"
    v["task_output_tokens"] = f"{TASK_OUTPUT_TOKENS:,}"
    v["budget_gpt4o_tasks"] = f"{lines['GPT-4o'].tasks:,.0f}"
    v["budget_gpt4o_mini_tasks"] = f"{lines['GPT-4o mini'].tasks:,.0f}"

    # The same budget at today's prices (genai-prices), with lesson 3's example agent run.
    today = cur.PriceBook(
        [e for model, provider in TODAY_MODELS for e in cur.current_price_book([model], provider=provider)]
    )
    spec, steps = agents.replay_transcript(tokenizer="o200k_base")
    run_input, run_output = cur.agent_run_tokens(spec, steps)
    v["agent_run_input_tokens"] = f"{run_input:,}"
    v["agent_run_output_tokens"] = f"{run_output:,}"
    rows = [
        "| model (today's list price) | blended USD/M | million tokens | tasks | agent runs |",
        "|---|---|---|---|---|",
    ]
    today_lines = cur.budget(
        BUDGET_USD,
        today,
        input_tokens_per_task=TASK_INPUT_TOKENS,
        output_tokens_per_task=TASK_OUTPUT_TOKENS,
        agent_run_input_tokens=run_input,
        agent_run_output_tokens=run_output,
    )
    runs = [line.agent_runs for line in today_lines]
    v["budget_today_runs_ratio"] = f"{max(runs) / min(runs):.0f}"
    for line in today_lines:
        rows.append(
            f"| {line.model} | {_usd(line.blended_usd_per_million, 3)} | {line.tokens / 1e6:,.0f} "
            f"| {line.tasks:,.0f} | {line.agent_runs:,.0f} |"
        )
    v["budget_today_table"] = "\n".join(rows)

    # --- exporters ----------------------------------------------------------------------------
    rows = cur.token_exporters()
    by_code = {r.country_code: r for r in rows}
    cheapest, dearest = rows[0], rows[-1]
    cleanest = min(rows, key=lambda r: r.gco2_per_million)
    dirtiest = max(rows, key=lambda r: r.gco2_per_million)
    v["uptime_pue"] = _cited(UPTIME_PUE_2024)
    v["exporter_cheapest"] = cheapest.country
    v["exporter_cheapest_usd"] = _usd(cheapest.total_usd_per_million, 3)
    v["exporter_dearest"] = dearest.country
    v["exporter_dearest_usd"] = _usd(dearest.total_usd_per_million, 3)
    v["exporter_cost_gap_pct"] = _pct(dearest.total_usd_per_million / cheapest.total_usd_per_million - 1)
    v["exporter_max_electricity_share"] = _pct(max(r.electricity_share for r in rows))
    v["exporter_min_electricity_share"] = _pct(min(r.electricity_share for r in rows))
    v["exporter_cleanest"] = cleanest.country
    v["exporter_cleanest_g"] = f"{cleanest.gco2_per_million:.0f}"
    v["exporter_dirtiest"] = dirtiest.country
    v["exporter_dirtiest_g"] = f"{dirtiest.gco2_per_million:.0f}"
    v["exporter_carbon_ratio"] = f"{dirtiest.gco2_per_million / cleanest.gco2_per_million:.0f}"
    # The exporters table, one row per place.
    usa, chn, fin, cyp, wor = by_code["USA"], by_code["CHN"], by_code["FIN"], by_code["CYP"], by_code["WOR"]
    v["kwh_usa"] = _usd(usa.usd_per_kwh, 3)
    v["exp_usa_usd"] = _usd(usa.total_usd_per_million, 3)
    v["exp_usa_share"] = _pct(usa.electricity_share)
    v["grid_usa"] = f"{usa.grid_gco2_per_kwh:.0f}"
    v["exp_usa_g"] = f"{usa.gco2_per_million:.0f}"
    v["kwh_chn"] = _usd(chn.usd_per_kwh, 3)
    v["exp_chn_usd"] = _usd(chn.total_usd_per_million, 3)
    v["exp_chn_share"] = _pct(chn.electricity_share)
    v["grid_chn"] = f"{chn.grid_gco2_per_kwh:.0f}"
    v["exp_chn_g"] = f"{chn.gco2_per_million:.0f}"
    v["kwh_fin"] = _usd(fin.usd_per_kwh, 3)
    v["exp_fin_usd"] = _usd(fin.total_usd_per_million, 3)
    v["exp_fin_share"] = _pct(fin.electricity_share)
    v["grid_fin"] = f"{fin.grid_gco2_per_kwh:.0f}"
    v["exp_fin_g"] = f"{fin.gco2_per_million:.0f}"
    v["kwh_cyp"] = _usd(cyp.usd_per_kwh, 3)
    v["exp_cyp_usd"] = _usd(cyp.total_usd_per_million, 3)
    v["exp_cyp_share"] = _pct(cyp.electricity_share)
    v["grid_cyp"] = f"{cyp.grid_gco2_per_kwh:.0f}"
    v["exp_cyp_g"] = f"{cyp.gco2_per_million:.0f}"
    v["kwh_wor"] = _usd(wor.usd_per_kwh, 3)
    v["exp_wor_usd"] = _usd(wor.total_usd_per_million, 3)
    v["exp_wor_share"] = _pct(wor.electricity_share)
    v["grid_wor"] = f"{wor.grid_gco2_per_kwh:.0f}"
    v["exp_wor_g"] = f"{wor.gco2_per_million:.0f}"
    v["exp_hardware_usd"] = _usd(rows[0].gpu_usd_per_million, 3)
    v["kwh_price_ratio"] = f"{max(r.usd_per_kwh for r in rows) / min(r.usd_per_kwh for r in rows):.1f}"

    # --- commoditisation ----------------------------------------------------------------------
    spread = cur.price_spread_by_year(SPREAD_MMLU)
    first, last = spread[0], spread[-1]
    v["spread_mmlu"] = f"{SPREAD_MMLU:g}"
    v["spread_first_year"] = str(first.year)
    v["spread_last_year"] = str(last.year)
    v["spread_first_ratio"] = f"{first.spread_ratio:.1f}"
    v["spread_last_ratio"] = f"{last.spread_ratio:.0f}"
    v["spread_max_ratio"] = f"{max(r.spread_ratio for r in spread):.0f}"
    v["spread_max_ratio_year"] = str(max(spread, key=lambda r: r.spread_ratio).year)
    v["spread_first_min"] = _usd(first.min_usd_per_million)
    v["spread_last_min"] = _usd(last.min_usd_per_million, 3)
    v["spread_last_cheapest"] = last.cheapest_model
    v["spread_min_fall"] = f"{first.min_usd_per_million / last.min_usd_per_million:,.0f}"

    # --- units of past ages ---------------------------------------------------------------------
    units = {(u.age, u.period): u for u in cur.units_of_ages()}
    coal = units[("steam", "2024")]
    power_u = units[("electric", "2023")]
    traffic = units[("internet", "2024-Q2")]
    tok_first, tok_last = units[("ai", "2024-04")], units[("ai", "2025-10")]
    v["coal_bt"] = f"{coal.value / 1e9:.2f}"
    v["electricity_twh"] = f"{power_u.value / 1e9:,.0f}"
    v["mobile_eb_quarter"] = f"{traffic.value / 1e18:.0f}"
    v["google_tokens_first_t"] = f"{tok_first.value / 1e12:.1f}"
    v["google_tokens_last_q"] = f"{tok_last.value / 1e15:.1f}"
    v["google_tokens_growth"] = f"{tok_last.value / tok_first.value:,.0f}"
    return v


def _fig_cost_breakdown() -> Figure:
    setup = cur.ProductionSetup()
    rent = cur.rental_cost_per_million(EXAMPLE_GPU_HOUR_USD.value, setup)
    rent_power = costs.electricity_cost_per_million_tokens(setup.joules_per_token, setup.usd_per_kwh, setup.pue)
    own = cur.cost_breakdown(setup)
    own_half = cur.cost_breakdown(cur.ProductionSetup(utilization=0.5))
    fig, ax = new_figure(7.6, 4.4)
    bars = [
        (f"Rent 4×H100\nat ${EXAMPLE_GPU_HOUR_USD.value:.2f}/GPU-h", None),
        ("Own 4×H100,\nbusy 100% of hours", own),
        ("Own 4×H100,\nbusy 50% of hours", own_half),
    ]
    labels = [b[0] for b in bars]
    # Rental: one block, electricity (already inside the rent) drawn on top for scale.
    ax.bar(0, rent - rent_power, color="#999999", label="GPU rent (all-in)")
    ax.bar(0, rent_power, bottom=rent - rent_power, color=PALETTE[5])
    colours = [PALETTE[0], PALETTE[4], PALETTE[5], PALETTE[1], PALETTE[3]]
    for x, (_, breakdown) in enumerate(bars[1:], start=1):
        bottom = 0.0
        for (name, value), colour in zip(breakdown.components().items(), colours, strict=False):
            if value <= 0:
                continue
            ax.bar(x, value, bottom=bottom, color=colour, label=name if x == 1 else None)
            bottom += value
    listings = _listings()
    blended = sorted(costs.blended_price(i, o) for _, i, o, _ in listings)
    ax.axhspan(
        blended[0],
        blended[-1],
        color=PALETTE[2],
        alpha=0.15,
        zorder=0,
        label=f"List prices of Llama 3.1 70B ({len(blended)} providers, 3:1 blend)",
    )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("USD per million output tokens")
    ax.set_title("What a Llama-3.1-70B token costs to make (ML.ENERGY throughput)", fontsize=10)
    ax.legend(fontsize=7, loc="upper right", frameon=False)
    return finish(fig, source="ML.ENERGY v3.0; Epoch AI hardware prices; Amazon 10-K; EIA; genai-prices")


def _fig_exporters() -> Figure:
    rows = cur.token_exporters()
    fig, _ = new_figure(8.0, 3.8)
    fig.clf()
    ax1, ax2 = fig.subplots(1, 2)
    for ax in (ax1, ax2):
        style_axes(ax)
    names = [r.country for r in rows]
    gpu = [r.gpu_usd_per_million for r in rows]
    power = [r.electricity_usd_per_million for r in rows]
    ax1.barh(names, gpu, color=PALETTE[0], label="hardware")
    ax1.barh(names, power, left=gpu, color=PALETTE[5], label="electricity")
    ax1.invert_yaxis()
    ax1.set_xlim(0, max(g + p for g, p in zip(gpu, power, strict=True)) * 1.9)
    ax1.set_xlabel("USD per million tokens (ranked, cheapest on top)")
    ax1.legend(fontsize=7, frameon=True, framealpha=0.9, loc="lower right")
    by_carbon = sorted(rows, key=lambda r: r.gco2_per_million)
    ax2.barh([r.country for r in by_carbon], [r.gco2_per_million for r in by_carbon], color=PALETTE[2])
    ax2.invert_yaxis()
    ax2.set_xlabel("gCO2e per million tokens (cleanest on top)")
    fig.suptitle(
        f"Making a million Llama-3.1-70B tokens in different places (PUE {UPTIME_PUE_2024.value:g})", fontsize=10
    )
    return finish(
        fig, source="EIA; China Briefing; Eurostat; GlobalPetrolPrices; EcoLogits grid mixes; Uptime Institute"
    )


def _fig_price_spread() -> Figure:
    fig, ax = new_figure(7.0, 4.0)
    for threshold, colour in ((80.0, PALETTE[0]), (85.0, PALETTE[1])):
        spread = cur.price_spread_by_year(threshold)
        years = [r.year for r in spread]
        ax.fill_between(
            years,
            [r.min_usd_per_million for r in spread],
            [r.max_usd_per_million for r in spread],
            color=colour,
            alpha=0.15,
        )
        ax.plot(
            years, [r.max_usd_per_million for r in spread], "o--", color=colour, label=f"dearest, MMLU ≥ {threshold:g}"
        )
        ax.plot(
            years, [r.min_usd_per_million for r in spread], "o-", color=colour, label=f"cheapest, MMLU ≥ {threshold:g}"
        )
        for r in spread:
            ax.annotate(
                f"×{r.spread_ratio:.0f}" if r.spread_ratio >= 10 else f"×{r.spread_ratio:.1f}",
                (r.year, r.max_usd_per_million),
                textcoords="offset points",
                xytext=(6, 4),
                fontsize=7,
                color=colour,
            )
    ax.set_yscale("log")
    ax.set_xticks(sorted({r.year for r in cur.price_spread_by_year(80.0)}))
    ax.set_ylabel("USD per million tokens (3:1 blend, log scale)")
    ax.set_title("Prices set each year for models of equal capability: cheapest vs dearest", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    return finish(fig, source="lesson 4 price history (curated list prices, Epoch AI MMLU scores)")


def figures() -> dict[str, Figure]:
    """The lesson 5 figures by name (written as ``figures/l5-<name>.png``)."""
    return {
        "cost-breakdown": _fig_cost_breakdown(),
        "exporters": _fig_exporters(),
        "price-spread": _fig_price_spread(),
    }
