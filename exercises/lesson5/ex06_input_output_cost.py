"""Lesson 5, exercise 6 — what an input token and an output token each cost to make.

Providers charge more for output tokens than for input tokens (Claude Sonnet: $3 per million
in, $15 out). Is that what they cost to make? A server reads a prompt in one pass (prefill)
and writes the answer one token per step (decode), so the two kinds of token come from two
phases with very different throughputs.

DeepSeek published the figures of its own service for one day (27–28 February 2025,
DeepSeek-V3 and R1 on nodes of 8 H800 GPUs):

* a node reading prompts (prefill) handled about 73,700 input tokens per second, cache hits
  included;
* a node writing answers (decode) made about 14,800 output tokens per second;
* 56.3% of the input tokens were cache hits: read back from DeepSeek's cache of earlier
  requests, not computed again;
* DeepSeek assumes an H800 is leased at $2 per GPU-hour.

The throughputs are PER NODE and the price is PER GPU: an hour of a node costs 8 GPU-hours.
Costs are quoted per MILLION tokens. Price each kind of token with its own throughput: a
blended price (3 input tokens per output token, say) answers another question.

Check your work with:  token-economics check 5
"""


def usd_per_million_tokens(gpu_hour_usd: float, gpus_per_node: int, tokens_per_second_per_node: float) -> float:
    """USD per million tokens made by a node of ``gpus_per_node`` GPUs, each rented at
    ``gpu_hour_usd`` per hour, making ``tokens_per_second_per_node`` tokens per second.

    Example: $2 per GPU-hour, 8 GPUs, 14,800 tokens per second → about $0.30 per million.
    """
    raise NotImplementedError("the node's hourly bill ÷ the tokens it makes in an hour × 1,000,000")


def input_output_costs(
    gpu_hour_usd: float,
    gpus_per_node: int,
    prefill_tokens_per_second_per_node: float,
    decode_tokens_per_second_per_node: float,
) -> dict:
    """``{"input": ..., "output": ...}``: USD per million input tokens (made at the prefill
    throughput) and per million output tokens (made at the decode throughput).

    Example with DeepSeek's figures: input about $0.060, output about $0.30 per million.
    """
    raise NotImplementedError("input at the prefill throughput, output at the decode throughput")


def computed_input_cost(usd_per_million_input: float, cache_hit_share: float) -> float:
    """USD per million input tokens that were actually computed (cache misses).

    ``usd_per_million_input`` averages the prefill's GPU time over all input tokens, cache
    hits included. If a cache hit takes no GPU time, that time was all spent on the misses,
    which are only ``1 − cache_hit_share`` of the input tokens.
    Example: $0.060 per million input tokens with 56.3% cache hits → about $0.138 per million.
    """
    raise NotImplementedError("the same GPU time shared by the cache misses only")
