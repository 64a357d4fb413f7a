"""Lesson 2 — why tokens consume electricity.

Every token a model writes is a forward pass through the network. A forward pass is
arithmetic (about two floating-point operations per parameter), arithmetic runs on a chip
for some seconds, and a chip running for some seconds draws electricity. This module
turns that chain into numbers:

* **FLOPs** — :func:`forward_flops_per_token`, :func:`training_flops` (Kaplan et al. 2020).
* **GPUs** — a small catalogue of NVIDIA datacentre GPUs with *dense* BF16 peaks
  (:class:`GPUSpec`, :func:`get_gpu`, :func:`available_gpus`).
* **Energy per query** — :func:`query_energy_wh`, Epoch AI's compute-bound estimate, and
  :func:`epoch_reproduction`, which recomputes Epoch's ≈ 0.3 Wh from its published inputs.
* **Energy per token at the hardware limit** — :func:`roofline`,
  :func:`roofline_joules_per_token`, :func:`roofline_tokens_per_second`: the floor set by
  memory bandwidth (small batches) or by arithmetic (large batches).
* **Money and carbon** — :func:`electricity_cost_per_million_tokens`,
  :func:`grid_intensity_g_per_kwh` (read at run time from the electricity mixes shipped in
  the installed ``ecologits`` package), :func:`carbon_g_per_query`,
  :func:`carbon_g_per_million_tokens`.
* **Other people's numbers** — :func:`ecologits_crosscheck` (EcoLogits' own impact model,
  run offline), :func:`measured_points` (ML.ENERGY measurements) and
  :func:`published_query_figures` (Epoch, Google, Altman, Jegham et al.).

Units are in the names: ``_wh`` watt-hours, ``joules_``, ``_watts``, ``_flops`` FLOP/s for
hardware and FLOP counts for work, ``_bytes``, ``usd_``, ``g_`` grams of CO2-equivalent.
One watt-hour is 3,600 joules; one kilowatt-hour is 3.6 million joules.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from token_economics.data import load_csv, sha256_of
from token_economics.costs import electricity_cost_per_million_tokens
from token_economics.sources import (
    DEEPSEEK_CACHE_HIT_SHARE,
    DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_GPUS_PER_NODE,
    DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_V3_ACTIVE_PARAMS,
    EPOCH_ACTIVE_PARAMS,
    EPOCH_OUTPUT_TOKENS,
    EPOCH_POWER_FRACTION,
    EPOCH_PUE,
    EPOCH_QUERY_WH,
    EPOCH_QUERY_WH_SHEET,
    EPOCH_UTILIZATION,
    EPOCH_WATTS_PER_GPU,
)
from token_economics.units import JOULES_PER_KWH, JOULES_PER_WH
from token_economics.units import fraction as _fraction
from token_economics.units import non_negative as _non_negative
from token_economics.units import positive as _positive
from token_economics.units import pue as _pue
from token_economics.units import whole as _whole
from token_economics.units import finite_result as _finite
from token_economics.units import instance_of as _instance_of
from token_economics.units import unit_of as _unit_of
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "JOULES_PER_WH",
    "JOULES_PER_KWH",
    "QueryEnergy",
    "query_energy",
    "epoch_steps",
    "forward_flops_per_token",
    "attention_overhead_fraction",
    "kv_cache_bytes_per_token",
    "training_flops",
    "GPUSpec",
    "get_gpu",
    "available_gpus",
    "EpochInputs",
    "EPOCH_2025",
    "query_energy_wh",
    "epoch_reproduction",
    "PhaseUtilization",
    "deepseek_phase_utilization",
    "epoch_long_input_wh",
    "RooflineResult",
    "roofline",
    "roofline_joules_per_token",
    "roofline_tokens_per_second",
    "electricity_cost_per_million_tokens",
    "ElectricityMixDataset",
    "electricity_mix_dataset",
    "available_grid_zones",
    "grid_intensity_g_per_kwh",
    "carbon_g_per_query",
    "carbon_g_per_million_tokens",
    "CrossCheck",
    "ecologits_crosscheck",
    "MeasuredPoint",
    "measured_points",
    "measured_utilization",
    "PublishedFigure",
    "published_query_figures",
]


#: The largest count (GPUs, sequences in a batch, tokens) the formulas take: a limit of the
#: calculation (it keeps every product within a float's range), not a figure of any system.
MAX_COUNT = 10**12


def _count(name: str, value: object, *, minimum: int = 1) -> int:
    """A count (GPUs, a batch): a whole number ≥ ``minimum``; ``3.0`` is accepted as 3."""
    return _whole(name, value, minimum=minimum, maximum=MAX_COUNT, allow_whole_float=True)


# --------------------------------------------------------------------------------------
# Input checks: bad input raises ValueError with a sentence, never a wrong number.
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# FLOPs
# --------------------------------------------------------------------------------------


def forward_flops_per_token(
    n_params: float,
    *,
    n_layers: int = 0,
    context_tokens: int = 0,
    d_attn: int = 0,
) -> float:
    """Floating-point operations for one token through a decoder-only transformer.

    ``2·N + 2·n_layers·context_tokens·d_attn`` [ref:kaplan2020]. Each parameter takes part in
    one multiply and one add per token (hence the 2); the second term is attention looking
    back over ``context_tokens`` earlier tokens. With the defaults (no attention term) it is
    the ``2·N`` rule of thumb.

    Args:
        n_params: Parameters used per token, N (the *active* parameters of a
            mixture-of-experts model). Kaplan et al. count non-embedding parameters.
        n_layers: Number of transformer layers (only for the attention term).
        context_tokens: Tokens already in the context window (only for the attention term).
        d_attn: Attention width, usually ``d_model`` (only for the attention term).

    Returns:
        FLOPs for one token (a count, not a rate).

    Raises:
        ValueError: If any input is negative, NaN or infinite.
    """
    n = _non_negative("n_params", n_params)
    layers = _non_negative("n_layers", n_layers)
    ctx = _non_negative("context_tokens", context_tokens)
    width = _non_negative("d_attn", d_attn)
    return _finite("FLOPs per token", 2.0 * n + 2.0 * layers * ctx * width)


def attention_overhead_fraction(n_params: float, *, n_layers: int, context_tokens: int, d_attn: int) -> float:
    """What attention over a context adds to a token's work, as a share of ``2·N``.

    Kaplan's attention term ``2·n_layers·context_tokens·d_attn`` divided by ``2·N``
    [ref:kaplan2020]: 0 for an empty context, growing in step with the context.

    Args:
        n_params: Parameters used per token, N (> 0).
        n_layers: Transformer layers.
        context_tokens: Tokens already in the context window.
        d_attn: Attention width (usually ``d_model``).

    Returns:
        A fraction (0.3 means attention adds 30% to the ``2·N`` FLOPs).

    Raises:
        ValueError: If ``n_params`` is not above zero, or any input is negative, NaN or infinite.
    """
    n = _positive("n_params", n_params)
    total = forward_flops_per_token(n, n_layers=n_layers, context_tokens=context_tokens, d_attn=d_attn)
    return _finite("attention share", total / forward_flops_per_token(n) - 1.0)


def kv_cache_bytes_per_token(n_layers: int, n_kv_heads: int, head_dim: int, *, bytes_per_value: float = 2.0) -> float:
    """Bytes the KV cache holds for one token of context: ``2 · n_layers · n_kv_heads · head_dim · bytes``.

    Each layer keeps a key and a value vector (the 2) for every earlier token; a model with
    grouped-query attention keeps ``n_kv_heads`` of them, fewer than its query heads.
    Writing the next token reads all of it once, for every sequence in the batch.

    Args:
        n_layers: Transformer layers.
        n_kv_heads: Key/value heads per layer.
        head_dim: Width of one head.
        bytes_per_value: 2 for BF16/FP16, 1 for FP8.

    Returns:
        Bytes per token of context, per sequence.

    Raises:
        ValueError: For negative, NaN or infinite inputs.
    """
    layers = _non_negative("n_layers", n_layers)
    heads = _non_negative("n_kv_heads", n_kv_heads)
    width = _non_negative("head_dim", head_dim)
    size = _positive("bytes_per_value", bytes_per_value)
    return _finite("KV-cache bytes per token", 2.0 * layers * heads * width * size, "bytes")


def training_flops(n_params: float, n_tokens: float) -> float:
    """FLOPs to train a model of ``n_params`` parameters on ``n_tokens`` tokens: ``6·N·D``.

    The forward pass costs ``2N`` per token and the backward pass about twice that
    [ref:kaplan2020].

    Args:
        n_params: Parameters N.
        n_tokens: Training tokens D.

    Returns:
        Total training FLOPs (a count).

    Raises:
        ValueError: If an input is negative, NaN or infinite.
    """
    n, d = _non_negative("n_params", n_params), _non_negative("n_tokens", n_tokens)
    return _finite("training FLOPs", _finite("6·N", 6.0 * n) * d)


# --------------------------------------------------------------------------------------
# GPU catalogue
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GPUSpec:
    """One datacentre GPU, as its maker states it. All figures are *dense* (no sparsity).

    NVIDIA's datasheets headline "with sparsity" numbers that are twice the dense ones; a
    language model's weights are not 2:4-sparse, so the dense figure is the one to use. Epoch
    AI uses the H100's dense 989 TFLOP/s too [ref:epoch2025energy_sheet]. The catalogue's B200
    is the HGX part; GB200 parts run at up to 1,200 W and 2.5 PFLOP/s dense [ref:klockwood_gpus].
    Each entry's ``source`` names its datasheet.
    """

    name: str  #: marketing name, e.g. "H100 SXM 80GB"
    bf16_flops: float  #: peak dense BF16 tensor throughput, FLOP/s
    tdp_watts: float  #: maximum board power (TDP), W
    memory_bytes: float  #: memory on the board, bytes
    bandwidth_bytes_per_s: float  #: memory bandwidth, bytes/s
    source: str  #: reference key in data/references/lesson2.toml
    note: str = ""  #: where sources disagree or a figure is derived

    def __post_init__(self) -> None:
        for field_name in ("bf16_flops", "tdp_watts", "memory_bytes", "bandwidth_bytes_per_s"):
            _positive(f"GPUSpec.{field_name}", getattr(self, field_name), _unit_of(field_name))

    @property
    def ridge_flops_per_byte(self) -> float:
        """Arithmetic intensity (FLOP per byte read) above which the chip is compute-bound."""
        return self.bf16_flops / self.bandwidth_bytes_per_s


_GPUS: dict[str, GPUSpec] = {
    "A100": GPUSpec(
        name="A100 SXM 80GB",
        bf16_flops=312e12,
        tdp_watts=400.0,
        memory_bytes=80e9,
        bandwidth_bytes_per_s=2.039e12,
        source="nvidia_a100",
        note="624 TFLOP/s is the sparsity figure. 80GB SXM part (the 40GB part has 1.555 TB/s).",
    ),
    "H100": GPUSpec(
        name="H100 SXM 80GB",
        bf16_flops=989e12,
        tdp_watts=700.0,
        memory_bytes=80e9,
        bandwidth_bytes_per_s=3.35e12,
        source="nvidia_h100",
        note="1,979 TFLOP/s is the sparsity figure.",
    ),
    "H200": GPUSpec(
        name="H200 SXM 141GB",
        bf16_flops=989e12,
        tdp_watts=700.0,
        memory_bytes=141e9,
        bandwidth_bytes_per_s=4.8e12,
        source="nvidia_h200",
        note="Same compute as H100 SXM; more and faster memory. TDP is 'up to 700 W' (configurable).",
    ),
    "B200": GPUSpec(
        name="B200 (HGX B200)",
        bf16_flops=2.25e15,
        tdp_watts=1000.0,
        memory_bytes=180e9,
        bandwidth_bytes_per_s=8.0e12,
        source="nvidia_b200",
        note=(
            "HGX B200 per-GPU figures: 4.5 PFLOP/s is the sparsity figure; 180 GB usable of 192 GB "
            "physical HBM3e; some listings give 7.7 TB/s. GB200 parts differ (see GPUSpec)."
        ),
    ),
}

_GPU_ALIASES: dict[str, str] = {
    "a100 sxm": "A100",
    "a100 sxm 80gb": "A100",
    "a100-sxm": "A100",
    "a100-80gb": "A100",
    "h100 sxm": "H100",
    "h100 sxm 80gb": "H100",
    "h100-sxm": "H100",
    "h100-80gb": "H100",
    "h200 sxm": "H200",
    "h200 sxm 141gb": "H200",
    "h200-sxm": "H200",
    "b200 (hgx b200)": "B200",
    "hgx b200": "B200",
}


def available_gpus() -> list[str]:
    """Short names accepted by :func:`get_gpu`, oldest first."""
    return list(_GPUS)


def get_gpu(name: str | GPUSpec) -> GPUSpec:
    """The catalogue entry for a GPU, by short or full name (case-insensitive).

    Args:
        name: ``"H100"``, ``"h100 sxm"``, ``"H100 SXM 80GB"``…, or a :class:`GPUSpec`
            (returned unchanged, so functions accept either).

    Returns:
        The :class:`GPUSpec`.

    Raises:
        ValueError: For an unknown name; the message lists the known ones.
    """
    if isinstance(name, GPUSpec):
        return name
    if isinstance(name, str):
        key = " ".join(name.strip().lower().split())
        for short in _GPUS:
            if key == short.lower():
                return _GPUS[short]
        if key in _GPU_ALIASES:
            return _GPUS[_GPU_ALIASES[key]]
    raise ValueError(f"unknown GPU {name!r}; choose one of: {', '.join(available_gpus())}")


# --------------------------------------------------------------------------------------
# Energy per query (Epoch AI's method)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpochInputs:
    """Epoch AI's published inputs for a typical GPT-4o query [ref:epoch2025energy_sheet].

    The defaults are the registry's figures (:mod:`token_economics.sources`, ``EPOCH_*``).
    """

    active_params: float = EPOCH_ACTIVE_PARAMS.value  #: active parameters per token
    output_tokens: int = EPOCH_OUTPUT_TOKENS.value  #: output tokens per query
    gpu: str = "H100"  #: 989 TFLOP/s dense BF16
    utilization: float = EPOCH_UTILIZATION.value  #: fraction of peak FLOP/s actually achieved
    watts_per_gpu: float = EPOCH_WATTS_PER_GPU.value  #: rated power per GPU with its server share, W
    power_fraction: float = EPOCH_POWER_FRACTION.value  #: average power / rated power
    pue: float = EPOCH_PUE.value  #: data-centre overhead, facility power / IT power
    published_wh: float = EPOCH_QUERY_WH.value  #: Epoch's headline figure, Wh
    spreadsheet_wh: float = EPOCH_QUERY_WH_SHEET.value  #: the spreadsheet's unrounded result, Wh
    source: str = "epoch2025energy_sheet"

    def __post_init__(self) -> None:
        _non_negative("EpochInputs.active_params", self.active_params, "parameters")
        _non_negative("EpochInputs.output_tokens", self.output_tokens, "tokens")
        get_gpu(self.gpu)
        _fraction("EpochInputs.utilization", self.utilization)
        _non_negative("EpochInputs.watts_per_gpu", self.watts_per_gpu, "W")
        _fraction("EpochInputs.power_fraction", self.power_fraction)
        _pue(self.pue, "EpochInputs.pue")
        _non_negative("EpochInputs.published_wh", self.published_wh, "Wh")
        _non_negative("EpochInputs.spreadsheet_wh", self.spreadsheet_wh, "Wh")


#: Epoch AI's baseline GPT-4o query (February 2025).
EPOCH_2025 = EpochInputs()


@dataclass(frozen=True)
class QueryEnergy:
    """Every step of Epoch AI's energy-per-query method, with its unit (see :func:`query_energy`)."""

    flops: float  #: work: 2 · active parameters · output tokens, FLOPs
    gpu_seconds: float  #: time: FLOPs ÷ (peak FLOP/s · utilization), GPU-seconds
    effective_flops_per_s: float  #: the peak FLOP/s times the utilization, FLOP/s
    watts: float  #: power charged: watts per GPU · power fraction · PUE, W
    joules: float  #: energy: GPU-seconds · watts, J
    wh: float  #: the same energy in watt-hours, Wh
    prefill_flops: float = 0.0  #: of ``flops``, the work of reading the prompt (prefill), FLOPs
    prefill_seconds: float = 0.0  #: of ``gpu_seconds``, the time of the prefill, GPU-seconds


