"""The numbers the lesson pages show, tested on their own (not only through the docs build).

Each lesson's ``token_economics.site.lessonN.values()`` gives every placeholder of its page. These
tests check their shape, and recompute a sample from the library functions they must come from.
"""

from __future__ import annotations

import importlib
import math
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


def test_one_set_of_number_formats_for_every_page():
    from datetime import date

    from token_economics.site import formatting as F

    assert F.sig(0.06612) == "0.066" and F.sig(1234.5) == "1,200" and F.sig(0) == "0" and F.sig(math.inf) == "inf"
    assert F.sci(1e14) == "1.0 × 10¹⁴" and F.sci(4.2e23) == "4.2 × 10²³"
    assert F.pct(0.256) == "26%" and F.pct(0.256, 1) == "25.6%"
    assert F.usd(4.384) == "$4.38" and F.usd(1234.5, 0) == "$1,234"
    assert F.usd_adaptive(60.0) == "$60.00" and F.usd_adaptive(150) == "$150" and F.usd_adaptive(0.066) == "$0.066"
    assert F.integer(12345.4) == "12,345" and F.trim(1.50) == "1.5" and F.trim(2.0) == "2"
    assert F.times(12.3) == "12×" and F.month(date(2024, 11, 12)) == "November 2024"
    assert F.tokens_in_words(9.7e12) == "9.7 trillion" and F.tokens_in_words(5e5) == "500,000"


def test_no_lesson_page_module_keeps_a_formatter_of_its_own():
    from pathlib import Path

    site = Path(__file__).resolve().parents[1] / "src" / "token_economics" / "site"
    for path in sorted(site.glob("lesson*.py")):
        text = path.read_text(encoding="utf-8")
        for name in ("_sig", "_sci", "_pct", "_usd", "_x", "_int", "_times", "_days", "_month", "_tokens"):
            assert f"\ndef {name}(" not in text, f"{path.name} defines {name}: use token_economics.site.formatting"
