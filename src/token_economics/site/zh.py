"""The Chinese edition's words around the numbers: page values and chart texts in Chinese.

The Chinese pages use the same values as the English ones (``token_economics.site.lessonN``);
this module only rewrites how they read:

* dates the Chinese way: "3 November 2026, 12:00 UTC" → "2026年11月3日 12:00（UTC）",
  "November 2024" → "2024年11月";
* large counts with 万 / 亿: "9.7 trillion" → "9.7万亿"; a plain count of ten thousand or more
  gets its 万/亿 reading beside it: "73,700" → "73,700（约7.37万）";
* words, from one table of phrases (``zh_phrases.toml``): exact phrases ("Bigger batches" →
  "更大的批") and templates whose ``{}`` stands for any text, itself rewritten
  ("cheapest with MMLU ≥ {}: {} cheaper per year"); Markdown tables cell by cell.

The same table translates the charts: :func:`translate_figure` rewrites every text of a
matplotlib figure and draws Chinese with the CJK font the package ships
(``data/fonts/``, a subset of Noto Sans CJK SC, SIL Open Font License).

No number is typed here: every digit in the output comes from the English text.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "localize",
    "translate_figure",
    "draw_charts_in_chinese",
    "untranslated_chart_texts",
    "cjk_font_path",
    "big_count",
    "english_words",
    "figure_words",
    "month_name",
]

PHRASES_FILE = Path(__file__).with_name("zh_phrases.toml")
FIGURES_FILE = Path(__file__).with_name("figures_zh.toml")
FONT_FILE = Path(__file__).resolve().parents[1] / "data" / "fonts" / "NotoSansCJKsc-course.otf"

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
SHORT_MONTHS = {name[:3]: number for name, number in MONTHS.items()}
_MONTH = "|".join(MONTHS)
_SHORT = "|".join(SHORT_MONTHS)

MOMENT = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}}), (\d{{2}}:\d{{2}}) UTC\b")
DAY = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b")
MONTH_PAIR = re.compile(rf"\b({_MONTH}) and ({_MONTH}) (\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b({_MONTH}|{_SHORT}) (\d{{4}})\b")
MONTH_RANGE = re.compile(rf"\b({_SHORT})–({_SHORT}) (\d{{4}})\b")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
SCALE_WORD = re.compile(r"(\d[\d,]*(?:\.\d+)?) (thousand|million|billion|trillion|quadrillion)\b")
PLAIN_COUNT = re.compile(r"^\d{1,3}(?:,\d{3})+$")
TABLE_ROW = re.compile(r"^\|.*\|$")
LIST_AND = re.compile(r"^((?:[^,]+, )+)([^,]+) and ([^,]+)$")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15}


@functools.lru_cache(maxsize=1)
def _phrases() -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    table = tomllib.loads(PHRASES_FILE.read_text(encoding="utf-8")).get("phrases", {})
    exact: dict[str, str] = {}
    templates: list[tuple[re.Pattern, str]] = []
    for english, chinese in table.items():
        if "{}" in english:
            pattern = "^" + "(.+?)".join(re.escape(part) for part in english.split("{}")) + "$"
            templates.append((re.compile(pattern, re.S), chinese))
        else:
            exact[english] = chinese
    # the longest template first: the most specific wins
    templates.sort(key=lambda t: -len(t[0].pattern))
    return exact, templates


def _digits(number: str) -> float:
    return float(number.replace(",", ""))


def _trim(x: float) -> str:
    """Three significant figures, no trailing zeros: 87.7, 7.37, 1,300."""
    x = float(f"{x:.3g}")
    return f"{x:,.0f}" if x >= 100 else f"{x:g}"


def big_count(value: float) -> str:
    """A large count read in 万 / 亿: 73,700 → "7.37万", 9.7e12 → "9.7万亿". Below 10,000: as is."""
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if value >= size:
            return f"{_trim(value / size)}{word}"
    return f"{value:,.0f}"


def _scale_word(match: re.Match) -> str:
    number, word = match.group(1), match.group(2)
    return big_count(_digits(number) * _SCALE[word])


def _dates(text: str) -> str:
    text = MOMENT.sub(lambda m: f"{m[3]}年{MONTHS[m[2]]}月{int(m[1])}日 {m[4]}（UTC）", text)
    text = DAY.sub(lambda m: f"{m[3]}年{MONTHS[m[2]]}月{int(m[1])}日", text)
    text = MONTH_PAIR.sub(lambda m: f"{m[3]}年{MONTHS[m[1]]}月和{MONTHS[m[2]]}月", text)
    text = MONTH_RANGE.sub(lambda m: f"{m[3]}年{SHORT_MONTHS[m[1]]}–{SHORT_MONTHS[m[2]]}月", text)
    return MONTH_YEAR.sub(lambda m: f"{m[2]}年{MONTHS.get(m[1]) or SHORT_MONTHS[m[1]]}月", text)


def _fill(template: str, pieces: list[str]) -> str:
    """``template`` with each ``{}`` replaced by the next of ``pieces``."""
    parts = template.split("{}")
    out = parts[0]
    for i, rest in enumerate(parts[1:]):
        out += (pieces[i] if i < len(pieces) else "") + rest
    return out


def _words(text: str) -> str:
    exact, templates = _phrases()
    if text in exact:
        return exact[text]
    for pattern, chinese in templates:
        match = pattern.match(text)
        if match:
            pieces = [localize(group) for group in match.groups()]
            return _fill(chinese, pieces)
    listed = LIST_AND.match(text)
    if listed:  # "2, 4, 5 and 23" → "2、4、5 和 23"
        items = [item for item in listed.group(1).split(", ") if item] + [listed.group(2), listed.group(3)]
        return "、".join(localize(i) for i in items[:-1]) + " 和 " + localize(items[-1])
    if " and " in text and text.count(" and ") == 1 and "\n" not in text and len(text) < 80:
        left, right = text.split(" and ")
        if _words(left) != left or _words(right) != right:
            return f"{_words(left)}和{_words(right)}"
    return text


def _table(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if TABLE_ROW.match(line.strip()) and not set(line.strip()) <= set("|-: "):
            cells = line.strip().strip("|").split("|")
            line = "| " + " | ".join(localize(cell.strip()) for cell in cells) + " |"
        lines.append(line)
    return "\n".join(lines)


def localize(text: str) -> str:
    """The Chinese reading of a value the English pages show (see the module docstring)."""
    text = str(text)
    if "\n" in text and TABLE_ROW.match(text.strip().split("\n")[0]):
        return _table(text)
    if text.startswith(("<", "{", "[")):  # HTML strips and widget data stay as they are
        return text
    stripped = text.strip()
    if not stripped:
        return text
    iso = ISO_DAY.match(stripped)
    if iso:
        return f"{iso[1]}年{int(iso[2])}月{int(iso[3])}日"
    iso = ISO_MONTH.match(stripped)
    if iso:
        return f"{iso[1]}年{int(iso[2])}月"
    if PLAIN_COUNT.match(stripped) and _digits(stripped) >= 10_000:
        return f"{stripped}（约{big_count(_digits(stripped))}）"
    worded = _words(stripped)
    if worded != stripped:
        return worded
    return SCALE_WORD.sub(_scale_word, _dates(stripped))


def english_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Words of three or more Latin letters left in ``text`` outside code spans and HTML tags,
    other than ``allowed`` (names: models, tokenizers, units)."""
    text = re.sub(r"`[^`]*`|<[^>]*>|\$[^$\n]*\$", " ", text)
    return [w for w in ENGLISH_WORD.findall(text) if w not in allowed]


