"""Lesson 4, exercise 1 — one price from two.

Providers quote a price per million INPUT tokens and a price per million OUTPUT tokens. What
you pay per million tokens depends on your mix: a workload that sends 3 input tokens for every
output token (the usual assumption, Epoch AI's and Artificial Analysis') has an input share of
3 / (3 + 1) = 0.75. The blended price weights each price by its share of the tokens:

    blended = input_share × input price + (1 − input_share) × output price

Example: $2.50 in, $10 out, input share 0.75 → 0.75 × 2.50 + 0.25 × 10 = $4.375 per million.

Bad input (a negative, NaN or infinite price or token count, a share outside 0–1, no tokens at
all) must raise ValueError — never return a wrong number.

Check your work with:  token-economics check 4
"""


def input_share(input_tokens: float, output_tokens: float) -> float:
    """Return the share of input tokens in a workload, between 0 and 1.

    Example: 3,000 input and 1,000 output tokens → 0.75.
    """
    raise NotImplementedError("input tokens ÷ (input + output tokens)")


def blended_price(usd_per_million_input: float, usd_per_million_output: float, input_share: float = 0.75) -> float:
    """Return the blended price in USD per million tokens for a workload with this input share.

    Example: blended_price(2.5, 10.0, 0.75) → 4.375.
    """
    raise NotImplementedError("weight each price by its share of the tokens")
