"""Lesson 1, exercise 3 — bytes, characters and tokens.

Byte-level tokenizers do not see characters: they see the UTF-8 bytes of the text. An
English letter is one byte, an accented letter two, a Chinese character three, an emoji
four. A tokenizer whose vocabulary has few multi-byte merges for a script needs several
tokens per character there.

Compare bytes per token within one script only. A Chinese character or a Hindi letter is three
bytes, so a language can show more bytes per token and still need more tokens for the same
message; across languages, compare the token counts of the same message (exercise 2).

Check your work with:  token-economics check 1
"""

from token_economics.tokens import get_tokenizer  # noqa: F401  (you will need it)


def utf8_bytes(text: str) -> int:
    """Return the number of bytes of ``text`` in UTF-8 (not the number of characters)."""
    raise NotImplementedError


def bytes_per_token(text: str, tokenizer: str) -> float:
    """Return UTF-8 bytes ÷ tokens for ``text`` under ``tokenizer``: how much text one token carries."""
    raise NotImplementedError