def query_energy(
    active_params: float,
    output_tokens: float,
    *,
    gpu: str | GPUSpec = "H100",
    utilization: float,
    watts_per_gpu: float | None = None,
    power_fraction: float = 1.0,
    pue: float = 1.0,
    input_tokens: float = 0,
    prefill_utilization: float | None = None,
    n_layers: int = 0,
    d_attn: int = 0,
) -> QueryEnergy:
    """Energy of one query, Epoch AI's compute-bound way, with every intermediate value.

    The arguments, checks and formula are those of :func:`query_energy_wh`, which returns
    this result's ``wh``.
    """
    n = _non_negative("active_params", active_params)
    tokens = _non_negative("output_tokens", output_tokens)
    prompt = _non_negative("input_tokens", input_tokens)
    spec = get_gpu(gpu)
    util = _fraction("utilization", utilization)
    prefill_util = util if prefill_utilization is None else _fraction("prefill_utilization", prefill_utilization)
    per_gpu = spec.tdp_watts if watts_per_gpu is None else _non_negative("watts_per_gpu", watts_per_gpu)
    frac = _fraction("power_fraction", power_fraction)
    overhead = _pue(pue)
    layers = _non_negative("n_layers", n_layers)
    width = _non_negative("d_attn", d_attn)
    # Kaplan's per-token FLOPs, 2N + 2·layers·t·width at context t, summed over the positions:
    # the prompt's tokens 0 … L−1 (prefill), then the answer's tokens L … L+T−1 (decode).
    prefill_flops = _finite("prefill FLOPs", 2.0 * n * prompt + layers * width * prompt * (prompt - 1.0), "FLOPs")
    decode_attention = layers * width * (2.0 * prompt * tokens + tokens * (tokens - 1.0)) if tokens else 0.0
    decode_flops = _finite("decode FLOPs", forward_flops_per_token(n) * tokens + decode_attention, "FLOPs")
    effective = spec.bf16_flops * util
    prefill_seconds = prefill_flops / (spec.bf16_flops * prefill_util)
    gpu_seconds = decode_flops / effective + prefill_seconds
    watts = per_gpu * frac * overhead
    joules = gpu_seconds * watts
    return QueryEnergy(
        flops=prefill_flops + decode_flops,
        gpu_seconds=gpu_seconds,
        effective_flops_per_s=effective,
        watts=watts,
        joules=joules,
        wh=joules / JOULES_PER_WH,
        prefill_flops=prefill_flops,
        prefill_seconds=prefill_seconds,
    )


