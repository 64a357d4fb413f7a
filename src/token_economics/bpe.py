"""Byte-level BPE in a few readable functions (the algorithm behind GPT tokenizers).

Start from the UTF-8 bytes of a text (ids 0–255). Count every pair of neighbouring ids,
give the most frequent pair a new id, replace it everywhere, and repeat. The list of merges,
in the order they were learned, *is* the tokenizer: to encode new text, apply the merges in
that same order; to decode, expand each id back into its bytes.

Real GPT tokenizers first cut the text into chunks with a regular expression (*pre-tokenization*:
a word with the space in front of it, a run of up to three digits, a run of punctuation, a run
of spaces, …) and run BPE inside each chunk only, so that no merge ever crosses from one word
into the next. :func:`pretokenize` does that with the patterns tiktoken itself uses
(:func:`split_pattern`); :func:`train` and :func:`encode` take ``split="cl100k_base"`` (or another
encoding's name) to work chunk by chunk, and without it treat the whole text as one chunk.

This module is the course's reference implementation (the one the notebook steps through and
the BPE exercise is checked against). :func:`merges_from_tiktoken` recovers the merges of a
real OpenAI encoding so that a tiny implementation can be compared with ``tiktoken`` itself,
id for id, as Karpathy's minbpe does. Source: [ref:minbpe], [ref:tiktoken].

What "id for id" covers (``tests/test_bpe_pretokenize.py``): with ALL the merges recovered from
``cl100k_base`` (100,000) and ``split="cl100k_base"``, :func:`encode` gives the ids of tiktoken's
``encode_ordinary`` on varied real text (English prose, Python and JavaScript code, numbers,
Chinese, Japanese, Hindi, Arabic, Russian, accented Latin, emoji, runs of spaces, tabs and
newlines), on two of this library's own source files, and on random Unicode text; the same
holds for ``o200k_base`` (199,742 merges) and ``gpt2`` (50,000) on the fixed texts and one
file. Special tokens (``<|endoftext|>`` …) are not covered: this module never produces their
ids and encodes such text as ordinary text, as ``encode_ordinary`` does.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from itertools import pairwise
from typing import Iterable

from token_economics.units import InputTypeError, whole
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "Pair",
    "SPLIT_ENCODINGS",
    "split_pattern",
    "pretokenize",
    "pair_counts",
    "merge",
    "train",
    "vocab",
    "encode_bytes",
    "encode",
    "decode",
    "merges_from_tiktoken",
]

Pair = tuple[int, int]

#: The largest vocabulary :func:`train` builds (a limit of this teaching implementation; real
#: byte-level tokenizers have 50,000 to 200,000 ids).
MAX_VOCAB_SIZE = 1_000_000

#: The encodings whose split pattern :func:`split_pattern` gives: OpenAI's, as tiktoken defines
#: them (``r50k_base`` and ``p50k_base`` share GPT-2's pattern).
SPLIT_ENCODINGS = ("gpt2", "r50k_base", "p50k_base", "cl100k_base", "o200k_base")


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
    checked: dict[Pair, int] = {}
    for p, i in merges.items():
        if type(p) is tuple and len(p) == 2 and type(p[0]) is int and type(p[1]) is int and type(i) is int:
            if p[0] >= 0 and p[1] >= 0 and i >= 256:  # the common case, fast (100,000 merges in cl100k)
                checked[p] = i
                continue
        checked[_pair(p)] = whole("merges value", i, "token id", minimum=256)
    return checked


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str, not {type(text).__name__}")
    return text


def _split_name(split: object, name: str = "split") -> str:
    if not isinstance(split, str):
        raise InputTypeError(f"{name} must be the name of an encoding (a str), not {split!r:.60}")
    if split not in SPLIT_ENCODINGS:
        raise ValueError(f"unknown {name} {split!r}: the known encodings are {', '.join(SPLIT_ENCODINGS)}")
    return split


def split_pattern(encoding_name: str = "cl100k_base") -> str:
    """The regular expression that cuts text into chunks before BPE, in one of OpenAI's encodings.

    It is tiktoken's own pattern, read from the real encoding (``tiktoken.Encoding._pat_str``),
    as defined in tiktoken's ``tiktoken_ext/openai_public.py`` [ref:tiktoken]. It needs the
    ``regex`` package (tiktoken's own dependency), not ``re``: ``\\p{L}`` means any letter,
    ``\\p{N}`` any digit, in any script.

    * ``gpt2`` (also ``r50k_base``, ``p50k_base``): an optional space, then a run of letters, or
      of digits, or of other symbols; English contractions (``'s``, ``'ll``) on their own.
    * ``cl100k_base`` (GPT-4, GPT-3.5): a word may start with one non-letter (a space, a quote),
      numbers are cut into runs of at most three digits, newlines stay apart.
    * ``o200k_base`` (GPT-4o and later): like cl100k, but a capital letter starts a new chunk
      (``CamelCase`` → ``Camel`` + ``Case``) and contractions stay on their word.

    Raises:
        ValueError: for a name not in :data:`SPLIT_ENCODINGS`.
    """
    from token_economics.tokens import tiktoken_encoding

    return tiktoken_encoding(_split_name(encoding_name, "encoding_name"))._pat_str


@functools.lru_cache(maxsize=None)
def _compiled(encoding_name: str):
    import regex  # tiktoken's own dependency: Python's re does not know \p{L}

    return regex.compile(split_pattern(encoding_name))


def pretokenize(text: str, split: str = "cl100k_base") -> list[str]:
    """Cut ``text`` into the chunks BPE works inside, with the split pattern of encoding ``split``.

    The chunks are every match of :func:`split_pattern`, in order; joined back together they
    give ``text`` again. ``pretokenize(" Hello world's 12345!", "cl100k_base")`` is
    ``[' Hello', ' world', "'s", ' ', '123', '45', '!']``.

    Raises:
        ValueError: for a ``split`` not in :data:`SPLIT_ENCODINGS`.
    """
    return _compiled(_split_name(split)).findall(_text(text))


def _chunk_ids(text: str, split: str | None) -> list[list[int]]:
    """The UTF-8 bytes of each chunk of ``text`` (one chunk, the whole text, when ``split`` is None)."""
    chunks = [_text(text)] if split is None else pretokenize(text, split)
    return [list(chunk.encode("utf-8")) for chunk in chunks]


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
    return _merge(ids, pair, new_id)


def _merge(ids: list[int], pair: Pair, new_id: int) -> list[int]:
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


def train(text: str, vocab_size: int, *, split: str | None = None) -> dict[Pair, int]:
    """Learn ``vocab_size - 256`` merges from ``text``.

    Ties between equally frequent pairs go to the pair seen first in the current sequence.
    Training stops early when no pair occurs twice (the most frequent pair occurs fewer than
    2 times: merging it would save nothing).

    Args:
        text: the training text.
        vocab_size: ids in the vocabulary at the end (256 bytes plus the merges), at most.
        split: the name of an encoding in :data:`SPLIT_ENCODINGS`, to count and merge pairs
            inside the chunks of :func:`pretokenize` only (as GPT tokenizers are trained), or
            None (the default) to treat the whole text as one chunk.

    Returns:
        ``{(left id, right id): new id}`` in the order learned (new ids 256, 257, …).

    Raises:
        ValueError: if ``vocab_size`` is below 256, or ``split`` is unknown.
    """
    vocab_size = whole("vocab_size", vocab_size, "token ids", minimum=256, maximum=MAX_VOCAB_SIZE)
    chunks = _chunk_ids(text, split)
    merges: dict[Pair, int] = {}
    for new_id in range(256, vocab_size):
        counts: Counter[Pair] = Counter()
        for ids in chunks:  # pairs inside each chunk only: none across two chunks
            counts.update(pairwise(ids))
        if not counts:
            break
        pair = max(counts, key=counts.__getitem__)  # first seen wins a tie: Counter keeps insertion order
        if counts[pair] < 2:
            break
        chunks = [_merge(ids, pair, new_id) for ids in chunks]
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


def _encode_ids(ids: list[int], merges: dict[Pair, int]) -> list[int]:
    """Apply checked merges to ids: always the earliest-learned merge present first."""
    while len(ids) >= 2:
        pair = min(pairwise(ids), key=lambda p: merges.get(p, float("inf")))
        if pair not in merges:
            break
        ids = _merge(ids, pair, merges[pair])
    return ids


def encode_bytes(data: bytes, merges: dict[Pair, int]) -> list[int]:
    """Apply learned merges to raw bytes (one chunk): always the earliest-learned merge present first."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputTypeError(f"data must be bytes, not {type(data).__name__}")
    return _encode_ids(list(data), _merges(merges))


def encode(text: str, merges: dict[Pair, int], *, split: str | None = None) -> list[int]:
    """Token ids of ``text`` under ``merges``.

    Args:
        text: the text to encode.
        merges: ``{(left id, right id): new id}``, as :func:`train` or
            :func:`merges_from_tiktoken` return.
        split: the name of an encoding in :data:`SPLIT_ENCODINGS` to cut the text with
            :func:`pretokenize` first and encode each chunk on its own, as tiktoken does; None
            (the default) encodes the whole text as one chunk.

    Returns:
        The ids, chunk after chunk. With the merges of :func:`merges_from_tiktoken` (all of them)
        and the same encoding's ``split``, these are tiktoken's ``encode_ordinary`` ids, once the
        256 single bytes are mapped to their ranks (see the module docstring for the scope tested).
    """
    merges = _merges(merges)
    return [i for ids in _chunk_ids(text, split) for i in _encode_ids(ids, merges)]


def decode(ids: Iterable[int], merges: dict[Pair, int]) -> str:
    """Text of ``ids`` (bytes that are not valid UTF-8 become U+FFFD)."""
    table = vocab(merges)
    ids = _ids("ids", ids)
    unknown = [i for i in ids if i not in table]
    if unknown:
        raise ValueError(f"ids {unknown[:5]} are not in this vocabulary (0 … {max(table)})")
    return b"".join(table[i] for i in ids).decode("utf-8", errors="replace")


def _ranks(encoding_name: str) -> tuple[dict[bytes, int], dict[int, int]]:
    """The encoding's ranks, and the map byte → rank of its 256 single bytes (checked: ranks 0–255)."""
    from token_economics.tokens import tiktoken_encoding

    ranks = tiktoken_encoding(encoding_name)._mergeable_ranks
    single = {token[0]: rank for token, rank in ranks.items() if len(token) == 1}
    if len(single) != 256 or max(single.values()) >= 256:
        raise ValueError(f"{encoding_name} does not give the 256 single bytes ranks 0–255")
    return ranks, single


def _recover(token: bytes, ranks: dict[bytes, int], byte_of_rank: dict[int, int]) -> Pair:
    """The pair of this module's ids that a multi-byte token was merged from."""
    parts = [bytes([b]) for b in token]
    while len(parts) > 2:  # BPE with ranks strictly below this token's rank
        best = min(range(len(parts) - 1), key=lambda i: ranks.get(parts[i] + parts[i + 1], float("inf")))
        parts[best : best + 2] = [parts[best] + parts[best + 1]]
    left, right = ranks[parts[0]], ranks[parts[1]]
    return (byte_of_rank.get(left, left), byte_of_rank.get(right, right))


@functools.lru_cache(maxsize=None)
def _longest_token(encoding_name: str) -> int:
    return max(len(token) for token in _ranks(encoding_name)[0])


@functools.lru_cache(maxsize=None)
def _all_merges(encoding_name: str) -> tuple[tuple[Pair, int], ...]:
    """Every merge of one encoding, in rank order (computed once per process)."""
    ranks, single = _ranks(encoding_name)
    byte_of_rank = {rank: b for b, rank in single.items()}
    ordered = sorted(ranks.items(), key=lambda item: item[1])
    return tuple((_recover(token, ranks, byte_of_rank), rank) for token, rank in ordered if len(token) > 1)


def merges_from_tiktoken(
    encoding_name: str = "cl100k_base", max_rank: int | None = 3000, *, only_for: str | None = None
) -> tuple[dict[Pair, int], dict[int, int]]:
    """Recover the merges of a real OpenAI encoding, for every token with rank below ``max_rank``.

    In ``tiktoken`` a token's rank is both its id and its merge priority. Every multi-byte
    token was made by merging two smaller tokens; running BPE on its bytes with only the lower
    ranks finds that pair (the idea of minbpe's ``recover_merges``).

    Ids here are those of this module: a single byte is its own value (0–255), a longer token
    keeps its tiktoken rank (all 256 single bytes have ranks below 256 in OpenAI's encodings).

    Args:
        encoding_name: one of :data:`SPLIT_ENCODINGS`.
        max_rank: keep the tokens with a rank below this (at least 256); None keeps them all
            (100,000 merges for ``cl100k_base``, 199,742 for ``o200k_base``: a few seconds the
            first time, then cached).
        only_for: a text, to keep only the merges that can apply when it is encoded with this
            encoding's split: those whose token's bytes occur inside one of its chunks. Encoding
            that text then gives the same ids as with every merge (a merge makes its token's
            bytes, so it can only apply where they occur), and recovering takes milliseconds.

    Returns:
        ``(merges, to_tiktoken)``: the merges, and the map from this module's ids to tiktoken
        ranks for the 256 single bytes (longer tokens map to themselves).

    Raises:
        ValueError: for an unknown encoding, or a ``max_rank`` below 256.
    """
    encoding_name = _split_name(encoding_name, "encoding_name")
    if max_rank is not None:
        max_rank = whole("max_rank", max_rank, "token rank", minimum=256)
    ranks, single = _ranks(encoding_name)
    if only_for is None:
        found = _all_merges(encoding_name)
    else:
        if not isinstance(only_for, str):
            raise InputTypeError(f"only_for must be a text (a str), not {type(only_for).__name__}")
        byte_of_rank = {rank: b for b, rank in single.items()}
        longest = _longest_token(encoding_name)
        inside = {
            chunk[i:j]
            for chunk in {c.encode("utf-8") for c in pretokenize(only_for, encoding_name)}
            for i in range(len(chunk))
            for j in range(i + 2, min(len(chunk), i + longest) + 1)
        }
        tokens = sorted((ranks[t], t) for t in inside if t in ranks)
        found = tuple((_recover(token, ranks, byte_of_rank), rank) for rank, token in tokens)
    return {pair: rank for pair, rank in found if max_rank is None or rank < max_rank}, dict(single)


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
