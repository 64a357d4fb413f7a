"""token_economics.market: current list prices from genai-prices' bundled data, offline.

Expected prices are read from genai-prices itself (never typed here), except where a test
checks that the data agrees with a provider's documentation, which it cites.
"""

from __future__ import annotations

import dataclasses
import re
import socket
from datetime import date, datetime, timezone

import pytest
from genai_prices import Usage, calc_price
from genai_prices import data_snapshot as gp_snapshot
from genai_prices.data import providers as gp_providers

from token_economics import market
from token_economics.market import CostBreakdown, ModelPrice, current_price, request_cost_usd

MOMENT = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _gp_prices(provider_id: str, model_id: str):
    """genai-prices' own ModelPrice object for one model, at MOMENT."""
    provider = next(p for p in gp_providers if p.id == provider_id)
    model = next(m for m in provider.models if m.id == model_id)
    return model.get_prices(MOMENT)


def _base(value):
    return float(getattr(value, "base", value))


@pytest.mark.parametrize(
    "model, provider",
    [
        ("claude-sonnet-4-5", "anthropic"),
        ("gpt-5", "openai"),
        ("gpt-4o", "openai"),
        ("gemini-2.5-pro", "google"),
        ("deepseek-v4-flash", "deepseek"),
    ],
)
def test_prices_are_genai_prices_own(model, provider):
    price = current_price(model, provider, at=MOMENT)
    gp = _gp_prices(provider, price.model)
    assert price.provider == provider
    assert price.usd_per_million_input == _base(gp.input_mtok)
    assert price.usd_per_million_output == _base(gp.output_mtok)
    assert price.usd_per_million_cache_read == (None if gp.cache_read_mtok is None else _base(gp.cache_read_mtok))
    assert price.usd_per_million_cache_write == (None if gp.cache_write_mtok is None else _base(gp.cache_write_mtok))
    # and 100,000 input tokens (below any long-context tier) cost what genai-prices' calculator says
    short = calc_price(Usage(input_tokens=100_000), model, provider_id=provider, genai_request_timestamp=MOMENT)
    assert float(short.total_price) == pytest.approx(price.usd_per_million_input / 10, rel=1e-12)


def test_model_price_is_frozen_and_documents_its_data():
    price = current_price("claude-sonnet-4-5")
    with pytest.raises(dataclasses.FrozenInstanceError):
        price.usd_per_million_input = 0.0  # type: ignore[misc]
    assert price.provider == "anthropic"
    assert price.snapshot_date == market.snapshot_date()
    assert price.data_version == market.data_version()
    assert price.context_window_tokens and price.context_window_tokens > 0


def test_provider_is_found_from_the_model_name():
    assert current_price("claude-sonnet-4-5").provider == "anthropic"
    assert current_price("gpt-5").provider == "openai"
    # a dated model id matches the same model
    assert current_price("claude-sonnet-4-5-20250929").model == "claude-sonnet-4-5"


def test_anthropic_cache_multipliers_match_the_docs():
    """genai-prices' data agrees with Anthropic's documented 1.25× write / 0.1× read
    for the 5-minute cache of Claude Sonnet 4.5 ([ref:l3_anthropic_prompt_caching])."""
    price = current_price("claude-sonnet-4-5", "anthropic")
    gp = _gp_prices("anthropic", "claude-sonnet-4-5")
    assert price.cache_write_multiplier == pytest.approx(_base(gp.cache_write_mtok) / _base(gp.input_mtok))
    assert price.cache_read_multiplier == pytest.approx(_base(gp.cache_read_mtok) / _base(gp.input_mtok))
    assert price.cache_write_multiplier == pytest.approx(1.25)
    assert price.cache_read_multiplier == pytest.approx(0.1)
    assert price.usd_per_million_cache_write_1h == pytest.approx(2 * price.usd_per_million_input)


def test_openai_has_no_cache_write_price():
    price = current_price("gpt-5", "openai")
    assert price.usd_per_million_cache_write is None
    assert price.cache_write_multiplier is None
    assert 0 < price.cache_read_multiplier < 1


