"""token_economics.agents: the quadratic bill, the simulator, its strategies, and run_cost.

Expected values come from first principles (explicit sums) or from genai-prices itself.
"""

from __future__ import annotations

import json
import math

import pytest
from genai_prices import Usage, calc_price
from hypothesis import given, settings
from hypothesis import strategies as st

from token_economics import agents as ag
from token_economics.agents import (
    AgentSpec,
    Compaction,
    ContextWindowExceeded,
    ObservationMasking,
    Step,
    SubAgent,
    cumulative_input_tokens,
    run_cost,
    simulate,
    totals,
)
from token_economics.market import current_price
from token_economics.tokens import count_tokens


@pytest.fixture(scope="module")
def transcript_run():
    return ag.replay_transcript()


@pytest.fixture(scope="module")
def sonnet():
    return current_price("claude-sonnet-4-5", "anthropic")


# --- cumulative_input_tokens ---------------------------------------------------------------


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 7, 20, 101])
@pytest.mark.parametrize("base, delta", [(0, 0), (1_000, 0), (0, 500), (1_179, 353), (5, 1)])
def test_closed_form_equals_the_sum_of_calls(steps, base, delta):
    assert cumulative_input_tokens(steps, base, delta) == sum(base + i * delta for i in range(steps))


def test_exact_for_huge_runs():
    k, c0, d = 10**7, 12_345, 6_789
    got = cumulative_input_tokens(k, c0, d)
    assert isinstance(got, int)
    assert got == k * c0 + d * (k * (k - 1) // 2)


def test_growth_is_quadratic_not_linear():
    # doubling the steps of a run whose context only grows roughly quadruples its input
    small, large = cumulative_input_tokens(100, 0, 500), cumulative_input_tokens(200, 0, 500)
    assert large / small == pytest.approx(200 * 199 / (100 * 99))
    assert large > 3.9 * small


@pytest.mark.parametrize(
    "bad",
    [
        (-1, 10, 10),
        (5, -1, 10),
        (5, 10, -1),
        (2.0, 10, 10),
        (5, 10.5, 1),
        (True, 1, 1),
        (5, False, 1),
        (float("nan"), 1, 1),
        (5, 1, float("nan")),
        ("5", 1, 1),
        (None, 1, 1),
    ],
)
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError):
        cumulative_input_tokens(*bad)


def test_numpy_integers_are_whole_numbers():
    np = pytest.importorskip("numpy")
    assert cumulative_input_tokens(np.int64(4), np.int32(10), 3) == cumulative_input_tokens(4, 10, 3)


@pytest.mark.parametrize("budget", [0, 1, 999, 1_000, 10_000, 123_457, 10**9])
@pytest.mark.parametrize("base, delta", [(1_000, 0), (1_000, 250), (0, 7), (3, 1)])
def test_steps_within_budget_inverts_the_bill(budget, base, delta):
    k = ag.steps_within_budget(budget, base, delta)
    assert cumulative_input_tokens(k, base, delta) <= budget < cumulative_input_tokens(k + 1, base, delta)


def test_steps_within_budget_needs_a_cost():
    with pytest.raises(ValueError, match="free"):
        ag.steps_within_budget(100, 0, 0)


# --- the simulator without strategies ------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 40),
    system=st.integers(0, 3_000),
    tools=st.integers(0, 3_000),
    task=st.integers(0, 500),
    out=st.integers(0, 800),
    tool=st.integers(0, 4_000),
    reasoning=st.integers(0, 600),
)
def test_simulator_matches_the_closed_form(n, system, tools, task, out, tool, reasoning):
    spec = AgentSpec(system, tools, task)
    records = simulate(spec, ag.uniform_steps(n, out, tool, reasoning))
    t = totals(records)
    assert t["input"] == cumulative_input_tokens(n, system + tools + task, out + tool)
    assert t["input_uncached"] == t["input"] and t["cache_read"] == t["cache_write"] == 0
    assert t["output"] == n * out and t["reasoning"] == n * reasoning
    assert [r.input_tokens for r in records] == [system + tools + task + i * (out + tool) for i in range(n)]


