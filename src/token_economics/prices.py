"""Lesson 4 — why tokens keep getting cheaper.

A price chart of language models is easy to misread. This module gives the pieces to read
it correctly:

* **The data** — :func:`price_history`: about sixty dated list prices from 2021 to 2026,
  one row per price in force from a date, each with its source and, where known, the
  model's MMLU and GPQA Diamond scores (:class:`PriceRow`). :func:`a16z_points`,
  :func:`epoch_decline_rates` and :func:`token_volumes` read the other curated files.
* **One price from two** — :func:`blended_price`: a workload is mostly input (3 input
  tokens for every output token is the usual assumption, Epoch AI's and Artificial
  Analysis'); a16z averaged the two (``input_share=0.5``).
* **Rates of decline** — :func:`annual_decline_factor` and :func:`halving_time_days` fit a
  straight line to the *logarithm* of the price against time (:func:`log_price_trend`); the
  straight line through the prices themselves (:func:`linear_price_trend`) is shown only to
  see why it is wrong.
* **Equal capability** — :func:`cheapest_at_threshold` follows Epoch AI's method: at each
  date, the cheapest blended price among models scoring at least a threshold
  [ref:l4_epoch_price_trends_2025]. :func:`frontier_trend` fits it, :func:`decline_by_threshold`
  repeats the fit at several thresholds, and :func:`list_price_trend` fits all list prices
  regardless of capability, for contrast.
* **Why** — :func:`driver_waterfall` turns the Lesson 2 roofline
  (:mod:`token_economics.energy`) into a cost per million tokens and moves one lever at a
  time: cheaper GPU-hours, bigger batches, fewer bytes per weight, fewer active parameters,
  a smaller model at the same score — and the margin, which went the other way.
  :func:`early_2024_h100_quotes` reads the starting GPU price from the course's GPU price table.
* **Gaps in the data** — :func:`score_gap` and :func:`unscored_below_frontier`: where a flat
  frontier means missing scores, not a plateau.
* **So what** — :func:`spend_under_elasticity`: the Jevons effect in one line;
  :func:`net_decline_per_year` and :func:`years_of_decline_offset`: cheaper tokens against
  more tokens per task (reasoning models, agents).

Prices are US dollars per million tokens (``usd_per_million_*``); dates are
:class:`datetime.date`; a decline factor of 10 means "ten times cheaper every year".
Today's prices do not live here: they come from :mod:`token_economics.market`
(``genai-prices``), with its snapshot date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Iterable, Sequence

from token_economics.data import load_csv, references
from token_economics.sources import (
    DEEPSEEK_V3_ACTIVE_PARAMS,
    DEEPSEEK_V3_TOTAL_PARAMS,
    GOOGLE_TOKENS_PER_MONTH_2024_05,
    H100_HOUR_USD_2026,
    LLAMA31_70B_MMLU,
    OPENAI_COMPUTE_MARGIN_2024_01,
    OPENAI_COMPUTE_MARGIN_2025_10,
    PHI4_MMLU,
    PHI4_PARAMS,
    Figure,
)
from token_economics.costs import DEFAULT_INPUT_SHARE, blended_price, gpu_cost_per_million_tokens
from token_economics.units import DAYS_PER_YEAR
from token_economics.units import non_negative as _non_negative
from token_economics.units import number as _number
from token_economics.units import positive as _positive
from token_economics.units import share as _share
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "DEFAULT_INPUT_SHARE",
    "BENCHMARKS",
    "PriceRow",
    "price_history",
    "A16zPoint",
    "a16z_points",
    "EpochDeclineRate",
    "epoch_decline_rates",
    "epoch_median_decline",
    "TokenVolume",
    "token_volumes",
    "blended_price",
    "years_between",
    "LogTrend",
    "LinearTrend",
    "log_price_trend",
    "linear_price_trend",
    "annual_decline_factor",
    "halving_time_days",
    "decline_factor_over",
    "FrontierPoint",
    "cheapest_at_threshold",
    "FrontierTrend",
    "frontier_trend",
    "decline_by_threshold",
    "list_price_trend",
    "ScoreGap",
    "score_gap",
    "unscored_below_frontier",
    "gpu_cost_per_million_tokens",
    "GpuHourQuote",
    "h100_rental_quotes",
    "early_2024_h100_quotes",
    "ServingSetup",
    "Lever",
    "WaterfallStep",
    "baseline_setup",
    "default_levers",
    "driver_waterfall",
    "ElasticityResult",
    "spend_under_elasticity",
    "net_decline_per_year",
    "years_of_decline_offset",
]


#: Benchmarks that :class:`PriceRow` carries a score for (percent correct).
BENCHMARKS: tuple[str, ...] = ("mmlu", "gpqa")


# --------------------------------------------------------------------------------------
# Input checks: bad input raises ValueError with a sentence, never a wrong number.
# --------------------------------------------------------------------------------------


def _as_date(name: str, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{name} must be a date or an ISO date string like '2024-05-13', not {value!r}")


def _benchmark(name: object) -> str:
    key = str(name).strip().lower() if isinstance(name, str) else ""
    aliases = {"gpqa diamond": "gpqa", "gpqa_diamond": "gpqa"}
    key = aliases.get(key, key)
    if key not in BENCHMARKS:
        raise ValueError(f"unknown benchmark {name!r}; choose one of: {', '.join(BENCHMARKS)}")
    return key


# --------------------------------------------------------------------------------------
# The curated data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceRow:
    """One list price in force from a date (``data/lesson4/price_history.csv``).

    A price change of one model is a separate row. Scores are percent correct as reported
    by the source named next to them, ``None`` where unknown. Sources of every row:
    [ref:l4_epoch_benchmark_data] for most scores; each row's ``source_url`` is an entry of
    ``data/references/lesson4.toml``.
    """

    model: str  #: model name as sold, e.g. "GPT-4o"
    provider: str  #: who sells it at this price (the maker or a host such as "DeepInfra")
    date: date  #: first day the price was in force (or, per ``note``, a day it was seen in force)
    usd_per_million_input: float  #: USD per million input tokens
    usd_per_million_output: float  #: USD per million output tokens
    source_url: str  #: where the price is published
    mmlu: float | None = None  #: MMLU score, percent
    mmlu_source: str = ""  #: reference key for the MMLU score
    gpqa: float | None = None  #: GPQA Diamond score, percent
    gpqa_source: str = ""  #: reference key for the GPQA score
    note: str = ""  #: caveats: observed date, derived split, promotion…

    def blended(self, input_share: float = DEFAULT_INPUT_SHARE) -> float:
        """This row's blended price, USD per million tokens (see :func:`blended_price`)."""
        return blended_price(self.usd_per_million_input, self.usd_per_million_output, input_share)

    def score(self, benchmark: str) -> float | None:
        """The row's score on ``"mmlu"`` or ``"gpqa"``, or ``None`` if unknown."""
        return getattr(self, _benchmark(benchmark))