@pytest.mark.parametrize("bad", ["claude-sonet-4-5", "gpt5"])
def test_unknown_model_lists_close_matches(bad):
    with pytest.raises(ValueError, match="unknown model") as info:
        current_price(bad)
    assert "Close matches" in str(info.value)
    if bad == "gpt5":
        assert "gpt-5" in str(info.value)
    else:
        assert "claude-sonnet-4-5" in str(info.value)


def test_unknown_provider_lists_known_ones():
    with pytest.raises(ValueError, match="unknown provider") as info:
        current_price("gpt-5", "no-such-cloud")
    assert "anthropic" in str(info.value) and "openai" in str(info.value)


@pytest.mark.parametrize("bad", [None, "", "   ", 42])
def test_bad_model_argument(bad):
    with pytest.raises(ValueError):
        current_price(bad)  # type: ignore[arg-type]


def test_model_without_token_prices_is_refused():
    audio_only = next(
        (p.id, m.id)
        for p in gp_providers
        for m in p.models
        if m.get_prices(MOMENT).input_mtok is None and m.get_prices(MOMENT).output_mtok is None
    )
    with pytest.raises(ValueError, match="no per-token"):
        current_price(audio_only[1], audio_only[0])


def test_prices_at_a_date_follow_genai_prices_history():
    """Models whose price changed on a known date give the price of the date asked for."""
    changed = [
        (p.id, m)
        for p in gp_providers
        if p.id == "openai"
        for m in p.models
        if isinstance(m.prices, list)
        and len(m.prices) > 1
        and m.prices[-1].constraint is not None
        and hasattr(m.prices[-1].constraint, "start_date")
        and m.prices[0].prices.input_mtok != m.prices[-1].prices.input_mtok
    ]
    assert changed, "genai-prices should record at least one dated OpenAI price change"
    provider, model = changed[0]
    start = model.prices[-1].constraint.start_date
    before = current_price(model.id, provider, at=date.fromordinal(start.toordinal() - 1))
    after = current_price(model.id, provider, at=start)
    assert before.usd_per_million_input != after.usd_per_million_input
    assert after.usd_per_million_input == _base(model.prices[-1].prices.input_mtok)


def test_bad_date_argument():
    with pytest.raises(ValueError, match="at must be"):
        current_price("gpt-5", at="2026-01-01")  # type: ignore[arg-type]


def test_snapshot_date_is_the_latest_dated_check():
    found = market.snapshot_date()
    assert isinstance(found, date) and found <= date.today()
    pattern = re.compile(
        r"\b(?:checked|verified|confirmed|reviewed|retrieved)(?:\s+(?:on|at))?\s+(\d{4}-\d{2}-\d{2})\b", re.I
    )
    dates = [
        date.fromisoformat(d)
        for p in gp_providers
        for text in [p.price_comments or ""] + [m.price_comments or "" for m in p.models]
        for d in pattern.findall(text)
    ]
    assert found == max(dates)


def test_known_models_and_providers():
    assert {"anthropic", "openai", "google"} <= set(market.known_providers())
    assert "claude-sonnet-4-5" in market.known_models("anthropic")
    assert "openai:gpt-5" in market.known_models()
    with pytest.raises(ValueError, match="unknown provider"):
        market.known_models("nope")


# --- offline ------------------------------------------------------------------------------


def test_no_network_and_no_auto_update(monkeypatch):
    """Looking prices up opens no connection and starts no genai-prices updater."""
    attempts = []

    def spy(self, address):
        attempts.append(address)
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", spy)
    market._snapshot.cache_clear()
    market.snapshot_date.cache_clear()
    for name in ("claude-sonnet-4-5", "gpt-5", "gemini-2.5-pro"):
        current_price(name)
    market.snapshot_date()
    assert attempts == []
    from genai_prices import update_prices

    assert update_prices._shared_updater.thread is None
    assert market._snapshot().from_auto_update is False


def test_bundled_data_is_used_even_if_someone_installed_other_prices():
    bundled = current_price("gpt-5")
    gp_snapshot.set_custom_snapshot(gp_snapshot.DataSnapshot(providers=[], from_auto_update=True))
    try:
        assert current_price("gpt-5") == bundled
    finally:
        gp_snapshot.set_custom_snapshot(None)


