"""MkDocs hook: the docs site as a product that works offline and helps a reader along.

* **Notebook pages work offline.** mkdocs-jupyter's pages load the ipywidgets renderer from
  unpkg.com and carry MathJax and Mermaid loaders pointing at cdnjs. This hook removes those
  loaders and draws each widget from the widget state that the executed notebook saved: its
  controls (with their starting values) as a short list, its recorded output (text, tables,
  charts) as plain HTML. No script, no outside request, and the charts drawn inside
  ``interactive(...)`` still show. The notebook stylesheet that nbconvert inlines into every
  notebook page (about 0.6 MB) is written once as ``assets/notebook-<hash>.css`` and linked.
* **Alt text for notebook charts.** A code cell whose metadata has ``"alt": "..."`` (or a list,
  one per image) gives its images that text; otherwise they get ``FALLBACK_ALT``, never
  nbconvert's "No description has been provided for this image".
* **Run the notebook.** Every lesson page ``lessons/0N-*.md`` whose notebook
  ``lessons/0N_*.ipynb`` exists ends with a section that links the rendered notebook, offers
  the ``.ipynb`` as a download, says how to run it locally and, when ``extra.colab_repo``
  (``owner/name``) is set in ``mkdocs.yml``, links it in Google Colab. Notebook pages get the
  same links at the top.
* **Glossary.** ``{{ glossary }}`` in ``glossary.md`` becomes the entries of
  ``docs/hooks/glossary.toml``; on each lesson page the first use of each term links to its
  entry (never inside headings, links, code or admonition titles).

List this hook *before* ``course.py`` in ``mkdocs.yml``: the glossary may use ``{{ lN.key }}``
numbers and ``[@key]`` citations, which ``course.py`` fills in afterwards.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HOOK_DIR = Path(__file__).resolve().parent
GLOSSARY_FILE = HOOK_DIR / "glossary.toml"
FALLBACK_ALT = "Chart drawn by the notebook code above (no text description has been written for it yet)"
FALLBACK_ALT_ZH = "上面的笔记本代码画的图（还没有为它写文字说明）"
NBCONVERT_PLACEHOLDER_ALT = "No description has been provided for this image"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
LESSON_PAGE = re.compile(r"^lessons/(0[1-9])-[^/]+\.md$")
COLAB_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


# --------------------------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    key: str
    term: str
    definition: str
    match: tuple[str, ...] = ()
    match_case: tuple[str, ...] = ()
    lesson: int | None = None
    #: the Chinese edition's term, definition and patterns (Chinese has no spaces between
    #: words: its patterns are matched as written, and guard Latin words themselves)
    term_zh: str = ""
    definition_zh: str = ""
    match_zh: tuple[str, ...] = ()

    def patterns(self) -> list[str]:
        """Regex sources for the words that link here (case-insensitive ones wrapped in ``(?i:)``)."""
        return [f"(?i:{p})" for p in self.match] + [f"(?:{p})" for p in self.match_case]

    def in_chinese(self) -> Term:
        """The entry as the Chinese pages show and match it."""
        return Term(
            key=self.key,
            term=self.term_zh,
            definition=self.definition_zh,
            match_case=self.match_zh,
            lesson=self.lesson,
        )

    def summary(self) -> str:
        """The definition's first sentence as plain text, for a link's tooltip."""
        text = " ".join(self.definition.split())
        text = re.sub(r"\s*\[@[a-z0-9_]+\]", "", text)
        text = re.sub(r"[*`]", "", text)
        match = re.match(r"(.+?(?:[.!?](?=\s|$)|[。！？]))", text)
        return match.group(1) if match else text


def load_glossary(path: Path = GLOSSARY_FILE) -> list[Term]:
    """Read and check the glossary data; raise ``ValueError`` on a malformed entry."""
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    terms = []
    for key, entry in table.items():
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            raise ValueError(f"glossary key {key!r}: use lower-case words joined by '-' (it is the URL anchor)")
        unknown = set(entry) - {
            "term",
            "definition",
            "match",
            "match_case",
            "lesson",
            "term_zh",
            "definition_zh",
            "match_zh",
        }
        if unknown:
            raise ValueError(f"glossary entry {key!r} has unknown fields {sorted(unknown)}")
        for field in ("term", "definition", "term_zh", "definition_zh"):
            if not str(entry.get(field, "")).strip():
                raise ValueError(f"glossary entry {key!r} lacks {field}")
        term = Term(
            key=key,
            term=entry["term"].strip(),
            definition=" ".join(entry["definition"].split()),
            match=tuple(entry.get("match", ())),
            match_case=tuple(entry.get("match_case", ())),
            lesson=entry.get("lesson"),
            term_zh=entry["term_zh"].strip(),
            definition_zh="".join(line.strip() for line in entry["definition_zh"].splitlines()),
            match_zh=tuple(entry.get("match_zh", ())),
        )
        if not term.patterns() or not term.match_zh:
            raise ValueError(f"glossary entry {key!r} has no match patterns (match or match_case, and match_zh)")
        for pattern in term.patterns() + list(term.match_zh):
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"glossary entry {key!r}: bad pattern {pattern!r}: {exc}") from exc
            if compiled.groups:
                raise ValueError(f"glossary entry {key!r}: use (?:...) instead of groups in {pattern!r}")
        terms.append(term)
    return terms


def glossary_markdown(terms: list[Term], lesson_pages: dict[int, str], lang: str = "en") -> str:
    """The glossary entries as Markdown (A to Z by the English term, in both editions), with a
    link to the lesson that explains each."""
    blocks = []
    for term in sorted(terms, key=lambda t: t.term.lower()):
        shown = term.in_chinese() if lang == "zh" else term
        block = f"## {shown.term} {{#{term.key}}}\n\n{shown.definition}\n"
        if term.lesson is not None:
            if term.lesson not in lesson_pages:
                raise PluginError(f"glossary entry {term.key!r} points at lesson {term.lesson}, which has no page")
            where = lesson_pages[term.lesson]
            block += (
                f"\n*在[第 {term.lesson} 课]({where})里讲。*\n"
                if lang == "zh"
                else f"\n*Explained in [Lesson {term.lesson}]({where}).*\n"
            )
        blocks.append(block)
    return "\n".join(blocks)


_SKIP_TAGS = {
    "a",
    "code",
    "pre",
    "kbd",
    "samp",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",
    "svg",
    "button",
    "label",
    "textarea",
    "select",
    "option",
    "title",
    "abbr",
    "sup",
    "figcaption",
    "math",
}
_VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "param",
}
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


class GlossaryLinker:
    """Turns the first use of each glossary term in a page's HTML into a link to its entry."""

    def __init__(self, terms: list[Term], *, word_boundaries: bool = True):
        self.terms = terms
        alternatives = []
        for index, term in enumerate(terms):
            for pattern in term.patterns():
                alternatives.append((len(pattern), index, pattern))
        alternatives.sort(key=lambda a: -a[0])  # longer, more specific patterns first
        self._owner = {}
        parts = []
        for n, (_, index, pattern) in enumerate(alternatives):
            self._owner[f"g{n}"] = terms[index]
            parts.append(f"(?P<g{n}>{pattern})")
        alternation = "(?:" + "|".join(parts) + ")"
        # English words end at a space or a punctuation mark; Chinese words have no such edge,
        # so the Chinese patterns are matched as written (they guard their Latin words themselves).
        self.regex = re.compile(
            r"(?<![\w-])(?<!\w/)" + alternation + r"(?![\w-])(?!/\w)" if word_boundaries else alternation
        )

    def link(self, page_html: str, glossary_url: str) -> tuple[str, list[str]]:
        """Return the HTML with first uses linked, and the keys of the terms linked, in order."""
        linked: list[str] = []
        out = []
        stack: list[tuple[str, bool]] = []
        skipping = 0
        for piece in _TAG.split(page_html):
            if not piece:
                continue
            if piece.startswith("<"):
                out.append(piece)
                if piece.startswith("<!--"):
                    continue
                match = _TAG_NAME.match(piece)
                if not match:
                    continue
                closing, name = match.group(1) == "/", match.group(2).lower()
                if closing:
                    for depth in range(len(stack) - 1, -1, -1):
                        if stack[depth][0] == name:
                            skipping -= sum(1 for _, skip in stack[depth:] if skip)
                            del stack[depth:]
                            break
                elif name not in _VOID_TAGS and not piece.rstrip(">").endswith("/"):
                    skip = name in _SKIP_TAGS or "admonition-title" in piece or "te-no-gloss" in piece
                    stack.append((name, skip))
                    skipping += skip
                continue
            if skipping:
                out.append(piece)
                continue
            out.append(self._link_text(piece, glossary_url, linked))
        return "".join(out), linked

    def _link_text(self, text: str, glossary_url: str, linked: list[str]) -> str:
        def replace(match: re.Match) -> str:
            term = self._owner[match.lastgroup]
            if term.key in linked:
                return match.group(0)
            linked.append(term.key)
            title = html.escape(term.summary(), quote=True)
            return f'<a class="te-gloss" href="{glossary_url}#{term.key}" title="{title}">{match.group(0)}</a>'

        return self.regex.sub(replace, text)