@functools.lru_cache(maxsize=1)
def _figure_table() -> dict[str, dict[str, str]]:
    return tomllib.loads(FIGURES_FILE.read_text(encoding="utf-8"))


def figure_words(name: str) -> dict[str, str]:
    """A registry figure's ``what`` and ``unit`` in Chinese (``figures_zh.toml``).

    Raises:
        KeyError: if the figure has no Chinese text (tests/test_zh_parity.py lists them).
    """
    entry = _figure_table()[name]
    return {"what": entry["what"], "unit": entry["unit"]}


# ---------------------------------------------------------------- charts


def cjk_font_path(*, web: bool = False) -> Path:
    """The shipped CJK font (a subset of Noto Sans CJK SC; ``data/fonts/README.md``): the
    OpenType file matplotlib draws with, or (``web=True``) the same font as WOFF2 for a browser."""
    return FONT_FILE.with_suffix(".woff2") if web else FONT_FILE


@functools.lru_cache(maxsize=1)
def _font_family() -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def _localized_formatter(inner):
    """A tick formatter that writes ``inner``'s labels in Chinese (tick labels are made afresh
    each time the figure is drawn, so rewriting the texts once is not enough)."""
    from matplotlib.ticker import Formatter

    class Localized(Formatter):
        def set_axis(self, axis):
            super().set_axis(axis)
            inner.set_axis(axis)

        def set_locs(self, locs):
            inner.set_locs(locs)

        def __call__(self, x, pos=None):
            return localize(inner(x, pos))

        def format_ticks(self, values):
            return [localize(label) if label else label for label in inner.format_ticks(values)]

    made = Localized()
    made.inner = inner
    return made


