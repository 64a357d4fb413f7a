"""MkDocs hook: fill the course's numbers, figures and citations in at build time.

* ``{{ l1.key }}`` in a page → ``token_economics.site.lesson1.values()["key"]``;
* ``token_economics.site.lessonN.figures()`` → ``figures/lN-<name>.png``;
* ``[@key]`` → a link to the entry on the references page;
* a value that shows a registry figure (``token_economics.site.formatting.Cited``) gets a
  footnote after the first place a page shows it, written from the figure itself: its value,
  unit, date, meaning, source and code name. One hop from a number to its code and source;
* ``{{ figures }}`` → that table of figures, from ``token_economics.sources``;
* ``{{ price_corrections }}`` → the cited corrections to the bundled price data
  (``token_economics.market.price_corrections``);
* ``{{ bibliography }}`` → the references page, from ``data/references/*.toml``;
* ``{{ exercise_instructions }}`` → what each exercise asks: in English from the first paragraph
  of each exercise file's docstring, in Chinese from ``instructions_zh`` in ``data/exercises``.

The Chinese edition (``docs/*.zh.md``, built into ``/zh/`` by mkdocs-static-i18n) uses the same
keys: its values are read the Chinese way (``token_economics.site.zh.localize``: dates, 万/亿,
words), its charts carry Chinese texts drawn with the CJK font the package ships, and its
footnotes come from ``token_economics/site/figures_zh.toml``.

An unknown placeholder or citation key fails the build, so the site never shows a number or
a source that the library cannot back.
"""

from __future__ import annotations

import importlib
import io
import itertools
import posixpath
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from token_economics.site import zh
from token_economics.site.formatting import Cited

API_DIRECTIVE = re.compile(r"^::: ([A-Za-z0-9_.]+)\s*$", re.M)
# a page's own <script src="../../assets/…">: the Chinese page sits one folder deeper (zh/…),
# while the assets are served once, at the site's root
RAW_ASSET = re.compile(r'(src|href)="((?:\.\./)+)assets/')
API_LINK = re.compile(r"\]\((?:\.\./)*api\.md#([A-Za-z0-9_.]+)\)")
PLACEHOLDER = re.compile(r"\{\{\s*(l[1-5])\.([A-Za-z0-9_]+)\s*\}\}")
CITATION = re.compile(r"\[@([a-z0-9_]+)\]")
LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5")
# A notebook code cell as mkdocs-jupyter writes it: a box that scrolls sideways when a line is long.
CODE_CELL = re.compile(r'<div class="(highlight-ipynb(?: [^"]*)?)">')

_values: dict[str, dict[str, str]] = {}
_language: dict[str, str] = {"current": "en"}
FONT_URI = "assets/fonts/NotoSansCJKsc-course.woff2"  # docs/stylesheets/course.css names it


def language(config) -> str:
    """The language this build writes: "en", or "zh" while mkdocs-static-i18n builds /zh/."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or "en"


def _generated(config, uri: str, content: bytes) -> File:
    """A file the hook writes, in this language's folder of the site (``zh/`` for Chinese)."""
    made = File.generated(config, uri, content=content)
    if _language["current"] != "en":
        made.dest_uri = f"{_language['current']}/{made.dest_uri}"
    return made


_figures: dict[str, dict[str, str]] = {}  # lesson → page key → registry figure's name


def _site_module(lesson: str):
    try:
        return importlib.import_module(f"token_economics.site.{lesson}")
    except ModuleNotFoundError as exc:
        if exc.name == f"token_economics.site.{lesson}":
            return None
        raise


# After mkdocs-static-i18n (priority -100) has chosen this language's files.
@event_priority(-110)
def on_files(files, config):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _values.clear()
    _figures.clear()
    _language["current"] = chinese = language(config)
    for lesson in LESSONS:
        module = _site_module(lesson)
        if module is None:
            continue
        values = module.values()
        read = zh.localize if chinese == "zh" else str
        _values[f"l{lesson[-1]}"] = {k: read(str(v)) for k, v in values.items()}
        _figures[f"l{lesson[-1]}"] = {k: v.figure.name for k, v in values.items() if isinstance(v, Cited)}
        for name, fig in module.figures().items():
            if chinese == "zh":
                zh.translate_figure(fig)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=110, facecolor="white")
            plt.close(fig)
            files.append(_generated(config, f"figures/l{lesson[-1]}-{name}.png", buffer.getvalue()))
    files.append(_generated(config, FONT_URI, zh.cjk_font_path(web=True).read_bytes()))
    return files


def _bibliography() -> str:
    from token_economics.data import references

    entries = sorted(references().values(), key=lambda r: (r.authors.lower(), r.year))
    # the sources are the same in both editions: the search lists them once, from the English page
    excluded = " data-search-exclude" if _language["current"] != "en" else ""
    lines = []
    for ref in entries:
        extra = f" {ref.publisher}." if ref.publisher else ""
        note = f" <br><small>{ref.note}</small>" if ref.note else ""
        lines.append(
            f'<p id="{ref.key}" class="te-ref"{excluded}>{ref.authors} ({ref.year}). '
            f'<em>{ref.title}</em>.{extra} <a href="{ref.url}">{ref.url}</a>{note}</p>'
        )
    return "\n".join(lines)


