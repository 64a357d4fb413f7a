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

EX1 = "lesson2/ex01_flops.py"
EX2 = "lesson2/ex02_query_energy.py"
EX3 = "lesson2/ex03_roofline.py"
EX4 = "lesson2/ex04_electricity_cost.py"
EX5 = "lesson2/ex05_carbon.py"


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return isinstance(a, (int, float)) and not isinstance(a, bool) and math.isclose(a, b, rel_tol=rel)


#: How close an answer must be to a misconception's value to get its hint: loose enough for a
#: learner who rounded a constant (989e12 vs 9.9e14, 3.35e12 vs 3.4e12). A hint is given only
#: when the answer is nearer the misconception's value than the right one.
HINT_TOLERANCE = 0.02


def diagnose(got: float, expected: float, candidates: list[tuple[str, float]], detail: str) -> None:
    """Fail with the hint of the first misconception whose (wrong) value the answer matches.

    Matches within :data:`HINT_TOLERANCE`, only when the answer is not the right one and is
    nearer the misconception's value than the right one.
    """
    if close(got, expected) or not isinstance(got, (int, float)) or isinstance(got, bool):
        return
    for key, wrong in candidates:
        if close(wrong, expected, rel=1e-6):
            continue
        if close(got, wrong, rel=HINT_TOLERANCE) and abs(got - wrong) < abs(got - expected):
            fail_with_hint(key, detail)


# --- exercise 1: FLOPs ---------------------------------------------------------------------------


@pytest.mark.exercise("l2.flops", part="inference")
def test_flops_per_token(submission):
    mod = submission(EX1)
    for n in (7e9, 70.55e9, 1.5e9, 405e9):
        expected = E.forward_flops_per_token(n)
        assert expected == 2 * n
        got = mod.flops_per_token(n)
        if close(got, n):
            fail_with_hint("forgot_factor_two", f"{n:g} parameters: got {got:g} FLOPs, expected {expected:g}")
        assert close(got, expected), f"{n:g} parameters: expected {expected:g} FLOPs per token, got {got!r}"


@pytest.mark.exercise("l2.flops", part="inference")
def test_flops_per_query(submission):
    mod = submission(EX1)
    for n, tokens in ((100e9, 500), (8e9, 1500), (70e9, 1)):
        expected = E.forward_flops_per_token(n) * tokens
        got = mod.flops_per_query(n, tokens)
        if close(got, n * tokens):
            fail_with_hint(
                "forgot_factor_two", f"{n:g} parameters × {tokens} tokens: got {got:g}, expected {expected:g}"
            )
        assert close(got, expected), f"{n:g} parameters, {tokens} tokens: expected {expected:g} FLOPs, got {got!r}"
    assert close(mod.flops_per_query(100e9, 500), 1e14), "Epoch AI's GPT-4o query is 1e14 FLOPs"


