"""Current list prices of language-model APIs, read offline from the ``genai-prices`` package.

Shared by lessons 3, 4 and 5. The course never types a current price by hand: every price
comes from the data bundled with the maintained, MIT-licensed ``genai-prices`` package
(pydantic/genai-prices), which records, for ~2,300 models of ~50 providers, the price per
million input, output, cache-write and cache-read tokens, with the provider's pricing page as
its reference. Source: [ref:l3_genai_prices].

Offline by construction. ``genai-prices`` can also download fresher prices from GitHub, but
only when a program starts its ``UpdatePrices`` background task. This module never does: it
builds its own :class:`genai_prices.data_snapshot.DataSnapshot` from the bundled
``genai_prices.data.providers`` list, so its answers depend only on the installed package
version, even if another library in the same process switched on auto-update.

Public API:

* :func:`current_price` — the prices of one model as a :class:`ModelPrice`;
* :func:`request_cost_usd` — what one request costs, by kind of token;
* :func:`snapshot_date` and :func:`data_version` — how fresh the bundled data is;
* :data:`PRICES_AS_OF` — the one moment at which the course reads "today's" prices;
* :func:`price_corrections` — the few cited places where the bundled data is known stale;
* :func:`known_providers` and :func:`known_models` — what can be looked up.

Prices are US dollars per million tokens (``usd_per_million_*``), the unit every provider
quotes.

**One moment for every page.** Some prices change with the date, a few even with the hour
(DeepSeek's peak and off-peak rates). So :func:`current_price` without ``at=`` does not ask
"now": it asks at :data:`PRICES_AS_OF`, the moment every page, notebook and exercise of the
course states. Pass ``at=datetime.now(timezone.utc)`` for the price at this moment.

**Corrections.** Where the bundled data is known to be wrong for a date range, a small cited
table (``data/market/price_corrections.csv``, read by :func:`price_corrections`) wins.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import version as _package_version
from typing import Any

from token_economics.data import load_csv
from token_economics.units import whole
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "PRICES_AS_OF",
    "PriceCorrection",
    "price_corrections",
    "ModelPrice",
    "PriceTier",
    "CostBreakdown",
    "current_price",
    "request_cost_usd",
    "snapshot_date",
    "data_version",
    "known_providers",
    "known_models",
]

#: genai-prices' keys for the per-million-token prices this module reads.
_KEYS = {
    "input": "input_mtok",
    "output": "output_mtok",
    "cache_write": "cache_write_mtok",
    "cache_write_1h": "cache_write_1h_mtok",
    "cache_read": "cache_read_mtok",
    "reasoning": "output_reasoning_mtok",
}

#: The moment at which the course reads every "today's" price: noon UTC on the day of the
#: latest dated check in the pinned genai-prices data (:func:`snapshot_date`; a test keeps the
#: two equal, so a new genai-prices version forces a new, stated date). A Tuesday at noon UTC
#: is off-peak for DeepSeek (peak: 01:00–04:00 and 06:00–10:00 UTC on weekdays).
PRICES_AS_OF: datetime = datetime(2026, 11, 3, 12, 0, tzinfo=timezone.utc)

#: Phrases with which genai-prices' maintainers date a check of a price in the bundled data.
_CHECK_DATE = re.compile(
    r"\b(?:checked|verified|confirmed|reviewed|retrieved)(?:\s+(?:on|at))?\s+(\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PriceTier:
    """Prices that replace the base ones when a request's prompt is long.

    Some providers bill *every* token of a request at a higher rate once its prompt (all input
    tokens: uncached, cache writes and cache reads) exceeds a threshold. genai-prices records
    these tiers; :func:`request_cost_usd` applies them. Prices in USD per million tokens.
    Source: [ref:l3_genai_prices].
    """

    above_input_tokens: int  #: the tier applies when the prompt has more input tokens than this
    usd_per_million_input: float
    usd_per_million_output: float
    usd_per_million_cache_write: float | None
    usd_per_million_cache_read: float | None


@dataclass(frozen=True)
class ModelPrice:
    """The list prices of one model at one provider, in USD per million tokens.

    Read from the bundled data of ``genai-prices`` by :func:`current_price`. Source:
    [ref:l3_genai_prices].

    Attributes:
        model: genai-prices' id of the model (e.g. ``"claude-sonnet-4-5"``).
        provider: genai-prices' id of the provider (e.g. ``"anthropic"``).
        usd_per_million_input: price of an ordinary (uncached) input token × 10⁶.
        usd_per_million_output: price of an output token × 10⁶ (reasoning tokens are output).
        usd_per_million_cache_write: price of writing a prompt token to the cache (5-minute
            cache for Anthropic), or ``None`` if the provider charges no separate cache-write
            price (OpenAI caches automatically and bills the first pass as ordinary input).
        usd_per_million_cache_read: price of an input token read from the cache, or ``None`` if
            the provider lists no cached-input price.
        snapshot_date: date of the genai-prices data (see :func:`snapshot_date`).
        name: the model's display name, when genai-prices has one.
        context_window_tokens: the model's maximum input, when genai-prices records it.
        usd_per_million_cache_write_1h: price of a one-hour cache write, when offered.
        usd_per_million_reasoning: a separate reasoning-token price, when the provider has one
            (rare); otherwise reasoning tokens cost ``usd_per_million_output``.
        long_context_tiers: higher prices for long prompts, lowest threshold first; empty
            when the price is flat.
        data_version: the version of the installed genai-prices package.
        corrected_by: the bibliography key of the correction (:func:`price_corrections`) that
            replaced genai-prices' prices, or ``None``.
    """

    model: str
    provider: str
    usd_per_million_input: float
    usd_per_million_output: float
    usd_per_million_cache_write: float | None
    usd_per_million_cache_read: float | None
    snapshot_date: date
    name: str | None = None
    context_window_tokens: int | None = None
    usd_per_million_cache_write_1h: float | None = None
    usd_per_million_reasoning: float | None = None
    long_context_tiers: tuple[PriceTier, ...] = ()
    data_version: str = ""
    corrected_by: str | None = None  #: the source key of the correction applied, if any

    @property
    def cache_write_multiplier(self) -> float | None:
        """Cache-write price ÷ input price (Anthropic: 1.25), or ``None`` without a write price."""
        if self.usd_per_million_cache_write is None or self.usd_per_million_input == 0:
            return None
        return self.usd_per_million_cache_write / self.usd_per_million_input

    @property
    def cache_read_multiplier(self) -> float | None:
        """Cache-read price ÷ input price (Anthropic: 0.1), or ``None`` without a read price."""
        if self.usd_per_million_cache_read is None or self.usd_per_million_input == 0:
            return None
        return self.usd_per_million_cache_read / self.usd_per_million_input

    def rates_for_prompt(self, input_tokens: int) -> PriceTier:
        """The prices that apply to a request whose prompt has ``input_tokens`` input tokens.

        Returns the base prices (as a :class:`PriceTier` with ``above_input_tokens=0``) unless a
        long-context tier applies.
        """
        chosen = PriceTier(
            0,
            self.usd_per_million_input,
            self.usd_per_million_output,
            self.usd_per_million_cache_write,
            self.usd_per_million_cache_read,
        )
        for tier in self.long_context_tiers:
            if input_tokens > tier.above_input_tokens:
                chosen = tier
        return chosen


@dataclass(frozen=True)
class CostBreakdown:
    """The cost of one request (or a sum of requests) in USD, by kind of token."""

    input_usd: float = 0.0
    cache_write_usd: float = 0.0
    cache_read_usd: float = 0.0
    output_usd: float = 0.0
    reasoning_usd: float = 0.0

    @property
    def total_usd(self) -> float:
        """Sum of all kinds."""
        return self.input_usd + self.cache_write_usd + self.cache_read_usd + self.output_usd + self.reasoning_usd

    def __add__(self, other: "CostBreakdown") -> "CostBreakdown":
        if not isinstance(other, CostBreakdown):
            return NotImplemented
        return CostBreakdown(
            self.input_usd + other.input_usd,
            self.cache_write_usd + other.cache_write_usd,
            self.cache_read_usd + other.cache_read_usd,
            self.output_usd + other.output_usd,
            self.reasoning_usd + other.reasoning_usd,
        )


# --- the bundled data ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _snapshot() -> Any:
    """genai-prices' bundled data, never an auto-updated copy."""
    from genai_prices.data import providers
    from genai_prices.data_snapshot import DataSnapshot

    return DataSnapshot(providers=providers, from_auto_update=False)