def _optional_float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


@lru_cache(maxsize=1)
def _price_rows() -> tuple[PriceRow, ...]:
    rows = []
    for raw in load_csv("lesson4", "price_history.csv"):
        rows.append(
            PriceRow(
                model=raw["model"].strip(),
                provider=raw["provider"].strip(),
                date=date.fromisoformat(raw["date"].strip()),
                usd_per_million_input=float(raw["usd_per_million_input"]),
                usd_per_million_output=float(raw["usd_per_million_output"]),
                source_url=raw["source_url"].strip(),
                mmlu=_optional_float(raw["mmlu"]),
                mmlu_source=raw["mmlu_source"].strip(),
                gpqa=_optional_float(raw["gpqa"]),
                gpqa_source=raw["gpqa_source"].strip(),
                note=raw.get("note", "").strip(),
            )
        )
    rows.sort(key=lambda r: (r.date, r.provider, r.model))
    return tuple(rows)


def price_history() -> list[PriceRow]:
    """Every curated list price, oldest first (a fresh list each call; rows are frozen).

    Returns:
        :class:`PriceRow` objects read from ``data/lesson4/price_history.csv``.
    """
    return list(_price_rows())


@dataclass(frozen=True)
class A16zPoint:
    """One data point of a16z's "LLMflation" analysis [ref:l4_a16z_llmflation]."""

    mmlu_threshold: float  #: minimum MMLU score, percent
    date: date
    model: str
    provider: str
    usd_per_million_tokens: float  #: a16z's blend: mean of input and output price, USD/M
    kind: str  #: "stated" (in a16z's text) or "derived" (arithmetic on a16z's text)
    source_url: str
    note: str


def a16z_points(mmlu_threshold: float | None = None) -> list[A16zPoint]:
    """The a16z points (``data/lesson4/a16z_llmflation.csv``), oldest first.

    Args:
        mmlu_threshold: keep only points at this MMLU level (42 or 83); ``None`` keeps all.

    Raises:
        ValueError: if no point has that threshold (the message lists the thresholds).
    """
    points = [
        A16zPoint(
            mmlu_threshold=float(r["mmlu_threshold"]),
            date=date.fromisoformat(r["date"]),
            model=r["model"],
            provider=r["provider"],
            usd_per_million_tokens=float(r["usd_per_million_tokens"]),
            kind=r["kind"],
            source_url=r["source_url"],
            note=r["note"],
        )
        for r in load_csv("lesson4", "a16z_llmflation.csv")
    ]
    points.sort(key=lambda p: (p.mmlu_threshold, p.date))
    if mmlu_threshold is None:
        return points
    t = _number("mmlu_threshold", mmlu_threshold)
    chosen = [p for p in points if p.mmlu_threshold == t]
    if not chosen:
        known = sorted({p.mmlu_threshold for p in points})
        raise ValueError(f"a16z gives no points at MMLU {t:g}; known thresholds: {', '.join(f'{k:g}' for k in known)}")
    return chosen


@dataclass(frozen=True)
class EpochDeclineRate:
    """Epoch AI's fitted decline at one threshold [ref:l4_epoch_frontier_results]."""

    benchmark: str
    threshold_model: str  #: the model whose score sets the threshold
    threshold_score: float
    sample_size: int  #: frontier points in the fit
    start_date: date
    end_date: date
    factor_per_year: float  #: price divides by this every year
    ci90_low: float
    ci90_high: float
    r_squared: float


def epoch_decline_rates() -> list[EpochDeclineRate]:
    """Epoch AI's 21 fitted rates (``data/lesson4/epoch_decline_rates.csv``)."""
    return [
        EpochDeclineRate(
            benchmark=r["benchmark"],
            threshold_model=r["threshold_model"],
            threshold_score=float(r["threshold_score"]),
            sample_size=int(r["sample_size"]),
            start_date=date.fromisoformat(r["start_date"]),
            end_date=date.fromisoformat(r["end_date"]),
            factor_per_year=float(r["factor_per_year"]),
            ci90_low=float(r["ci90_low"]),
            ci90_high=float(r["ci90_high"]),
            r_squared=float(r["r_squared"]),
        )
        for r in load_csv("lesson4", "epoch_decline_rates.csv")
    ]