def test_kept_reasoning_is_re_sent():
    spec = AgentSpec(1_000, 500, 100, keep_reasoning=True)
    t = totals(simulate(spec, ag.uniform_steps(12, 80, 400, 300)))
    assert t["input"] == cumulative_input_tokens(12, 1_600, 80 + 400 + 300)


def test_records_say_where_the_input_came_from():
    spec = AgentSpec(300, 700, 50)
    records = simulate(spec, ag.uniform_steps(10, 40, 900))
    by_source = ag.input_by_source(records)
    # tool schemas are re-sent with every call, used or not
    assert by_source["tools"] == 10 * 700
    assert by_source["system"] == 10 * 300
    assert by_source["tool_results"] == 900 * sum(range(10))
    assert sum(by_source.values()) == totals(records)["input"]


def test_context_window_is_enforced():
    spec = AgentSpec(1_000, 0, 0, context_window_tokens=5_000)
    with pytest.raises(ContextWindowExceeded, match="context window"):
        simulate(spec, ag.uniform_steps(20, 100, 400))
    assert issubclass(ContextWindowExceeded, ValueError)


@pytest.mark.parametrize(
    "bad",
    [
        dict(output_tokens=-1),
        dict(output_tokens=1.5),
        dict(output_tokens=True),
        dict(output_tokens=1, tool_result_tokens=-3),
        dict(output_tokens=1, subagents=[1]),
    ],
)
def test_bad_steps(bad):
    with pytest.raises(ValueError):
        Step(**bad)


def test_bad_spec_and_arguments():
    with pytest.raises(ValueError):
        AgentSpec(-5)
    with pytest.raises(ValueError):
        AgentSpec(5, context_window_tokens=0)
    with pytest.raises(ValueError):
        simulate("spec", [])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        simulate(AgentSpec(5), [1, 2])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        simulate(AgentSpec(5), [], "masking")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown strategy"):
        ag.strategy_from_name("forget-everything")
    assert isinstance(ag.strategy_from_name("masking", keep_last=3), ObservationMasking)


# --- prompt caching ------------------------------------------------------------------------


def test_caching_reads_the_previous_prompt_and_writes_the_rest():
    base, delta, n = 2_000, 300, 15
    records = simulate(AgentSpec(base), ag.uniform_steps(n, 100, 200), caching=True)
    assert records[0].cache_write == base and records[0].cache_read == 0
    for i, r in enumerate(records[1:], start=1):
        assert r.input_uncached == 0
        assert r.cache_read == base + (i - 1) * delta
        assert r.cache_write == delta
    assert totals(records)["input"] == cumulative_input_tokens(n, base, delta)


def test_caching_lowers_the_bill_by_exactly_the_providers_multipliers(transcript_run, sonnet):
    spec, steps = transcript_run
    plain, cached = simulate(spec, steps), simulate(spec, steps, caching=True)
    assert totals(plain)["input"] == totals(cached)["input"]
    t = totals(cached)
    write, read = t["cache_write"], t["cache_read"]
    # the multipliers come from genai-prices' data, not from this test
    gp = calc_price(Usage(input_tokens=1, cache_write_tokens=1), "claude-sonnet-4-5", provider_id="anthropic")
    gp_read = calc_price(Usage(input_tokens=1, cache_read_tokens=1), "claude-sonnet-4-5", provider_id="anthropic")
    write_x = float(gp.total_price) / (sonnet.usd_per_million_input / 1e6)
    read_x = float(gp_read.total_price) / (sonnet.usd_per_million_input / 1e6)
    cost_plain, cost_cached = run_cost(plain, sonnet), run_cost(cached, sonnet)
    assert cost_cached.cache_write_usd == pytest.approx(write * sonnet.usd_per_million_input * write_x / 1e6)
    assert cost_cached.cache_read_usd == pytest.approx(read * sonnet.usd_per_million_input * read_x / 1e6)
    input_side_plain = cost_plain.input_usd
    input_side_cached = cost_cached.input_usd + cost_cached.cache_write_usd + cost_cached.cache_read_usd
    assert input_side_cached / input_side_plain == pytest.approx((write * write_x + read * read_x) / (write + read))
    assert cost_cached.output_usd == cost_plain.output_usd
    assert cost_cached.total_usd < cost_plain.total_usd