def data_version() -> str:
    """The version of the installed ``genai-prices`` package, which fixes the price data."""
    return _package_version("genai-prices")


@lru_cache(maxsize=1)
def snapshot_date() -> date:
    """How fresh the bundled prices are: the latest date a price in them was checked.

    genai-prices does not stamp its data with a release date. Its maintainers do write, in the
    comments attached to providers and models, when they last checked a price against the
    provider's page ("checked 2026-10-09", "verified on 2026-10-14"). This returns the most
    recent of those dates. Dates of scheduled future price changes are not checks and are
    ignored.

    Raises:
        ValueError: if the installed data contains no dated check at all.
    """
    found: list[date] = []
    for provider in _snapshot().providers:
        comments = [provider.price_comments or ""] + [m.price_comments or "" for m in provider.models]
        for text in comments:
            found.extend(date.fromisoformat(d) for d in _CHECK_DATE.findall(text))
    if not found:
        raise ValueError(f"genai-prices {data_version()} records no dated price check")
    return max(found)


def known_providers() -> list[str]:
    """genai-prices' provider ids, e.g. ``"anthropic"``, ``"openai"``, ``"google"``."""
    return [p.id for p in _snapshot().providers]


def known_models(provider: str | None = None) -> list[str]:
    """Model ids in the bundled data, for one provider or (as ``provider:model``) for all.

    Raises:
        ValueError: for an unknown provider.
    """
    if provider is not None:
        return [m.id for m in _find_provider(provider).models]
    return [f"{p.id}:{m.id}" for p in _snapshot().providers for m in p.models]