def epoch_median_decline() -> float:
    """Median of Epoch AI's fitted decline factors across all their thresholds, per year.

    Derived from [ref:l4_epoch_frontier_results]; Epoch's own text gives the range (9x–900x)
    and the GPT-4-on-GPQA example (40x), not a median.
    """
    values = sorted(r.factor_per_year for r in epoch_decline_rates())
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@dataclass(frozen=True)
class TokenVolume:
    """One reported token volume (``data/lesson4/token_volume.csv``)."""

    series: str  #: e.g. "google_tokens_per_month"
    date: date
    tokens: float  #: tokens per ``unit``
    unit: str  #: "tokens_per_month" or "tokens_per_day"
    source_url: str
    note: str


#: Token volumes that are single figures of the registry (:mod:`token_economics.sources`),
#: quoted by more than one lesson, with the series they belong to. They have their one home
#: there, not in ``token_volume.csv``.
_REGISTRY_VOLUMES: tuple[tuple[str, str, Figure], ...] = (
    ("google_tokens_per_month", "tokens_per_month", GOOGLE_TOKENS_PER_MONTH_2024_05),
)


def _figure_date(fig: Figure) -> date:
    """The day a registry figure is placed on a time axis: its date, or for a month
    (``"2024-05"``) the middle of that month, for a year the middle of the year."""
    parts = fig.as_of.split("-")
    if len(parts) == 3:
        return date.fromisoformat(fig.as_of)
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 15)
    return date(int(parts[0]), 7, 1)


def token_volumes(series: str | None = None) -> list[TokenVolume]:
    """Reported token volumes, oldest first; optionally one series only.

    Most rows come from ``data/lesson4/token_volume.csv``; a volume that another lesson quotes
    too is a registry figure (Google's 9.7 trillion tokens a month in May 2024,
    :data:`~token_economics.sources.GOOGLE_TOKENS_PER_MONTH_2024_05`) and is read from there,
    dated the middle of its month.

    Raises:
        ValueError: for an unknown series (the message lists them).
    """
    rows = [
        TokenVolume(
            series=r["series"],
            date=date.fromisoformat(r["date"]),
            tokens=float(r["tokens"]),
            unit=r["unit"],
            source_url=r["source_url"],
            note=r["note"],
        )
        for r in load_csv("lesson4", "token_volume.csv")
    ]
    refs = references()
    rows += [
        TokenVolume(name, _figure_date(fig), float(fig.value), unit, refs[fig.ref].url, fig.what)
        for name, unit, fig in _REGISTRY_VOLUMES
    ]
    rows.sort(key=lambda v: (v.series, v.date))
    if series is None:
        return rows
    chosen = [v for v in rows if v.series == series]
    if not chosen:
        raise ValueError(f"unknown series {series!r}; known: {', '.join(sorted({v.series for v in rows}))}")
    return chosen


# --------------------------------------------------------------------------------------
# Blended price
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# Fitting a trend
# --------------------------------------------------------------------------------------


def years_between(start: date | str, end: date | str) -> float:
    """Years from ``start`` to ``end`` (days / 365.25); negative if ``end`` is earlier."""
    return (_as_date("end", end) - _as_date("start", start)).days / DAYS_PER_YEAR


def _series(dates: Sequence[object], prices: Sequence[object], *, positive: bool) -> tuple[list[date], list[float]]:
    if isinstance(dates, (str, bytes)) or isinstance(prices, (str, bytes)):
        raise ValueError("dates and prices must be sequences, not strings")
    ds = [_as_date("each date", d) for d in dates]
    check = _positive if positive else _number
    ps = [check("each price", p) for p in prices]
    if len(ds) != len(ps):
        raise ValueError(f"dates and prices must have the same length (got {len(ds)} and {len(ps)})")
    if len(set(ds)) < 2:
        raise ValueError("a trend needs prices on at least two different dates")
    return ds, ps


