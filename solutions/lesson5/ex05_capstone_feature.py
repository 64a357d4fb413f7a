"""Lesson 5, exercise 5 (capstone) — price a product feature, end to end.

Your team wants to ship an "explain this error" button. Each press runs a small agent: the
prompt below is sent with every call, and each of the ``steps`` calls adds its output and a
tool result to the conversation, which every later call re-sends. Put all five lessons
together:

1. Lesson 1 — count the prompt's tokens with the real tokenizer:
   ``token_economics.tokens.count_tokens(prompt, "o200k_base")``.
2. Lesson 3 — input tokens of one press: every call re-sends the prompt and the history,
   ``token_economics.agents.cumulative_input_tokens(steps, prompt_tokens, tokens_per_step)``
   with ``tokens_per_step = output_tokens_per_call + tool_tokens_per_step``. Output tokens of
   one press: ``steps × output_tokens_per_call``.
3. Lesson 4 — dollars: input tokens at the input price, output tokens at the output price
   (you know both counts, so no blended price). Next year, two bills:

   * on the SAME model: its list price does not follow the decline. Claude's Sonnet models
     cost $3 / $15 per million from 2024 to 2026 (the course's price history), each new one
     better at the same price. Budget for today's bill;
   * SWITCHED to a cheaper model that does the job as well: what falls is the price of a
     given capability, ``equal_capability_decline_factor`` times a year (10 means ten times
     cheaper), so that bill is today's ÷ the factor.
4. Lesson 2 — energy, input and output apart: reading a prompt token (prefill) takes
   ``joules_per_input_token``, writing an output token (decode) ``joules_per_output_token``;
   add them up, × PUE, in kWh. Reading is cheaper per token, but an agent reads far more
   than it writes: here more than 10 input tokens per output token. (A figure measured per
   output token on a chat benchmark, such as ML.ENERGY's, covers the reading of that
   benchmark's short prompts, not of an agent's long ones.)
5. Lesson 5 — what the monthly budget buys: whole presses, rounded down.

Return a dict with exactly these keys:
``prompt_tokens``, ``input_tokens_per_press``, ``output_tokens_per_press``,
``usd_per_press``, ``usd_per_month``, ``usd_per_month_next_year_same_model``,
``usd_per_month_next_year_switched``, ``kwh_per_month``, ``presses_within_budget``.
"""

import math

from token_economics.agents import cumulative_input_tokens
from token_economics.tokens import count_tokens


def price_feature(
    prompt: str,
    steps: int,
    output_tokens_per_call: int,
    tool_tokens_per_step: int,
    usd_per_million_input: float,
    usd_per_million_output: float,
    presses_per_month: int,
    equal_capability_decline_factor: float,
    joules_per_input_token: float,
    joules_per_output_token: float,
    pue: float,
    monthly_budget_usd: float,
) -> dict:
    """Tokens, dollars (today and next year), energy and budget of the feature."""
    prompt_tokens = count_tokens(prompt, "o200k_base")
    per_step = output_tokens_per_call + tool_tokens_per_step
    input_tokens = cumulative_input_tokens(steps, prompt_tokens, per_step)
    output_tokens = steps * output_tokens_per_call
    usd_per_press = (input_tokens * usd_per_million_input + output_tokens * usd_per_million_output) / 1_000_000
    usd_per_month = usd_per_press * presses_per_month
    joules_per_press = input_tokens * joules_per_input_token + output_tokens * joules_per_output_token
    kwh_per_month = joules_per_press * pue / 3_600_000 * presses_per_month
    return {
        "prompt_tokens": prompt_tokens,
        "input_tokens_per_press": input_tokens,
        "output_tokens_per_press": output_tokens,
        "usd_per_press": usd_per_press,
        "usd_per_month": usd_per_month,
        "usd_per_month_next_year_same_model": usd_per_month,
        "usd_per_month_next_year_switched": usd_per_month / equal_capability_decline_factor,
        "kwh_per_month": kwh_per_month,
        "presses_within_budget": math.floor(monthly_budget_usd / usd_per_press),
    }
