"""Lesson 5 — the token as a currency: what a token costs to make, and what it buys.

The seed article argues that the token is becoming the unit the AI economy counts in, the
way coal, the kilowatt-hour and internet traffic were for earlier ages, and that countries
able to make cheap, good tokens could become "token exporters" [ref:l5_seed_article].
This module turns that argument into numbers that can be checked:

* **production cost** — GPU-hours, throughput and utilisation → US dollars per million
  tokens (:func:`~token_economics.costs.gpu_cost_per_million_tokens`), and a full breakdown of owning the
  hardware (capital, networking, electricity, facility overhead, margin) in
  :class:`CostBreakdown`;
* **input vs output** — what each kind of token costs to make, from the throughput of its
  own phase (prefill, decode) and the share of cached input (:func:`input_output_cost`),
  beside the average list price of cached and computed input (:func:`cached_input_price`);
* **tokens as a unit of account** — a :class:`PriceBook` of list prices, the
  :func:`exchange_rate` between two models (how many tokens of B one token of A buys),
  the same rate per point of benchmark score above chance
  (:func:`quality_adjusted_exchange_rate`), what a monthly budget buys (:func:`budget`), and
  what it buys of an agent run counted in each model's own tokens (:func:`run_tokenizer`,
  :func:`agent_run_budget`); an uptime promise in hours (:func:`downtime_hours`,
  :func:`availability`);
* **token exporters** — electricity price, PUE and grid carbon by country → cost and
  carbon per million tokens, ranked (:func:`token_exporters`), and the GPU price at which
  electricity would stop being a small share of the cost
  (:func:`gpu_hour_price_for_electricity_share`);
* **commoditisation** — the spread of one model's price across its sellers
  (:func:`seller_spread`), and of prices among models above a score, year by year, from
  lesson 4's price history (:func:`price_spread_by_year`, :func:`score_coverage`);
* **units of past ages** — coal, kilowatt-hours and traffic beside the token, with cited
  world-scale numbers (:func:`units_of_ages`).

Units are in the names: ``usd_per_million`` is US dollars per million tokens,
``joules_per_token`` is energy per generated token, ``gco2_per_million`` is grams of CO2
equivalent per million tokens. Every constant names its source key in
``data/references/lesson5.toml``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from token_economics.costs import (
    blended_price,
    carbon_g_per_million_tokens,
    electricity_cost_per_million_tokens,
    gpu_cost_per_million_tokens,
)
from token_economics import energy
from token_economics.data import load_csv
from token_economics.sources import (
    CLUSTER_INTERCONNECT_FRACTION,
    DEEPSEEK_CACHE_HIT_SHARE,
    DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
    DEEPSEEK_GPUS_PER_NODE,
    DEEPSEEK_H800_HOUR_USD,
    DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
    EPOCH_BLEND_INPUT_SHARE,
    EPOCH_PUE,
    EXAMPLE_GPU_HOUR_USD,
    GPU_LIFETIME_YEARS,
    H100_PURCHASE_USD,
    MMLU_ANSWER_CHOICES,
    US_INDUSTRIAL_USD_PER_KWH_2023,
    UPTIME_PUE_2024,
)
from token_economics.units import HOURS_PER_YEAR, TOKENS_PER_MILLION
from token_economics.units import fraction as _fraction
from token_economics.units import instance_of as _instance_of
from token_economics.units import non_negative as _non_negative
from token_economics.units import positive as _positive
from token_economics.units import pue as _pue
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "amortised_gpu_hour_usd",
    "electricity_share",
    "gpu_hour_price_for_electricity_share",
    "ProductionSetup",
    "CostBreakdown",
    "cost_breakdown",
    "rental_cost_per_million",
    "gpu_purchase_usd_for_electricity_share",
    "InputOutputCost",
    "input_output_cost",
    "cached_input_price",
    "PriceEntry",
    "PriceBook",
    "exchange_rate",
    "quality_adjusted_exchange_rate",
    "MMLU_CHANCE_SCORE",
    "chance_floor",
    "BudgetLine",
    "budget",
    "downtime_hours",
    "availability",
    "run_tokenizer",
    "RunLine",
    "agent_run_budget",
    "history_price_book",
    "current_price_book",
    "agent_run_tokens",
    "CountryElectricity",
    "electricity_prices",
    "ExporterRow",
    "token_exporters",
    "SellerSpread",
    "seller_spread",
    "SpreadRow",
    "price_spread_by_year",
    "ScoreCoverage",
    "score_coverage",
    "AgeUnit",
    "units_of_ages",
    "GpuPrice",
    "gpu_prices",
]


# --------------------------------------------------------------------------------------
# The worked example's measured anchor
# --------------------------------------------------------------------------------------

#: The ML.ENERGY measurement behind the worked example's defaults: Llama 3.1 70B Instruct on
#: 4×H100 at batch 128, from :func:`token_economics.energy.measured_points` (one home: the
#: data file ``data/lesson2/mlenergy_points.csv``).
_ANCHOR = next(
    p
    for p in energy.measured_points()
    if (p.model, p.gpu, p.n_gpus, p.batch_size) == ("Llama 3.1 70B Instruct", "H100", 4, 128)
)

# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# Production cost: formulas
# --------------------------------------------------------------------------------------


def amortised_gpu_hour_usd(
    purchase_usd: float,
    lifetime_years: float,
    utilization: float = 1.0,
    networking_fraction: float = 0.0,
) -> float:
    """Capital cost of one GPU per *busy* hour, when you buy it instead of renting.

    The purchase price (grossed up for cluster networking, which is ``networking_fraction``
    of the total hardware bill) is spread evenly over the lifetime; only the busy fraction of
    those hours makes tokens, so each busy hour carries ``1 / utilization`` of the bill.
    No interest or resale value is counted.

    Args:
        purchase_usd: price of one GPU (with its share of the server), USD.
        lifetime_years: years over which it is written off.
        utilization: fraction of hours in which it is busy, in (0, 1].
        networking_fraction: cluster networking as a fraction of total hardware cost, in [0, 1).

    Returns:
        USD per busy GPU-hour.

    Raises:
        ValueError: on a negative price, a non-positive lifetime, or fractions out of range.

    >>> round(amortised_gpu_hour_usd(33_750, 5), 3)
    0.77
    """
    purchase_usd = _non_negative("purchase_usd", purchase_usd)
    lifetime_years = _positive("lifetime_years", lifetime_years)
    utilization = _fraction("utilization", utilization)
    networking_fraction = _fraction("networking_fraction", networking_fraction, allow_zero=True, allow_one=False)
    hardware_usd = purchase_usd / (1.0 - networking_fraction)
    return hardware_usd / (lifetime_years * HOURS_PER_YEAR * utilization)


def electricity_share(electricity_usd: float, other_usd: float) -> float:
    """Electricity's share of a total made of electricity plus everything else (0–1).

    Raises:
        ValueError: if either part is negative or both are zero.
    """
    electricity_usd = _non_negative("electricity_usd", electricity_usd)
    other_usd = _non_negative("other_usd", other_usd)
    total = electricity_usd + other_usd
    if total == 0:
        raise ValueError("electricity_usd and other_usd are both zero: the share is undefined")
    return electricity_usd / total


def gpu_hour_price_for_electricity_share(
    share: float,
    joules_per_token: float,
    usd_per_kwh: float,
    pue: float,
    n_gpus: float,
    tokens_per_second: float,
    utilization: float = 1.0,
) -> float:
    """The all-in GPU-hour price at which electricity would be ``share`` of a token's cost.

    Today the GPU dominates; this answers "how cheap would GPU time have to get before
    electricity mattered?". With electricity cost E per million tokens, the GPU part G must
    satisfy ``E / (E + G) = share``, so ``G = E · (1 − share) / share``, turned back into a
    price per GPU-hour.

    Args:
        share: target electricity share of the cost, in (0, 1).
        joules_per_token: energy per token, J.
        usd_per_kwh: electricity price, USD per kWh.
        pue: power usage effectiveness, at least 1.0.
        n_gpus: GPUs serving the model together.
        tokens_per_second: server throughput while busy.
        utilization: busy fraction of paid hours, in (0, 1].

    Returns:
        USD per GPU-hour.

    Raises:
        ValueError: on inputs out of range (including a share of exactly 0 or 1).
    """
    share = _fraction("share", share, allow_one=False)
    energy_usd = electricity_cost_per_million_tokens(joules_per_token, usd_per_kwh, pue)
    gpu_usd_per_million = energy_usd * (1.0 - share) / share
    per_gpu_hour_at_one_dollar = gpu_cost_per_million_tokens(1.0, n_gpus, tokens_per_second, utilization)
    return gpu_usd_per_million / per_gpu_hour_at_one_dollar


# --------------------------------------------------------------------------------------
# Production cost: the whole picture
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductionSetup:
    """Everything that goes into the cost of a token, with cited defaults.

    The defaults describe the course's worked example: Llama-3.1-70B served on four H100s as
    measured by ML.ENERGY, bought at the cited server price and written off over five years,
    in a data centre with Epoch AI's PUE paying the average US industrial electricity price.

    Attributes:
        n_gpus: GPUs serving the model together. Source: [ref:mlenergy_benchmark_v3_data]
        tokens_per_second: server throughput while busy, tokens/s. Source: [ref:mlenergy_benchmark_v3_data]
        joules_per_token: GPU energy per token, J. Source: [ref:mlenergy_benchmark_v3_data]
        utilization: busy fraction of hours, (0, 1]. Default 1.0: the cheapest case, a floor.
        gpu_purchase_usd: price per GPU incl. its server share, USD. Source: [ref:l5_epoch_hardware_prices]
        lifetime_years: write-off period, years. Source: [ref:l5_amazon_10k_2024]
        networking_fraction: cluster networking share of hardware cost. Source: [ref:l5_epoch_training_cost]
        pue: power usage effectiveness, >= 1. Source: [ref:epoch2025energy]
        usd_per_kwh: electricity price, USD/kWh. Source: [ref:l5_eia_industrial_2023]
        margin: seller's markup on cost as a fraction (0.25 = +25 %). Default 0: no markup is
            assumed, so the result is a floor under any price.
    """

    n_gpus: float = _ANCHOR.n_gpus
    tokens_per_second: float = _ANCHOR.tokens_per_second
    joules_per_token: float = _ANCHOR.joules_per_token
    utilization: float = 1.0
    gpu_purchase_usd: float = H100_PURCHASE_USD.value
    lifetime_years: float = GPU_LIFETIME_YEARS.value
    networking_fraction: float = CLUSTER_INTERCONNECT_FRACTION.value
    pue: float = EPOCH_PUE.value
    usd_per_kwh: float = US_INDUSTRIAL_USD_PER_KWH_2023.value
    margin: float = 0.0

    def __post_init__(self) -> None:
        _positive("n_gpus", self.n_gpus)
        _positive("tokens_per_second", self.tokens_per_second)
        _non_negative("joules_per_token", self.joules_per_token)
        _fraction("utilization", self.utilization)
        _non_negative("gpu_purchase_usd", self.gpu_purchase_usd)
        _positive("lifetime_years", self.lifetime_years)
        _fraction("networking_fraction", self.networking_fraction, allow_zero=True, allow_one=False)
        _pue(self.pue)
        _non_negative("usd_per_kwh", self.usd_per_kwh)
        _non_negative("margin", self.margin)


@dataclass(frozen=True)
class CostBreakdown:
    """The cost of one million tokens, split by what it pays for (all USD per million tokens).

    Attributes:
        gpu_capital_usd_per_million: the GPUs (with their server share), written off.
        networking_usd_per_million: cluster networking bought with them.
        it_electricity_usd_per_million: electricity drawn by the GPUs while making the tokens.
        facility_electricity_usd_per_million: the extra the building draws on top (PUE − 1).
        margin_usd_per_million: the seller's markup on all of the above.
    """

    gpu_capital_usd_per_million: float
    networking_usd_per_million: float
    it_electricity_usd_per_million: float
    facility_electricity_usd_per_million: float
    margin_usd_per_million: float = 0.0

    @property
    def electricity_usd_per_million(self) -> float:
        """IT plus facility electricity, USD per million tokens."""
        return self.it_electricity_usd_per_million + self.facility_electricity_usd_per_million

    @property
    def cost_usd_per_million(self) -> float:
        """Cost before margin, USD per million tokens."""
        return self.gpu_capital_usd_per_million + self.networking_usd_per_million + self.electricity_usd_per_million

    @property
    def price_floor_usd_per_million(self) -> float:
        """Cost plus margin: the lowest price at which the seller covers its costs and markup."""
        return self.cost_usd_per_million + self.margin_usd_per_million

    @property
    def electricity_share(self) -> float:
        """Electricity's share of the cost before margin (0–1)."""
        return electricity_share(
            self.electricity_usd_per_million,
            self.gpu_capital_usd_per_million + self.networking_usd_per_million,
        )

    def components(self) -> dict[str, float]:
        """The parts in display order, label → USD per million tokens."""
        return {
            "GPU capital": self.gpu_capital_usd_per_million,
            "Cluster networking": self.networking_usd_per_million,
            "Electricity (GPUs)": self.it_electricity_usd_per_million,
            "Electricity (building overhead)": self.facility_electricity_usd_per_million,
            "Margin": self.margin_usd_per_million,
        }


