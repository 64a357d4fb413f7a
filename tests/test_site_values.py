"""The numbers the lesson pages show, tested on their own (not only through the docs build).

Each lesson's ``token_economics.site.lessonN.values()`` gives every placeholder of its page. These
tests check their shape, and recompute a sample from the library functions they must come from.
"""

from __future__ import annotations

import importlib
import re

import pytest

from token_economics import agents as ag
from token_economics import energy as E
from token_economics.market import current_price

LESSONS = [1, 2, 3, 4, 5]


@pytest.fixture(scope="module")
def values() -> dict[int, dict[str, str]]:
    return {n: importlib.import_module(f"token_economics.site.lesson{n}").values() for n in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_value_is_a_short_nonempty_string(values, lesson):
    got = values[lesson]
    assert len(got) >= 20, f"lesson {lesson} shows only {len(got)} values"
    for key, value in got.items():
        assert re.fullmatch(r"[a-z0-9_]+", key), f"lesson {lesson}: placeholder {key!r}"
        assert isinstance(value, str) and value.strip(), f"lesson {lesson}: {key} is empty"
        assert "nan" not in value.lower().split() and "inf" not in value.lower().split(), (key, value)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_placeholder_on_the_page_has_a_value(values, lesson):
    from pathlib import Path

    page = next((Path(__file__).resolve().parents[1] / "docs" / "lessons").glob(f"0{lesson}-*.md"))
    used = set(re.findall(rf"{{{{\s*l{lesson}\.([a-z0-9_]+)\s*}}}}", page.read_text(encoding="utf-8")))
    assert used <= set(values[lesson]), f"lesson {lesson}: no value for {sorted(used - set(values[lesson]))}"


def test_lesson2_epoch_steps_come_from_the_energy_function(values):
    steps = E.epoch_steps()
    v = values[2]
    assert v["epoch_wh"] == f"{steps.wh:.3f}"
    assert v["epoch_gpu_seconds"] == f"{steps.gpu_seconds:.2f}"
    assert v["epoch_joules"] == f"{steps.joules:,.0f}"
    assert v["epoch_avg_watts"] == f"{steps.watts:,.0f}"
    assert v["epoch_effective_tflops"] == f"{steps.effective_flops_per_s / 1e12:,.1f}"


def test_lesson3_cache_breakeven_comes_from_agents(values):
    from token_economics.site import lesson3

    price = lesson3._price()
    reads = ag.breakeven_reads(price.cache_write_multiplier, price.cache_read_multiplier)
    assert values[3]["breakeven_5m_reads"] == str(int(reads) + 1)


def test_lesson4_today_prices_come_from_the_pinned_snapshot(values):
    from token_economics import market
    from token_economics.site import lesson4

    snap = market.snapshot_date()
    assert values[4]["snapshot_date"] == snap.isoformat()
    _label, model, provider = lesson4.TODAY_MODELS[0]
    key = model.replace("-", "_").replace(".", "_")
    price = current_price(model, provider, at=snap)
    assert values[4][f"today_{key}_in"] == lesson4._usd(price.usd_per_million_input)