def query_energy_wh(
    active_params: float,
    output_tokens: float,
    *,
    gpu: str | GPUSpec = "H100",
    utilization: float,
    watts_per_gpu: float | None = None,
    power_fraction: float = 1.0,
    pue: float = 1.0,
    input_tokens: float = 0,
    prefill_utilization: float | None = None,
    n_layers: int = 0,
    d_attn: int = 0,
) -> float:
    """Energy of one query in watt-hours, Epoch AI's compute-bound way [ref:epoch2025energy].

    1. work: ``FLOPs = 2 · active_params · output_tokens``;
    2. time: ``seconds = FLOPs / (peak FLOP/s · utilization)`` — GPU-seconds, however many
       GPUs share them;
    3. power: ``watts = watts_per_gpu · power_fraction · pue``;
    4. energy: ``Wh = seconds · watts / 3600``.

    With Epoch's inputs (:data:`EPOCH_2025`) this gives 0.3008 Wh, Epoch's "≈ 0.3 Wh"
    (their spreadsheet shows 0.301).

    **Input (prompt) tokens.** With ``input_tokens`` the work also counts the *prefill*:
    reading the prompt, ``2·N`` FLOPs per prompt token plus Kaplan's attention term
    ``2·n_layers·t·d_attn`` at each position t [ref:kaplan2020]; the answer's tokens then
    attend over the prompt too. The prefill runs at ``prefill_utilization`` (default: the same
    ``utilization``): the whole prompt goes through the model in one pass, so the weights are
    read once for all its tokens and the chip can reach a larger share of its peak than when it
    writes one token at a time. With the defaults (``input_tokens=0``, no attention term)
    the result is the one above.

    Args:
        active_params: Parameters used per token (active parameters for mixture-of-experts).
        output_tokens: Tokens generated.
        gpu: A name from :func:`available_gpus` or a :class:`GPUSpec` (dense BF16 peak).
        utilization: Fraction of the peak FLOP/s actually achieved, in (0, 1]. Epoch uses 0.10.
        watts_per_gpu: Power charged per GPU, W. Default: the GPU's TDP. Epoch uses 1,275 W,
            a whole DGX H100 server (10.2 kW) divided by its 8 GPUs.
        power_fraction: Average power as a fraction of ``watts_per_gpu``, in (0, 1]. A GPU
            does not draw its rated power all the time; Epoch uses 0.7.
        pue: Power usage effectiveness of the data centre, ≥ 1 (cooling, power conversion).
        input_tokens: Prompt tokens read before the answer (default 0: not counted).
        prefill_utilization: Fraction of peak FLOP/s reached while reading the prompt, in
            (0, 1]. Default: ``utilization``.
        n_layers: Transformer layers, for the attention term (default 0: no attention term).
        d_attn: Attention width, usually ``d_model`` (default 0: no attention term).

    Returns:
        Energy per query, Wh.

    Raises:
        ValueError: For negative, NaN or infinite inputs, a fraction outside (0, 1], a PUE
            below 1, or an unknown GPU.
    """
    steps = query_energy(
        active_params,
        output_tokens,
        gpu=gpu,
        utilization=utilization,
        watts_per_gpu=watts_per_gpu,
        power_fraction=power_fraction,
        pue=pue,
        input_tokens=input_tokens,
        prefill_utilization=prefill_utilization,
        n_layers=n_layers,
        d_attn=d_attn,
    )
    return steps.gpu_seconds * steps.watts / JOULES_PER_WH