# --- request_cost_usd ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, provider", [("claude-sonnet-4-5", "anthropic"), ("gpt-5", "openai"), ("claude-2", "anthropic")]
)
@pytest.mark.parametrize("prompt", [(1_000, 0, 0), (2_000, 30_000, 120_000), (10_000, 90_000, 150_000)])
def test_request_cost_matches_genai_prices(model, provider, prompt):
    uncached, write, read = prompt
    price = current_price(model, provider, at=MOMENT)
    ours = request_cost_usd(
        price,
        input_tokens=uncached,
        cache_write_tokens=write,
        cache_read_tokens=read,
        output_tokens=3_000,
        reasoning_tokens=1_000,
    )
    theirs = calc_price(
        Usage(
            input_tokens=uncached + write + read, cache_write_tokens=write, cache_read_tokens=read, output_tokens=4_000
        ),
        model,
        provider_id=provider,
        genai_request_timestamp=MOMENT,
    )
    assert ours.total_usd == pytest.approx(float(theirs.total_price), rel=1e-9)
    rates = price.rates_for_prompt(uncached + write + read)
    assert ours.reasoning_usd == pytest.approx(1_000 * rates.usd_per_million_output / 1e6)


def test_long_context_tier_applies_to_the_whole_request():
    price = current_price("claude-sonnet-4-5", "anthropic", at=MOMENT)
    assert price.long_context_tiers, "Sonnet 4.5 has a >200k-token tier in genai-prices"
    tier = price.long_context_tiers[0]
    just_below = request_cost_usd(price, input_tokens=tier.above_input_tokens, output_tokens=1_000)
    just_above = request_cost_usd(price, input_tokens=tier.above_input_tokens + 1, output_tokens=1_000)
    assert just_below.output_usd == pytest.approx(1_000 * price.usd_per_million_output / 1e6)
    assert just_above.output_usd == pytest.approx(1_000 * tier.usd_per_million_output / 1e6)
    assert just_above.total_usd > just_below.total_usd


@pytest.mark.parametrize("bad", [-1, 1.5, float("nan"), True, "10", None])
def test_request_cost_rejects_bad_counts(bad):
    with pytest.raises(ValueError):
        request_cost_usd(current_price("gpt-5"), input_tokens=bad)  # type: ignore[arg-type]


def test_request_cost_needs_a_model_price():
    with pytest.raises(ValueError, match="ModelPrice"):
        request_cost_usd({"input": 1.0}, input_tokens=1)  # type: ignore[arg-type]


def test_cost_breakdown_adds_up():
    a = CostBreakdown(1.0, 2.0, 3.0, 4.0, 5.0)
    assert (a + a).total_usd == 30.0
    assert isinstance(current_price("gpt-5"), ModelPrice)


# --- one moment for every page, and the cited corrections ----------------------------------


def test_prices_as_of_is_the_snapshot_day_at_noon_utc():
    # a new genai-prices version moves snapshot_date(): then PRICES_AS_OF must be restated
    assert market.PRICES_AS_OF.date() == market.snapshot_date()
    assert market.PRICES_AS_OF.tzinfo is not None and market.PRICES_AS_OF.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("model", ["gpt-5", "claude-sonnet-4-5", "deepseek-v4-flash", "deepseek-flash"])
def test_no_date_means_the_pinned_moment_not_now(model, monkeypatch):
    pinned = current_price(model, at=market.PRICES_AS_OF)
    assert current_price(model) == pinned

    class Later(datetime):  # a clock at DeepSeek's peak hour on another day must not matter
        @classmethod
        def now(cls, tz=None):
            return datetime(2027, 3, 2, 2, 0, tzinfo=timezone.utc)

    monkeypatch.setattr(market, "datetime", Later)
    assert current_price(model) == pinned


