"""Lesson 2, exercise 1 — how much arithmetic is one token?

To write one token, a language model multiplies the current activations by every one of its
weights and adds the products up: one multiply and one add per parameter. Counting both as
floating-point operations (FLOPs), a model with N parameters does about ``2·N`` FLOPs per
token in its forward pass (Kaplan et al. 2020). Training also runs the pass backwards to
compute gradients, which costs about twice the forward pass: ``6·N`` FLOPs per training
token in total.

All results are counts of FLOPs (not FLOP per second).
"""


def flops_per_token(n_params: float) -> float:
    """Return the FLOPs of one forward pass for one token: 2 × ``n_params``.

    Example: a 7-billion-parameter model does 14 billion FLOPs per token.
    """
    return 2.0 * n_params


def flops_per_query(n_params: float, output_tokens: int) -> float:
    """Return the FLOPs to generate ``output_tokens`` tokens (ignore the prompt).

    Example: 100 billion parameters, 500 tokens → 1e14 FLOPs.
    """
    return flops_per_token(n_params) * output_tokens


def training_flops(n_params: float, n_tokens: float) -> float:
    """Return the FLOPs to train on ``n_tokens`` tokens: forward (2N) + backward (4N) per token.

    Example: 1 billion parameters on 20 billion tokens → 1.2e20 FLOPs.
    """
    return 6.0 * n_params * n_tokens
