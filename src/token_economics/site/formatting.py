"""How the lesson pages write numbers: one set of formatters for every page.

Presentation only: each takes a number the library computed and returns the text a page shows.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from token_economics.sources import Figure

__all__ = [
    "Cited",
    "cited",
    "sig",
    "sci",
    "pct",
    "usd",
    "usd_adaptive",
    "integer",
    "trim",
    "times",
    "month",
    "tokens_in_words",
]


def sig(x: float, digits: int = 2) -> str:
    """Round to ``digits`` significant figures, without scientific notation: 0.066, 1,200."""
    if x == 0 or not math.isfinite(x):
        return str(x)
    return f"{float(f'{x:.{digits}g}'):,}".removesuffix(".0")


def sci(x: float, digits: int = 2) -> str:
    """``1.0 × 10¹⁴`` style, for very large counts."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    sup = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{sup}"


def pct(x: float, digits: int = 0) -> str:
    """A share as a percentage: 0.25 → "25%"."""
    return f"{100 * x:.{digits}f}%"


def usd(x: float, digits: int = 2) -> str:
    """Dollars with a fixed number of decimals: "$4.38"."""
    return f"${x:,.{digits}f}"


def usd_adaptive(x: float) -> str:
    """Dollars with sensible precision for the size: $60, $4.38, $0.066."""
    if x >= 100:
        return f"${x:,.0f}"
    if x >= 0.1:
        return f"${x:,.2f}"
    return f"${sig(x, 2)}"


def integer(x: float) -> str:
    """A whole number with thousands separators: 12,345."""
    return f"{x:,.0f}"


def trim(x: float, digits: int = 2) -> str:
    """At most ``digits`` decimals, without trailing zeros: 1.50 → "1.5"."""
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def times(x: float) -> str:
    """A factor: "12×", "1.6×"."""
    return f"{sig(x, 2)}×"


def moment(dt: datetime) -> str:
    """A moment as a page states it: "3 November 2026, 12:00 UTC"."""
    return f"{dt.day} {dt:%B %Y}, {dt:%H:%M} UTC"


def month(d: date) -> str:
    """ "November 2024"."""
    return d.strftime("%B %Y")


def tokens_in_words(x: float) -> str:
    """Token counts in words: 9.7 trillion, 1.3 quadrillion."""
    for size, word in ((1e15, "quadrillion"), (1e12, "trillion"), (1e9, "billion")):
        if x >= size:
            return f"{sig(x / size, 2)} {word}"
    return f"{x:,.0f}"


class Cited(str):
    """The text a page shows for a registry figure: a ``str`` that remembers its :class:`Figure`.

    The docs build puts the figure's citation after the first place a page shows it, so the
    number and its source come from one definition and cannot drift apart.
    """

    figure: Figure

    def __new__(cls, figure: Figure, text: str) -> Cited:
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a token_economics.sources.Figure, not {type(figure).__name__}")
        made = super().__new__(cls, text)
        made.figure = figure
        return made


def cited(figure: Figure, text: str | None = None) -> Cited:
    """Page text for ``figure``: ``text`` if given (already formatted), else its value with ``:g``."""
    return Cited(figure, f"{figure.value:g}" if text is None else text)