def _least_squares(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Intercept, slope and R² of the ordinary least-squares line y = a + b·x (``numpy.polyfit``)."""
    import numpy as np

    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    ss_res = float(((y - intercept - slope * x) ** 2).sum())
    r2 = 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0
    return float(intercept), float(slope), r2


@dataclass(frozen=True)
class LogTrend:
    """A straight line through log(price) against time: an exponential decline.

    ``price(t) = start_price · exp(log_slope_per_year · years since start_date)``.
    """

    start_date: date  #: the earliest date in the data (time zero)
    start_usd_per_million: float  #: the fitted price at time zero, USD/M
    log_slope_per_year: float  #: natural-log change per year (negative when falling)
    r_squared: float  #: share of the variance of log(price) the line explains
    n_points: int

    @property
    def annual_decline_factor(self) -> float:
        """How many times cheaper each year: exp(−slope). Above 1 when prices fall."""
        return math.exp(-self.log_slope_per_year)

    @property
    def halving_time_days(self) -> float:
        """Days for the price to halve; ``math.inf`` if the fitted price is not falling."""
        if self.log_slope_per_year >= 0:
            return math.inf
        return math.log(2) / -self.log_slope_per_year * DAYS_PER_YEAR

    def predict(self, when: date | str) -> float:
        """The fitted price on a date, USD per million tokens."""
        return self.start_usd_per_million * math.exp(self.log_slope_per_year * years_between(self.start_date, when))


@dataclass(frozen=True)
class LinearTrend:
    """A straight line through the prices themselves — the wrong model for a price decline.

    It falls by the same number of dollars every year, so it soon predicts negative prices.
    """

    start_date: date
    start_usd_per_million: float  #: fitted price at time zero, USD/M
    slope_usd_per_year: float  #: dollars per million tokens gained (negative: lost) per year
    r_squared: float
    n_points: int

    def predict(self, when: date | str) -> float:
        """The fitted price on a date (can be negative), USD per million tokens."""
        return self.start_usd_per_million + self.slope_usd_per_year * years_between(self.start_date, when)

    @property
    def zero_price_date(self) -> date | None:
        """The date this line reaches $0, or ``None`` if it never falls to zero."""
        if self.slope_usd_per_year >= 0:
            return None
        years = -self.start_usd_per_million / self.slope_usd_per_year
        return date.fromordinal(self.start_date.toordinal() + round(years * DAYS_PER_YEAR))


def log_price_trend(dates: Sequence[date | str], prices: Sequence[float]) -> LogTrend:
    """Least-squares fit of ln(price) on time in years (days / 365.25).

    Args:
        dates: one date per price (``datetime.date`` or ISO string); at least two distinct.
        prices: USD per million tokens, all > 0.

    Returns:
        A :class:`LogTrend`.

    Raises:
        ValueError: fewer than two distinct dates, unequal lengths, or a price that is not a
            positive finite number (the logarithm of zero or a negative price does not exist).
    """
    ds, ps = _series(dates, prices, positive=True)
    t0 = min(ds)
    xs = [(d - t0).days / DAYS_PER_YEAR for d in ds]
    a, b, r2 = _least_squares(xs, [math.log(p) for p in ps])
    return LogTrend(t0, math.exp(a), b, r2, len(ps))


def linear_price_trend(dates: Sequence[date | str], prices: Sequence[float]) -> LinearTrend:
    """Least-squares straight line through the prices themselves (for comparison only).

    Raises:
        ValueError: as :func:`log_price_trend`, except that prices only need to be finite.
    """
    ds, ps = _series(dates, prices, positive=False)
    t0 = min(ds)
    xs = [(d - t0).days / DAYS_PER_YEAR for d in ds]
    a, b, r2 = _least_squares(xs, ps)
    return LinearTrend(t0, a, b, r2, len(ps))


def annual_decline_factor(dates: Sequence[date | str], prices: Sequence[float]) -> float:
    """The factor by which the price divides each year, from a fit of log price on time.

    Above 1 when prices fall (10 means ten times cheaper every year), 1 when flat, below 1
    when they rise. a16z's two points at MMLU 42 ($60 in November 2021, $0.06 in November
    2024) give about 10.

    Args:
        dates: one date per price; at least two distinct dates.
        prices: USD per million tokens, all > 0.

    Raises:
        ValueError: see :func:`log_price_trend`.
    """
    return log_price_trend(dates, prices).annual_decline_factor


def halving_time_days(dates: Sequence[date | str], prices: Sequence[float]) -> float:
    """Days for the fitted price to halve (ln 2 / yearly log-decline × 365.25).

    Raises:
        ValueError: see :func:`log_price_trend`, and also when the fitted price is not
            falling (a rising or flat price has no halving time).
    """
    trend = log_price_trend(dates, prices)
    if trend.log_slope_per_year >= 0:
        raise ValueError("the fitted price is not falling, so it has no halving time")
    return trend.halving_time_days


def decline_factor_over(total_factor: float, years: float) -> float:
    """The steady yearly factor that compounds to ``total_factor`` over ``years``.

    ``total_factor ** (1 / years)``: 1,000x over 3 years is 10x per year, not 333x.

    Raises:
        ValueError: for a non-positive factor or number of years.
    """
    f = _positive("total_factor", total_factor)
    y = _positive("years", years)
    return f ** (1.0 / y)


# --------------------------------------------------------------------------------------
# Equal capability: the cheapest model above a score (Epoch AI's method)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrontierPoint:
    """A date on which a new, cheaper way to reach the threshold appeared."""

    date: date
    model: str
    provider: str
    score: float  #: the model's score on the benchmark, percent
    usd_per_million_blended: float  #: its blended price, USD/M


def _rows_or_default(rows: Iterable[PriceRow] | None) -> list[PriceRow]:
    if rows is None:
        return price_history()
    rows = list(rows)
    for r in rows:
        if not isinstance(r, PriceRow):
            raise ValueError(f"rows must be PriceRow objects (see price_history()), not {type(r).__name__}")
    return rows


def cheapest_at_threshold(
    rows: Iterable[PriceRow] | None = None,
    benchmark: str = "mmlu",
    threshold: float = 0.0,
    input_share: float = DEFAULT_INPUT_SHARE,
) -> list[FrontierPoint]:
    """The running price frontier at equal capability, Epoch AI's way.

    On each date of the data, take every model with a score of at least ``threshold`` that
    was on sale by then, at the price in force on that date (its latest row), and keep the
    cheapest blended price. The result lists only the dates where that cheapest price went
    down — the points Epoch AI fits a trend through [ref:l4_epoch_price_trends_2025]. Models
    without a score on the benchmark are left out, never assumed to pass.

    Args:
        rows: price rows (default: :func:`price_history`).
        benchmark: ``"mmlu"`` or ``"gpqa"`` (GPQA Diamond).
        threshold: minimum score, percent (0–100).
        input_share: share of input tokens in the blend (0.75 = 3:1).

    Returns:
        :class:`FrontierPoint` objects, oldest first (empty if no model ever qualifies).

    Raises:
        ValueError: for an unknown benchmark, a threshold outside 0–100, a bad share, or rows
            that are not :class:`PriceRow` objects.
    """
    data = _rows_or_default(rows)
    bench = _benchmark(benchmark)
    t = _number("threshold", threshold)
    if not 0.0 <= t <= 100.0:
        raise ValueError(f"threshold is a score in percent, between 0 and 100 (got {t})")
    share = _share("input_share", input_share)
    qualifying = sorted(
        (r for r in data if r.score(bench) is not None and r.score(bench) >= t),
        key=lambda r: r.date,
    )
    current: dict[tuple[str, str], PriceRow] = {}
    points: list[FrontierPoint] = []
    best = math.inf
    for day in sorted({r.date for r in qualifying}):
        for r in qualifying:
            if r.date == day:
                current[(r.model, r.provider)] = r
        cheapest = min(current.values(), key=lambda r: (r.blended(share), r.date))
        price = cheapest.blended(share)
        if price < best:
            best = price
            points.append(FrontierPoint(day, cheapest.model, cheapest.provider, float(cheapest.score(bench)), price))
    return points


@dataclass(frozen=True)
class FrontierTrend:
    """The fitted decline of the price frontier at one threshold."""

    benchmark: str
    threshold: float
    input_share: float
    points: tuple[FrontierPoint, ...]
    trend: LogTrend

    @property
    def annual_decline_factor(self) -> float:
        """How many times cheaper per year the cheapest qualifying model gets."""
        return self.trend.annual_decline_factor

    @property
    def halving_time_days(self) -> float:
        """Days for the frontier price to halve (``inf`` if it is not falling)."""
        return self.trend.halving_time_days

    @property
    def total_decline_factor(self) -> float:
        """First frontier price ÷ last, over the whole period."""
        return self.points[0].usd_per_million_blended / self.points[-1].usd_per_million_blended


def frontier_trend(
    rows: Iterable[PriceRow] | None = None,
    benchmark: str = "mmlu",
    threshold: float = 0.0,
    input_share: float = DEFAULT_INPUT_SHARE,
) -> FrontierTrend:
    """:func:`cheapest_at_threshold`, then a fit of log price on time through its points.

    Raises:
        ValueError: as :func:`cheapest_at_threshold`, or when fewer than two frontier points
            exist on different dates (nothing to fit).
    """
    points = cheapest_at_threshold(rows, benchmark, threshold, input_share)
    if len({p.date for p in points}) < 2:
        raise ValueError(
            f"only {len(points)} frontier point(s) at {benchmark} ≥ {threshold:g}: "
            "a trend needs at least two; try a lower threshold"
        )
    trend = log_price_trend([p.date for p in points], [p.usd_per_million_blended for p in points])
    return FrontierTrend(_benchmark(benchmark), float(threshold), float(input_share), tuple(points), trend)


def decline_by_threshold(
    rows: Iterable[PriceRow] | None = None,
    benchmark: str = "mmlu",
    thresholds: Sequence[float] = (45.0, 65.0, 80.0, 85.0),
    input_share: float = DEFAULT_INPUT_SHARE,
) -> dict[float, FrontierTrend]:
    """:func:`frontier_trend` at several thresholds; thresholds with fewer than two frontier
    points are left out of the result rather than given a made-up rate.

    Returns:
        ``{threshold: FrontierTrend}`` in the order given.
    """
    data = _rows_or_default(rows)
    out: dict[float, FrontierTrend] = {}
    for t in thresholds:
        try:
            out[float(t)] = frontier_trend(data, benchmark, t, input_share)
        except ValueError as err:
            if "frontier point" not in str(err):
                raise
    return out


def list_price_trend(rows: Iterable[PriceRow] | None = None, input_share: float = DEFAULT_INPUT_SHARE) -> LogTrend:
    """Fit of every list price against its date, whatever the model can do.

    This is what "the price of AI" looks like if one ignores capability: new frontier models
    keep arriving at high prices, so the fitted decline is far slower than at equal capability.
    """
    data = _rows_or_default(rows)
    share = _share("input_share", input_share)
    return log_price_trend([r.date for r in data], [r.blended(share) for r in data])


@dataclass(frozen=True)
class ScoreGap:
    """Where the scores on one benchmark stop in the price table.

    A frontier can only step down to a model with a score; after ``last_scored`` no row has
    one, so a frontier that stays flat after that date shows missing data, not a plateau.
    """

    benchmark: str
    last_scored: date  #: date of the latest row with a score on the benchmark
    unscored_after: tuple[PriceRow, ...]  #: every row dated after it (none has a score)


def score_gap(rows: Iterable[PriceRow] | None = None, benchmark: str = "mmlu") -> ScoreGap:
    """The latest scored row on ``benchmark`` and the rows after it, which all lack a score.

    Raises:
        ValueError: for an unknown benchmark, rows that are not :class:`PriceRow` objects, or
            rows with no score at all on the benchmark.
    """
    data = _rows_or_default(rows)
    bench = _benchmark(benchmark)
    scored = [r.date for r in data if r.score(bench) is not None]
    if not scored:
        raise ValueError(f"no row has a {bench} score")
    last = max(scored)
    after = tuple(sorted((r for r in data if r.date > last), key=lambda r: (r.date, r.provider, r.model)))
    return ScoreGap(bench, last, after)


def unscored_below_frontier(
    rows: Iterable[PriceRow] | None = None,
    benchmark: str = "mmlu",
    threshold: float = 0.0,
    input_share: float = DEFAULT_INPUT_SHARE,
) -> list[PriceRow]:
    """Rows after the frontier's last step that are cheaper than it but have no score.

    These are the prices :func:`cheapest_at_threshold` cannot count (it never assumes a
    model passes): if any of them reached the threshold, the frontier would have stepped
    down again. Cheapest first.

    Raises:
        ValueError: as :func:`cheapest_at_threshold`, or when no model reaches the threshold.
    """
    data = _rows_or_default(rows)
    bench = _benchmark(benchmark)
    points = cheapest_at_threshold(data, bench, threshold, input_share)
    if not points:
        raise ValueError(f"no model scores at least {threshold:g} on {bench}: there is no frontier")
    last = points[-1]
    share = _share("input_share", input_share)
    found = [
        r
        for r in data
        if r.date > last.date and r.score(bench) is None and r.blended(share) < last.usd_per_million_blended
    ]
    return sorted(found, key=lambda r: (r.blended(share), r.date))


# --------------------------------------------------------------------------------------
# Drivers: what it costs to serve a token, lever by lever
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GpuHourQuote:
    """One dated H100 rental price, USD per GPU-hour (a row of ``data/lesson5/gpu_prices.csv``).

    The file is the course's one table of GPU prices (Lesson 5 reads its purchase prices);
    its 2022–2024 rows are copied from Epoch AI's hardware-price dataset
    [ref:l5_epoch_hardware_prices], each with the vendor that quoted it.
    """

    date: date  #: the day of the quote (for a row dated by month only: the first of the month)
    usd_per_gpu_hour: float
    gpu: str  #: e.g. "H100 SXM5"
    vendor: str  #: who quoted it
    basis: str  #: on-demand, reserved, contract…
    source_key: str  #: reference key


#: "Early 2024" for the waterfall's starting GPU price: the first quarter.
EARLY_2024: tuple[date, date] = (date(2024, 1, 1), date(2024, 3, 31))


def _quote_date(text: str) -> date:
    text = text.strip()
    return date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def h100_rental_quotes(start: date | str | None = None, end: date | str | None = None) -> list[GpuHourQuote]:
    """H100 rental prices from the course's GPU price table, oldest first.

    Args:
        start: keep quotes on or after this date (default: all).
        end: keep quotes on or before this date (default: all).

    Raises:
        ValueError: for a date that is not a date, or ``end`` before ``start``.
    """
    lo = None if start is None else _as_date("start", start)
    hi = None if end is None else _as_date("end", end)
    if lo is not None and hi is not None and hi < lo:
        raise ValueError(f"end ({hi}) is before start ({lo})")
    quotes = [
        GpuHourQuote(
            date=_quote_date(r["date"]),
            usd_per_gpu_hour=float(r["usd"]),
            gpu=r["gpu"].strip(),
            vendor=r["vendor"].strip(),
            basis=r["basis"].strip(),
            source_key=r["source_key"].strip(),
        )
        for r in load_csv("lesson5", "gpu_prices.csv")
        if r["kind"].strip() == "rental" and r["gpu"].strip().startswith("H100")
    ]
    quotes = [q for q in quotes if (lo is None or q.date >= lo) and (hi is None or q.date <= hi)]
    return sorted(quotes, key=lambda q: (q.date, q.vendor))


def early_2024_h100_quotes() -> list[GpuHourQuote]:
    """The H100 rental quotes of the first quarter of 2024 (:data:`EARLY_2024`), oldest first.

    These set the waterfall's starting GPU-hour price (:func:`baseline_setup`): the table has
    two, an on-demand 8-GPU instance at Lambda on 29 January 2024 and an on-demand price at
    NovoNimbus on 14 February 2024.
    """
    quotes = h100_rental_quotes(*EARLY_2024)
    if not quotes:
        raise LookupError("gpu_prices.csv has no H100 rental quote in the first quarter of 2024")
    return quotes


@dataclass(frozen=True)
class ServingSetup:
    """Everything that sets the cost of a generated token, one number per lever.

    Throughput is the Lesson 2 roofline (:func:`token_economics.energy.roofline`) times
    ``efficiency``, the share of the roofline a real server reaches (from a measurement).
    The price is the cost divided by ``1 − compute_margin``.
    """

    gpu: str  #: GPU name known to :func:`token_economics.energy.get_gpu`
    gpu_hour_usd: float  #: rental price per GPU-hour, USD
    n_gpus: int  #: GPUs holding the model
    active_params: float  #: parameters used per generated token
    bytes_per_param: float  #: 2 = BF16, 1 = FP8/INT8, 0.5 = 4-bit
    batch_size: int  #: sequences decoded together
    efficiency: float  #: measured ÷ roofline throughput, 0–1
    compute_margin: float  #: share of the price left after compute cost, 0 ≤ m < 1
    label: str = ""  #: what this setup stands for

    def __post_init__(self) -> None:
        from token_economics import energy

        energy.get_gpu(self.gpu)
        _positive("gpu_hour_usd", self.gpu_hour_usd)
        if isinstance(self.n_gpus, bool) or not isinstance(self.n_gpus, int) or self.n_gpus < 1:
            raise ValueError(f"n_gpus must be a whole number of at least 1, not {self.n_gpus!r}")
        _positive("active_params", self.active_params)
        _positive("bytes_per_param", self.bytes_per_param)
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"batch_size must be a whole number of at least 1, not {self.batch_size!r}")
        eff = _number("efficiency", self.efficiency)
        if not 0.0 < eff <= 1.0:
            raise ValueError(f"efficiency is a share of the roofline, above 0 and at most 1 (got {eff})")
        m = _number("compute_margin", self.compute_margin)
        if not 0.0 <= m < 1.0:
            raise ValueError(
                f"compute_margin must be at least 0 and below 1 (got {m}); 0.5 means half the price is margin"
            )

    def roofline_tokens_per_second(self) -> float:
        """Tokens per second of the GPU group at the hardware limit (Lesson 2)."""
        from token_economics import energy

        return energy.roofline_tokens_per_second(
            self.active_params,
            gpu=self.gpu,
            n_gpus=self.n_gpus,
            batch_size=self.batch_size,
            bytes_per_param=self.bytes_per_param,
        )

    def tokens_per_second(self) -> float:
        """Expected tokens per second: roofline × efficiency."""
        return self.roofline_tokens_per_second() * self.efficiency

    def cost_usd_per_million(self) -> float:
        """GPU rental cost per million generated tokens, USD."""
        return gpu_cost_per_million_tokens(self.gpu_hour_usd, self.n_gpus, self.tokens_per_second())

    def price_usd_per_million(self) -> float:
        """Cost plus margin: cost / (1 − compute_margin), USD per million tokens."""
        return self.cost_usd_per_million() / (1.0 - self.compute_margin)


@dataclass(frozen=True)
class Lever:
    """One change to a :class:`ServingSetup`, with the evidence for the new values."""

    name: str  #: short name for a chart, e.g. "Bigger batches"
    changes: dict = field(default_factory=dict)  #: ServingSetup field → new value
    why: str = ""  #: one sentence with the source of the numbers


@dataclass(frozen=True)
class WaterfallStep:
    """The price before and after one lever."""

    lever: str
    why: str
    usd_per_million_before: float
    usd_per_million_after: float
    setup_after: ServingSetup

    @property
    def factor(self) -> float:
        """How many times cheaper this lever made a token (below 1: dearer)."""
        return self.usd_per_million_before / self.usd_per_million_after


def _measured(model: str, gpu: str, n_gpus: int, batch: int):
    from token_economics import energy

    for p in energy.measured_points():
        if p.model == model and p.gpu == gpu and p.n_gpus == n_gpus and p.batch_size == batch and p.tokens_per_second:
            return p
    raise LookupError(f"no ML.ENERGY measurement for {model} on {n_gpus}x{gpu} at batch {batch}")


def _efficiency(model: str, gpu: str, n_gpus: int, batch: int, bytes_per_param: float = 2.0) -> float:
    """Measured tokens/s ÷ roofline tokens/s for one ML.ENERGY configuration."""
    from token_economics import energy

    p = _measured(model, gpu, n_gpus, batch)
    roof = energy.roofline_tokens_per_second(
        p.active_params, gpu=gpu, n_gpus=n_gpus, batch_size=batch, bytes_per_param=bytes_per_param
    )
    return float(p.tokens_per_second) / roof


#: The measured model behind the default scenario: Llama 3.1 70B Instruct on 4×H100, BF16,
#: ML.ENERGY Benchmark v3.0 (in :func:`token_economics.energy.measured_points`).
_REFERENCE_MODEL = "Llama 3.1 70B Instruct"


def _ref(*figs: Figure) -> str:
    """The source marks of these figures (``[ref:…]``, one per source), for a lever's evidence."""
    return " ".join(dict.fromkeys(f"[ref:{f.ref}]" for f in figs))