def _epoch_args(inputs: EpochInputs) -> tuple[tuple[float, float], dict]:
    """Epoch's inputs as the positional and keyword arguments of :func:`query_energy`."""
    _instance_of("inputs", inputs, EpochInputs, "an EpochInputs")
    keywords = {
        "gpu": inputs.gpu,
        "utilization": inputs.utilization,
        "watts_per_gpu": inputs.watts_per_gpu,
        "power_fraction": inputs.power_fraction,
        "pue": inputs.pue,
    }
    return (inputs.active_params, inputs.output_tokens), keywords


def epoch_steps(inputs: EpochInputs = EPOCH_2025) -> QueryEnergy:
    """Epoch AI's GPT-4o query, step by step: FLOPs, GPU-seconds, watts, joules and Wh."""
    args, kwargs = _epoch_args(inputs)
    return query_energy(*args, **kwargs)


def epoch_reproduction(inputs: EpochInputs = EPOCH_2025) -> float:
    """Recompute Epoch AI's energy per GPT-4o query from its published inputs, in Wh.

    Returns 0.3008 Wh for the baseline: Epoch rounds it to 0.3 Wh and its spreadsheet shows
    0.301 Wh [ref:epoch2025energy_sheet].
    """
    args, kwargs = _epoch_args(inputs)
    return query_energy_wh(*args, **kwargs)


@dataclass(frozen=True)
class PhaseUtilization:
    """How much of the chips' peak a real service used while reading prompts and writing answers."""

    prefill: float  #: share of the dense BF16 peak FLOP/s reached during prefill (reading prompts)
    decode: float  #: share of the dense BF16 peak FLOP/s reached during decode (writing answers)
    computed_input_tokens_per_s_per_gpu: float  #: prompt tokens actually computed (cache misses), per GPU
    output_tokens_per_s_per_gpu: float  #: answer tokens written, per GPU


