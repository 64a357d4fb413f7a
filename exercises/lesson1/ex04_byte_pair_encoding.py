"""Lesson 1, exercise 4 — build a byte-level BPE tokenizer.

This is how GPT tokenizers are made. Start from the UTF-8 bytes of a text: ids 0–255.

1. ``pair_counts``: count every pair of neighbouring ids.
2. ``merge``: replace a pair everywhere (left to right, no overlaps) by a new id.
3. ``train``: repeat — take the most frequent pair, give it the next id (256, 257, …),
   merge it — until the vocabulary has ``vocab_size`` ids, or until the most frequent pair
   occurs fewer than 2 times (stop then: merging a pair seen once saves nothing).
   When two pairs are equally frequent, take the one that occurs first.
4. ``encode``: apply the learned merges to new text, always the EARLIEST-learned merge
   that is present first (lowest new id), until none applies.
5. ``decode``: turn ids back into bytes, then into text.
6. ``pretokenize``: real GPT tokenizers first cut the text into chunks with a regular
   expression: a word with the space in front of it, up to three digits, a run of
   punctuation, a run of spaces. BPE never merges across two chunks. Return every match of
   ``pattern`` in order (``regex.findall``); joined together, the chunks give the text back.
   With ``pattern`` given, ``train`` counts and merges pairs inside each chunk only, and
   ``encode`` encodes each chunk on its own, one after the other.

The grader checks ``encode(text, merges, SPLIT_PATTERN)`` against OpenAI's real cl100k_base
tokenizer (tiktoken's ``encode_ordinary``), id for id, on real text (English, code, numbers,
Chinese, Hindi, emoji, runs of spaces and newlines), with the merges recovered from
cl100k_base's ranks (those that can apply to the test texts: no other merge could change the
ids). Special tokens such as ``<|endoftext|>`` are not part of this exercise.

Check your work with:  token-economics check 1
"""

import regex  # noqa: F401  (for pretokenize: unlike re, it knows \p{L}, a letter in any script)

#: GPT-4's split pattern (cl100k_base), as tiktoken defines it in tiktoken_ext/openai_public.py.
SPLIT_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|"""
    r"""\s+(?!\S)|\s"""
)


def pair_counts(ids: list[int]) -> dict[tuple[int, int], int]:
    """Return {(a, b): how many times b directly follows a in ids}. Overlaps count: [1, 1, 1] has (1, 1) twice."""
    raise NotImplementedError


def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Return a new list where each occurrence of ``pair`` (scanning left to right) is replaced by ``new_id``."""
    raise NotImplementedError


def train(text: str, vocab_size: int, pattern: str | None = None) -> dict[tuple[int, int], int]:
    """Learn merges from ``text``; return {(a, b): new_id} with new ids 256, 257, … in the order learned.

    With ``pattern``, count and merge pairs inside the chunks of ``pretokenize(text, pattern)`` only.
    """
    raise NotImplementedError


def encode(text: str, merges: dict[tuple[int, int], int], pattern: str | None = None) -> list[int]:
    """Return the ids of ``text``: its UTF-8 bytes, with merges applied earliest-learned first.

    With ``pattern``, encode each chunk of ``pretokenize(text, pattern)`` on its own and join the ids.
    """
    raise NotImplementedError


def decode(ids: list[int], merges: dict[tuple[int, int], int]) -> str:
    """Return the text of ``ids``. Build each id's bytes from the merges; decode the bytes as UTF-8."""
    raise NotImplementedError


def pretokenize(text: str, pattern: str = SPLIT_PATTERN) -> list[str]:
    """Return the chunks of ``text``: every match of ``pattern``, in order.

    Example: ``pretokenize(" Hello world's 12345!")`` is
    ``[' Hello', ' world', "'s", ' ', '123', '45', '!']``.
    """
    raise NotImplementedError