def baseline_setup(gpu_hour_usd: float | None = None) -> ServingSetup:
    """The starting point of :func:`driver_waterfall`, every number from a source.

    A dense 70B model (Llama 3.1 70B Instruct, 70.55B parameters) in BF16 on 4×H100, serving
    8 conversations at once, at the share of the roofline ML.ENERGY measured for exactly that
    setup, sold at OpenAI's January 2024 compute margin
    (:data:`~token_economics.sources.OPENAI_COMPUTE_MARGIN_2024_01`).

    Args:
        gpu_hour_usd: the H100 rental price, USD per GPU-hour. Default: the first early-2024
            quote of the course's GPU price table (:func:`early_2024_h100_quotes`: Lambda,
            January 2024, the month of the margin figure). Pass another early-2024 quote to
            see the range.

    Raises:
        ValueError: for a price that is not a positive finite number.
    """
    if gpu_hour_usd is None:
        first = early_2024_h100_quotes()[0]
        price, when = first.usd_per_gpu_hour, f"{first.vendor}, {first.date:%B %Y}"
    else:
        price, when = _positive("gpu_hour_usd", gpu_hour_usd), "chosen"
    p = _measured(_REFERENCE_MODEL, "H100", 4, 8)
    margin = OPENAI_COMPUTE_MARGIN_2024_01
    return ServingSetup(
        gpu="H100",
        gpu_hour_usd=price,
        n_gpus=4,
        active_params=p.active_params,
        bytes_per_param=2.0,
        batch_size=8,
        efficiency=_efficiency(_REFERENCE_MODEL, "H100", 4, 8),
        compute_margin=margin.value,
        label=f"dense 70B, BF16, 4×H100 at ${price:g}/h ({when}), batch 8, {margin.value:.0%} margin ({margin.as_of})",
    )