def _setup(setup: object) -> ProductionSetup:
    """The production setup a function was given (None: the course's worked example)."""
    if setup is None:
        return ProductionSetup()
    return _instance_of("setup", setup, ProductionSetup, "a ProductionSetup")


def cost_breakdown(setup: ProductionSetup | None = None) -> CostBreakdown:
    """Cost of a million tokens for an operator who owns the hardware.

    Capital and networking come from :func:`amortised_gpu_hour_usd` and
    :func:`~token_economics.costs.gpu_cost_per_million_tokens`; electricity from
    :func:`~token_economics.costs.electricity_cost_per_million_tokens`, split into the GPUs' own draw and the
    building's overhead (PUE − 1). Margin is applied on the total cost.

    Args:
        setup: the inputs; the cited defaults of :class:`ProductionSetup` if omitted.

    Returns:
        A :class:`CostBreakdown`.
    """
    s = _setup(setup)
    gpu_hour = amortised_gpu_hour_usd(s.gpu_purchase_usd, s.lifetime_years, s.utilization)
    all_hardware_hour = amortised_gpu_hour_usd(
        s.gpu_purchase_usd, s.lifetime_years, s.utilization, s.networking_fraction
    )
    # amortised_gpu_hour_usd already divides by utilisation, so throughput is taken at 100 %.
    capital = gpu_cost_per_million_tokens(gpu_hour, s.n_gpus, s.tokens_per_second)
    networking = gpu_cost_per_million_tokens(all_hardware_hour - gpu_hour, s.n_gpus, s.tokens_per_second)
    it_energy = electricity_cost_per_million_tokens(s.joules_per_token, s.usd_per_kwh, 1.0)
    facility_energy = electricity_cost_per_million_tokens(s.joules_per_token, s.usd_per_kwh, s.pue) - it_energy
    subtotal = capital + networking + it_energy + facility_energy
    return CostBreakdown(
        gpu_capital_usd_per_million=capital,
        networking_usd_per_million=networking,
        it_electricity_usd_per_million=it_energy,
        facility_electricity_usd_per_million=facility_energy,
        margin_usd_per_million=subtotal * s.margin,
    )


