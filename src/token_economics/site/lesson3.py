"""Numbers and figures for the Lesson 3 page (why agents burn tokens), computed at build time.

Token counts come from replaying the course's example coding-agent run with the real
``o200k_base`` tokenizer; prices from the genai-prices data bundled with the installed package
(:mod:`token_economics.market`). The few knobs below are the lesson's stated assumptions, not
measurements: the page says so wherever it uses them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from matplotlib.figure import Figure

from token_economics import agents as ag
from token_economics import market
from token_economics.market import ModelPrice, current_price
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.site.formatting import cited as _cited
from token_economics.site.formatting import moment
from token_economics.sources import (
    ANTHROPIC_AGENT_MULTIPLE,
    ANTHROPIC_MULTI_AGENT_MULTIPLE,
    ANTHROPIC_SUBAGENT_SUMMARY_TOKENS,
    ANTHROPIC_SUBAGENTS,
    CHEN_REVERSAL_MAX,
    CHEN_REVERSAL_SHARE,
    CHEN_THINKING_SPREAD,
    CLAUDE_CODE_AGENT_TEAM_MULTIPLE,
    CLAUDE_CODE_USD_PER_ACTIVE_DAY,
    GUNDLACH_FRONTIER_RUN_RISE_HIGH,
    GUNDLACH_FRONTIER_RUN_RISE_LOW,
    GUNDLACH_SCORE_PRICE_DECLINE_HIGH,
    GUNDLACH_SCORE_PRICE_DECLINE_LOW,
    COMPLEXITY_TRAP_MASKING_WINDOW,
)
from token_economics.site.formatting import integer as _int
from token_economics.site.formatting import pct as _pct
from token_economics.site.formatting import trim as _x
from token_economics.site.formatting import usd as _usd
from token_economics.units import TOKENS_PER_MILLION

#: The model the lesson prices runs with (genai-prices ids: model, provider).
LESSON_MODEL: tuple[str, str] = ("claude-sonnet-4-5", "anthropic")
#: A second provider, whose cache has no write surcharge (genai-prices ids).
OTHER_MODEL: tuple[str, str] = ("gpt-5", "openai")
#: A model with a higher minimum cacheable length (genai-prices ids), for the minimum's effect.
HIGH_MINIMUM_MODEL: tuple[str, str] = ("claude-haiku-4-5", "anthropic")
#: The call (0-based) at which the caching example edits its system prompt once: the middle
#: of the run (the course's choice).
EDIT_ONCE_CALL = 11
#: Tokenizer used to count the transcript (Claude's tokenizer is not public).
TOKENIZER = "o200k_base"
#: Observation masking window, in tool results (the Complexity Trap study's window).
MASKING_KEEP_LAST = int(COMPLEXITY_TRAP_MASKING_WINDOW.value)
#: Compaction knobs of the lesson's simulation: compact when the prompt passes 6,000 tokens
#: (the course's assumption, not a measurement), into a summary of the registry's size.
COMPACTION_TRIGGER_TOKENS = 6_000
COMPACTION_SUMMARY_TOKENS = int(ANTHROPIC_SUBAGENT_SUMMARY_TOKENS.value)
#: Workers in the multi-agent example.
N_SUBAGENTS = int(ANTHROPIC_SUBAGENTS.value)
#: Steps shown in the quadratic-growth figure.
QUADRATIC_STEPS = 100

STRATEGY_LABELS = {
    "none": "keep everything",
    "masking": f"mask old results\n(keep last {MASKING_KEEP_LAST})",
    "compaction": "compact into\na summary",
}
SOURCE_LABELS = {
    "system": "system prompt",
    "tools": "tool schemas",
    "task": "task",
    "assistant": "assistant messages",
    "reasoning": "reasoning",
    "tool_results": "tool results",
    "placeholders": "placeholders",
    "summary": "summary",
}


def strategies() -> dict[str, ag.Strategy]:
    """The three context strategies the lesson compares, with its knobs."""
    return {
        "none": ag.NoManagement(),
        "masking": ag.ObservationMasking(keep_last=MASKING_KEEP_LAST),
        "compaction": ag.Compaction(COMPACTION_TRIGGER_TOKENS, COMPACTION_SUMMARY_TOKENS),
    }


@lru_cache(maxsize=1)
def _price() -> ModelPrice:
    return current_price(*LESSON_MODEL)


@lru_cache(maxsize=1)
def _run() -> tuple[ag.AgentSpec, tuple[ag.Step, ...]]:
    spec, steps = ag.replay_transcript(tokenizer=TOKENIZER, context_window_tokens=_price().context_window_tokens)
    return spec, tuple(steps)


def _minimum() -> int:
    """The lesson model's documented minimum cacheable prompt length."""
    return ag.minimum_cacheable_tokens(*LESSON_MODEL)