def test_run_cost_equals_genai_prices_call_by_call(transcript_run):
    spec, steps = transcript_run
    for model, provider in (("claude-sonnet-4-5", "anthropic"), ("gpt-5", "openai")):
        records = simulate(spec, steps, ObservationMasking(keep_last=4), caching=True)
        expected = sum(
            float(
                calc_price(
                    Usage(
                        input_tokens=r.input_tokens,
                        cache_write_tokens=r.cache_write,
                        cache_read_tokens=r.cache_read,
                        output_tokens=r.output + r.reasoning,
                    ),
                    model,
                    provider_id=provider,
                ).total_price
            )
            for r in records
        )
        assert run_cost(records, current_price(model, provider)).total_usd == pytest.approx(expected, rel=1e-9)


def test_reasoning_is_billed_as_output(sonnet):
    records = simulate(AgentSpec(1_000), ag.uniform_steps(5, 100, 100, 400))
    cost = run_cost(records, sonnet)
    assert cost.reasoning_usd == pytest.approx(5 * 400 * sonnet.usd_per_million_output / 1e6)
    assert cost.output_usd == pytest.approx(5 * 100 * sonnet.usd_per_million_output / 1e6)


def test_run_cost_accepts_a_model_name_and_rejects_junk(transcript_run):
    spec, steps = transcript_run
    records = simulate(spec, steps[:3])
    assert (
        run_cost(records, "claude-sonnet-4-5").total_usd
        == run_cost(records, current_price("claude-sonnet-4-5")).total_usd
    )
    with pytest.raises(ValueError):
        run_cost(records, "claude-sonet-4-5")
    with pytest.raises(ValueError):
        run_cost([1, 2], "gpt-5")  # type: ignore[list-item]


# --- strategies ----------------------------------------------------------------------------


def test_masking_keeps_the_last_results_and_hides_the_rest():
    spec = AgentSpec(100)
    steps = ag.uniform_steps(8, 10, 1_000)
    records = simulate(spec, steps, ObservationMasking(keep_last=3, placeholder_tokens=5))
    last = records[-1].composition  # call 7 sees the results of steps 0..6
    assert last["tool_results"] == 3 * 1_000
    assert last["placeholders"] == 4 * 5
    assert totals(records)["input"] < totals(simulate(spec, steps))["input"]


def test_default_placeholder_is_counted_with_a_real_tokenizer():
    records = simulate(AgentSpec(0), ag.uniform_steps(3, 0, 50), ObservationMasking(keep_last=0))
    assert records[-1].composition["placeholders"] == 2 * count_tokens(ag.PLACEHOLDER_TEXT, "o200k_base")


def test_compaction_keeps_prompts_under_the_trigger():
    spec = AgentSpec(1_000, context_window_tokens=12_000)
    steps = ag.uniform_steps(40, 50, 600)
    with pytest.raises(ContextWindowExceeded):
        simulate(spec, steps)
    strategy = Compaction(trigger_tokens=8_000, summary_tokens=500)
    records = simulate(spec, steps, strategy)
    agent_calls = [r for r in records if r.kind == "agent"]
    summaries = [r for r in records if r.kind == "compaction"]
    assert len(agent_calls) == 40 and summaries
    assert all(r.input_tokens <= strategy.trigger_tokens for r in agent_calls)
    assert all(r.output == 500 for r in summaries)


def test_compaction_keeps_recent_steps_verbatim():
    spec = AgentSpec(100)
    records = simulate(
        spec, ag.uniform_steps(12, 10, 300), Compaction(trigger_tokens=2_000, summary_tokens=50, keep_last=2)
    )
    after_first = next(i for i, r in enumerate(records) if r.kind == "compaction") + 1
    seen = records[after_first].composition
    assert seen["summary"] == 50 and seen["tool_results"] == 2 * 300 and seen["assistant"] == 2 * 10


