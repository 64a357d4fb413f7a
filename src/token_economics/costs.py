"""The cost of serving tokens: one model, used by Lesson 2, Lesson 4 and Lesson 5.

Four formulas, each defined once, with its input checks (:mod:`token_economics.units`):

* :func:`gpu_cost_per_million_tokens` — the GPU hours behind a million tokens;
* :func:`electricity_cost_per_million_tokens` — the electricity behind them;
* :func:`carbon_g_per_million_tokens` — the carbon of that electricity;
* :func:`blended_price` — one price for a mix of input and output tokens.

Lessons 2, 4 and 5 import them from here by these names, so the lessons cannot drift apart.
"""

from __future__ import annotations

from token_economics.sources import EPOCH_BLEND_INPUT_SHARE
from token_economics.units import (
    JOULES_PER_KWH,
    SECONDS_PER_HOUR,
    TOKENS_PER_MILLION,
    finite_result,
    fraction,
    guard_public_functions,
    non_negative,
    positive,
    pue,
    share,
)

__all__ = [
    "DEFAULT_INPUT_SHARE",
    "gpu_cost_per_million_tokens",
    "electricity_cost_per_million_tokens",
    "carbon_g_per_million_tokens",
    "blended_price",
]

#: Default share of input tokens in a blended price (fraction of tokens): 3 input tokens per
#: output token, as Epoch AI and Artificial Analysis weight them
#: (:data:`token_economics.sources.EPOCH_BLEND_INPUT_SHARE`).
DEFAULT_INPUT_SHARE: float = EPOCH_BLEND_INPUT_SHARE.value


def gpu_cost_per_million_tokens(
    gpu_hour_usd: float, n_gpus: float, tokens_per_second: float, utilization: float = 1.0
) -> float:
    """What the GPU time behind one million tokens costs, USD.

    ``gpu_hour_usd · n_gpus / (tokens_per_second · utilization · 3600) · 10⁶``: the hourly bill
    of the GPUs divided by the tokens they make in that hour. An idle hour costs as much as a
    busy one, so a lower ``utilization`` raises the cost. Electricity, staff and the rest of the
    server are left out (Lesson 5 adds them).

    Args:
        gpu_hour_usd: price of one GPU for one hour, USD (rental, or an amortised own cost), ≥ 0.
        n_gpus: GPUs serving the model together, > 0.
        tokens_per_second: tokens the whole group makes per second while busy, > 0.
        utilization: fraction of the paid hours the GPUs are busy, in (0, 1].

    Returns:
        USD per million tokens.

    Raises:
        ValueError: for a negative price, a non-positive count or throughput, a utilization
            outside (0, 1], or a number that is not finite (TypeError for a non-number).

    >>> round(gpu_cost_per_million_tokens(2.50, 4, 3876), 3)
    0.717
    """
    price = non_negative("gpu_hour_usd", gpu_hour_usd)
    gpus = positive("n_gpus", n_gpus, "GPUs")
    tps = positive("tokens_per_second", tokens_per_second)
    busy = fraction("utilization", utilization)
    return finite_result(
        "the GPU cost per million tokens",
        price * gpus / (tps * busy * SECONDS_PER_HOUR) * TOKENS_PER_MILLION,
        "USD",
    )


def electricity_cost_per_million_tokens(joules_per_token: float, usd_per_kwh: float, pue: float = 1.0) -> float:
    """Electricity bill for one million tokens, USD.

    ``joules_per_token · 10⁶ · pue / 3.6·10⁶ J/kWh · usd_per_kwh``: a million tokens times the
    energy of each, scaled up by the data centre's overhead, converted to kWh and priced.

    Args:
        joules_per_token: energy per token at the chips, J.
        usd_per_kwh: electricity price, USD per kWh.
        pue: power usage effectiveness (facility power ÷ IT power), ≥ 1.

    Returns:
        USD per million tokens (electricity only: no hardware, no staff, no margin).

    Raises:
        ValueError: for negative or non-finite inputs, or a PUE below 1.

    >>> round(electricity_cost_per_million_tokens(0.563, 0.08, 1.2), 4)
    0.015
    """
    j = non_negative("joules_per_token", joules_per_token)
    price = non_negative("usd_per_kwh", usd_per_kwh)
    overhead = _pue(pue)
    return finite_result(
        "the electricity cost per million tokens", j * TOKENS_PER_MILLION * overhead / JOULES_PER_KWH * price, "USD"
    )


def carbon_g_per_million_tokens(joules_per_token: float, grid_gco2_per_kwh: float, pue: float = 1.0) -> float:
    """Grams of CO2-equivalent emitted by the electricity for one million tokens.

    Args:
        joules_per_token: energy per token at the chips, J.
        grid_gco2_per_kwh: carbon intensity of the electricity, gCO2e per kWh.
        pue: power usage effectiveness, ≥ 1.

    Returns:
        gCO2e per million tokens (operational emissions only; making the chips is not counted).

    Raises:
        ValueError: for negative or non-finite inputs, or a PUE below 1.
    """
    j = non_negative("joules_per_token", joules_per_token)
    grid = non_negative("grid_gco2_per_kwh", grid_gco2_per_kwh)
    overhead = _pue(pue)
    return finite_result(
        "the carbon per million tokens", j * TOKENS_PER_MILLION / JOULES_PER_KWH * overhead * grid, "gCO2e"
    )


def blended_price(
    usd_per_million_input: float, usd_per_million_output: float, input_share: float = DEFAULT_INPUT_SHARE
) -> float:
    """One price per million tokens for a workload mixing input and output tokens.

    ``input_share · input price + (1 − input_share) · output price``. With the default 0.75
    (3 input tokens per output token, Epoch AI's and Artificial Analysis' weighting) a model
    at $2.50 in / $10 out blends to $4.375; a16z's plain average (``input_share=0.5``) gives
    $6.25.

    Args:
        usd_per_million_input: USD per million input tokens, ≥ 0.
        usd_per_million_output: USD per million output tokens, ≥ 0.
        input_share: fraction of the workload's tokens that are input, from 0 to 1.

    Returns:
        USD per million tokens of the workload.

    Raises:
        ValueError: for a negative or non-finite price, or a share outside [0, 1].
    """
    i = non_negative("usd_per_million_input", usd_per_million_input)
    o = non_negative("usd_per_million_output", usd_per_million_output)
    s = share("input_share", input_share)
    return s * i + (1.0 - s) * o


_pue = pue

# No public function of this module returns an infinite or NaN number, or lets an overflow out.
guard_public_functions(globals(), __all__)
