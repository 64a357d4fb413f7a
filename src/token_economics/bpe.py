"""Byte-level BPE in a few readable functions (the algorithm behind GPT tokenizers).

Start from the UTF-8 bytes of a text (ids 0–255). Count every pair of neighbouring ids,
give the most frequent pair a new id, replace it everywhere, and repeat. The list of merges,
in the order they were learned, *is* the tokenizer: to encode new text, apply the merges in
that same order; to decode, expand each id back into its bytes.

This module is the course's reference implementation (the one the notebook steps through and
the BPE exercise is checked against). :func:`merges_from_tiktoken` recovers the merges of a
real OpenAI encoding so that a tiny implementation can be compared with ``tiktoken`` itself,
id for id, as Karpathy's minbpe does. Source: [ref:minbpe].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from typing import Iterable

from token_economics.units import InputTypeError, whole
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = ["Pair", "pair_counts", "merge", "train", "vocab", "encode_bytes", "encode", "decode", "merges_from_tiktoken"]

Pair = tuple[int, int]

#: The largest vocabulary :func:`train` builds (a limit of this teaching implementation; real
#: byte-level tokenizers have 50,000 to 200,000 ids).
MAX_VOCAB_SIZE = 1_000_000


def _ids(name: str, ids: object) -> list[int]:
    """A sequence of token ids (whole numbers ≥ 0)."""
    if isinstance(ids, (str, bytes, Mapping)) or not isinstance(ids, Iterable):
        raise InputTypeError(f"{name} must be a list of token ids (whole numbers), not {ids!r:.60}")
    return [whole(f"{name} item", i, "token id") for i in ids]


def _pair(pair: object) -> Pair:
    if not isinstance(pair, tuple) or len(pair) != 2:
        raise InputTypeError(f"pair must be a tuple of two token ids, not {pair!r:.60}")
    return (whole("pair[0]", pair[0], "token id"), whole("pair[1]", pair[1], "token id"))


def _merges(merges: object) -> dict[Pair, int]:
    if not isinstance(merges, Mapping):
        raise InputTypeError(f"merges must be a dict {{(left id, right id): new id}}, not {merges!r:.60}")
    return {_pair(p): whole("merges value", i, "token id", minimum=256) for p, i in merges.items()}


def pair_counts(ids: Iterable[int]) -> Counter[Pair]:
    """How often each pair of neighbouring ids occurs (overlapping pairs count: ``aaa`` has two ``aa``)."""
    ids = _ids("ids", ids)
    return Counter(pairwise(ids))


def merge(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every non-overlapping occurrence of ``pair`` (left to right) by ``new_id``.

    Raises:
        ValueError: for ids that are not whole numbers ≥ 0, or a ``new_id`` below 256 (ids 0–255
            are the bytes themselves).
    """
    ids, pair = _ids("ids", ids), _pair(pair)
    new_id = whole("new_id", new_id, "token id", minimum=256)
    out: list[int] = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text: str, vocab_size: int) -> dict[Pair, int]:
    """Learn ``vocab_size - 256`` merges from ``text``.

    Ties between equally frequent pairs go to the pair seen first in the current sequence.
    Training stops early when no pair occurs twice.

    Returns:
        ``{(left id, right id): new id}`` in the order learned (new ids 256, 257, …).

    Raises:
        ValueError: if ``vocab_size`` is below 256.
    """
    vocab_size = whole("vocab_size", vocab_size, "token ids", minimum=256, maximum=MAX_VOCAB_SIZE)
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, not {type(text).__name__}")
    ids = list(text.encode("utf-8"))
    merges: dict[Pair, int] = {}
    for new_id in range(256, vocab_size):
        counts = pair_counts(ids)
        if not counts:
            break
        pair = max(counts, key=counts.__getitem__)  # first seen wins a tie: Counter keeps insertion order
        if counts[pair] < 2:
            break
        ids = merge(ids, pair, new_id)
        merges[pair] = new_id
    return merges


def vocab(merges: dict[Pair, int]) -> dict[int, bytes]:
    """id → the bytes it stands for."""
    table = {i: bytes([i]) for i in range(256)}
    for (left, right), new_id in sorted(_merges(merges).items(), key=lambda item: item[1]):
        if left not in table or right not in table:
            raise ValueError(f"merge ({left}, {right}) → {new_id} uses an id no earlier merge made")
        table[new_id] = table[left] + table[right]
    return table


def encode_bytes(data: bytes, merges: dict[Pair, int]) -> list[int]:
    """Apply learned merges to raw bytes: always the earliest-learned merge present first."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputTypeError(f"data must be bytes, not {type(data).__name__}")
    merges = _merges(merges)
    ids = list(data)
    while len(ids) >= 2:
        pair = min(pair_counts(ids), key=lambda p: merges.get(p, float("inf")))
        if pair not in merges:
            break
        ids = merge(ids, pair, merges[pair])
    return ids


def encode(text: str, merges: dict[Pair, int]) -> list[int]:
    """Token ids of ``text`` under ``merges`` (no pre-splitting into words)."""
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, not {type(text).__name__}")
    return encode_bytes(text.encode("utf-8"), merges)


def decode(ids: Iterable[int], merges: dict[Pair, int]) -> str:
    """Text of ``ids`` (bytes that are not valid UTF-8 become U+FFFD)."""
    table = vocab(merges)
    ids = _ids("ids", ids)
    unknown = [i for i in ids if i not in table]
    if unknown:
        raise ValueError(f"ids {unknown[:5]} are not in this vocabulary (0 … {max(table)})")
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")


def merges_from_tiktoken(
    encoding_name: str = "cl100k_base", max_rank: int = 3000
) -> tuple[dict[Pair, int], dict[int, int]]:
    """Recover the merges of a real OpenAI encoding, for every token with rank below ``max_rank``.

    In ``tiktoken`` a token's rank is both its id and its merge priority. Every multi-byte
    token was made by merging two smaller tokens; running BPE on its bytes with only the lower
    ranks finds that pair (the idea of minbpe's ``recover_merges``).

    Ids here are those of this module: a single byte is its own value (0–255), a longer token
    keeps its tiktoken rank (all 256 single bytes have ranks below 256 in OpenAI's encodings).

    Returns:
        ``(merges, to_tiktoken)``: the merges, and the map from this module's ids to tiktoken
        ranks for the 256 single bytes (longer tokens map to themselves).
    """
    from token_economics.tokens import tiktoken_encoding

    ranks = tiktoken_encoding(encoding_name)._mergeable_ranks
    single = {token[0]: rank for token, rank in ranks.items() if len(token) == 1}
    if len(single) != 256 or max(single.values()) >= 256:
        raise ValueError(f"{encoding_name} does not give the 256 single bytes ranks 0–255")
    byte_of_rank = {rank: b for b, rank in single.items()}

    def own_id(rank: int) -> int:
        return byte_of_rank.get(rank, rank)

    merges: dict[Pair, int] = {}
    for token, rank in sorted(ranks.items(), key=lambda item: item[1]):
        if len(token) == 1 or rank >= max_rank:
            continue
        parts = [bytes([b]) for b in token]
        while len(parts) > 2:  # BPE with ranks strictly below this token's rank
            best = min(range(len(parts) - 1), key=lambda i: ranks.get(parts[i] + parts[i + 1], float("inf")))
            parts[best : best + 2] = [parts[best] + parts[best + 1]]
        merges[(own_id(ranks[parts[0]]), own_id(ranks[parts[1]]))] = rank
    return merges, {b: rank for b, rank in single.items()}


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