def deepseek_phase_utilization() -> PhaseUtilization:
    """Prefill and decode utilisation of DeepSeek's V3/R1 service, from its published day of traffic.

    DeepSeek published one day of its service [ref:deepseek_inference_2025]: each 8-GPU H800
    node read about 73,700 input tokens per second while prefilling (cache hits included) or
    wrote about 14,800 output tokens per second while decoding, and 56.3% of input tokens came
    from its KV cache, so they were not computed again. With ``2·N`` FLOPs per token
    (N = 37B active parameters [ref:deepseek_v3]) and the H100's dense BF16 peak for the H800,
    which is the same chip with slower links [ref:h800_reuters_2023]:

    * prefill: ``73,700 · (1 − 0.563) / 8 · 2 · 37e9 / 989 TFLOP/s ≈ 0.30``;
    * decode: ``14,800 / 8 · 2 · 37e9 / 989 TFLOP/s ≈ 0.14``.

    Both leave attention out, so they are lower bounds; DeepSeek computes in FP8, whose peak is
    twice the BF16 one, so of its own peak it used about half these shares. The point is the
    ratio: reading a prompt used the chips about twice as well as writing an answer.
    """
    peak = get_gpu("H100").bf16_flops
    per_token = forward_flops_per_token(DEEPSEEK_V3_ACTIVE_PARAMS.value)
    gpus = DEEPSEEK_GPUS_PER_NODE.value
    computed = DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value * (1 - DEEPSEEK_CACHE_HIT_SHARE.value) / gpus
    written = DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value / gpus
    return PhaseUtilization(
        prefill=computed * per_token / peak,
        decode=written * per_token / peak,
        computed_input_tokens_per_s_per_gpu=computed,
        output_tokens_per_s_per_gpu=written,
    )


def epoch_long_input_wh(
    input_tokens: float,
    *,
    n_layers: int,
    d_attn: int,
    prefill_utilization: float,
    inputs: EpochInputs = EPOCH_2025,
) -> float:
    """Epoch AI's GPT-4o query with a long prompt, in Wh: its inputs plus a prefill.

    Epoch's article gives about 2.4 Wh for 10,000 input tokens and about 40 Wh for 100,000
    (both with 500 output tokens) [ref:epoch2025energy], but not the inputs of that calculation.
    This keeps every published input of :data:`EPOCH_2025` (100B active parameters, 10%
    utilisation while writing, 1,275 W × 0.7, PUE 1.2) and adds the two things a long prompt
    needs: a prefill that runs at ``prefill_utilization``, and Kaplan's attention term over the
    context with the model shape ``n_layers × d_attn`` [ref:kaplan2020]. GPT-4o's shape is not
    public, so the shape is an assumption the caller states.

    Args:
        input_tokens: Prompt tokens, ≥ 0.
        n_layers: Transformer layers of the assumed shape.
        d_attn: Attention width of the assumed shape.
        prefill_utilization: Share of peak FLOP/s reached while reading the prompt, in (0, 1].
        inputs: Epoch's other inputs (default: :data:`EPOCH_2025`).

    Returns:
        Energy of the query, Wh.
    """
    args, kwargs = _epoch_args(inputs)
    return query_energy_wh(
        *args,
        **kwargs,
        input_tokens=input_tokens,
        prefill_utilization=prefill_utilization,
        n_layers=n_layers,
        d_attn=d_attn,
    )


# --------------------------------------------------------------------------------------
# Roofline: the hardware floor for decoding
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RooflineResult:
    """One decoding step at the hardware's time limit (weights read once per step, peak FLOP/s).

    ``joules_per_token`` charges every GPU its full TDP for that shortest step: an energy
    *at full power*, not a lower bound on energy (a GPU that waits draws less than its TDP).
    """

    gpu: str  #: GPU name
    n_gpus: int  #: GPUs sharing the model
    batch_size: int  #: sequences decoded together (one token each per step)
    memory_seconds: float  #: time to stream the weights once, s
    compute_seconds: float  #: time for the arithmetic of the whole batch, s
    step_seconds: float  #: the larger of the two, s
    joules_per_token: float  #: n_gpus · TDP · step_seconds / batch_size, J
    tokens_per_second: float  #: batch_size / step_seconds, for the whole group of GPUs
    bound: str  #: "memory" or "compute": which limit sets the step time
    fits_in_memory: bool  #: do the weights (and the KV cache, if counted) fit in the GPUs' memory?
    kv_cache_bytes: float = 0.0  #: KV cache read per step for the whole batch, bytes (0 if not counted)


