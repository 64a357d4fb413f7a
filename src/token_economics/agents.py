"""Lesson 3 — why agents burn tokens like crazy.

A chat model answers once. An agent works in a loop: the model reads everything so far, writes
a message and a tool call, the tool's result is appended, and the model is called again. The
API keeps no memory between calls, so every call re-sends the whole conversation: the system
prompt, the tool schemas, the task and every earlier step. With a fixed context of ``c₀``
tokens and ``Δ`` new tokens per step, the ``k`` calls of a run read

    k·c₀ + Δ·k(k−1)/2 input tokens in total,

which grows with the *square* of the number of steps (:func:`cumulative_input_tokens`).

This module simulates such runs token by token (:func:`simulate`), with the strategies that
agents use to keep the bill down — masking old tool outputs, compacting the history into a
summary, prompt caching — and with sub-agents that work in their own context windows and
hand back a summary. :func:`run_cost` prices a run with current list prices from
:mod:`token_economics.market`, and :func:`replay_transcript` turns the course's example run of
a coding agent (``data/lesson3/coding_agent_transcript.json``) into token counts with the real
tokenizers of lesson 1.

Prompt caching has practical rules, and the simulator shows each one's effect: a prefix that
changes (:attr:`Step.edit_prefix`) or a tool set that changes mid-run
(:attr:`Step.tool_schema_tokens`) is written to the cache again; a prompt shorter than the
provider's minimum cacheable length is never cached (``min_cacheable_tokens`` of
:func:`simulate`, with the documented minimums in :func:`minimum_cacheable_tokens`);
:func:`cache_hit_rate` is the metric to watch; :func:`canonical_json` serialises a tool list
the same way every time, and :func:`key_order_check` shows what a different key order costs.

Everything is counted in tokens (``*_tokens``) and priced in US dollars (``*_usd``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence, Union

from token_economics.units import InputTypeError as _InputTypeError
from token_economics.units import instance_of as _instance_of
from token_economics.units import number as _number
from token_economics.units import whole as _whole
from token_economics.data import load_csv, load_json
from token_economics.market import CostBreakdown, ModelPrice, current_price, request_cost_usd
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "cumulative_input_tokens",
    "steps_within_budget",
    "Step",
    "SubAgent",
    "AgentSpec",
    "StepRecord",
    "NoManagement",
    "ObservationMasking",
    "Compaction",
    "Strategy",
    "STRATEGY_NAMES",
    "strategy_from_name",
    "ContextWindowExceeded",
    "simulate",
    "uniform_steps",
    "totals",
    "input_by_source",
    "run_cost",
    "breakeven_reads",
    "cache_hit_rate",
    "PREFIX_PARTS",
    "CacheMinimum",
    "cache_minimums",
    "minimum_cacheable_tokens",
    "edit_prefix_at",
    "canonical_json",
    "shared_prefix_tokens",
    "KeyOrderCheck",
    "key_order_check",
    "CostBreakdown",
    "PLACEHOLDER_TEXT",
    "load_transcript",
    "available_transcripts",
    "replay_transcript",
    "fan_out_steps",
    "ArchitectureTotals",
    "compare_architectures",
]


def _count(name: str, value: object, *, minimum: int = 0) -> int:
    """A whole number of tokens (or steps) ≥ ``minimum``: an int, never a float."""
    return _whole(name, value, minimum=minimum)


#: What observation masking leaves in place of an old tool result (this module's wording; the
#: Complexity Trap paper's agents use a similar one-line placeholder). Source: [ref:l3_lindenbauer2025complexity].
PLACEHOLDER_TEXT = "[Old tool output omitted to keep the context short.]"

#: The example run shipped with the course (see ``data/lesson3/README.md``).
TRANSCRIPT_FILE = "coding_agent_transcript.json"
#: Providers' documented minimum cacheable prompt lengths, per model (see its README).
CACHE_MINIMUMS_FILE = "cache_minimums.csv"
#: The parts of the fixed prefix, in the order they are sent: tool definitions first, then the
#: system prompt, then the task (the order of Anthropic's cache: tools → system → messages).
PREFIX_PARTS = ("tools", "system", "task")
#: The largest token count a budget calculation takes: 10^24 tokens, far beyond any real budget,
#: keeps the arithmetic within a float's range (a limit of the calculation, not a figure).
MAX_TOKENS = 10**24
#: The longest run simulated step by step (a limit of this simulator, not of agents).
MAX_SIMULATED_STEPS = 100_000
#: The most sub-agents one lead may dispatch in :func:`fan_out_steps`.
MAX_SUBAGENTS = 10_000


# --- checking input ------------------------------------------------------------------------


# --- the quadratic bill --------------------------------------------------------------------


def cumulative_input_tokens(steps: int, base_context: int, tokens_per_step: int) -> int:
    """Total input tokens of an agent run whose every call re-sends the whole conversation.

    Call ``i`` (0-based) sends ``base_context + i·tokens_per_step`` input tokens: the fixed part
    (system prompt, tool schemas, task) plus everything the ``i`` earlier steps added. Summed
    over ``steps`` calls this is ``steps·base_context + tokens_per_step·steps·(steps−1)/2``,
    computed exactly in integers.

    Args:
        steps: number of model calls (≥ 0).
        base_context: tokens every call sends regardless of history (≥ 0).
        tokens_per_step: tokens each step adds to the conversation (≥ 0).

    Returns:
        The total number of input tokens.

    Raises:
        ValueError: if an argument is negative, not a whole number, a bool or NaN.
    """
    k = _count("steps", steps)
    c0 = _count("base_context", base_context)
    delta = _count("tokens_per_step", tokens_per_step)
    return k * c0 + delta * k * (k - 1) // 2


def steps_within_budget(budget_tokens: int, base_context: int, tokens_per_step: int) -> int:
    """The largest number of steps whose cumulative input stays within ``budget_tokens``.

    The inverse of :func:`cumulative_input_tokens`: because the total grows with the square of
    the steps, doubling the budget buys far fewer than twice the steps.

    Raises:
        ValueError: for bad input (as :func:`cumulative_input_tokens`), or if every step is
            free (``base_context == tokens_per_step == 0``), which makes the answer unbounded.
    """
    budget = _whole("budget_tokens", budget_tokens, "tokens", maximum=MAX_TOKENS)
    c0 = _whole("base_context", base_context, "tokens", maximum=MAX_TOKENS)
    delta = _whole("tokens_per_step", tokens_per_step, "tokens", maximum=MAX_TOKENS)
    if c0 == 0 and delta == 0:
        raise ValueError("with base_context = tokens_per_step = 0 every step is free: no limit")
    # Solve k·c0 + Δ·k(k−1)/2 ≤ budget from a float estimate, then fix it exactly.
    if delta == 0:
        k = budget // c0
    else:
        a, b = delta / 2, c0 - delta / 2
        k = max(0, int((-b + math.sqrt(b * b + 4 * a * budget)) / (2 * a)))
    while k > 0 and cumulative_input_tokens(k, c0, delta) > budget:
        k -= 1
    while cumulative_input_tokens(k + 1, c0, delta) <= budget:
        k += 1
    return k


# --- describing a run ----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One turn of the agent loop, in tokens.

    Attributes:
        output_tokens: the assistant's visible output in this call — its message and the tool
            call. Billed as output now, re-sent as input in every later call.
        tool_result_tokens: what the tool returns (a file, test output, a diff), appended to
            the conversation and re-sent in every later call. 0 for a final answer.
        reasoning_tokens: hidden reasoning ("thinking") in this call. Billed as output; not
            re-sent later unless the agent's :attr:`AgentSpec.keep_reasoning` is set.
        subagents: sub-agents this step launches; each runs its own loop and its final output
            is appended to this step's tool result.
        label: a short name for charts (e.g. the tool's name).
        tool_schema_tokens: ``None`` (the tool set stays as it is), or the size of a new tool
            set that the harness offers from this call on (a tool added or removed). The tool
            definitions sit at the very start of the prompt, so after the change nothing cached
            still matches: the whole prompt is written to the cache again.
        edit_prefix: ``None``, or a part of the fixed prefix (one of :data:`PREFIX_PARTS`)
            whose text changes before this call while its size stays the same: a timestamp in
            the system prompt, tool schemas serialised in another key order. That part and
            everything after it no longer match the cache.
    """

    output_tokens: int
    tool_result_tokens: int = 0
    reasoning_tokens: int = 0
    subagents: tuple["SubAgent", ...] = ()
    label: str = ""
    tool_schema_tokens: int | None = None
    edit_prefix: str | None = None

    def __post_init__(self) -> None:
        _count("output_tokens", self.output_tokens)
        _count("tool_result_tokens", self.tool_result_tokens)
        _count("reasoning_tokens", self.reasoning_tokens)
        if not isinstance(self.subagents, tuple) or not all(isinstance(s, SubAgent) for s in self.subagents):
            raise ValueError("subagents must be a tuple of SubAgent")
        if self.tool_schema_tokens is not None:
            _count("tool_schema_tokens", self.tool_schema_tokens)
        if self.edit_prefix is not None and self.edit_prefix not in PREFIX_PARTS:
            raise ValueError(
                f"edit_prefix must be None or one of {', '.join(PREFIX_PARTS)} (the parts of the fixed prefix), "
                f"not {self.edit_prefix!r:.60}"
            )