def rental_cost_per_million(
    gpu_hour_usd: float = EXAMPLE_GPU_HOUR_USD.value, setup: ProductionSetup | None = None
) -> float:
    """Cost of a million tokens when the GPUs are rented (electricity is inside the rent).

    Args:
        gpu_hour_usd: rental price per GPU-hour, USD.
        setup: the serving setup (GPUs, throughput, utilisation); cited defaults if omitted.

    Returns:
        USD per million tokens.
    """
    s = _setup(setup)
    return gpu_cost_per_million_tokens(gpu_hour_usd, s.n_gpus, s.tokens_per_second, s.utilization)


def gpu_purchase_usd_for_electricity_share(share: float, setup: ProductionSetup | None = None) -> float:
    """The GPU purchase price at which electricity would be ``share`` of an owner's cost.

    Args:
        share: target electricity share, in (0, 1).
        setup: the other inputs; cited defaults if omitted.

    Returns:
        USD per GPU (with its server share).

    Raises:
        ValueError: if ``share`` is not strictly between 0 and 1.
    """
    share = _fraction("share", share, allow_one=False)
    s = _setup(setup)
    at_one_dollar = cost_breakdown(dataclasses.replace(s, gpu_purchase_usd=1.0, margin=0.0))
    per_dollar = at_one_dollar.gpu_capital_usd_per_million + at_one_dollar.networking_usd_per_million
    energy = at_one_dollar.electricity_usd_per_million
    return energy * (1.0 - share) / share / per_dollar


# --------------------------------------------------------------------------------------
# Input vs output: each kind of token costs what its own phase costs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputOutputCost:
    """GPU cost of input and of output tokens, each made in its own phase (USD per million tokens).

    A server reads a prompt in one pass (*prefill*: every prompt token goes through the model
    at once, so the GPUs' arithmetic is well used) and then writes the answer one token per
    step (*decode*: each step reads all the weights and the cached attention keys and values
    for a single new token per request). So an input token is cheaper to make than an output
    token, and a prompt served from a cache of earlier requests is cheaper still: it is read
    back, not computed.

    Attributes:
        input_usd_per_million: per input token, averaged over all of them, cache hits included
            (the prefill throughput counts them).
        computed_input_usd_per_million: per input token the GPUs actually computed (a cache
            miss): the same GPU time shared by fewer tokens.
        output_usd_per_million: per output token (decode).
        cache_hit_share: share of input tokens served from the cache (0–1).
    """

    input_usd_per_million: float
    computed_input_usd_per_million: float
    output_usd_per_million: float
    cache_hit_share: float

    @property
    def output_over_computed_input(self) -> float:
        """How many times dearer an output token is to make than a computed input token."""
        return self.output_usd_per_million / self.computed_input_usd_per_million


def input_output_cost(
    gpu_hour_usd: float = DEEPSEEK_H800_HOUR_USD.value,
    n_gpus: float = DEEPSEEK_GPUS_PER_NODE.value,
    prefill_tokens_per_second: float = DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value,
    decode_tokens_per_second: float = DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value,
    cache_hit_share: float = DEEPSEEK_CACHE_HIT_SHARE.value,
    utilization: float = 1.0,
) -> InputOutputCost:
    """GPU cost of an input and of an output token, from the throughput of each phase.

    Each phase is priced with :func:`~token_economics.costs.gpu_cost_per_million_tokens`: the
    GPUs' hourly bill divided by the tokens that phase makes in an hour. The defaults are the
    one day of DeepSeek's V3/R1 service that DeepSeek published [ref:deepseek_inference_2025]:
    nodes of 8 H800s reading about 73.7k input tokens a second during prefill (cache hits
    included, 56.3% of them) or writing about 14.8k output tokens a second during decode, at
    the $2 per GPU-hour DeepSeek assumes. With them an input token costs about $0.06 per million
    on average ($0.14 per million computed ones) and an output token about $0.30 per million.

    Args:
        gpu_hour_usd: price of one GPU-hour, USD.
        n_gpus: GPUs that share the throughputs below (one node).
        prefill_tokens_per_second: input tokens read per second in prefill, cache hits included.
        decode_tokens_per_second: output tokens written per second in decode.
        cache_hit_share: share of input tokens that were cache hits, in [0, 1).
        utilization: busy fraction of the paid hours, in (0, 1].

    Returns:
        An :class:`InputOutputCost`.

    Raises:
        ValueError: for a negative price, non-positive GPUs or throughputs, a cache-hit share
            outside [0, 1) or a utilization outside (0, 1].
    """
    hit = _fraction("cache_hit_share", cache_hit_share, allow_zero=True, allow_one=False)
    prefill = _positive("prefill_tokens_per_second", prefill_tokens_per_second)
    return InputOutputCost(
        input_usd_per_million=gpu_cost_per_million_tokens(gpu_hour_usd, n_gpus, prefill, utilization),
        computed_input_usd_per_million=gpu_cost_per_million_tokens(
            gpu_hour_usd, n_gpus, prefill * (1.0 - hit), utilization
        ),
        output_usd_per_million=gpu_cost_per_million_tokens(gpu_hour_usd, n_gpus, decode_tokens_per_second, utilization),
        cache_hit_share=hit,
    )


def cached_input_price(
    usd_per_million_cache_miss: float, usd_per_million_cache_hit: float, cache_hit_share: float
) -> float:
    """The average list price of an input token when a share of them are cache hits.

    ``share · hit price + (1 − share) · miss price``: what a seller charges per input token on
    average, to compare with :attr:`InputOutputCost.input_usd_per_million`, which averages
    the cost the same way.

    Args:
        usd_per_million_cache_miss: price of an input token that is computed, USD per million.
        usd_per_million_cache_hit: price of an input token read from the cache, USD per million.
        cache_hit_share: share of input tokens that hit the cache, from 0 to 1.

    Returns:
        USD per million input tokens.

    Raises:
        ValueError: for a negative price or a share outside [0, 1].
    """
    miss = _non_negative("usd_per_million_cache_miss", usd_per_million_cache_miss)
    hit = _non_negative("usd_per_million_cache_hit", usd_per_million_cache_hit)
    s = _fraction("cache_hit_share", cache_hit_share, allow_zero=True)
    return s * hit + (1.0 - s) * miss