@lru_cache(maxsize=1)
def _results() -> dict[tuple[str, bool], dict[str, Any]]:
    """Records, token totals and cost of the transcript for each strategy, caching off and on."""
    spec, steps = _run()
    out = {}
    for name, strategy in strategies().items():
        for caching in (False, True):
            records = ag.simulate(spec, steps, strategy, caching=caching, min_cacheable_tokens=_minimum())
            out[(name, caching)] = {
                "records": records,
                "totals": ag.totals(records),
                "cost": ag.run_cost(records, _price()),
            }
    return out


@lru_cache(maxsize=1)
def caching_rules() -> dict[str, dict[str, Any]]:
    """Patch's run with caching on, when the practical rules of prompt caching are kept or broken.

    Each entry holds the run's ``records`` and, priced at the lesson model's list prices with
    its documented minimum cacheable length, its ``hit_rate`` and ``cost``: ``stable`` (the
    tool set chosen once, nothing in the prefix changes), ``edit_once`` (the system prompt
    changes once, at :data:`EDIT_ONCE_CALL`), ``edit_every_call`` (a timestamp in the system
    prompt) and ``tools_on_demand`` (each tool added at the call that first uses it).
    """
    spec, steps = _run()
    minimum = _minimum()
    on_demand_spec, on_demand_steps = ag.replay_transcript(
        tokenizer=TOKENIZER, context_window_tokens=_price().context_window_tokens, tools_on_demand=True
    )
    runs = {
        "stable": (spec, list(steps)),
        "edit_once": (spec, ag.edit_prefix_at(steps, "system", [EDIT_ONCE_CALL])),
        "edit_every_call": (spec, ag.edit_prefix_at(steps, "system", range(len(steps)))),
        "tools_on_demand": (on_demand_spec, on_demand_steps),
    }
    out = {}
    for name, (run_spec, run_steps) in runs.items():
        records = ag.simulate(run_spec, run_steps, caching=True, min_cacheable_tokens=minimum)
        out[name] = {
            "records": records,
            "steps": run_steps,
            "hit_rate": ag.cache_hit_rate(records),
            "cost": ag.run_cost(records, _price()),
        }
    return out