@dataclass(frozen=True)
class SubAgent:
    """A helper agent launched by a step: it runs ``steps`` with its own ``spec`` (its own
    context window, its own cache) and hands back its final output, the output of its last
    step, as part of the launching step's tool result."""

    spec: "AgentSpec"
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.spec, AgentSpec):
            raise ValueError("SubAgent.spec must be an AgentSpec")
        if not isinstance(self.steps, tuple) or not self.steps or not all(isinstance(s, Step) for s in self.steps):
            raise ValueError("SubAgent.steps must be a non-empty tuple of Step")

    @property
    def report_tokens(self) -> int:
        """Tokens handed back to the launching agent (its last step's output)."""
        return self.steps[-1].output_tokens


@dataclass(frozen=True)
class AgentSpec:
    """The fixed part of an agent's prompt and its limits.

    Attributes:
        system_prompt_tokens: the system prompt, sent with every call.
        tool_schema_tokens: the tool definitions (names, descriptions, JSON schemas), sent with
            every call whether or not a tool is used.
        task_tokens: the user's request, sent with every call.
        context_window_tokens: the most tokens one call may hold (its input plus its output);
            ``None`` for no limit. A call that does not fit raises
            :class:`ContextWindowExceeded`; the :class:`Compaction` strategy summarises the
            history before that happens.
        keep_reasoning: re-send each step's reasoning in later calls. Off by default, as for
            OpenAI's reasoning models and for Claude Sonnet 4.5, Opus 4.1 and earlier and every
            Haiku model through Haiku 4.5, which drop earlier turns' reasoning from the context
            (inside one tool-use loop, both providers ask for the latest reasoning to be passed
            back). On for Claude Opus 4.5 and later Opus models and Claude Sonnet 4.6 and later,
            which keep the thinking of earlier turns in context by default
            (Source: [ref:l3_openai_reasoning], [ref:l3_anthropic_extended_thinking]).
        name: a label for the records of this agent.
    """

    system_prompt_tokens: int
    tool_schema_tokens: int = 0
    task_tokens: int = 0
    context_window_tokens: int | None = None
    keep_reasoning: bool = False
    name: str = "agent"

    def __post_init__(self) -> None:
        _count("system_prompt_tokens", self.system_prompt_tokens)
        _count("tool_schema_tokens", self.tool_schema_tokens)
        _count("task_tokens", self.task_tokens)
        if self.context_window_tokens is not None:
            _count("context_window_tokens", self.context_window_tokens, minimum=1)
        if not isinstance(self.keep_reasoning, bool):
            raise ValueError("keep_reasoning must be True or False")

    @property
    def base_context_tokens(self) -> int:
        """Tokens every call sends before any history: tool schemas + system prompt + task."""
        return self.system_prompt_tokens + self.tool_schema_tokens + self.task_tokens


