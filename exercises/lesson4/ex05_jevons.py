"""Lesson 4, exercise 5 — cheaper tokens, more spending? (the Jevons effect)

With a constant price elasticity of demand ε, the tokens bought scale as price ** (−ε): each
1% fall in price raises the tokens bought by about ε%. If the price changes by a factor f
(f = new price ÷ old price; 0.1 means ten times cheaper):

    tokens bought change by  f ** (−ε)
    total spending changes by f × f ** (−ε) = f ** (1 − ε)

With ε above 1, spending GROWS when tokens get cheaper; below 1 it falls; at 1 it stays put.

f must be positive and ε zero or positive (both finite); otherwise raise ValueError.

Check your work with:  token-economics check 4
"""


def tokens_factor(price_factor: float, elasticity: float) -> float:
    """Return new tokens bought ÷ old tokens bought.

    Example: ten times cheaper (0.1) with elasticity 1.5 → about 31.6.
    """
    raise NotImplementedError("price_factor ** (−elasticity)")


def spend_factor(price_factor: float, elasticity: float) -> float:
    """Return new total spending ÷ old total spending.

    Example: ten times cheaper (0.1) with elasticity 1.5 → about 3.16.
    """
    raise NotImplementedError("price_factor × tokens_factor")