def values() -> dict[str, str]:
    """Every number the lesson 3 page shows, by placeholder key."""
    price = _price()
    other = current_price(*OTHER_MODEL)
    spec, steps = _run()
    results = _results()
    raw = results[("none", False)]
    cached = results[("none", True)]
    v: dict[str, str] = {}

    # --- prices and caching economics -------------------------------------------------------
    w, r = price.cache_write_multiplier, price.cache_read_multiplier
    w1h = price.usd_per_million_cache_write_1h / price.usd_per_million_input
    v["model"] = price.name or price.model
    v["other_model"] = other.name or other.model
    v["prices_snapshot_date"] = str(price.snapshot_date)
    v["prices_as_of"] = moment(market.PRICES_AS_OF)
    v["genai_prices_version"] = price.data_version
    v["usd_in"] = _usd(price.usd_per_million_input)
    v["usd_cache_write"] = _usd(price.usd_per_million_cache_write)
    v["usd_cache_read"] = _usd(price.usd_per_million_cache_read)
    v["usd_cache_write_1h"] = _usd(price.usd_per_million_cache_write_1h)
    v["cache_write_x"] = _x(w)
    v["cache_read_x"] = _x(r)
    v["cache_write_1h_x"] = _x(w1h)
    v["out_over_in"] = _x(price.usd_per_million_output / price.usd_per_million_input, 1)
    v["breakeven_5m"] = _x(ag.breakeven_reads(w, r))
    v["breakeven_1h"] = _x(ag.breakeven_reads(w1h, r))
    v["breakeven_5m_reads"] = str(int(ag.breakeven_reads(w, r)) + 1)
    v["breakeven_1h_reads"] = str(int(ag.breakeven_reads(w1h, r)) + 1)
    v["cache_10_reads_pct"] = _pct((w + 10 * r) / 11)
    v["other_cache_read_x"] = _x(other.cache_read_multiplier)

    # --- the transcript ---------------------------------------------------------------------
    t = raw["totals"]
    by_source = ag.input_by_source(raw["records"])
    tool_result_tokens = sum(s.tool_result_tokens for s in steps)
    new_tokens = sum(s.output_tokens + s.tool_result_tokens for s in steps)
    cost = raw["cost"]
    v["tx_calls"] = str(len(steps))
    v["tx_system_tokens"] = _int(spec.system_prompt_tokens)
    v["tx_tools_tokens"] = _int(spec.tool_schema_tokens)
    v["tx_task_tokens"] = _int(spec.task_tokens)
    v["tx_base_tokens"] = _int(spec.base_context_tokens)
    v["tx_unique_tokens"] = _int(spec.base_context_tokens + new_tokens)
    v["tx_input_tokens"] = _int(t["input"])
    v["tx_input_multiple"] = _x(t["input"] / (spec.base_context_tokens + new_tokens), 1)
    v["tx_output_tokens"] = _int(t["output"])
    v["tx_reasoning_tokens"] = _int(t["reasoning"])
    v["tx_input_share"] = _pct(t["input"] / t["total"])
    v["tx_last_prompt_tokens"] = _int(raw["records"][-1].input_tokens)
    v["tx_tool_results_share"] = _pct(by_source["tool_results"] / t["input"])
    v["tx_tool_results_new_share"] = _pct(tool_result_tokens / new_tokens)
    v["tx_tools_resent"] = _int(by_source["tools"])
    v["tx_tools_share"] = _pct(by_source["tools"] / t["input"])
    v["tx_cost"] = _usd(cost.total_usd, 3)
    v["tx_cost_input_share"] = _pct(cost.input_usd / cost.total_usd)
    v["tx_cost_reasoning"] = _usd(cost.reasoning_usd, 4)

    # --- the quadratic bill -----------------------------------------------------------------
    c0 = spec.base_context_tokens
    delta = round(new_tokens / len(steps))
    quad_10 = ag.cumulative_input_tokens(10, c0, delta)
    quad_50 = ag.cumulative_input_tokens(50, c0, delta)
    quad_100 = ag.cumulative_input_tokens(100, c0, delta)
    v["avg_step_tokens"] = _int(delta)
    v["quad_10"] = _int(quad_10)
    v["quad_10_usd"] = _usd(quad_10 * price.usd_per_million_input / 1e6)
    v["quad_50"] = _int(quad_50)
    v["quad_50_usd"] = _usd(quad_50 * price.usd_per_million_input / 1e6)
    v["quad_100"] = _int(quad_100)
    v["quad_100_usd"] = _usd(quad_100 * price.usd_per_million_input / 1e6)
    v["quad_100_multiple"] = _x(quad_100 / (c0 + 100 * delta), 0)
    v["quad_100_over_50"] = _x(quad_100 / quad_50, 1)
    v["steps_in_double_budget"] = str(ag.steps_within_budget(2 * quad_50, c0, delta))

    # --- strategies and caching -------------------------------------------------------------
    masking = results[("masking", False)]
    masking_cached = results[("masking", True)]
    compaction = results[("compaction", False)]
    compaction_cached = results[("compaction", True)]
    v["none_nocache_usd"] = _usd(cost.total_usd, 3)
    v["none_nocache_input"] = _int(t["input"])
    v["none_cache_usd"] = _usd(cached["cost"].total_usd, 3)
    v["none_cache_cache_write"] = _int(cached["totals"]["cache_write"])
    v["masking_nocache_usd"] = _usd(masking["cost"].total_usd, 3)
    v["masking_nocache_input"] = _int(masking["totals"]["input"])
    v["masking_cache_usd"] = _usd(masking_cached["cost"].total_usd, 3)
    v["masking_cache_cache_write"] = _int(masking_cached["totals"]["cache_write"])
    v["compaction_nocache_usd"] = _usd(compaction["cost"].total_usd, 3)
    v["compaction_nocache_input"] = _int(compaction["totals"]["input"])
    v["compaction_cache_usd"] = _usd(compaction_cached["cost"].total_usd, 3)
    v["masking_cost_saving"] = _pct(1 - masking["cost"].total_usd / cost.total_usd)
    v["compaction_cost_saving"] = _pct(1 - compaction["cost"].total_usd / cost.total_usd)
    v["caching_saving"] = _pct(1 - cached["cost"].total_usd / cost.total_usd)
    v["cache_read_share"] = _pct(ag.cache_hit_rate(cached["records"]))
    v["compaction_calls"] = str(sum(1 for rec in compaction["records"] if rec.kind == "compaction"))
    v["compaction_trigger"] = _int(COMPACTION_TRIGGER_TOKENS)
    v["compaction_summary"] = _cited(ANTHROPIC_SUBAGENT_SUMMARY_TOKENS, _int(COMPACTION_SUMMARY_TOKENS))
    v["masking_keep_last"] = _cited(COMPLEXITY_TRAP_MASKING_WINDOW, str(MASKING_KEEP_LAST))
    v["other_none_nocache_usd"] = _usd(ag.run_cost(raw["records"], other).total_usd, 3)
    v["other_none_cache_usd"] = _usd(ag.run_cost(cached["records"], other).total_usd, 3)
    v["runs_per_claude_code_day"] = _int(CLAUDE_CODE_USD_PER_ACTIVE_DAY.value / cached["cost"].total_usd)
    v["claude_code_usd_per_day"] = _cited(CLAUDE_CODE_USD_PER_ACTIVE_DAY, _usd(CLAUDE_CODE_USD_PER_ACTIVE_DAY.value, 0))

    # --- prompt caching in practice ---------------------------------------------------------
    rules = caching_rules()
    nocache_usd = cost.total_usd
    stable_usd = rules["stable"]["cost"].total_usd
    v["cache_min_model"] = _int(_minimum())
    v["cache_min_other"] = _int(ag.minimum_cacheable_tokens(*OTHER_MODEL))
    v["edit_once_call"] = str(EDIT_ONCE_CALL + 1)
    v["edit_once_hit"] = _pct(rules["edit_once"]["hit_rate"])
    v["edit_once_usd"] = _usd(rules["edit_once"]["cost"].total_usd, 3)
    v["edit_once_extra"] = _pct(rules["edit_once"]["cost"].total_usd / stable_usd - 1)
    v["edit_every_hit"] = _pct(rules["edit_every_call"]["hit_rate"])
    v["edit_every_usd"] = _usd(rules["edit_every_call"]["cost"].total_usd, 3)
    v["edit_every_over_nocache"] = _pct(rules["edit_every_call"]["cost"].total_usd / nocache_usd - 1)
    on_demand = rules["tools_on_demand"]
    changed = [i + 1 for i, s in enumerate(on_demand["steps"]) if s.tool_schema_tokens is not None]
    v["ondemand_calls"] = ", ".join(str(c) for c in changed[:-1]) + f" and {changed[-1]}"
    v["ondemand_input"] = _int(ag.totals(on_demand["records"])["input"])
    v["ondemand_hit"] = _pct(on_demand["hit_rate"])
    v["ondemand_usd"] = _usd(on_demand["cost"].total_usd, 3)
    v["ondemand_extra"] = _pct(on_demand["cost"].total_usd / stable_usd - 1)
    key_order = ag.key_order_check(ag.load_transcript()["tools"], TOKENIZER)
    v["keyorder_tokens"] = _int(key_order.tokens)
    v["keyorder_shared"] = _int(key_order.shared_as_built)
    v["keyorder_canonical"] = _int(key_order.canonical_tokens)
    high = current_price(*HIGH_MINIMUM_MODEL)
    high_min = ag.minimum_cacheable_tokens(*HIGH_MINIMUM_MODEL)
    with_min = ag.simulate(spec, steps, caching=True, min_cacheable_tokens=high_min)
    without_min = ag.simulate(spec, steps, caching=True)
    v["high_min_model"] = high.name or high.model
    v["cache_min_high"] = _int(high_min)
    v["high_min_short_calls"] = str(sum(1 for r in with_min if r.input_tokens < high_min))
    v["high_min_hit"] = _pct(ag.cache_hit_rate(with_min))
    v["high_min_hit_ignored"] = _pct(ag.cache_hit_rate(without_min))
    v["high_min_usd"] = _usd(ag.run_cost(with_min, high).total_usd, 3)
    v["high_min_ignored_usd"] = _usd(ag.run_cost(without_min, high).total_usd, 3)

    # --- chat, single agent, multi-agent ----------------------------------------------------
    arch = ag.compare_architectures(spec, steps, n_subagents=N_SUBAGENTS)
    v["chat_tokens"] = _int(arch.chat_tokens)
    v["single_tokens"] = _int(arch.single_agent_tokens)
    v["multi_tokens"] = _int(arch.multi_agent_tokens)
    v["n_subagents"] = _cited(ANTHROPIC_SUBAGENTS, str(N_SUBAGENTS))
    v["single_over_chat"] = _x(arch.single_agent_multiple, 0)
    v["multi_over_single"] = _x(arch.multi_agent_tokens / arch.single_agent_tokens, 1)
    v["anthropic_agent_x"] = _cited(ANTHROPIC_AGENT_MULTIPLE, _x(ANTHROPIC_AGENT_MULTIPLE.value))
    v["anthropic_multi_x"] = _cited(ANTHROPIC_MULTI_AGENT_MULTIPLE, _x(ANTHROPIC_MULTI_AGENT_MULTIPLE.value))
    v["anthropic_multi_over_single"] = _x(ANTHROPIC_MULTI_AGENT_MULTIPLE.value / ANTHROPIC_AGENT_MULTIPLE.value)
    v["claude_code_team_x"] = _cited(CLAUDE_CODE_AGENT_TEAM_MULTIPLE, _x(CLAUDE_CODE_AGENT_TEAM_MULTIPLE.value))
    v["score_price_decline_low"] = _cited(
        GUNDLACH_SCORE_PRICE_DECLINE_LOW, f"{GUNDLACH_SCORE_PRICE_DECLINE_LOW.value:g}"
    )
    v["score_price_decline_high"] = _cited(
        GUNDLACH_SCORE_PRICE_DECLINE_HIGH, f"{GUNDLACH_SCORE_PRICE_DECLINE_HIGH.value:g}"
    )
    v["frontier_run_rise_low"] = _cited(GUNDLACH_FRONTIER_RUN_RISE_LOW, f"{GUNDLACH_FRONTIER_RUN_RISE_LOW.value:g}")
    v["frontier_run_rise_high"] = _cited(GUNDLACH_FRONTIER_RUN_RISE_HIGH, f"{GUNDLACH_FRONTIER_RUN_RISE_HIGH.value:g}")
    v["reversal_share"] = _cited(CHEN_REVERSAL_SHARE, _pct(CHEN_REVERSAL_SHARE.value))
    v["reversal_max"] = _cited(CHEN_REVERSAL_MAX, f"{CHEN_REVERSAL_MAX.value:g}")
    v["thinking_spread"] = _cited(CHEN_THINKING_SPREAD, f"{CHEN_THINKING_SPREAD.value:g}")

    # --- the page's calculator (docs/assets/widgets/agent-bill.js): its defaults and data ----
    v["calc_agent_bill"] = calculator_data()
    return v