def roofline(
    active_params: float,
    *,
    gpu: str | GPUSpec = "H100",
    n_gpus: int = 1,
    batch_size: int = 1,
    bytes_per_param: float = 2.0,
    context_tokens: int = 0,
    kv_bytes_per_token: float = 0.0,
    n_layers: int = 0,
    d_attn: int = 0,
) -> RooflineResult:
    """The fastest a GPU group could decode, and the energy of that step at full power.

    In one decoding step every sequence in the batch gets one new token. The step cannot be
    shorter than either

    * the time to read all weights from memory once:
      ``active_params · bytes_per_param / (n_gpus · bandwidth)``, or
    * the time to do the arithmetic: ``batch_size · 2 · active_params / (n_gpus · peak FLOP/s)``.

    At batch 1 the first term wins by far (decoding is *memory-bound*); the second grows with
    the batch, so at large batches decoding becomes *compute-bound*. Energy per token assumes
    every GPU draws its full TDP for the whole step and shares it over the batch:
    ``n_gpus · TDP · step / batch_size``. It is a limit on *time*, not on energy: a GPU that
    waits on memory draws less than its TDP, so a measurement can even fall below this
    "energy at full power". It ignores communication between GPUs, idle time and software
    overheads.

    With ``context_tokens`` and ``kv_bytes_per_token`` the memory term also reads each
    sequence's KV cache (``batch_size · context_tokens · kv_bytes_per_token`` bytes), and with
    ``n_layers`` and ``d_attn`` the arithmetic counts Kaplan's attention term
    [ref:kaplan2020]. The KV cache grows with the batch, so with it the step stays
    memory-bound to much larger batches. The defaults (no context) leave the KV cache out.

    Args:
        active_params: Parameters used per token (for a mixture-of-experts model the weights
            read per step can be more than the active ones; this function reads only these).
        gpu: GPU name or :class:`GPUSpec`.
        n_gpus: GPUs the model is split over (tensor parallel), ≥ 1.
        batch_size: Sequences decoded together, ≥ 1.
        bytes_per_param: 2 for BF16/FP16, 1 for FP8/INT8, 0.5 for 4-bit.
        context_tokens: Tokens of context each sequence holds (default 0: KV cache not counted).
        kv_bytes_per_token: KV-cache bytes per token of context (:func:`kv_cache_bytes_per_token`).
        n_layers: Transformer layers, for the attention FLOPs (default 0: not counted).
        d_attn: Attention width, for the attention FLOPs (default 0: not counted).

    Returns:
        A :class:`RooflineResult`.

    Raises:
        ValueError: For non-positive counts, negative or non-finite numbers, or an unknown GPU.
    """
    n = _non_negative("active_params", active_params)
    spec = get_gpu(gpu)
    gpus = _count("n_gpus", n_gpus)
    batch = _count("batch_size", batch_size)
    bpp = _positive("bytes_per_param", bytes_per_param)
    weight_bytes = _finite("weight bytes", n * bpp, "bytes")
    ctx = _non_negative("context_tokens", context_tokens)
    kv_bytes = _finite("KV-cache bytes", batch * ctx * _non_negative("kv_bytes_per_token", kv_bytes_per_token), "bytes")
    per_token = forward_flops_per_token(n, n_layers=n_layers, context_tokens=ctx, d_attn=d_attn)
    memory_seconds = (weight_bytes + kv_bytes) / (gpus * spec.bandwidth_bytes_per_s)
    compute_seconds = _finite("compute time", batch * per_token / (gpus * spec.bf16_flops), "s")
    step = max(memory_seconds, compute_seconds)
    if step == 0:
        raise ValueError("active_params must be greater than zero for a decoding step to take time")
    return RooflineResult(
        gpu=spec.name,
        n_gpus=gpus,
        batch_size=batch,
        memory_seconds=memory_seconds,
        compute_seconds=compute_seconds,
        step_seconds=step,
        joules_per_token=gpus * spec.tdp_watts * step / batch,
        tokens_per_second=batch / step,
        bound="memory" if memory_seconds >= compute_seconds else "compute",
        fits_in_memory=weight_bytes + kv_bytes <= gpus * spec.memory_bytes,
        kv_cache_bytes=kv_bytes,
    )


def roofline_joules_per_token(
    active_params: float,
    *,
    gpu: str | GPUSpec = "H100",
    n_gpus: int = 1,
    batch_size: int = 1,
    bytes_per_param: float = 2.0,
) -> float:
    """Energy per generated token at the hardware limit, J. See :func:`roofline`."""
    return roofline(
        active_params, gpu=gpu, n_gpus=n_gpus, batch_size=batch_size, bytes_per_param=bytes_per_param
    ).joules_per_token


def roofline_tokens_per_second(
    active_params: float,
    *,
    gpu: str | GPUSpec = "H100",
    n_gpus: int = 1,
    batch_size: int = 1,
    bytes_per_param: float = 2.0,
) -> float:
    """Tokens per second of the whole GPU group at the hardware limit. See :func:`roofline`."""
    return roofline(
        active_params, gpu=gpu, n_gpus=n_gpus, batch_size=batch_size, bytes_per_param=bytes_per_param
    ).tokens_per_second


# --------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# Carbon: grid intensity from the electricity mixes shipped with EcoLogits
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectricityMixDataset:
    """Which electricity-mix data the carbon functions read, so every number can be traced."""

    package: str  #: "ecologits"
    version: str  #: installed version of the package
    path: str  #: the JSON file read
    sha256: str  #: its sha256
    zones: int  #: number of zones (ISO 3166-1 alpha-3 countries, plus "WOR" for the world, "EEE" for Europe)
    source: str  #: reference keys: the package and the original data (Our World in Data)


@lru_cache(maxsize=1)
def _mixes() -> tuple[ElectricityMixDataset, dict[str, Any]]:
    """EcoLogits' own repository of electricity mixes (zone → mix), and where its data came from."""
    try:
        version = metadata.version("ecologits")
        from ecologits.electricity_mix_repository import electricity_mixes
    except (metadata.PackageNotFoundError, ImportError) as exc:  # pragma: no cover - it is a dependency
        raise RuntimeError("the 'ecologits' package is not installed; it ships the electricity mixes") from exc
    table = {mix.zone.upper(): mix for mix in electricity_mixes.list_electricity_mixes()}
    # The file the repository was read from, recorded so that every figure can be traced.
    resource = resources.files("ecologits") / "data" / "electricity_mixes.json"
    with resources.as_file(resource) as path:
        digest = sha256_of(path) if path.exists() else ""
        where = str(path)
    info = ElectricityMixDataset(
        package="ecologits",
        version=version,
        path=where,
        sha256=digest,
        zones=len(table),
        source="ecologits_package, ecologits_methodology, owid_carbon_intensity",
    )
    return info, table


def electricity_mix_dataset() -> ElectricityMixDataset:
    """Package, version, file and checksum of the grid data used by the carbon functions."""
    return _mixes()[0]


def available_grid_zones() -> list[str]:
    """Zone codes accepted by :func:`grid_intensity_g_per_kwh` (ISO alpha-3, plus ``WOR``, ``EEE``)."""
    return sorted(_mixes()[1])


def grid_intensity_g_per_kwh(country_code: str) -> float:
    """Carbon intensity of a country's electricity, grams CO2-equivalent per kWh.

    Read at run time through the installed ``ecologits`` package's own electricity-mix
    repository (``ecologits.electricity_mix_repository``; its ``gwp`` is in kg CO2e/kWh);
    EcoLogits takes these factors from Our World in Data [ref:ecologits_methodology],
    [ref:owid_carbon_intensity]. Nothing is retyped here,
    so the figures move when the package is updated; :func:`electricity_mix_dataset` says
    which version was read.

    Args:
        country_code: ISO 3166-1 alpha-3 code (``"FRA"``, ``"USA"``, ``"CHN"``…), ``"WOR"``
            for the world average or ``"EEE"`` for Europe. Case-insensitive.

    Returns:
        gCO2e per kWh.

    Raises:
        ValueError: For a code the dataset does not have (the message lists the codes).
    """
    table = _mixes()[1]
    if not isinstance(country_code, str) or country_code.strip().upper() not in table:
        raise ValueError(
            f"no electricity mix for {country_code!r}; use an ISO 3166-1 alpha-3 code "
            f"(or WOR for the world): {', '.join(sorted(table))}"
        )
    return float(table[country_code.strip().upper()].gwp) * 1000.0


