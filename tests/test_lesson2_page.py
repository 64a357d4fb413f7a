"""Lesson 2 page values that the issue pinned: each computed by the library, each able to fail."""

from __future__ import annotations

import pytest

from token_economics import energy as E
from token_economics.site import lesson2

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def values() -> dict[str, str]:
    return lesson2.values()


def test_attention_share_at_long_contexts(values):
    assert values["attn_share_8k"] == "7.6%"
    assert values["attn_share_32k"] == "30%"
    assert values["attn_share_128k"] == "122%"


def test_utilization_from_measurements(values):
    assert values["util_b8"] == "1.7%"
    assert values["util_b128"] == "14%"
    assert values["util_b1024"] == "24%"


def test_batch8_power_and_throughput_explain_the_ratio(values):
    assert values["meas70_b8_watts_per_gpu"] == "441"
    assert values["roof70_b8_tps"] == "760"


def test_like_with_like_query(values):
    assert values["meas70_query_wh"] == "0.078"
    assert values["meas70_query_wh_pue"] == "0.094"


def test_energy_keeps_falling_at_large_batches():
    h100 = {p.batch_size: p for p in lesson2._anchor_sweep("H100", 4)}
    b200 = {p.batch_size: p for p in lesson2._anchor_sweep("B200", 2)}
    assert h100[1024].joules_per_token < h100[256].joules_per_token * 0.8
    assert b200[2048].joules_per_token < b200[256].joules_per_token * 0.6
    # the weights-only roofline is flat there: it cannot explain the fall
    flat = [E.roofline_joules_per_token(h100[b].active_params, gpu="H100", n_gpus=4, batch_size=b) for b in (512, 1024)]
    assert flat[0] == pytest.approx(flat[1])


def test_page_has_no_power_meter_or_floor_claim():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "lessons" / "02-why-tokens-use-electricity.md").read_text()
    assert "power meter" not in page
    assert "adds a little more" not in page
    assert "hardware floor" not in page
    assert "NVML" in page
