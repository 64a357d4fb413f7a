"""Numbers and figures for lesson 2, "Why tokens consume electricity".

Every value is computed here by :mod:`token_economics.energy` when the site is built, from
cited inputs (Epoch AI, NVIDIA datasheets, ML.ENERGY, the electricity mixes of the installed
``ecologits`` package); the page writes ``{{ l2.key }}``. Nothing here times the CPU, so
the page is the same on every machine (the tiny-transformer timing lives in the notebook).
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from token_economics import energy as E
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.sources import (
    DEEPSEEK_CACHE_HIT_SHARE,
    DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
    LLAMA31_405B_D_MODEL,
    LLAMA31_405B_LAYERS,
    EPOCH_ACTIVE_PARAMS,
    EPOCH_OUTPUT_TOKENS,
    EPOCH_POWER_FRACTION,
    EPOCH_PUE,
    EPOCH_QUERY_WH,
    EPOCH_QUERY_WH_SHEET,
    EPOCH_UTILIZATION,
    EPOCH_WATTS_PER_GPU,
    EPOCH_LONG_INPUT_TOKENS,
    EPOCH_LONG_INPUT_WH,
    EPOCH_VERY_LONG_INPUT_TOKENS,
    EPOCH_VERY_LONG_INPUT_WH,
    EXAMPLE_USD_PER_KWH,
    GOOGLE_ENERGY_DROP_FACTOR,
    GOOGLE_MEDIAN_PROMPT_GCO2E,
    LLAMA31_70B_D_MODEL,
    LLAMA31_70B_HEAD_DIM,
    LLAMA31_70B_KV_HEADS,
    LLAMA31_70B_LAYERS,
    UPTIME_PUE_2023,
    US_HOUSEHOLD_WH_PER_DAY,
)
from token_economics.site.formatting import cited as _cited
from token_economics.site.formatting import pct as _pct
from token_economics.site.formatting import sci as _sci
from token_economics.site.formatting import sig as _sig
from token_economics.units import WH_PER_KWH

#: Countries shown in the carbon figure (ISO alpha-3, plus WOR for the world average).
CARBON_COUNTRIES: tuple[str, ...] = ("SWE", "FRA", "BRA", "GBR", "DEU", "USA", "JPN", "WOR", "CHN", "IND", "POL", "ZAF")

_COUNTRY_NAMES = {
    "SWE": "Sweden",
    "FRA": "France",
    "BRA": "Brazil",
    "GBR": "United Kingdom",
    "DEU": "Germany",
    "USA": "United States",
    "JPN": "Japan",
    "WOR": "World average",
    "CHN": "China",
    "IND": "India",
    "POL": "Poland",
    "ZAF": "South Africa",
}

#: The serving set-up the lesson follows: Llama 3.1 70B on 4×H100, as measured by ML.ENERGY.
ANCHOR_MODEL = "Llama 3.1 70B Instruct"
ANCHOR_GPU = "H100"
ANCHOR_GPUS = 4
ANCHOR_BATCH = 128
ANCHOR_PUE = E.EPOCH_2025.pue  # Epoch's 1.2, for the worked examples


def _anchor_sweep(gpu: str = ANCHOR_GPU, n_gpus: int = ANCHOR_GPUS) -> list[E.MeasuredPoint]:
    return sorted(
        (p for p in E.measured_points() if p.model == ANCHOR_MODEL and p.gpu == gpu and p.n_gpus == n_gpus),
        key=lambda p: p.batch_size,
    )


def _measured(batch: int, gpu: str = ANCHOR_GPU, n_gpus: int = ANCHOR_GPUS) -> E.MeasuredPoint:
    return next(p for p in _anchor_sweep(gpu, n_gpus) if p.batch_size == batch)


@lru_cache(maxsize=1)
def _crosschecks() -> dict[str, E.CrossCheck]:
    return {
        "mini": E.ecologits_crosscheck("openai", "gpt-4o-mini", E.EPOCH_2025.output_tokens),
        "llama70": E.ecologits_crosscheck(
            "huggingface_hub", "meta-llama/Meta-Llama-3.1-70B-Instruct", E.EPOCH_2025.output_tokens
        ),
        "gpt4o": E.ecologits_crosscheck("openai", "gpt-4o", E.EPOCH_2025.output_tokens),
    }


def _range_wh(low: float, high: float) -> str:
    return _sig(low) if _sig(low) == _sig(high) else f"{_sig(low)}–{_sig(high)}"


def _active_b(c: E.CrossCheck) -> str:
    """EcoLogits' active parameters in billions: one number, or a low–high range."""
    low_b, high_b = c.active_params[0] / 1e9, c.active_params[1] / 1e9
    return _sig(low_b, 4) if low_b == high_b else f"{_sig(low_b, 4)}–{_sig(high_b, 4)}"