@dataclass(frozen=True)
class StepRecord:
    """What one model call consumed, as a provider would bill it.

    Attributes:
        step: index of the step (of its own agent) this call belongs to.
        input_uncached: input tokens billed at the ordinary input price.
        cache_write: input tokens written to the prompt cache.
        cache_read: input tokens read from the prompt cache.
        output: visible output tokens.
        reasoning: hidden reasoning tokens (billed as output).
        kind: ``"agent"`` (a step of the top-level agent), ``"subagent"`` or ``"compaction"``
            (a summarisation call).
        agent: the :attr:`AgentSpec.name` of the agent that made the call.
        composition: the call's input tokens by source — ``system``, ``tools``, ``task``,
            ``assistant``, ``tool_results``, ``reasoning``, ``placeholders``, ``summary``.
    """

    step: int
    input_uncached: int
    cache_write: int
    cache_read: int
    output: int
    reasoning: int = 0
    kind: str = "agent"
    agent: str = "agent"
    composition: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def input_tokens(self) -> int:
        """All input tokens of the call, cached or not."""
        return self.input_uncached + self.cache_write + self.cache_read

    @property
    def total_tokens(self) -> int:
        """Input + output + reasoning tokens."""
        return self.input_tokens + self.output + self.reasoning


# --- context-management strategies ---------------------------------------------------------


@dataclass(frozen=True)
class NoManagement:
    """Keep everything: the raw agent, whose input grows quadratically."""

    name = "none"


@dataclass(frozen=True)
class ObservationMasking:
    """Keep only the last ``keep_last`` tool results verbatim; older ones become a placeholder.

    The agent keeps its own messages and reasoning chain; only old *observations* (tool
    outputs) are hidden. JetBrains' "Complexity Trap" study found this halves cost relative to
    the raw agent at a solve rate matching LLM summarisation, with a window of 10 turns
    (Source: [ref:l3_lindenbauer2025complexity]). Masking changes earlier parts of the prompt, so
    with prompt caching every masked result forces the rest of the prompt to be re-cached.

    Attributes:
        keep_last: how many of the most recent tool results stay verbatim (≥ 0).
        placeholder_tokens: size of the placeholder; ``None`` means the token count of
            :data:`PLACEHOLDER_TEXT` in the simulation's tokenizer (``o200k_base``).
    """

    keep_last: int = 10
    placeholder_tokens: int | None = None
    name = "masking"

    def __post_init__(self) -> None:
        _count("keep_last", self.keep_last)
        if self.placeholder_tokens is not None:
            _count("placeholder_tokens", self.placeholder_tokens)


@dataclass(frozen=True)
class Compaction:
    """Summarise the history when the prompt grows past ``trigger_tokens``.

    Before a call whose prompt would exceed ``trigger_tokens``, one extra model call reads the
    whole prompt and writes a summary of ``summary_tokens`` tokens (billed as output; recorded
    with ``kind="compaction"``). The history is then replaced by that summary, keeping the last
    ``keep_last`` steps verbatim. Coding agents such as Claude Code compact automatically near
    the end of the context window (Source: [ref:l3_claude_code_costs_2025]).

    Attributes:
        trigger_tokens: prompt size that triggers a compaction (≥ 1).
        summary_tokens: length of each summary.
        keep_last: steps kept verbatim after the summary (≥ 0).
    """

    trigger_tokens: int
    summary_tokens: int
    keep_last: int = 0
    name = "compaction"

    def __post_init__(self) -> None:
        _count("trigger_tokens", self.trigger_tokens, minimum=1)
        _count("summary_tokens", self.summary_tokens)
        _count("keep_last", self.keep_last)


Strategy = Union[NoManagement, ObservationMasking, Compaction]

#: Names accepted by :func:`strategy_from_name`.
STRATEGY_NAMES = ("none", "masking", "compaction")


def strategy_from_name(name: str, **options: int) -> Strategy:
    """Build a strategy from its name (``"none"``, ``"masking"``, ``"compaction"``) and options.

    Raises:
        ValueError: for an unknown name or options the strategy does not take.
    """
    classes = {"none": NoManagement, "masking": ObservationMasking, "compaction": Compaction}
    if name not in classes:
        raise ValueError(f"unknown strategy {name!r}; choose one of: {', '.join(STRATEGY_NAMES)}")
    try:
        return classes[name](**options)
    except TypeError as exc:
        raise ValueError(f"bad options for strategy {name!r}: {exc}") from None


class ContextWindowExceeded(ValueError):
    """A call does not fit in the agent's context window (input + output > window)."""


# --- the simulator -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """A piece of the prompt. Two prompts share a cached prefix as long as their segments match."""

    source: str
    tokens: int
    key: tuple


@dataclass
class _History:
    """The growing part of one agent's prompt."""

    items: list[_Segment] = field(default_factory=list)
    step_of: list[int] = field(default_factory=list)  # the step each segment came from
    compactions: int = 0

    def add(self, segment: _Segment, step: int) -> None:
        if segment.tokens:  # an empty tool result or no reasoning adds nothing
            self.items.append(segment)
            self.step_of.append(step)


def _placeholder_tokens(strategy: ObservationMasking) -> int:
    if strategy.placeholder_tokens is not None:
        return strategy.placeholder_tokens
    from token_economics.tokens import count_tokens

    return count_tokens(PLACEHOLDER_TEXT, "o200k_base")


def _visible(history: _History, strategy: Strategy, placeholder: int) -> list[_Segment]:
    """The history as the model sees it under ``strategy`` (masking hides old tool results)."""
    if not isinstance(strategy, ObservationMasking):
        return list(history.items)
    results = [i for i, s in enumerate(history.items) if s.source == "tool_results"]
    hidden = set(results[: max(0, len(results) - strategy.keep_last)])
    return [
        _Segment("placeholders", placeholder, ("masked",) + s.key) if i in hidden else s
        for i, s in enumerate(history.items)
    ]


