"""Lesson 1, exercise 2 — the language premium.

The same message can take more tokens in one language than in another. Petrov et al. (2023)
call the ratio the *tokenization premium*: tokens for the text ÷ tokens for the same text in
English. A premium of 2.0 means the same meaning costs twice as much.
"""

from token_economics.tokens import get_tokenizer


def token_premium(text: str, english_text: str, tokenizer: str) -> float:
    """Return tokens(text) ÷ tokens(english_text), both counted with the tokenizer named ``tokenizer``."""
    tok = get_tokenizer(tokenizer)
    return len(tok.encode(text)) / len(tok.encode(english_text))


def most_expensive_language(passages: dict[str, str], tokenizer: str) -> str:
    """Return the key of ``passages`` (language code → the same text in that language) whose
    text needs the most tokens under ``tokenizer``.

    Ties: if several languages need the same, largest number of tokens, return the one that
    comes first in ``passages``. Example: if the texts of ``{"ja": …, "hi": …, "en": …}`` need
    90, 90 and 50 tokens, the answer is ``"ja"``.
    """
    tok = get_tokenizer(tokenizer)
    return max(passages, key=lambda code: len(tok.encode(passages[code])))  # max keeps the first of a tie
