"""Unit tests for lesson 2's library: token_economics.energy and token_economics.tinygpt.

Expected values are computed here from first principles (the formula written out) or from
the cited source's own published numbers, never copied from the library's output.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from importlib import metadata, resources

import numpy as np
import pytest

from token_economics import energy as E
from token_economics import tinygpt as T
from token_economics.data import DATA_DIR, cite, load_toml, sha256_of

BAD_NUMBERS = [-1.0, float("nan"), float("inf"), float("-inf")]


# --- FLOPs ------------------------------------------------------------------------------------


def test_forward_flops_is_two_n_plus_attention():
    assert E.forward_flops_per_token(7e9) == 14e9
    # 2N + 2·n_layer·n_ctx·d_attn, written out
    n, layers, ctx, width = 1.5e9, 48, 1024, 1600
    assert E.forward_flops_per_token(n, n_layers=layers, context_tokens=ctx, d_attn=width) == (
        2 * n + 2 * layers * ctx * width
    )
    assert E.forward_flops_per_token(0) == 0


def test_training_flops_is_six_n_d():
    assert E.training_flops(70e9, 15e12) == 6 * 70e9 * 15e12
    assert E.training_flops(1e9, 0) == 0


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_flops_reject_bad_numbers(bad):
    with pytest.raises(ValueError):
        E.forward_flops_per_token(bad)
    with pytest.raises(ValueError):
        E.forward_flops_per_token(1e9, n_layers=bad, context_tokens=10, d_attn=10)
    with pytest.raises(ValueError):
        E.training_flops(1e9, bad)


@pytest.mark.parametrize("bad", ["7e9", None, True, [1]])
def test_flops_reject_non_numbers(bad):
    with pytest.raises(ValueError, match="number"):
        E.forward_flops_per_token(bad)


# --- GPU catalogue ----------------------------------------------------------------------------


def test_catalogue_has_the_four_gpus_with_dense_figures():
    assert E.available_gpus() == ["A100", "H100", "H200", "B200"]
    # dense BF16, per NVIDIA: half the "with sparsity" headline numbers
    assert E.get_gpu("A100").bf16_flops == 624e12 / 2
    assert E.get_gpu("H100").bf16_flops == pytest.approx(1979e12 / 2, rel=1e-3)
    assert E.get_gpu("H200").bf16_flops == E.get_gpu("H100").bf16_flops
    assert E.get_gpu("B200").bf16_flops == 4.5e15 / 2
    assert [E.get_gpu(g).tdp_watts for g in E.available_gpus()] == [400, 700, 700, 1000]
    assert E.get_gpu("H100").bandwidth_bytes_per_s == 3.35e12
    assert E.get_gpu("H200").memory_bytes == 141e9


def test_every_gpu_cites_an_existing_reference():
    for name in E.available_gpus():
        spec = E.get_gpu(name)
        assert cite(spec.source).url.startswith("https://")


def test_get_gpu_is_case_insensitive_and_accepts_full_names():
    assert E.get_gpu("h100") is E.get_gpu("H100")
    assert E.get_gpu("  H100 SXM 80GB ") is E.get_gpu("H100")
    spec = E.get_gpu("B200")
    assert E.get_gpu(spec) is spec


@pytest.mark.parametrize("bad", ["H800", "", "RTX 4090", None, 100])
def test_unknown_gpu_lists_known_names(bad):
    with pytest.raises(ValueError) as err:
        E.get_gpu(bad)
    for name in E.available_gpus():
        assert name in str(err.value)


def test_gpu_spec_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        E.get_gpu("H100").tdp_watts = 1  # type: ignore[misc]


# --- Epoch AI's estimate --------------------------------------------------------------------


def test_query_energy_formula_written_out():
    n, tokens, util, watts, frac, pue = 30e9, 800, 0.25, 900.0, 0.6, 1.3
    peak = E.get_gpu("A100").bf16_flops
    expected_wh = (2 * n * tokens) / (peak * util) * watts * frac * pue / 3600
    got = E.query_energy_wh(n, tokens, gpu="A100", utilization=util, watts_per_gpu=watts, power_fraction=frac, pue=pue)
    assert got == pytest.approx(expected_wh, rel=1e-12)


def test_query_energy_defaults_to_tdp():
    got = E.query_energy_wh(10e9, 100, gpu="H100", utilization=0.5)
    assert got == pytest.approx(2 * 10e9 * 100 / (989e12 * 0.5) * 700 / 3600, rel=1e-12)


def test_epoch_reproduction_matches_published_figure():
    # Epoch's spreadsheet: 1e14 FLOP, 1.01 GPU-seconds, 1,071 W average, 0.301 Wh.
    got = E.epoch_reproduction()
    assert got == pytest.approx(E.EPOCH_2025.spreadsheet_wh, abs=5e-4)
    assert round(got, 1) == E.EPOCH_2025.published_wh == 0.3
    inp = E.EPOCH_2025
    assert inp.watts_per_gpu * inp.power_fraction * inp.pue == pytest.approx(1071)
    assert E.forward_flops_per_token(inp.active_params) * inp.output_tokens == 1e14


@pytest.mark.parametrize(
    "params, tokens, util, pue, published_wh",
    [
        (100e9, 1500, 0.10, 1.2, 0.902),  # GPT-4o with long output
        (20e9, 500, 0.10, 1.2, 0.06),  # smaller model (4o-mini)
        (200e9, 500, 0.05, 1.3, 1.304),  # pessimistic
        (200e9, 1500, 0.05, 1.3, 3.911),  # pessimistic + long output
    ],
)
def test_epoch_spreadsheet_variants(params, tokens, util, pue, published_wh):
    got = E.query_energy_wh(
        params, tokens, gpu="H100", utilization=util, watts_per_gpu=1275, power_fraction=0.7, pue=pue
    )
    assert got == pytest.approx(published_wh, abs=1e-3)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"utilization": 0},
        {"utilization": 1.5},
        {"utilization": float("nan")},
        {"utilization": 0.1, "pue": 0.9},
        {"utilization": 0.1, "pue": float("inf")},
        {"utilization": 0.1, "power_fraction": 0},
        {"utilization": 0.1, "watts_per_gpu": -700},
        {"utilization": 0.1, "gpu": "TPU v5"},
    ],
)
def test_query_energy_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        E.query_energy_wh(1e9, 100, **kwargs)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_query_energy_rejects_bad_counts(bad):
    with pytest.raises(ValueError):
        E.query_energy_wh(bad, 100, utilization=0.1)
    with pytest.raises(ValueError):
        E.query_energy_wh(1e9, bad, utilization=0.1)


def test_utilization_is_required():
    with pytest.raises(TypeError):
        E.query_energy_wh(1e9, 100)  # type: ignore[call-arg]


# --- roofline -------------------------------------------------------------------------------


def test_roofline_memory_bound_at_batch_one():
    n = 70e9
    r = E.roofline(n, gpu="H100", n_gpus=4, batch_size=1)
    expected_step = n * 2 / (4 * 3.35e12)
    assert r.bound == "memory"
    assert r.step_seconds == pytest.approx(expected_step, rel=1e-12)
    assert r.joules_per_token == pytest.approx(4 * 700 * expected_step, rel=1e-12)
    assert r.tokens_per_second == pytest.approx(1 / expected_step, rel=1e-12)
    assert r.fits_in_memory


def test_roofline_compute_bound_at_big_batch():
    n, batch = 8e9, 4096
    r = E.roofline(n, gpu="H100", batch_size=batch)
    expected_step = batch * 2 * n / 989e12
    assert r.bound == "compute"
    assert r.step_seconds == pytest.approx(expected_step, rel=1e-12)
    # compute-bound: energy per token no longer falls with batch — it is TDP / (peak/2N)
    assert r.joules_per_token == pytest.approx(700 * 2 * n / 989e12, rel=1e-12)


def test_roofline_energy_falls_then_flattens_with_batch():
    values = [E.roofline_joules_per_token(70e9, n_gpus=4, batch_size=b) for b in (1, 8, 64, 512, 4096)]
    assert all(a > b for a, b in zip(values[:3], values[1:4], strict=True))
    assert values[-1] == pytest.approx(values[-2], rel=1e-9)  # both compute-bound


def test_roofline_switch_point_is_the_ridge():
    # memory time = compute time when batch = bandwidth-limited ...
    # i.e. batch* = bytes_per_param · peak / (2 · bandwidth)
    spec = E.get_gpu("H100")
    ridge_batch = 2.0 * spec.bf16_flops / (2 * spec.bandwidth_bytes_per_s)
    below = E.roofline(1e9, batch_size=math.floor(ridge_batch))
    above = E.roofline(1e9, batch_size=math.ceil(ridge_batch))
    assert below.bound == "memory" and above.bound == "compute"


def test_roofline_helpers_agree_and_fp8_halves_the_memory_time():
    assert E.roofline_tokens_per_second(7e9, batch_size=4) == E.roofline(7e9, batch_size=4).tokens_per_second
    bf16 = E.roofline(7e9, bytes_per_param=2)
    fp8 = E.roofline(7e9, bytes_per_param=1)
    assert fp8.memory_seconds == pytest.approx(bf16.memory_seconds / 2)
    assert not E.roofline(400e9, gpu="H100").fits_in_memory


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_gpus": 0},
        {"batch_size": 0},
        {"batch_size": 1.5},
        {"batch_size": float("nan")},
        {"bytes_per_param": 0},
        {"bytes_per_param": -2},
        {"gpu": "K80"},
    ],
)
def test_roofline_rejects_bad_inputs(kwargs):
    with pytest.raises(ValueError):
        E.roofline(7e9, **kwargs)


@pytest.mark.parametrize("bad", [0, *BAD_NUMBERS])
def test_roofline_rejects_bad_params(bad):
    with pytest.raises(ValueError):
        E.roofline_joules_per_token(bad)


# --- money ----------------------------------------------------------------------------------


def test_electricity_cost_formula():
    # 0.563 J/token, PUE 1.2, $0.08/kWh: 1e6 × 0.563 × 1.2 J = 0.18767 kWh → $0.01501
    got = E.electricity_cost_per_million_tokens(0.563, 0.08, pue=1.2)
    assert got == pytest.approx(0.563 * 1e6 * 1.2 / 3.6e6 * 0.08, rel=1e-12)
    assert got == pytest.approx(0.015, abs=5e-5)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_electricity_cost_rejects_bad_numbers(bad):
    with pytest.raises(ValueError):
        E.electricity_cost_per_million_tokens(bad, 0.08)
    with pytest.raises(ValueError):
        E.electricity_cost_per_million_tokens(0.5, bad)
    with pytest.raises(ValueError):
        E.electricity_cost_per_million_tokens(0.5, 0.08, pue=bad)


# --- carbon: the package's data, not retyped numbers ------------------------------------------


def _package_mixes() -> dict[str, float]:
    path = resources.files("ecologits") / "data" / "electricity_mixes.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {row["name"]: row["gwp"] for row in raw["electricity_mixes"]}


def test_grid_intensity_reads_the_installed_ecologits_data():
    mixes = _package_mixes()
    for code in ("FRA", "USA", "CHN", "WOR", "SWE", "IND"):
        assert E.grid_intensity_g_per_kwh(code) == pytest.approx(mixes[code] * 1000, rel=1e-12)
    assert E.grid_intensity_g_per_kwh("fra") == E.grid_intensity_g_per_kwh("FRA")
    assert E.available_grid_zones() == sorted(mixes)


def test_grid_intensity_orders_as_expected():
    # not retyped values: only the ordering the lesson relies on
    assert E.grid_intensity_g_per_kwh("FRA") < E.grid_intensity_g_per_kwh("USA") < E.grid_intensity_g_per_kwh("CHN")


def test_dataset_provenance_is_reported():
    info = E.electricity_mix_dataset()
    assert info.package == "ecologits"
    assert info.version == metadata.version("ecologits")
    assert info.zones == len(_package_mixes()) > 100
    assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)
    for key in info.source.split(", "):
        cite(key)


@pytest.mark.parametrize("bad", ["FR", "France", "XXX", "", None, 250])
def test_unknown_zone_raises(bad):
    with pytest.raises(ValueError, match="alpha-3"):
        E.grid_intensity_g_per_kwh(bad)


def test_carbon_formulas():
    g = E.grid_intensity_g_per_kwh("DEU")
    assert E.carbon_g_per_query(0.3, "DEU") == pytest.approx(0.3 / 1000 * g)
    assert E.carbon_g_per_million_tokens(0.5, "DEU", pue=1.2) == pytest.approx(0.5 * 1e6 * 1.2 / 3.6e6 * g)
    with pytest.raises(ValueError):
        E.carbon_g_per_query(-0.3, "DEU")
    with pytest.raises(ValueError):
        E.carbon_g_per_million_tokens(float("nan"), "DEU")


# --- EcoLogits cross-check (offline: the suite blocks the network) ------------------------


def test_ecologits_crosscheck_runs_offline_for_two_models():
    for provider, model in (("openai", "gpt-4o-mini"), ("huggingface_hub", "meta-llama/Meta-Llama-3.1-70B-Instruct")):
        c = E.ecologits_crosscheck(provider, model, 500)
        assert c.ecologits_wh[0] > 0 and c.ecologits_wh[0] <= c.ecologits_wh[1]
        assert c.course_wh[0] <= c.course_wh[1]
        # the course side is Epoch's formula applied to EcoLogits' own parameter estimate
        assert c.course_wh[1] == pytest.approx(
            E.query_energy_wh(c.active_params[1], 500, utilization=0.1, watts_per_gpu=1275, power_fraction=0.7, pue=1.2)
        )
        # two independent methods, same order of magnitude for these models
        assert 0.2 < c.ratio[0] < 5 and 0.2 < c.ratio[1] < 5
        assert c.ecologits_version == metadata.version("ecologits")


def test_ecologits_crosscheck_uses_ecologits_parameters():
    c = E.ecologits_crosscheck("huggingface_hub", "meta-llama/Meta-Llama-3.1-70B-Instruct", 100)
    assert c.active_params == c.total_params
    assert 60e9 < c.active_params[0] < 80e9


def test_ecologits_crosscheck_errors():
    with pytest.raises(ValueError, match="provider"):
        E.ecologits_crosscheck("nobody", "gpt-4o-mini")
    with pytest.raises(ValueError, match="no model"):
        E.ecologits_crosscheck("openai", "gpt-0")
    with pytest.raises(ValueError):
        E.ecologits_crosscheck("openai", "gpt-4o-mini", 0)


# --- cited data -----------------------------------------------------------------------------


def test_measured_points_are_typed_and_cited():
    points = E.measured_points()
    assert len(points) >= 10
    for p in points:
        assert isinstance(p.joules_per_token, float) and p.joules_per_token > 0
        assert isinstance(p.batch_size, int) and isinstance(p.n_gpus, int)
        E.get_gpu(p.gpu)
        cite(p.source)
        cite(p.source_params)
    anchor = [p for p in points if p.gpu == "H100" and p.n_gpus == 4 and p.batch_size == 128]
    assert len(anchor) == 1
    assert anchor[0].joules_per_token == pytest.approx(0.563, abs=5e-4)
    assert anchor[0].tokens_per_second == pytest.approx(3876, abs=1)


def test_measured_energy_falls_with_batch_and_stays_above_the_roofline():
    sweep = sorted(
        (p for p in E.measured_points() if p.model.startswith("Llama 3.1 70B") and p.gpu == "H100"),
        key=lambda p: p.batch_size,
    )
    energies = [p.joules_per_token for p in sweep]
    assert energies == sorted(energies, reverse=True)
    for p in E.measured_points():
        floor = E.roofline_joules_per_token(p.active_params, gpu=p.gpu, n_gpus=p.n_gpus, batch_size=p.batch_size)
        # ≥ 95 % of the floor: the floor assumes full TDP, measured power is lower
        assert p.joules_per_token >= 0.95 * floor, p
        if p.watts is not None:
            assert p.watts <= p.n_gpus * E.get_gpu(p.gpu).tdp_watts


def test_published_figures():
    rows = {f.source: f for f in E.published_query_figures()}
    assert rows["epoch2025energy"].energy_wh == 0.3
    assert rows["google2025gemini"].energy_wh == 0.24
    assert rows["altman2025gentle"].energy_wh == 0.34
    long = [f for f in E.published_query_figures() if f.source == "jegham2025hungry" and f.qualifier == "more than"]
    assert long and long[0].energy_wh == 29
    for f in E.published_query_figures():
        cite(f.source)
        assert f.scope and f.method


# --- references and shipped data -------------------------------------------------------------


def test_every_ref_key_in_the_modules_exists():
    import inspect

    text = inspect.getsource(E) + inspect.getsource(T)
    keys = set(re.findall(r"\[ref:([a-z0-9_]+)\]", text))
    assert keys
    for key in keys:
        cite(key)


def test_lesson2_references_are_complete():
    table = load_toml("references", "lesson2.toml")
    for key, entry in table.items():
        assert key == key.lower()
        assert entry["url"].startswith("https://"), key


def test_lesson2_data_readme_matches_files():
    folder = DATA_DIR / "lesson2"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\|\s*`?([\w.]+\.csv)`?\s*\|.*\|\s*`?([0-9a-f]{64})`?\s*\|\s*$", readme, flags=re.M))
    shipped = {p.name for p in folder.iterdir() if p.suffix == ".csv"}
    assert set(listed) == shipped
    for name, digest in listed.items():
        assert sha256_of(folder / name) == digest, name


# --- tiny transformer -------------------------------------------------------------------------


def test_tinygpt_parameter_count_matches_allocated_weights():
    cfg = T.TinyGPTConfig(vocab_size=512, d_model=64, n_heads=4, n_layers=3, n_ctx=32)
    model = T.TinyGPT(cfg)
    assert model.count_params() == cfg.n_params
    d = 64
    assert cfg.non_embedding_params == 3 * (12 * d * d + 4 * d) + 2 * d
    assert cfg.embedding_params == 512 * d + 32 * d


def test_tinygpt_mac_count_matches_the_shapes():
    cfg = T.TinyGPTConfig(vocab_size=300, d_model=48, n_heads=3, n_layers=2, n_ctx=16)
    t, d = 10, 48
    per_layer = t * d * 3 * d + t * d * d + t * d * 4 * d + t * 4 * d * d + 2 * t * t * d
    assert cfg.matmul_macs_per_token(t) * t == cfg.n_layers * per_layer + t * d * 300
    assert cfg.flops_per_token(t) == 2 * cfg.matmul_macs_per_token(t)


def test_tinygpt_forward_is_causal_and_deterministic():
    cfg = T.TinyGPTConfig(vocab_size=97, d_model=32, n_heads=4, n_layers=2, n_ctx=12)
    model = T.TinyGPT(cfg, seed=3)
    ids = np.array([5, 9, 1, 44, 2, 7])
    out = model.forward(ids)
    assert out.shape == (6, 97)
    changed = ids.copy()
    changed[-1] = 60
    # changing the last token cannot change the logits at earlier positions
    np.testing.assert_allclose(model.forward(changed)[:-1], out[:-1], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(T.TinyGPT(cfg, seed=3).forward(ids), out)


@pytest.mark.parametrize("ids", [[], [100], [-1], list(range(13))])
def test_tinygpt_rejects_bad_ids(ids):
    cfg = T.TinyGPTConfig(vocab_size=97, d_model=32, n_heads=4, n_layers=1, n_ctx=12)
    with pytest.raises(ValueError):
        T.TinyGPT(cfg).forward(np.array(ids, dtype=int))


def test_tinygpt_config_checks():
    with pytest.raises(ValueError, match="divide"):
        T.TinyGPTConfig(d_model=30, n_heads=4)
    with pytest.raises(ValueError):
        T.TinyGPTConfig(n_layers=0)


def test_the_line_fit_tells_a_straight_line_from_a_curve():
    def timing(flops: int, seconds: float) -> T.TimingResult:
        return T.TimingResult(
            config=T.TinyGPTConfig(),
            seq_len=64,
            n_params=0,
            non_embedding_params=0,
            flops_per_token=flops,
            seconds_per_token=seconds,
        )

    line = [timing(f, 2e-6 + 3e-12 * f) for f in (1_000_000, 5_000_000, 9_000_000, 20_000_000)]
    k, overhead, r2 = T.fit_seconds_per_flop(line)
    assert k == pytest.approx(3e-12) and overhead == pytest.approx(2e-6) and r2 == pytest.approx(1.0)
    curve = [timing(f, 1e-20 * f**2) for f in (1_000_000, 5_000_000, 9_000_000, 20_000_000)]
    assert T.fit_seconds_per_flop(curve)[2] < 0.99
    with pytest.raises(ValueError):
        T.fit_seconds_per_flop(line[:1])


def test_time_grows_with_the_arithmetic(monkeypatch):
    """The experiment and its fit, on a clock that advances by exactly the arithmetic of each
    forward pass (1 ps per FLOP, plus 2 µs of overhead, and a slower first run): no test depends
    on how fast the machine is. The notebook runs the same experiment on the real clock."""
    now = [0.0]
    runs: dict[int, int] = {}

    def forward(self, ids):
        runs[id(self)] = runs.get(id(self), 0) + 1
        slow_first = 3.0 if runs[id(self)] == 1 else 1.0  # a warm-up is slower: it must not count
        now[0] += slow_first * (self.config.flops_per_token(len(ids)) * len(ids) * 1e-12 + 2e-6)
        return None

    monkeypatch.setattr(T.TinyGPT, "forward", forward)
    results = T.scaling_experiment(
        (64, 256, 512, 768), n_layers=2, vocab_size=1024, seq_len=64, repeats=3, clock=lambda: now[0]
    )
    assert results[-1].flops_per_token > 20 * results[0].flops_per_token
    k, overhead, r2 = T.fit_seconds_per_flop(results)
    assert k == pytest.approx(1e-12) and overhead == pytest.approx(2e-6 / 64) and r2 == pytest.approx(1.0)
    one = T.time_forward(results[0].config, seq_len=64, repeats=2, clock=lambda: now[0])
    assert one.seconds_per_token == pytest.approx(results[0].seconds_per_token)


def test_cpu_energy_is_an_explicit_estimate():
    assert T.cpu_energy_estimate_joules(0.5, 20.0) == 10.0
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            T.cpu_energy_estimate_joules(bad, 20.0)
        with pytest.raises(ValueError):
            T.cpu_energy_estimate_joules(1.0, bad)


def test_query_energy_returns_every_step_of_epochs_method():
    steps = E.epoch_steps()
    ep = E.EPOCH_2025
    assert steps.flops == 2 * ep.active_params * ep.output_tokens
    assert steps.effective_flops_per_s == pytest.approx(E.get_gpu(ep.gpu).bf16_flops * ep.utilization)
    assert steps.gpu_seconds == pytest.approx(steps.flops / steps.effective_flops_per_s)
    assert steps.watts == pytest.approx(ep.watts_per_gpu * ep.power_fraction * ep.pue)
    assert steps.joules == pytest.approx(steps.gpu_seconds * steps.watts)
    assert steps.wh == pytest.approx(steps.joules / 3600) == pytest.approx(E.epoch_reproduction())
    assert round(steps.wh, 2) == 0.30  # Epoch AI's "about 0.3 Wh"
    with pytest.raises(ValueError):
        E.query_energy(-1, 500, utilization=0.1)


def test_training_flops_refuses_an_overflow():
    assert E.training_flops(70e9, 1e12) == pytest.approx(6 * 70e9 * 1e12)  # 4.2 × 10²³
    assert E.training_flops(0, 1e12) == 0.0
    with pytest.raises(ValueError):
        E.training_flops(1e308, 10)  # the product would overflow


# --- issue 14: attention, input tokens, KV cache, measured utilization -------------------------


def test_attention_overhead_for_llama_70b():
    share = [
        E.attention_overhead_fraction(70.55e9, n_layers=80, context_tokens=c, d_attn=8192)
        for c in (8192, 32768, 131072)
    ]
    assert share == pytest.approx([0.0761, 0.3044, 1.2176], rel=1e-3)
    assert E.attention_overhead_fraction(70.55e9, n_layers=80, context_tokens=0, d_attn=8192) == 0
    with pytest.raises(ValueError, match="n_params"):
        E.attention_overhead_fraction(0, n_layers=80, context_tokens=10, d_attn=8192)


def test_input_tokens_default_keeps_epoch_result():
    ep = E.EPOCH_2025
    kw = dict(
        gpu=ep.gpu,
        utilization=ep.utilization,
        watts_per_gpu=ep.watts_per_gpu,
        power_fraction=ep.power_fraction,
        pue=ep.pue,
    )
    base = E.query_energy_wh(ep.active_params, ep.output_tokens, **kw)
    assert base == pytest.approx(0.3008, abs=1e-4)
    assert E.query_energy_wh(ep.active_params, ep.output_tokens, input_tokens=0, **kw) == base


def test_prefill_counts_two_n_per_prompt_token_and_quadratic_attention():
    kw = dict(gpu="H100", utilization=0.1)
    # no attention term, same utilization: a prompt token costs what an answer token costs
    assert E.query_energy_wh(1e11, 500, input_tokens=1000, **kw) == pytest.approx(E.query_energy_wh(1e11, 1500, **kw))
    # a prefill three times as efficient costs a third
    steps = E.query_energy(1e11, 0, input_tokens=1000, prefill_utilization=0.3, **kw)
    assert steps.prefill_seconds == pytest.approx(2e11 * 1000 / (989e12 * 0.3))
    # attention over the prompt grows with its square: L·(L−1)·layers·width
    a = E.query_energy(1e11, 0, input_tokens=10_000, n_layers=80, d_attn=8192, **kw).prefill_flops - 2e11 * 10_000
    b = E.query_energy(1e11, 0, input_tokens=100_000, n_layers=80, d_attn=8192, **kw).prefill_flops - 2e11 * 100_000
    assert b / a == pytest.approx(100, rel=1e-3)
    with pytest.raises(ValueError, match="input_tokens"):
        E.query_energy_wh(1e11, 500, input_tokens=-1, **kw)
    with pytest.raises(ValueError, match="prefill_utilization"):
        E.query_energy_wh(1e11, 500, input_tokens=10, prefill_utilization=0, **kw)


def test_kv_cache_reads_keep_decoding_memory_bound():
    kv = E.kv_cache_bytes_per_token(80, 8, 128)
    assert kv == 327_680
    plain = E.roofline(70.55e9, gpu="H100", n_gpus=4, batch_size=512)
    with_kv = E.roofline(70.55e9, gpu="H100", n_gpus=4, batch_size=512, context_tokens=1000, kv_bytes_per_token=kv)
    assert plain.bound == "compute" and with_kv.bound == "memory"
    assert with_kv.kv_cache_bytes == pytest.approx(512 * 1000 * kv)
    # with the KV cache, energy per token at full power still falls from batch 256 to 1,024 (it flattens without)
    j = [E.roofline_joules_per_token(70.55e9, gpu="H100", n_gpus=4, batch_size=b) for b in (256, 1024)]
    jk = [
        E.roofline(
            70.55e9, gpu="H100", n_gpus=4, batch_size=b, context_tokens=300, kv_bytes_per_token=kv
        ).joules_per_token
        for b in (256, 1024)
    ]
    assert j[1] == pytest.approx(j[0], rel=0.15)
    assert jk[1] < jk[0]


def test_measured_utilization_matches_the_issue():
    pts = {p.batch_size: p for p in E.measured_points() if p.model == "Llama 3.1 70B Instruct" and p.gpu == "H100"}
    assert E.measured_utilization(pts[8]) == pytest.approx(0.017, abs=0.001)
    assert E.measured_utilization(pts[128]) == pytest.approx(0.138, abs=0.001)
    assert E.measured_utilization(pts[1024]) == pytest.approx(0.243, abs=0.001)
    no_tps = next(p for p in E.measured_points() if p.tokens_per_second is None)
    with pytest.raises(ValueError, match="throughput"):
        E.measured_utilization(no_tps)


# --- Epoch AI's long-prompt figures, recomputed (issue 14) ------------------------------------


def test_deepseek_phase_utilization_from_its_published_day():
    from token_economics.sources import (
        DEEPSEEK_CACHE_HIT_SHARE,
        DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE,
        DEEPSEEK_GPUS_PER_NODE,
        DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE,
        DEEPSEEK_V3_ACTIVE_PARAMS,
    )

    u = E.deepseek_phase_utilization()
    peak = E.get_gpu("H100").bf16_flops
    flops = 2 * DEEPSEEK_V3_ACTIVE_PARAMS.value
    computed = DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value * (1 - DEEPSEEK_CACHE_HIT_SHARE.value)
    assert u.prefill == pytest.approx(computed / DEEPSEEK_GPUS_PER_NODE.value * flops / peak)
    assert u.decode == pytest.approx(
        DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE.value / DEEPSEEK_GPUS_PER_NODE.value * flops / peak
    )
    # reading a prompt used the chips about twice as well as writing (30% vs 14% of peak)
    assert 0.25 < u.prefill < 0.35 and 0.10 < u.decode < 0.18
    assert u.prefill / u.decode == pytest.approx(2.2, abs=0.1)
    # counting cache hits as computed would overstate the prefill (the misconception): about 0.69
    with_hits = DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE.value / DEEPSEEK_GPUS_PER_NODE.value * flops / peak
    assert with_hits == pytest.approx(0.69, abs=0.01) and with_hits > 2 * u.prefill


def _long(tokens, **kw):
    from token_economics.sources import LLAMA31_405B_D_MODEL, LLAMA31_405B_LAYERS

    shape = {"n_layers": int(LLAMA31_405B_LAYERS.value), "d_attn": int(LLAMA31_405B_D_MODEL.value)}
    shape.update(kw)
    prefill = shape.pop("prefill_utilization", E.deepseek_phase_utilization().prefill)
    return E.epoch_long_input_wh(tokens, prefill_utilization=prefill, **shape)


def test_epoch_long_prompt_figures_are_reproduced_within_25_percent():
    from token_economics.sources import (
        EPOCH_LONG_INPUT_TOKENS,
        EPOCH_LONG_INPUT_WH,
        EPOCH_VERY_LONG_INPUT_TOKENS,
        EPOCH_VERY_LONG_INPUT_WH,
    )

    assert _long(EPOCH_LONG_INPUT_TOKENS.value) == pytest.approx(EPOCH_LONG_INPUT_WH.value, rel=0.25)
    assert _long(EPOCH_VERY_LONG_INPUT_TOKENS.value) == pytest.approx(EPOCH_VERY_LONG_INPUT_WH.value, rel=0.25)
    # and with no prompt it is Epoch's short query again (attention over the answer adds 0.5%)
    assert _long(0) == pytest.approx(E.epoch_reproduction(), rel=0.01)
    assert _long(0) > E.epoch_reproduction()


def test_each_assumption_of_the_long_prompt_matters_where_the_page_says():
    # prefill at decode's 10%: the 10k query is far above Epoch's 2.4 Wh
    assert _long(10_000, prefill_utilization=0.10) > 2 * 2.4
    # no attention: the 100k query is half of Epoch's 40 Wh; Llama 70B's narrower shape: too low too
    assert _long(100_000, n_layers=0, d_attn=0) < 0.6 * 40
    assert _long(100_000, n_layers=80, d_attn=8192) < 0.75 * 40
    # the long prompt is quadratic: ten times the prompt costs more than ten times the energy
    assert _long(100_000) > 10 * (_long(10_000) - _long(0))


@pytest.mark.parametrize(
    "kw",
    [
        {"input_tokens": -1},
        {"input_tokens": float("nan")},
        {"prefill_utilization": 0},
        {"prefill_utilization": 1.5},
        {"n_layers": -1},
        {"input_tokens": True},
    ],
)
def test_long_prompt_rejects_bad_input(kw):
    args = {"input_tokens": 10_000, "n_layers": 126, "d_attn": 16384, "prefill_utilization": 0.3}
    args.update(kw)
    tokens = args.pop("input_tokens")
    with pytest.raises((ValueError, TypeError)):
        E.epoch_long_input_wh(tokens, **args)


#: Our World in Data, "Carbon intensity of electricity generation" (Ember and Energy Institute),
#: gCO2e/kWh, as copied in github.com/pluginsGLPI/carbon (commit 4e695c14), by country and year.
#: [ref:owid_carbon_intensity]
OWID_BY_YEAR = {
    "FRA": {2023: 53.26, 2024: 40.48, 2025: 41.44},
    "CHN": {2023: 583.04, 2024: 555.4, 2025: 525.34},
    "DEU": {2023: 362.92, 2024: 336.38, 2025: 329.65},
    "WOR": {2023: 483.18, 2024: 471.08, 2025: 458.29},
    "AFG": {2023: 123.71, 2024: 131.31},
    "ALB": {2023: 24.42, 2024: 25.18},
}


def test_grid_intensities_are_owid_latest_year():
    """The page says EcoLogits' factors are OWID's 2025 values (2024 where 2025 is missing)."""
    for code, years in OWID_BY_YEAR.items():
        latest = max(years)
        assert E.grid_intensity_g_per_kwh(code) == pytest.approx(years[latest], abs=0.01), code
        # and not an earlier year's value (each differs by more than the rounding)
        for year in years:
            if year != latest:
                assert abs(E.grid_intensity_g_per_kwh(code) - years[year]) > 0.5, (code, year)