def _composition(prompt: Sequence[_Segment]) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in prompt:
        out[s.source] = out.get(s.source, 0) + s.tokens
    return out


class _Run:
    """Bookkeeping of one agent's calls: its fixed prefix, its prompt cache and its records."""

    def __init__(self, spec: AgentSpec, caching: bool, min_cacheable: int, records: list[StepRecord]):
        self.spec, self.caching, self.min_cacheable, self.records = spec, caching, min_cacheable, records
        self.cached: list[_Segment] = []
        self.version = dict.fromkeys(PREFIX_PARTS, 0)
        self.sizes = {"tools": spec.tool_schema_tokens, "system": spec.system_prompt_tokens, "task": spec.task_tokens}

    @property
    def prefix(self) -> list[_Segment]:
        """The fixed part of the prompt, tools first; a part's version changes with its text."""
        return [_Segment(part, self.sizes[part], (part, self.version[part])) for part in PREFIX_PARTS]

    def change(self, step: Step) -> None:
        """Apply the prefix changes a step asks for before its call."""
        if step.tool_schema_tokens is not None:
            self.sizes["tools"] = step.tool_schema_tokens
            self.version["tools"] += 1
        if step.edit_prefix is not None:
            self.version[step.edit_prefix] += 1

    def call(self, step: int, prompt: list[_Segment], output: int, reasoning: int, kind: str) -> None:
        total = sum(s.tokens for s in prompt)
        window = self.spec.context_window_tokens
        if window is not None and total + output + reasoning > window:
            raise ContextWindowExceeded(
                f"{self.spec.name}: step {step} needs {total:,} input + {output + reasoning:,} output tokens, "
                f"more than the {window:,}-token context window. Use the Compaction strategy, "
                f"mask old tool results, or shorten the run."
            )
        if self.caching and total >= self.min_cacheable:
            common = 0
            for new, old in zip(prompt, self.cached, strict=False):  # the common prefix
                if new != old:
                    break
                common += new.tokens
            # a cache entry is never shorter than the minimum, so a shorter match reads nothing
            read = common if common >= self.min_cacheable else 0
            uncached, write = 0, total - read
            self.cached = list(prompt)
        else:  # no caching, or a prompt below the minimum: neither read nor written
            uncached, write, read = total, 0, 0
        self.records.append(
            StepRecord(step, uncached, write, read, output, reasoning, kind, self.spec.name, _composition(prompt))
        )


def simulate(
    spec: AgentSpec,
    steps: Iterable[Step],
    strategy: Strategy | None = None,
    *,
    caching: bool = False,
    min_cacheable_tokens: int = 0,
) -> list[StepRecord]:
    """Simulate an agent run call by call and return what each call consumed.

    Call ``i`` sends the fixed prefix (tool schemas, system prompt, task, in that order) and
    the history of steps ``0 … i−1`` (assistant outputs, tool results, and reasoning if kept)
    as shaped by the ``strategy``; it produces step ``i``'s output and reasoning. Sub-agents of
    a step run after that step's call, each with its own history and cache, and their reports
    join the step's tool result. With :class:`NoManagement`, no caching and the same tokens
    every step, the input total equals :func:`cumulative_input_tokens` exactly.

    Prompt caching (``caching=True``) follows the prefix caching of Anthropic and OpenAI: the
    part of a prompt identical to the start of the previous call's prompt is a cache read, the
    rest a cache write (billed by the provider's multipliers, see :func:`run_cost`). Prompts
    are compared part by part (tools, system prompt, task, then each message): a part whose
    text changed (:attr:`Step.edit_prefix`, :attr:`Step.tool_schema_tokens`, a masked tool
    result) and everything after it are written again. A prompt shorter than
    ``min_cacheable_tokens`` is neither read from nor written to the cache, and a match
    shorter than it reads nothing ("Shorter prompts cannot be cached"). The simulation assumes
    calls come quickly enough for the cache not to expire (5 minutes by default at Anthropic,
    refreshed on every hit; Source: [ref:l3_anthropic_prompt_caching]).

    Args:
        spec: the agent's fixed prompt and context window.
        steps: the steps of the run, in order.
        strategy: :class:`NoManagement` (default), :class:`ObservationMasking` or
            :class:`Compaction`; sub-agents use the same strategy.
        caching: whether prompt caching is on.
        min_cacheable_tokens: the provider's minimum cacheable prompt length for the model
            (:func:`minimum_cacheable_tokens`); 0 caches prompts of any length. Ignored
            without caching.

    Returns:
        One :class:`StepRecord` per model call, in the order the calls happen.

    Raises:
        ContextWindowExceeded: (a ``ValueError``) when a call does not fit in the context
            window; :class:`Compaction` avoids it as long as a summary fits.
        ValueError: for bad arguments.
    """
    if not isinstance(spec, AgentSpec):
        raise ValueError(f"spec must be an AgentSpec, not {type(spec).__name__}")
    strategy = NoManagement() if strategy is None else strategy
    if not isinstance(strategy, (NoManagement, ObservationMasking, Compaction)):
        raise ValueError(f"strategy must be NoManagement, ObservationMasking or Compaction, not {strategy!r}")
    if not isinstance(caching, bool):
        raise ValueError("caching must be True or False")
    minimum = _whole("min_cacheable_tokens", min_cacheable_tokens, "tokens", minimum=0, maximum=MAX_TOKENS)
    steps = list(steps)
    if not all(isinstance(s, Step) for s in steps):
        raise ValueError("steps must all be Step objects")
    records: list[StepRecord] = []
    placeholder = _placeholder_tokens(strategy) if isinstance(strategy, ObservationMasking) else 0
    _simulate(spec, steps, strategy, caching, minimum, "agent", records, placeholder)
    return records


