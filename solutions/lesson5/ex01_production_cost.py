"""Lesson 5, exercise 1 — what a million tokens cost to make.

A serving company pays for GPU time by the hour, whether the GPUs are busy or not. Divide
the hourly bill of the whole server by the tokens it actually makes in that hour and you
have the cost of a token. Prices are quoted per MILLION tokens.

The electricity for those tokens is energy per token (joules) × one million, converted to
kilowatt-hours (1 kWh = 3,600,000 J), scaled up by the data centre's PUE (the building draws
PUE times what the chips draw) and multiplied by the price of a kWh.

Worked example from the lesson: 4 H100s at $2.50 per GPU-hour making 3,876 tokens per
second, always busy, cost about $0.72 per million tokens.
"""


def production_cost_per_million(
    gpu_hour_usd: float, n_gpus: int, tokens_per_second: float, utilization: float
) -> float:
    """USD per million tokens for ``n_gpus`` GPUs rented at ``gpu_hour_usd`` each per hour,
    making ``tokens_per_second`` while busy, busy a fraction ``utilization`` of the time."""
    usd_per_hour = gpu_hour_usd * n_gpus
    tokens_per_hour = tokens_per_second * utilization * 3600
    return usd_per_hour / tokens_per_hour * 1_000_000


def electricity_cost_per_million(joules_per_token: float, usd_per_kwh: float, pue: float) -> float:
    """USD of electricity for one million tokens."""
    kwh = joules_per_token * 1_000_000 / 3_600_000
    return kwh * pue * usd_per_kwh
