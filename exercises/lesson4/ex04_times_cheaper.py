"""Lesson 4, exercise 4 — the arithmetic of "× cheaper".

Declines multiply. A price that falls 10× a year is 10 × 10 = 100× cheaper after two years,
and 1,000× after three. So:

* the steady yearly factor behind a total fall is total ** (1 / years)  — not total ÷ years;
* after some years at a yearly factor, the total is factor ** years      — not factor × years;
* "k× cheaper" means paying 1/k of the price: 100 × (1 − 1/k) percent cheaper. 10× cheaper is
  90% cheaper, 2× cheaper is 50% cheaper — never more than 100%.

Factors must be positive and years positive (percent_cheaper accepts any factor > 0; below 1
the price went UP, so the result is negative). Anything else raises ValueError.

Check your work with:  token-economics check 4
"""


def per_year_factor(total_factor: float, years: float) -> float:
    """Return the steady yearly factor that compounds to ``total_factor`` over ``years``.

    Example: 1,000× over 3 years → 10× per year.
    """
    raise NotImplementedError("total ** (1 / years)")


def total_factor(per_year: float, years: float) -> float:
    """Return the total factor after ``years`` at ``per_year``.

    Example: 10× per year for 2 years → 100×.
    """
    raise NotImplementedError("per_year ** years")


def percent_cheaper(factor: float) -> float:
    """Return how many percent cheaper a price is after falling ``factor`` times.

    Example: 10× cheaper → 90.0 (percent).
    """
    raise NotImplementedError("100 × (1 − 1 / factor)")
