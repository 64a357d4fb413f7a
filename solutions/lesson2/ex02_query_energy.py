"""Lesson 2, exercise 2 — from FLOPs to watt-hours (Epoch AI's method).

Epoch AI estimated the energy of a ChatGPT query in four steps:

1. work:   FLOPs = 2 × active parameters × output tokens
2. time:   GPU-seconds = FLOPs ÷ (peak FLOP/s × utilization)
3. power:  watts = watts per GPU × power fraction × PUE
4. energy: watt-hours = GPU-seconds × watts ÷ 3600

Units matter. A watt is a joule per second, so seconds × watts gives joules; a watt-hour is
3,600 joules. The peak to use is the DENSE BF16 figure: datasheets also print a "with
sparsity" figure that is twice as large and does not apply to language models. A GPU does
not draw its rated power all the time: ``power_fraction`` is its average draw as a share of
the rated power. PUE (power usage effectiveness, ≥ 1) adds the data centre's cooling and
power conversion on top of what the servers draw.
"""

#: NVIDIA H100 SXM, from its datasheet. FLOP/s and watts.
H100 = {
    "name": "H100 SXM",
    "bf16_dense_flops": 989e12,
    "bf16_sparse_flops": 1979e12,  # "with sparsity": NOT for language models
    "tdp_watts": 700.0,
}


def gpu_seconds(active_params: float, output_tokens: int, gpu: dict, utilization: float) -> float:
    """Return the GPU-seconds needed to generate ``output_tokens`` tokens.

    ``gpu`` is a dict like ``H100``; ``utilization`` is the fraction (0–1) of the dense peak
    actually achieved. Example: 100e9 parameters, 500 tokens, H100, 0.10 → about 1.01 s.
    """
    flops = 2.0 * active_params * output_tokens
    return flops / (gpu["bf16_dense_flops"] * utilization)


def query_energy_wh(
    active_params: float,
    output_tokens: int,
    gpu: dict,
    utilization: float,
    watts_per_gpu: float,
    power_fraction: float,
    pue: float,
) -> float:
    """Return the energy of one query in WATT-HOURS, following the four steps above.

    Example (Epoch AI's inputs): 100e9, 500, H100, 0.10, 1275 W, 0.7, 1.2 → about 0.30 Wh.
    """
    seconds = gpu_seconds(active_params, output_tokens, gpu, utilization)
    watts = watts_per_gpu * power_fraction * pue
    return seconds * watts / 3600.0