# --------------------------------------------------------------------------------------
# Tokens as a unit of account: price book, exchange rates, budgets
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceEntry:
    """A model's list price at one date, with benchmark scores where known.

    Attributes:
        model: model name as the price book knows it.
        usd_per_million_input: price of input tokens, USD per million.
        usd_per_million_output: price of output tokens, USD per million.
        provider: who sells it at this price.
        date: ISO date the price applies from (or the snapshot date).
        scores: benchmark scores by name, e.g. ``{"mmlu": 86.0}`` (percent).
        source: where the price comes from (lesson 4 history or genai-prices snapshot).
    """

    model: str
    usd_per_million_input: float
    usd_per_million_output: float
    provider: str = ""
    date: str = ""
    scores: Mapping[str, float] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model.strip():
            raise ValueError(f"model must be a non-empty name, got {self.model!r}")
        _non_negative("usd_per_million_input", self.usd_per_million_input)
        _non_negative("usd_per_million_output", self.usd_per_million_output)
        for name, score in self.scores.items():
            _non_negative(f"score {name!r}", score)

    def blended_usd_per_million(self, input_share: float = EPOCH_BLEND_INPUT_SHARE.value) -> float:
        """Blended price, USD per million tokens (see :func:`token_economics.costs.blended_price`)."""
        return blended_price(self.usd_per_million_input, self.usd_per_million_output, input_share)

    def usd_for(self, input_tokens: float, output_tokens: float) -> float:
        """Price of a request with this many input and output tokens, USD."""
        input_tokens = _non_negative("input_tokens", input_tokens)
        output_tokens = _non_negative("output_tokens", output_tokens)
        return (
            input_tokens * self.usd_per_million_input + output_tokens * self.usd_per_million_output
        ) / TOKENS_PER_MILLION


class PriceBook:
    """A set of model prices to convert between: one :class:`PriceEntry` per model.

    Build one from lesson 4's dated history (:func:`history_price_book`), from today's
    prices in genai-prices (:func:`current_price_book`), or from your own entries.
    """

    def __init__(self, entries: Iterable[PriceEntry]):
        self._entries: dict[str, PriceEntry] = {}
        for entry in entries:
            if not isinstance(entry, PriceEntry):
                raise ValueError(f"a PriceBook holds PriceEntry objects, got {entry!r}")
            if entry.model in self._entries:
                raise ValueError(f"model {entry.model!r} appears twice in the price book")
            self._entries[entry.model] = entry
        if not self._entries:
            raise ValueError("a PriceBook needs at least one price")

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[PriceEntry]:
        return iter(self._entries.values())

    def __contains__(self, model: object) -> bool:
        return model in self._entries

    def models(self) -> list[str]:
        """Model names, in the order they were added."""
        return list(self._entries)

    def get(self, model: str) -> PriceEntry:
        """The entry for ``model``.

        Raises:
            ValueError: if the model is not in the book (the message lists those that are).
        """
        if model not in self._entries:
            raise ValueError(f"no price for model {model!r}; the price book has: {', '.join(self._entries)}")
        return self._entries[model]

    def __repr__(self) -> str:
        return f"PriceBook({len(self)} models)"


def _book(book: object) -> PriceBook:
    """The price book a function was given (None: Lesson 4's history, latest prices)."""
    if book is None:
        return history_price_book()
    return _instance_of("book", book, PriceBook, "a PriceBook")


def exchange_rate(
    model_a: str, model_b: str, book: PriceBook | None = None, input_share: float = EPOCH_BLEND_INPUT_SHARE.value
) -> float:
    """How many tokens of model B one token of model A is worth, at list prices.

    The ratio of blended prices: if A costs 10 USD per million and B 0.5, one token of A
    buys 20 tokens of B. This treats a token as a token; see
    :func:`quality_adjusted_exchange_rate` for the same rate per point of benchmark score.

    Args:
        model_a: the model you are converting from.
        model_b: the model you are converting to.
        book: prices to use; :func:`history_price_book` if omitted.
        input_share: input share of the blended price (0.75 = 3:1).

    Returns:
        Tokens of B per token of A.

    Raises:
        ValueError: if a model is unknown or B's price is zero.
    """
    book = _book(book)
    price_a = book.get(model_a).blended_usd_per_million(input_share)
    price_b = book.get(model_b).blended_usd_per_million(input_share)
    if price_b == 0:
        raise ValueError(f"model {model_b!r} has a price of zero: no exchange rate into it")
    return price_a / price_b


def chance_floor(answer_choices: int) -> float:
    """The score (percent) that picking answers at random gets on a multiple-choice benchmark.

    Args:
        answer_choices: choices per question (MMLU has 4: 25%).

    Raises:
        ValueError: for fewer than two choices.
    """
    n = _positive("answer_choices", answer_choices)
    if n < 2 or n != int(n):
        raise ValueError(f"answer_choices must be a whole number of at least 2, got {answer_choices!r}")
    return 100.0 / n


#: MMLU's floor: four answers per question, so guessing scores 25% [ref:l4_mmlu_hendrycks].
MMLU_CHANCE_SCORE: float = chance_floor(int(MMLU_ANSWER_CHOICES.value))


def quality_adjusted_exchange_rate(
    model_a: str,
    model_b: str,
    book: PriceBook | None = None,
    benchmark: str = "mmlu",
    input_share: float = EPOCH_BLEND_INPUT_SHARE.value,
    chance_score: float = 0.0,
) -> float:
    """The exchange rate per point of benchmark score above chance.

    ``(price_A / (score_A − chance)) / (price_B / (score_B − chance))``. A model that costs ten
    times more but scores only a little higher is still nearly ten times dearer per point of
    quality. A rate above 1 means A's quality costs more than B's.

    On a multiple-choice benchmark random guessing already earns points (25% on MMLU's
    four-choice questions: :data:`MMLU_CHANCE_SCORE`); only the points above that floor measure
    what a model knows, so pass ``chance_score`` to count those, as the lesson's page and its
    exercise 2 do. The default 0 divides by the raw score, for a benchmark without a guessing
    floor.

    Args:
        model_a: the model you are converting from.
        model_b: the model you are converting to.
        book: prices with scores; :func:`history_price_book` if omitted.
        benchmark: which score to use (a key of :attr:`PriceEntry.scores`, e.g. ``"mmlu"``).
        input_share: input share of the blended price.
        chance_score: the score (percent) random guessing gets, subtracted from each score.

    Returns:
        Dimensionless ratio of price per score point (above chance).

    Raises:
        ValueError: if a model is unknown, lacks the score, or does not score above chance.
    """
    book = _book(book)
    floor = _non_negative("chance_score", chance_score)
    per_point = []
    for model in (model_a, model_b):
        entry = book.get(model)
        score = entry.scores.get(benchmark)
        if score is None:
            known = [m.model for m in book if benchmark in m.scores]
            raise ValueError(
                f"model {model!r} has no {benchmark!r} score; models with one: {', '.join(known) or 'none'}"
            )
        if score <= floor:
            raise ValueError(
                f"model {model!r} scores {score} on {benchmark!r}, not above the chance score {floor:g}: "
                "price per point is undefined"
            )
        per_point.append(entry.blended_usd_per_million(input_share) / (score - floor))
    if per_point[1] == 0:
        raise ValueError(f"model {model_b!r} has a price of zero: no exchange rate into it")
    return per_point[0] / per_point[1]


@dataclass(frozen=True)
class BudgetLine:
    """What a monthly budget buys with one model.

    Attributes:
        model: model name.
        blended_usd_per_million: blended price used for the token count, USD per million.
        tokens: tokens the budget buys at the blended price.
        usd_per_task: price of one task (its input and output tokens), USD.
        tasks: tasks the budget pays for.
        usd_per_agent_run: price of one agent run, USD (NaN if no run was given).
        agent_runs: agent runs the budget pays for (NaN if no run was given).
    """

    model: str
    blended_usd_per_million: float
    tokens: float
    usd_per_task: float
    tasks: float
    usd_per_agent_run: float
    agent_runs: float


