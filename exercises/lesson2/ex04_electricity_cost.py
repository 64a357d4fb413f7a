"""Lesson 2, exercise 4 — what does the electricity for a million tokens cost?

A measurement gives average power (watts = joules per second) and throughput (tokens per
second). Divide one by the other and the seconds cancel: joules per token.

Electricity is sold by the kilowatt-hour. One kWh = 1,000 W for 3,600 s = 3,600,000 J.
A data centre also spends energy on cooling and power conversion: multiply the energy at
the chips by the PUE (≥ 1) to get the energy at the meter.

Check your work with:  token-economics check 2
"""


def joules_per_token(average_watts: float, tokens_per_second: float) -> float:
    """Return joules per token from average power (W) and throughput (tokens/s).

    Example: 2,184 W at 3,876 tokens/s → about 0.563 J per token.
    """
    raise NotImplementedError("watts ÷ tokens per second")


def usd_per_million_tokens(joules_per_token: float, usd_per_kwh: float, pue: float) -> float:
    """Return the electricity cost in US dollars of one million tokens.

    Example: 0.563 J/token, $0.08 per kWh, PUE 1.2 → about $0.015.
    """
    raise NotImplementedError("J × 1e6 × PUE ÷ 3.6e6 J/kWh × price")