# --------------------------------------------------------------------------------------------
# Run-the-notebook links
# --------------------------------------------------------------------------------------------


def colab_url(repo: str, branch: str, notebook_path: str) -> str:
    """Google Colab's address for a notebook in a public GitHub repository."""
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{notebook_path}"


def _notebook_for_lesson(number: str, files) -> object | None:
    for file in files:
        uri = file.src_uri
        if uri.startswith(f"notebooks/{number}_") and uri.endswith(".ipynb") and "/" not in uri[len("notebooks/") :]:
            return file
    return None


def _download_uri(nb_file) -> str:
    dest = str(getattr(nb_file, "dest_path", nb_file.dest_uri)).replace("\\", "/")
    return posixpath.join(posixpath.dirname(dest), posixpath.basename(nb_file.src_uri))


def run_section_markdown(
    *, notebook_link: str, download_href: str, name: str, repo: str, branch: str, lang: str = "en"
) -> str:
    """The section appended to a lesson page that has a notebook."""
    zh = lang == "zh"
    lines = [
        "",
        "## 自己运行笔记本 {#run-the-notebook}" if zh else "## Run the notebook {#run-the-notebook}",
        "",
        f"这个网站上的[本课笔记本]({notebook_link})是已经运行好的，不装 Python 也能读。"
        "想拖动滑块、试试自己的输入，就得自己运行它："
        if zh
        else f"This site shows the [lesson's notebook]({notebook_link}) already run, so you can read it "
        "without Python. To move its sliders and try your own inputs, run it yourself:",
        "",
        f'- **下载：** <a href="{download_href}" download>{name}</a>，然后在课程的环境里用 '
        "JupyterLab、VS Code 或任何 Jupyter 工具打开。"
        if zh
        else f'- **Download it:** <a href="{download_href}" download>{name}</a>, then open it in '
        "JupyterLab, VS Code or any Jupyter tool in the course's environment.",
    ]
    if repo:
        url = colab_url(repo, branch, f"lessons/{name}")
        lines.append(
            f'- **在 Google Colab 里打开：** <a href="{url}">Colab 里的 {name}</a>。Colab 需要课程的库：'
            f"先在第一个单元格里运行 `!pip install git+https://github.com/{repo}`。"
            if zh
            else f'- **Open it in Google Colab:** <a href="{url}">{name} in Colab</a>. Colab needs the '
            f"course library: run `!pip install git+https://github.com/{repo}` in a first cell."
        )
    else:
        lines.append(
            "- **Google Colab：** 暂时没有链接。课程还没有公开的代码仓库地址，而 Colab 要从仓库打开笔记本。"
            if zh
            else "- **Google Colab:** no link yet. The course has no public repository address, and "
            "Colab opens notebooks from one."
        )
    lines += [
        "- **在你自己的电脑上**，在课程文件夹里。`make install` 只需运行一次，装好 `.venv`；之后什么都不用联网："
        if zh
        else "- **On your computer**, in the course folder. `make install` sets up `.venv` once; after "
        "that nothing needs the network:",
        "",
        "```bash",
        "make install",
        f".venv/bin/jupyter lab lessons/{name}",
        "```",
        "",
        "如果找不到 `jupyter lab`，就给环境装一次 JupyterLab：`.venv/bin/python -m pip install jupyterlab`。"
        if zh
        else "If `jupyter lab` is not found, add JupyterLab to the environment once: "
        "`.venv/bin/python -m pip install jupyterlab`.",
        "",
    ]
    return "\n".join(lines)


