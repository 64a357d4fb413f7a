"""Lesson 4, exercise 3 — the price of a fixed capability (Epoch AI's method).

Comparing list prices across models of different capability says little: new, stronger
models arrive at high prices. Compare at EQUAL capability instead: on a given date, among the
models that score at least a threshold on MMLU and were on sale by then, what is the cheapest
blended price?

You get the course's price rows (``token_economics.prices.price_history()``). Each row has
``.model``, ``.provider``, ``.date`` (a datetime.date), ``.usd_per_million_input``,
``.usd_per_million_output`` and ``.mmlu`` (a score in percent, or None when unknown). A model
whose price changed has several rows: on a date, the price in force is its LATEST row dated on
or before that date. A model with no MMLU score does not qualify. Blend input and output prices
with the input share (0.75 = 3 input tokens per output token).

When no model qualifies, raise ValueError.
"""

from datetime import date


def cheapest_at(rows: list, threshold: float, on_date: date, input_share: float = 0.75) -> float:
    """Return the cheapest blended price (USD per million tokens) of any model with
    MMLU ≥ ``threshold`` on sale on ``on_date``, at the price in force that day.

    Example: threshold 42 on 2022-10-01 → 20.0 (GPT-3 davinci after its price cut).
    """
    latest = {}
    for row in sorted(rows, key=lambda r: r.date):
        if row.date <= on_date and row.mmlu is not None and row.mmlu >= threshold:
            latest[(row.model, row.provider)] = row
    if not latest:
        raise ValueError(f"no model with MMLU ≥ {threshold} was on sale on {on_date}")
    return min(
        input_share * r.usd_per_million_input + (1 - input_share) * r.usd_per_million_output for r in latest.values()
    )


def times_cheaper(rows: list, threshold: float, start: date, end: date, input_share: float = 0.75) -> float:
    """Return how many times cheaper the capability got: cheapest on ``start`` ÷ cheapest on ``end``.

    Example: threshold 42, 2021-11-18 → 2024-11-12 gives 1,000.
    """
    return cheapest_at(rows, threshold, start, input_share) / cheapest_at(rows, threshold, end, input_share)
