"""Lesson 5, exercise 2 — the exchange rate between two models' tokens.

If tokens are a currency, how many tokens of model B is one token of model A worth? Blend
each model's input and output price into one price (``input_share`` of input, the rest
output; 0.75 is the common 3:1 mix) and divide.

But a token of a strong model is not the same good as a token of a weak one. The
quality-adjusted rate compares price PER POINT of benchmark score:
(price_A / score_A) ÷ (price_B / score_B).

Each model is a dict: ``{"input": 2.5, "output": 10.0, "score": 89.0}`` — prices in USD per
million tokens, score in percent.
"""


def blended_price(model: dict, input_share: float = 0.75) -> float:
    """One USD-per-million price for a mix of input and output tokens."""
    return input_share * model["input"] + (1 - input_share) * model["output"]


def exchange_rate(model_a: dict, model_b: dict, input_share: float = 0.75) -> float:
    """How many tokens of B one token of A buys, at blended list prices."""
    return blended_price(model_a, input_share) / blended_price(model_b, input_share)


def quality_adjusted_rate(model_a: dict, model_b: dict, input_share: float = 0.75) -> float:
    """The exchange rate per point of score: (price_A / score_A) ÷ (price_B / score_B)."""
    per_point_a = blended_price(model_a, input_share) / model_a["score"]
    per_point_b = blended_price(model_b, input_share) / model_b["score"]
    return per_point_a / per_point_b
