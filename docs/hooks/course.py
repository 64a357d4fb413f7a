"""MkDocs hook: fill the course's numbers, figures and citations in at build time.

* ``{{ l1.key }}`` in a page → ``token_economics.site.lesson1.values()["key"]``;
* ``token_economics.site.lessonN.figures()`` → ``figures/lN-<name>.png``;
* ``[@key]`` → a link to the entry on the references page;
* ``{{ bibliography }}`` → the references page, from ``data/references/*.toml``.

An unknown placeholder or citation key fails the build, so the site never shows a number or
a source that the library cannot back.
"""

from __future__ import annotations

import importlib
import io
import posixpath
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

PLACEHOLDER = re.compile(r"\{\{\s*(l[1-5])\.([A-Za-z0-9_]+)\s*\}\}")
CITATION = re.compile(r"\[@([a-z0-9_]+)\]")
LESSONS = ("lesson1", "lesson2", "lesson3", "lesson4", "lesson5")

_values: dict[str, dict[str, str]] = {}


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
    for lesson in LESSONS:
        module = _site_module(lesson)
        if module is None:
            continue
        _values[f"l{lesson[-1]}"] = {k: str(v) for k, v in module.values().items()}
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


def on_page_markdown(markdown, page, config, files):
    from token_economics.data import references

    def fill(match):
        lesson, key = match.group(1), match.group(2)
        if lesson not in _values:
            raise PluginError(
                f"{page.file.src_uri}: no token_economics.site.lesson{lesson[1]} for {{{{ {lesson}.{key} }}}}"
            )
        if key not in _values[lesson]:
            raise PluginError(f"{page.file.src_uri}: unknown value {{{{ {lesson}.{key} }}}}")
        return _values[lesson][key]

    markdown = PLACEHOLDER.sub(fill, markdown)
    refs = references()
    to_refs = posixpath.relpath("references.md", posixpath.dirname(page.file.src_uri) or ".")

    def cite(match):
        key = match.group(1)
        if key not in refs:
            raise PluginError(f"{page.file.src_uri}: citation [@{key}] has no entry in data/references/*.toml")
        return f"[{refs[key].short()}]({to_refs}#{key})"

    markdown = CITATION.sub(cite, markdown)
    if "{{ bibliography }}" in markdown:
        markdown = markdown.replace("{{ bibliography }}", _bibliography())
    return markdown
