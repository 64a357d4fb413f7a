"""Lesson 2, exercise 3 — the time limit of writing tokens (a "roofline").

When a model generates text, each step gives every sequence in the batch one new token.
A step can be no faster than the slower of two limits:

* memory: all the weights must be read from memory once per step. The weights take
  ``active_params × bytes_per_param`` bytes (2 bytes per parameter in BF16), shared over
  ``n_gpus`` GPUs: ``bytes ÷ (n_gpus × bandwidth)`` seconds;
* arithmetic: ``batch_size × 2 × active_params`` FLOPs, shared over the GPUs:
  ``FLOPs ÷ (n_gpus × peak FLOP/s)`` seconds.

The step takes the LARGER of the two times (the two limits do not add up; the chip does
both at once). Energy: charge every GPU its TDP for the whole step, and the step makes
``batch_size`` tokens, so joules per token = n_gpus × TDP × step seconds ÷ batch_size.
This is the energy of the fastest possible step at full power: a time limit, not a floor on
energy (real GPUs often draw less than their TDP, and reading the KV cache adds time).

Units: bytes, bytes per second, FLOP/s, watts, seconds, joules.
"""


def decode_step_seconds(
    active_params: float,
    batch_size: int,
    n_gpus: int,
    bytes_per_param: float,
    peak_flops: float,
    bandwidth_bytes_per_s: float,
) -> float:
    """Return the seconds one decoding step takes at the hardware limit (the larger time)."""
    memory_s = active_params * bytes_per_param / (n_gpus * bandwidth_bytes_per_s)
    compute_s = batch_size * 2.0 * active_params / (n_gpus * peak_flops)
    return max(memory_s, compute_s)


def joules_per_token(
    active_params: float,
    batch_size: int,
    n_gpus: int,
    bytes_per_param: float,
    peak_flops: float,
    bandwidth_bytes_per_s: float,
    tdp_watts: float,
) -> float:
    """Return the energy per generated token, in joules, at the hardware limit."""
    step = decode_step_seconds(active_params, batch_size, n_gpus, bytes_per_param, peak_flops, bandwidth_bytes_per_s)
    return n_gpus * tdp_watts * step / batch_size


def is_memory_bound(
    active_params: float,
    batch_size: int,
    n_gpus: int,
    bytes_per_param: float,
    peak_flops: float,
    bandwidth_bytes_per_s: float,
) -> bool:
    """Return True when reading the weights takes at least as long as the arithmetic."""
    memory_s = active_params * bytes_per_param / (n_gpus * bandwidth_bytes_per_s)
    compute_s = batch_size * 2.0 * active_params / (n_gpus * peak_flops)
    return memory_s >= compute_s