def _figures_table() -> str:
    from token_economics.data import references
    from token_economics.sources import figures

    refs = references()
    chinese = _language["current"] == "zh"
    lines = [
        "| 数字 | 值 | 单位 | 适用于 | 含义 | 来源 |"
        if chinese
        else "| Figure | Value | Unit | Holds for | What it is | Source |",
        "|---|---|---|---|---|---|",
    ]
    for fig in figures().values():
        value = _value_text(fig.value)
        unit, what, as_of = _figure_words(fig)
        kind = ("（本课程的假设）" if chinese else " (the course's assumption)") if fig.kind == "assumption" else ""
        lines.append(
            f'| <span id="fig-{fig.name}"></span>`{fig.name}` | {value} | '
            f"{unit} | {as_of} | {what}{kind} | [{refs[fig.ref].short()}](#{fig.ref}) |"
        )
    return "\n".join(lines)


def _figure_words(fig) -> tuple[str, str, str]:
    """A registry figure's unit, meaning and date in this build's language."""
    if _language["current"] == "zh":
        words = zh.figure_words(fig.name)
        return words["unit"], words["what"], zh.localize(fig.as_of)
    return fig.unit, fig.what, fig.as_of


def _corrections_table() -> str:
    from token_economics import market
    from token_economics.data import references

    refs = references()
    chinese = _language["current"] == "zh"
    lines = [
        "| 模型 | 起 | 止 | 更正 | 原因 | 来源 |"
        if chinese
        else "| Model | From | Until | Correction | Why | Source |",
        "|---|---|---|---|---|---|",
    ]
    for c in market.price_corrections():
        read = None if c.usd_per_million_cache_read is None else f"${c.usd_per_million_cache_read:g}"
        if c.status == "retired":
            what = "没有自己的模型了：查询会报错" if chinese else "no model of its own: the lookup raises an error"
        elif chinese:
            cached = f"，缓存输入 {read}" if read else ""
            what = f"每百万词元：输入 ${c.usd_per_million_input:g}，输出 ${c.usd_per_million_output:g}{cached}"
        else:
            cached = f", cached input {read}" if read else ""
            what = (
                f"input ${c.usd_per_million_input:g}, output ${c.usd_per_million_output:g}{cached} per million tokens"
            )
        start, until = c.valid_from, c.valid_until or ("至今" if chinese else "open")
        note = c.note_zh if chinese else c.note
        if chinese:
            start, until = zh.localize(str(start)), zh.localize(str(until))
        lines.append(
            f"| `{c.provider}:{c.model}` | {start} | {until} | {what} | {note} | [{refs[c.ref].short()}](#{c.ref}) |"
        )
    return "\n".join(lines)


def _exercise_instructions() -> str:
    """What each exercise asks, lesson by lesson: the first paragraph of its file's docstring
    (English), or its ``instructions_zh`` (Chinese)."""
    import ast
    from pathlib import Path

    from token_economics.grader.hints import exercises, lesson_titles
    from token_economics.grader.workspace import course_dir

    chinese = _language["current"] == "zh"
    titles = lesson_titles("zh" if chinese else "en")
    lines: list[str] = []
    lesson = None
    for ex in exercises():
        if ex.lesson != lesson:
            lesson = ex.lesson
            heading = f"第 {lesson} 课：{titles[lesson]}" if chinese else f"Lesson {lesson}: {titles[lesson]}"
            lines += ["", f"**{heading}**", ""]
        if chinese:
            if not ex.instructions_zh:
                raise PluginError(f"exercise {ex.id} has no instructions_zh in data/exercises/lesson{lesson}.toml")
            body = ex.instructions_zh.strip()
        else:
            path = course_dir() / "exercises" / ex.file
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            paragraphs = [p for p in doc.split("\n\n") if p.strip()]
            body = " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""
        title = ex.title_in("zh" if chinese else "en")
        lines.append(f'??? note "`{Path(ex.file).name}`: {title}"')
        lines += ["    " + line if line else "" for line in body.split("\n")]
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _citable(text: str, at: int) -> bool:
    """Whether a footnote mark may follow the placeholder at ``at``: not in a code block, a
    heading, an image's alt text, an HTML attribute or a code span."""
    if text[:at].count("\n```") % 2:
        return False
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    if before.lstrip().startswith("#") or before.count("`") % 2:
        return False
    alt = before.rfind("![")
    if alt != -1 and "](" not in before[alt:]:
        return False
    return before.count('"') % 2 == 0


