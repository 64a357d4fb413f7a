"""Lesson 3, exercise 3 — prompt caching economics.

An agent sends the same prefix (system prompt, tools, history) again and again. With prompt
caching, the first time the prefix is WRITTEN to the cache, at ``write_multiplier`` times the
input price (Anthropic: 1.25 for its 5-minute cache). Every later send READS it from the
cache, at ``read_multiplier`` times the input price (Anthropic: 0.1). The two multipliers
are different: a write costs MORE than ordinary input, a read much less.

Prices are in US dollars per million tokens.
"""


def uncached_prefix_cost_usd(prefix_tokens: int, reads: int, usd_per_million_input: float) -> float:
    """Cost of sending a prefix once and then ``reads`` more times, without a cache."""
    return prefix_tokens * (1 + reads) * usd_per_million_input / 1e6


def cached_prefix_cost_usd(
    prefix_tokens: int, reads: int, usd_per_million_input: float, write_multiplier: float, read_multiplier: float
) -> float:
    """Cost of sending a prefix once (a cache write) and then ``reads`` more times (cache reads).

    Example: 10,000 tokens at $3 per million, written once (×1.25) and read 4 times (×0.1):
    10,000 × 3 / 1e6 × (1.25 + 4 × 0.1) = $0.0495.
    """
    return prefix_tokens * usd_per_million_input / 1e6 * (write_multiplier + reads * read_multiplier)


def breakeven_reads(write_multiplier: float, read_multiplier: float) -> int:
    """The smallest whole number of re-reads after which caching is STRICTLY cheaper.

    Compare w + n·r (cached) with 1 + n (uncached). Example: w = 1.25, r = 0.1 gives 1;
    w = 2, r = 0.1 gives 2. Assume ``read_multiplier < 1``.
    """
    n = 0
    while write_multiplier + n * read_multiplier >= 1 + n:
        n += 1
    return n