@pytest.mark.exercise("l2.flops", part="training")
def test_training_flops(submission):
    mod = submission(EX1)
    for n, d in ((1e9, 20e9), (70e9, 15e12), (124e6, 300e9)):
        expected = E.training_flops(n, d)
        assert expected == 6 * n * d
        got = mod.training_flops(n, d)
        if close(got, 2 * n * d):
            fail_with_hint("forward_only", f"N={n:g}, D={d:g}: got {got:g}, expected {expected:g}")
        if close(got, 3 * n * d):
            fail_with_hint("forgot_factor_two", f"N={n:g}, D={d:g}: got {got:g}, expected {expected:g}")
        assert close(got, expected), f"N={n:g}, D={d:g}: expected {expected:g} FLOPs, got {got!r}"


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
        if close(got, 2 * n * tokens / (H100_SPARSE * util)):
            fail_with_hint("sparse_flops", f"got {got:.4g} s, expected {expected:.4g} s")
        if close(got, expected / 2):
            fail_with_hint("forgot_factor_two", f"got {got:.4g} s, expected {expected:.4g} s")
        if close(got, expected * util):
            fail_with_hint("ignored_utilization", f"got {got:.4g} s, expected {expected:.4g} s")
        assert close(got, expected), (
            f"N={n:g}, {tokens} tokens, utilization {util}: expected {expected:.6g} s, got {got!r}"
        )


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
        if close(got, expected * H100_DENSE / H100_SPARSE):
            fail_with_hint("sparse_flops", detail)
        if close(got, expected * 3600) or close(got, expected * 3600 / pue) or close(got, expected * 3600 / frac):
            fail_with_hint("joules_not_wh", detail)
        if close(got, expected / pue):
            fail_with_hint("forgot_pue", detail)
        if close(got, expected / frac):
            fail_with_hint("tdp_at_any_load", detail)
        if close(got, expected / 2):
            fail_with_hint("forgot_factor_two", detail)
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
        if close(got, p.tokens_per_second / watts):
            fail_with_hint("inverted", f"{watts:.0f} W at {p.tokens_per_second} tokens/s: got {got!r}")
        assert close(got, p.joules_per_token), (
            f"{watts:.0f} W at {p.tokens_per_second} tokens/s: expected {p.joules_per_token} J, got {got!r}"
        )


@pytest.mark.exercise("l2.electricity_cost", part="usd_per_million_tokens")
def test_usd_per_million_tokens(submission):
    mod = submission(EX4)
    for j, price, pue in ((0.563, 0.08, 1.2), (3.76, 0.15, 1.58), (0.12, 0.0713, 1.09)):
        expected = j * 1e6 * pue / 3.6e6 * price
        assert math.isclose(expected, E.electricity_cost_per_million_tokens(j, price, pue), rel_tol=1e-12)
        got = mod.usd_per_million_tokens(j, price, pue)
        detail = f"{j} J/token, ${price}/kWh, PUE {pue}: got {got!r}, expected {expected:.6g}"
        if close(got, expected * 3600) or close(got, expected * 3600 / pue):
            fail_with_hint("joules_as_wh", detail)
        if close(got, expected / pue):
            fail_with_hint("forgot_pue", detail)
        assert close(got, expected), detail


# --- exercise 5: carbon ------------------------------------------------------------------------------


@pytest.mark.exercise("l2.carbon", part="grams_co2")
def test_grams_per_query(submission):
    mod = submission(EX5)
    for wh, code in ((0.3, "USA"), (0.24, "FRA"), (29.0, "IND")):
        grid = E.grid_intensity_g_per_kwh(code)  # read from the installed ecologits data
        expected = wh / 1000 * grid
        got = mod.grams_co2_per_query(wh, grid)
        if close(got, wh * grid):
            fail_with_hint(
                "wh_as_kwh", f"{wh} Wh on {code}'s grid ({grid:.0f} g/kWh): got {got!r}, expected {expected:.4g}"
            )
        assert close(got, expected), f"{wh} Wh at {grid:.0f} g/kWh: expected {expected:.6g} g, got {got!r}"


@pytest.mark.exercise("l2.carbon", part="grams_co2")
def test_grams_per_million_tokens(submission):
    mod = submission(EX5)
    for j, code, pue in ((0.563, "CHN", 1.2), (0.12, "SWE", 1.09), (3.76, "WOR", 1.58)):
        expected = E.carbon_g_per_million_tokens(j, code, pue)
        assert math.isclose(expected, j * 1e6 * pue / 3.6e6 * E.grid_intensity_g_per_kwh(code), rel_tol=1e-12)
        got = mod.grams_co2_per_million_tokens(j, code, pue)
        detail = f"{j} J/token in {code}, PUE {pue}: got {got!r}, expected {expected:.6g} g"
        if close(got, expected / pue):
            fail_with_hint("forgot_pue", detail)
        if close(got, expected * 3600) or close(got, expected * 1000):
            fail_with_hint("wh_as_kwh", detail)
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