def test_strategies_lower_the_input_of_the_transcript(transcript_run):
    spec, steps = transcript_run
    raw = totals(simulate(spec, steps))["input"]
    masked = totals(simulate(spec, steps, ObservationMasking(keep_last=3)))["input"]
    compacted = totals(simulate(spec, steps, Compaction(trigger_tokens=6_000, summary_tokens=800)))["input"]
    assert masked < raw and compacted < raw


def test_masking_breaks_the_cache(transcript_run):
    """Replacing old results changes the middle of the prompt: everything after must be re-cached."""
    spec, steps = transcript_run
    plain = totals(simulate(spec, steps, caching=True))
    masked = totals(simulate(spec, steps, ObservationMasking(keep_last=3), caching=True))
    assert masked["input"] < plain["input"]
    assert masked["cache_write"] > plain["cache_write"]


# --- sub-agents and architectures ----------------------------------------------------------


def test_subagents_run_in_their_own_context_and_report_back():
    worker = SubAgent(AgentSpec(200, 100, 30, name="worker"), tuple(ag.uniform_steps(6, 40, 500)))
    lead_steps = ag.fan_out_steps(worker, 3, dispatch_tokens=90, final_tokens=120)
    lead = AgentSpec(400, 100, 60, name="lead")
    records = simulate(lead, lead_steps)
    assert [r.kind for r in records].count("subagent") == 3 * 6
    worker_alone = totals(simulate(worker.spec, worker.steps))
    lead_calls = [r for r in records if r.agent == "lead"]
    # the lead's second call carries the three reports (each the worker's last output)
    assert lead_calls[1].composition["tool_results"] == 3 * worker.report_tokens
    assert totals(records)["total"] == totals(lead_calls)["total"] + 3 * worker_alone["total"]


def test_subagent_needs_steps():
    with pytest.raises(ValueError):
        SubAgent(AgentSpec(1), ())


def test_chat_single_multi(transcript_run):
    spec, steps = transcript_run
    result = ag.compare_architectures(spec, steps, n_subagents=3)
    assert result.chat_tokens < result.single_agent_tokens < result.multi_agent_tokens
    assert result.multi_agent_tokens > 3 * result.single_agent_tokens
    assert result.single_agent_multiple == result.single_agent_tokens / result.chat_tokens


# --- the shipped transcript ----------------------------------------------------------------


def test_transcript_is_a_plausible_coding_run():
    t = ag.load_transcript()
    names = {tool["name"] for tool in t["tools"]}
    assert {"read_file", "grep", "run_tests", "edit_file"} <= names
    assert 15 <= len(t["steps"]) <= 30
    assert "tool_call" not in t["steps"][-1]  # it ends with an answer
    assert all(s["tool_call"]["name"] in names for s in t["steps"] if "tool_call" in s)
    assert any("FAILED" in s.get("tool_result", "") for s in t["steps"])


def test_replay_counts_with_the_real_tokenizer(transcript_run):
    spec, steps = transcript_run
    t = ag.load_transcript()
    assert spec.system_prompt_tokens == count_tokens(t["system_prompt"], "o200k_base")
    assert spec.tool_schema_tokens == count_tokens(json.dumps(t["tools"], ensure_ascii=False), "o200k_base")
    assert spec.task_tokens == count_tokens(t["task"], "o200k_base")
    assert len(steps) == len(t["steps"])
    first = t["steps"][0]
    assert steps[0].tool_result_tokens == count_tokens(first["tool_result"], "o200k_base")
    assert steps[0].reasoning_tokens == count_tokens(first["reasoning"], "o200k_base")
    other_spec, _ = ag.replay_transcript(tokenizer="gpt2")
    assert other_spec.tool_schema_tokens != spec.tool_schema_tokens