def _footnotes(names: list[str], refs: dict, to_refs: str) -> str:
    """One footnote per registry figure a page shows: value, unit, date, meaning, source, code."""
    from token_economics.sources import figures

    lines = []
    for name in names:
        fig = figures()[name]
        ref = refs[fig.ref]
        unit, what, as_of = _figure_words(fig)
        if _language["current"] == "zh":
            kind = "这是本课程的假设，落在来源给出的范围之内。" if fig.kind == "assumption" else ""
            lines.append(
                f"[^{name}]: {_value_text(fig.value)} — {unit}，适用于 {as_of}。{what}{kind}"
                f"来源：[{ref.short()}]({to_refs}#{fig.ref})。"
                f"代码中：[`token_economics.sources.{name}`]({to_refs}#fig-{name})。"
            )
            continue
        kind = " An assumption of the course, inside the range its source gives." if fig.kind == "assumption" else ""
        lines.append(
            f"[^{name}]: {_value_text(fig.value)} — {unit}, holds for {as_of}. {what}{kind} "
            f"Source: [{ref.short()}]({to_refs}#{fig.ref}). "
            f"In the code: [`token_economics.sources.{name}`]({to_refs}#fig-{name})."
        )
    return "\n".join(lines)


def _value_text(value: float) -> str:
    """1,275 and 100,000,000,000 with thousands separators; 0.0806 and 1.2 as written."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _api_links(markdown: str, page) -> str:
    """The Chinese API page lists the modules and links each to the English reference, and the
    Chinese pages' links into the API reference go there too: the reference is written from the
    docstrings, which are English, and one object has one home on the site (mkdocstrings'
    cross-references)."""
    depth = page.file.dest_uri.count("/")  # zh/api/index.html → ../../api/
    english = "../" * depth + "api/"
    markdown = API_LINK.sub(lambda m: f"]({english}#{m.group(1)})", markdown)
    return API_DIRECTIVE.sub(lambda m: f'- <a href="{english}#{m.group(1)}"><code>{m.group(1)}</code></a>', markdown)


def on_page_markdown(markdown, page, config, files):
    from token_economics.data import references

    if _language["current"] != "en":
        markdown = _api_links(markdown, page)
        markdown = RAW_ASSET.sub(r'\1="../\2assets/', markdown)

    cited_here: list[str] = []

    def fill(match):
        lesson, key = match.group(1), match.group(2)
        if lesson not in _values:
            raise PluginError(
                f"{page.file.src_uri}: no token_economics.site.lesson{lesson[1]} for {{{{ {lesson}.{key} }}}}"
            )
        if key not in _values[lesson]:
            raise PluginError(f"{page.file.src_uri}: unknown value {{{{ {lesson}.{key} }}}}")
        text = _values[lesson][key]
        name = _figures.get(lesson, {}).get(key)
        if name and name not in cited_here and _citable(match.string, match.start()):
            cited_here.append(name)
            text += f"[^{name}]"
        return text

    markdown = PLACEHOLDER.sub(fill, markdown)
    refs = references()
    to_refs = posixpath.relpath("references.md", posixpath.dirname(page.file.src_uri) or ".")
    if cited_here:
        markdown = markdown.rstrip("\n") + "\n\n" + _footnotes(cited_here, refs, to_refs) + "\n"

    def cite(match):
        key = match.group(1)
        if key not in refs:
            raise PluginError(f"{page.file.src_uri}: citation [@{key}] has no entry in data/references/*.toml")
        return f"[{refs[key].short()}]({to_refs}#{key})"

    markdown = CITATION.sub(cite, markdown)
    if "{{ figures }}" in markdown:
        markdown = markdown.replace("{{ figures }}", _figures_table())
    if "{{ price_corrections }}" in markdown:
        markdown = markdown.replace("{{ price_corrections }}", _corrections_table())
    if "{{ bibliography }}" in markdown:
        markdown = markdown.replace("{{ bibliography }}", _bibliography())
    if "{{ exercise_instructions }}" in markdown:
        markdown = markdown.replace("{{ exercise_instructions }}", _exercise_instructions())
    return markdown


def on_page_content(html, page, config, files):
    """Notebook code cells scroll sideways on a narrow screen: each becomes a named region that
    the keyboard can reach and scroll (tabindex="0", WCAG 2.1.1; tests/test_accessibility.py)."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    count = itertools.count(1)
    name = "代码单元格" if _language["current"] == "zh" else "Code cell"
    return CODE_CELL.sub(
        lambda m: f'<div class="{m.group(1)}" tabindex="0" role="region" aria-label="{name} {next(count)}">', html
    )


# After mkdocs-static-i18n (priority -100) has written the search index of both editions.
@event_priority(-120)
def on_post_build(config):
    """Write the search index with its Chinese as UTF-8 instead of ``\\uXXXX`` escapes: the
    same index at about two thirds of the size (every page loads it; tests/test_browser.py
    holds each page's first visit to a budget)."""
    import json
    from pathlib import Path

    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