def run_box_html(
    *, download_href: str, name: str, repo: str, branch: str, lesson_href: str | None, lang: str = "en"
) -> str:
    """The note at the top of a notebook page."""
    zh = lang == "zh"
    parts = [f'<a href="{download_href}" download>{"下载" if zh else "download"} {html.escape(name)}</a>']
    if repo:
        colab = "在 Google Colab 里打开" if zh else "open it in Google Colab"
        parts.append(f'<a href="{colab_url(repo, branch, "lessons/" + name)}">{colab}</a>')
    if zh:
        lesson = f'（做法见<a href="{lesson_href}">课程页面</a>的末尾）' if lesson_href else ""
        return (
            '<div class="admonition note te-run-box">'
            '<p class="admonition-title">静态副本，已经运行过</p>'
            "<p>下面的控件显示的是初始值，输出是笔记本运行时记下的。"
            f"想改动它们，就自己运行笔记本：{'，或'.join(parts)}，或者在你的电脑上运行{lesson}。</p></div>\n"
        )
    lesson = f' (instructions at the end of <a href="{lesson_href}">the lesson page</a>)' if lesson_href else ""
    return (
        '<div class="admonition note te-run-box">'
        '<p class="admonition-title">A static copy, already run</p>'
        "<p>The controls below show their starting values and the outputs the notebook recorded. "
        f"To change them, run the notebook yourself: {', or '.join(parts)}, "
        f"or run it on your computer{lesson}.</p></div>\n"
    )