def _simulate(
    spec: AgentSpec,
    steps: list[Step],
    strategy: Strategy,
    caching: bool,
    minimum: int,
    kind: str,
    records: list[StepRecord],
    placeholder: int,
) -> None:
    run = _Run(spec, caching, minimum, records)
    history = _History()
    for i, step in enumerate(steps):
        run.change(step)
        prompt = run.prefix + _visible(history, strategy, placeholder)
        if isinstance(strategy, Compaction) and sum(s.tokens for s in prompt) > strategy.trigger_tokens:
            kept_from = _kept_from(history, i, strategy.keep_last)
            if any(s.source != "summary" for s in history.items[:kept_from]):  # something new to summarise
                run.call(i, prompt, strategy.summary_tokens, 0, "compaction")
                history.compactions += 1
                summary = _Segment("summary", strategy.summary_tokens, ("summary", history.compactions))
                kept = list(zip(history.items[kept_from:], history.step_of[kept_from:], strict=True))
                history.items, history.step_of = [summary], [i]
                for segment, origin in kept:
                    history.items.append(segment)
                    history.step_of.append(origin)
                prompt = run.prefix + _visible(history, strategy, placeholder)
        run.call(i, prompt, step.output_tokens, step.reasoning_tokens, kind)
        report = 0
        for sub in step.subagents:
            _simulate(sub.spec, list(sub.steps), strategy, caching, minimum, "subagent", records, placeholder)
            report += sub.report_tokens
        if spec.keep_reasoning:
            history.add(_Segment("reasoning", step.reasoning_tokens, ("reasoning", i)), i)
        history.add(_Segment("assistant", step.output_tokens, ("assistant", i)), i)
        history.add(_Segment("tool_results", step.tool_result_tokens + report, ("tool_results", i)), i)


def _kept_from(history: _History, current_step: int, keep_last: int) -> int:
    """Index of the first history segment to keep verbatim after a compaction."""
    first_kept_step = current_step - keep_last
    for index, origin in enumerate(history.step_of):
        if origin >= first_kept_step and history.items[index].source != "summary":
            return index
    return len(history.items)


def uniform_steps(count: int, output_tokens: int, tool_result_tokens: int, reasoning_tokens: int = 0) -> list[Step]:
    """``count`` identical steps — the constant-growth case of :func:`cumulative_input_tokens`.

    At most :data:`MAX_SIMULATED_STEPS`: a longer run is priced with the closed form
    (:func:`cumulative_input_tokens`), not step by step.
    """
    n = _whole("count", count, "steps", minimum=0, maximum=MAX_SIMULATED_STEPS)
    return [Step(output_tokens, tool_result_tokens, reasoning_tokens) for _ in range(n)]


def _records(records: object) -> list[StepRecord]:
    """The records of a run (what :func:`simulate` returns), checked to be StepRecords."""
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise _InputTypeError(f"records must be the StepRecords of a run (from simulate), not {records!r:.60}")
    out = list(records)
    for r in out:
        _instance_of("records", r, StepRecord, "a list of StepRecord (from simulate)")
    return out


def totals(records: Iterable[StepRecord]) -> dict[str, int]:
    """Token totals of a run: ``input_uncached``, ``cache_write``, ``cache_read``, ``input``,
    ``output``, ``reasoning``, ``total`` and ``calls``."""
    out = dict(input_uncached=0, cache_write=0, cache_read=0, input=0, output=0, reasoning=0, total=0, calls=0)
    for r in _records(records):
        out["input_uncached"] += r.input_uncached
        out["cache_write"] += r.cache_write
        out["cache_read"] += r.cache_read
        out["input"] += r.input_tokens
        out["output"] += r.output
        out["reasoning"] += r.reasoning
        out["total"] += r.total_tokens
        out["calls"] += 1
    return out


def input_by_source(records: Iterable[StepRecord]) -> dict[str, int]:
    """Input tokens of a run summed by source (system, tools, task, assistant, tool_results …)."""
    out: dict[str, int] = {}
    for r in _records(records):
        for source, tokens in r.composition.items():
            out[source] = out.get(source, 0) + tokens
    return out


# --- prompt caching in practice ------------------------------------------------------------


def cache_hit_rate(records: Iterable[StepRecord]) -> float:
    """The cache hit rate of a run: input tokens read from the cache ÷ all input tokens.

    The metric to watch when caching: providers report, per call, the tokens read from the
    cache, the tokens written to it and the rest (Anthropic: ``cache_read_input_tokens``,
    ``cache_creation_input_tokens``, ``input_tokens``, which add up to the call's input;
    Source: [ref:l3_anthropic_prompt_caching]). A stable prefix keeps the rate high; every
    change to the prefix, and every prompt below the minimum cacheable length, lowers it.

    Args:
        records: the calls of a run, from :func:`simulate`.

    Returns:
        A fraction between 0 and 1.

    Raises:
        ValueError: for records that are not :class:`StepRecord`, or a run without input
            tokens (its hit rate is undefined).
    """
    t = totals(records)
    if t["input"] == 0:
        raise ValueError("the run has no input tokens, so its cache hit rate is undefined")
    return t["cache_read"] / t["input"]


@dataclass(frozen=True)
class CacheMinimum:
    """A provider's documented minimum cacheable prompt length for one model.

    Attributes:
        provider: genai-prices' provider id (``"anthropic"``).
        model: genai-prices' model id (``"claude-sonnet-4-5"``).
        tokens: the shortest prompt (prefix) the provider caches, in tokens.
        as_of: the date of the documentation read, ISO style.
        ref: the source's key in the bibliography.
        note: what the source says, in a few words.
    """

    provider: str
    model: str
    tokens: int
    as_of: str
    ref: str
    note: str


def cache_minimums() -> list[CacheMinimum]:
    """The documented minimum cacheable prompt lengths the course ships, one row per model.

    Read from ``data/lesson3/cache_minimums.csv`` (provenance in its README): Anthropic's
    per-model minimums and OpenAI's 1,024 tokens. Below the minimum a prompt is processed
    without caching, and no error says so (Source: [ref:l3_anthropic_prompt_caching],
    [ref:l3_openai_prompt_caching]).
    """
    rows = []
    for row in load_csv("lesson3", CACHE_MINIMUMS_FILE):
        rows.append(
            CacheMinimum(
                provider=row["provider"],
                model=row["model"],
                tokens=int(row["min_cacheable_tokens"]),
                as_of=row["as_of"],
                ref=row["source"],
                note=row["note"],
            )
        )
    return rows