def test_replay_errors():
    with pytest.raises(ValueError):
        ag.replay_transcript(tokenizer="no-such-tokenizer")
    with pytest.raises(ValueError, match="lacks"):
        ag.replay_transcript({"system_prompt": "x", "tools": [], "task": "y"})


def test_tool_results_dominate_the_transcript_input(transcript_run):
    spec, steps = transcript_run
    by_source = ag.input_by_source(simulate(spec, steps))
    assert max(by_source, key=by_source.get) == "tool_results"
    assert math.isclose(sum(by_source.values()), totals(simulate(spec, steps))["input"])


def test_breakeven_reads_of_a_prompt_cache():
    # Anthropic's 5-minute cache: write ×1.25, read ×0.1 → (1.25 − 1) / (1 − 0.1) = 0.2778 re-reads
    assert ag.breakeven_reads(1.25, 0.1) == pytest.approx(0.25 / 0.9)
    assert ag.breakeven_reads(2.0, 0.1) == pytest.approx(1 / 0.9)  # the 1-hour cache
    assert ag.breakeven_reads(1.0, 0.5) == 0.0  # a free write pays at once
    for bad in [
        (0.9, 0.1),
        (1.25, 1.0),
        (1.25, -0.1),
        (float("nan"), 0.1),
        (1.25, float("inf")),
        (True, 0.1),
        ("1.25", 0.1),
    ]:
        with pytest.raises(ValueError):
            ag.breakeven_reads(*bad)


# --- prompt caching in practice (issue 15) -------------------------------------------------


def test_the_prefix_is_sent_tools_first():
    """Tools, then system prompt, then task: editing the system prompt keeps the tools cached,
    editing the tools keeps nothing."""
    spec = AgentSpec(system_prompt_tokens=500, tool_schema_tokens=2_000, task_tokens=100)
    steps = ag.uniform_steps(4, 50, 300)
    system_edit = simulate(spec, ag.edit_prefix_at(steps, "system", [2]), caching=True)
    assert system_edit[2].cache_read == 2_000
    assert system_edit[2].cache_write == system_edit[2].input_tokens - 2_000
    tools_edit = simulate(spec, ag.edit_prefix_at(steps, "tools", [2]), caching=True)
    assert tools_edit[2].cache_read == 0 and tools_edit[2].cache_write == tools_edit[2].input_tokens
    task_edit = simulate(spec, ag.edit_prefix_at(steps, "task", [2]), caching=True)
    assert task_edit[2].cache_read == 2_500
    # the call after an edit reads everything again
    assert tools_edit[3].cache_read == tools_edit[2].input_tokens


def test_a_tool_set_change_invalidates_the_whole_cache():
    spec = AgentSpec(300, 1_500, 100)
    steps = ag.uniform_steps(6, 40, 500)
    steps[3] = ag.Step(40, 500, tool_schema_tokens=1_800)  # one more tool from call 3 on
    records = simulate(spec, steps, caching=True)
    assert [r.composition["tools"] for r in records] == [1_500] * 3 + [1_800] * 3
    assert records[3].cache_read == 0 and records[3].cache_write == records[3].input_tokens
    assert records[4].cache_read == records[3].input_tokens
    stable = totals(simulate(spec, ag.uniform_steps(6, 40, 500), caching=True))
    assert totals(records)["cache_write"] > stable["cache_write"]


def test_the_hit_rate_is_cached_input_over_all_input():
    records = simulate(AgentSpec(2_000), ag.uniform_steps(10, 100, 400), caching=True)
    reads = sum(r.cache_read for r in records)
    inputs = sum(r.input_tokens for r in records)
    assert ag.cache_hit_rate(records) == pytest.approx(reads / inputs)
    assert 0 < ag.cache_hit_rate(records) < 1
    assert ag.cache_hit_rate(simulate(AgentSpec(2_000), ag.uniform_steps(3, 1, 1))) == 0.0
    with pytest.raises(ValueError, match="undefined"):
        ag.cache_hit_rate([])
    with pytest.raises(ValueError):
        ag.cache_hit_rate([1, 2])  # type: ignore[list-item]


