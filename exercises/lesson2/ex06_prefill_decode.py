"""Lesson 2, exercise 6 — reading the prompt (prefill) and writing the answer (decode).

Exercise 2 counted only the answer's tokens. Before it writes anything, a model must read the
prompt: that step is called PREFILL; writing the answer, one token after another, is DECODE.
Every token costs 2 × N FLOPs either way (N = active parameters; leave attention out here),
but the two steps use the chip differently:

* decode makes one token per pass and reads all the weights for it, so the chip reaches only
  a small share of its peak FLOP/s (``utilization``; Epoch AI assumes 10%);
* prefill puts the whole prompt through the model in one pass: the weights are read once for
  all its tokens, so the chip reaches a larger share (``prefill_utilization``). In DeepSeek's
  service (February 2025) a node computed about twice as many tokens per second reading
  prompts as writing answers.

The prompt is read ONCE per query. While the answer is written, the model keeps what it
computed for the prompt (the KV cache) and does not process the prompt again.

In GPU-seconds:

    prefill: 2 × N × input_tokens  ÷ (peak FLOP/s × prefill_utilization)
    decode:  2 × N × output_tokens ÷ (peak FLOP/s × utilization)

and the energy, as in exercise 2: (prefill + decode seconds) × watts per GPU × power fraction
× PUE ÷ 3600 watt-hours. Use the DENSE peak, as in exercise 2.

Check your work with:  token-economics check 2
"""


def prefill_gpu_seconds(
    active_params: float, input_tokens: int, peak_flops: float, prefill_utilization: float
) -> float:
    """Return the GPU-seconds to read a prompt of ``input_tokens`` tokens.

    Example: 100e9 parameters, 10,000 tokens, 989e12 FLOP/s, 0.30 → about 6.74 s.
    """
    raise NotImplementedError("2 × N × input tokens ÷ (peak FLOP/s × prefill utilization)")


def decode_gpu_seconds(active_params: float, output_tokens: int, peak_flops: float, utilization: float) -> float:
    """Return the GPU-seconds to write ``output_tokens`` tokens.

    Example: 100e9 parameters, 500 tokens, 989e12 FLOP/s, 0.10 → about 1.01 s.
    """
    raise NotImplementedError("2 × N × output tokens ÷ (peak FLOP/s × utilization)")


def query_energy_wh(
    active_params: float,
    input_tokens: int,
    output_tokens: int,
    peak_flops: float,
    prefill_utilization: float,
    utilization: float,
    watts_per_gpu: float,
    power_fraction: float,
    pue: float,
) -> float:
    """Return the energy of one query, prompt and answer, in WATT-HOURS.

    Example: Epoch AI's query (100e9 active parameters, 500 output tokens, 989e12 FLOP/s,
    utilization 0.10, 1,275 W, power fraction 0.7, PUE 1.2) with a 10,000-token prompt read at
    ``prefill_utilization`` 0.30 (an assumption: three times decode's share) → about 2.3 Wh.
    Epoch AI estimates about 2.4 Wh for this query.
    """
    raise NotImplementedError("(prefill + decode GPU-seconds) × watts × power fraction × PUE ÷ 3600")


def prefill_share(input_tokens: int, output_tokens: int, prefill_utilization: float, utilization: float) -> float:
    """Return the share (0–1) of the query's energy spent reading the prompt.

    The power is the same in both steps, so the share of the energy is the share of the
    GPU-seconds (the parameters and the peak cancel out).
    Example: 10,000 input and 500 output tokens, 0.30 and 0.10 → about 0.87.
    """
    raise NotImplementedError("prefill GPU-seconds ÷ (prefill + decode GPU-seconds)")
