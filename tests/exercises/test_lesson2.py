"""Grading tests for Lesson 2 — Why tokens consume electricity.

Expected values are computed here from the formulas written out, and checked against the
course library (``token_economics.energy``) or the cited source's published numbers — never
pasted from the reference answers. The first failing test of an exercise decides the hint
shown, so each test checks for every misconception its numbers can reveal.
"""

from __future__ import annotations

import math

import pytest

from token_economics import energy as E
from token_economics.grader import fail_with_hint
from token_economics.grader.hints import HINT_TOLERANCE, diagnose
from token_economics.sources import (
    EPOCH_ACTIVE_PARAMS,
    EPOCH_LONG_INPUT_TOKENS,
    EPOCH_LONG_INPUT_WH,
    EPOCH_OUTPUT_TOKENS,
    EPOCH_POWER_FRACTION,
    EPOCH_PUE,
    EPOCH_UTILIZATION,
    EPOCH_WATTS_PER_GPU,
)

EX1 = "lesson2/ex01_flops.py"
EX2 = "lesson2/ex02_query_energy.py"
EX3 = "lesson2/ex03_roofline.py"
EX4 = "lesson2/ex04_electricity_cost.py"
EX5 = "lesson2/ex05_carbon.py"
EX6 = "lesson2/ex06_prefill_decode.py"


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return isinstance(a, (int, float)) and not isinstance(a, bool) and math.isclose(a, b, rel_tol=rel)


# --- exercise 1: FLOPs ---------------------------------------------------------------------------


