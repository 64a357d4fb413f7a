"""Lesson 1, exercise 4 — build a byte-level BPE tokenizer.

This is how GPT tokenizers are made. Start from the UTF-8 bytes of a text: ids 0–255.

1. ``pair_counts``: count every pair of neighbouring ids.
2. ``merge``: replace a pair everywhere (left to right, no overlaps) by a new id.
3. ``train``: repeat — take the most frequent pair, give it the next id (256, 257, …),
   merge it — until the vocabulary has ``vocab_size`` ids or no pair occurs twice.
   When two pairs are equally frequent, take the one that occurs first.
4. ``encode``: apply the learned merges to new text, always the EARLIEST-learned merge
   that is present first (lowest new id), until none applies.
5. ``decode``: turn ids back into bytes, then into text.

The grader checks your ``encode`` against OpenAI's real cl100k_base tokenizer (tiktoken),
id for id, using merges recovered from it.
"""

from itertools import pairwise


def pair_counts(ids: list[int]) -> dict[tuple[int, int], int]:
    """Return {(a, b): how many times b directly follows a in ids}. Overlaps count: [1, 1, 1] has (1, 1) twice."""
    counts: dict[tuple[int, int], int] = {}
    for pair in pairwise(ids):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
    """Return a new list where each occurrence of ``pair`` (scanning left to right) is replaced by ``new_id``."""
    out: list[int] = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text: str, vocab_size: int) -> dict[tuple[int, int], int]:
    """Learn merges from ``text``; return {(a, b): new_id} with new ids 256, 257, … in the order learned."""
    ids = list(text.encode("utf-8"))
    merges: dict[tuple[int, int], int] = {}
    for new_id in range(256, vocab_size):
        counts = pair_counts(ids)
        if not counts:
            break
        best = max(counts, key=counts.get)  # dicts keep insertion order: the first-seen pair wins a tie
        if counts[best] < 2:
            break
        ids = merge(ids, best, new_id)
        merges[best] = new_id
    return merges


def encode(text: str, merges: dict[tuple[int, int], int]) -> list[int]:
    """Return the ids of ``text``: its UTF-8 bytes, with merges applied earliest-learned first."""
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        candidates = [pair for pair in pair_counts(ids) if pair in merges]
        if not candidates:
            break
        first = min(candidates, key=lambda pair: merges[pair])
        ids = merge(ids, first, merges[first])
    return ids


def decode(ids: list[int], merges: dict[tuple[int, int], int]) -> str:
    """Return the text of ``ids``. Build each id's bytes from the merges; decode the bytes as UTF-8."""
    table = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in sorted(merges.items(), key=lambda item: item[1]):
        table[new_id] = table[a] + table[b]
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")
