"""Lesson 5, exercise 3 — how much of a token's cost is electricity?

"The cost of intelligence will converge to the cost of electricity" is a claim about the
future. Today, check it: the cost of a million tokens is the GPU part (rent or amortised
hardware) plus the electricity part. Electricity's SHARE is electricity ÷ (GPU + electricity).

Then turn it around: how cheap would GPU time have to get for electricity to be a given share
of the cost? If the electricity part is E and electricity should be a share s of the total,
the GPU part must be G = E × (1 − s) ÷ s per million tokens. GPUs are paid for every hour,
busy or idle, and make tokens only while busy (a fraction ``utilization`` of the time), as in
exercise 1: so G buys the hours in which the GPUs make a million tokens, idle time included.
"""


def electricity_share(gpu_usd_per_million: float, electricity_usd_per_million: float) -> float:
    """Electricity's share (0–1) of the total cost of a million tokens."""
    return electricity_usd_per_million / (gpu_usd_per_million + electricity_usd_per_million)


def gpu_hour_usd_for_share(
    share: float, electricity_usd_per_million: float, n_gpus: int, tokens_per_second: float, utilization: float
) -> float:
    """The GPU-hour price (USD per GPU per hour) at which electricity would be ``share`` of the
    cost of a million tokens, for ``n_gpus`` GPUs making ``tokens_per_second`` together while
    busy, busy a fraction ``utilization`` of the time."""
    gpu_usd_per_million = electricity_usd_per_million * (1 - share) / share
    tokens_per_paid_hour = tokens_per_second * utilization * 3600
    return gpu_usd_per_million * tokens_per_paid_hour / 1_000_000 / n_gpus