@pytest.mark.exercise("l2.flops", part="inference")
def test_flops_per_token(submission):
    mod = submission(EX1)
    for n in (7e9, 70.55e9, 1.5e9, 405e9):
        expected = E.forward_flops_per_token(n)
        assert expected == 2 * n
        got = mod.flops_per_token(n)
        detail = f"{n:g} parameters: expected {expected:g} FLOPs per token, got {got!r}"
        diagnose(got, expected, [("forgot_factor_two", n)], detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l2.flops", part="inference")
def test_flops_per_query(submission):
    mod = submission(EX1)
    for n, tokens in ((100e9, 500), (8e9, 1500), (70e9, 1)):
        expected = E.forward_flops_per_token(n) * tokens
        got = mod.flops_per_query(n, tokens)
        detail = f"{n:g} parameters, {tokens} tokens: expected {expected:g} FLOPs, got {got!r}"
        diagnose(got, expected, [("forgot_factor_two", n * tokens)], detail)
        assert close(got, expected), detail
    assert close(mod.flops_per_query(100e9, 500), 1e14), "Epoch AI's GPT-4o query is 1e14 FLOPs"


@pytest.mark.exercise("l2.flops", part="training")
def test_training_flops(submission):
    mod = submission(EX1)
    for n, d in ((1e9, 20e9), (70e9, 15e12), (124e6, 300e9)):
        expected = E.training_flops(n, d)
        assert expected == 6 * n * d
        got = mod.training_flops(n, d)
        detail = f"N={n:g}, D={d:g}: expected {expected:g} FLOPs, got {got!r}"
        diagnose(got, expected, [("forward_only", 2 * n * d), ("forgot_factor_two", 3 * n * d)], detail)
        assert close(got, expected), detail


# --- exercise 2: Epoch AI's energy per query ------------------------------------------------------

H100_DENSE = E.get_gpu("H100").bf16_flops  # 989e12, NVIDIA datasheet (dense BF16)
H100_SPARSE = 1979e12  # the datasheet's "with sparsity" figure


def _h100_dict() -> dict:
    return {"name": "H100 SXM", "bf16_dense_flops": H100_DENSE, "bf16_sparse_flops": H100_SPARSE, "tdp_watts": 700.0}


def _expected_seconds(n: float, tokens: int, util: float) -> float:
    return 2 * n * tokens / (H100_DENSE * util)


@pytest.mark.exercise("l2.query_energy", part="gpu_seconds")
def test_gpu_seconds(submission):
    mod = submission(EX2)
    for n, tokens, util in ((100e9, 500, 0.10), (20e9, 1500, 0.25), (405e9, 200, 0.4)):
        expected = _expected_seconds(n, tokens, util)
        got = mod.gpu_seconds(n, tokens, _h100_dict(), util)
        detail = f"N={n:g}, {tokens} tokens, utilization {util}: expected {expected:.6g} s, got {got!r}"
        diagnose(
            got,
            expected,
            [
                ("sparse_flops", 2 * n * tokens / (H100_SPARSE * util)),
                ("forgot_factor_two", expected / 2),
                ("ignored_utilization", expected * util),
            ],
            detail,
        )
        assert close(got, expected), detail


@pytest.mark.exercise("l2.query_energy", part="query_energy_wh")
def test_query_energy_wh(submission):
    mod = submission(EX2)
    cases = [  # params, tokens, utilization, W per GPU, power fraction, PUE
        (100e9, 500, 0.10, 1275.0, 0.7, 1.2),
        (30e9, 800, 0.25, 700.0, 0.6, 1.3),
        (200e9, 1500, 0.05, 1275.0, 0.8, 1.58),
    ]
    for n, tokens, util, watts, frac, pue in cases:
        expected = _expected_seconds(n, tokens, util) * watts * frac * pue / 3600
        library = E.query_energy_wh(
            n, tokens, gpu="H100", utilization=util, watts_per_gpu=watts, power_fraction=frac, pue=pue
        )
        assert math.isclose(expected, library, rel_tol=1e-12)
        got = mod.query_energy_wh(n, tokens, _h100_dict(), util, watts, frac, pue)
        detail = f"N={n:g}, {tokens} tokens: got {got!r} Wh, expected {expected:.6g} Wh"
        diagnose(
            got,
            expected,
            [
                ("sparse_flops", expected * H100_DENSE / H100_SPARSE),
                ("joules_not_wh", expected * 3600),
                ("joules_not_wh", expected * 3600 / pue),
                ("joules_not_wh", expected * 3600 / frac),
                ("forgot_pue", expected / pue),
                ("tdp_at_any_load", expected / frac),
                ("forgot_factor_two", expected / 2),
            ],
            detail,
        )
        assert close(got, expected), detail


@pytest.mark.exercise("l2.query_energy", part="query_energy_wh")
def test_reproduces_epoch(submission):
    mod = submission(EX2)
    ep = E.EPOCH_2025
    got = mod.query_energy_wh(
        ep.active_params, ep.output_tokens, _h100_dict(), ep.utilization, ep.watts_per_gpu, ep.power_fraction, ep.pue
    )
    assert isinstance(got, float) and abs(got - ep.spreadsheet_wh) < 5e-4, (
        f"Epoch AI's inputs give {ep.spreadsheet_wh} Wh in its spreadsheet; got {got!r}"
    )


# --- exercise 3: roofline ----------------------------------------------------------------------------


def _spec(gpu: str) -> tuple[float, float, float]:
    g = E.get_gpu(gpu)
    return g.bf16_flops, g.bandwidth_bytes_per_s, g.tdp_watts


def _times(n: float, batch: int, gpus: int, bpp: float, peak: float, bw: float) -> tuple[float, float]:
    return n * bpp / (gpus * bw), batch * 2 * n / (gpus * peak)


def _check_step(mod, n, batch, gpus, bpp, gpu):
    peak, bw, _ = _spec(gpu)
    memory_s, compute_s = _times(n, batch, gpus, bpp, peak, bw)
    expected = E.roofline(n, gpu=gpu, n_gpus=gpus, batch_size=batch, bytes_per_param=bpp).step_seconds
    assert math.isclose(expected, max(memory_s, compute_s), rel_tol=1e-12)
    got = mod.decode_step_seconds(n, batch, gpus, bpp, peak, bw)
    detail = f"N={n:g}, batch {batch}, {gpus}×{gpu}, {bpp} B/param: got {got!r} s, expected {expected:.6g} s"
    diagnose(
        got,
        expected,
        [
            ("weights_per_sequence", max(batch * memory_s, compute_s)),
            ("params_not_bytes", max(n / (gpus * bw), compute_s)),
            ("params_not_bytes", n / (gpus * bw)),
            ("added_times", memory_s + compute_s),
            ("compute_only", compute_s),
            ("memory_only", memory_s),
        ],
        detail,
    )
    assert close(got, expected), detail


@pytest.mark.exercise("l2.roofline", part="decode_step_seconds")
def test_step_time_memory_bound(submission):
    mod = submission(EX3)
    for n, gpus, bpp, gpu in (
        (70.55e9, 4, 2.0, "H100"),
        (8e9, 1, 2.0, "H100"),
        (70e9, 2, 1.0, "B200"),
        (8e9, 1, 2.0, "A100"),
    ):
        _check_step(mod, n, 1, gpus, bpp, gpu)


@pytest.mark.exercise("l2.roofline", part="decode_step_seconds")
def test_step_time_compute_bound(submission):
    mod = submission(EX3)
    for n, batch, gpus, bpp, gpu in ((8e9, 4096, 1, 2.0, "H100"), (70e9, 2048, 4, 2.0, "H200")):
        _check_step(mod, n, batch, gpus, bpp, gpu)


@pytest.mark.exercise("l2.roofline", part="joules_per_token")
def test_joules_per_token(submission):
    mod = submission(EX3)
    for n, batch, gpus, gpu in (
        (70.55e9, 1, 4, "H100"),
        (70.55e9, 128, 4, "H100"),
        (70.55e9, 1024, 4, "H100"),
        (32.8e9, 512, 1, "B200"),
    ):
        peak, bw, tdp = _spec(gpu)
        memory_s, compute_s = _times(n, batch, gpus, 2.0, peak, bw)
        expected = gpus * tdp * max(memory_s, compute_s) / batch
        library = E.roofline_joules_per_token(n, gpu=gpu, n_gpus=gpus, batch_size=batch)
        assert math.isclose(expected, library, rel_tol=1e-12)
        got = mod.joules_per_token(n, batch, gpus, 2.0, peak, bw, tdp)
        detail = f"N={n:g}, batch {batch}, {gpus}×{gpu}: got {got!r} J, expected {expected:.5g} J"
        if batch > 1 and close(got, expected * batch):
            fail_with_hint("per_step_not_per_token", detail)
        weights_each = gpus * tdp * max(batch * memory_s, compute_s) / batch
        if batch > 1 and close(got, weights_each, rel=HINT_TOLERANCE) and abs(got - weights_each) < abs(got - expected):
            fail_with_hint("weights_per_sequence", detail)
        if gpus > 1 and close(got, expected / gpus):
            fail_with_hint("one_gpu_power", detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l2.roofline", part="is_memory_bound")
def test_memory_bound_switch(submission):
    mod = submission(EX3)
    peak, bw, _ = _spec("H100")
    for batch in (1, 8, 64, 256, 512, 4096):
        expected = E.roofline(8e9, gpu="H100", batch_size=batch).bound == "memory"
        got = mod.is_memory_bound(8e9, batch, 1, 2.0, peak, bw)
        assert got is expected or got == expected, f"batch {batch} on one H100: expected {expected}, got {got!r}"


# --- exercise 4: electricity cost ----------------------------------------------------------------


@pytest.mark.exercise("l2.electricity_cost", part="joules_per_token")
def test_joules_from_measurement(submission):
    mod = submission(EX4)
    for p in [p for p in E.measured_points() if p.tokens_per_second][:4]:
        watts = p.joules_per_token * p.tokens_per_second
        got = mod.joules_per_token(watts, p.tokens_per_second)
        detail = f"{watts:.0f} W at {p.tokens_per_second} tokens/s: expected {p.joules_per_token} J, got {got!r}"
        diagnose(got, p.joules_per_token, [("inverted", p.tokens_per_second / watts)], detail)
        assert close(got, p.joules_per_token), detail


@pytest.mark.exercise("l2.electricity_cost", part="usd_per_million_tokens")
def test_usd_per_million_tokens(submission):
    mod = submission(EX4)
    for j, price, pue in ((0.563, 0.08, 1.2), (3.76, 0.15, 1.58), (0.12, 0.0713, 1.09)):
        expected = j * 1e6 * pue / 3.6e6 * price
        assert math.isclose(expected, E.electricity_cost_per_million_tokens(j, price, pue), rel_tol=1e-12)
        got = mod.usd_per_million_tokens(j, price, pue)
        detail = f"{j} J/token, ${price}/kWh, PUE {pue}: got {got!r}, expected {expected:.6g}"
        diagnose(
            got,
            expected,
            [
                ("joules_as_wh", expected * 3600),
                ("joules_as_wh", expected * 3600 / pue),
                ("forgot_pue", expected / pue),
            ],
            detail,
        )
        assert close(got, expected), detail


# --- exercise 5: carbon ------------------------------------------------------------------------------


@pytest.mark.exercise("l2.carbon", part="grams_co2")
def test_grams_per_query(submission):
    mod = submission(EX5)
    for wh, code in ((0.3, "USA"), (0.24, "FRA"), (29.0, "IND")):
        grid = E.grid_intensity_g_per_kwh(code)  # read from the installed ecologits data
        expected = wh / 1000 * grid
        got = mod.grams_co2_per_query(wh, grid)
        detail = f"{wh} Wh on {code}'s grid ({grid:.0f} g/kWh): expected {expected:.6g} g, got {got!r}"
        diagnose(got, expected, [("wh_as_kwh", wh * grid)], detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l2.carbon", part="grams_co2")
def test_grams_per_million_tokens(submission):
    mod = submission(EX5)
    for j, code, pue in ((0.563, "CHN", 1.2), (0.12, "SWE", 1.09), (3.76, "WOR", 1.58)):
        expected = E.carbon_g_per_million_tokens(j, code, pue)
        assert math.isclose(expected, j * 1e6 * pue / 3.6e6 * E.grid_intensity_g_per_kwh(code), rel_tol=1e-12)
        got = mod.grams_co2_per_million_tokens(j, code, pue)
        detail = f"{j} J/token in {code}, PUE {pue}: got {got!r}, expected {expected:.6g} g"
        diagnose(
            got,
            expected,
            [("forgot_pue", expected / pue), ("wh_as_kwh", expected * 3600), ("wh_as_kwh", expected * 1000)],
            detail,
        )
        assert close(got, expected), detail


@pytest.mark.exercise("l2.carbon", part="cleanest_country")
def test_cleanest_country(submission):
    mod = submission(EX5)
    for codes in (["USA", "FRA", "CHN", "IND"], ["POL", "DEU", "GBR"], ["ZAF", "BRA", "JPN", "WOR"]):
        grams = {c: E.carbon_g_per_million_tokens(0.563, c, 1.2) for c in codes}
        expected = min(grams, key=grams.get)
        got = mod.cleanest_country(0.563, list(codes), 1.2)
        if got == max(grams, key=grams.get):
            fail_with_hint("picked_dirtiest", f"{codes}: got {got}, expected {expected}")
        assert got == expected, f"{codes}: expected {expected}, got {got!r}"


# --- exercise 6: prefill vs decode -----------------------------------------------------------------

#: (active params, input tokens, output tokens, GPU, prefill utilization, utilization, W per GPU,
#: power fraction, PUE). The first is Epoch AI's query with its 10k-token prompt; the prefill
#: utilization of each case is an assumption of the test (a larger share of the peak than decode).
PREFILL_CASES = [
    (
        EPOCH_ACTIVE_PARAMS.value,
        EPOCH_LONG_INPUT_TOKENS.value,
        EPOCH_OUTPUT_TOKENS.value,
        "H100",
        0.30,
        EPOCH_UTILIZATION.value,
        EPOCH_WATTS_PER_GPU.value,
        EPOCH_POWER_FRACTION.value,
        EPOCH_PUE.value,
    ),
    (70.55e9, 2_000, 300, "H100", 0.45, 0.12, 700.0, 0.8, 1.56),
    (37e9, 100_000, 1_000, "B200", 0.35, 0.14, 1000.0, 0.7, 1.09),
    (8e9, 600, 40, "A100", 0.5, 0.05, 400.0, 0.9, 1.2),
]


def _prefill_seconds(n: float, tokens: float, peak: float, util: float) -> float:
    return 2 * n * tokens / (peak * util)


def _prefill_candidates(n, inp, out, peak, pre, util, scale) -> list[tuple[str, float]]:
    """The misconceptions' GPU-seconds (times ``scale``: 1 for seconds, watts ÷ 3600 for Wh)."""
    decode = _prefill_seconds(n, out, peak, util)
    return [
        ("output_only", decode * scale),
        ("prefill_at_decode_utilization", (_prefill_seconds(n, inp, peak, util) + decode) * scale),
        ("prompt_per_output_token", (_prefill_seconds(n, inp * out, peak, pre) + decode) * scale),
        ("prompt_per_output_token", (_prefill_seconds(n, inp * out, peak, util) + decode) * scale),
    ]


@pytest.mark.exercise("l2.prefill_decode", part="gpu_seconds")
def test_prefill_and_decode_seconds(submission):
    mod = submission(EX6)
    for n, inp, out, gpu, pre, util, *_ in PREFILL_CASES:
        peak = E.get_gpu(gpu).bf16_flops
        steps = E.query_energy(n, out, gpu=gpu, utilization=util, input_tokens=inp, prefill_utilization=pre)
        expected_pre = _prefill_seconds(n, inp, peak, pre)
        expected_dec = _prefill_seconds(n, out, peak, util)
        assert math.isclose(steps.prefill_seconds, expected_pre, rel_tol=1e-12)
        assert math.isclose(steps.gpu_seconds - steps.prefill_seconds, expected_dec, rel_tol=1e-9)
        got = mod.prefill_gpu_seconds(n, inp, peak, pre)
        detail = f"N={n:g}, {inp} input tokens on {gpu}, prefill utilization {pre}: got {got!r} s"
        assert close(got, expected_pre), f"{detail}, expected {expected_pre:.6g} s"
        got = mod.decode_gpu_seconds(n, out, peak, util)
        detail = (
            f"N={n:g}, {out} output tokens on {gpu}, utilization {util}: got {got!r} s, expected {expected_dec:.6g} s"
        )
        assert close(got, expected_dec), detail


@pytest.mark.exercise("l2.prefill_decode", part="query_energy_wh")
def test_query_energy_with_prompt(submission):
    mod = submission(EX6)
    for n, inp, out, gpu, pre, util, watts, frac, pue in PREFILL_CASES:
        peak = E.get_gpu(gpu).bf16_flops
        expected = E.query_energy_wh(
            n,
            out,
            gpu=gpu,
            utilization=util,
            watts_per_gpu=watts,
            power_fraction=frac,
            pue=pue,
            input_tokens=inp,
            prefill_utilization=pre,
        )
        scale = watts * frac * pue / 3600
        seconds = _prefill_seconds(n, inp, peak, pre) + _prefill_seconds(n, out, peak, util)
        assert math.isclose(expected, seconds * scale, rel_tol=1e-9)
        got = mod.query_energy_wh(n, inp, out, peak, pre, util, watts, frac, pue)
        detail = f"N={n:g}, {inp} input and {out} output tokens on {gpu}: got {got!r} Wh, expected {expected:.6g} Wh"
        diagnose(got, expected, _prefill_candidates(n, inp, out, peak, pre, util, scale), detail)
        assert close(got, expected), detail


@pytest.mark.exercise("l2.prefill_decode", part="query_energy_wh")
def test_prompt_energy_near_epochs_long_input_estimate(submission):
    """With the prompt read at 30% of the peak, Epoch AI's 10k-token query lands near its estimate."""
    mod = submission(EX6)
    n, inp, out, gpu, pre, util, watts, frac, pue = PREFILL_CASES[0]
    got = mod.query_energy_wh(n, inp, out, E.get_gpu(gpu).bf16_flops, pre, util, watts, frac, pue)
    assert isinstance(got, float) and abs(got / EPOCH_LONG_INPUT_WH.value - 1) < 0.25, (
        f"Epoch AI estimates about {EPOCH_LONG_INPUT_WH.value} Wh for this query; got {got!r}"
    )


@pytest.mark.exercise("l2.prefill_decode", part="prefill_share")
def test_prefill_share(submission):
    mod = submission(EX6)
    for n, inp, out, gpu, pre, util, *_ in PREFILL_CASES:
        steps = E.query_energy(n, out, gpu=gpu, utilization=util, input_tokens=inp, prefill_utilization=pre)
        expected = steps.prefill_seconds / steps.gpu_seconds
        assert math.isclose(expected, (inp / pre) / (inp / pre + out / util), rel_tol=1e-9)
        got = mod.prefill_share(inp, out, pre, util)
        detail = (
            f"{inp} input and {out} output tokens, utilization {pre} and {util}: got {got!r}, expected {expected:.4f}"
        )
        if isinstance(got, (int, float)) and got == 0:
            fail_with_hint("output_only", detail)
        diagnose(
            got,
            expected,
            [
                ("prefill_at_decode_utilization", inp / (inp + out)),
                ("prompt_per_output_token", (inp * out / pre) / (inp * out / pre + out / util)),
            ],
            detail,
        )
        assert close(got, expected), detail
