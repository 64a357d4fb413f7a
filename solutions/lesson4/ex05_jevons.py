"""Lesson 4, exercise 5 — cheaper tokens, more spending? (the Jevons effect)

With a constant price elasticity of demand ε, the tokens bought scale as price ** (−ε): each
1% fall in price raises the tokens bought by about ε%. If the price changes by a factor f
(f = new price ÷ old price; 0.1 means ten times cheaper):

    tokens bought change by  f ** (−ε)
    total spending changes by f × f ** (−ε) = f ** (1 − ε)

With ε above 1, spending GROWS when tokens get cheaper; below 1 it falls; at 1 it stays put.

f must be positive and ε zero or positive (both finite); otherwise raise ValueError.
"""

import math


def _check(price_factor, elasticity):
    for name, value in (("price_factor", price_factor), ("elasticity", elasticity)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value!r}")
    if price_factor <= 0:
        raise ValueError(f"price_factor must be above zero (got {price_factor})")
    if elasticity < 0:
        raise ValueError(f"elasticity cannot be negative (got {elasticity})")


def tokens_factor(price_factor: float, elasticity: float) -> float:
    """Return new tokens bought ÷ old tokens bought.

    Example: ten times cheaper (0.1) with elasticity 1.5 → about 31.6.
    """
    _check(price_factor, elasticity)
    return price_factor ** (-elasticity)


def spend_factor(price_factor: float, elasticity: float) -> float:
    """Return new total spending ÷ old total spending.

    Example: ten times cheaper (0.1) with elasticity 1.5 → about 3.16.
    """
    return price_factor * tokens_factor(price_factor, elasticity)
