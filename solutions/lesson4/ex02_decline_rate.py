"""Lesson 4, exercise 2 — how fast does a price fall?

A price that falls by the same FACTOR every year is a straight line on a logarithmic axis. So
fit a straight line to ln(price) against time t in years (t = days since the first date ÷
365.25), by ordinary least squares:

    slope = Σ (t − t̄)(y − ȳ) / Σ (t − t̄)²,   intercept = ȳ − slope × t̄,   with y = ln(price)

Then:

* the fitted price on a date is exp(intercept + slope × t);
* the annual decline factor is exp(−slope): 10 means ten times cheaper every year;
* the halving time is ln 2 ÷ (−slope) years, × 365.25 for days.

A straight line through the prices themselves is the wrong model: it falls by the same number
of DOLLARS each year and soon predicts negative prices.

Dates are datetime.date objects. Fewer than two different dates, lists of different lengths,
or a price that is zero, negative or not finite must raise ValueError. halving_time_days must
raise ValueError when the fitted price is not falling.
"""

import math
from datetime import date


def _fit(dates, prices):
    if len(dates) != len(prices):
        raise ValueError("dates and prices must have the same length")
    if len(set(dates)) < 2:
        raise ValueError("a trend needs at least two different dates")
    for p in prices:
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p) or p <= 0:
            raise ValueError(f"every price must be a positive finite number, not {p!r}")
    start = min(dates)
    ts = [(d - start).days / 365.25 for d in dates]
    ys = [math.log(p) for p in prices]
    t_mean = sum(ts) / len(ts)
    y_mean = sum(ys) / len(ys)
    slope = sum((t - t_mean) * (y - y_mean) for t, y in zip(ts, ys, strict=True)) / sum((t - t_mean) ** 2 for t in ts)
    intercept = y_mean - slope * t_mean
    return start, intercept, slope


def fitted_price(dates: list[date], prices: list[float], when: date) -> float:
    """Return the fitted price on ``when`` from a least-squares fit of ln(price) on time.

    Example: dates 2021-11-18 and 2024-11-12, prices 60 and 0.06 → about 1.90 on 2023-05-17.
    """
    start, intercept, slope = _fit(dates, prices)
    return math.exp(intercept + slope * (when - start).days / 365.25)


def annual_decline_factor(dates: list[date], prices: list[float]) -> float:
    """Return how many times cheaper per year the fitted price gets: exp(−slope).

    Example: the two a16z points above → about 10.1.
    """
    return math.exp(-_fit(dates, prices)[2])


def halving_time_days(dates: list[date], prices: list[float]) -> float:
    """Return the days the fitted price takes to halve: ln 2 ÷ (−slope) × 365.25.

    Example: the two a16z points above → about 109 days.
    """
    slope = _fit(dates, prices)[2]
    if slope >= 0:
        raise ValueError("the fitted price is not falling, so it has no halving time")
    return math.log(2) / -slope * 365.25