def _pue_text(value: object) -> str:
    if hasattr(value, "min") and hasattr(value, "max"):
        return f"{value.min:g}–{value.max:g}"
    return f"{float(value):.2f}"


def _measured_table() -> str:
    """A Markdown table of every ML.ENERGY point of the anchor model, on both set-ups."""
    lines = [
        "| set-up | batch | measured J/token | limit at full TDP, J/token | measured ÷ limit "
        "| tokens/s | W per GPU | share of peak FLOP/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for gpu, n_gpus in ((ANCHOR_GPU, ANCHOR_GPUS), ("B200", 2)):
        for p in _anchor_sweep(gpu, n_gpus):
            limit = E.roofline(p.active_params, gpu=gpu, n_gpus=n_gpus, batch_size=p.batch_size).joules_per_token
            lines.append(
                f"| {n_gpus}×{gpu} | {p.batch_size:,} | {p.joules_per_token:.3g} | {limit:#.2g} "
                f"| {p.joules_per_token / limit:.1f} | {p.tokens_per_second:,.0f} | {p.watts / n_gpus:,.0f} "
                f"| {_pct(E.measured_utilization(p), 1)} |"
            )
    return "\n".join(lines)


def values() -> dict[str, str]:
    """Every number the lesson 2 page shows, by placeholder key."""
    v: dict[str, str] = {}
    ep = E.EPOCH_2025

    # --- FLOPs ------------------------------------------------------------------------------
    v["flops_per_token_70b"] = _sig(E.forward_flops_per_token(70e9) / 1e9, 3)  # billions
    v["training_flops_70b_1t"] = _sci(E.training_flops(70e9, 1e12))

    # --- attention over a long context: Kaplan's term for Llama 3.1 70B ------------------------
    layers, width = LLAMA31_70B_LAYERS.value, LLAMA31_70B_D_MODEL.value
    n70_params = _measured(ANCHOR_BATCH).active_params
    v["llama70_layers"] = _cited(LLAMA31_70B_LAYERS, f"{layers}")
    v["llama70_d_model"] = _cited(LLAMA31_70B_D_MODEL, f"{width:,}")
    v["attn_share_8k"] = _pct(
        E.attention_overhead_fraction(n70_params, n_layers=layers, context_tokens=8192, d_attn=width), 1
    )
    v["attn_share_32k"] = _pct(
        E.attention_overhead_fraction(n70_params, n_layers=layers, context_tokens=32768, d_attn=width)
    )
    v["attn_share_128k"] = _pct(
        E.attention_overhead_fraction(n70_params, n_layers=layers, context_tokens=131072, d_attn=width)
    )

    # --- GPUs: the datasheet table -------------------------------------------------------------
    a100, h100, h200, b200 = E.get_gpu("A100"), E.get_gpu("H100"), E.get_gpu("H200"), E.get_gpu("B200")
    v["a100_tflops"] = f"{a100.bf16_flops / 1e12:,.0f}"
    v["a100_tdp_w"] = f"{a100.tdp_watts:,.0f}"
    v["a100_memory_gb"] = f"{a100.memory_bytes / 1e9:,.0f}"
    v["a100_bandwidth_tbs"] = _sig(a100.bandwidth_bytes_per_s / 1e12, 3)
    v["h100_tflops"] = f"{h100.bf16_flops / 1e12:,.0f}"
    v["h100_tdp_w"] = f"{h100.tdp_watts:,.0f}"
    v["h100_memory_gb"] = f"{h100.memory_bytes / 1e9:,.0f}"
    v["h100_bandwidth_tbs"] = _sig(h100.bandwidth_bytes_per_s / 1e12, 3)
    v["h200_tflops"] = f"{h200.bf16_flops / 1e12:,.0f}"
    v["h200_tdp_w"] = f"{h200.tdp_watts:,.0f}"
    v["h200_memory_gb"] = f"{h200.memory_bytes / 1e9:,.0f}"
    v["h200_bandwidth_tbs"] = _sig(h200.bandwidth_bytes_per_s / 1e12, 3)
    v["b200_tflops"] = f"{b200.bf16_flops / 1e12:,.0f}"
    v["b200_tdp_w"] = f"{b200.tdp_watts:,.0f}"
    v["b200_memory_gb"] = f"{b200.memory_bytes / 1e9:,.0f}"
    v["b200_bandwidth_tbs"] = _sig(b200.bandwidth_bytes_per_s / 1e12, 3)

    # --- Epoch AI, step by step ---------------------------------------------------------------
    steps = E.epoch_steps(ep)  # every intermediate value comes from the library's own function
    v["epoch_active_params_b"] = _cited(EPOCH_ACTIVE_PARAMS, f"{ep.active_params / 1e9:,.0f}")
    v["epoch_output_tokens"] = _cited(EPOCH_OUTPUT_TOKENS, f"{ep.output_tokens:,}")
    v["epoch_flops_per_token_b"] = f"{E.forward_flops_per_token(ep.active_params) / 1e9:,.0f}"
    v["epoch_flops"] = _sci(steps.flops)
    v["epoch_utilization"] = _cited(EPOCH_UTILIZATION, _pct(ep.utilization))
    v["epoch_effective_tflops"] = f"{steps.effective_flops_per_s / 1e12:,.1f}"
    v["epoch_gpu_seconds"] = f"{steps.gpu_seconds:.2f}"
    v["epoch_watts_per_gpu"] = _cited(EPOCH_WATTS_PER_GPU, f"{ep.watts_per_gpu:,.0f}")
    v["epoch_server_kw"] = f"{ep.watts_per_gpu * 8 / 1000:.1f}"  # a DGX H100 holds eight GPUs
    v["epoch_power_fraction"] = _cited(EPOCH_POWER_FRACTION, f"{ep.power_fraction:g}")
    v["epoch_pue"] = _cited(EPOCH_PUE, f"{ep.pue:g}")
    v["epoch_avg_watts"] = f"{steps.watts:,.0f}"
    v["epoch_joules"] = f"{steps.joules:,.0f}"
    v["epoch_wh"] = f"{steps.wh:.3f}"
    v["epoch_wh_published"] = _cited(EPOCH_QUERY_WH, f"{ep.published_wh:g}")
    v["epoch_wh_sheet"] = _cited(EPOCH_QUERY_WH_SHEET, f"{ep.spreadsheet_wh:g}")

    # what if: half the utilisation, or a longer answer
    epoch_inputs = {
        "gpu": ep.gpu,
        "watts_per_gpu": ep.watts_per_gpu,
        "power_fraction": ep.power_fraction,
        "pue": ep.pue,
    }
    util_50_wh = E.query_energy_wh(ep.active_params, ep.output_tokens, utilization=0.5, **epoch_inputs)
    tokens_1500_wh = E.query_energy_wh(ep.active_params, 1500, utilization=ep.utilization, **epoch_inputs)
    v["epoch_wh_util_50"] = f"{util_50_wh:.2f}"
    chain = _chain_values()
    v["chain_usd"] = f"${chain['usd']:.6f}"
    v["chain_g_co2"] = _sig(chain["g_co2"], 2)
    v["epoch_wh_1500_tokens"] = f"{tokens_1500_wh:.2f}"

    # --- reading the prompt (prefill) and writing the answer (decode) ------------------------------
    v["epoch_long_input_tokens"] = _cited(EPOCH_LONG_INPUT_TOKENS, f"{EPOCH_LONG_INPUT_TOKENS.value:,}")
    v["epoch_long_input_wh"] = _cited(EPOCH_LONG_INPUT_WH, f"{EPOCH_LONG_INPUT_WH.value:g}")
    v["epoch_very_long_input_tokens"] = _cited(EPOCH_VERY_LONG_INPUT_TOKENS, f"{EPOCH_VERY_LONG_INPUT_TOKENS.value:,}")
    v["epoch_very_long_input_wh"] = _cited(EPOCH_VERY_LONG_INPUT_WH, f"{EPOCH_VERY_LONG_INPUT_WH.value:g}")
    v["epoch_very_long_over_base"] = f"{EPOCH_VERY_LONG_INPUT_WH.value / ep.published_wh:.0f}"
    # a 10,000-token prompt goes through Llama 3.1 70B on 4×H100 in one pass: like a batch of 10,000
    prompt_pass = E.roofline(n70_params, gpu=ANCHOR_GPU, n_gpus=ANCHOR_GPUS, batch_size=10_000)
    v["roof70_prefill_10k_j"] = _sig(prompt_pass.joules_per_token, 2)
    v["roof70_prefill_10k_bound"] = prompt_pass.bound
    # the prefill of a 100k-token prompt: what attention adds to its 2·N·L FLOPs
    long_read = E.query_energy(n70_params, 0, utilization=1.0, input_tokens=100_000, n_layers=layers, d_attn=width)
    v["prefill_100k_attn_share"] = _pct(long_read.prefill_flops / (2 * n70_params * 100_000) - 1)
    # Epoch's long-prompt figures, recomputed: DeepSeek's measured prefill share of peak, and an
    # attention shape (GPT-4o's is not public: Llama 3.1 405B's, then Llama 3.1 70B's)
    phases = E.deepseek_phase_utilization()
    v["deepseek_prefill_util"] = _pct(phases.prefill)
    v["deepseek_decode_util"] = _pct(phases.decode)
    v["deepseek_prefill_over_decode"] = _sig(phases.prefill / phases.decode, 2)
    v["deepseek_cache_hit_share"] = _cited(DEEPSEEK_CACHE_HIT_SHARE, _pct(DEEPSEEK_CACHE_HIT_SHARE.value))
    v["deepseek_prefill_tps_node"] = _cited(
        DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE, f"{DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value:,.0f}"
    )
    v["deepseek_decode_tps_node"] = _cited(
        DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE, f"{DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value:,.0f}"
    )
    big = {"n_layers": int(LLAMA31_405B_LAYERS.value), "d_attn": int(LLAMA31_405B_D_MODEL.value)}
    v["llama405_layers"] = _cited(LLAMA31_405B_LAYERS, f"{LLAMA31_405B_LAYERS.value:g}")
    v["llama405_width"] = _cited(LLAMA31_405B_D_MODEL, f"{LLAMA31_405B_D_MODEL.value:,.0f}")
    short_prompt = EPOCH_LONG_INPUT_TOKENS.value
    long_prompt = EPOCH_VERY_LONG_INPUT_TOKENS.value
    v["epoch_long_repro_wh"] = _sig(E.epoch_long_input_wh(short_prompt, prefill_utilization=phases.prefill, **big), 2)
    v["epoch_very_long_repro_wh"] = _sig(
        E.epoch_long_input_wh(long_prompt, prefill_utilization=phases.prefill, **big), 2
    )
    v["epoch_very_long_repro_70b_shape_wh"] = _sig(
        E.epoch_long_input_wh(long_prompt, prefill_utilization=phases.prefill, n_layers=layers, d_attn=width), 2
    )
    v["epoch_long_at_decode_util_wh"] = _sig(
        E.epoch_long_input_wh(short_prompt, prefill_utilization=ep.utilization, **big), 2
    )

    # --- roofline vs measurement: Llama 3.1 70B on 4×H100 -------------------------------------
    m128 = _measured(ANCHOR_BATCH)
    n70 = m128.active_params
    roof = {b: E.roofline(n70, gpu=ANCHOR_GPU, n_gpus=ANCHOR_GPUS, batch_size=b) for b in (1, 8, 128, 1024)}
    meas = {b: _measured(b) for b in (8, 128, 1024)}
    v["llama70_weights_gb"] = f"{n70 * 2 / 1e9:,.0f}"

    # one request at a time
    v["roof70_b1_ms"] = f"{roof[1].step_seconds * 1e3:.1f}"
    v["roof70_b1_tps"] = f"{roof[1].tokens_per_second:,.0f}"
    v["roof70_b1_j"] = _sig(roof[1].joules_per_token, 2)
    # the batch at which the H100 stops waiting on memory (BF16 weights: 2 FLOPs per 2 bytes per request)
    v["h100_ridge_batch_bf16"] = f"{2.0 * h100.bf16_flops / (2 * h100.bandwidth_bytes_per_s):,.0f}"

    # the table: roofline floor next to ML.ENERGY's measurement, batch 8, 128 and 1024
    v["roof70_b8_j"] = _sig(roof[8].joules_per_token, 2)
    v["roof70_b8_bound"] = roof[8].bound
    v["meas70_b8_j"] = _sig(meas[8].joules_per_token, 3)
    v["meas_over_roof_b8"] = f"{meas[8].joules_per_token / roof[8].joules_per_token:.1f}"
    v["meas70_b8_tps"] = f"{meas[8].tokens_per_second:,.0f}"
    v["roof70_b128_j"] = _sig(roof[128].joules_per_token, 2)
    v["roof70_b128_bound"] = roof[128].bound
    v["meas70_b128_j"] = _sig(meas[128].joules_per_token, 3)
    v["meas_over_roof_b128"] = f"{meas[128].joules_per_token / roof[128].joules_per_token:.1f}"
    v["meas70_b128_tps"] = f"{meas[128].tokens_per_second:,.0f}"
    v["roof70_b1024_j"] = _sig(roof[1024].joules_per_token, 2)
    v["roof70_b1024_bound"] = roof[1024].bound
    v["meas70_b1024_j"] = _sig(meas[1024].joules_per_token, 3)
    v["meas_over_roof_b1024"] = f"{meas[1024].joules_per_token / roof[1024].joules_per_token:.1f}"
    v["meas70_b1024_tps"] = f"{meas[1024].tokens_per_second:,.0f}"

    # the whole measured sweep, smallest batch to largest
    sweep = _anchor_sweep()
    v["meas70_drop_factor"] = f"{sweep[0].joules_per_token / sweep[-1].joules_per_token:.0f}"
    v["meas70_batch_min"] = f"{sweep[0].batch_size}"
    v["meas70_batch_max"] = f"{sweep[-1].batch_size:,}"
    v["meas70_b128_watts_per_gpu"] = f"{meas[128].watts / meas[128].n_gpus:,.0f}"
    v["meas70_b8_watts_per_gpu"] = f"{meas[8].watts / meas[8].n_gpus:,.0f}"
    v["roof70_b8_tps"] = f"{roof[8].tokens_per_second:,.0f}"
    b200 = {p.batch_size: p for p in _anchor_sweep("B200", 2)}
    v["meas70_b256_j"] = _sig(_measured(256).joules_per_token, 3)
    v["b200_b256_j"] = _sig(b200[256].joules_per_token, 2)
    v["b200_b2048_j"] = _sig(b200[2048].joules_per_token, 2)

    # every measured point of both set-ups, next to the roofline's time limit at full TDP
    v["measured_table"] = _measured_table()

    # utilization measured: how much of the peak FLOP/s the GPUs reached at each batch
    v["util_b8"] = _pct(E.measured_utilization(meas[8]), 1)
    v["util_b128"] = _pct(E.measured_utilization(meas[128]))
    v["util_b1024"] = _pct(E.measured_utilization(meas[1024]))

    # the KV cache of Llama 3.1 70B: bytes per token of context, read again for every new token
    kv = E.kv_cache_bytes_per_token(layers, LLAMA31_70B_KV_HEADS.value, LLAMA31_70B_HEAD_DIM.value)
    v["llama70_kv_heads"] = _cited(LLAMA31_70B_KV_HEADS, f"{LLAMA31_70B_KV_HEADS.value}")
    v["llama70_kv_kb_per_token"] = f"{kv / 1e3:,.0f}"
    v["llama70_kv_gb_8k"] = f"{kv * 8192 / 1e9:.1f}"

    # same GPU, other software, other models (ML.ENERGY blog)
    blog = {(p.model, p.software, p.batch_size, p.task): p for p in E.measured_points()}
    llama8_v2 = blog[("Llama 3.1 8B Instruct", "vLLM 0.5.4 (v2.0)", 64, "chat (v2.0)")]
    llama8_v3 = blog[("Llama 3.1 8B Instruct", "vLLM 0.11.1 (v3.0)", 64, "lm-arena-chat")]
    qwen32_b128 = blog[("Qwen 3 32B", "vLLM 0.11.1 (v3.0)", 128, "lm-arena-chat")]
    qwen32_reasoning = blog[("Qwen 3 32B", "vLLM 0.11.1 (v3.0)", 128, "gpqa (reasoning on)")]
    v["llama8_v2_j"] = f"{llama8_v2.joules_per_token:.2f}"
    v["llama8_v3_j"] = f"{llama8_v3.joules_per_token:.2f}"
    v["qwen32_b128_j"] = f"{qwen32_b128.joules_per_token:.3f}"
    v["qwen32_reasoning_j"] = f"{qwen32_reasoning.joules_per_token:.3f}"

    # one Epoch-sized answer at the measured batch-128 energy
    per_query_j = m128.joules_per_token * ep.output_tokens
    v["meas70_query_j"] = f"{per_query_j:,.0f}"
    v["meas70_query_wh"] = f"{per_query_j / E.JOULES_PER_WH:.3f}"
    v["meas70_query_wh_pue"] = f"{per_query_j * ANCHOR_PUE / E.JOULES_PER_WH:.3f}"
    v["household_day_wh"] = _cited(US_HOUSEHOLD_WH_PER_DAY, f"{US_HOUSEHOLD_WH_PER_DAY.value:,}")
    v["household_day_queries"] = _sig(US_HOUSEHOLD_WH_PER_DAY.value / ep.published_wh, 2)

    # --- PUE --------------------------------------------------------------------------------------
    from ecologits.tracers.utils import PROVIDER_CONFIG_MAP

    v["epoch_wh_no_pue"] = f"{steps.wh / ep.pue:.3f}"
    v["ecologits_pue_google"] = _pue_text(PROVIDER_CONFIG_MAP["google_genai"].datacenter_pue)
    v["ecologits_pue_openai"] = _pue_text(PROVIDER_CONFIG_MAP["openai"].datacenter_pue)
    v["uptime_pue_2023"] = _cited(UPTIME_PUE_2023, f"{UPTIME_PUE_2023.value:.2f}")

    # --- published figures ------------------------------------------------------------------------------
    by = {(f.source, f.qualifier): f for f in E.published_query_figures()}
    jegham_short, jegham_long = by[("jegham2025hungry", "about")], by[("jegham2025hungry", "more than")]
    v["pub_google_wh"] = f"{by[('google2025gemini', 'median')].energy_wh:g}"
    v["pub_epoch_wh"] = f"{by[('epoch2025energy', 'about')].energy_wh:g}"
    v["pub_altman_wh"] = f"{by[('altman2025gentle', 'average')].energy_wh:g}"
    v["pub_jegham_short_wh"] = f"{jegham_short.energy_wh:g}"
    v["pub_jegham_long_wh"] = f"{jegham_long.energy_wh:g}"
    v["pub_long_over_short"] = f"{jegham_long.energy_wh / jegham_short.energy_wh:.0f}"
    v["pub_google_drop"] = _cited(GOOGLE_ENERGY_DROP_FACTOR)

    # --- EcoLogits cross-check ------------------------------------------------------------------------
    cc = _crosschecks()
    v["eco_mini_active_b"] = _active_b(cc["mini"])
    v["eco_mini_wh"] = _range_wh(*cc["mini"].ecologits_wh)
    v["course_mini_wh"] = _range_wh(*cc["mini"].course_wh)
    v["eco_llama70_active_b"] = _active_b(cc["llama70"])
    v["eco_llama70_wh"] = _range_wh(*cc["llama70"].ecologits_wh)
    v["course_llama70_wh"] = _range_wh(*cc["llama70"].course_wh)
    v["eco_gpt4o_active_b"] = _active_b(cc["gpt4o"])
    v["eco_gpt4o_total_b"] = f"{cc['gpt4o'].total_params[0] / 1e9:,.0f}"
    v["eco_gpt4o_wh"] = _range_wh(*cc["gpt4o"].ecologits_wh)
    v["course_gpt4o_wh"] = _range_wh(*cc["gpt4o"].course_wh)

    # --- money -----------------------------------------------------------------------------------
    usd_per_million = E.electricity_cost_per_million_tokens(
        m128.joules_per_token, EXAMPLE_USD_PER_KWH.value, ANCHOR_PUE
    )
    b8_usd_per_million = E.electricity_cost_per_million_tokens(
        meas[8].joules_per_token, EXAMPLE_USD_PER_KWH.value, ANCHOR_PUE
    )
    v["meas70_kwh_per_million"] = f"{m128.joules_per_token * 1e6 * ANCHOR_PUE / E.JOULES_PER_KWH:.3f}"
    v["example_cents_per_kwh"] = _cited(EXAMPLE_USD_PER_KWH, f"{EXAMPLE_USD_PER_KWH.value * 100:g}")
    v["meas70_usd_per_million"] = f"${usd_per_million:.3f}"
    v["meas70_b8_usd_per_million"] = f"${b8_usd_per_million:.3f}"

    # --- carbon --------------------------------------------------------------------------------------
    info = E.electricity_mix_dataset()
    v["ecologits_version"] = info.version
    v["grid_zones"] = f"{info.zones}"

    # the table: grid intensity (gCO2e/kWh), per Epoch query (g), per million tokens at batch 128 (g)
    grid = {code: E.grid_intensity_g_per_kwh(code) for code in ("SWE", "FRA", "USA", "WOR", "CHN", "IND", "POL")}
    per_query = {code: E.carbon_g_per_query(steps.wh, code) for code in ("SWE", "FRA", "USA", "WOR", "CHN", "IND")}
    per_million = {
        code: E.carbon_g_per_million_tokens(m128.joules_per_token, code, ANCHOR_PUE)
        for code in ("SWE", "FRA", "USA", "WOR", "CHN", "IND", "ZAF")
    }
    v["grid_swe"] = f"{grid['SWE']:,.0f}"
    v["co2_query_swe"] = _sig(per_query["SWE"], 2)
    v["co2_million_swe"] = f"{per_million['SWE']:,.0f}"
    v["grid_fra"] = f"{grid['FRA']:,.0f}"
    v["co2_query_fra"] = _sig(per_query["FRA"], 2)
    v["co2_million_fra"] = f"{per_million['FRA']:,.0f}"
    v["grid_usa"] = f"{grid['USA']:,.0f}"
    v["co2_query_usa"] = _sig(per_query["USA"], 2)
    v["co2_million_usa"] = f"{per_million['USA']:,.0f}"
    v["grid_wor"] = f"{grid['WOR']:,.0f}"
    v["co2_query_wor"] = _sig(per_query["WOR"], 2)
    v["co2_million_wor"] = f"{per_million['WOR']:,.0f}"
    v["grid_chn"] = f"{grid['CHN']:,.0f}"
    v["co2_query_chn"] = _sig(per_query["CHN"], 2)
    v["co2_million_chn"] = f"{per_million['CHN']:,.0f}"
    v["grid_ind"] = f"{grid['IND']:,.0f}"
    v["co2_query_ind"] = _sig(per_query["IND"], 2)
    v["co2_million_ind"] = f"{per_million['IND']:,.0f}"

    # the same tokens in South Africa, and the spread between grids
    v["co2_million_zaf"] = f"{per_million['ZAF']:,.0f}"
    v["grid_pol_over_swe"] = f"{grid['POL'] / grid['SWE']:.0f}"
    v["pub_google_co2_g"] = _cited(GOOGLE_MEDIAN_PROMPT_GCO2E)

    # --- the page's calculator (docs/assets/widgets/query-energy.js): its defaults and data ---
    v["calc_query_energy"] = calculator_data()
    return v


def calculator_data() -> str:
    """The defaults and data of the energy-of-a-query calculator, as JSON for the page.

    The calculator redoes :func:`token_economics.energy.query_energy_wh` in the browser; every
    number it starts from comes from here: Epoch AI's inputs, the GPU catalogue's peaks, the
    prefill utilisation derived from DeepSeek's day of traffic, the lesson's example electricity
    price and every grid zone's carbon intensity from the installed ecologits package.
    """
    ep = E.EPOCH_2025
    named = list(CARBON_COUNTRIES)
    others = [code for code in E.available_grid_zones() if code not in _COUNTRY_NAMES]
    data = {
        "defaults": {
            "active_params_b": ep.active_params / 1e9,
            "input_tokens": 0,
            "output_tokens": ep.output_tokens,
            "gpu": ep.gpu,
            "utilization": ep.utilization,
            "prefill_utilization": round(E.deepseek_phase_utilization().prefill, 2),
            "watts_per_gpu": ep.watts_per_gpu,
            "power_fraction": ep.power_fraction,
            "pue": ep.pue,
            "n_layers": 0,
            "d_attn": 0,
            "usd_per_kwh": EXAMPLE_USD_PER_KWH.value,
            "zone": "WOR",
        },
        "gpus": [
            {"key": key, "name": E.get_gpu(key).name, "bf16_flops": E.get_gpu(key).bf16_flops}
            for key in E.available_gpus()
        ],
        "zones": [
            {"code": code, "name": _COUNTRY_NAMES.get(code, code), "g_per_kwh": E.grid_intensity_g_per_kwh(code)}
            for code in named + others
        ],
        "zones_named": len(named),
        "joules_per_wh": E.JOULES_PER_WH,
        "wh_per_kwh": WH_PER_KWH,
    }
    return json.dumps(data, separators=(",", ":"))


# --- figures -----------------------------------------------------------------------------------------


def _fig_measured_vs_roofline() -> Figure:
    fig, ax = new_figure(7.2, 4.4)
    for colour, (gpu, n_gpus) in zip(PALETTE, ((ANCHOR_GPU, ANCHOR_GPUS), ("B200", 2)), strict=False):
        points = _anchor_sweep(gpu, n_gpus)
        params = points[0].active_params
        batches = np.unique(np.geomspace(1, 4096, 200).round().astype(int))
        floor = [E.roofline_joules_per_token(params, gpu=gpu, n_gpus=n_gpus, batch_size=int(b)) for b in batches]
        ax.plot(
            batches,
            floor,
            color=colour,
            linewidth=1.6,
            linestyle="--",
            label=f"time limit at full TDP (roofline), {n_gpus}×{gpu}",
        )
        ax.plot(
            [p.batch_size for p in points],
            [p.joules_per_token for p in points],
            "o-",
            color=colour,
            markersize=5,
            linewidth=1.0,
            label=f"measured (ML.ENERGY), {n_gpus}×{gpu}",
        )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("batch size (requests decoded together)")
    ax.set_ylabel("GPU energy per output token (J)")
    ax.set_title("Llama 3.1 70B: energy per token falls as the batch grows")
    ax.legend(fontsize=8, frameon=False)
    return finish(
        fig,
        source=(
            "ML.ENERGY Benchmark v3.0 (GPU energy from NVML counters); "
            "roofline: NVIDIA datasheets, full TDP, no KV cache"
        ),
    )


def _fig_published_per_query() -> Figure:
    rows = sorted(E.published_query_figures(), key=lambda f: f.energy_wh)
    fig, ax = new_figure(7.2, 3.6)
    labels = [f"{f.label}\n{f.model}, {f.workload}" for f in rows]
    colours = [
        PALETTE[0] if "measured" in f.method else PALETTE[1] if f.method.startswith("estimate") else PALETTE[7]
        for f in rows
    ]
    ax.barh(range(len(rows)), [f.energy_wh for f in rows], color=colours)
    for i, f in enumerate(rows):
        prefix = ">" if f.qualifier == "more than" else "≈" if f.qualifier == "about" else ""
        ax.text(f.energy_wh * 1.08, i, f"{prefix}{f.energy_wh:g} Wh ({f.qualifier})", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), labels, fontsize=7.5)
    ax.set_xscale("log")
    ax.set_xlim(0.1, 300)
    ax.set_xlabel("energy per query (Wh, log scale)")
    ax.set_title("Published energy per AI query")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=PALETTE[0], label="measured"),
            Patch(color=PALETTE[1], label="estimated"),
            Patch(color=PALETTE[7], label="no method published"),
        ],
        fontsize=8,
        frameon=False,
        loc="lower right",
    )
    return finish(fig, source="Epoch AI 2025; Google (Elsworth et al. 2025); Altman 2025; Jegham et al. 2025 (v6)")