def budget(
    monthly_usd: float,
    book: PriceBook | None = None,
    models: Sequence[str] | None = None,
    input_tokens_per_task: float = 1_000,
    output_tokens_per_task: float = 500,
    agent_run_input_tokens: float | None = None,
    agent_run_output_tokens: float | None = None,
    input_share: float = EPOCH_BLEND_INPUT_SHARE.value,
) -> list[BudgetLine]:
    """What ``monthly_usd`` buys with each model: tokens, tasks and agent runs.

    The token count uses the blended price; tasks and agent runs use their own input and
    output token counts (an agent run's tokens can come from lesson 3's simulator, see
    :func:`agent_run_tokens`). Lines are sorted by tasks bought, most first.

    Args:
        monthly_usd: the budget, USD per month.
        book: prices; :func:`history_price_book` if omitted.
        models: which models; every model in the book if omitted.
        input_tokens_per_task: input tokens of one task (count them with lesson 1's
            :func:`token_economics.tokens.count_tokens`).
        output_tokens_per_task: output tokens of one task.
        agent_run_input_tokens: input tokens of one whole agent run (all its calls).
        agent_run_output_tokens: output tokens of one whole agent run.
        input_share: input share of the blended price.

    Returns:
        One :class:`BudgetLine` per model.

    Raises:
        ValueError: on a negative budget or token count, an unknown model, or only one of
            the two agent-run counts.
    """
    monthly_usd = _non_negative("monthly_usd", monthly_usd)
    book = _book(book)
    names = list(models) if models is not None else book.models()
    if not names:
        raise ValueError("models is empty: name at least one model")
    if (agent_run_input_tokens is None) != (agent_run_output_tokens is None):
        raise ValueError("give both agent_run_input_tokens and agent_run_output_tokens, or neither")
    lines = []
    for name in names:
        entry = book.get(name)
        blended = entry.blended_usd_per_million(input_share)
        usd_task = entry.usd_for(input_tokens_per_task, output_tokens_per_task)
        if agent_run_input_tokens is not None:
            usd_run = entry.usd_for(agent_run_input_tokens, agent_run_output_tokens)  # type: ignore[arg-type]
            runs = monthly_usd / usd_run if usd_run > 0 else math.inf
        else:
            usd_run = runs = math.nan
        lines.append(
            BudgetLine(
                model=name,
                blended_usd_per_million=blended,
                tokens=monthly_usd / blended * TOKENS_PER_MILLION if blended > 0 else math.inf,
                usd_per_task=usd_task,
                tasks=monthly_usd / usd_task if usd_task > 0 else math.inf,
                usd_per_agent_run=usd_run,
                agent_runs=runs,
            )
        )
    return sorted(lines, key=lambda line: -line.tasks)


def downtime_hours(uptime: float, period_hours: float = HOURS_PER_YEAR) -> float:
    """Hours of a period a service may be down and still meet an uptime promise.

    Args:
        uptime: promised share of the time the service works, in (0, 1] (0.999 = "three nines").
        period_hours: length of the period, hours (a year by default).

    Returns:
        Hours of allowed downtime.

    Raises:
        ValueError: for an uptime outside (0, 1] or a non-positive period.
    """
    up = _fraction("uptime", uptime)
    return (1.0 - up) * _positive("period_hours", period_hours)


def availability(outage_hours: float, period_hours: float = HOURS_PER_YEAR) -> float:
    """The share of a period a supply worked, from the hours it was out (0–1).

    Args:
        outage_hours: hours without supply in the period, ≥ 0.
        period_hours: length of the period, hours (a year by default).

    Raises:
        ValueError: for negative hours, a non-positive period or more outage than period.
    """
    out = _non_negative("outage_hours", outage_hours)
    period = _positive("period_hours", period_hours)
    if out > period:
        raise ValueError(f"outage_hours ({out:g}) cannot exceed period_hours ({period:g})")
    return 1.0 - out / period


#: Lesson 1 tokenizers that count a model family's tokens: (model-name prefix, tokenizer, whether
#: it is that family's own tokenizer). OpenAI's o200k_base is GPT-4o's, GPT-4.1's, the o-series'
#: and GPT-5's; DeepSeek-V3's tokenizer is V3's and R1's (the API's deepseek-chat and
#: deepseek-reasoner until DeepSeek-V4), a stand-in for later DeepSeek models.
_RUN_TOKENIZERS: tuple[tuple[str, str, bool], ...] = (
    ("gpt-5", "o200k_base", True),
    ("gpt-4.1", "o200k_base", True),
    ("gpt-4o", "o200k_base", True),
    ("o1", "o200k_base", True),
    ("o3", "o200k_base", True),
    ("o4", "o200k_base", True),
    ("deepseek-v3", "deepseek-v3", True),
    ("deepseek-r1", "deepseek-v3", True),
    ("deepseek-chat", "deepseek-v3", True),
    ("deepseek-reasoner", "deepseek-v3", True),
    ("deepseek", "deepseek-v3", False),
    ("qwen3.6", "qwen3.6", True),
    ("qwen3.5", "qwen3.6", True),
    ("qwen", "qwen2.5", False),
)

#: The stand-in for models whose tokenizer the course cannot load offline (Claude's is not
#: public; Gemini's is not shipped).
_STAND_IN_TOKENIZER = "o200k_base"


def run_tokenizer(model: str) -> tuple[str, bool]:
    """Which of lesson 1's tokenizers counts ``model``'s tokens, and whether it is the model's own.

    The same text is a different number of tokens for each tokenizer (lesson 1), so an agent
    run is counted with the model's own tokenizer where the course ships it. Where it does not
    (Claude, Gemini, newer DeepSeek models) the closest available one stands in, and the second
    value says so.

    Args:
        model: a model id as genai-prices knows it (``"gpt-5-mini"``, ``"deepseek-v4-flash"``).

    Returns:
        ``(tokenizer name for token_economics.tokens, True if it is the model's own)``.

    Raises:
        ValueError: for an empty model name.
    """
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"model must be a non-empty model id, got {model!r}")
    name = model.strip().lower()
    for prefix, tokenizer, own in _RUN_TOKENIZERS:
        if name.startswith(prefix):
            return tokenizer, own
    return _STAND_IN_TOKENIZER, False


@dataclass(frozen=True)
class RunLine:
    """What a monthly budget buys of one agent run, counted in one model's own tokens.

    Attributes:
        model: model name.
        input_tokens: input tokens of one run (every call's re-sent context), in this model's tokens.
        output_tokens: output tokens of one run (answers, tool calls and reasoning), in this model's tokens.
        usd_per_run: price of one run, USD.
        runs: runs the budget pays for.
        input_share_of_bill: share of the run's price paid for input tokens (0–1).
        blended_usd_per_million: the model's blended price (for comparison), USD per million.
    """

    model: str
    input_tokens: float
    output_tokens: float
    usd_per_run: float
    runs: float
    input_share_of_bill: float
    blended_usd_per_million: float