def translate_figure(fig) -> list[str]:
    """Rewrite every text of a matplotlib figure in Chinese, drawn with the CJK font (Latin
    letters and digits keep the course's DejaVu Sans). Returns the texts that still have
    English words beyond the names kept on purpose (``keep`` in zh_phrases.toml)."""
    import logging

    from matplotlib import dates
    from matplotlib.text import Text

    # a bold title is drawn with the regular weight the font ships (no warning per figure)
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    family = ["DejaVu Sans", _font_family()]
    slanted = False
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in (
                (axis.get_major_formatter, axis.set_major_formatter),
                (axis.get_minor_formatter, axis.set_minor_formatter),
            ):
                inner = get()
                if not hasattr(inner, "inner"):
                    put(_localized_formatter(inner))
                if isinstance(inner, (dates.DateFormatter, dates.AutoDateFormatter, dates.ConciseDateFormatter)):
                    # "2023年5月" is wider than "May 2023": slant the dates so they do not overlap
                    ax.tick_params(axis="x" if axis is ax.xaxis else "y", labelrotation=30)
                    slanted = True
        ax.tick_params(labelfontfamily=family)
    left = []
    for artist in fig.findobj(Text):
        english = artist.get_text()
        if not english:
            continue
        chinese = localize(english)
        artist.set_text(chinese)
        artist.set_fontfamily(family)
        if english_words(chinese, kept_words()):
            left.append(english)
    if slanted:  # the slanted dates are taller: lay the figure out again, above its source line
        fig.tight_layout(rect=(0, 0.04, 1, 1) if fig.texts else (0, 0, 1, 1))
    return left


_UNTRANSLATED: set[str] = set()


def draw_charts_in_chinese() -> None:
    """From now on, rewrite every matplotlib figure in Chinese just before it is drawn.

    For a Chinese notebook, whose code must stay the English notebook's: the docs build starts
    its kernel with this call, so the charts its code draws (with English labels) show in
    Chinese on the /zh/ site. It changes how this process draws figures, nothing else; the texts
    it could not translate are listed by :func:`untranslated_chart_texts`.
    """
    from matplotlib.backend_bases import FigureCanvasBase

    original = FigureCanvasBase.print_figure
    if getattr(original, "te_chinese", False):
        return

    def print_figure(self, *args, **kwargs):
        _UNTRANSLATED.update(translate_figure(self.figure))
        return original(self, *args, **kwargs)

    print_figure.te_chinese = True
    FigureCanvasBase.print_figure = print_figure


def untranslated_chart_texts() -> list[str]:
    """Chart texts drawn since :func:`draw_charts_in_chinese` that still have English words
    (beyond the names kept on purpose: ``keep`` in zh_phrases.toml)."""
    return sorted(_UNTRANSLATED)


@functools.lru_cache(maxsize=1)
def kept_words() -> frozenset[str]:
    """Words that stay English on the Chinese pages (model, company and source names, units)."""
    table = tomllib.loads(PHRASES_FILE.read_text(encoding="utf-8"))
    return frozenset(w for name in table.get("keep", []) for w in ENGLISH_WORD.findall(name))


def month_name(d: date) -> str:
    """A month as the Chinese pages write it: 2024年11月."""
    return f"{d.year}年{d.month}月"