def _fig_carbon_by_country() -> Figure:
    m = _measured(ANCHOR_BATCH)
    rows = sorted(
        ((code, E.carbon_g_per_million_tokens(m.joules_per_token, code, ANCHOR_PUE)) for code in CARBON_COUNTRIES),
        key=lambda item: item[1],
    )
    fig, ax = new_figure(7.2, 4.0)
    colours = [PALETTE[7] if code == "WOR" else PALETTE[2] for code, _ in rows]
    ax.barh([_COUNTRY_NAMES[c] for c, _ in rows], [g for _, g in rows], color=colours)
    for i, (_, g) in enumerate(rows):
        ax.text(g + 2, i, f"{g:,.0f} g", va="center", fontsize=8)
    ax.set_xlabel("gCO2e per million output tokens")
    ax.set_title(
        f"Same tokens, different grids: Llama 3.1 70B, {m.n_gpus}×{m.gpu}, batch {m.batch_size}, PUE {ANCHOR_PUE:g}",
        fontsize=10,
    )
    info = E.electricity_mix_dataset()
    return finish(
        fig,
        source=(
            f"ML.ENERGY v3.0 ({m.joules_per_token:g} J/token); "
            f"grid mixes from ecologits {info.version} (Our World in Data)"
        ),
    )


def _chain_values() -> dict[str, float]:
    """The worked example's chain: FLOPs → seconds → watts → Wh → dollars and grams of CO2."""
    steps = E.epoch_steps()
    kwh = steps.wh / 1000
    return {
        "flops": steps.flops,
        "seconds": steps.gpu_seconds,
        "watts": steps.watts,
        "wh": steps.wh,
        "usd": kwh * EXAMPLE_USD_PER_KWH.value,
        "g_co2": kwh * E.grid_intensity_g_per_kwh("WOR"),
    }