def _find_provider(provider: object) -> Any:
    if not isinstance(provider, str) or not provider.strip():
        raise ValueError(f"provider must be a non-empty string, not {provider!r}")
    from genai_prices.data_snapshot import find_provider_by_id

    found = find_provider_by_id(_snapshot().providers, provider)
    if found is None:
        close = difflib.get_close_matches(provider.lower(), known_providers(), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"unknown provider {provider!r}{hint} Known providers: {', '.join(known_providers())}")
    return found


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _base(value: Any) -> Decimal | None:
    """The base price of a flat or tiered genai-prices price."""
    return getattr(value, "base", value)


def _rate_at(value: Any, input_tokens: int) -> Decimal | None:
    """A flat or tiered genai-prices price for a prompt of ``input_tokens`` tokens."""
    if value is None or not hasattr(value, "tiers"):
        return value
    rate = value.base
    for tier in value.tiers:
        if input_tokens > tier.start:
            rate = tier.price
    return rate


@dataclass(frozen=True)
class PriceCorrection:
    """A cited correction to the bundled genai-prices data for one model and date range.

    Attributes:
        provider: genai-prices' provider id.
        model: genai-prices' model id.
        valid_from: first day the correction applies (UTC).
        valid_until: first day it no longer applies, or ``None`` (open-ended).
        status: ``"price"`` (the prices below replace genai-prices') or ``"retired"`` (the id
            names no model of its own then: a lookup raises ``ValueError``).
        usd_per_million_input: uncached input price, USD per million tokens (``price`` rows).
        usd_per_million_output: output price, USD per million tokens (``price`` rows).
        usd_per_million_cache_read: cached input price, USD per million tokens, or ``None``.
        ref: the source's key in the bibliography.
        note: what happened, in one or two sentences.
        note_zh: the same in Chinese (the Chinese edition's references page).
    """

    provider: str
    model: str
    valid_from: date
    valid_until: date | None
    status: str
    usd_per_million_input: float | None
    usd_per_million_output: float | None
    usd_per_million_cache_read: float | None
    ref: str
    note: str
    note_zh: str = ""

    def applies(self, day: date) -> bool:
        """Whether the correction covers ``day``."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


@lru_cache(maxsize=1)
def _corrections() -> tuple[PriceCorrection, ...]:
    def number(text: str) -> float | None:
        return float(text) if text else None

    rows = []
    for row in load_csv("market", "price_corrections.csv"):
        if row["status"] not in ("price", "retired"):
            raise ValueError(f"price_corrections.csv: unknown status {row['status']!r}")
        rows.append(
            PriceCorrection(
                provider=row["provider"],
                model=row["model"],
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_until=date.fromisoformat(row["valid_until"]) if row["valid_until"] else None,
                status=row["status"],
                usd_per_million_input=number(row["usd_per_million_input"]),
                usd_per_million_output=number(row["usd_per_million_output"]),
                usd_per_million_cache_read=number(row["usd_per_million_cache_read"]),
                ref=row["ref"],
                note=row["note"],
                note_zh=row.get("note_zh", ""),
            )
        )
    return tuple(rows)


def price_corrections() -> list[PriceCorrection]:
    """The cited corrections that win over the bundled genai-prices data, oldest first per model.

    Each replaces genai-prices' prices of one model for a date range, or marks a model id as
    retired from a date on; see ``data/market/price_corrections.csv`` and its README.
    """
    return list(_corrections())


def current_price(model: str, provider: str | None = None, *, at: datetime | date | None = None) -> ModelPrice:
    """The list prices of ``model`` from the data bundled with genai-prices (no network).

    Args:
        model: a model name as an API would receive it, e.g. ``"claude-sonnet-4-5"``,
            ``"gpt-5"``, ``"gemini-2.5-pro"``; dated ids such as
            ``"claude-sonnet-4-5-20250929"`` match too.
        provider: genai-prices' provider id (``"anthropic"``, ``"openai"``, ``"google"``,
            ``"aws"`` …). ``None`` lets genai-prices pick the model's own provider.
        at: the moment whose prices to return, for models whose price changed on a known date
            or changes with the hour; ``None`` means :data:`PRICES_AS_OF`, the moment the
            course's pages state (not now); a naive datetime is taken as UTC, a date as its
            00:00 UTC. Scheduled future changes in the data apply from their date. A cited
            correction (:func:`price_corrections`) wins over the bundled data.

    Returns:
        The model's :class:`ModelPrice`.

    Raises:
        ValueError: for an unknown model or provider (the message lists close matches), a
            model without a per-token input and output price (e.g. audio-only models), or a
            model id retired at that moment.
    """
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"model must be a non-empty string, not {model!r}")
    if at is None:
        moment = PRICES_AS_OF
    elif isinstance(at, datetime):
        moment = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    elif isinstance(at, date):
        moment = datetime(at.year, at.month, at.day, tzinfo=timezone.utc)
    else:
        raise ValueError(f"at must be a date, a datetime or None, not {at!r}")

    snap = _snapshot()
    if provider is not None:
        _find_provider(provider)  # a clear error for an unknown provider
    try:
        found_provider, info = snap.find_provider_model(model, None, provider, None)
    except LookupError:
        candidates = known_models(provider) if provider else [m.id for p in snap.providers for m in p.models]
        close = difflib.get_close_matches(model.lower(), sorted(set(candidates)), n=6, cutoff=0.6)
        where = f" at provider {provider!r}" if provider else ""
        hint = f" Close matches: {', '.join(close)}." if close else " See known_models() for the list."
        raise ValueError(f"unknown model {model!r}{where} in genai-prices {data_version()}.{hint}") from None

    correction = next(
        (
            c
            for c in _corrections()
            if c.provider == found_provider.id and c.model == info.id and c.applies(moment.date())
        ),
        None,
    )
    if correction is not None and correction.status == "retired":
        raise ValueError(
            f"{found_provider.id}:{info.id} names no model of its own from {correction.valid_from} "
            f"({correction.note}) [source: {correction.ref}]"
        )
    prices = info.get_prices(moment)
    raw = {kind: getattr(prices, key, None) for kind, key in _KEYS.items()}
    if correction is not None:
        raw = {
            **raw,
            "input": Decimal(str(correction.usd_per_million_input)),
            "output": Decimal(str(correction.usd_per_million_output)),
            "cache_read": None
            if correction.usd_per_million_cache_read is None
            else Decimal(str(correction.usd_per_million_cache_read)),
        }
    if raw["input"] is None or raw["output"] is None:
        raise ValueError(
            f"{found_provider.id}:{info.id} has no per-token input and output price in genai-prices "
            f"(it is priced by {', '.join(k for k, v in prices.__dict__.items() if v is not None) or 'nothing'})"
        )
    starts = sorted({t.start for v in raw.values() if v is not None for t in getattr(v, "tiers", [])})
    tiers = tuple(
        PriceTier(
            above_input_tokens=start,
            usd_per_million_input=float(_rate_at(raw["input"], start + 1)),
            usd_per_million_output=float(_rate_at(raw["output"], start + 1)),
            usd_per_million_cache_write=_as_float(_rate_at(raw["cache_write"], start + 1)),
            usd_per_million_cache_read=_as_float(_rate_at(raw["cache_read"], start + 1)),
        )
        for start in starts
    )
    return ModelPrice(
        model=info.id,
        provider=found_provider.id,
        usd_per_million_input=float(_base(raw["input"])),
        usd_per_million_output=float(_base(raw["output"])),
        usd_per_million_cache_write=_as_float(_base(raw["cache_write"])),
        usd_per_million_cache_read=_as_float(_base(raw["cache_read"])),
        snapshot_date=snapshot_date(),
        name=info.name,
        context_window_tokens=info.context_window,
        usd_per_million_cache_write_1h=_as_float(_base(raw["cache_write_1h"])),
        usd_per_million_reasoning=_as_float(_base(raw["reasoning"])),
        long_context_tiers=tiers,
        data_version=data_version(),
        corrected_by=None if correction is None else correction.ref,
    )


def _check_count(name: str, value: object) -> int:
    return whole(name, value, "tokens", minimum=0)


def request_cost_usd(
    price: ModelPrice,
    *,
    input_tokens: int = 0,
    cache_write_tokens: int = 0,
    cache_read_tokens: int = 0,
    output_tokens: int = 0,
    reasoning_tokens: int = 0,
) -> CostBreakdown:
    """What one request costs, in USD, split by kind of token.

    Each kind is billed at its own price per million tokens. ``input_tokens`` are the uncached
    input tokens only: a prompt of 10,000 tokens of which 8,000 are read from the cache is
    ``input_tokens=2000, cache_read_tokens=8000``. Where the provider has no separate price:
    cache writes are billed as ordinary input (OpenAI-style automatic caching) and cache reads
    as ordinary input (no caching discount), reasoning tokens as output. Long-context tiers
    apply to every token of the request when its prompt (uncached + cache writes + cache reads)
    is over the threshold, as genai-prices does.

    Args:
        price: the model's prices, from :func:`current_price`.
        input_tokens: uncached input tokens.
        cache_write_tokens: input tokens written to the cache.
        cache_read_tokens: input tokens read from the cache.
        output_tokens: visible output tokens (text and tool calls).
        reasoning_tokens: hidden reasoning tokens (billed as output).

    Returns:
        A :class:`CostBreakdown`.

    Raises:
        ValueError: for a negative or non-integer token count, or a price that is not a
            :class:`ModelPrice`.
    """
    if not isinstance(price, ModelPrice):
        raise ValueError(f"price must be a ModelPrice (see current_price), not {type(price).__name__}")
    counts = {
        "input_tokens": input_tokens,
        "cache_write_tokens": cache_write_tokens,
        "cache_read_tokens": cache_read_tokens,
        "output_tokens": output_tokens,
        "reasoning_tokens": reasoning_tokens,
    }
    for name, value in counts.items():
        _check_count(name, value)
    rates = price.rates_for_prompt(input_tokens + cache_write_tokens + cache_read_tokens)
    write_rate = rates.usd_per_million_cache_write
    read_rate = rates.usd_per_million_cache_read
    reasoning_rate = price.usd_per_million_reasoning
    if reasoning_rate is None or rates.above_input_tokens:
        reasoning_rate = rates.usd_per_million_output
    return CostBreakdown(
        input_usd=input_tokens * rates.usd_per_million_input / 1e6,
        cache_write_usd=cache_write_tokens * (rates.usd_per_million_input if write_rate is None else write_rate) / 1e6,
        cache_read_usd=cache_read_tokens * (rates.usd_per_million_input if read_rate is None else read_rate) / 1e6,
        output_usd=output_tokens * rates.usd_per_million_output / 1e6,
        reasoning_usd=reasoning_tokens * reasoning_rate / 1e6,
    )


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
