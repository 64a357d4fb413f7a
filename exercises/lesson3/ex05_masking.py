"""Lesson 3, exercise 5 — observation masking.

Masking keeps only the most recent tool results verbatim. Older results are replaced by a
short placeholder (for example "[old output omitted]"), while the assistant's own messages
are all kept. This is the strategy JetBrains researchers found to halve the cost of a coding
agent without hurting its results (see the lesson page).

A run is described in tokens: ``base_context`` (system prompt, tools, task) and, per step,
``(assistant_tokens, tool_result_tokens)``. Every tool result is at least one token.

Check your work with:  token-economics check 3
"""


def masked_call_inputs(
    base_context: int, steps: list[tuple[int, int]], keep_last: int, placeholder_tokens: int
) -> list[int]:
    """Input tokens of each call (one call per step) when only the last ``keep_last`` tool
    results are kept and every older one is replaced by ``placeholder_tokens`` tokens.

    Call i (from 0) sends ``base_context`` plus, for every earlier step j < i, its assistant
    tokens and either its tool result (if j is among the ``keep_last`` most recent steps,
    i.e. j ≥ i − keep_last) or the placeholder.

    Example: base 100, steps [(10, 500), (10, 500), (10, 500)], keep_last=1, placeholder 5
    gives [100, 610, 625]: the third call sees step 0's result as a placeholder.
    """
    raise NotImplementedError("keep the last keep_last tool results, replace older ones with the placeholder")
