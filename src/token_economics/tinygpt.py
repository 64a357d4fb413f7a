"""A tiny GPT-shaped transformer in plain numpy, to *see* that compute tracks parameters.

The model has random weights: it writes nonsense, but it does exactly the arithmetic a real
GPT-2-style decoder does (token and position embeddings, ``n_layers`` blocks of causal
self-attention and a 4×-wide MLP with layer norms, and an output layer tied to the token
embedding). Because every weight matrix is used once per token, the number of
multiply-adds per token can be counted from the shapes alone, and the time the CPU takes
follows that count: roughly ``2·N`` floating-point operations per token
[ref:kaplan2020].

We time a forward pass over a block of tokens and divide by the number of tokens. Timing
one token at a time in numpy would mostly measure Python's overhead, not arithmetic —
which is the same reason GPUs process many tokens (a batch) at once.

Any energy figure here is an **estimate**: measured seconds × a CPU power that *you* assume
(:func:`cpu_energy_estimate_joules`). Nothing in this module reads a power meter.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from token_economics import units as _units
from token_economics.units import whole as _units_whole
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "TinyGPTConfig",
    "TinyGPT",
    "TimingResult",
    "time_forward",
    "scaling_experiment",
    "fit_seconds_per_flop",
    "cpu_energy_estimate_joules",
]


def _whole(name: str, value: object, minimum: int = 1) -> int:
    return _units_whole(name, value, minimum=minimum)


#: The largest shape this CPU demo builds or times (limits of the demo, not of real models: a
#: laptop's memory and a reader's patience).
LIMITS = {"vocab_size": 65_536, "d_model": 2048, "n_heads": 64, "n_layers": 48, "n_ctx": 4096}
#: The most weights a demo model may have (50 million, 400 MB as float64).
MAX_PARAMS = 50_000_000
#: The most timed runs one measurement repeats.
MAX_REPEATS = 50


@dataclass(frozen=True)
class TinyGPTConfig:
    """Shape of a GPT-2-style decoder (no biases in the linear layers, tied output layer)."""

    vocab_size: int = 4096  #: tokens in the vocabulary (GPT-2 has 50,257)
    d_model: int = 256  #: width of the residual stream
    n_heads: int = 4  #: attention heads; must divide d_model
    n_layers: int = 4  #: transformer blocks
    n_ctx: int = 256  #: longest context the position table supports

    def __post_init__(self) -> None:
        for field, largest in LIMITS.items():
            _units_whole(field, getattr(self, field), minimum=1, maximum=largest)
        if self.n_params > MAX_PARAMS:
            raise ValueError(
                f"a model of {self.n_params:,} weights is too big for this CPU demo (at most {MAX_PARAMS:,})"
            )
        if self.d_model % self.n_heads:
            raise ValueError(f"n_heads ({self.n_heads}) must divide d_model ({self.d_model})")

    @property
    def non_embedding_params(self) -> int:
        """Weights in the blocks, the N of Kaplan et al.: ``12·n_layers·d²`` plus layer norms."""
        d = self.d_model
        per_layer = 3 * d * d + d * d + 4 * d * d + 4 * d * d + 4 * d  # qkv, out, fc, proj, 2 LN (g, b)
        return self.n_layers * per_layer + 2 * d  # + final layer norm

    @property
    def embedding_params(self) -> int:
        """Token and position embeddings (the output layer reuses the token embedding)."""
        return self.vocab_size * self.d_model + self.n_ctx * self.d_model

    @property
    def n_params(self) -> int:
        """All weights."""
        return self.non_embedding_params + self.embedding_params

    def matmul_macs_per_token(self, seq_len: int) -> int:
        """Multiply-adds per token in the matrix products of :meth:`TinyGPT.forward`.

        Per layer: ``12·d²`` for the four weight matrices, plus ``2·seq_len·d`` for attention
        (scores ``QKᵀ`` and the weighted sum ``AV`` over the full ``seq_len × seq_len`` block,
        as the code computes them). Plus ``vocab·d`` for the output layer. Layer norms,
        softmax and GELU are elementwise and not counted.
        """
        t = _whole("seq_len", seq_len)
        d = self.d_model
        return self.n_layers * (12 * d * d + 2 * t * d) + self.vocab_size * d

    def flops_per_token(self, seq_len: int) -> int:
        """Two FLOPs (a multiply and an add) per multiply-add: ``2 ×`` :meth:`matmul_macs_per_token`."""
        return 2 * self.matmul_macs_per_token(seq_len)


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


class TinyGPT:
    """Random-weight GPT-style decoder. ``forward(ids)`` returns next-token logits."""

    def __init__(self, config: TinyGPTConfig, seed: int = 0, dtype: type = np.float32) -> None:
        self.config = config
        rng = np.random.default_rng(seed)
        d, v = config.d_model, config.vocab_size

        def w(*shape: int) -> np.ndarray:
            return (rng.standard_normal(shape) * 0.02).astype(dtype)

        self.wte = w(v, d)
        self.wpe = w(config.n_ctx, d)
        self.layers = [
            {
                "ln1_g": np.ones(d, dtype),
                "ln1_b": np.zeros(d, dtype),
                "w_qkv": w(d, 3 * d),
                "w_o": w(d, d),
                "ln2_g": np.ones(d, dtype),
                "ln2_b": np.zeros(d, dtype),
                "w_fc": w(d, 4 * d),
                "w_proj": w(4 * d, d),
            }
            for _ in range(config.n_layers)
        ]
        self.lnf_g = np.ones(d, dtype)
        self.lnf_b = np.zeros(d, dtype)

    def count_params(self) -> int:
        """Count the weights actually allocated (must equal ``config.n_params``)."""
        arrays = [self.wte, self.wpe, self.lnf_g, self.lnf_b]
        for layer in self.layers:
            arrays.extend(layer.values())
        return int(sum(a.size for a in arrays))

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """Logits for every position of a sequence of token ids (shape ``(T,)`` → ``(T, vocab)``).

        Raises:
            ValueError: If the sequence is empty, too long, or has ids outside the vocabulary.
        """
        ids = np.asarray(ids)
        cfg = self.config
        if ids.ndim != 1 or ids.size == 0:
            raise ValueError("ids must be a non-empty 1-D sequence of token ids")
        if ids.size > cfg.n_ctx:
            raise ValueError(f"sequence of {ids.size} tokens is longer than n_ctx={cfg.n_ctx}")
        if ids.min() < 0 or ids.max() >= cfg.vocab_size:
            raise ValueError(f"token ids must be in [0, {cfg.vocab_size})")
        t, d, h = ids.size, cfg.d_model, cfg.n_heads
        hd = d // h
        x = self.wte[ids] + self.wpe[:t]
        mask = np.triu(np.full((t, t), -np.inf, dtype=x.dtype), k=1)
        for layer in self.layers:
            a = _layer_norm(x, layer["ln1_g"], layer["ln1_b"])
            q, k, v = np.split(a @ layer["w_qkv"], 3, axis=-1)
            q = q.reshape(t, h, hd).transpose(1, 0, 2)
            k = k.reshape(t, h, hd).transpose(1, 0, 2)
            v = v.reshape(t, h, hd).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(hd) + mask
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            attn = (scores @ v).transpose(1, 0, 2).reshape(t, d)
            x = x + attn @ layer["w_o"]
            m = _layer_norm(x, layer["ln2_g"], layer["ln2_b"])
            x = x + _gelu(m @ layer["w_fc"]) @ layer["w_proj"]
        x = _layer_norm(x, self.lnf_g, self.lnf_b)
        return x @ self.wte.T


@dataclass(frozen=True)
class TimingResult:
    """CPU time for one forward pass over ``seq_len`` tokens, per token."""

    config: TinyGPTConfig
    seq_len: int
    n_params: int
    non_embedding_params: int
    flops_per_token: int  #: counted from the shapes
    seconds_per_token: float  #: best of the repeats, measured on this machine

    @property
    def achieved_flops(self) -> float:
        """FLOP/s this CPU achieved (compare an H100's 989e12 dense BF16 peak)."""
        return self.flops_per_token / self.seconds_per_token


def time_forward(
    config: TinyGPTConfig,
    seq_len: int = 128,
    repeats: int = 3,
    seed: int = 0,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> TimingResult:
    """Build a random model and time its forward pass; report seconds per token.

    Args:
        config: Model shape.
        seq_len: Tokens in the block (≤ ``config.n_ctx``).
        repeats: Timed runs after one warm-up; the fastest is kept (least disturbed by noise).
        seed: Random seed for weights and token ids.
        clock: Seconds from an arbitrary start (``time.perf_counter``; a test may pass its own).

    Returns:
        A :class:`TimingResult`.

    Raises:
        ValueError: For a non-positive ``seq_len`` or ``repeats``, or ``seq_len > n_ctx``.
    """
    _units.instance_of("config", config, TinyGPTConfig, "a TinyGPTConfig")
    t = _whole("seq_len", seq_len)
    reps = _units_whole("repeats", repeats, minimum=1, maximum=MAX_REPEATS)
    if t > config.n_ctx:
        raise ValueError(f"seq_len={t} is longer than n_ctx={config.n_ctx}")
    model = TinyGPT(config, seed=seed)
    ids = np.random.default_rng(seed + 1).integers(0, config.vocab_size, size=t)
    model.forward(ids)  # warm-up: allocations, BLAS threads
    best = math.inf
    for _ in range(reps):
        start = clock()
        model.forward(ids)
        best = min(best, clock() - start)
    return TimingResult(
        config=config,
        seq_len=t,
        n_params=config.n_params,
        non_embedding_params=config.non_embedding_params,
        flops_per_token=config.flops_per_token(t),
        seconds_per_token=best / t,
    )


def scaling_experiment(
    widths: tuple[int, ...] = (128, 256, 384, 512, 640),
    *,
    n_layers: int = 4,
    n_heads: int = 4,
    vocab_size: int = 4096,
    seq_len: int = 64,
    repeats: int = 3,
    seed: int = 0,
    clock: Callable[[], float] = time.perf_counter,
) -> list[TimingResult]:
    """Time models of growing width (same depth); returns one :class:`TimingResult` each.

    The models are timed in turns (widest to narrowest, ``repeats`` rounds) and each keeps
    its fastest run, so a burst of load from other programs slows every size alike instead
    of one of them. On a busy machine, timings are steadier with one BLAS thread: set
    ``OPENBLAS_NUM_THREADS=1`` (and ``OMP_NUM_THREADS=1``) before numpy is first imported.
    ``clock`` gives seconds (``time.perf_counter``; a test may pass its own).
    """
    t = _whole("seq_len", seq_len)
    reps = _units_whole("repeats", repeats, minimum=1, maximum=MAX_REPEATS)
    configs = [
        TinyGPTConfig(vocab_size=vocab_size, d_model=w, n_heads=n_heads, n_layers=n_layers, n_ctx=t) for w in widths
    ]
    models = [TinyGPT(c, seed=seed) for c in configs]
    ids = [np.random.default_rng(seed + 1).integers(0, c.vocab_size, size=t) for c in configs]
    for model, x in zip(models, ids, strict=True):
        model.forward(x)  # warm-up
    best = [math.inf] * len(models)
    for _ in range(reps):
        for i in reversed(range(len(models))):
            start = clock()
            models[i].forward(ids[i])
            best[i] = min(best[i], clock() - start)
    return [
        TimingResult(
            config=c,
            seq_len=t,
            n_params=c.n_params,
            non_embedding_params=c.non_embedding_params,
            flops_per_token=c.flops_per_token(t),
            seconds_per_token=b / t,
        )
        for c, b in zip(configs, best, strict=True)
    ]


def fit_seconds_per_flop(results: list[TimingResult]) -> tuple[float, float, float]:
    """Least-squares line ``seconds per token = overhead + k · FLOPs per token``.

    Returns ``(k, overhead, r²)``: seconds per FLOP, a fixed cost per token that does not
    grow with the model (Python and memory-allocation overhead), and the goodness of fit.
    A straight line with r² near 1 is what "time tracks 2N" means: add arithmetic per
    token, add time in proportion.

    Raises:
        ValueError: With fewer than two timings.
    """
    if isinstance(results, (str, bytes)) or not hasattr(results, "__iter__"):
        raise _units.InputTypeError(f"results must be a list of TimingResult, not {results!r:.60}")
    results = [_units.instance_of("results", r, TimingResult, "a list of TimingResult") for r in results]
    if len(results) < 2:
        raise ValueError("need at least two timings to fit a line")
    x = np.array([r.flops_per_token for r in results], dtype=float)
    y = np.array([r.seconds_per_token for r in results], dtype=float)
    k, overhead = np.polyfit(x, y, 1)
    residual = y - (k * x + overhead)
    total = y - y.mean()
    ss_total = float(total @ total)
    r2 = 1.0 - float(residual @ residual) / ss_total if ss_total > 0 else 1.0
    return float(k), float(overhead), r2


def cpu_energy_estimate_joules(seconds: float, assumed_cpu_watts: float) -> float:
    """An **estimate**: measured seconds × a CPU package power you assume, in joules.

    This module does not measure power. Choose ``assumed_cpu_watts`` from your CPU's
    documentation (its rated TDP, for instance) and say that it is an assumption.

    Raises:
        ValueError: For negative, NaN or infinite inputs.
    """
    seconds = _units.non_negative("seconds", seconds, "s")
    assumed_cpu_watts = _units.non_negative("assumed_cpu_watts", assumed_cpu_watts, "W")
    return _units.finite_result("CPU energy", seconds * assumed_cpu_watts, "J")


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