def minimum_cacheable_tokens(model: str, provider: str | None = None) -> int:
    """The shortest prompt ``model`` caches, as its provider documents it (for :func:`simulate`).

    Args:
        model: genai-prices' model id, e.g. ``"claude-sonnet-4-5"`` or ``"gpt-5"``.
        provider: genai-prices' provider id, or ``None`` if the model id is unambiguous.

    Returns:
        The minimum cacheable prompt length in tokens.

    Raises:
        ValueError: for a model (or provider) the course has no documented minimum for; the
            message lists the models it has.
    """
    rows = cache_minimums()
    found = [r for r in rows if r.model == model and (provider is None or r.provider == provider)]
    if not found:
        known = ", ".join(f"{r.provider}:{r.model}" for r in rows)
        raise ValueError(f"no documented minimum cacheable length for {provider or '?'}:{model!r:.60}; known: {known}")
    if len({r.tokens for r in found}) > 1:
        raise ValueError(f"{model!r} has different minimums at different providers: name the provider")
    return found[0].tokens


def edit_prefix_at(steps: Sequence[Step], part: str, calls: Iterable[int]) -> list[Step]:
    """Copies of ``steps`` in which a part of the fixed prefix changes before some calls.

    ``part`` is one of :data:`PREFIX_PARTS` (``"tools"``, ``"system"``, ``"task"``); ``calls``
    are 0-based call indexes. ``edit_prefix_at(steps, "system", range(len(steps)))`` is a
    harness that writes the current time into its system prompt: the prefix changes at every
    call and, with caching on, nothing after the tool definitions is ever read from the cache.

    Raises:
        ValueError: for an unknown part, steps that are not :class:`Step`, or a call index
            outside the run.
    """
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Iterable):
        raise _InputTypeError(f"steps must be a list of Step, not {steps!r:.60}")
    steps = [_instance_of("steps", s, Step, "a list of Step") for s in steps]
    if part not in PREFIX_PARTS:
        raise ValueError(f"part must be one of {', '.join(PREFIX_PARTS)}, not {part!r:.60}")
    if isinstance(calls, (str, bytes)) or not isinstance(calls, Iterable):
        raise _InputTypeError(f"calls must be call indexes (whole numbers), not {calls!r:.60}")
    chosen = set()
    for call in calls:
        chosen.add(_whole("calls", call, "call index", minimum=0, maximum=max(len(steps) - 1, 0)))
    if chosen and not steps:
        raise ValueError("calls name calls of an empty run")
    return [replace(s, edit_prefix=part) if i in chosen else s for i, s in enumerate(steps)]


def canonical_json(value: Any) -> str:
    """``value`` as JSON, written the same way every time: keys sorted, fixed separators.

    A prompt cache matches bytes, not meaning. Two dicts with the same content but built in a
    different order give different ``json.dumps`` text, and the first changed byte invalidates
    everything after it. Sorting the keys removes that source of change; keep lists (such as
    the list of tools) in a fixed order yourself, e.g. sorted by name.

    Raises:
        ValueError: for a value JSON cannot hold (NaN or infinite numbers, objects) or a key
            that is not a string (``json.dumps`` would quietly turn ``1`` and ``"1"`` into the
            same key).
    """
    try:
        _check_string_keys(value)
        return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"value cannot be written as JSON: {exc}") from None


def _check_string_keys(value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"keys must be strings, not {key!r:.40}")
            _check_string_keys(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_string_keys(item)


def shared_prefix_tokens(first: str, second: str, tokenizer: str = "o200k_base") -> int:
    """How many tokens two prompts share from their start: what a prefix cache could reuse.

    Both texts are tokenized with ``tokenizer`` (a name from lesson 1) and compared token by
    token until the first difference.

    Raises:
        ValueError: for texts that are not strings or an unknown tokenizer.
    """
    from token_economics.tokens import get_tokenizer

    for name, text in (("first", first), ("second", second)):
        if not isinstance(text, str):
            raise _InputTypeError(f"{name} must be a prompt's text (a str), not {type(text).__name__}")
    tok = get_tokenizer(tokenizer)
    shared = 0
    for a, b in zip(tok.encode(first), tok.encode(second), strict=False):
        if a != b:
            break
        shared += 1
    return shared


@dataclass(frozen=True)
class KeyOrderCheck:
    """What the key order of a JSON serialisation does to a prompt cache (:func:`key_order_check`).

    Attributes:
        tokens: tokens of the value written by ``json.dumps`` in the order it was built.
        shared_as_built: tokens that text shares, from its start, with the same value built
            with every object's keys in reverse order (same content, other bytes).
        canonical_tokens: tokens of the value written by :func:`canonical_json`.
        shared_canonical: tokens the two orders share after :func:`canonical_json`: all of
            them, since both give the same text.
    """

    tokens: int
    shared_as_built: int
    canonical_tokens: int
    shared_canonical: int


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, (list, tuple)):
        return [_reversed_keys(v) for v in value]
    return value


