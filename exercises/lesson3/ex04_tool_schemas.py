"""Lesson 3, exercise 4 — what every call re-sends, counted with a real tokenizer.

An agent's prompt starts with a fixed part: the system prompt, the definitions of its tools
(names, descriptions and JSON schemas) and the task. The API remembers nothing, so this fixed
part is sent with EVERY call, whether a tool is used or not, followed by the history: each
earlier step's assistant text and tool result.

Count tokens with the course library: ``count_tokens(text, tokenizer)`` from
``token_economics.tokens``. Count the tool definitions as the text ``json.dumps(tools)``.

Check your work with:  token-economics check 3
"""

import json  # noqa: F401  (you will need it)

from token_economics.tokens import count_tokens  # noqa: F401


def fixed_prompt_tokens(system_prompt: str, tools: list[dict], task: str, tokenizer: str = "o200k_base") -> int:
    """Tokens of the fixed part: system prompt + ``json.dumps(tools)`` + task."""
    raise NotImplementedError("count the system prompt, json.dumps(tools) and the task with count_tokens")


def run_input_tokens(
    system_prompt: str, tools: list[dict], task: str, steps: list[tuple[str, str]], tokenizer: str = "o200k_base"
) -> int:
    """Total input tokens of a run with one call per step.

    ``steps`` is a list of ``(assistant_text, tool_result)``. Call i (from 0) sends the fixed
    part plus the assistant texts and tool results of steps 0 … i−1.
    """
    raise NotImplementedError("every call sends the fixed part plus everything earlier")
