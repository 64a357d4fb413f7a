"""Grading tests for Lesson 1 — What a token is.

Expected values come from the real tokenizers (through the course library), never from a
pasted answer. Each test names the misconception it detects with ``fail_with_hint``: a
number through :func:`diagnose` (with some tolerance), a list or a choice exactly.
"""

from __future__ import annotations

import functools
import math
import random

import pytest

from token_economics import bpe
from token_economics.grader import fail_with_hint
from token_economics.grader.hints import diagnose
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


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


# --- exercise 1: count and cost -------------------------------------------------------------


def _count_candidates(text: str) -> list:
    """A token count as each misconception makes it. On a short text a rounding of characters ÷ 4
    is a whole token away from the fraction, so each rounding is a value of its own."""
    quarter = len(text) / 4
    return [
        ("chars_div_4", quarter, "characters ÷ 4"),
        ("chars_div_4", len(text) // 4, "characters ÷ 4"),
        ("chars_div_4", round(quarter), "characters ÷ 4"),
        ("chars_div_4", math.ceil(quarter), "characters ÷ 4"),
        ("word_count", len(text.split()), "the number of words"),
    ]


@pytest.mark.exercise("l1.count_and_cost", part="count_tokens")
def test_count_matches_real_tokenizer(submission):
    mod = submission(EX1)
    for text, name in SAMPLES:
        expected = count_tokens(text, name)
        got = mod.count_tokens(text, name)
        detail = f"{text!r}: got {got}; {name} gives {expected}"
        diagnose(got, expected, _count_candidates(text), detail)
        assert got == expected, f"{text!r} with {name}: expected {expected} tokens, got {got}"


@pytest.mark.exercise("l1.count_and_cost", part="count_tokens")
def test_count_depends_on_tokenizer(submission):
    mod = submission(EX1)
    text = parallel_passage()["hi"]
    counts = {name: mod.count_tokens(text, name) for name in ("gpt2", "cl100k_base", "o200k_base")}
    for name, got in counts.items():
        expected = count_tokens(text, name)
        diagnose(got, expected, _count_candidates(text), f"Hindi passage: got {got}; {name} gives {expected}")
        assert got == expected, f"Hindi passage with {name}: got {got}"


@pytest.mark.exercise("l1.count_and_cost", part="prompt_cost_usd")
def test_prompt_cost(submission):
    mod = submission(EX1)
    text = parallel_passage()["en"]
    tokens = count_tokens(text, "o200k_base")
    for price in (2.5, 0.15, 60.0):
        expected = tokens * price / 1_000_000
        got = mod.prompt_cost_usd(text, "o200k_base", price)
        diagnose(
            got,
            expected,
            [
                ("per_thousand", expected * 1000),
                ("chars_div_4", (len(text) / 4) * price / 1_000_000, "characters ÷ 4 at that price"),
            ],
            f"{tokens} tokens at ${price}/M: got {got}, expected {expected}",
        )
        assert math.isclose(got, expected, rel_tol=1e-9), (
            f"{tokens} tokens at ${price}/M: expected {expected}, got {got}"
        )


# --- exercise 2: the language premium ---------------------------------------------------------

THREE = ("gpt2", "cl100k_base", "o200k_base")

#: Texts of our own whose token counts differ between the three tokenizers (a passage with the
#: same count in all three cannot tell which tokenizer a learner used). Counts come from the library.
OWN_ENGLISH = "Tokens cost money:     1234567 of them, naïvely counted!"
OWN_TEXTS = {
    "de": "Das kostet 1234567 Token… wirklich!!!",
    "ru": "Токены стоят денег.",
    "zh": "代币很贵，真的很贵。",
    "el": "Τα μάρκες κοστίζουν.",
}

#: Passages with a tie for the most tokens in every tokenizer ("cat dog …" and "dog cat …").
TIED = {"aa": "one two " * 5, "bb": "cat dog " * 10, "cc": "dog cat " * 10}


def _premium_hints(got, text: str, english: str, name: str, label: str) -> None:
    """Name the misconception behind a wrong premium, if it is a known one."""
    expected = count_tokens(text, name) / count_tokens(english, name)
    shown = f"{got:.3f}" if _number(got) else repr(got)
    candidates = [("inverted", 1 / expected), ("char_ratio", len(text) / len(english))]
    candidates += [
        (
            "one_tokenizer",
            count_tokens(text, a) / count_tokens(english, b),
            f"the text counted with {a}, English with {b}",
        )
        for a in THREE
        for b in THREE
        if (a, b) != (name, name)
    ]
    diagnose(got, expected, candidates, f"{label} with {name}: got {shown}, expected {expected:.3f}")


@pytest.mark.exercise("l1.token_premium", part="token_premium")
def test_premium_against_real_counts(submission):
    mod = submission(EX2)
    passage = parallel_passage()
    for code in ("zh", "hi", "ru", "es"):
        for name in ("gpt2", "o200k_base"):
            expected = count_tokens(passage[code], name) / count_tokens(passage["en"], name)
            got = mod.token_premium(passage[code], passage["en"], name)
            _premium_hints(got, passage[code], passage["en"], name, code)
            assert math.isclose(got, expected, rel_tol=1e-9), f"{code} with {name}: expected {expected:.4f}, got {got}"


@pytest.mark.exercise("l1.token_premium", part="token_premium")
def test_premium_counts_both_texts_with_the_named_tokenizer(submission):
    mod = submission(EX2)
    english = {name: count_tokens(OWN_ENGLISH, name) for name in THREE}
    assert len(set(english.values())) == 3, f"this test needs English counts that differ: {english}"
    for code, text in OWN_TEXTS.items():
        for name in THREE:
            expected = count_tokens(text, name) / english[name]
            got = mod.token_premium(text, OWN_ENGLISH, name)
            _premium_hints(got, text, OWN_ENGLISH, name, code)
            assert math.isclose(got, expected, rel_tol=1e-9), f"{code} with {name}: expected {expected:.4f}, got {got}"


def _first_with_most_tokens(passages: dict[str, str], name: str) -> str:
    """The docstring's rule: the most tokens; on a tie, the language that comes first in ``passages``."""
    counts = {code: count_tokens(text, name) for code, text in passages.items()}
    return next(code for code, n in counts.items() if n == max(counts.values()))


def _check_most_expensive(mod, passages: dict[str, str], name: str) -> None:
    expected = _first_with_most_tokens(passages, name)
    got = mod.most_expensive_language(passages, name)
    if got != expected:
        message = f"{name}: got {got!r}, expected {expected!r}"
        if got in passages and count_tokens(passages[got], name) == count_tokens(passages[expected], name):
            fail_with_hint("tie_rule", f"{message}; both need {count_tokens(passages[got], name)} tokens")
        if got == max(passages, key=lambda code: len(passages[code])):
            fail_with_hint("longest_text", message)
    assert got == expected, f"{name}: expected {expected}, got {got}"


@pytest.mark.exercise("l1.token_premium", part="most_expensive_language")
def test_most_expensive_language(submission):
    mod = submission(EX2)
    passage = parallel_passage()
    for name in THREE:
        _check_most_expensive(mod, passage, name)


@pytest.mark.exercise("l1.token_premium", part="most_expensive_language")
def test_most_expensive_depends_on_the_tokenizer(submission):
    """Own texts whose winner is not the same in every tokenizer (a learner who ignores the
    tokenizer argument cannot pass), and a tie, in both orders (the first language wins)."""
    mod = submission(EX2)
    mixed = {"ru": OWN_TEXTS["ru"], "en": OWN_ENGLISH, "el": OWN_TEXTS["el"]}
    winners = {_first_with_most_tokens(mixed, name) for name in THREE}
    assert len(winners) > 1, f"this test needs winners that differ by tokenizer: {winners}"
    for passages in (mixed, TIED, dict(reversed(TIED.items()))):
        for name in THREE:
            _check_most_expensive(mod, passages, name)


# --- exercise 3: bytes per token -------------------------------------------------------------


@pytest.mark.exercise("l1.bytes_per_token", part="utf8_bytes")
def test_utf8_bytes(submission):
    mod = submission(EX3)
    for text in ("token", "économie", "货币", "🙂", parallel_passage()["hi"]):
        expected = len(text.encode("utf-8"))
        got = mod.utf8_bytes(text)
        diagnose(got, expected, [("chars_are_bytes", len(text))], f"{text!r}: got {got}; it is {expected} bytes")
        assert got == expected, f"{text!r}: expected {expected} bytes, got {got}"


@pytest.mark.exercise("l1.bytes_per_token", part="bytes_per_token")
def test_bytes_per_token(submission):
    mod = submission(EX3)
    passage = parallel_passage()
    # Scripts whose characters are several bytes first: in English (ASCII) characters are bytes,
    # so an answer that counts characters shows there only as a rounding, with no hint to give.
    for code in ("ar", "zh", "en"):
        for name in ("cl100k_base", "o200k_base"):
            text = passage[code]
            tokens = count_tokens(text, name)
            expected = len(text.encode("utf-8")) / tokens
            got = mod.bytes_per_token(text, name)
            diagnose(
                got,
                expected,
                [("chars_are_bytes", len(text) / tokens)],
                f"{code} with {name}: got {got!r}, expected {expected:.3f}",
            )
            assert math.isclose(got, expected, rel_tol=1e-9), f"{code} with {name}: expected {expected:.4f}, got {got}"


# --- exercise 4: byte-level BPE --------------------------------------------------------------

TRAINING_TEXT = (
    "the cat sat on the mat. the cat ate the rat. "
    "a token is a piece of text; tokens are what models read, write and bill. "
) * 3

#: The encoding whose split pattern (bpe.split_pattern) the tests pass to the learner's functions, as a string.
CL100K = "cl100k_base"

#: Texts for the stop rule: training must stop when the most frequent pair occurs fewer than 2
#: times ("abcd": at once; "aaabdaaabac": after 3 merges), and must still merge a pair seen
#: exactly twice ("abab").
STOP_TEXTS = ("abcd", "abab", "aaabdaaabac", "abcabcabc xyz", "hello hello")

#: Real text for the parity with tiktoken: prose, code, numbers, Chinese, Hindi, emoji, runs of
#: spaces and newlines, CamelCase and contractions (plus the lesson's parallel passage).
REAL_TEXTS = (
    "The quick brown fox jumps over the lazy dog. It's 3:45 p.m., and we've got 1,234,567 tokens!",
    "def cost(tokens):\n    return tokens * 2.5 / 1_000_000  # USD\n\n\nprint(cost(12345))\n",
    "代币是人工智能时代的新货币。每个词元都要付费，价格按百万计算。",
    "टोकन एआई युग की नई मुद्रा है।",
    "Emoji: 🙂🚀👩‍💻 ✨✨✨ — Ça coûte cher : l'économie des jetons.",
    "   leading spaces\n\n\n\ttabs\t\there   \r\n trailing    \n    ",
    "HTTPServer CamelCaseWords McDonald's DON'T I'LL we'RE",
)

#: Text where the most frequent pairs cross words ("e" + " ", " " + "c"): pre-tokenization must stop them.
CHUNK_TEXT = "the cat sat on the mat. the cat ate the rat. " * 4

#: Texts for pretokenize: words, contractions, long numbers, punctuation, runs of spaces and newlines.
SPLIT_TEXTS = (
    " Hello world's 12345!",
    "a   b\n\n\tc  ",
    "Token是AI时代的新货币。",
    "I'll pay $1,000,000.50 (USD) -- isn't it?",
    "",
)


@functools.lru_cache(maxsize=None)
def _reference_merges(vocab_size: int) -> dict:
    """The reference BPE's merges (computed once per grading run, however many submissions)."""
    return bpe.train(TRAINING_TEXT, vocab_size)


@functools.lru_cache(maxsize=1)
def _real_texts() -> tuple[str, ...]:
    return REAL_TEXTS + tuple(parallel_passage().values())


@functools.lru_cache(maxsize=1)
def _cl100k_merges():
    """Merges recovered from cl100k_base: those that can apply to the real texts (no other merge
    could change their ids, see ``bpe.merges_from_tiktoken``), so that the dict sent is small."""
    return bpe.merges_from_tiktoken(CL100K, max_rank=None, only_for="\n".join(_real_texts()))


def _decodes_to(ids, merges: dict, text: str) -> bool:
    """Whether the learner's ids stand for ``text`` under the merges (False for ids outside them)."""
    try:
        return bpe.decode(ids, merges) == text
    except (TypeError, ValueError):
        return False


def _is_prefix(short: dict, long: dict) -> bool:
    return len(short) < len(long) and list(long.items())[: len(short)] == list(short.items())


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
def test_train_stops_when_no_pair_occurs_twice(submission):
    mod = submission(EX4)
    for text in STOP_TEXTS:
        expected = bpe.train(text, 300)
        learned = dict(mod.train(text, 300))
        if _is_prefix(expected, learned):
            fail_with_hint("stop_rule", f"train({text!r}, 300) went on merging pairs seen once: {learned}")
        if _is_prefix(learned, expected):
            fail_with_hint("stop_rule", f"train({text!r}, 300) stopped early: {learned}, expected {expected}")
        assert learned == expected, f"train({text!r}, 300): expected {expected}, got {learned}"


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
        if ids != expected and ids == list(text.encode("utf-8")):
            fail_with_hint("encode_no_merges", f"{text!r}: got its raw bytes {ids}, expected {expected}")
        if ids != expected and _decodes_to(ids, merges, text):
            fail_with_hint("encode_by_frequency", f"{text!r}: got {ids}, expected {expected}")
        assert ids == expected, f"{text!r}: expected {expected}, got {ids}"
        back = mod.decode(ids, merges)
        if back != text and any(ord(ch) > 127 for ch in text):
            fail_with_hint("decode_chars", f"decode gave {back!r} for {text!r}")
        assert back == text


@pytest.mark.exercise("l1.byte_pair_encoding", part="same_ids_as_tiktoken")
def test_pretokenize_like_tiktoken(submission):
    """The chunks are the matches of the real split patterns (cl100k_base by default, o200k_base given)."""
    mod = submission(EX4)
    for text in SPLIT_TEXTS:
        for name in (None, "o200k_base"):
            expected = bpe.pretokenize(text, name or CL100K)
            got = mod.pretokenize(text) if name is None else mod.pretokenize(text, bpe.split_pattern(name))
            if got != expected:
                fail_with_hint("split_not_findall", f"{text!r}: got {got}, expected {expected}")
            assert got == expected, f"{text!r} with {name or CL100K}'s pattern: expected {expected}, got {got}"


@pytest.mark.exercise("l1.byte_pair_encoding", part="same_ids_as_tiktoken")
def test_train_within_chunks(submission):
    mod = submission(EX4)
    expected = bpe.train(CHUNK_TEXT, 300, split=CL100K)
    learned = dict(mod.train(CHUNK_TEXT, 300, bpe.split_pattern(CL100K)))
    if learned != expected and learned == bpe.train(CHUNK_TEXT, 300):
        fail_with_hint("train_across_chunks", "your merges cross from one word into the next")
    assert list(learned.items()) == list(expected.items()), "the merges or their order differ from the reference BPE"


@pytest.mark.exercise("l1.byte_pair_encoding", part="same_ids_as_tiktoken")
def test_encode_matches_tiktoken(submission):
    """Parity with the real thing: with merges recovered from cl100k_base and its split pattern, encode
    must give tiktoken's encode_ordinary ids on real text (no special tokens)."""
    mod = submission(EX4)
    merges, to_rank = _cl100k_merges()
    real = tiktoken_encoding(CL100K)
    pattern = bpe.split_pattern(CL100K)
    for text in _real_texts():
        expected = real.encode_ordinary(text)
        ids = mod.encode(text, merges, pattern)
        got = [to_rank.get(i, i) if i < 256 else i for i in ids]
        if got != expected:
            short = f"{text[:40]!r}…: tiktoken gives {expected[:12]}…, you gave {got[:12]}…"
            if ids == list(text.encode("utf-8")):
                fail_with_hint("encode_no_merges", short)
            if ids == bpe.encode(text, merges):
                fail_with_hint("encode_across_chunks", short)
            if _decodes_to(ids, merges, text):
                fail_with_hint("encode_by_frequency", short)
        assert got == expected, f"{text[:40]!r}…: tiktoken gives {expected}, you gave {got}"
