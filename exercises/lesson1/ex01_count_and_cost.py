"""Lesson 1, exercise 1 — count tokens and price a prompt.

Providers bill per token, not per character or per word. A rule of thumb says one token is
about four characters of English, but the only way to know is to run the real tokenizer.

Use the course library: ``from token_economics.tokens import get_tokenizer``.
``get_tokenizer("o200k_base").encode(text)`` returns the list of token ids.

Check your work with:  token-economics check 1
"""

from token_economics.tokens import get_tokenizer  # noqa: F401  (you will need it)


def count_tokens(text: str, tokenizer: str) -> int:
    """Return how many tokens the tokenizer named ``tokenizer`` cuts ``text`` into.

    Example: ``count_tokens("Hello, world!", "cl100k_base")`` is 4.
    """
    raise NotImplementedError("count the token ids the real tokenizer returns")


def prompt_cost_usd(text: str, tokenizer: str, usd_per_million_tokens: float) -> float:
    """Return the price in US dollars of sending ``text`` as input.

    Prices are quoted in US dollars per MILLION tokens. Example: 1,000 tokens at
    $2.50 per million tokens cost $0.0025.
    """
    raise NotImplementedError("tokens × price per million ÷ 1,000,000")