def default_levers() -> list[Lever]:
    """The six levers of the lesson's waterfall, in order, each with its evidence.

    Five cut the cost of a token; the sixth is the margin, which went *up* at OpenAI between
    the two dates its source gives, so that step raises the price (its factor is below 1).
    """
    eff128 = _efficiency(_REFERENCE_MODEL, "H100", 4, 128)
    early, now = early_2024_h100_quotes(), H100_HOUR_USD_2026
    early_text = " to ".join(f"${q.usd_per_gpu_hour:.2f} ({q.vendor}, {q.date:%b %Y})" for q in early)
    old_margin, new_margin = OPENAI_COMPUTE_MARGIN_2024_01, OPENAI_COMPUTE_MARGIN_2025_10
    moe_active, moe_total = DEEPSEEK_V3_ACTIVE_PARAMS.value / 1e9, DEEPSEEK_V3_TOTAL_PARAMS.value / 1e9
    return [
        Lever(
            "Cheaper GPU-hours",
            {"gpu_hour_usd": now.value},
            f"H100 rental on demand from {early_text} to a ${now.value:.2f} median over providers "
            f"({now.as_of}) {_ref(now)} [ref:{early[0].source_key}].",
        ),
        Lever(
            "Bigger batches",
            {"batch_size": 128, "efficiency": eff128},
            "8 → 128 conversations at once, at the share of the roofline ML.ENERGY measured at each batch.",
        ),
        Lever(
            "8-bit weights",
            {"bytes_per_param": 1.0},
            "FP8 instead of BF16: each weight read from memory is 1 byte instead of 2.",
        ),
        Lever(
            "Fewer active parameters (MoE)",
            {"active_params": DEEPSEEK_V3_ACTIVE_PARAMS.value, "n_gpus": 16},
            f"A mixture of experts like DeepSeek-V3 uses {moe_active:g}B of its {moe_total:g}B parameters "
            f"per token; 16 GPUs to hold {moe_total:g} GB of FP8 weights {_ref(DEEPSEEK_V3_TOTAL_PARAMS)}.",
        ),
        Lever(
            "Smaller model, same score",
            {"active_params": PHI4_PARAMS.value, "n_gpus": 1},
            f"Phi-4 ({PHI4_PARAMS.value / 1e9:g}B) scores {PHI4_MMLU.value:g} on MMLU, Llama 3.1 70B "
            f"{LLAMA31_70B_MMLU.value:g} {_ref(PHI4_PARAMS, PHI4_MMLU)}.",
        ),
        Lever(
            "Higher margin",
            {"compute_margin": new_margin.value},
            f"OpenAI's compute margin rose from {old_margin.value:.0%} ({old_margin.as_of}) to "
            f"{new_margin.value:.0%} ({new_margin.as_of}) {_ref(old_margin, new_margin)}: this lever "
            "moved the other way, and makes the token dearer.",
        ),
    ]