def carbon_g_per_query(energy_wh_per_query: float, country_code: str) -> float:
    """Grams of CO2e for one query: ``Wh / 1000 · gCO2e per kWh`` of the country's grid.

    Args:
        energy_wh_per_query: Energy of the query at the meter (PUE included), Wh.
        country_code: See :func:`grid_intensity_g_per_kwh`.

    Returns:
        gCO2e (location-based: the average grid, not contracts for renewable power).

    Raises:
        ValueError: For a negative or non-finite energy or an unknown country code.
    """
    wh = _non_negative("energy_wh_per_query", energy_wh_per_query)
    return wh / 1000.0 * grid_intensity_g_per_kwh(country_code)


def carbon_g_per_million_tokens(joules_per_token: float, country_code: str, pue: float = 1.0) -> float:
    """Grams of CO2e for one million tokens made in a given country.

    Args:
        joules_per_token: Energy per token at the chips, J.
        country_code: See :func:`grid_intensity_g_per_kwh`.
        pue: Power usage effectiveness, ≥ 1.

    Returns:
        gCO2e per million tokens.

    Raises:
        ValueError: For bad numbers or an unknown country code.
    """
    j = _non_negative("joules_per_token", joules_per_token)
    kwh = _finite("kWh per million tokens", j * 1e6 * _pue(pue) / JOULES_PER_KWH, "kWh")
    return _finite("carbon per million tokens", kwh * grid_intensity_g_per_kwh(country_code), "gCO2e")


# --------------------------------------------------------------------------------------
# Cross-check with EcoLogits' own impact model (offline)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossCheck:
    """EcoLogits' energy for one request next to this course's Epoch-style estimate.

    Ranges are (low, high) because EcoLogits gives a range of parameter counts for closed
    models and a range of PUE for some providers.
    """

    provider: str
    model: str
    output_tokens: int
    active_params: tuple[float, float]  #: EcoLogits' estimate, parameters (not billions)
    total_params: tuple[float, float]  #: EcoLogits' estimate, parameters
    ecologits_wh: tuple[float, float]  #: EcoLogits request energy (server + GPUs, × PUE), Wh
    course_wh: tuple[float, float]  #: :func:`query_energy_wh` with Epoch's assumptions, Wh
    ecologits_version: str
    warnings: tuple[str, ...]  #: EcoLogits' own warnings (e.g. architecture not released)

    @property
    def ratio(self) -> tuple[float, float]:
        """EcoLogits ÷ course, at the low and high ends."""
        return (self.ecologits_wh[0] / self.course_wh[0], self.ecologits_wh[1] / self.course_wh[1])


def _low_high(value: Any) -> tuple[float, float]:
    if hasattr(value, "min") and hasattr(value, "max") and not isinstance(value, (int, float)):
        return float(value.min), float(value.max)
    return float(value), float(value)


def ecologits_crosscheck(
    provider: str,
    model_name: str,
    output_tokens: int = 500,
    *,
    course: EpochInputs = EPOCH_2025,
) -> CrossCheck:
    """Run EcoLogits' impact model offline and compare it with the course's estimate.

    Both sides use EcoLogits' own parameter estimate for the model, so the difference comes
    from the method, not from the parameter count. The methods differ on purpose
    [ref:ecologits_methodology]:

    * **Energy per token.** EcoLogits fits ML.ENERGY *measurements* of GPU energy per token
      against active parameters at a fixed **batch of 64** concurrent requests; the course
      (Epoch) divides FLOPs by an assumed **10 % utilisation** of peak FLOP/s.
    * **GPU count.** EcoLogits multiplies the per-GPU energy by the number of 80 GB GPUs
      needed to *hold* the weights (1.2 × total params × 2 bytes, rounded up to 1, 2, 4, 8…);
      Epoch charges GPU-seconds of compute, however many GPUs share them.
    * **Server overhead.** EcoLogits adds the rest of the server (1.2 kW per 8 GPUs) for the
      generation time, shared over the batch; Epoch charges a whole DGX server's rated power
      per GPU (1,275 W) × 0.7.
    * **PUE.** EcoLogits uses a per-provider PUE (OpenAI 1.20; a 1.09–1.14 range for Hugging
      Face-hosted models); the course uses Epoch's 1.2.
    * **Latency.** For models with published speed data EcoLogits times the request from
      tokens per second and time to first token; otherwise from a fitted latency model.

    Args:
        provider: EcoLogits provider name: ``"openai"``, ``"anthropic"``, ``"mistralai"``,
            ``"huggingface_hub"``, ``"cohere"``, ``"google_genai"``.
        model_name: Model name as EcoLogits lists it (e.g. ``"gpt-4o-mini"``,
            ``"meta-llama/Meta-Llama-3.1-70B-Instruct"``).
        output_tokens: Tokens generated, ≥ 1.
        course: Assumptions for the course's side (default: Epoch's).

    Returns:
        A :class:`CrossCheck`.

    Raises:
        ValueError: If EcoLogits does not know the provider or model, or for bad counts.
    """
    tokens = _count("output_tokens", output_tokens)
    try:
        from ecologits.model_repository import ParametersMoE, models
        from ecologits.tracers.utils import PROVIDER_CONFIG_MAP, llm_impacts
    except ImportError as exc:  # pragma: no cover - ecologits is a dependency
        raise RuntimeError("ecologits is not installed or its API changed") from exc
    if provider not in PROVIDER_CONFIG_MAP:
        raise ValueError(f"unknown EcoLogits provider {provider!r}; choose one of: {', '.join(PROVIDER_CONFIG_MAP)}")
    model = models.find_model(provider=provider, model_name=model_name)
    if model is None:
        known = sorted(m.name for m in models.list_models() if m.provider.value == provider)
        sample = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        raise ValueError(f"EcoLogits has no model {model_name!r} for {provider}; e.g. {sample}")
    params = model.architecture.parameters
    if isinstance(params, ParametersMoE):
        active, total = _low_high(params.active), _low_high(params.total)
    else:
        active = total = _low_high(params)
    eco_logger = logging.getLogger("ecologits")
    previous = eco_logger.level
    eco_logger.setLevel(logging.ERROR)  # its "architecture not released" notes go into .warnings
    try:
        impacts = llm_impacts(provider, model_name, tokens, math.inf)
    finally:
        eco_logger.setLevel(previous)
    if impacts.has_errors or impacts.energy is None:  # pragma: no cover - checked above
        raise ValueError(f"EcoLogits could not compute {provider}/{model_name}: {impacts.errors}")
    kwh_low, kwh_high = _low_high(impacts.energy.value)
    course_wh = tuple(
        query_energy_wh(
            a * 1e9,
            tokens,
            gpu=course.gpu,
            utilization=course.utilization,
            watts_per_gpu=course.watts_per_gpu,
            power_fraction=course.power_fraction,
            pue=course.pue,
        )
        for a in active
    )
    return CrossCheck(
        provider=provider,
        model=model_name,
        output_tokens=tokens,
        active_params=(active[0] * 1e9, active[1] * 1e9),
        total_params=(total[0] * 1e9, total[1] * 1e9),
        ecologits_wh=(kwh_low * 1000.0, kwh_high * 1000.0),
        course_wh=(course_wh[0], course_wh[1]),
        ecologits_version=metadata.version("ecologits"),
        warnings=tuple(w.code for w in (impacts.warnings or [])),
    )