# --------------------------------------------------------------------------------------------
# Offline notebook pages
# --------------------------------------------------------------------------------------------

_WIDGET_LOADER = re.compile(r"<script>\s*\(function\(\) \{\s*function addWidgetsRenderer\(\).*?</script>\s*", re.S)
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.S)
_MERMAID_LOADER = re.compile(
    r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
    r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?</script>\s*',
    re.S,
)
_WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">\s*(.*?)\s*</script>\s*', re.S)
_WIDGET_VIEW = re.compile(
    r"(?:<script type=\"text/javascript\">\s*var element = document\.getElementById\('[^']*'\);\s*</script>\s*)?"
    r'<script type="application/vnd\.jupyter\.widget-view\+json">\s*(.*?)\s*</script>',
    re.S,
)
_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)
_STRAY_STYLE = re.compile(r"<style>\s*\['.*?'\]\s*</style>", re.S)  # mkdocs-jupyter prints a Python list
_IMG = re.compile(r"<img\b[^>]*>")
_CELL_ID = re.compile(r'id="cell-id=([^"]+)"')
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PRINTED = re.compile(r'class="jp-RenderedText jp-OutputArea-output"[^>]*>\s*<pre>(.*?)</pre>', re.S)
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
BIG_CSS = 20_000  # inline <style> blocks larger than this move to a shared stylesheet


def _cell_alts(notebook_path: str) -> dict[str, list[str]]:
    try:
        nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    alts = {}
    for cell in nb.get("cells", []):
        alt = cell.get("metadata", {}).get("alt")
        if cell.get("id") and alt:
            alts[cell["id"]] = [alt] if isinstance(alt, str) else [str(a) for a in alt]
    return alts