def key_order_check(value: Any, tokenizer: str = "o200k_base") -> KeyOrderCheck:
    """Serialise ``value`` (e.g. a list of tool schemas) in two key orders and compare prefixes.

    Builds the same value with every object's keys in reverse order, as code that assembles a
    schema from different sources may, and counts the tokens the two ``json.dumps`` texts
    share from their start; then does the same through :func:`canonical_json`, which shares
    them all.

    Raises:
        ValueError: for a value JSON cannot hold or an unknown tokenizer.
    """
    from token_economics.tokens import count_tokens

    canonical = canonical_json(value)  # checks that JSON can hold the value
    try:
        plain = json.dumps(value, ensure_ascii=False, allow_nan=False)
        other = json.dumps(_reversed_keys(value), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:  # pragma: no cover - canonical_json caught it
        raise ValueError(f"value cannot be written as JSON: {exc}") from None
    return KeyOrderCheck(
        tokens=count_tokens(plain, tokenizer),
        shared_as_built=shared_prefix_tokens(plain, other, tokenizer),
        canonical_tokens=count_tokens(canonical, tokenizer),
        shared_canonical=shared_prefix_tokens(canonical, canonical_json(_reversed_keys(value)), tokenizer),
    )


# --- the bill ------------------------------------------------------------------------------


def breakeven_reads(write_multiplier: float, read_multiplier: float) -> float:
    """Re-reads after which caching a prompt prefix pays for itself.

    Sending a prefix ``1 + n`` times costs ``1 + n`` input prices without a cache and
    ``w + n·r`` with one (one write at ``w`` times the input price, ``n`` reads at ``r``
    times), so caching is cheaper once ``n > (w − 1) / (1 − r)``.

    Args:
        write_multiplier: price of writing the cache, as a multiple of the input price (≥ 1).
        read_multiplier: price of reading it, as a multiple of the input price (0 ≤ r < 1).

    Returns:
        The break-even number of re-reads (a fraction; the first whole number above it pays).

    Raises:
        ValueError: for a multiplier that is not a finite number in its range (a read that
            costs as much as a fresh input never pays back the write).
    """
    write_multiplier = _number("write_multiplier", write_multiplier)
    read_multiplier = _number("read_multiplier", read_multiplier)
    if write_multiplier < 1:
        raise ValueError(f"write_multiplier is a multiple of the input price, at least 1, not {write_multiplier}")
    if not 0 <= read_multiplier < 1:
        raise ValueError(
            f"read_multiplier must be at least 0 and below 1 (a read that costs a full input never pays back "
            f"the write), not {read_multiplier}"
        )
    return (write_multiplier - 1) / (1 - read_multiplier)


def run_cost(records: Iterable[StepRecord], price: ModelPrice | str) -> CostBreakdown:
    """What a run costs in USD, by kind of token, at list prices.

    Each call is billed separately (so a long-context tier applies to the calls that cross it):
    uncached input at the input price, cache writes and reads at the provider's cache prices
    (Anthropic: 1.25× and 0.1× the input price for its 5-minute cache), output and reasoning at
    the output price. See :func:`token_economics.market.request_cost_usd` for providers without
    a separate cache price.

    Args:
        records: the calls of a run, from :func:`simulate`.
        price: a :class:`~token_economics.market.ModelPrice`, or a model name to look up with
            :func:`~token_economics.market.current_price`.

    Returns:
        A :class:`~token_economics.market.CostBreakdown` (``input_usd``, ``cache_write_usd``,
        ``cache_read_usd``, ``output_usd``, ``reasoning_usd``, ``total_usd``).

    Raises:
        ValueError: for an unknown model name or records that are not :class:`StepRecord`.
    """
    if isinstance(price, str):
        price = current_price(price)
    total = CostBreakdown()
    for r in records:
        if not isinstance(r, StepRecord):
            raise ValueError(f"records must be StepRecord objects, not {type(r).__name__}")
        total = total + request_cost_usd(
            price,
            input_tokens=r.input_uncached,
            cache_write_tokens=r.cache_write,
            cache_read_tokens=r.cache_read,
            output_tokens=r.output,
            reasoning_tokens=r.reasoning,
        )
    return total


# --- the example transcript ----------------------------------------------------------------


def available_transcripts() -> list[str]:
    """File names of the agent runs shipped in ``data/lesson3/``."""
    from token_economics.data import DATA_DIR

    return sorted(p.name for p in (DATA_DIR / "lesson3").glob("*.json"))


def load_transcript(name: str = TRANSCRIPT_FILE) -> dict[str, Any]:
    """The example agent run shipped in ``data/lesson3/`` (see its README for provenance).

    Raises:
        ValueError: for a name that is not one of :func:`available_transcripts` (the message lists them).
    """
    known = available_transcripts()
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"no transcript named {name!r}; the course ships: {', '.join(known)}")
    return load_json("lesson3", name)


def _call_text(step: Mapping[str, Any]) -> str:
    """The visible output of one call: the assistant's message and its tool call as JSON."""
    text = step.get("assistant", "")
    if "tool_call" in step:
        text += "\n" + json.dumps(step["tool_call"], ensure_ascii=False)
    return text