def _fig_chain() -> Figure:
    from matplotlib.patches import FancyBboxPatch

    c = _chain_values()
    fig, ax = new_figure(8.6, 3.0)
    ax.set_axis_off()
    ax.set_xlim(0, 9.3)
    ax.set_ylim(0, 3.2)
    boxes = {
        "work": (0.1, 1.9, f"{_sci(c['flops'], 2)} FLOPs", "2 × N × output tokens"),
        "time": (2.4, 1.9, f"{c['seconds']:.2f} GPU-seconds", "÷ (peak FLOP/s × utilization)"),
        "power": (2.4, 0.25, f"{c['watts']:,.0f} W", "W per GPU × load × PUE"),
        "energy": (4.7, 1.1, f"{c['wh']:.2f} Wh", "seconds × watts ÷ 3,600"),
        "money": (7.1, 1.9, f"${c['usd']:.6f}", f"× ${EXAMPLE_USD_PER_KWH.value:g} per kWh"),
        "carbon": (7.1, 0.25, f"{c['g_co2']:.2f} g CO2e", "× world grid, g per kWh"),
    }
    for title, (x, y, value, how) in boxes.items():
        ax.add_patch(
            FancyBboxPatch((x, y), 2.0, 0.9, boxstyle="round,pad=0.05", facecolor="#eef4fa", edgecolor=PALETTE[0])
        )
        ax.text(x + 1.0, y + 0.66, title, ha="center", fontsize=9, weight="bold")
        ax.text(x + 1.0, y + 0.40, value, ha="center", fontsize=9)
        ax.text(x + 1.0, y + 0.12, how, ha="center", fontsize=6.5, color="#444444")
    arrow = {"arrowstyle": "->", "color": "#333333", "lw": 1.2}
    ax.annotate("", xy=(2.35, 2.35), xytext=(2.15, 2.35), arrowprops=arrow)  # work → time
    ax.annotate("", xy=(4.65, 1.75), xytext=(4.45, 2.2), arrowprops=arrow)  # time → energy
    ax.annotate("", xy=(4.65, 1.35), xytext=(4.45, 0.9), arrowprops=arrow)  # power → energy
    ax.annotate("", xy=(7.05, 2.2), xytext=(6.75, 1.75), arrowprops=arrow)  # energy → money
    ax.annotate("", xy=(7.05, 0.9), xytext=(6.75, 1.35), arrowprops=arrow)  # energy → carbon
    ax.set_title("One query, step by step (Epoch AI's GPT-4o example)", fontsize=10)
    return finish(fig, source="Epoch AI (2025) inputs; the lesson's example price; world grid from EcoLogits (OWID)")


def figures() -> dict[str, Figure]:
    """The lesson 2 figures by name (written as ``figures/l2-<name>.png``)."""
    return {
        "chain": _fig_chain(),
        "measured-vs-roofline": _fig_measured_vs_roofline(),
        "published-per-query": _fig_published_per_query(),
        "carbon-by-country": _fig_carbon_by_country(),
    }
