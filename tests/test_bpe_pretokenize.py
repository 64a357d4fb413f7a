"""Pre-tokenization and parity of the course's BPE with tiktoken (``token_economics.bpe``).

Scope of "id for id", exactly:

* encodings: ``cl100k_base`` on every test here; ``o200k_base`` and ``gpt2`` on the same fixed
  texts (marked slow: recovering their merges takes seconds);
* merges: ALL of them, recovered from the real ranks (100,000 for cl100k_base, 199,742 for
  o200k_base, 50,000 for gpt2), with the encoding's own split pattern;
* texts: the fixed ``TEXTS`` below (English prose, Python code, numbers, Chinese, Japanese,
  Hindi, Arabic, Russian, accented Latin, emoji with joiners and skin tones, runs of spaces,
  tabs and newlines, CamelCase and contractions), two of the library's own source files, and
  random text drawn by hypothesis;
* compared with ``encode_ordinary``: special tokens (``<|endoftext|>`` …) are not covered; such
  text is encoded as ordinary text, which the tests check too.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from token_economics import bpe, tokens
from token_economics.tokens import tiktoken_encoding

# Full-vocabulary parity runs take ~20 s in all: the full suite runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

TEXTS = [
    "The quick brown fox jumps over the lazy dog. It's 3:45 p.m., and we've got 1,234,567 tokens to pay for!",
    "Tokens are the new currency of the AI era: you pay for every one you send and every one you get back.",
    "def f(x):\n    return x ** 2  # square\n\n\nif __name__ == '__main__':\n\tprint(f(12345678))\n",
    'for (let i = 0; i < n; i++) { total += prices[i] * 1e-6; }  // USD per token\n{"key": [1, 2, 3]}',
    "3.14159265358979 2024-06-01 0x1F 1e-9 100,000,000 ₹12,34,567 ½ ² 007 99999999999",
    "代币是人工智能时代的新货币。每个词元都要付费，价格按百万计算。",
    "トークンはAI時代の新しい通貨です。日本語の文章は多くのトークンを使います。",
    "टोकन एआई युग की नई मुद्रा है।",
    "الرموز هي عملة عصر الذكاء الاصطناعي.",
    "Токены — новая валюта эпохи ИИ.",
    "Ça coûte cher : l'économie des jetons, naïve façade, Ærø, straße, İstanbul.",
    "Emoji: 🙂🚀👩‍💻🇫🇷 ❤️ ✨✨✨ 🤷🏽‍♀️",
    "   leading spaces\n\n\n\ttabs\t\there   \r\n trailing    \n    ",
    "HTTPServer CamelCaseWords iPhone McDonald's DON'T I'LL we'RE",
    "<|endoftext|> is a special token written as text",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "",
    " ",
    "\n",
    "a",
]


def _files() -> list[str]:
    """Two of the library's own source files: long, real, mixed prose and code."""
    return [Path(module.__file__).read_text(encoding="utf-8") for module in (bpe, tokens)]


@functools.lru_cache(maxsize=None)
def _merges(name: str):
    return bpe.merges_from_tiktoken(name, max_rank=None)


def _as_ranks(ids: list[int], to_rank: dict[int, int]) -> list[int]:
    return [to_rank.get(i, i) if i < 256 else i for i in ids]


# --- the split patterns ------------------------------------------------------------------------


@pytest.mark.parametrize("name", bpe.SPLIT_ENCODINGS)
def test_split_pattern_is_tiktokens_own(name):
    # tests/test_tokens.py checks these encodings' patterns against tiktoken's own constructors.
    assert bpe.split_pattern(name) == tiktoken_encoding(name)._pat_str


def test_gpt2_pattern_is_the_constant_in_tiktokens_source():
    from tiktoken_ext import openai_public

    assert bpe.split_pattern("gpt2") == openai_public.r50k_pat_str