def replay_transcript(
    transcript: Mapping[str, Any] | None = None,
    *,
    tokenizer: str = "o200k_base",
    context_window_tokens: int | None = None,
    keep_reasoning: bool = False,
    tools_on_demand: bool = False,
) -> tuple[AgentSpec, list[Step]]:
    """Tokenize an agent transcript with a real tokenizer and turn it into simulator input.

    The system prompt, the tool schemas (as JSON), the task, and per call the reasoning, the
    assistant's message plus tool call (as JSON) and the tool result are counted with
    :func:`token_economics.tokens.count_tokens`. Providers wrap each message and tool
    definition in a few formatting tokens of their own and render tool schemas in their own
    way; those are not counted, so real bills run slightly higher. Claude's tokenizer is not
    public: with ``o200k_base`` (GPT-4o, GPT-5) the counts are those of an OpenAI model.

    Args:
        transcript: a transcript with ``system_prompt``, ``tools``, ``task`` and ``steps``
            (each with ``assistant`` and optional ``reasoning``, ``tool_call``,
            ``tool_result``); ``None`` loads the course's example.
        tokenizer: a tokenizer name from lesson 1 (:func:`token_economics.tokens.available_tokenizers`).
        context_window_tokens: the context window to give the agent, or ``None`` for none.
        keep_reasoning: see :attr:`AgentSpec.keep_reasoning`.
        tools_on_demand: ``False`` offers every tool of the transcript from the first call
            (the tool set chosen once per run). ``True`` replays a harness that adds each
            tool at the call that first uses it (tools never used are never offered): each
            addition changes the tool definitions, which sit at the start of the prompt
            (:attr:`Step.tool_schema_tokens`).

    Returns:
        ``(spec, steps)`` ready for :func:`simulate`.

    Raises:
        ValueError: for an unknown tokenizer or a transcript missing a field.
    """
    from token_economics.tokens import count_tokens

    data = load_transcript() if transcript is None else transcript
    for key in ("system_prompt", "tools", "task", "steps"):
        if key not in data:
            raise ValueError(f"transcript lacks {key!r}")
    if not isinstance(tools_on_demand, bool):
        raise ValueError("tools_on_demand must be True or False")

    def schema_tokens(tools: list[Any]) -> int:
        return count_tokens(json.dumps(tools, ensure_ascii=False), tokenizer) if tools else 0

    offered: list[str] = []  # tool names offered so far (tools_on_demand)
    changes: dict[int, int] = {}  # call index -> tool schema tokens from that call on
    if tools_on_demand:
        order = [tool.get("name") for tool in data["tools"]]
        for i, raw in enumerate(data["steps"]):
            name = raw.get("tool_call", {}).get("name")
            if name is not None and name not in offered:
                if name not in order:
                    raise ValueError(f"transcript step {i} calls {name!r}, which is not among its tools")
                offered.append(name)
                offered.sort(key=order.index)
                changes[i] = schema_tokens([t for t in data["tools"] if t.get("name") in offered])
    first_tools = changes.pop(0, 0) if tools_on_demand else schema_tokens(list(data["tools"]))
    spec = AgentSpec(
        system_prompt_tokens=count_tokens(data["system_prompt"], tokenizer),
        tool_schema_tokens=first_tools,
        task_tokens=count_tokens(data["task"], tokenizer),
        context_window_tokens=context_window_tokens,
        keep_reasoning=keep_reasoning,
        name=str(data.get("agent", "agent")),
    )
    steps = []
    for i, raw in enumerate(data["steps"]):
        if "assistant" not in raw:
            raise ValueError(f"transcript step {i} lacks 'assistant'")
        steps.append(
            Step(
                output_tokens=count_tokens(_call_text(raw), tokenizer),
                tool_result_tokens=count_tokens(raw.get("tool_result", ""), tokenizer),
                reasoning_tokens=count_tokens(raw.get("reasoning", ""), tokenizer),
                label=raw.get("tool_call", {}).get("name", "answer"),
                tool_schema_tokens=changes.get(i),
            )
        )
    return spec, steps


# --- chat, one agent, many agents ----------------------------------------------------------


def fan_out_steps(worker: SubAgent, n_workers: int, *, dispatch_tokens: int, final_tokens: int) -> list[Step]:
    """The steps of a lead agent that hands a job to ``n_workers`` sub-agents.

    Step 0: the lead writes ``dispatch_tokens`` of instructions and launches the workers (each
    a copy of ``worker``, running in its own context window). Step 1: with their reports in its
    context, the lead writes a final answer of ``final_tokens``. This is the orchestrator–worker
    pattern of Anthropic's research system (Source: [ref:l3_anthropic_multiagent]).
    """
    _instance_of("worker", worker, SubAgent, "a SubAgent")
    n = _whole("n_workers", n_workers, "sub-agents", minimum=1, maximum=MAX_SUBAGENTS)
    return [
        Step(output_tokens=_count("dispatch_tokens", dispatch_tokens), subagents=(worker,) * n, label="dispatch"),
        Step(output_tokens=_count("final_tokens", final_tokens), label="answer"),
    ]


@dataclass(frozen=True)
class ArchitectureTotals:
    """Total tokens (input + output + reasoning) of one job done three ways."""

    chat_tokens: int
    single_agent_tokens: int
    multi_agent_tokens: int
    n_subagents: int

    @property
    def single_agent_multiple(self) -> float:
        """Single agent ÷ chat."""
        return self.single_agent_tokens / self.chat_tokens

    @property
    def multi_agent_multiple(self) -> float:
        """Multi-agent ÷ chat."""
        return self.multi_agent_tokens / self.chat_tokens


def compare_architectures(
    spec: AgentSpec, steps: Sequence[Step], *, n_subagents: int = 3, strategy: Strategy | None = None
) -> ArchitectureTotals:
    """Tokens for the same job as a chat answer, a single agent and a lead with sub-agents.

    * chat: one call — the system prompt and the task in, the final answer (the last step's
      output) out; no tools.
    * single agent: the run of ``steps`` by ``spec``.
    * multi-agent: a lead (same prompt) dispatches ``n_subagents`` workers that each work
      through ``steps`` in their own context window, as parallel explorers do, then writes
      the answer from their reports (:func:`fan_out_steps`). The dispatch message restates the
      task once per worker.

    The multiples depend entirely on these assumptions; Anthropic's measured averages (≈4× for
    agents, ≈15× for multi-agent systems, relative to chat) come from their production data,
    not from a model like this (Source: [ref:l3_anthropic_multiagent]).

    Raises:
        ValueError: for an empty run or bad arguments.
    """
    _instance_of("spec", spec, AgentSpec, "an AgentSpec")
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Iterable):
        raise _InputTypeError(f"steps must be a list of Step, not {steps!r:.60}")
    steps = [_instance_of("steps", s, Step, "a list of Step") for s in steps]
    if not steps:
        raise ValueError("steps must not be empty")
    chat_spec = AgentSpec(spec.system_prompt_tokens, 0, spec.task_tokens, spec.context_window_tokens, name="chat")
    chat = totals(simulate(chat_spec, [Step(steps[-1].output_tokens)]))["total"]
    single = totals(simulate(spec, steps, strategy))["total"]
    worker = SubAgent(
        AgentSpec(
            spec.system_prompt_tokens,
            spec.tool_schema_tokens,
            spec.task_tokens,
            spec.context_window_tokens,
            spec.keep_reasoning,
            name="worker",
        ),
        tuple(steps),
    )
    lead = fan_out_steps(
        worker, n_subagents, dispatch_tokens=n_subagents * spec.task_tokens, final_tokens=steps[-1].output_tokens
    )
    multi = totals(simulate(spec, lead, strategy))["total"]
    return ArchitectureTotals(chat, single, multi, n_subagents)


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
