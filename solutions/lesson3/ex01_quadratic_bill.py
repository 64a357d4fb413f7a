"""Lesson 3, exercise 1 — the quadratic bill.

An agent calls the model again and again, and every call re-sends the whole conversation.
Say the fixed part of the prompt (system prompt, tool schemas, task) is ``base_context``
tokens and every step adds ``tokens_per_step`` tokens (the model's message, its tool call
and the tool's result). Then call number i (counting from 0) sends

    base_context + i * tokens_per_step    input tokens.

Use whole numbers (int) throughout: token counts are exact, and a float cannot hold large
counts exactly.
"""


def cumulative_input_tokens(steps: int, base_context: int, tokens_per_step: int) -> int:
    """Return the total input tokens of ``steps`` calls (an int).

    Example: 3 calls with ``base_context=1000`` and ``tokens_per_step=100`` send
    1000 + 1100 + 1200 = 3300 tokens.
    Raise ``ValueError`` if any argument is negative.
    """
    if steps < 0 or base_context < 0 or tokens_per_step < 0:
        raise ValueError("token counts and steps must not be negative")
    return steps * base_context + tokens_per_step * steps * (steps - 1) // 2


def steps_within_budget(budget_tokens: int, base_context: int, tokens_per_step: int) -> int:
    """Return the largest number of calls whose total input stays within ``budget_tokens``.

    Example: with ``base_context=1000``, ``tokens_per_step=100`` and a budget of 3300 tokens,
    the answer is 3 (3 calls send exactly 3300; a 4th would bring the total to 4600).
    You may assume ``base_context > 0``.
    """
    steps = 0
    while cumulative_input_tokens(steps + 1, base_context, tokens_per_step) <= budget_tokens:
        steps += 1
    return steps
