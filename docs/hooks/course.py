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
* ``{{ bibliography }}`` → the references page, from ``data/references/*.toml``.

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
from mkdocs.structure.files import File

from token_economics.site.formatting import Cited

PLACEHOLDER = re.compile(r"\{\{\s*(l[1-5])\.([A-Za-z0-9_]+)\s*\}\}")
CITATION = re.compile(r"\[@([a-z0-9_]+)\]")
LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5")
# A notebook code cell as mkdocs-jupyter writes it: a box that scrolls sideways when a line is long.
CODE_CELL = re.compile(r'<div class="(highlight-ipynb(?: [^"]*)?)">')

_values: dict[str, dict[str, str]] = {}
_figures: dict[str, dict[str, str]] = {}  # lesson → page key → registry figure's name


def _site_module(lesson: str):
    try:
        return importlib.import_module(f"token_economics.site.{lesson}")
    except ModuleNotFoundError as exc:
        if exc.name == f"token_economics.site.{lesson}":
            return None
        raise


def on_files(files, config):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _values.clear()
    _figures.clear()
    for lesson in LESSONS:
        module = _site_module(lesson)
        if module is None:
            continue
        values = module.values()
        _values[f"l{lesson[-1]}"] = {k: str(v) for k, v in values.items()}
        _figures[f"l{lesson[-1]}"] = {k: v.figure.name for k, v in values.items() if isinstance(v, Cited)}
        for name, fig in module.figures().items():
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=110, facecolor="white")
            plt.close(fig)
            files.append(File.generated(config, f"figures/l{lesson[-1]}-{name}.png", content=buffer.getvalue()))
    return files


def _bibliography() -> str:
    from token_economics.data import references

    entries = sorted(references().values(), key=lambda r: (r.authors.lower(), r.year))
    lines = []
    for ref in entries:
        extra = f" {ref.publisher}." if ref.publisher else ""
        note = f" <br><small>{ref.note}</small>" if ref.note else ""
        lines.append(
            f'<p id="{ref.key}" class="te-ref">{ref.authors} ({ref.year}). '
            f'<em>{ref.title}</em>.{extra} <a href="{ref.url}">{ref.url}</a>{note}</p>'
        )
    return "\n".join(lines)


def _figures_table() -> str:
    from token_economics.data import references
    from token_economics.sources import figures

    refs = references()
    lines = [
        "| Figure | Value | Unit | Holds for | What it is | Source |",
        "|---|---|---|---|---|---|",
    ]
    for fig in figures().values():
        value = _value_text(fig.value)
        kind = " (the course's assumption)" if fig.kind == "assumption" else ""
        lines.append(
            f'| <span id="fig-{fig.name}"></span>`{fig.name}` | {value} | '
            f"{fig.unit} | {fig.as_of} | {fig.what}{kind} | [{refs[fig.ref].short()}](#{fig.ref}) |"
        )
    return "\n".join(lines)


def _corrections_table() -> str:
    from token_economics import market
    from token_economics.data import references

    refs = references()
    lines = [
        "| Model | From | Until | Correction | Why | Source |",
        "|---|---|---|---|---|---|",
    ]
    for c in market.price_corrections():
        if c.status == "retired":
            what = "no model of its own: the lookup raises an error"
        else:
            read = "" if c.usd_per_million_cache_read is None else f", cached input ${c.usd_per_million_cache_read:g}"
            what = f"input ${c.usd_per_million_input:g}, output ${c.usd_per_million_output:g}{read} per million tokens"
        lines.append(
            f"| `{c.provider}:{c.model}` | {c.valid_from} | {c.valid_until or 'open'} | {what} | {c.note} "
            f"| [{refs[c.ref].short()}](#{c.ref}) |"
        )
    return "\n".join(lines)


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
        kind = " An assumption of the course, inside the range its source gives." if fig.kind == "assumption" else ""
        lines.append(
            f"[^{name}]: {_value_text(fig.value)} — {fig.unit}, holds for {fig.as_of}. {fig.what}{kind} "
            f"Source: [{ref.short()}]({to_refs}#{fig.ref}). "
            f"In the code: [`token_economics.sources.{name}`]({to_refs}#fig-{name})."
        )
    return "\n".join(lines)


def _value_text(value: float) -> str:
    """1,275 and 100,000,000,000 with thousands separators; 0.0806 and 1.2 as written."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def on_page_markdown(markdown, page, config, files):
    from token_economics.data import references

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
    return markdown


def on_page_content(html, page, config, files):
    """Notebook code cells scroll sideways on a narrow screen: each becomes a named region that
    the keyboard can reach and scroll (tabindex="0", WCAG 2.1.1; tests/test_accessibility.py)."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    count = itertools.count(1)
    return CODE_CELL.sub(
        lambda m: f'<div class="{m.group(1)}" tabindex="0" role="region" aria-label="Code cell {next(count)}">', html
    )
