"""Lesson 4's numbers checked against their sources and the course's own data (issue 15).

* the waterfall's starting GPU price is read from the course's GPU price table (no typed
  number), and its steps follow from it;
* the margins at the start and the end are the ones their source gives for those dates;
* Google's growth is stated both ways (compounded evenly and fitted), the chart's flat end is a
  gap in the scores, and Google's May 2024 figure is one registry figure both pages show;
* cheaper tokens against more tokens per task; the a16z arithmetic and Epoch's interval.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from token_economics import prices as P
from token_economics import sources as S
from token_economics.data import data_path, references
from token_economics.site.formatting import Cited

ROOT = Path(__file__).resolve().parents[1]
PAGE4 = ROOT / "docs" / "lessons" / "04-why-tokens-get-cheaper.md"
PAGE5 = ROOT / "docs" / "lessons" / "05-token-as-currency.md"


@lru_cache(maxsize=None)
def _values(n: int) -> dict[str, str]:
    import importlib

    return importlib.import_module(f"token_economics.site.lesson{n}").values()


def _numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def _raw_gpu_rows() -> list[dict[str, str]]:
    with data_path("lesson5", "gpu_prices.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


# --- 1. the GPU-hour price of early 2024 comes from the course's data -----------------------------


def test_early_2024_quotes_are_the_rows_of_the_gpu_price_table():
    expected = [
        (date.fromisoformat(r["date"]), float(r["usd"]), r["vendor"])
        for r in _raw_gpu_rows()
        if r["kind"] == "rental" and r["gpu"].startswith("H100") and r["date"].startswith("2024-0")
    ]
    quotes = P.early_2024_h100_quotes()
    assert [(q.date, q.usd_per_gpu_hour, q.vendor) for q in quotes] == sorted(expected)
    assert [q.date.month for q in quotes] == [1, 2]  # January and February 2024
    assert all(q.source_key in references() for q in quotes)


def test_baseline_reads_its_gpu_price_from_the_table_not_a_typed_number():
    first = P.early_2024_h100_quotes()[0]
    base = P.baseline_setup()
    assert base.gpu_hour_usd == first.usd_per_gpu_hour
    assert base.gpu_hour_usd != S.AIMULTIPLE_H100_MEDIAN_USD_EARLY_2024.value
    assert not hasattr(S, "H100_HOUR_USD_EARLY_2024")  # the $7 start is gone
    # Another quote gives another start, everything else equal.
    other = P.baseline_setup(P.early_2024_h100_quotes()[-1].usd_per_gpu_hour)
    assert other.price_usd_per_million() / base.price_usd_per_million() == pytest.approx(
        P.early_2024_h100_quotes()[-1].usd_per_gpu_hour / first.usd_per_gpu_hour
    )
    with pytest.raises(ValueError):
        P.baseline_setup(-1.0)


def test_gpu_step_and_totals_follow_from_the_quotes():
    quotes = P.early_2024_h100_quotes()
    runs = [P.driver_waterfall(P.baseline_setup(q.usd_per_gpu_hour)) for q in quotes]
    gpu_steps = [run[0].factor for run in runs]
    assert gpu_steps == pytest.approx([q.usd_per_gpu_hour / S.H100_HOUR_USD_2026.value for q in quotes])
    assert 1.1 < gpu_steps[0] < 1.3 and 1.5 < gpu_steps[-1] < 1.7  # about 1.2–1.6x, not 2.4x
    # Every other step is the same whichever quote starts the chart, so the end is the same.
    for run in runs[1:]:
        assert [s.factor for s in run[1:]] == pytest.approx([s.factor for s in runs[0][1:]])
        assert run[-1].usd_per_million_after == pytest.approx(runs[0][-1].usd_per_million_after)
    cost = [math.prod(s.factor for s in run[:5]) for run in runs]
    total = [run[0].usd_per_million_before / run[-1].usd_per_million_after for run in runs]
    assert 90 < cost[0] < 110 and 125 < cost[-1] < 145  # the five cost levers
    assert total == pytest.approx([c * runs[0][-1].factor for c in cost])  # the margin gives back 2.2x
    v = _values(4)
    assert v["wf1_factor"] == "1.2–1.6×"
    assert v["wf_h100_early_2024"] == "$3.49–$4.78"
    assert v["wf_h100_early_months"] == "January and February 2024"
    assert v["wf_total"] == f"{total[0]:.0f}–{total[-1]:.0f}×"
    assert v["wf_smallest"] == "Cheaper GPU-hours"  # the GPU price is the smallest of the cost levers


def test_page_states_the_months_of_the_gpu_range():
    text = PAGE4.read_text(encoding="utf-8")
    assert "{{ l4.wf_h100_early_months }}" in text
    assert "$7.00" not in text and "wf_h100_early_2024 }} an hour (early 2024)" not in text


# --- 2. the margins at the start and the end ------------------------------------------------------


def test_margins_are_the_sources_for_their_dates():
    start, end = S.OPENAI_COMPUTE_MARGIN_2024_01, S.OPENAI_COMPUTE_MARGIN_2025_10
    assert (start.value, start.as_of) == (0.35, "2024-01")
    assert (end.value, end.as_of) == (0.70, "2025-10")
    note = references()[start.ref].note
    assert "35%" in note and "70%" in note
    steps = P.driver_waterfall()
    base = P.baseline_setup()
    assert base.compute_margin == start.value  # the chart starts in early 2024, at early 2024's margin
    assert steps[-1].setup_after.compute_margin == end.value
    assert steps[-1].lever == "Higher margin"
    # The starting GPU quote and the starting margin are of the same month.
    assert f"{P.early_2024_h100_quotes()[0].date:%Y-%m}" == start.as_of
    v = _values(4)
    assert v["wf_margin_2024"] == "35%" and v["wf_margin_2025"] == "70%"
    assert v["wf6_dearer"] == "2.2×"


# --- 3. Google's growth, and the chart's flat end -------------------------------------------------


def test_google_growth_is_stated_both_ways():
    google = P.token_volumes("google_tokens_per_month")
    total = google[-1].tokens / google[0].tokens
    years = P.years_between(google[0].date, google[-1].date)
    even = P.decline_factor_over(total, years)
    fitted = P.annual_decline_factor([g.date for g in google], [1 / g.tokens for g in google])
    assert round(total) == 330 and round(years) == 2
    assert even == pytest.approx(math.sqrt(total), rel=0.02)  # two years: about the square root
    assert round(even) == 18 and round(fitted) == 19 and len(google) == 5
    v = _values(4)
    assert (v["google_even_per_year"], v["google_growth_per_year"], v["google_n_points"]) == ("18×", "19×", "5")
    text = PAGE4.read_text(encoding="utf-8")
    assert "{{ l4.google_even_per_year }}" in text and "{{ l4.google_n_points }}" in text


def test_the_last_rows_of_the_price_table_have_no_mmlu_score():
    rows = P.price_history()
    gap = P.score_gap(rows, "mmlu")
    scored = [r for r in rows if r.mmlu is not None]
    assert gap.last_scored == max(r.date for r in scored) == date(2025, 4, 14)
    assert len(gap.unscored_after) >= 10
    assert all(r.mmlu is None for r in gap.unscored_after)
    assert all(r.mmlu is None for r in rows[-10:])  # the table's last rows lack scores
    assert list(gap.unscored_after) == [r for r in rows if r.date > gap.last_scored]


def test_the_flat_end_of_the_chart_is_missing_scores_not_a_plateau():
    rows = P.price_history()
    last = P.cheapest_at_threshold(rows, "mmlu", 80)[-1]
    assert last.date == date(2025, 2, 5)  # the last step: February 2025
    cheaper = P.unscored_below_frontier(rows, "mmlu", 80)
    assert cheaper and all(r.mmlu is None and r.date > last.date for r in cheaper)
    assert all(r.blended() < last.usd_per_million_blended for r in cheaper)
    # Give the cheapest of them a passing score: the line steps down again.
    import dataclasses

    scored = dataclasses.replace(cheaper[0], mmlu=80.0, mmlu_source="test")
    patched = [scored if r is cheaper[0] else r for r in rows]
    assert P.cheapest_at_threshold(patched, "mmlu", 80)[-1].model == cheaper[0].model
    v = _values(4)
    assert v["mmlu_last_scored_month"] == "April 2025"
    assert v["mmlu80_unscored_cheaper"].startswith(cheaper[0].model)


def test_score_gap_rejects_bad_input():
    with pytest.raises(ValueError):
        P.score_gap(None, "hellaswag")
    with pytest.raises(ValueError):
        P.score_gap([P.price_history()[0].__class__("X", "Y", date(2024, 1, 1), 1.0, 1.0, "https://x.org")])
    with pytest.raises(ValueError):
        P.unscored_below_frontier(None, "mmlu", 99.5)


# --- 4. one Google figure, one date, on both pages ------------------------------------------------


def test_google_may_2024_figure_has_one_home_and_one_date():
    fig = S.GOOGLE_TOKENS_PER_MONTH_2024_05
    assert (fig.value, fig.as_of) == (9.7e12, "2024-05")  # "this time last year", said on 20 May 2025
    assert "io-2025-keynote" in references()[fig.ref].url  # Google's own post of the keynote
    first = P.token_volumes("google_tokens_per_month")[0]
    assert (first.tokens, f"{first.date:%Y-%m}") == (fig.value, fig.as_of)
    raw = (data_path("lesson4", "token_volume.csv")).read_text(encoding="utf-8")
    assert "9.7e12" not in raw  # not a second home in Lesson 4's data
    l4, l5 = _values(4), _values(5)
    assert isinstance(l4["google_first"], Cited) and l4["google_first"].figure is fig
    assert isinstance(l5["google_tokens_first_t"], Cited) and l5["google_tokens_first_t"].figure is fig
    assert l4["google_first_month"] == l5["google_tokens_first_month"] == "May 2024"
    assert _numbers(l4["google_first"]) == _numbers(l5["google_tokens_first_t"]) == [9.7]
    page5 = PAGE5.read_text(encoding="utf-8")
    assert "April 2024" not in page5 and "{{ l5.google_tokens_first_month }}" in page5


# --- 5. cheaper per token, more tokens per task ---------------------------------------------------


def test_net_decline_per_task():
    assert P.net_decline_per_year(10, 5) == pytest.approx(2.0)
    assert P.net_decline_per_year(10, 20) == pytest.approx(0.5)  # the task gets dearer
    assert P.years_of_decline_offset(10, 10) == pytest.approx(1.0)
    assert P.years_of_decline_offset(8, 10) == pytest.approx(math.log(8) / math.log(10))
    for bad in [(0, 5), (10, 0), (float("nan"), 5), (10, float("inf"))]:
        with pytest.raises(ValueError):
            P.net_decline_per_year(*bad)
    for bad in [(0.5, 10), (8, 1), (8, 0.5), (float("nan"), 10)]:
        with pytest.raises(ValueError):
            P.years_of_decline_offset(*bad)


def test_reasoning_paragraph_is_cited_and_links_lesson_3():
    v = _values(4)
    for key, fig in [
        ("reasoning_multiple", S.EPOCH_REASONING_OUTPUT_MULTIPLE),
        ("reasoning_growth", S.EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR),
        ("nonreasoning_growth", S.EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR),
        ("agent_multiple", S.ANTHROPIC_AGENT_MULTIPLE),
        ("multi_agent_multiple", S.ANTHROPIC_MULTI_AGENT_MULTIPLE),
    ]:
        assert isinstance(v[key], Cited) and v[key].figure is fig, key
    assert v["task_net_per_year"] == "2×"
    assert v["reasoning_offset_months"] == "11"
    text = PAGE4.read_text(encoding="utf-8")
    section = text[text.index("### Cheaper per token, more tokens per task") :]
    assert "](03-why-agents-burn-tokens.md)" in section[: section.index("## Check yourself")]


# --- 6. the a16z arithmetic and Epoch's interval --------------------------------------------------


def test_naive_division_uses_the_real_span():
    a42 = P.a16z_points(42)
    years = P.years_between(a42[0].date, a42[-1].date)
    assert years == pytest.approx(2.98, abs=0.005)  # November 2021 to November 2024: not quite 3
    total = a42[0].usd_per_million_tokens / a42[-1].usd_per_million_tokens
    assert _values(4)["a16z_naive_per_year"] == f"{total / years:,.0f}×" == "335×"


def test_confidence_interval_is_shown_to_two_significant_figures():
    shown = _values(4)["epoch_gpqa_gpt4o_ci"]
    for number in re.findall(r"\d[\d,]*(?:\.\d+)?", shown):
        digits = number.replace(",", "").replace(".", "").strip("0")
        assert len(digits) <= 2, f"{shown}: {number} has more than two significant figures"
    assert shown == "6.2–120,000×"
