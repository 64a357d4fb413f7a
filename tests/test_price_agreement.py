"""Two pages that quote the same model's price today quote the same price.

Lesson 1 (input vs output table), Lesson 4 (today's prices) and Lesson 5 (the budget table)
each read genai-prices. They must read it at the same moment (market.PRICES_AS_OF) and show
the same numbers for a model they share.
"""

from __future__ import annotations

import re

import pytest

from token_economics import market
from token_economics.costs import blended_price
from token_economics.site import lesson1, lesson4, lesson5


def _dollars(text: str) -> float:
    found = re.fullmatch(r"\$([0-9,]+(?:\.[0-9]+)?)", text.strip())
    assert found, f"not a dollar amount: {text!r}"
    return float(found.group(1).replace(",", ""))


def _table(markdown: str) -> list[dict[str, str]]:
    """A markdown table's rows as {header: cell}."""
    lines = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in markdown.splitlines()]
    header = lines[0]
    return [dict(zip(header, row, strict=True)) for row in lines[2:]]


def _column(row: dict[str, str], start: str) -> str:
    """The cell of the first column whose header starts with ``start``."""
    return next(cell for head, cell in row.items() if head.startswith(start))


@pytest.fixture(scope="module")
def quoted() -> dict[str, dict[str, dict[str, float]]]:
    """page → genai-prices model id → {"in", "out", "blend"} as the page shows them, in USD/M."""
    pages: dict[str, dict[str, dict[str, float]]] = {"l1": {}, "l4": {}, "l5": {}}
    ids = {label: model for label, model, _provider in lesson1.PRICED_MODELS}
    for row in _table(lesson1.values()["price_table"]):
        label = _column(row, "model")
        pages["l1"][ids[label]] = {"in": _dollars(_column(row, "input")), "out": _dollars(_column(row, "output"))}
    v4 = lesson4.values()
    for _label, model, _provider in lesson4.TODAY_MODELS:
        key = "today_" + re.sub(r"[^a-z0-9]", "_", model)
        pages["l4"][model] = {k: _dollars(v4[f"{key}_{k}"]) for k in ("in", "out", "blend")}
    for row in _table(lesson5.values()["budget_today_table"]):
        pages["l5"][_column(row, "model")] = {"blend": _dollars(_column(row, "blended"))}
    return pages


def test_the_pages_share_models(quoted):
    # the comparison below is not empty: each pair of pages shares at least two models
    assert len(quoted["l1"].keys() & quoted["l4"].keys()) >= 2
    assert len(quoted["l4"].keys() & quoted["l5"].keys()) >= 2


def _disagreements(quoted, a: str, b: str) -> list[str]:
    found = []
    for model in quoted[a].keys() & quoted[b].keys():
        for kind in quoted[a][model].keys() & quoted[b][model].keys():
            x, y = quoted[a][model][kind], quoted[b][model][kind]
            # pages round differently ($0.26 vs $0.262): agree within the coarser rounding
            if abs(x - y) > 0.006:
                found.append(f"{model} {kind}: {a} shows {x}, {b} shows {y}")
    return found


@pytest.mark.parametrize("a, b", [("l1", "l4"), ("l1", "l5"), ("l4", "l5")])
def test_two_pages_quoting_a_price_agree(quoted, a, b):
    assert _disagreements(quoted, a, b) == []


def test_each_page_shows_the_price_at_the_stated_moment(quoted):
    for page in quoted.values():
        for model, shown in page.items():
            price = market.current_price(model, at=market.PRICES_AS_OF)
            if "in" in shown:
                assert shown["in"] == pytest.approx(price.usd_per_million_input, abs=0.006)
                assert shown["out"] == pytest.approx(price.usd_per_million_output, abs=0.006)
            if "blend" in shown:
                blend = blended_price(price.usd_per_million_input, price.usd_per_million_output)
                assert shown["blend"] == pytest.approx(blend, abs=0.006)


def test_a_price_taken_at_another_hour_would_be_caught(quoted):
    """The attack: Lesson 4 reads DeepSeek at its peak hour, as it once read it at 00:00."""
    peak = market.current_price("deepseek-v4-flash", at=market.PRICES_AS_OF.replace(hour=2))
    forged = {page: {m: dict(k) for m, k in models.items()} for page, models in quoted.items()}
    forged["l4"]["deepseek-v4-flash"]["in"] = peak.usd_per_million_input
    assert any("deepseek-v4-flash in" in d for d in _disagreements(forged, "l1", "l4"))