# --------------------------------------------------------------------------------------
# Cited data: measurements and published per-query figures
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasuredPoint:
    """One measured serving configuration (GPU energy only: no CPU, cooling or PUE)."""

    model: str
    active_params: float  #: parameters
    gpu: str  #: short GPU name (see :func:`get_gpu`)
    n_gpus: int
    batch_size: int  #: vLLM max_num_seqs
    precision: str
    task: str
    software: str
    joules_per_token: float  #: measured GPU energy per output token, J
    tokens_per_second: float | None  #: output throughput of the whole GPU group, if published
    source: str  #: reference key for the measurement
    source_params: str  #: reference key for the parameter count
    check: str  #: how the number reached this course

    @property
    def watts(self) -> float | None:
        """Average GPU power of the group implied by energy × throughput, W."""
        return None if self.tokens_per_second is None else self.joules_per_token * self.tokens_per_second


def measured_points() -> list[MeasuredPoint]:
    """ML.ENERGY measurements of GPU energy per output token (``data/lesson2/mlenergy_points.csv``).

    Llama 3.1 70B Instruct on 4×H100 and 2×B200 across batch sizes (ML.ENERGY Benchmark v3.0
    [ref:mlenergy_benchmark_v3_data]), plus points quoted in the ML.ENERGY blog
    [ref:mlenergy_blog_v3], [ref:mlenergy_blog_longitudinal]. Each row's ``check`` column
    says how it was obtained.
    """
    out = []
    for row in load_csv("lesson2", "mlenergy_points.csv"):
        tps = row["tokens_per_second"].strip()
        out.append(
            MeasuredPoint(
                model=row["model"],
                active_params=float(row["active_params"]),
                gpu=row["gpu"],
                n_gpus=int(row["n_gpus"]),
                batch_size=int(row["batch_size"]),
                precision=row["precision"],
                task=row["task"],
                software=row["software"],
                joules_per_token=float(row["joules_per_token"]),
                tokens_per_second=float(tps) if tps else None,
                source=row["source"],
                source_params=row["source_params"],
                check=row["check"],
            )
        )
    return out


def measured_utilization(point: MeasuredPoint) -> float:
    """Share of the GPUs' peak FLOP/s a measured configuration reached (its utilization).

    ``tokens_per_second · 2 · active_params / (n_gpus · dense peak FLOP/s)``: the arithmetic
    of writing the measured tokens (``2·N`` per token, attention left out), divided by what the
    GPUs could do at their peak. This is the number Epoch AI has to assume (10%).

    Args:
        point: A :class:`MeasuredPoint` with a published throughput.

    Returns:
        A fraction of peak (0.14 is 14%).

    Raises:
        ValueError: If the point has no published throughput.
    """
    _instance_of("point", point, MeasuredPoint, "a MeasuredPoint")
    if point.tokens_per_second is None:
        raise ValueError(f"{point.model} at batch {point.batch_size} has no published throughput (tokens_per_second)")
    spec = get_gpu(point.gpu)
    flops_per_s = point.tokens_per_second * forward_flops_per_token(point.active_params)
    return flops_per_s / (point.n_gpus * spec.bf16_flops)


@dataclass(frozen=True)
class PublishedFigure:
    """A published energy-per-query figure and what it covers."""

    label: str
    energy_wh: float  #: Wh per query
    qualifier: str  #: "about", "median", "average", "more than"
    model: str
    workload: str
    method: str  #: measured, estimated, or not published
    scope: str  #: what was counted
    year: int
    source: str  #: reference key
    note: str


def published_query_figures() -> list[PublishedFigure]:
    """Published Wh-per-query figures side by side (``data/lesson2/published_query_figures.csv``).

    Epoch AI ≈ 0.3 Wh [ref:epoch2025energy], Google's median Gemini prompt 0.24 Wh
    [ref:google2025gemini], Sam Altman's 0.34 Wh [ref:altman2025gentle], and Jegham et al.'s
    0.42 Wh short GPT-4o query and > 29 Wh long reasoning prompt [ref:jegham2025hungry].
    They differ in model, workload, method and boundary — read the ``scope`` before comparing.
    """
    return [
        PublishedFigure(
            label=row["label"],
            energy_wh=float(row["energy_wh"]),
            qualifier=row["qualifier"],
            model=row["model"],
            workload=row["workload"],
            method=row["method"],
            scope=row["scope"],
            year=int(row["year"]),
            source=row["source"],
            note=row["note"],
        )
        for row in load_csv("lesson2", "published_query_figures.csv")
    ]


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