class _AltText:
    """Hands out the alt text of each image in a notebook page, cell by cell."""

    def __init__(self, page_html: str, alts: dict[str, list[str]], fallback: str = FALLBACK_ALT):
        self.fallback = fallback
        self.cells = [(m.start(), m.group(1)) for m in _CELL_ID.finditer(page_html)]
        self.alts = alts
        self.used: dict[str, int] = {}

    def at(self, position: int) -> str:
        cell = None
        for start, cell_id in self.cells:
            if start > position:
                break
            cell = cell_id
        texts = self.alts.get(cell or "", [])
        if not texts:
            return self.fallback
        n = self.used.get(cell, 0)
        self.used[cell] = n + 1
        return texts[min(n, len(texts) - 1)]


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return " – ".join(_fmt(v) for v in value)
    return str(value)


def _render_output(output: dict, alt: _AltText, position: int) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = _ANSI.sub("", "".join(output.get("text", "")))
        return f'<div class="jp-RenderedText jp-OutputArea-output"><pre>{html.escape(text)}</pre></div>'
    if kind == "error":
        text = _ANSI.sub("", "\n".join(output.get("traceback", [])))
        return f'<div class="jp-RenderedText jp-OutputArea-output"><pre>{html.escape(text)}</pre></div>'
    data = output.get("data", {})

    def joined(key):
        value = data[key]
        return "".join(value) if isinstance(value, list) else value

    if "text/html" in data:
        return f'<div class="jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output">{joined("text/html")}</div>'
    if "image/svg+xml" in data:
        return f'<div class="jp-RenderedSVG jp-OutputArea-output">{joined("image/svg+xml")}</div>'
    for mime in _IMAGE_MIMES:
        if mime in data:
            src = f"data:{mime};base64,{joined(mime).strip()}"
            return (
                f'<div class="jp-RenderedImage jp-OutputArea-output">'
                f'<img src="{src}" alt="{html.escape(alt.at(position), quote=True)}"></div>'
            )
    if "text/markdown" in data:
        return (
            f'<div class="jp-RenderedText jp-OutputArea-output"><pre>{html.escape(joined("text/markdown"))}</pre></div>'
        )
    if "text/plain" in data:
        return f'<div class="jp-RenderedText jp-OutputArea-output"><pre>{html.escape(joined("text/plain"))}</pre></div>'
    return ""


def _shown_elsewhere(output: dict, page_html: str, printed: str) -> bool:
    """True when the page's own outputs already show this widget output. A lesson notebook
    prints or draws a first result outside its widget too, for readers where widgets do not
    run; the static page should not show it twice. Images are compared by their data, printed
    text with the text of the page's other outputs."""
    data = output.get("data", {})
    for mime in _IMAGE_MIMES:
        if mime in data:
            value = data[mime]
            return ("".join(value) if isinstance(value, list) else str(value)).strip() in page_html
    if output.get("output_type") == "stream":
        text = _ANSI.sub("", "".join(output.get("text", ""))).strip()
        return bool(text) and text in printed
    return False


def _render_widget(model_id: str, state: dict, alt: _AltText, position: int, controls: list, outputs: list) -> None:
    model = state.get(model_id)
    if model is None:
        return
    name = model.get("model_name", "")
    values = model.get("state", {})
    children = values.get("children")
    if isinstance(children, list):
        for child in children:
            _render_widget(str(child).removeprefix("IPY_MODEL_"), state, alt, position, controls, outputs)
        return
    if name == "OutputModel":
        outputs.extend(values.get("outputs", []))
        return
    if name in ("HTMLModel", "HTMLMathModel"):
        outputs.append({"output_type": "display_data", "data": {"text/html": str(values.get("value", ""))}})
        return
    if name == "LabelModel":
        outputs.append({"output_type": "stream", "text": str(values.get("value", ""))})
        return
    label = values.get("description") or name.removesuffix("Model")
    if "_options_labels" in values and "index" in values:
        options, index = values["_options_labels"], values["index"]
        if isinstance(index, list):
            shown = ", ".join(str(options[i]) for i in index if 0 <= i < len(options)) or "none"
        elif isinstance(index, int) and 0 <= index < len(options):
            shown = str(options[index])
        else:
            shown = "none"
    elif "value" in values:
        shown = _fmt(values["value"])
    else:
        return  # a button, a layout, a style: nothing to show
    controls.append((str(label), shown))


