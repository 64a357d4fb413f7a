"""Grading tests for Lesson 1 — What a token is.

Expected values come from the real tokenizers (through the course library), never from a
pasted answer. Each test names the misconception it detects with ``fail_with_hint``.
"""

from __future__ import annotations

import functools
import math
import random

import pytest

from token_economics import bpe
from token_economics.grader import fail_with_hint
from token_economics.tokens import count_tokens, parallel_passage, tiktoken_encoding

EX1 = "lesson1/ex01_count_and_cost.py"
EX2 = "lesson1/ex02_token_premium.py"
EX3 = "lesson1/ex03_bytes_per_token.py"
EX4 = "lesson1/ex04_byte_pair_encoding.py"

SAMPLES = [
    ("Hello, world!", "cl100k_base"),
    ("Token is the new currency of the AI era.", "o200k_base"),
    ("Token是AI时代的新货币。", "gpt2"),
    ("   indentation\n\tand\ttabs  ", "o200k_base"),
    ("antidisestablishmentarianism", "cl100k_base"),
    ("Die Tokenisierung kostet Geld – nicht wahr?", "o200k_base"),
]


# --- exercise 1: count and cost -------------------------------------------------------------


@pytest.mark.exercise("l1.count_and_cost", part="count_tokens")
def test_count_matches_real_tokenizer(submission):
    mod = submission(EX1)
    for text, name in SAMPLES:
        expected = count_tokens(text, name)
        got = mod.count_tokens(text, name)
        if got != expected:
            if got in (len(text) // 4, round(len(text) / 4), math.ceil(len(text) / 4)):
                fail_with_hint("chars_div_4", f"{text!r}: {got} looks like characters ÷ 4; {name} gives {expected}")
            if got == len(text.split()):
                fail_with_hint("word_count", f"{text!r}: {got} is the number of words; {name} gives {expected}")
        assert got == expected, f"{text!r} with {name}: expected {expected} tokens, got {got}"


@pytest.mark.exercise("l1.count_and_cost", part="count_tokens")
def test_count_depends_on_tokenizer(submission):
    mod = submission(EX1)
    text = parallel_passage()["hi"]
    counts = {name: mod.count_tokens(text, name) for name in ("gpt2", "cl100k_base", "o200k_base")}
    for name, got in counts.items():
        assert got == count_tokens(text, name), f"Hindi passage with {name}: got {got}"


@pytest.mark.exercise("l1.count_and_cost", part="prompt_cost_usd")
def test_prompt_cost(submission):
    mod = submission(EX1)
    text = parallel_passage()["en"]
    tokens = count_tokens(text, "o200k_base")
    for price in (2.5, 0.15, 60.0):
        expected = tokens * price / 1_000_000
        got = mod.prompt_cost_usd(text, "o200k_base", price)
        if math.isclose(got, expected * 1000, rel_tol=1e-9):
            fail_with_hint("per_thousand", f"got {got}, expected {expected}")
        if math.isclose(got, (len(text) / 4) * price / 1_000_000, rel_tol=1e-9):
            fail_with_hint("chars_div_4", f"got {got}, expected {expected}")
        assert math.isclose(got, expected, rel_tol=1e-9), (
            f"{tokens} tokens at ${price}/M: expected {expected}, got {got}"
        )


# --- exercise 2: the language premium ---------------------------------------------------------


@pytest.mark.exercise("l1.token_premium", part="token_premium")
def test_premium_against_real_counts(submission):
    mod = submission(EX2)
    passage = parallel_passage()
    for code in ("zh", "hi", "ru", "es"):
        for name in ("gpt2", "o200k_base"):
            expected = count_tokens(passage[code], name) / count_tokens(passage["en"], name)
            got = mod.token_premium(passage[code], passage["en"], name)
            if math.isclose(got, 1 / expected, rel_tol=1e-9) and not math.isclose(expected, 1.0):
                fail_with_hint("inverted", f"{code} with {name}: got {got:.3f}, expected {expected:.3f}")
            if math.isclose(got, len(passage[code]) / len(passage["en"]), rel_tol=1e-9):
                fail_with_hint("char_ratio", f"{code} with {name}: got {got:.3f}, expected {expected:.3f}")
            assert math.isclose(got, expected, rel_tol=1e-9), f"{code} with {name}: expected {expected:.4f}, got {got}"


@pytest.mark.exercise("l1.token_premium", part="most_expensive_language")
def test_most_expensive_language(submission):
    mod = submission(EX2)
    passage = parallel_passage()
    for name in ("gpt2", "cl100k_base", "o200k_base"):
        expected = max(passage, key=lambda code: count_tokens(passage[code], name))
        got = mod.most_expensive_language(passage, name)
        if got == max(passage, key=lambda code: len(passage[code])) and got != expected:
            fail_with_hint("longest_text", f"{name}: got {got}, expected {expected}")
        assert got == expected, f"{name}: expected {expected}, got {got}"


# --- exercise 3: bytes per token -------------------------------------------------------------


@pytest.mark.exercise("l1.bytes_per_token", part="utf8_bytes")
def test_utf8_bytes(submission):
    mod = submission(EX3)
    for text in ("token", "économie", "货币", "🙂", parallel_passage()["hi"]):
        expected = len(text.encode("utf-8"))
        got = mod.utf8_bytes(text)
        if got == len(text) and expected != len(text):
            fail_with_hint("chars_are_bytes", f"{text!r}: {got} characters, but {expected} bytes")
        assert got == expected, f"{text!r}: expected {expected} bytes, got {got}"


@pytest.mark.exercise("l1.bytes_per_token", part="bytes_per_token")
def test_bytes_per_token(submission):
    mod = submission(EX3)
    passage = parallel_passage()
    for code in ("en", "zh", "ar"):
        for name in ("cl100k_base", "o200k_base"):
            text = passage[code]
            expected = len(text.encode("utf-8")) / count_tokens(text, name)
            got = mod.bytes_per_token(text, name)
            if math.isclose(got, len(text) / count_tokens(text, name), rel_tol=1e-9) and code != "en":
                fail_with_hint("chars_are_bytes", f"{code} with {name}: got {got:.3f}, expected {expected:.3f}")
            assert math.isclose(got, expected, rel_tol=1e-9), f"{code} with {name}: expected {expected:.4f}, got {got}"


# --- exercise 4: byte-level BPE --------------------------------------------------------------

TRAINING_TEXT = (
    "the cat sat on the mat. the cat ate the rat. "
    "a token is a piece of text; tokens are what models read, write and bill. "
) * 3


@functools.lru_cache(maxsize=None)
def _reference_merges(vocab_size: int) -> dict:
    """The reference BPE's merges (computed once per grading run, however many submissions)."""
    return bpe.train(TRAINING_TEXT, vocab_size)


@functools.lru_cache(maxsize=1)
def _cl100k_merges():
    return bpe.merges_from_tiktoken("cl100k_base", max_rank=3000)


@pytest.mark.exercise("l1.byte_pair_encoding", part="pair_counts_and_merge")
def test_pair_counts_and_merge(submission):
    mod = submission(EX4)
    assert dict(mod.pair_counts([1, 2, 3, 1, 2])) == {(1, 2): 2, (2, 3): 1, (3, 1): 1}
    assert dict(mod.pair_counts([7, 7, 7])) == {(7, 7): 2}, "overlapping pairs count: [7, 7, 7] has (7, 7) twice"
    merged = mod.merge([7, 7, 7], (7, 7), 256)
    if merged == [256, 256] or merged == [256]:
        fail_with_hint("overlapping_merge", f"merge([7, 7, 7], (7, 7), 256) gave {merged}")
    assert merged == [256, 7]
    assert mod.merge([1, 2, 3, 1, 2], (1, 2), 300) == [300, 3, 300]
    assert mod.merge([], (1, 2), 300) == []


@pytest.mark.exercise("l1.byte_pair_encoding", part="train")
def test_train_matches_reference(submission):
    mod = submission(EX4)
    # The classic example (Wikipedia, "Byte pair encoding"): aa, then aa+a, then aaa+b.
    assert dict(mod.train("aaabdaaabac", 259)) == {(97, 97): 256, (256, 97): 257, (257, 98): 258}
    learned = dict(mod.train(TRAINING_TEXT, 300))
    expected = _reference_merges(300)
    assert list(learned.items()) == list(expected.items()), "the merges or their order differ from the reference BPE"


@pytest.mark.exercise("l1.byte_pair_encoding", part="encode_and_decode")
def test_encode_decode_round_trip(submission):
    mod = submission(EX4)
    merges = _reference_merges(320)
    rng = random.Random(1)
    texts = ["the cat sat", "tokens are what models bill", "ça coûte 货币 🙂", ""]
    texts += ["".join(rng.choice("the cat rat mat ") for _ in range(40)) for _ in range(5)]
    for text in texts:
        ids = mod.encode(text, merges)
        expected = bpe.encode(text, merges)
        if ids != expected and bpe.decode(ids, merges) == text:
            fail_with_hint("encode_by_frequency", f"{text!r}: got {ids}, expected {expected}")
        assert ids == expected, f"{text!r}: expected {expected}, got {ids}"
        back = mod.decode(ids, merges)
        if back != text and any(ord(ch) > 127 for ch in text):
            fail_with_hint("decode_chars", f"decode gave {back!r} for {text!r}")
        assert back == text


@pytest.mark.exercise("l1.byte_pair_encoding", part="same_ids_as_tiktoken")
def test_encode_matches_tiktoken(submission):
    """Parity with the real thing: with merges recovered from cl100k_base, encode must give tiktoken's ids."""
    import tiktoken

    mod = submission(EX4)
    merges, to_rank = _cl100k_merges()
    real = tiktoken_encoding("cl100k_base")
    small = tiktoken.Encoding(
        "cl100k_base_first_3000",
        pat_str=real._pat_str,
        mergeable_ranks={t: r for t, r in real._mergeable_ranks.items() if r < 3000},
        special_tokens={},
    )
    for word in (" tokenization", " hello", " économie", " 货币", " antidisestablishmentarianism", " the"):
        expected = small.encode_ordinary(word)
        ids = mod.encode(word, merges)
        got = [to_rank.get(i, i) if i < 256 else i for i in ids]
        if got != expected and bpe.decode(ids, merges) == word:
            fail_with_hint("encode_by_frequency", f"{word!r}: got {got}, tiktoken gives {expected}")
        assert got == expected, f"{word!r}: tiktoken gives {expected}, you gave {got}"