def driver_waterfall(start: ServingSetup | None = None, levers: Sequence[Lever] | None = None) -> list[WaterfallStep]:
    """Apply levers one after another and record the price per million tokens each time.

    Each step changes the fields named in ``lever.changes`` and recomputes the price with
    the Lesson 2 roofline: ``price = GPU-hour price · GPUs / (tokens per second · 3600) ·
    10⁶ / (1 − margin)``. The order matters a little (a lever that shortens the memory
    read matters less once arithmetic is the bottleneck), and the levers overlap: in
    practice one chooses a mixture of experts *or* a small dense model, and the chart
    multiplies both only to show the size of each step.

    Args:
        start: the setup before any lever (default: :func:`baseline_setup`).
        levers: the levers in order (default: :func:`default_levers`).

    Returns:
        One :class:`WaterfallStep` per lever.

    Raises:
        ValueError: for a lever that names an unknown field or sets an invalid value.
    """
    setup = baseline_setup() if start is None else start
    if not isinstance(setup, ServingSetup):
        raise ValueError(f"start must be a ServingSetup, not {type(setup).__name__}")
    chosen = default_levers() if levers is None else list(levers)
    allowed = set(ServingSetup.__dataclass_fields__) - {"label"}
    steps = []
    for lever in chosen:
        if not isinstance(lever, Lever):
            raise ValueError(f"levers must be Lever objects, not {type(lever).__name__}")
        unknown = set(lever.changes) - allowed
        if unknown:
            raise ValueError(
                f"lever {lever.name!r} changes unknown field(s) {sorted(unknown)}; known: {sorted(allowed)}"
            )
        before = setup.price_usd_per_million()
        setup = replace(setup, label=lever.name, **lever.changes)
        steps.append(WaterfallStep(lever.name, lever.why, before, setup.price_usd_per_million(), setup))
    return steps