WIDGET_NOTES = {
    "en": (
        "Interactive controls (they move when you run the notebook), shown with their starting values:",
        "An interactive control: run the notebook to use it.",
    ),
    "zh": ("交互控件（自己运行笔记本时才能拖动），这里显示的是初始值：", "一个交互控件：运行笔记本才能用。"),
}


def offline_notebook_html(page_html: str, notebook_path: str, lang: str = "en") -> str:
    """Remove outside loaders from a notebook page and draw its widgets as static HTML, with
    their notes in ``lang`` ("en" or "zh")."""
    fallback_alt = FALLBACK_ALT_ZH if lang == "zh" else FALLBACK_ALT
    controls_note, control_note = WIDGET_NOTES["zh" if lang == "zh" else "en"]
    page_html = _WIDGET_LOADER.sub("", page_html)
    page_html = _MATHJAX.sub("", page_html)
    page_html = _MERMAID_LOADER.sub("", page_html)
    page_html = _STRAY_STYLE.sub("", page_html)
    state: dict = {}
    match = _WIDGET_STATE.search(page_html)
    if match:
        try:
            state = json.loads(match.group(1)).get("state", {})
        except ValueError:
            state = {}
        page_html = page_html[: match.start()] + page_html[match.end() :]
    alt = _AltText(page_html, _cell_alts(notebook_path), fallback_alt)
    printed = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) for m in _PRINTED.finditer(page_html))

    def widget(view: re.Match) -> str:
        try:
            model_id = json.loads(view.group(1))["model_id"]
        except (ValueError, KeyError, TypeError):
            return ""
        controls: list[tuple[str, str]] = []
        recorded: list[dict] = []
        _render_widget(model_id, state, alt, view.start(), controls, recorded)
        outputs = [
            _render_output(o, alt, view.start()) for o in recorded if not _shown_elsewhere(o, page_html, printed)
        ]
        parts = ['<div class="te-widget">']
        if controls:
            parts.append(f'<p class="te-widget-note">{controls_note}</p><ul class="te-widget-controls">')
            parts += [
                f"<li><strong>{html.escape(label)}</strong>: {html.escape(value)}</li>" for label, value in controls
            ]
            parts.append("</ul>")
        elif not outputs:
            parts.append(f'<p class="te-widget-note">{control_note}</p>')
        parts += outputs
        parts.append("</div>")
        return "".join(parts)

    page_html = _WIDGET_VIEW.sub(widget, page_html)
    alt.cells = [(m.start(), m.group(1)) for m in _CELL_ID.finditer(page_html)]  # positions moved

    def placeholder(img: re.Match) -> str:
        tag = img.group(0)
        if f'alt="{NBCONVERT_PLACEHOLDER_ALT}"' in tag:
            text = html.escape(alt.at(img.start()), quote=True)
            return tag.replace(f'alt="{NBCONVERT_PLACEHOLDER_ALT}"', f'alt="{text}"')
        if "alt=" not in tag:
            return tag.replace("<img", f'<img alt="{html.escape(alt.at(img.start()), quote=True)}"', 1)
        return tag

    return _IMG.sub(placeholder, page_html)


# --------------------------------------------------------------------------------------------
# MkDocs events
# --------------------------------------------------------------------------------------------

_state: dict = {"css": {}, "terms": [], "linker": None}


