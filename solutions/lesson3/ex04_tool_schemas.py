"""Lesson 3, exercise 4 — what every call re-sends, counted with a real tokenizer.

An agent's prompt starts with a fixed part: the system prompt, the definitions of its tools
(names, descriptions and JSON schemas) and the task. The API remembers nothing, so this fixed
part is sent with EVERY call, whether a tool is used or not, followed by the history: each
earlier step's assistant text and tool result.

Count tokens with the course library: ``count_tokens(text, tokenizer)`` from
``token_economics.tokens``. Count the tool definitions as the text ``json.dumps(tools)``.
"""

import json

from token_economics.tokens import count_tokens


def fixed_prompt_tokens(system_prompt: str, tools: list[dict], task: str, tokenizer: str = "o200k_base") -> int:
    """Tokens of the fixed part: system prompt + ``json.dumps(tools)`` + task."""
    return (
        count_tokens(system_prompt, tokenizer)
        + count_tokens(json.dumps(tools), tokenizer)
        + count_tokens(task, tokenizer)
    )


def run_input_tokens(
    system_prompt: str, tools: list[dict], task: str, steps: list[tuple[str, str]], tokenizer: str = "o200k_base"
) -> int:
    """Total input tokens of a run with one call per step.

    ``steps`` is a list of ``(assistant_text, tool_result)``. Call i (from 0) sends the fixed
    part plus the assistant texts and tool results of steps 0 … i−1.
    """
    fixed = fixed_prompt_tokens(system_prompt, tools, task, tokenizer)
    total, history = 0, 0
    for assistant, result in steps:
        total += fixed + history
        history += count_tokens(assistant, tokenizer) + count_tokens(result, tokenizer)
    return total