def agent_run_budget(
    monthly_usd: float,
    book: PriceBook,
    runs: Mapping[str, tuple[float, float]],
    output_multiple: float = 1.0,
    input_share: float = EPOCH_BLEND_INPUT_SHARE.value,
) -> list[RunLine]:
    """What ``monthly_usd`` buys of one agent run with each model, counted in its own tokens.

    Unlike :func:`budget`, every model gets its own token counts (the same run tokenized by
    each model's tokenizer: :func:`run_tokenizer`, :func:`agent_run_tokens`), and
    ``output_multiple`` scales the output to model a reasoning model, which writes many more
    tokens for the same task (billed as output; the reasoning is not re-sent as input).

    Args:
        monthly_usd: the budget, USD per month.
        book: prices, one entry per model in ``runs``.
        runs: model → ``(input_tokens, output_tokens)`` of one run in that model's tokens.
        output_multiple: factor on every run's output tokens (1: as counted), > 0.
        input_share: input share of the blended price shown beside it.

    Returns:
        One :class:`RunLine` per model, most runs first.

    Raises:
        ValueError: for a negative budget or token count, an empty ``runs``, a model missing from
            the book, or a non-positive multiple.
    """
    monthly_usd = _non_negative("monthly_usd", monthly_usd)
    book = _instance_of("book", book, PriceBook, "a PriceBook")
    factor = _positive("output_multiple", output_multiple)
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must map at least one model to its (input_tokens, output_tokens)")
    lines = []
    for model, counts in runs.items():
        entry = book.get(model)
        if not isinstance(counts, tuple) or len(counts) != 2:
            raise ValueError(f"runs[{model!r}] must be (input_tokens, output_tokens), got {counts!r}")
        inp = _non_negative("input_tokens", counts[0])
        out = _non_negative("output_tokens", counts[1]) * factor
        usd_in = entry.usd_for(inp, 0)
        usd = usd_in + entry.usd_for(0, out)
        lines.append(
            RunLine(
                model=model,
                input_tokens=inp,
                output_tokens=out,
                usd_per_run=usd,
                runs=monthly_usd / usd if usd > 0 else math.inf,
                input_share_of_bill=usd_in / usd if usd > 0 else 0.0,
                blended_usd_per_million=entry.blended_usd_per_million(input_share),
            )
        )
    return sorted(lines, key=lambda line: -line.runs)


# --------------------------------------------------------------------------------------
# Price books from lesson 4 (history) and from genai-prices (today)
# --------------------------------------------------------------------------------------

_SCORE_FIELDS = ("mmlu", "gpqa")


def _field(row: Any, name: str, default: Any = None) -> Any:
    """A field of a lesson 4 history row: a :class:`~token_economics.prices.PriceRow`, or a row of
    ``price_history.csv`` read as a mapping (the same column names). Empty means ``default``."""
    value = row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)
    return default if value in (None, "") else value


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 7:  # YYYY-MM
            text += "-01"
        return date.fromisoformat(text[:10])
    raise ValueError(f"not a date: {value!r}")


def _history_rows() -> list[Any]:
    from token_economics import prices  # lesson 4

    return list(prices.price_history())


def _row_entry(row: Any) -> PriceEntry:
    scores = {}
    for name in _SCORE_FIELDS:
        value = _field(row, name)
        if value is not None:
            scores[name] = float(value)
    return PriceEntry(
        model=str(_field(row, "model")),
        usd_per_million_input=float(_field(row, "usd_per_million_input")),
        usd_per_million_output=float(_field(row, "usd_per_million_output")),
        provider=str(_field(row, "provider", default="")),
        date=_as_date(_field(row, "date")).isoformat(),
        scores=scores,
        source="lesson 4 price history",
    )


def history_price_book(as_of: str | date | None = None, rows: Iterable[Any] | None = None) -> PriceBook:
    """Prices from lesson 4's curated history: each model's latest price on or before ``as_of``.

    Args:
        as_of: ISO date (or :class:`datetime.date`); the latest price of each model if omitted.
        rows: history rows to use instead of :func:`token_economics.prices.price_history`.

    Returns:
        A :class:`PriceBook` whose entries carry MMLU/GPQA scores where lesson 4 has them.

    Raises:
        ValueError: if no model has a price by ``as_of``.
    """
    cutoff = _as_date(as_of) if as_of is not None else None
    latest: dict[str, PriceEntry] = {}
    for row in rows if rows is not None else _history_rows():
        entry = _row_entry(row)
        when = _as_date(entry.date)
        if cutoff is not None and when > cutoff:
            continue
        previous = latest.get(entry.model)
        if previous is None or _as_date(previous.date) <= when:
            latest[entry.model] = entry
    if not latest:
        raise ValueError(f"no model has a price on or before {as_of!r}")
    return PriceBook(sorted(latest.values(), key=lambda e: (e.date, e.model)))


def current_price_book(
    models: Sequence[str], provider: str | None = None, at: datetime | date | None = None
) -> PriceBook:
    """Today's list prices from the genai-prices snapshot (through lesson 4's ``market`` module).

    Args:
        models: model names as genai-prices knows them.
        provider: restrict to one provider (e.g. ``"openai"``).
        at: the moment whose prices to read; ``None`` means the course's pinned moment
            (:data:`token_economics.market.PRICES_AS_OF`).

    Returns:
        A :class:`PriceBook` (no benchmark scores: those come from lesson 4's history).

    Raises:
        ValueError: if a model is unknown to genai-prices.
    """
    from token_economics import market

    entries = []
    for name in models:
        price = market.current_price(name, provider=provider, at=at)
        entries.append(
            PriceEntry(
                model=name,
                usd_per_million_input=float(price.usd_per_million_input),
                usd_per_million_output=float(price.usd_per_million_output),
                provider=str(getattr(price, "provider", provider or "") or ""),
                date=str(getattr(price, "snapshot_date", "")),
                source="genai-prices snapshot",
            )
        )
    return PriceBook(entries)


def agent_run_tokens(spec: Any, steps: Iterable[Any], strategy: Any = None) -> tuple[int, int]:
    """Input and output tokens of one whole agent run, from lesson 3's simulator.

    Runs :func:`token_economics.agents.simulate` (no prompt caching) and adds up every call:
    the input it re-sends, and its output plus hidden reasoning (both billed as output).

    Args:
        spec: the agent's fixed prompt, a :class:`token_economics.agents.AgentSpec`.
        steps: the steps of the run (:class:`token_economics.agents.Step`).
        strategy: a context-management strategy of lesson 3 (none by default).

    Returns:
        ``(input_tokens, output_tokens)`` for the whole run, ready for :func:`budget`.
    """
    from token_economics import agents  # lesson 3

    total = agents.totals(agents.simulate(spec, steps, strategy))
    return total["input"], total["output"] + total["reasoning"]


# --------------------------------------------------------------------------------------
# Token exporters
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryElectricity:
    """One country's electricity price for large consumers, as shipped in
    ``data/lesson5/electricity_prices.csv``.

    Attributes:
        country_code: ISO 3166 alpha-3 code (``WOR`` for the world average), as in EcoLogits.
        country: country name.
        usd_per_kwh: price in USD per kWh.
        period: year or half-year the price is for.
        basis: what kind of price it is (they differ between sources).
        source_key: reference key of the source.
    """

    country_code: str
    country: str
    usd_per_kwh: float
    period: str
    basis: str
    source_key: str