#: Steps the agent-bill calculator starts with (the middle of the page's 10, 50 and 100).
CALC_STEPS = 50


def _calc_model(model: tuple[str, str]) -> dict[str, Any]:
    """One model's list prices (USD per million tokens) and caching limits, for the calculator."""
    price = current_price(*model)
    return {
        "key": f"{price.provider}:{price.model}",
        "name": price.name or price.model,
        "usd_in": price.usd_per_million_input,
        "usd_out": price.usd_per_million_output,
        "usd_cache_write": price.usd_per_million_cache_write,
        "usd_cache_read": price.usd_per_million_cache_read,
        "usd_reasoning": price.usd_per_million_reasoning,
        "tiers": [
            {
                "above_input_tokens": tier.above_input_tokens,
                "usd_in": tier.usd_per_million_input,
                "usd_out": tier.usd_per_million_output,
                "usd_cache_write": tier.usd_per_million_cache_write,
                "usd_cache_read": tier.usd_per_million_cache_read,
            }
            for tier in price.long_context_tiers
        ],
        "context_window_tokens": price.context_window_tokens,
        "min_cacheable_tokens": ag.minimum_cacheable_tokens(*model),
    }


def calculator_data() -> str:
    """The defaults and data of the agent-bill calculator, as JSON for the page.

    The calculator redoes, in the browser, :func:`token_economics.agents.simulate` for a run of
    identical steps (:func:`token_economics.agents.uniform_steps`) with no context management,
    caching off and on, priced by :func:`token_economics.agents.run_cost`. It starts from the
    shape of Patch's run (its fixed prefix, its average output and tool result per step) and
    prices the page's models at :data:`token_economics.market.PRICES_AS_OF`.
    """
    spec, steps = _run()
    data = {
        "defaults": {
            "model": f"{LESSON_MODEL[1]}:{LESSON_MODEL[0]}",
            "steps": CALC_STEPS,
            "base_context_tokens": spec.base_context_tokens,
            "output_tokens": round(sum(s.output_tokens for s in steps) / len(steps)),
            "tool_result_tokens": round(sum(s.tool_result_tokens for s in steps) / len(steps)),
            "reasoning_tokens": 0,
        },
        "models": [_calc_model(model) for model in (LESSON_MODEL, OTHER_MODEL, HIGH_MINIMUM_MODEL)],
        "max_steps": ag.MAX_SIMULATED_STEPS,
        "tokens_per_million": TOKENS_PER_MILLION,
        "prices_as_of": moment(market.PRICES_AS_OF),
    }
    return json.dumps(data, separators=(",", ":"))


