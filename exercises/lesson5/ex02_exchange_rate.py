"""Lesson 5, exercise 2 — the exchange rate between two models' tokens.

If tokens are a currency, how many tokens of model B is one token of model A worth? Blend
each model's input and output price into one price (``input_share`` of input, the rest
output; 0.75 is the common 3:1 mix) and divide.

But a token of a strong model is not the same good as a token of a weak one. The
quality-adjusted rate compares price PER POINT of benchmark score ABOVE CHANCE. Every MMLU
question offers four answers, so a model that guesses at random scores 25 (percent) for free:
those points say nothing about what it knows. Only the points above that floor
(``chance_score``) measure quality, so divide each price by them:

    (price_A / (score_A − chance_score)) ÷ (price_B / (score_B − chance_score))

Example: A costs 10 times as much as B and scores 90 against 75. Above chance that is 65 and
50 points: (10 ÷ 65) ÷ (1 ÷ 50) ≈ 7.7. Dividing by the raw scores (8.3) would make the two
models look closer in quality than they are.

Each model is a dict: ``{"input": 2.5, "output": 10.0, "score": 89.0}`` — prices in USD per
million tokens, ``score`` its MMLU score in percent.

Check your work with:  token-economics check 5
"""

from token_economics.sources import MMLU_ANSWER_CHOICES

#: What random guessing scores on MMLU, in percent: one right answer in four choices.
MMLU_CHANCE_SCORE = 100 / MMLU_ANSWER_CHOICES.value


def blended_price(model: dict, input_share: float = 0.75) -> float:
    """One USD-per-million price for a mix of input and output tokens."""
    raise NotImplementedError("input_share × input price + (1 − input_share) × output price")


def exchange_rate(model_a: dict, model_b: dict, input_share: float = 0.75) -> float:
    """How many tokens of B one token of A buys, at blended list prices."""
    raise NotImplementedError("blended price of A ÷ blended price of B")


def quality_adjusted_rate(
    model_a: dict, model_b: dict, input_share: float = 0.75, chance_score: float = MMLU_CHANCE_SCORE
) -> float:
    """The exchange rate per point of score above chance:
    (price_A / (score_A − chance_score)) ÷ (price_B / (score_B − chance_score))."""
    raise NotImplementedError("(price_A / (score_A − chance_score)) ÷ (price_B / (score_B − chance_score))")