def test_a_prompt_below_the_minimum_is_never_cached():
    spec = AgentSpec(600)
    steps = ag.uniform_steps(8, 50, 150)  # prompts of 600, 800, …, 2,000 tokens
    records = simulate(spec, steps, caching=True, min_cacheable_tokens=1_024)
    for r in records:
        if r.input_tokens < 1_024:
            assert (r.input_uncached, r.cache_write, r.cache_read) == (r.input_tokens, 0, 0)
        else:
            assert r.input_uncached == 0
    first_cached = next(i for i, r in enumerate(records) if r.input_tokens >= 1_024)
    # nothing was written before, so the first cacheable call writes it all
    assert records[first_cached].cache_read == 0
    assert records[first_cached + 1].cache_read == records[first_cached].input_tokens
    ignored = simulate(spec, steps, caching=True)
    assert ag.cache_hit_rate(records) < ag.cache_hit_rate(ignored)


def test_a_match_shorter_than_the_minimum_reads_nothing():
    spec = AgentSpec(system_prompt_tokens=400, tool_schema_tokens=700, task_tokens=100)
    steps = ag.edit_prefix_at(ag.uniform_steps(5, 50, 300), "system", range(5))
    with_min = simulate(spec, steps, caching=True, min_cacheable_tokens=1_024)
    assert all(r.cache_read == 0 for r in with_min)  # only the 700 tool tokens ever match
    without_min = simulate(spec, steps, caching=True)
    assert all(r.cache_read == 700 for r in without_min[1:])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 20), base=st.integers(0, 3_000), out=st.integers(0, 500), tool=st.integers(0, 2_000))
def test_a_zero_minimum_changes_nothing(n, base, out, tool):
    steps = ag.uniform_steps(n, out, tool)
    assert simulate(AgentSpec(base), steps, caching=True, min_cacheable_tokens=0) == simulate(
        AgentSpec(base), steps, caching=True
    )


def test_a_changing_prefix_costs_more_than_no_caching_at_anthropic(transcript_run, sonnet):
    spec, steps = transcript_run
    minimum = ag.minimum_cacheable_tokens("claude-sonnet-4-5", "anthropic")
    every_call = simulate(spec, ag.edit_prefix_at(steps, "system", range(len(steps))), caching=True,
                          min_cacheable_tokens=minimum)  # fmt: skip
    assert spec.tool_schema_tokens < minimum  # so the tools before the edit are never read
    assert ag.cache_hit_rate(every_call) == 0
    assert run_cost(every_call, sonnet).total_usd > run_cost(simulate(spec, steps), sonnet).total_usd
    stable = simulate(spec, steps, caching=True, min_cacheable_tokens=minimum)
    once = simulate(spec, ag.edit_prefix_at(steps, "system", [11]), caching=True, min_cacheable_tokens=minimum)
    assert (
        run_cost(stable, sonnet).total_usd < run_cost(once, sonnet).total_usd < run_cost(every_call, sonnet).total_usd
    )
    assert ag.cache_hit_rate(stable) > ag.cache_hit_rate(once) > ag.cache_hit_rate(every_call)


def test_documented_cache_minimums():
    from token_economics.data import references

    assert ag.minimum_cacheable_tokens("claude-sonnet-4-5", "anthropic") == 1_024
    assert ag.minimum_cacheable_tokens("claude-haiku-4-5") == 4_096
    assert ag.minimum_cacheable_tokens("claude-opus-4-5", "anthropic") == 4_096
    assert ag.minimum_cacheable_tokens("gpt-5", "openai") == 1_024
    rows = ag.cache_minimums()
    refs = references()
    for row in rows:
        assert row.tokens > 0 and row.ref in refs
        assert current_price(row.model, row.provider).model  # a model genai-prices knows
    with pytest.raises(ValueError, match="known: .*claude-sonnet-4-5"):
        ag.minimum_cacheable_tokens("deepseek-v4-flash")
    with pytest.raises(ValueError):
        ag.minimum_cacheable_tokens("gpt-5", "anthropic")