# --- figures --------------------------------------------------------------------------------


def figures() -> dict[str, Figure]:
    """The lesson's figures by name (written as ``figures/l3-<name>.png``)."""
    return {
        "quadratic": quadratic_figure(),
        "transcript": transcript_figure(),
        "strategies": strategy_cost_figure(),
        "architectures": architecture_figure(),
    }


def quadratic_figure(steps: int = QUADRATIC_STEPS) -> Figure:
    """Cumulative input tokens (quadratic) against the tokens the run actually produces (linear)."""
    spec, run_steps = _run()
    delta = round(sum(s.output_tokens + s.tool_result_tokens for s in run_steps) / len(run_steps))
    c0 = spec.base_context_tokens
    ks = list(range(steps + 1))
    fig, ax = new_figure(7.0, 4.0)
    ax.plot(
        ks,
        [ag.cumulative_input_tokens(k, c0, delta) / 1e3 for k in ks],
        color=PALETTE[5],
        linewidth=2.2,
        label=f"input tokens billed: k·c₀ + Δ·k(k−1)/2 (c₀ = {c0:,}, Δ = {delta:,})",
    )
    ax.plot(
        ks,
        [(c0 + k * delta) / 1e3 for k in ks],
        color=PALETTE[0],
        linewidth=2.2,
        label="tokens the conversation actually contains: c₀ + k·Δ",
    )
    sample = ks[::10][1:]
    sim = ag.simulate(ag.AgentSpec(c0), ag.uniform_steps(steps, delta, 0))
    running, points = 0, {}
    for i, rec in enumerate(sim, start=1):
        running += rec.input_tokens
        points[i] = running
    ax.scatter(
        sample,
        [points[k] / 1e3 for k in sample],
        color="black",
        s=18,
        zorder=3,
        label="simulator, call by call (same numbers)",
    )
    ax.set_xlabel("steps (model calls)")
    ax.set_ylabel("thousands of tokens")
    ax.set_title("Every call re-reads the whole conversation: the bill grows with the square of the steps")
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, frameon=False)
    return finish(fig, source="course simulator; c₀ and Δ from the example coding-agent run, o200k_base tokens")