def language(config) -> str:
    """The language this build writes: "en", or "zh" while mkdocs-static-i18n builds /zh/."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or "en"


def on_config(config):
    # The kernels that execute the notebooks inherit this process's environment. A shell (or a
    # test run) with MPLBACKEND=Agg would make every plt.show() draw nothing on the site, so the
    # docs build always asks for Jupyter's inline backend, the one a reader's notebook uses.
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    repo = str(config.extra.get("colab_repo") or "").strip()
    if repo and not COLAB_REPO.match(repo):
        raise PluginError(f"extra.colab_repo must look like 'owner/name', not {repo!r}")
    try:
        terms = load_glossary()
    except ValueError as exc:
        raise PluginError(f"docs/hooks/glossary.toml: {exc}") from exc
    _state.update(
        repo=repo,
        branch=str(config.extra.get("colab_branch") or "main"),
        terms=terms,
        linker=GlossaryLinker(terms),
        linker_zh=GlossaryLinker([t.in_chinese() for t in terms], word_boundaries=False),
        css={},
    )
    return config


def _lesson_pages(files) -> dict[int, str]:
    pages = {}
    for file in files:
        match = LESSON_PAGE.match(file.src_uri)
        if match:
            pages[int(match.group(1))] = file.src_uri
    return pages


def on_page_markdown(markdown, page, config, files):
    uri = page.file.src_uri
    if "{{ glossary }}" in markdown:
        here = posixpath.dirname(uri)
        pages = {n: posixpath.relpath(p, here or ".") for n, p in _lesson_pages(files).items()}
        markdown = markdown.replace("{{ glossary }}", glossary_markdown(_state["terms"], pages, language(config)))
    match = LESSON_PAGE.match(uri)
    if match:
        nb_file = _notebook_for_lesson(match.group(1), files)
        if nb_file is not None:
            name = posixpath.basename(nb_file.src_uri)
            markdown = (
                markdown.rstrip()
                + "\n"
                + run_section_markdown(
                    notebook_link=posixpath.relpath(nb_file.src_uri, posixpath.dirname(uri)),
                    download_href=get_relative_url(_download_uri(nb_file), page.url),
                    name=name,
                    repo=_state["repo"],
                    branch=_state["branch"],
                    lang=language(config),
                )
            )
    return markdown


def on_page_content(page_html, page, config, files):
    uri = page.file.src_uri
    if uri.endswith(".ipynb"):
        page_html = offline_notebook_html(page_html, page.file.abs_src_path, language(config))

        def move_css(style: re.Match) -> str:
            css = style.group(1)
            if len(css) < BIG_CSS:
                return style.group(0)
            name = f"assets/notebook-{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
            _state["css"][name] = css
            return f'<link rel="stylesheet" href="{get_relative_url(name, page.url)}">'

        page_html = _STYLE.sub(move_css, page_html)
        name = posixpath.basename(uri)
        number = name[:2]
        lesson = next((p for n, p in _lesson_pages(files).items() if f"{n:02d}" == number), None)
        lesson_href = None
        if lesson:
            lesson_file = files.get_file_from_path(lesson)
            if lesson_file is not None:
                lesson_href = get_relative_url(lesson_file.url, page.url) + "#run-the-notebook"
        box = run_box_html(
            download_href=get_relative_url(_download_uri(page.file), page.url),
            name=name,
            repo=_state["repo"],
            branch=_state["branch"],
            lesson_href=lesson_href,
            lang=language(config),
        )
        page_html = box + page_html
    elif LESSON_PAGE.match(uri) and _state["linker"] is not None:
        zh = language(config) == "zh"
        glossary = files.get_file_from_path("glossary.zh.md" if zh else "glossary.md")
        if glossary is not None:
            linker = _state["linker_zh"] if zh else _state["linker"]
            page_html, _ = linker.link(page_html, get_relative_url(glossary.url, page.url))
    return page_html


# mkdocs-static-i18n lists each page's other-language version as <link rel="alternate"> in the
# head. mkdocs-material reads such a link as the root of a whole other site and asks for
# "<link>/sitemap.xml" on every page load (404, a console error). The header's language switch
# links the same pages, so the head links go.
_ALTERNATE_HEAD_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    return _ALTERNATE_HEAD_LINK.sub("", output)


def on_post_template(output_content, template_name, config):  # 404.html
    return _ALTERNATE_HEAD_LINK.sub("", output_content)


def on_post_build(config):
    site = Path(config.site_dir)
    for name, css in _state["css"].items():
        target = site / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
