"""Numbers and figures for lesson 5, "Token as the new currency of the AI era".

Every value is computed here by :mod:`token_economics.currency` (and the lessons it builds
on) when the site is built; the page writes ``{{ l5.key }}``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import agents, costs
from token_economics import currency as cur
from token_economics import market, prices
from token_economics.plotting import PALETTE, finish, new_figure, style_axes
from token_economics.site.formatting import cited as _cited
from token_economics.site.formatting import moment
from token_economics.site.formatting import month as _month
from token_economics.sources import (
    BEDROCK_SLA_MONTHLY_UPTIME,
    CLAUDE_CODE_USD_PER_ACTIVE_DAY,
    CLAUDE_CODE_USD_PER_MONTH_HIGH,
    CLAUDE_CODE_USD_PER_MONTH_LOW,
    CLUSTER_INTERCONNECT_FRACTION,
    COPILOT_BUSINESS_USD_PER_SEAT_MONTH,
    DEEPSEEK_CACHE_HIT_SHARE,
    DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_GPUS_PER_NODE,
    DEEPSEEK_H800_HOUR_USD,
    DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
    EIA_US_OUTAGE_HOURS_2018,
    EPOCH_PUE,
    EPOCH_REASONING_OUTPUT_MULTIPLE,
    GEMINI_AUDIO_TOKENS_PER_SECOND,
    GEMINI_IMAGE_OUTPUT_USD_PER_MILLION,
    GEMINI_IMAGE_TOKENS_PER_IMAGE,
    GEMINI_IMAGE_USD_PER_IMAGE,
    IEA_CHINA_DATA_CENTRE_TWH_2024,
    IEA_DATA_CENTRE_TWH_2024,
    IEA_US_DATA_CENTRE_TWH_2024,
    LLAMA31_70B_MMLU,
    MMLU_ANSWER_CHOICES,
    OPENROUTER_CHINESE_OPEN_SHARE_MEAN,
    OPENROUTER_CHINESE_OPEN_SHARE_PEAK,
    EXAMPLE_GPU_HOUR_USD,
    GOOGLE_TOKENS_PER_MONTH_2024_05,
    GPU_LIFETIME_YEARS,
    H100_HOUR_USD_2026,
    H100_PURCHASE_USD,
    SEMIANALYSIS_H100_HOUR_USD_2025_10,
    UPTIME_PUE_2024,
    US_INDUSTRIAL_USD_PER_KWH_2023,
)
from token_economics.site.formatting import pct as _pct
from token_economics.site.formatting import usd as _usd
from token_economics.units import HOURS_PER_YEAR, JOULES_PER_KWH, SECONDS_PER_HOUR, TOKENS_PER_MILLION

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

#: When DeepSeek's list prices are read for the input-vs-output comparison: the day of its
#: published serving figures (noon UTC, outside its former night discount), and a day under the
#: prices it set on 2025-09-29 (DeepSeek-V3.2).
DEEPSEEK_MEASURED_AT = datetime(2025, 2, 28, 12, 0, tzinfo=timezone.utc)
DEEPSEEK_V32_PRICED_AT = datetime(2025, 10, 1, 12, 0, tzinfo=timezone.utc)

#: A moment when deepseek-chat still had its first prices ($0.27 / $1.10, lesson 4's history) and
#: gpt-5-mini was already sold: the comparison where the blended price misleads.
BLEND_PUZZLE_AT = datetime(2025, 8, 15, 12, 0, tzinfo=timezone.utc)
BLEND_PUZZLE_MODELS: tuple[tuple[str, str], ...] = (("gpt-5-mini", "openai"), ("deepseek-chat", "deepseek"))

#: A model priced per token although its work is robots' planning (genai-prices ids).
ROBOTICS_MODEL: tuple[str, str] = ("gemini-robotics-er-2-preview", "google")


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
    v["tokens_per_hour"] = f"{setup.tokens_per_second * 3600 / 1e6:.1f} million"
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
    v["prices_snapshot_date"] = listings[0][3]
    v["prices_as_of"] = moment(market.PRICES_AS_OF)
    v["llama70b_n_listings"] = str(len(listings))
    # Like with like: ML.ENERGY's cost is per *output* token, so compare output prices.
    output_spread = cur.seller_spread({label: o for label, _, o, _ in listings})
    input_spread = cur.seller_spread({label: i for label, i, _, _ in listings})
    v["llama70b_output_low"] = _usd(output_spread.low_usd_per_million)
    v["llama70b_output_high"] = _usd(output_spread.high_usd_per_million)
    v["llama70b_output_cheapest"] = output_spread.cheapest
    v["llama70b_output_dearest"] = output_spread.dearest
    v["llama70b_output_ratio"] = f"{output_spread.ratio:.1f}"
    v["llama70b_input_low"] = _usd(input_spread.low_usd_per_million)
    v["llama70b_input_high"] = _usd(input_spread.high_usd_per_million)
    v["llama70b_input_ratio"] = f"{input_spread.ratio:.1f}"
    v["llama70b_aws_bedrock"] = _usd(next(o for label, _, o, _ in listings if label == "AWS Bedrock"))
    v["llama70b_mmlu"] = _cited(LLAMA31_70B_MMLU)

    # --- input vs output: DeepSeek's published day --------------------------------------------
    phases = cur.input_output_cost()
    at_measurement = market.current_price("deepseek-chat", provider="deepseek", at=DEEPSEEK_MEASURED_AT)
    v32 = market.current_price("deepseek-chat", provider="deepseek", at=DEEPSEEK_V32_PRICED_AT)
    hit_share = DEEPSEEK_CACHE_HIT_SHARE.value
    v["ds_gpus_per_node"] = _cited(DEEPSEEK_GPUS_PER_NODE)
    v["ds_prefill_tps"] = _cited(
        DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE, f"{DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value:,.0f}"
    )
    v["ds_decode_tps"] = _cited(
        DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE, f"{DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value:,.0f}"
    )
    v["ds_cache_hit_pct"] = _cited(DEEPSEEK_CACHE_HIT_SHARE, _pct(hit_share, 1))
    v["ds_gpu_hour_usd"] = _cited(DEEPSEEK_H800_HOUR_USD, _usd(DEEPSEEK_H800_HOUR_USD.value))
    v["ds_prefill_over_decode"] = (
        f"{DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value / DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value:.1f}"
    )
    v["ds_cost_input_avg"] = _usd(phases.input_usd_per_million, 3)
    v["ds_cost_input_computed"] = _usd(phases.computed_input_usd_per_million)
    v["ds_cost_output"] = _usd(phases.output_usd_per_million)
    v["ds_output_over_input"] = f"{phases.output_over_computed_input:.1f}"
    v32_from = next(
        c.valid_from
        for c in market.price_corrections()
        if (c.provider, c.model, c.status) == ("deepseek", "deepseek-chat", "price")
        and c.usd_per_million_input == v32.usd_per_million_input
    )
    v["ds_v32_price_date"] = f"{v32_from.day} {v32_from:%B %Y}"
    v["ds_v32_miss"] = _usd(v32.usd_per_million_input)
    v["ds_v32_hit"] = _usd(v32.usd_per_million_cache_read, 3)
    v["ds_v32_output"] = _usd(v32.usd_per_million_output)
    v["ds_v32_input_avg"] = _usd(
        cur.cached_input_price(v32.usd_per_million_input, v32.usd_per_million_cache_read, hit_share), 3
    )
    v["ds_v32_miss_over_cost"] = f"{v32.usd_per_million_input / phases.computed_input_usd_per_million:.1f}"
    v["ds_v32_output_over_cost"] = f"{v32.usd_per_million_output / phases.output_usd_per_million:.1f}"
    v["ds_feb_miss"] = _usd(at_measurement.usd_per_million_input)
    v["ds_feb_hit"] = _usd(at_measurement.usd_per_million_cache_read)
    v["ds_feb_output"] = _usd(at_measurement.usd_per_million_output)
    v["ds_feb_input_avg"] = _usd(
        cur.cached_input_price(
            at_measurement.usd_per_million_input, at_measurement.usd_per_million_cache_read, hit_share
        ),
        3,
    )
    v["ds_feb_output_over_cost"] = f"{at_measurement.usd_per_million_output / phases.output_usd_per_million:.1f}"

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
    chance = cur.MMLU_CHANCE_SCORE
    v["mmlu_choices"] = _cited(MMLU_ANSWER_CHOICES)
    v["mmlu_chance"] = f"{chance:g}"
    v["pair1_a_above_chance"] = f"{book.get(a1).scores['mmlu'] - chance:g}"
    v["pair1_b_above_chance"] = f"{book.get(b1).scores['mmlu'] - chance:g}"
    v["pair1_quality_rate"] = f"{cur.quality_adjusted_exchange_rate(a1, b1, book, chance_score=chance):.1f}"
    v["pair1_quality_rate_raw"] = f"{cur.quality_adjusted_exchange_rate(a1, b1, book):.1f}"
    # Row 2 of the table.
    v["pair2_a"] = a2
    v["pair2_b"] = b2
    v["pair2_a_blended"] = _usd(book.get(a2).blended_usd_per_million(), 3)
    v["pair2_b_blended"] = _usd(book.get(b2).blended_usd_per_million(), 4)
    v["pair2_rate"] = f"{cur.exchange_rate(a2, b2, book):.1f}"
    v["pair2_quality_rate"] = f"{cur.quality_adjusted_exchange_rate(a2, b2, book, chance_score=chance):.1f}"

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

    # The same budget at today's prices (read at market.PRICES_AS_OF), with lesson 3's example
    # agent run counted in each model's own tokens (lesson 1) where its tokenizer ships.
    today = cur.PriceBook(
        [e for model, provider in TODAY_MODELS for e in cur.current_price_book([model], provider=provider)]
    )
    spec, steps = agents.replay_transcript(tokenizer="o200k_base")
    run_input, run_output = cur.agent_run_tokens(spec, steps)
    v["agent_run_input_tokens"] = f"{run_input:,}"
    v["agent_run_output_tokens"] = f"{run_output:,}"
    tokenizer_of = {model: cur.run_tokenizer(model) for model, _ in TODAY_MODELS}
    counted = {}
    for name, _ in tokenizer_of.values():
        if name not in counted:
            counted[name] = cur.agent_run_tokens(*agents.replay_transcript(tokenizer=name))
    run_tokens = {model: counted[name] for model, (name, _is_own) in tokenizer_of.items()}
    plain = cur.agent_run_budget(BUDGET_USD, today, run_tokens)
    reasoning = {
        line.model: line
        for line in cur.agent_run_budget(
            BUDGET_USD, today, run_tokens, output_multiple=EPOCH_REASONING_OUTPUT_MULTIPLE.value
        )
    }
    runs = [line.runs for line in plain]
    v["budget_today_runs_ratio"] = f"{max(runs) / min(runs):.0f}"
    v["reasoning_multiple"] = _cited(EPOCH_REASONING_OUTPUT_MULTIPLE, f"{EPOCH_REASONING_OUTPUT_MULTIPLE.value:g}")
    rows = [
        "| model (list price as of the date above) | counted with | one run: input + output tokens "
        "| blended USD/M | input's share of the bill | runs for the budget "
        "| runs if it writes reasoning-length output |",
        "|---|---|---|---|---|---|---|",
    ]
    for line in plain:
        name, is_own = tokenizer_of[line.model]
        label = f"`{name}`" if is_own else f"`{name}` (stand-in)"
        rows.append(
            f"| {line.model} | {label} | {line.input_tokens:,.0f} + {line.output_tokens:,.0f} "
            f"| {_usd(line.blended_usd_per_million, 3)} | {_pct(line.input_share_of_bill)} "
            f"| {line.runs:,.0f} | {reasoning[line.model].runs:,.0f} |"
        )
    v["budget_today_table"] = "\n".join(rows)
    shares = [line.input_share_of_bill for line in plain]
    v["run_input_share_low"] = _pct(min(shares))
    v["run_input_share_high"] = _pct(max(shares))
    ds_tokens, oa_tokens = counted["deepseek-v3"], counted["o200k_base"]
    v["run_tokens_deepseek_input"] = f"{ds_tokens[0]:,}"
    v["run_tokens_deepseek_more_pct"] = _pct(ds_tokens[0] / oa_tokens[0] - 1, 1)
    by_model = {line.model: line for line in plain}
    mini, flash = by_model["gpt-5-mini"], by_model["deepseek-v4-flash"]
    mini_price, flash_price = today.get("gpt-5-mini"), today.get("deepseek-v4-flash")
    v["mini_blended"] = _usd(mini.blended_usd_per_million, 3)
    v["mini_input_price"] = _usd(mini_price.usd_per_million_input)
    v["mini_runs"] = f"{mini.runs:,.0f}"
    v["mini_runs_reasoning"] = f"{reasoning['gpt-5-mini'].runs:,.0f}"
    v["flash_blended"] = _usd(flash.blended_usd_per_million, 3)
    v["flash_input_price"] = _usd(flash_price.usd_per_million_input)
    v["flash_runs"] = f"{flash.runs:,.0f}"
    v["flash_over_mini_runs"] = f"{flash.runs / mini.runs:.1f}"
    v["flash_over_mini_blend"] = f"{mini.blended_usd_per_million / flash.blended_usd_per_million:.1f}"
    # In August 2025 the blend misled: gpt-5-mini cost more blended than deepseek-chat but bought
    # more agent runs, because an agent run's bill is mostly input.
    then = cur.PriceBook(
        [
            e
            for model, provider in BLEND_PUZZLE_MODELS
            for e in cur.current_price_book([model], provider, BLEND_PUZZLE_AT)
        ]
    )
    then_runs = {
        line.model: line
        for line in cur.agent_run_budget(
            BUDGET_USD, then, {model: counted[cur.run_tokenizer(model)[0]] for model, _ in BLEND_PUZZLE_MODELS}
        )
    }
    old_mini, old_chat = then_runs["gpt-5-mini"], then_runs["deepseek-chat"]
    v["puzzle_date"] = f"{BLEND_PUZZLE_AT.day} {BLEND_PUZZLE_AT:%B %Y}"
    v["puzzle_chat_input"] = _usd(then.get("deepseek-chat").usd_per_million_input)
    v["puzzle_chat_output"] = _usd(then.get("deepseek-chat").usd_per_million_output)
    v["puzzle_chat_blended"] = _usd(old_chat.blended_usd_per_million, 3)
    v["puzzle_chat_runs"] = f"{old_chat.runs:,.0f}"
    v["puzzle_mini_runs"] = f"{old_mini.runs:,.0f}"

    # --- licence vs meter ------------------------------------------------------------------------
    seat = COPILOT_BUSINESS_USD_PER_SEAT_MONTH.value
    v["seat_usd_month"] = _cited(COPILOT_BUSINESS_USD_PER_SEAT_MONTH, _usd(seat, 0))
    v["meter_usd_day"] = _cited(CLAUDE_CODE_USD_PER_ACTIVE_DAY, _usd(CLAUDE_CODE_USD_PER_ACTIVE_DAY.value, 0))
    v["meter_usd_month_low"] = _cited(CLAUDE_CODE_USD_PER_MONTH_LOW, _usd(CLAUDE_CODE_USD_PER_MONTH_LOW.value, 0))
    v["meter_usd_month_high"] = _cited(CLAUDE_CODE_USD_PER_MONTH_HIGH, _usd(CLAUDE_CODE_USD_PER_MONTH_HIGH.value, 0))
    v["seat_in_meter_days"] = f"{seat / CLAUDE_CODE_USD_PER_ACTIVE_DAY.value:.1f}"
    v["meter_in_seats_low"] = f"{CLAUDE_CODE_USD_PER_MONTH_LOW.value / seat:.0f}"
    v["meter_in_seats_high"] = f"{CLAUDE_CODE_USD_PER_MONTH_HIGH.value / seat:.0f}"

    # --- reliability: an API's promise beside the grid's record -----------------------------------
    sla = BEDROCK_SLA_MONTHLY_UPTIME.value
    grid_hours = EIA_US_OUTAGE_HOURS_2018.value
    v["sla_uptime_pct"] = _cited(BEDROCK_SLA_MONTHLY_UPTIME, f"{sla * 100:g}%")
    # a month is a twelfth of a year; 60 minutes an hour
    v["sla_downtime_minutes_month"] = f"{cur.downtime_hours(sla, HOURS_PER_YEAR / 12) * 60:.0f}"
    v["sla_downtime_hours_year"] = f"{cur.downtime_hours(sla):.1f}"
    v["grid_outage_hours"] = _cited(EIA_US_OUTAGE_HOURS_2018, f"{grid_hours:g}")
    v["grid_availability_pct"] = _pct(cur.availability(grid_hours), 2)

    # --- everything AI does, counted in tokens -----------------------------------------------------
    image_tokens = GEMINI_IMAGE_TOKENS_PER_IMAGE.value
    image_price = GEMINI_IMAGE_OUTPUT_USD_PER_MILLION.value
    v["image_tokens"] = _cited(GEMINI_IMAGE_TOKENS_PER_IMAGE, f"{image_tokens:,.0f}")
    v["image_usd_per_million"] = _cited(GEMINI_IMAGE_OUTPUT_USD_PER_MILLION, _usd(image_price, 0))
    v["image_usd_computed"] = _usd(cur.PriceEntry("image output", 0.0, image_price).usd_for(0, image_tokens), 4)
    v["image_usd_quoted"] = _cited(GEMINI_IMAGE_USD_PER_IMAGE, _usd(GEMINI_IMAGE_USD_PER_IMAGE.value, 3))
    text_model = market.current_price("gemini-2.5-flash-image", provider="google")
    v["image_model_text_output"] = _usd(text_model.usd_per_million_output, 2)
    v["image_vs_text_price"] = f"{image_price / text_model.usd_per_million_output:.0f}"
    v["audio_tokens_per_second"] = _cited(GEMINI_AUDIO_TOKENS_PER_SECOND)
    v["audio_tokens_per_minute"] = f"{GEMINI_AUDIO_TOKENS_PER_SECOND.value * 60:,.0f}"
    robot = market.current_price(ROBOTICS_MODEL[0], provider=ROBOTICS_MODEL[1])
    v["robot_model"] = robot.model
    v["robot_input"] = _usd(robot.usd_per_million_input, 2)
    v["robot_output"] = _usd(robot.usd_per_million_output, 2)

    # --- a factory: capital spread over output -------------------------------------------------------
    v["own_capital_share"] = _pct(
        (own.gpu_capital_usd_per_million + own.networking_usd_per_million) / own.cost_usd_per_million
    )

    # --- national industrial systems: where the data centres are ------------------------------------
    world_twh = IEA_DATA_CENTRE_TWH_2024.value
    v["dc_world_twh"] = _cited(IEA_DATA_CENTRE_TWH_2024, f"{world_twh:,.0f}")
    v["dc_us_twh"] = _cited(IEA_US_DATA_CENTRE_TWH_2024, f"{IEA_US_DATA_CENTRE_TWH_2024.value:,.0f}")
    v["dc_china_twh"] = _cited(IEA_CHINA_DATA_CENTRE_TWH_2024, f"{IEA_CHINA_DATA_CENTRE_TWH_2024.value:,.0f}")
    v["dc_us_china_share"] = _pct(
        (IEA_US_DATA_CENTRE_TWH_2024.value + IEA_CHINA_DATA_CENTRE_TWH_2024.value) / world_twh
    )

    # --- tokens that cross borders -----------------------------------------------------------------
    # Lesson 4's token volumes hold the router's and OpenAI's daily counts (one home).
    (router,) = prices.token_volumes("openrouter_tokens_per_day")
    (openai_api,) = prices.token_volumes("openai_api_tokens_per_day")
    v["openrouter_tokens_day"] = f"{router.tokens / 1e12:g} trillion"
    v["openai_api_tokens_day"] = f"{openai_api.tokens / 1e12:g} trillion"
    v["cn_open_share_mean"] = _cited(OPENROUTER_CHINESE_OPEN_SHARE_MEAN, _pct(OPENROUTER_CHINESE_OPEN_SHARE_MEAN.value))
    v["cn_open_share_peak"] = _cited(OPENROUTER_CHINESE_OPEN_SHARE_PEAK, _pct(OPENROUTER_CHINESE_OPEN_SHARE_PEAK.value))

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
    v["spread_last_score_low"] = f"{last.min_score:g}"
    v["spread_last_score_high"] = f"{last.max_score:g}"
    v["spread_last_n"] = str(last.n_models)
    coverage = cur.score_coverage("mmlu")
    v["mmlu_last_scored"] = _month(datetime.strptime(coverage.last_scored_date, "%Y-%m-%d"))
    v["mmlu_unscored_after"] = str(coverage.unscored_after)

    # --- units of past ages ---------------------------------------------------------------------
    units = {(u.age, u.period): u for u in cur.units_of_ages()}
    coal = units[("steam", "2024")]
    power_u = units[("electric", "2023")]
    traffic = next(u for u in units.values() if u.age == "internet")
    tok_last = units[("ai", "2025-10")]
    v["coal_tonnes"] = f"{coal.value / 1e9:.2f} billion"
    v["electricity_twh"] = f"{power_u.value / 1e9:,.0f}"
    # Ericsson states traffic per month; the page says "a month" (tests/test_lesson5_page.py checks the row).
    v["mobile_eb_month"] = f"{traffic.value / 1e18:.0f}"
    v["mobile_traffic_year"] = f"{datetime.strptime(traffic.period, '%Y-%m').year}"
    # Google's May 2024 figure is one registry figure, quoted by Lesson 4 too (same value, same date).
    google_first = GOOGLE_TOKENS_PER_MONTH_2024_05
    v["google_tokens_first_t"] = _cited(google_first, f"{google_first.value / 1e12:.1f}")
    v["google_tokens_first_month"] = _month(datetime.strptime(google_first.as_of, "%Y-%m"))
    v["google_tokens_last"] = f"{tok_last.value / 1e15:.1f} quadrillion"
    v["google_tokens_growth"] = f"{tok_last.value / google_first.value:,.0f}"
    first_month = datetime.strptime(google_first.as_of, "%Y-%m")
    last_month = datetime.strptime(tok_last.period, "%Y-%m")
    v["google_tokens_months"] = str((last_month.year - first_month.year) * 12 + last_month.month - first_month.month)

    # --- the page's calculator (docs/assets/widgets/production-cost.js): its defaults and data -
    v["calc_production_cost"] = calculator_data()
    return v


def calculator_data() -> str:
    """The defaults of the production-cost calculator, as JSON for the page.

    The page's worked example: the example rent per GPU-hour and the course's production set-up
    (:class:`token_economics.currency.ProductionSetup`: ML.ENERGY's Llama 3.1 70B on four H100s,
    Epoch's PUE, the US industrial electricity price). The arithmetic it redoes is
    :func:`token_economics.costs.gpu_cost_per_million_tokens`,
    :func:`token_economics.costs.electricity_cost_per_million_tokens` and
    :func:`token_economics.currency.electricity_share`.
    """
    setup = cur.ProductionSetup()
    data = {
        "defaults": {
            "gpu_hour_usd": EXAMPLE_GPU_HOUR_USD.value,
            "n_gpus": setup.n_gpus,
            "tokens_per_second": setup.tokens_per_second,
            "utilization": setup.utilization,
            "joules_per_token": setup.joules_per_token,
            "usd_per_kwh": setup.usd_per_kwh,
            "pue": setup.pue,
        },
        "seconds_per_hour": SECONDS_PER_HOUR,
        "tokens_per_million": TOKENS_PER_MILLION,
        "joules_per_kwh": JOULES_PER_KWH,
    }
    return json.dumps(data, separators=(",", ":"))


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
    # Like with like: the cost is per output token, so the band is the sellers' output prices.
    spread = cur.seller_spread({label: o for label, _, o, _ in _listings()})
    ax.axhspan(
        spread.low_usd_per_million,
        spread.high_usd_per_million,
        color=PALETTE[2],
        alpha=0.15,
        zorder=0,
        label=f"Output prices of Llama 3.1 70B ({spread.n_sellers} sellers)",
    )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("USD per million output tokens")
    ax.set_title("What a Llama-3.1-70B token costs to make (ML.ENERGY throughput)", fontsize=10)
    ax.legend(fontsize=7, loc="upper right", frameon=False)
    return finish(fig, source="ML.ENERGY v3.0; Epoch AI hardware prices; Amazon 10-K; EIA; genai-prices")


def _fig_input_output() -> Figure:
    """GPU cost of each kind of token (DeepSeek's published day) beside DeepSeek's list prices."""
    phases = cur.input_output_cost()
    hit = DEEPSEEK_CACHE_HIT_SHARE.value
    then = market.current_price("deepseek-chat", provider="deepseek", at=DEEPSEEK_MEASURED_AT)
    later = market.current_price("deepseek-chat", provider="deepseek", at=DEEPSEEK_V32_PRICED_AT)

    def prices(p: market.ModelPrice) -> list[float]:
        average = cur.cached_input_price(p.usd_per_million_input, p.usd_per_million_cache_read, hit)
        return [average, p.usd_per_million_input, p.usd_per_million_output]

    groups = [f"input token\n(average, {hit:.0%} from cache)", "input token\n(computed)", "output token"]
    series = [
        (
            f"GPU cost at ${DEEPSEEK_H800_HOUR_USD.value:g}/GPU-h",
            [phases.input_usd_per_million, phases.computed_input_usd_per_million, phases.output_usd_per_million],
            PALETTE[0],
        ),
        (f"list price {DEEPSEEK_MEASURED_AT:%b %Y}", prices(then), PALETTE[4]),
        (f"list price {DEEPSEEK_V32_PRICED_AT:%b %Y}", prices(later), PALETTE[1]),
    ]
    fig, ax = new_figure(7.2, 3.9)
    width = 0.26
    for k, (label, heights, colour) in enumerate(series):
        xs = [x + (k - 1) * width for x in range(len(groups))]
        ax.bar(xs, heights, width=width, color=colour, label=label)
        for x, h in zip(xs, heights, strict=True):
            ax.annotate(f"${h:.2f}", (x, h), textcoords="offset points", xytext=(0, 2), ha="center", fontsize=7)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylabel("USD per million tokens")
    ax.set_title("DeepSeek: what each kind of token costs to make (Feb 2025), and its list price", fontsize=10)
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    return finish(fig, source="DeepSeek inference system overview (Feb 2025); DeepSeek API prices via genai-prices")


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
        "input-output": _fig_input_output(),
        "exporters": _fig_exporters(),
        "price-spread": _fig_price_spread(),
    }