@lru_cache(maxsize=1)
def electricity_prices() -> tuple[CountryElectricity, ...]:
    """The cited electricity prices by country (``data/lesson5/electricity_prices.csv``)."""
    return tuple(
        CountryElectricity(
            country_code=row["country_code"],
            country=row["country"],
            usd_per_kwh=float(row["usd_per_kwh"]),
            period=row["period"],
            basis=row["basis"],
            source_key=row["source_key"],
        )
        for row in load_csv("lesson5", "electricity_prices.csv")
    )


@dataclass(frozen=True)
class ExporterRow:
    """Cost and carbon of a million tokens made in one country.

    Attributes:
        country_code: ISO alpha-3 code.
        country: name.
        usd_per_kwh: electricity price used, USD/kWh.
        pue: power usage effectiveness used.
        grid_gco2_per_kwh: carbon intensity of the grid, gCO2e/kWh (EcoLogits).
        gpu_usd_per_million: hardware part of the cost (same in every country).
        electricity_usd_per_million: electricity part of the cost.
        total_usd_per_million: the two together.
        gco2_per_million: operational emissions, gCO2e per million tokens.
        electricity_share: electricity's share of the total (0–1).
        price_source_key: reference key of the electricity price.
    """

    country_code: str
    country: str
    usd_per_kwh: float
    pue: float
    grid_gco2_per_kwh: float
    gpu_usd_per_million: float
    electricity_usd_per_million: float
    total_usd_per_million: float
    gco2_per_million: float
    electricity_share: float
    price_source_key: str


def token_exporters(
    setup: ProductionSetup | None = None,
    pue: float | Mapping[str, float] = UPTIME_PUE_2024.value,
    rank_by: str = "cost",
    gpu_usd_per_million: float | None = None,
) -> list[ExporterRow]:
    """The seed article's "token exporters", as numbers: cost and carbon per million tokens by country.

    Hardware costs the same everywhere (GPUs sell at world prices), so countries differ only
    in electricity price and in how clean their grid is. The PUE is the industry average for
    every country unless you pass one per country code.

    Args:
        setup: serving setup and hardware inputs; cited defaults if omitted (its own ``pue``
            and ``usd_per_kwh`` are replaced by each country's).
        pue: one PUE for all countries, or a mapping country code → PUE (missing codes use
            :data:`token_economics.sources.UPTIME_PUE_2024`).
        rank_by: ``"cost"`` (cheapest first) or ``"carbon"`` (cleanest first).
        gpu_usd_per_million: hardware cost per million tokens to use instead of the owner's
            amortised cost in ``setup``.

    Returns:
        One :class:`ExporterRow` per country in ``data/lesson5/electricity_prices.csv``, ranked.

    Raises:
        ValueError: on an unknown ``rank_by`` or an out-of-range PUE.
    """
    if rank_by not in ("cost", "carbon"):
        raise ValueError(f"rank_by must be 'cost' or 'carbon', got {rank_by!r}")
    s = _setup(setup)
    if gpu_usd_per_million is None:
        hardware = cost_breakdown(s)
        gpu_part = hardware.gpu_capital_usd_per_million + hardware.networking_usd_per_million
    else:
        gpu_part = _non_negative("gpu_usd_per_million", gpu_usd_per_million)
    rows = []
    for country in electricity_prices():
        country_pue = pue.get(country.country_code, UPTIME_PUE_2024.value) if isinstance(pue, Mapping) else pue
        country_pue = _pue(country_pue)
        electricity = electricity_cost_per_million_tokens(s.joules_per_token, country.usd_per_kwh, country_pue)
        grid = energy.grid_intensity_g_per_kwh(country.country_code)
        rows.append(
            ExporterRow(
                country_code=country.country_code,
                country=country.country,
                usd_per_kwh=country.usd_per_kwh,
                pue=country_pue,
                grid_gco2_per_kwh=grid,
                gpu_usd_per_million=gpu_part,
                electricity_usd_per_million=electricity,
                total_usd_per_million=gpu_part + electricity,
                gco2_per_million=carbon_g_per_million_tokens(s.joules_per_token, grid, country_pue),
                electricity_share=electricity_share(electricity, gpu_part),
                price_source_key=country.source_key,
            )
        )
    key = (lambda r: r.total_usd_per_million) if rank_by == "cost" else (lambda r: r.gco2_per_million)
    return sorted(rows, key=key)


# --------------------------------------------------------------------------------------
# Commoditisation: price spread at equal capability
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SellerSpread:
    """The prices different sellers ask for the *same* model: the cleanest commodity test.

    Attributes:
        n_sellers: how many sellers were compared.
        low_usd_per_million: the cheapest seller's price, USD per million tokens.
        high_usd_per_million: the dearest seller's price, USD per million tokens.
        cheapest: the cheapest seller.
        dearest: the dearest seller.
    """

    n_sellers: int
    low_usd_per_million: float
    high_usd_per_million: float
    cheapest: str
    dearest: str

    @property
    def ratio(self) -> float:
        """Dearest ÷ cheapest (1.0 would be one price, as for a perfect commodity)."""
        return self.high_usd_per_million / self.low_usd_per_million


def seller_spread(prices: Mapping[str, float]) -> SellerSpread:
    """How far apart sellers of one model price it.

    Comparing different models mixes price with quality (benchmark scores differ even inside a
    band such as "MMLU ≥ 80"). One open-weight model sold by several providers holds quality
    fixed: if tokens were a commodity, its sellers would converge on one price. Compare like with
    like: pass input prices, or output prices, or one blend for every seller.

    Args:
        prices: seller → price of the same model, USD per million tokens (at least two sellers).

    Returns:
        A :class:`SellerSpread`.

    Raises:
        ValueError: for fewer than two sellers, or a price that is not positive.
    """
    if not isinstance(prices, Mapping) or len(prices) < 2:
        raise ValueError(f"prices must map at least two sellers to a price, got {prices!r}")
    checked = {str(seller): _positive(f"price of {seller!r}", price) for seller, price in prices.items()}
    cheapest = min(checked, key=checked.__getitem__)
    dearest = max(checked, key=checked.__getitem__)
    return SellerSpread(
        n_sellers=len(checked),
        low_usd_per_million=checked[cheapest],
        high_usd_per_million=checked[dearest],
        cheapest=cheapest,
        dearest=dearest,
    )


@dataclass(frozen=True)
class SpreadRow:
    """Prices of the models above a capability threshold at the end of one year.

    Attributes:
        year: calendar year (prices in effect on 31 December).
        n_models: models above the threshold with a price by then.
        min_usd_per_million: cheapest blended price among them.
        max_usd_per_million: dearest blended price among them.
        spread_ratio: max / min (1.0 means every such model costs the same).
        cheapest_model: the cheapest one.
        priciest_model: the dearest one.
        min_score: the lowest benchmark score among them (a band, not one quality level).
        max_score: the highest benchmark score among them.
    """

    year: int
    n_models: int
    min_usd_per_million: float
    max_usd_per_million: float
    spread_ratio: float
    cheapest_model: str
    priciest_model: str
    min_score: float = 0.0
    max_score: float = 0.0