def test_edit_prefix_at_copies_and_checks():
    steps = ag.uniform_steps(4, 10, 20)
    edited = ag.edit_prefix_at(steps, "tools", [0, 3])
    assert [s.edit_prefix for s in edited] == ["tools", None, None, "tools"]
    assert all(s.edit_prefix is None for s in steps)
    for bad in [("nope", [1]), ("system", [4]), ("system", [-1]), ("system", [1.5]), ("system", "1")]:
        with pytest.raises(ValueError):
            ag.edit_prefix_at(steps, *bad)
    with pytest.raises(ValueError):
        Step(1, edit_prefix="messages")
    with pytest.raises(ValueError):
        Step(1, tool_schema_tokens=-5)


def test_canonical_json_gives_one_text_per_value():
    a = {"name": "grep", "input_schema": {"type": "object", "required": ["pattern"]}}
    b = {"input_schema": {"required": ["pattern"], "type": "object"}, "name": "grep"}
    assert a == b and json.dumps(a) != json.dumps(b)
    assert ag.canonical_json(a) == ag.canonical_json(b)
    assert json.loads(ag.canonical_json(a)) == a
    for bad in [float("nan"), {"x": float("inf")}, object(), {1.5: "x"}]:
        with pytest.raises(ValueError):
            ag.canonical_json(bad)


def test_shared_prefix_tokens_counts_until_the_first_difference():
    text = "You are Patch, a careful coding agent. Today is 2026-12-03."
    n = count_tokens(text, "o200k_base")
    assert ag.shared_prefix_tokens(text, text) == n
    assert ag.shared_prefix_tokens(text, text.replace("2026-12-03", "2026-12-04")) < n
    assert ag.shared_prefix_tokens("Today: " + text, text) == 0
    with pytest.raises(ValueError):
        ag.shared_prefix_tokens(text, None)  # type: ignore[arg-type]


def test_key_order_breaks_the_prefix_and_sorted_keys_do_not():
    tools = ag.load_transcript()["tools"]
    check = ag.key_order_check(tools)
    assert check.tokens == count_tokens(json.dumps(tools, ensure_ascii=False), "o200k_base")
    assert check.shared_as_built < 10 < check.tokens
    assert check.shared_canonical == check.canonical_tokens == count_tokens(ag.canonical_json(tools), "o200k_base")


def test_tools_on_demand_change_the_tool_set_when_first_used(transcript_run, sonnet):
    t = ag.load_transcript()
    spec, steps = ag.replay_transcript(tools_on_demand=True)
    first = t["steps"][0]["tool_call"]["name"]
    first_schema = [tool for tool in t["tools"] if tool["name"] == first]
    assert spec.tool_schema_tokens == count_tokens(json.dumps(first_schema, ensure_ascii=False), "o200k_base")
    seen, expected_changes = {first}, []
    for i, raw in enumerate(t["steps"]):
        name = raw.get("tool_call", {}).get("name")
        if name and name not in seen:
            seen.add(name)
            expected_changes.append(i)
    assert [i for i, s in enumerate(steps) if s.tool_schema_tokens is not None] == expected_changes
    used = [tool for tool in t["tools"] if tool["name"] in seen]
    assert steps[expected_changes[-1]].tool_schema_tokens == count_tokens(
        json.dumps(used, ensure_ascii=False), "o200k_base"
    )
    # fewer tokens read, yet a higher bill with caching: every change re-writes the cache
    all_spec, all_steps = transcript_run
    minimum = ag.minimum_cacheable_tokens("claude-sonnet-4-5", "anthropic")
    on_demand = simulate(spec, steps, caching=True, min_cacheable_tokens=minimum)
    stable = simulate(all_spec, all_steps, caching=True, min_cacheable_tokens=minimum)
    assert totals(on_demand)["input"] < totals(stable)["input"]
    assert run_cost(on_demand, sonnet).total_usd > run_cost(stable, sonnet).total_usd
    with pytest.raises(ValueError, match="not among its tools"):
        ag.replay_transcript({**t, "tools": t["tools"][:1]}, tools_on_demand=True)