def test_the_hour_matters_only_when_asked_for():
    # DeepSeek V4.1 Flash: peak 01:00-04:00 and 06:00-10:00 UTC on weekdays costs double
    off_peak = current_price("deepseek-flash", at=datetime(2026, 11, 3, 12, 0, tzinfo=timezone.utc))
    peak = current_price("deepseek-flash", at=datetime(2026, 11, 3, 2, 0, tzinfo=timezone.utc))
    assert peak.usd_per_million_input == pytest.approx(2 * off_peak.usd_per_million_input)
    assert current_price("deepseek-flash") == off_peak


#: Every correction the course makes to genai-prices, (model, first day, input, output, cache read)
#: or (model, first day, "retired"). A new row in the file needs a line here.
EXPECTED_CORRECTIONS = [
    ("deepseek-chat", "2025-09-05", 0.56, 1.68, 0.07),
    ("deepseek-chat", "2025-09-29", 0.28, 0.42, 0.028),
    ("deepseek-chat", "2026-04-24", "retired"),
    ("deepseek-reasoner", "2025-09-05", 0.56, 1.68, 0.07),
    ("deepseek-reasoner", "2025-09-29", 0.28, 0.42, 0.028),
    ("deepseek-reasoner", "2026-04-24", "retired"),
]


def test_the_corrections_are_these():
    found = []
    for c in market.price_corrections():
        if c.status == "retired":
            found.append((c.model, str(c.valid_from), "retired"))
        else:
            found.append(
                (
                    c.model,
                    str(c.valid_from),
                    c.usd_per_million_input,
                    c.usd_per_million_output,
                    c.usd_per_million_cache_read,
                )
            )
    assert found == EXPECTED_CORRECTIONS


def test_every_correction_is_cited_and_still_needed():
    from token_economics.data import references

    refs = references()
    for c in market.price_corrections():
        assert c.ref in refs, c
        assert c.valid_until is None or c.valid_from < c.valid_until, c
        day = datetime(c.valid_from.year, c.valid_from.month, c.valid_from.day, 12, tzinfo=timezone.utc)
        gp = _gp_model("deepseek", c.model).get_prices(day)
        if c.status == "price":
            # genai-prices still says something else: drop the row once the package is fixed
            assert (float(_base(gp.input_mtok)), float(_base(gp.output_mtok))) != (
                c.usd_per_million_input,
                c.usd_per_million_output,
            ), c
            price = current_price(c.model, c.provider, at=day)
            assert price.usd_per_million_input == c.usd_per_million_input
            assert price.usd_per_million_output == c.usd_per_million_output
            assert price.usd_per_million_cache_read == c.usd_per_million_cache_read
            assert price.corrected_by == c.ref
        else:
            with pytest.raises(ValueError, match="names no model of its own"):
                current_price(c.model, c.provider, at=day)


def test_deepseek_chat_is_one_price_all_day_after_the_night_discount_ended():
    night = current_price("deepseek-chat", at=datetime(2025, 10, 1, 20, tzinfo=timezone.utc))
    day = current_price("deepseek-chat", at=datetime(2025, 10, 1, 8, tzinfo=timezone.utc))
    assert night == day
    # before 2025-09-05 genai-prices' night discount still applies, uncorrected
    assert current_price("deepseek-chat", at=datetime(2025, 6, 1, 20, tzinfo=timezone.utc)).corrected_by is None


def _gp_model(provider_id: str, model_id: str):
    provider = next(p for p in gp_providers if p.id == provider_id)
    return next(m for m in provider.models if m.id == model_id)


def test_no_page_or_notebook_asks_for_another_moment():
    """Pages and notebooks read today's prices at PRICES_AS_OF. A lookup may name another moment
    only through a constant whose name ends in ``_AT`` (a dated, historical price, e.g. the day
    of a published measurement), never "now" or the snapshot day at some hour."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sources = list((root / "src" / "token_economics" / "site").glob("lesson*.py"))
    sources += list((root / "lessons").glob("*.ipynb"))
    sources += list((root / "exercises").rglob("*.py")) + list((root / "solutions").rglob("*.py"))
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in sources
        for line in path.read_text(encoding="utf-8").splitlines()
        if "current_price(" in line
        and "at=" in line
        and not re.search(r"\bat=(?:[A-Z][A-Z0-9_]*_AT|PRICES_AS_OF)\b", line)
    ]
    assert offenders == []