# --------------------------------------------------------------------------------------
# Jevons: cheaper tokens, more spending?
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElasticityResult:
    """What a price change does to tokens bought and money spent, at constant elasticity."""

    price_factor: float  #: new price ÷ old price (0.1 = ten times cheaper)
    elasticity: float  #: % more tokens bought per % lower price
    quantity_factor: float  #: new tokens ÷ old tokens = price_factor ** (−elasticity)
    spend_factor: float  #: new spend ÷ old spend = price_factor ** (1 − elasticity)


def spend_under_elasticity(price_factor: float, elasticity: float) -> ElasticityResult:
    """Total spending on tokens after a price change, with constant-elasticity demand.

    Demand ``Q ∝ P^(−ε)``. Spending is ``P·Q ∝ P^(1−ε)``: with ε > 1 a cheaper token makes
    total spending *grow* (the Jevons effect); with ε < 1 spending falls; ε = 1 leaves it
    unchanged.

    Args:
        price_factor: new price ÷ old price, > 0 (0.1 = ten times cheaper).
        elasticity: price elasticity of demand as a positive number, ≥ 0.

    Raises:
        ValueError: for a non-positive price factor or a negative or non-finite elasticity.
    """
    f = _positive("price_factor", price_factor)
    e = _non_negative("elasticity", elasticity)
    return ElasticityResult(f, e, f ** (-e), f ** (1.0 - e))


def net_decline_per_year(price_decline_per_year: float, tokens_growth_per_year: float) -> float:
    """How many times cheaper a *task* gets each year when its price per token falls and the
    tokens it takes rise.

    ``price_decline_per_year ÷ tokens_growth_per_year``: tokens 10x cheaper a year, with
    answers 5x longer a year, is a task 2x cheaper a year. Below 1, the task gets dearer.

    Args:
        price_decline_per_year: times cheaper per token each year, > 0.
        tokens_growth_per_year: times more tokens per task each year, > 0.

    Raises:
        ValueError: for a factor that is not a positive finite number.
    """
    return _positive("price_decline_per_year", price_decline_per_year) / _positive(
        "tokens_growth_per_year", tokens_growth_per_year
    )


def years_of_decline_offset(token_multiple: float, price_decline_per_year: float) -> float:
    """Years of price decline that ``token_multiple`` times more tokens per task cancel.

    ``ln(token_multiple) / ln(price_decline_per_year)``: at 10x cheaper a year, a task that
    takes 10x the tokens costs what it did a year earlier.

    Raises:
        ValueError: for a multiple below 1 or a decline that is not above 1 (a price that is
            not falling offsets nothing), or a value that is not a finite number.
    """
    m = _number("token_multiple", token_multiple)
    d = _number("price_decline_per_year", price_decline_per_year)
    if m < 1:
        raise ValueError(f"token_multiple is how many times more tokens a task takes, at least 1 (got {m})")
    if d <= 1:
        raise ValueError(f"price_decline_per_year must be above 1 (a falling price), got {d}")
    return math.log(m) / math.log(d)


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