def transcript_figure(strategy: str = "none", caching: bool = False) -> Figure:
    """Stacked bars: what each call of the example run sends, by source, and what it writes."""
    spec, steps = _run()
    records = ag.simulate(spec, steps, strategies()[strategy], caching=caching)
    return stacked_calls_figure(records, title="Where the tokens go: each call re-sends everything before it")


def stacked_calls_figure(records: list[ag.StepRecord], *, title: str = "Input of each call, by source") -> Figure:
    """A stacked bar per call of ``records``: input by source, and the call's output on top."""
    fig, ax = new_figure(8.0, 4.2)
    order = [
        s
        for s in ("system", "tools", "task", "summary", "assistant", "reasoning", "placeholders", "tool_results")
        if any(r.composition.get(s) for r in records)
    ]
    colours = dict(
        zip(
            ("system", "tools", "task", "assistant", "tool_results", "reasoning", "placeholders", "summary"),
            PALETTE,
            strict=False,  # the palette has colours to spare
        )
    )
    xs = list(range(1, len(records) + 1))
    bottom = [0] * len(records)
    for source in order:
        heights = [r.composition.get(source, 0) / 1e3 for r in records]
        ax.bar(xs, heights, bottom=bottom, color=colours[source], label=SOURCE_LABELS[source], width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    outputs = [(r.output + r.reasoning) / 1e3 for r in records]
    ax.bar(
        xs,
        outputs,
        bottom=bottom,
        color="white",
        edgecolor="#333333",
        hatch="///",
        width=0.8,
        label="output written by the call",
    )
    ax.set_xlabel("model call")
    ax.set_ylabel("thousands of tokens")
    ax.set_title(title)
    ax.title.set_fontsize(10)
    ax.legend(fontsize=7.5, frameon=False, ncol=2, loc="upper left")
    return finish(fig, source="course example run (data/lesson3), counted with o200k_base")


def strategy_cost_figure() -> Figure:
    """Cost of the example run by strategy, without and with prompt caching, by kind of token."""
    results = _results()
    price = _price()
    kinds = (
        ("input_usd", "input (uncached)"),
        ("cache_write_usd", "cache writes"),
        ("cache_read_usd", "cache reads"),
        ("output_usd", "output"),
        ("reasoning_usd", "reasoning"),
    )
    labels, bars = [], []
    for name in ("none", "masking", "compaction"):
        for caching in (False, True):
            labels.append(f"{STRATEGY_LABELS[name]}\n{'+ caching' if caching else 'no caching'}")
            bars.append(results[(name, caching)]["cost"])
    fig, ax = new_figure(8.0, 4.2)
    bottom = [0.0] * len(bars)
    for i, (attr, label) in enumerate(kinds):
        heights = [getattr(c, attr) * 100 for c in bars]
        ax.bar(range(len(bars)), heights, bottom=bottom, color=PALETTE[i], label=label)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(range(len(bars)), labels, fontsize=7)
    ax.set_ylabel("US cents for the whole run")
    ax.set_title(f"One bug fix, priced at {price.name or price.model} list prices ({price.snapshot_date})")
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, frameon=False)
    return finish(fig, source=f"course simulator; prices: genai-prices {price.data_version}")


def architecture_figure() -> Figure:
    """Total tokens of the same job as chat, single agent and multi-agent (log scale)."""
    spec, steps = _run()
    arch = ag.compare_architectures(spec, steps, n_subagents=N_SUBAGENTS)
    fig, ax = new_figure(6.5, 3.6)
    names = ["chat answer", "single agent", f"lead + {N_SUBAGENTS} sub-agents"]
    vals = [arch.chat_tokens, arch.single_agent_tokens, arch.multi_agent_tokens]
    ax.bar(names, vals, color=[PALETTE[0], PALETTE[1], PALETTE[5]])
    for i, val in enumerate(vals):
        ax.text(i, val * 1.1, f"{val:,}", ha="center", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("tokens (input + output), log scale")
    ax.set_title("The same bug, three ways of working")
    ax.title.set_fontsize(10)
    return finish(fig, source="course simulator on the example run; o200k_base tokens")
