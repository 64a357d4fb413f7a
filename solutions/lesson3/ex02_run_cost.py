"""Lesson 3, exercise 2 — what an agent run costs.

Providers quote two prices, in US dollars per MILLION tokens: one for input tokens (what you
send) and one for output tokens (what the model writes). Output is usually several times
dearer. Hidden reasoning tokens are billed as output, at the output price, even though you
never see them.

Each call of a run is described by three numbers: (input_tokens, output_tokens,
reasoning_tokens).
"""


def call_cost_usd(
    input_tokens: int,
    output_tokens: int,
    reasoning_tokens: int,
    usd_per_million_input: float,
    usd_per_million_output: float,
) -> float:
    """Return the price in US dollars of one call.

    Example: 10,000 input, 300 output and 200 reasoning tokens at $3 / $15 per million cost
    10,000 × 3 / 1e6 + (300 + 200) × 15 / 1e6 = $0.0375.
    """
    return (input_tokens * usd_per_million_input + (output_tokens + reasoning_tokens) * usd_per_million_output) / 1e6


def run_cost_usd(
    calls: list[tuple[int, int, int]], usd_per_million_input: float, usd_per_million_output: float
) -> float:
    """Return the price in US dollars of a whole run: the sum over its calls.

    ``calls`` is a list of ``(input_tokens, output_tokens, reasoning_tokens)``, one per call.
    """
    return sum(call_cost_usd(i, o, r, usd_per_million_input, usd_per_million_output) for i, o, r in calls)