def price_spread_by_year(
    threshold: float = 80.0,
    benchmark: str = "mmlu",
    input_share: float = EPOCH_BLEND_INPUT_SHARE.value,
    rows: Iterable[Any] | None = None,
    years: Sequence[int] | None = None,
    cohort: str = "set_in_year",
) -> list[SpreadRow]:
    """Is the price of equal capability converging? Max/min blended price per year.

    For each year, take the models whose ``benchmark`` score is at least ``threshold`` and
    report the cheapest, the dearest and their ratio. A commodity converging to one price
    would show the ratio falling toward 1; a falling minimum alone means cheaper, not more
    uniform. Two ways to choose the prices:

    * ``cohort="set_in_year"`` (default): prices announced during that year (a launch or a
      price change), each model at its last price set that year — what sellers asked for
      new tokens that year;
    * ``cohort="in_force"``: every model with a price by 31 December, at its latest price.
      The history records price cuts but not withdrawals, so old expensive models linger
      here and keep the maximum high.

    Args:
        threshold: minimum benchmark score (percent).
        benchmark: ``"mmlu"`` or ``"gpqa"``.
        input_share: input share of the blended price.
        rows: history rows to use instead of lesson 4's :func:`token_economics.prices.price_history`.
        years: years to report; every year with at least one qualifying model if omitted.
        cohort: ``"set_in_year"`` or ``"in_force"`` (see above).

    Returns:
        One :class:`SpreadRow` per year that has at least one qualifying model.

    Raises:
        ValueError: on a negative threshold, an unknown benchmark or an unknown cohort.
    """
    threshold = _non_negative("threshold", threshold)
    if benchmark not in _SCORE_FIELDS:
        raise ValueError(f"benchmark must be one of {', '.join(_SCORE_FIELDS)}, got {benchmark!r}")
    if cohort not in ("set_in_year", "in_force"):
        raise ValueError(f"cohort must be 'set_in_year' or 'in_force', got {cohort!r}")
    all_rows = list(rows) if rows is not None else _history_rows()
    entries = [_row_entry(r) for r in all_rows]
    if not entries:
        return []
    first = min(_as_date(e.date).year for e in entries)
    last = max(_as_date(e.date).year for e in entries)
    out = []
    for year in years if years is not None else range(first, last + 1):
        try:
            book = history_price_book(date(year, 12, 31), rows=all_rows)
        except ValueError:
            continue
        qualifying = [e for e in book if e.scores.get(benchmark, -1.0) >= threshold]
        if cohort == "set_in_year":
            qualifying = [e for e in qualifying if _as_date(e.date).year == year]
        if not qualifying:
            continue
        priced = sorted(qualifying, key=lambda e: e.blended_usd_per_million(input_share))
        low, high = priced[0], priced[-1]
        low_price = low.blended_usd_per_million(input_share)
        high_price = high.blended_usd_per_million(input_share)
        out.append(
            SpreadRow(
                year=year,
                n_models=len(priced),
                min_usd_per_million=low_price,
                max_usd_per_million=high_price,
                spread_ratio=high_price / low_price if low_price > 0 else math.inf,
                cheapest_model=low.model,
                priciest_model=high.model,
                min_score=min(e.scores[benchmark] for e in priced),
                max_score=max(e.scores[benchmark] for e in priced),
            )
        )
    return out


@dataclass(frozen=True)
class ScoreCoverage:
    """How far a benchmark's scores reach in a price history.

    Attributes:
        last_scored_date: the latest price (ISO date) of a model that has the score.
        unscored_after: prices set after that date whose model has no score: a series built
            on the score stops at the date, though prices go on.
    """

    last_scored_date: str
    unscored_after: int


def score_coverage(benchmark: str = "mmlu", rows: Iterable[Any] | None = None) -> ScoreCoverage:
    """Where a benchmark's scores stop in lesson 4's history (or in ``rows``).

    Newer models are often not scored on older benchmarks such as MMLU, so a test that needs
    the score silently ends where the scores end. This says where, and how many prices lie
    beyond.

    Args:
        benchmark: ``"mmlu"`` or ``"gpqa"``.
        rows: history rows to use instead of :func:`token_economics.prices.price_history`.

    Returns:
        A :class:`ScoreCoverage`.

    Raises:
        ValueError: for an unknown benchmark, or if no row has the score.
    """
    if benchmark not in _SCORE_FIELDS:
        raise ValueError(f"benchmark must be one of {', '.join(_SCORE_FIELDS)}, got {benchmark!r}")
    entries = [_row_entry(r) for r in (list(rows) if rows is not None else _history_rows())]
    scored = [_as_date(e.date) for e in entries if benchmark in e.scores]
    if not scored:
        raise ValueError(f"no row has a {benchmark!r} score")
    last = max(scored)
    after = sum(1 for e in entries if benchmark not in e.scores and _as_date(e.date) > last)
    return ScoreCoverage(last_scored_date=last.isoformat(), unscored_after=after)


# --------------------------------------------------------------------------------------
# Units of past ages
# --------------------------------------------------------------------------------------

_PER_YEAR = {"year": 1.0, "quarter": 4.0, "month": 12.0}


@dataclass(frozen=True)
class AgeUnit:
    """The unit an age counted in, with one cited world-scale quantity.

    Attributes:
        age: ``steam``, ``electric``, ``internet`` or ``ai``.
        unit: the unit (tonne of coal, kilowatt-hour, byte, token).
        quantity: what was counted.
        value: the number as published, in ``value_unit`` per ``per``.
        value_unit: unit of ``value``.
        per: period the value covers (``year``, ``quarter``, ``month``).
        period: when.
        scope: what the number covers (world, one company, mobile only…).
        source_key: reference key.
    """

    age: str
    unit: str
    quantity: str
    value: float
    value_unit: str
    per: str
    period: str
    scope: str
    source_key: str

    @property
    def per_year(self) -> float:
        """The value scaled to a year (×4 for a quarter, ×12 for a month): a rough rate, not a measurement."""
        return self.value * _PER_YEAR[self.per]


@lru_cache(maxsize=1)
def units_of_ages() -> tuple[AgeUnit, ...]:
    """Coal, electricity, traffic and tokens, with cited numbers (``data/lesson5/units_of_ages.csv``)."""
    return tuple(
        AgeUnit(
            age=row["age"],
            unit=row["unit"],
            quantity=row["quantity"],
            value=float(row["value"]),
            value_unit=row["value_unit"],
            per=row["per"],
            period=row["period"],
            scope=row["scope"],
            source_key=row["source_key"],
        )
        for row in load_csv("lesson5", "units_of_ages.csv")
    )


@dataclass(frozen=True)
class GpuPrice:
    """A dated H100 price from ``data/lesson5/gpu_prices.csv``.

    Attributes:
        kind: ``purchase`` (USD per GPU) or ``rental`` (USD per GPU-hour).
        gpu: GPU model.
        usd: the price.
        unit: ``usd_per_gpu`` or ``usd_per_gpu_hour``.
        date: when.
        vendor: who quoted it.
        basis: what the price covers.
        source_key: reference key.
    """

    kind: str
    gpu: str
    usd: float
    unit: str
    date: str
    vendor: str
    basis: str
    source_key: str


@lru_cache(maxsize=1)
def gpu_prices() -> tuple[GpuPrice, ...]:
    """Cited H100 purchase and rental prices, oldest first."""
    rows = [
        GpuPrice(
            kind=row["kind"],
            gpu=row["gpu"],
            usd=float(row["usd"]),
            unit=row["unit"],
            date=row["date"],
            vendor=row["vendor"],
            basis=row["basis"],
            source_key=row["source_key"],
        )
        for row in load_csv("lesson5", "gpu_prices.csv")
    ]
    return tuple(sorted(rows, key=lambda r: (r.kind, r.date)))


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
