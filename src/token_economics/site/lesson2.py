"""Numbers and figures for lesson 2, "Why tokens consume electricity".

Every value is computed here by :mod:`token_economics.energy` when the site is built, from
cited inputs (Epoch AI, NVIDIA datasheets, ML.ENERGY, the electricity mixes of the installed
``ecologits`` package); the page writes ``{{ l2.key }}``. Nothing here times the CPU, so
the page is the same on every machine (the tiny-transformer timing lives in the notebook).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.figure import Figure

from token_economics import energy as E
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.site.formatting import pct as _pct
from token_economics.site.formatting import sci as _sci
from token_economics.site.formatting import sig as _sig

#: Example electricity price for the worked example, USD per kWh: an assumption inside the
#: range of 2024 US industrial prices (about 7–9 ¢/kWh in many states) [ref:eia_epm_5_6_b].
EXAMPLE_USD_PER_KWH: float = 0.08

#: Industry-average PUE in 2023, dimensionless (total facility power / IT power) [ref:uptime2023pue].
UPTIME_AVERAGE_PUE_2023: float = 1.58

#: Carbon of Google's median Gemini Apps text prompt, gCO2e, market-based [ref:google2025gemini].
GOOGLE_MEDIAN_PROMPT_GCO2E: float = 0.03

#: How many times less energy Google's median Gemini prompt used in May 2025 than in May 2024,
#: dimensionless [ref:google2025gemini].
GOOGLE_ENERGY_DROP_FACTOR: float = 33.0

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


def values() -> dict[str, str]:
    """Every number the lesson 2 page shows, by placeholder key."""
    v: dict[str, str] = {}
    ep = E.EPOCH_2025
    h100 = E.get_gpu("H100")

    # --- FLOPs ------------------------------------------------------------------------------
    v["flops_per_token_70b"] = _sig(E.forward_flops_per_token(70e9) / 1e9, 3)  # billions
    v["training_flops_70b_1t"] = _sci(E.training_flops(70e9, 1e12))

    # --- GPUs ----------------------------------------------------------------------------------
    for name in E.available_gpus():
        g = E.get_gpu(name)
        key = name.lower()
        v[f"{key}_tflops"] = f"{g.bf16_flops / 1e12:,.0f}"
        v[f"{key}_tdp_w"] = f"{g.tdp_watts:,.0f}"
        v[f"{key}_memory_gb"] = f"{g.memory_bytes / 1e9:,.0f}"
        v[f"{key}_bandwidth_tbs"] = _sig(g.bandwidth_bytes_per_s / 1e12, 3)
    v["h100_ridge_flops_per_byte"] = f"{h100.ridge_flops_per_byte:,.0f}"
    v["h100_ridge_batch_bf16"] = f"{2.0 * h100.bf16_flops / (2 * h100.bandwidth_bytes_per_s):,.0f}"

    # --- Epoch AI, step by step ---------------------------------------------------------------
    steps = E.epoch_steps(ep)  # every intermediate value comes from the library's own function
    flops, seconds, avg_watts, wh = steps.flops, steps.gpu_seconds, steps.watts, steps.wh
    v["epoch_active_params_b"] = f"{ep.active_params / 1e9:,.0f}"
    v["epoch_output_tokens"] = f"{ep.output_tokens:,}"
    v["epoch_flops_per_token_b"] = f"{E.forward_flops_per_token(ep.active_params) / 1e9:,.0f}"
    v["epoch_flops"] = _sci(flops)
    v["epoch_utilization"] = _pct(ep.utilization)
    v["epoch_effective_tflops"] = f"{steps.effective_flops_per_s / 1e12:,.1f}"
    v["epoch_gpu_seconds"] = f"{seconds:.2f}"
    v["epoch_watts_per_gpu"] = f"{ep.watts_per_gpu:,.0f}"
    v["epoch_server_kw"] = f"{ep.watts_per_gpu * 8 / 1000:.1f}"  # a DGX H100 holds eight GPUs
    v["epoch_power_fraction"] = f"{ep.power_fraction:g}"
    v["epoch_pue"] = f"{ep.pue:g}"
    v["epoch_avg_watts"] = f"{avg_watts:,.0f}"
    v["epoch_joules"] = f"{steps.joules:,.0f}"
    v["epoch_wh"] = f"{wh:.3f}"
    v["epoch_wh_published"] = f"{ep.published_wh:g}"
    v["epoch_wh_sheet"] = f"{ep.spreadsheet_wh:g}"
    v["epoch_wh_util_50"] = (
        f"{E.query_energy_wh(ep.active_params, ep.output_tokens, gpu=ep.gpu, utilization=0.5, watts_per_gpu=ep.watts_per_gpu, power_fraction=ep.power_fraction, pue=ep.pue):.2f}"
    )
    v["epoch_wh_1500_tokens"] = (
        f"{E.query_energy_wh(ep.active_params, 1500, gpu=ep.gpu, utilization=ep.utilization, watts_per_gpu=ep.watts_per_gpu, power_fraction=ep.power_fraction, pue=ep.pue):.2f}"
    )
    v["epoch_wh_no_pue"] = f"{wh / ep.pue:.3f}"

    # --- roofline vs measurement: Llama 3.1 70B on 4×H100 -------------------------------------
    n70 = _measured(ANCHOR_BATCH).active_params
    v["llama70_params_b"] = _sig(n70 / 1e9, 4)
    v["llama70_weights_gb"] = f"{n70 * 2 / 1e9:,.0f}"
    r1 = E.roofline(n70, gpu=ANCHOR_GPU, n_gpus=ANCHOR_GPUS, batch_size=1)
    v["roof70_b1_ms"] = f"{r1.step_seconds * 1e3:.1f}"
    v["roof70_b1_tps"] = f"{r1.tokens_per_second:,.0f}"
    v["roof70_b1_j"] = _sig(r1.joules_per_token, 2)
    for batch in (8, 128, 1024):
        r = E.roofline(n70, gpu=ANCHOR_GPU, n_gpus=ANCHOR_GPUS, batch_size=batch)
        m = _measured(batch)
        v[f"roof70_b{batch}_j"] = _sig(r.joules_per_token, 2)
        v[f"roof70_b{batch}_bound"] = r.bound
        v[f"roof70_b{batch}_tps"] = f"{r.tokens_per_second:,.0f}"
        v[f"meas70_b{batch}_j"] = _sig(m.joules_per_token, 3)
        v[f"meas70_b{batch}_tps"] = f"{m.tokens_per_second:,.0f}"
        v[f"meas70_b{batch}_watts_per_gpu"] = f"{m.watts / m.n_gpus:,.0f}"
        v[f"meas_over_roof_b{batch}"] = f"{m.joules_per_token / r.joules_per_token:.1f}"
    sweep = _anchor_sweep()
    v["meas70_batch_min"] = f"{sweep[0].batch_size}"
    v["meas70_batch_max"] = f"{sweep[-1].batch_size:,}"
    v["meas70_drop_factor"] = f"{sweep[0].joules_per_token / sweep[-1].joules_per_token:.0f}"
    m128 = _measured(ANCHOR_BATCH)
    per_query_j = m128.joules_per_token * ep.output_tokens
    v["meas70_query_j"] = f"{per_query_j:,.0f}"
    v["meas70_query_wh"] = f"{per_query_j / E.JOULES_PER_WH:.3f}"
    v["meas70_query_wh_pue"] = f"{per_query_j * ANCHOR_PUE / E.JOULES_PER_WH:.3f}"
    blog = {(p.model, p.software, p.batch_size, p.task): p for p in E.measured_points()}
    v["llama8_v2_j"] = f"{blog[('Llama 3.1 8B Instruct', 'vLLM 0.5.4 (v2.0)', 64, 'chat (v2.0)')].joules_per_token:.2f}"
    v["llama8_v3_j"] = (
        f"{blog[('Llama 3.1 8B Instruct', 'vLLM 0.11.1 (v3.0)', 64, 'lm-arena-chat')].joules_per_token:.2f}"
    )
    v["qwen32_b128_j"] = f"{blog[('Qwen 3 32B', 'vLLM 0.11.1 (v3.0)', 128, 'lm-arena-chat')].joules_per_token:.3f}"
    v["qwen32_b512_j"] = f"{blog[('Qwen 3 32B', 'vLLM 0.11.1 (v3.0)', 512, 'lm-arena-chat')].joules_per_token:.3f}"
    v["qwen32_reasoning_j"] = (
        f"{blog[('Qwen 3 32B', 'vLLM 0.11.1 (v3.0)', 128, 'gpqa (reasoning on)')].joules_per_token:.3f}"
    )

    # --- money -----------------------------------------------------------------------------------
    v["example_usd_per_kwh"] = f"${EXAMPLE_USD_PER_KWH:.2f}"
    v["example_cents_per_kwh"] = f"{EXAMPLE_USD_PER_KWH * 100:g}"
    cost = E.electricity_cost_per_million_tokens(m128.joules_per_token, EXAMPLE_USD_PER_KWH, ANCHOR_PUE)
    v["meas70_usd_per_million"] = f"${cost:.3f}"
    v["meas70_kwh_per_million"] = f"{m128.joules_per_token * 1e6 * ANCHOR_PUE / E.JOULES_PER_KWH:.3f}"
    v["meas70_b8_usd_per_million"] = (
        f"${E.electricity_cost_per_million_tokens(_measured(8).joules_per_token, EXAMPLE_USD_PER_KWH, ANCHOR_PUE):.3f}"
    )

    # --- PUE --------------------------------------------------------------------------------------
    from ecologits.tracers.utils import PROVIDER_CONFIG_MAP

    def _pue_text(value: object) -> str:
        if hasattr(value, "min") and hasattr(value, "max"):
            return f"{value.min:g}–{value.max:g}"
        return f"{float(value):.2f}"

    v["ecologits_pue_openai"] = _pue_text(PROVIDER_CONFIG_MAP["openai"].datacenter_pue)
    v["ecologits_pue_google"] = _pue_text(PROVIDER_CONFIG_MAP["google_genai"].datacenter_pue)
    v["uptime_pue_2023"] = f"{UPTIME_AVERAGE_PUE_2023:.2f}"

    # --- carbon --------------------------------------------------------------------------------------
    info = E.electricity_mix_dataset()
    v["ecologits_version"] = info.version
    v["grid_zones"] = f"{info.zones}"
    for code in CARBON_COUNTRIES:
        key = code.lower()
        g = E.grid_intensity_g_per_kwh(code)
        v[f"grid_{key}"] = f"{g:,.0f}"
        v[f"co2_query_{key}"] = _sig(E.carbon_g_per_query(wh, code), 2)
        v[f"co2_million_{key}"] = f"{E.carbon_g_per_million_tokens(m128.joules_per_token, code, ANCHOR_PUE):,.0f}"
    ratio = E.grid_intensity_g_per_kwh("POL") / E.grid_intensity_g_per_kwh("SWE")
    v["grid_pol_over_swe"] = f"{ratio:.0f}"
    v["grid_ind_over_fra"] = f"{E.grid_intensity_g_per_kwh('IND') / E.grid_intensity_g_per_kwh('FRA'):.0f}"

    # --- EcoLogits cross-check ------------------------------------------------------------------------
    cc = _crosschecks()
    for key, c in cc.items():
        v[f"eco_{key}_wh"] = _range_wh(*c.ecologits_wh)
        v[f"course_{key}_wh"] = _range_wh(*c.course_wh)
        low_b, high_b = c.active_params[0] / 1e9, c.active_params[1] / 1e9
        v[f"eco_{key}_active_b"] = _sig(low_b, 4) if low_b == high_b else f"{_sig(low_b, 4)}–{_sig(high_b, 4)}"
    v["eco_gpt4o_total_b"] = f"{cc['gpt4o'].total_params[0] / 1e9:,.0f}"

    # --- published figures ------------------------------------------------------------------------------
    pub = E.published_query_figures()
    by = {(f.source, f.qualifier): f for f in pub}
    v["pub_epoch_wh"] = f"{by[('epoch2025energy', 'about')].energy_wh:g}"
    v["pub_google_wh"] = f"{by[('google2025gemini', 'median')].energy_wh:g}"
    v["pub_altman_wh"] = f"{by[('altman2025gentle', 'average')].energy_wh:g}"
    v["pub_jegham_short_wh"] = f"{by[('jegham2025hungry', 'about')].energy_wh:g}"
    v["pub_jegham_long_wh"] = f"{by[('jegham2025hungry', 'more than')].energy_wh:g}"
    v["pub_long_over_short"] = (
        f"{by[('jegham2025hungry', 'more than')].energy_wh / by[('jegham2025hungry', 'about')].energy_wh:.0f}"
    )
    v["pub_google_co2_g"] = f"{GOOGLE_MEDIAN_PROMPT_GCO2E:g}"
    v["pub_google_drop"] = f"{GOOGLE_ENERGY_DROP_FACTOR:g}"
    return v


# --- figures -----------------------------------------------------------------------------------------


def _fig_measured_vs_roofline() -> Figure:
    fig, ax = new_figure(7.2, 4.4)
    for colour, (gpu, n_gpus) in zip(PALETTE, ((ANCHOR_GPU, ANCHOR_GPUS), ("B200", 2))):
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
            label=f"hardware floor (roofline), {n_gpus}×{gpu}",
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
        fig, source="ML.ENERGY Benchmark v3.0 (GPU energy only); roofline from NVIDIA datasheet figures at full TDP"
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
        source=f"ML.ENERGY v3.0 ({m.joules_per_token:g} J/token); grid mixes from ecologits {info.version} (Our World in Data)",
    )


def figures() -> dict[str, Figure]:
    """The lesson 2 figures by name (written as ``figures/l2-<name>.png``)."""
    return {
        "measured-vs-roofline": _fig_measured_vs_roofline(),
        "published-per-query": _fig_published_per_query(),
        "carbon-by-country": _fig_carbon_by_country(),
    }
