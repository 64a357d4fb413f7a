"""Numbers and figures for the Lesson 1 page, computed with the real tokenizers at build time."""

from __future__ import annotations

from functools import lru_cache

from matplotlib.figure import Figure

from token_economics import bpe
from token_economics.plotting import PALETTE, finish, new_figure
from token_economics.tokens import (
    compare_tokenizers,
    count_tokens,
    get_tokenizer,
    language_names,
    parallel_passage,
    petrov_premiums,
    token_premium,
)

MEASURED = ("o200k_base", "cl100k_base", "gpt2", "deepseek-v3", "qwen2.5")
SENTENCE_EN = "Token is the new currency of the AI era."
SENTENCE_ZH = "Token是AI时代的新货币。"
LANGS = ("zh", "ja", "ko", "ar", "hi", "ru", "es", "de", "fr")
BPE_DEMO_TEXT = "low lower lowest newer newest wider widest"


def _premium_rows() -> dict[str, dict[str, float]]:
    passage = parallel_passage()
    return {code: {name: token_premium(passage[code], passage["en"], name) for name in MEASURED} for code in LANGS}


def _petrov(code: str, tokenizer: str) -> float | None:
    for row in petrov_premiums():
        if row["code"] == code and row["tokenizer"] == tokenizer:
            return float(row["premium"])
    return None


@lru_cache(maxsize=1)
def values() -> dict[str, str]:
    passage = parallel_passage()
    names = language_names()
    rows = _premium_rows()
    merges = bpe.train(BPE_DEMO_TEXT, 256 + 6)
    table = bpe.vocab(merges)
    v: dict[str, str] = {}

    # --- one sentence, three tokenizers -----------------------------------------------------
    v["sentence_en"] = SENTENCE_EN
    v["sentence_zh"] = SENTENCE_ZH
    v["count_en_o200k_base"] = str(count_tokens(SENTENCE_EN, "o200k_base"))
    v["count_zh_o200k_base"] = str(count_tokens(SENTENCE_ZH, "o200k_base"))
    v["count_zh_cl100k_base"] = str(count_tokens(SENTENCE_ZH, "cl100k_base"))
    v["count_zh_gpt2"] = str(count_tokens(SENTENCE_ZH, "gpt2"))
    v["pieces_en_o200k"] = " · ".join(f"`{p}`" for p in get_tokenizer("o200k_base").pieces(SENTENCE_EN))
    v["pieces_zh_gpt2"] = " · ".join(f"`{p}`" for p in get_tokenizer("gpt2").pieces(SENTENCE_ZH))
    v["pieces_zh_o200k"] = " · ".join(f"`{p}`" for p in get_tokenizer("o200k_base").pieces(SENTENCE_ZH))

    # --- vocabulary sizes -------------------------------------------------------------------
    v["vocab_o200k_base"] = f"{get_tokenizer('o200k_base').vocab_size:,}"
    v["vocab_cl100k_base"] = f"{get_tokenizer('cl100k_base').vocab_size:,}"
    v["vocab_gpt2"] = f"{get_tokenizer('gpt2').vocab_size:,}"
    v["vocab_deepseek_v3"] = f"{get_tokenizer('deepseek-v3').vocab_size:,}"
    v["vocab_qwen2_5"] = f"{get_tokenizer('qwen2.5').vocab_size:,}"
    v["vocab_bert_base_uncased"] = f"{get_tokenizer('bert-base-uncased').vocab_size:,}"

    # --- the language premium ---------------------------------------------------------------
    header = "| language | " + " | ".join(MEASURED) + " | Petrov et al. GPT-2 | Petrov et al. cl100k |"
    lines = [header, "|---|" + "---:|" * (len(MEASURED) + 2)]
    for code in LANGS:
        paper = [_petrov(code, "GPT-2"), _petrov(code, "cl100k_base")]
        cells = [f"{rows[code][name]:.2f}" for name in MEASURED] + [f"{p:.2f}" if p else "–" for p in paper]
        lines.append(f"| {names[code]} | " + " | ".join(cells) + " |")
    v["passage_languages"] = str(len(passage))
    v["premium_table"] = "\n".join(lines)
    v["hi_gpt2"] = f"{rows['hi']['gpt2']:.1f}"
    v["hi_o200k"] = f"{rows['hi']['o200k_base']:.1f}"
    v["zh_qwen"] = f"{rows['zh']['qwen2.5']:.1f}"
    v["petrov_hi_gpt2"] = f"{_petrov('hi', 'GPT-2'):.2f}"
    v["petrov_hi_cl100k"] = f"{_petrov('hi', 'cl100k_base'):.2f}"
    v["petrov_my_gpt2"] = f"{_petrov('my', 'GPT-2'):.1f}"
    v["petrov_zh_qwen"] = f"{_petrov('zh', 'Qwen'):.2f}"

    # A bill: one million English tokens' worth of the passage, translated into Hindi.
    v["hi_bill_gpt2"] = f"{rows['hi']['gpt2'] * 100:.0f}"
    v["hi_bill_o200k"] = f"{rows['hi']['o200k_base'] * 100:.0f}"

    # --- byte-pair encoding, by hand --------------------------------------------------------
    v["bpe_demo_text"] = BPE_DEMO_TEXT
    v["bpe_demo_bytes"] = str(len(BPE_DEMO_TEXT.encode("utf-8")))
    v["bpe_demo_tokens"] = str(len(bpe.encode(BPE_DEMO_TEXT, merges)))
    v["bpe_demo_merges"] = "\n".join(
        f"{n}. `{table[a].decode()!s}` + `{table[b].decode()!s}` → `{table[new].decode()}` (id {new})"
        for n, ((a, b), new) in enumerate(merges.items(), start=1)
    )
    return v


def figures() -> dict[str, Figure]:
    return {"language-premium": _premium_figure(), "chars-per-token": _chars_per_token_figure()}


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


def _chars_per_token_figure() -> Figure:
    passage = parallel_passage()
    fig, ax = new_figure(7.0, 3.6)
    names = ("gpt2", "cl100k_base", "o200k_base", "deepseek-v3", "qwen2.5")
    for i, code in enumerate(("en", "zh", "hi")):
        comps = compare_tokenizers(passage[code], names)
        ax.plot(
            range(len(names)),
            [c.bytes_per_token for c in comps],
            marker="o",
            color=PALETTE[i],
            label=language_names()[code],
        )
    ax.set_xticks(range(len(names)), names, rotation=15)
    ax.set_ylabel("UTF-8 bytes per token")
    ax.set_title("Bigger, more multilingual vocabularies pack more text into each token")
    ax.legend(frameon=False)
    return finish(fig, source="course measurements on the course's parallel passage")