def test_pretokenize_examples():
    text = " Hello world's 12345!"
    assert bpe.pretokenize(text, "cl100k_base") == [" Hello", " world", "'s", " ", "123", "45", "!"]
    assert bpe.pretokenize(text, "o200k_base") == [" Hello", " world's", " ", "123", "45", "!"]
    assert bpe.pretokenize(text, "gpt2") == [" Hello", " world", "'s", " 12345", "!"]
    assert bpe.pretokenize("CamelCase", "o200k_base") == ["Camel", "Case"]
    assert bpe.pretokenize("CamelCase", "cl100k_base") == ["CamelCase"]
    # a run of spaces gives its last space to the next word
    assert bpe.pretokenize("a   b", "cl100k_base") == ["a", "  ", " b"]
    assert bpe.pretokenize("", "cl100k_base") == []


@pytest.mark.parametrize("name", bpe.SPLIT_ENCODINGS)
@pytest.mark.parametrize("text", TEXTS)
def test_chunks_join_back_into_the_text(name, text):
    assert "".join(bpe.pretokenize(text, name)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_chunks_join_back_for_any_text(text):
    for name in ("gpt2", "cl100k_base", "o200k_base"):
        assert "".join(bpe.pretokenize(text, name)) == text


def test_bad_split_names_the_known_ones():
    with pytest.raises(ValueError, match="cl100k_base"):
        bpe.pretokenize("hi", "qwen2.5")
    with pytest.raises(ValueError, match="split"):
        bpe.encode("hi", {}, split="no-such-encoding")
    with pytest.raises(TypeError, match="split"):
        bpe.train("hi", 300, split=3)
    with pytest.raises(TypeError, match="only_for"):
        bpe.merges_from_tiktoken("cl100k_base", only_for=b"bytes")


# --- training and encoding stay inside chunks ----------------------------------------------------

DEMO = "the cat sat on the mat. the cat ate the rat. " * 4


def test_train_without_split_merges_across_words():
    table = bpe.vocab(bpe.train(DEMO, 280))
    assert any(b" " in token.strip(b" ") or token.endswith(b" ") for token in table.values() if len(token) > 1)


@pytest.mark.parametrize("name", ["gpt2", "cl100k_base", "o200k_base"])
def test_train_with_split_never_crosses_a_chunk(name):
    merges = bpe.train(DEMO, 300, split=name)
    table = bpe.vocab(merges)
    chunks = {chunk.encode("utf-8") for chunk in bpe.pretokenize(DEMO, name)}
    assert merges, "the demo text has repeated pairs inside its chunks"
    for new_id in merges.values():
        assert any(table[new_id] in chunk for chunk in chunks), table[new_id]
        assert not table[new_id].endswith(b" "), f"{table[new_id]!r} ends with a space: it crossed into the next word"


def test_train_with_split_is_bpe_over_the_chunks():
    """Same as training on the chunks by hand: pairs counted across all chunks, merged in each."""
    merges = bpe.train(DEMO, 290, split="cl100k_base")
    chunks = [list(c.encode("utf-8")) for c in bpe.pretokenize(DEMO, "cl100k_base")]
    for (left, right), new_id in merges.items():
        counts: dict = {}
        for ids in chunks:
            for pair, n in bpe.pair_counts(ids).items():
                counts[pair] = counts.get(pair, 0) + n
        best = max(counts, key=counts.get)
        assert (left, right) == best and counts[best] >= 2
        chunks = [bpe.merge(ids, best, new_id) for ids in chunks]


def test_train_stops_when_no_pair_occurs_twice():
    assert bpe.train("abcd", 300) == {}
    assert bpe.train("abab", 300) == {(97, 98): 256}
    assert bpe.train("aaabdaaabac", 300) == {(97, 97): 256, (256, 97): 257, (257, 98): 258}
    # with a split, a pair counts only inside chunks: "x." twice across chunks is no pair at all
    assert bpe.train("x. x.", 300) == {(120, 46): 256}
    assert bpe.train("x. x.", 300, split="cl100k_base") == {}  # chunks "x", ".", " x", "."
    assert bpe.train("ab ab ab", 300, split="cl100k_base") == {(97, 98): 256, (32, 256): 257}


def test_encode_with_split_encodes_each_chunk_alone():
    merges = bpe.train(DEMO, 300)  # learned across words: it has merges like "e " + "c"
    text = "the cat sat on the mat"
    split = bpe.encode(text, merges, split="cl100k_base")
    by_hand = [i for chunk in bpe.pretokenize(text, "cl100k_base") for i in bpe.encode(chunk, merges)]
    assert split == by_hand
    assert split != bpe.encode(text, merges), "without the split, merges cross words"
    assert bpe.decode(split, merges) == text


# --- id for id with tiktoken ----------------------------------------------------------------------


def _parity(name: str, texts: list[str]) -> None:
    merges, to_rank = _merges(name)
    real = tiktoken_encoding(name)
    for text in texts:
        expected = real.encode_ordinary(text)
        got = _as_ranks(bpe.encode(text, merges, split=name), to_rank)
        assert got == expected, f"{name}, {text[:60]!r}: tiktoken gives {expected[:20]}…, ours {got[:20]}…"


def test_recovered_merge_counts():
    assert len(_merges("cl100k_base")[0]) == 100_000  # 100,256 ranks minus the 256 single bytes
    merges, to_rank = _merges("cl100k_base")
    assert sorted(to_rank) == list(range(256)) and sorted(to_rank.values()) == list(range(256))


def test_cl100k_id_for_id_on_varied_text():
    _parity("cl100k_base", TEXTS)
    merges, _ = _merges("cl100k_base")
    text = "\n".join(TEXTS)
    assert bpe.decode(bpe.encode(text, merges, split="cl100k_base"), merges) == text


def test_cl100k_id_for_id_on_long_real_files():
    _parity("cl100k_base", _files())


@pytest.mark.slow
@pytest.mark.parametrize("name", ["o200k_base", "gpt2"])
def test_other_encodings_id_for_id(name):
    _parity(name, TEXTS + _files()[:1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_cl100k_id_for_id_on_random_text(pieces):
    _parity("cl100k_base", [" ".join(pieces), "".join(pieces)])


def test_without_the_split_parity_breaks():
    """The split matters: the same merges on the whole text (no split) give other ids."""
    merges, to_rank = _merges("cl100k_base")
    text = "if x:\n    return y  # 1234567"  # merges across chunks: "    " + "return", "45" + "67"
    assert _as_ranks(bpe.encode(text, merges), to_rank) != tiktoken_encoding("cl100k_base").encode_ordinary(text)


def test_special_tokens_are_not_covered():
    """``<|endoftext|>`` is ordinary text here, as in encode_ordinary; only tiktoken's encode with the
    special token allowed gives its id (100257), which this module never produces."""
    merges, to_rank = _merges("cl100k_base")
    real = tiktoken_encoding("cl100k_base")
    text = "<|endoftext|>"
    ours = _as_ranks(bpe.encode(text, merges, split="cl100k_base"), to_rank)
    assert ours == real.encode_ordinary(text) and len(ours) > 1
    assert real.encode(text, allowed_special="all") == [100257]
    assert 100257 not in bpe.vocab(merges)


def test_only_for_keeps_exactly_the_merges_that_can_apply():
    text = "\n".join(TEXTS)
    few, to_rank = bpe.merges_from_tiktoken("cl100k_base", max_rank=None, only_for=text)
    every, _ = _merges("cl100k_base")
    assert 0 < len(few) < len(every) // 10
    assert all(every[pair] == rank for pair, rank in few.items())
    assert bpe.encode(text, few, split="cl100k_base") == bpe.encode(text, every, split="cl100k_base")
    assert bpe.vocab(few)  # closed: every merge's two parts are bytes or earlier merges


def test_max_rank_keeps_the_first_merges():
    merges, _ = bpe.merges_from_tiktoken("cl100k_base", max_rank=3000)
    assert len(merges) == 3000 - 256 and max(merges.values()) == 2999
    with pytest.raises(ValueError, match="max_rank"):
        bpe.merges_from_tiktoken("cl100k_base", max_rank=10)
