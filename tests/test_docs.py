"""The docs site as a product.

Fast checks (no build): every citation has a reference entry and every entry is cited; the
references are complete; the glossary is well formed and links first uses; the hook's
run-the-notebook section and offline notebook rendering behave.

Checks on the built site (`mkdocs build --strict`, offline, notebooks executed; the
``built_site`` fixture in conftest.py): nothing is loaded from outside the site, every image
has alt text, headings are in order, every page stays under its weight budget, each lesson
page offers its notebook, the glossary and the references page are complete.

Checks that need a real browser are in tests/test_browser.py.
"""

from __future__ import annotations

import datetime
import html
import importlib.util
import json
import posixpath
import re
import sys
import urllib.parse
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from token_economics.data import DATA_DIR, references

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOOK = DOCS / "hooks" / "site_extras.py"
GLOSSARY_TOML = DOCS / "hooks" / "glossary.toml"
CITATION = re.compile(r"\[@([A-Za-z0-9_.:-]+)\]")
LIBRARY_REF = re.compile(r"\[ref:([A-Za-z0-9_]+)\]")

# A page, with everything it loads from the site on a first visit (HTML, CSS, JS, images, the
# search index that Material's search worker fetches at once), must stay under this. 2.5 MB
# loads in about 4 s on a 5 Mbit/s classroom connection and is below the median desktop web page
# (HTTP Archive, about 2.6 MB); from a laptop, offline, it is instant. Lesson pages weigh about
# 1.7 MB and notebook pages about 2.3 MB, of which about 1.1 MB is the search index: it holds
# both editions (English and Chinese; the theme has one index per site). The budget leaves room
# for a few more figures, not for a second copy of the notebook stylesheet or for video.
PAGE_BUDGET_BYTES = 2_500_000

# Outside URLs that appear in mkdocs-material's own JavaScript bundle, and why none is fetched.
THEME_JS_URLS = {
    "https://unpkg.com/mermaid@": "Mermaid, fetched only for a page with a Mermaid diagram; "
    "test_no_page_has_a_mermaid_diagram proves there is none",
    "https://unpkg.com/resize-observer-polyfill": "a polyfill, fetched only by browsers without "
    "ResizeObserver (every current browser has it)",
    "https://api.github.com/": "repository facts, fetched only when mkdocs.yml sets repo_url "
    "(test_mkdocs_yml_sets_no_repo_url)",
    "https://${": "GitLab repository facts, fetched only when mkdocs.yml sets repo_url",
}
NAMESPACES = ("http://www.w3.org/",)  # XML namespaces: identifiers, never fetched


def _load_hook():
    spec = importlib.util.spec_from_file_location("te_site_extras_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hook():
    return _load_hook()


# ------------------------------------------------------------------------------------------
# Citations and references (fast: no build)
# ------------------------------------------------------------------------------------------


def _docs_sources() -> list[Path]:
    pages = [p for p in DOCS.rglob("*.md") if "notebooks" not in p.relative_to(DOCS).parts]
    return sorted(pages) + [GLOSSARY_TOML]


def _citations() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _docs_sources():
        for key in CITATION.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_citation_in_the_docs_has_an_entry():
    refs = references()
    unknown = {key: where for key, where in _citations().items() if key not in refs}
    assert not unknown, "citations with no entry in src/token_economics/data/references/*.toml: " + "; ".join(
        f"[@{k}] in {', '.join(sorted(set(w)))}" for k, w in sorted(unknown.items())
    )


def test_notebooks_cite_in_words_not_with_citation_keys():
    """The docs hook turns [@key] into a link on Markdown pages only; in a notebook it would show raw."""
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                keys = CITATION.findall("".join(cell["source"]))
                assert not keys, f"{path.name}: [@{keys[0]}] is not linked in a notebook; name the source in words"


def test_reference_entries_are_complete():
    this_year = datetime.date.today().year
    problems = []
    for key, ref in sorted(references().items()):
        if not re.fullmatch(r"[a-z0-9_]+", key):
            problems.append(f"{key}: keys are lower-case letters, digits and _ ([@key] needs that)")
        for field in ("authors", "title"):
            value = getattr(ref, field)
            if not value.strip() or value != value.strip() or "\n" in value:
                problems.append(f"{key}: {field} is empty or has stray whitespace")
            if "<" in value or ">" in value:
                problems.append(f"{key}: {field} contains < or >, which the references page would read as HTML")
        if not isinstance(ref.year, int) or not 1800 <= ref.year <= this_year + 1:
            problems.append(f"{key}: year {ref.year!r} is not a year")
        url = urllib.parse.urlsplit(ref.url)
        if (
            url.scheme not in ("http", "https")
            or "." not in url.netloc
            or re.search(r"\s", ref.url)
            or ref.url[-1] in ".,;)"
        ):
            problems.append(f"{key}: url {ref.url!r} is not a plain web address")
    by_url: dict[str, list[str]] = {}
    for key, ref in references().items():
        by_url.setdefault(ref.url.rstrip("/"), []).append(key)
    problems += [
        f"one source, several entries: {', '.join(sorted(keys))} ({url}); keep one key"
        for url, keys in sorted(by_url.items())
        if len(keys) > 1
    ]
    assert not problems, "\n".join(problems)


def _library_and_data_texts() -> tuple[str, str, list[str]]:
    """(library source, shipped data, docs + notebooks) texts to search for uses of a reference."""
    package = DATA_DIR.parent
    library = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    data = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in DATA_DIR.rglob("*")
        if p.is_file()
        and "references" not in p.relative_to(DATA_DIR).parts
        and p.suffix in (".csv", ".json", ".toml", ".md", ".txt", ".tsv")
    )
    return library, data, [p.read_text(encoding="utf-8") for p in _docs_sources()]


def test_every_reference_is_cited_somewhere():
    """An entry is used by a page ([@key]), by the library ([ref:key]), by a figure of the
    registry (token_economics.sources) or by a shipped data row (its key in a source column, or
    its URL in a source_url column)."""
    from token_economics.sources import figures

    library, data, docs = _library_and_data_texts()
    cited = set(_citations()) | set(LIBRARY_REF.findall(library)) | {f.ref for f in figures().values()}
    uncited = []
    for key, ref in sorted(references().items()):
        if key in cited:
            continue
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(key)}(?![A-Za-z0-9_])", data) or ref.url in data:
            continue
        uncited.append(key)
    assert not uncited, (
        "references that nothing cites (cite them with [@key] in a page or [ref:key] in the library, "
        "or remove them if they are not used): " + ", ".join(uncited)
    )


# ------------------------------------------------------------------------------------------
# Glossary and the docs hook (fast: no build)
# ------------------------------------------------------------------------------------------

REQUIRED_TERMS = {
    "token",
    "bpe",
    "vocabulary",
    "tokenizer",
    "wordpiece",
    "flop",
    "j-per-token",
    "watt-hour",
    "pue",
    "utilization",
    "batch",
    "roofline",
    "prompt-cache",
    "blended-price",
    "context-window",
    "reasoning-tokens",
    "agent",
    "moe",
    "quantization",
    "tokenization-premium",
    "jevons-paradox",
}


def test_glossary_has_the_course_terms(hook):
    terms = hook.load_glossary()
    keys = [t.key for t in terms]
    assert len(keys) == len(set(keys))
    missing = REQUIRED_TERMS - set(keys)
    assert not missing, f"glossary.toml lacks {sorted(missing)}"
    for term in terms:
        assert len(term.definition) >= 60, f"{term.key}: say a little more"
        assert term.summary().endswith((".", "!", "?")) and "{{" not in term.summary(), term.key


def test_each_glossary_term_links_its_own_name(hook):
    terms = hook.load_glossary()
    linker = hook.GlossaryLinker(terms)
    for term in terms:
        shown = re.sub(r"\s*\(.*?\)|,.*$", "", term.term)  # "PUE (power usage effectiveness)" -> "PUE"
        _, linked = linker.link(f"<p>About {shown} here.</p>", "../glossary/")
        assert linked and linked[0] == term.key, f"{term.key}: its patterns do not match {shown!r} ({linked})"


def test_glossary_links_only_the_first_use_in_running_text(hook):
    linker = hook.GlossaryLinker(hook.load_glossary())
    page = (
        "<h2>Tokens and agents</h2>"
        '<div class="admonition abstract"><p class="admonition-title">Tokens</p></div>'
        "<p>Code <code>count_tokens</code> and a <a href='x'>token link</a>.</p>"
        "<p>A <strong>token</strong> is billed; another token is not linked. Reasoning tokens are output "
        "tokens. The PUE is 1.2 and a kWh is energy; sub-agents and an agent.</p>"
        "<pre><code>agent = tokens</code></pre>"
    )
    out, linked = linker.link(page, "../../glossary/")
    assert linked == ["token", "reasoning-tokens", "input-output-tokens", "pue", "watt-hour", "agent"]
    assert out.count('href="../../glossary/#token"') == 1
    assert "<h2>Tokens and agents</h2>" in out and '<p class="admonition-title">Tokens</p>' in out
    assert "<code>count_tokens</code>" in out and "<pre><code>agent = tokens</code></pre>" in out
    assert "sub-agents" in out and "sub-<a" not in out
    assert '<strong><a class="te-gloss" href="../../glossary/#token"' in out


def test_run_section_omits_colab_until_there_is_a_public_repository(hook):
    text = hook.run_section_markdown(
        notebook_link="../notebooks/01_x.ipynb",
        download_href="../../notebooks/01_x/01_x.ipynb",
        name="01_x.ipynb",
        repo="",
        branch="main",
    )
    assert "colab.research.google.com" not in text and "no public repository" in text
    assert 'href="../../notebooks/01_x/01_x.ipynb" download' in text
    assert ".venv/bin/jupyter lab lessons/01_x.ipynb" in text
    text = hook.run_section_markdown(
        notebook_link="../notebooks/01_x.ipynb",
        download_href="x",
        name="01_x.ipynb",
        repo="someone/course",
        branch="main",
    )
    assert "https://colab.research.google.com/github/someone/course/blob/main/lessons/01_x.ipynb" in text
    assert "pip install git+https://github.com/someone/course" in text


def test_offline_notebook_rendering_draws_widgets_and_drops_outside_loaders(hook, tmp_path):
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {"id": "c1", "cell_type": "code", "metadata": {"alt": "A bar chart"}, "source": "", "outputs": []}
                ]
            }
        ),
        encoding="utf-8",
    )
    state = {
        "state": {
            "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_d", "IPY_MODEL_o"]}},
            "s": {"model_name": "IntSliderModel", "state": {"description": "steps", "value": 50}},
            "d": {
                "model_name": "DropdownModel",
                "state": {"description": "model", "index": 1, "_options_labels": ["a", "b"]},
            },
            "o": {
                "model_name": "OutputModel",
                "state": {
                    "outputs": [
                        {"output_type": "stream", "name": "stdout", "text": "total 42\n"},
                        {
                            "output_type": "display_data",
                            "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
                        },
                    ]
                },
            },
        }
    }
    page = (
        "<script>\n(function() {\n  function addWidgetsRenderer() {\n"
        " var s = 'https://unpkg.com/x'; }\n}());\n</script>\n"
        '<!-- Load mathjax -->\n<script src=""> </script>\n<!-- MathJax configuration -->\n<script>x</script>\n'
        "<!-- End of mathjax configuration -->\n"
        '<div class="jp-Cell" id="cell-id=c1"><div class="jupyter-widgets jp-OutputArea-output">'
        "<script type=\"text/javascript\">\nvar element = document.getElementById('u');\n</script>\n"
        '<script type="application/vnd.jupyter.widget-view+json">\n{"version_major": 2, "model_id": "box"}\n</script>'
        '</div><img alt="No description has been provided for this image" src="data:image/png;base64,AAAA"></div>\n'
        f'<script type="application/vnd.jupyter.widget-state+json">\n{json.dumps(state)}\n</script>\n'
    )
    out = hook.offline_notebook_html(page, str(notebook))
    assert "unpkg" not in out and "mathjax" not in out.lower() and "widget-state" not in out and "<script" not in out
    assert "<strong>steps</strong>: 50" in out and "<strong>model</strong>: b" in out
    assert hook.WIDGET_NOTES["en"][0] in out
    chinese = hook.offline_notebook_html(page, str(notebook), "zh")  # the Chinese notebook page's note
    assert hook.WIDGET_NOTES["zh"][0] in chinese and hook.WIDGET_NOTES["en"][0] not in chinese
    assert "<pre>total 42\n</pre>" in out
    assert out.count('alt="A bar chart"') == 2 and hook.NBCONVERT_PLACEHOLDER_ALT not in out

    # The notebook also printed and drew the same first result outside the widget (for readers
    # where widgets do not run): the static page shows it once, with the widget's controls.
    page = page.replace('src="data:image/png;base64,AAAA"', 'src="data:image/png;base64,iVBORw0KGgo="').replace(
        '</div>\n<script type="application/vnd.jupyter.widget-state',
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"><pre>total 42\n</pre></div>'
        '</div>\n<script type="application/vnd.jupyter.widget-state',
    )
    assert page.count("total 42") == 2 and page.count("iVBORw0KGgo=") == 2  # widget state + cell outputs
    out = hook.offline_notebook_html(page, str(notebook))
    assert out.count("total 42") == 1 and out.count("iVBORw0KGgo=") == 1
    assert "<strong>steps</strong>: 50" in out


# ------------------------------------------------------------------------------------------
# The built site
# ------------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a built page loads, its images, its headings and its inline scripts and styles."""

    LOADS = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "source": ("src", "srcset"),
        "iframe": ("src",),
        "frame": ("src",),
        "embed": ("src",),
        "video": ("src", "poster"),
        "audio": ("src",),
        "track": ("src",),
        "object": ("data",),
        "input": ("src",),
    }
    LINK_RELS = {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
        "mask-icon",
        "preconnect",
        "dns-prefetch",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (tag, url)
        self.images: list[dict] = []
        self.headings: list[tuple[int, str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.mermaid = False
        self._in: str | None = None
        self._heading: list | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs_d = {k: (v or "") for k, v in attrs}
        for name in self.LOADS.get(tag, ()):
            if attrs_d.get(name):
                urls = (
                    [u.strip().split(" ")[0] for u in attrs_d[name].split(",")] if name == "srcset" else [attrs_d[name]]
                )
                self.loads += [(tag, u) for u in urls if u]
        if tag == "link" and self.LINK_RELS & set(attrs_d.get("rel", "").lower().split()):
            self.loads.append(("link", attrs_d.get("href", "")))
        if "url(" in attrs_d.get("style", ""):
            self.styles.append(attrs_d["style"])
        if tag == "img":
            self.images.append(attrs_d)
        if "mermaid" in attrs_d.get("class", "").split():
            self.mermaid = True
        if (
            tag == "script"
            and not attrs_d.get("src")
            and attrs_d.get("type", "text/javascript") in ("text/javascript", "module", "application/javascript")
        ):
            self._in, self._text = "script", []
        if tag == "style":
            self._in, self._text = "style", []
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), []]

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._in = None
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join("".join(self._heading[1]).split()).rstrip("¶")))
            self._heading = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)
        if self._heading is not None:
            self._heading[1].append(data)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _scan(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def scanned(built_site) -> dict[str, _Page]:
    return {str(p.relative_to(built_site)): _scan(p) for p in _pages(built_site)}


def _is_outside(url: str) -> bool:
    url = url.strip()
    if url.startswith(("data:", "blob:", "about:", "#", "javascript:", "mailto:")):
        return False
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I))


QUOTED_URL = re.compile(r"""["'`](https?://[^"'`\s]+|//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^"'`\s]*)?)""")
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""", re.I)


def test_no_page_loads_anything_from_outside_the_site(built_site, scanned):
    problems = []
    for name, page in scanned.items():
        problems += [f"{name}: <{tag}> loads {url}" for tag, url in page.loads if _is_outside(url)]
        for script in page.scripts:
            problems += [
                f"{name}: an inline script names {u}"
                for u in QUOTED_URL.findall(script)
                if not u.startswith(NAMESPACES)
            ]
        for style in page.styles:
            problems += [f"{name}: an inline style loads {u}" for u in CSS_URL.findall(style)]
    for css in built_site.rglob("*.css"):
        problems += [
            f"{css.relative_to(built_site)} loads {u}" for u in CSS_URL.findall(css.read_text(encoding="utf-8"))
        ]
    for js in list(built_site.rglob("*.js")) + list(built_site.rglob("*.mjs")):
        for url in QUOTED_URL.findall(js.read_text(encoding="utf-8", errors="replace")):
            if not url.startswith(NAMESPACES) and not url.startswith(tuple(THEME_JS_URLS)):
                problems.append(f"{js.relative_to(built_site)} names {url}")
    assert not problems, "the site must work offline:\n" + "\n".join(problems[:40])


def test_no_page_has_a_mermaid_diagram(scanned):
    assert not [name for name, page in scanned.items() if page.mermaid], (
        "a Mermaid diagram makes the theme fetch mermaid.min.js from unpkg.com; draw the figure as an image instead"
    )


def test_mkdocs_yml_sets_no_repo_url():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^repo_url\s*:", config, re.M), (
        "with repo_url set, the theme fetches repository facts from api.github.com on every page"
    )


def test_every_image_has_alt_text(scanned):
    problems = []
    for name, page in scanned.items():
        for img in page.images:
            alt = img.get("alt", "").strip()
            if not alt or alt == "No description has been provided for this image":
                problems.append(f"{name}: <img src={img.get('src', '')[:60]!r}> has no alt text")
    assert not problems, "\n".join(problems)


def test_notebook_figures_have_a_written_description(hook, scanned):
    """A chart in a notebook gets its alt text from its cell's metadata: {"alt": "..."}. Every
    notebook page shows at least one chart (so this cannot pass on a page whose charts vanished)."""
    notebooks = {name: page for name, page in scanned.items() if re.match(r"(zh/)?notebooks/", name)}
    assert any(n.startswith("zh/") for n in notebooks) and any(n.startswith("notebooks/") for n in notebooks)
    chartless = [
        name
        for name, page in notebooks.items()
        if not any(img.get("src", "").startswith("data:image/") for img in page.images)
    ]
    assert not chartless, f"notebook pages with no chart (was the notebook run with MPLBACKEND=Agg?): {chartless}"
    missing = {
        name: sum(1 for img in page.images if img.get("alt") in (hook.FALLBACK_ALT, hook.FALLBACK_ALT_ZH))
        for name, page in notebooks.items()
    }
    missing = {name: n for name, n in missing.items() if n}
    assert not missing, (
        'notebook charts without a written description (add "alt" to the cell\'s metadata): '
        + ", ".join(f"{name.rsplit('/', 2)[-2]}: {n}" for name, n in sorted(missing.items()))
    )


def test_headings_are_in_order(scanned):
    problems = []
    for name, page in scanned.items():
        levels = [level for level, _ in page.headings]
        if not levels:
            problems.append(f"{name}: no heading")
            continue
        if levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{name}: should have exactly one h1, first (has {levels.count(1)}, first h{levels[0]})")
        for (before, _), (level, text) in pairwise(page.headings):
            if level > before + 1:
                problems.append(f"{name}: h{before} is followed by h{level} ({text!r})")
    assert not problems, "\n".join(problems)


def _page_weight(site: Path, page_path: Path, page: _Page) -> tuple[int, list[str]]:
    """Bytes of the page and of every file of the site it loads on a first visit."""
    folder = page_path.relative_to(site).parent.as_posix()
    base = "/" if folder == "." else f"/{folder}/"
    loaded: set[str] = set()
    missing = []
    for _, url in page.loads:
        if _is_outside(url) or url.startswith(("data:", "#")):
            continue
        target = posixpath.normpath(posixpath.join(base, urllib.parse.urlsplit(url).path))
        loaded.add(target)
    config = re.search(
        r'<script id="__config" type="application/json">(.*?)</script>', page_path.read_text(encoding="utf-8"), re.S
    )
    if config:
        worker = json.loads(config.group(1)).get("search")
        if worker:
            loaded.add(posixpath.normpath(posixpath.join(base, worker)))
            loaded.add("/search/search_index.json")
    total = page_path.stat().st_size
    for target in sorted(loaded):
        file = site / target.lstrip("/")
        if file.is_file():
            total += file.stat().st_size
        else:
            missing.append(target)
    return total, missing


def test_every_page_is_under_the_weight_budget(built_site, scanned):
    weights = {}
    missing = []
    for name, page in scanned.items():
        weights[name], gone = _page_weight(built_site, built_site / name, page)
        missing += [f"{name} loads {m}, which is not in the site" for m in gone]
    assert not missing, "\n".join(missing)
    over = {n: w for n, w in weights.items() if w > PAGE_BUDGET_BYTES}
    heaviest = ", ".join(f"{n} {w / 1e6:.2f} MB" for n, w in sorted(weights.items(), key=lambda kv: -kv[1])[:5])
    assert not over, f"pages over the {PAGE_BUDGET_BYTES / 1e6:.1f} MB budget: {over} (heaviest: {heaviest})"


@pytest.mark.slow
def test_site_has_lesson_one_and_its_executed_notebook(built_site):
    page = (built_site / "lessons" / "01-what-is-a-token" / "index.html").read_text(encoding="utf-8")
    assert "{{" not in page and "[@" not in page, "a placeholder or citation was left unfilled"
    assert "l1-language-premium.png" in page
    assert (built_site / "figures" / "l1-language-premium.png").stat().st_size > 10_000
    notebook = (built_site / "notebooks" / "01_what_is_a_token" / "index.html").read_text(encoding="utf-8")
    assert "same as tiktoken: True" in notebook, "the notebook page should show executed outputs"
    assert "same as tiktoken: False" not in notebook, "our BPE should match tiktoken id for id"
    assert list(built_site.glob("notebooks/**/01_what_is_a_token.ipynb")), "the notebook is offered as a download"


def test_every_notebook_page_shows_executed_outputs_without_widget_scripts(built_site):
    pages = sorted([*built_site.glob("notebooks/*/index.html"), *built_site.glob("zh/notebooks/*/index.html")])
    assert len(pages) == len(list((ROOT / "lessons").glob("*.ipynb")))  # each edition's notebooks
    for path in pages:
        text = path.read_text(encoding="utf-8")
        counts = re.findall(r'jp-InputPrompt jp-InputArea-prompt">In(?:&nbsp;|\s|\xa0)\[(\d+)\]:', text)
        assert counts, f"{path.parent.name}: no execution counts, so the notebook was not run"
        assert text.count("jp-OutputArea-output") >= 3, f"{path.parent.name}: too few outputs"
        assert "application/vnd.jupyter.widget" not in text, f"{path.parent.name}: widget scripts left in the page"
        downloads = re.findall(r'<a href="([^"]+\.ipynb)" download>', text)
        assert downloads and (path.parent / html.unescape(downloads[0])).is_file(), f"{path.parent.name}: no download"


def test_every_lesson_page_offers_its_notebook(built_site):
    colab_repo = re.search(r'^\s*colab_repo:\s*"?([^"\n#]*)"?', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    colab_repo = colab_repo.group(1).strip() if colab_repo else ""
    checked = 0
    for notebook in sorted((ROOT / "lessons").glob("0*_*.ipynb")):
        number = notebook.name[:2]
        edition = "zh/" if notebook.name.endswith(".zh.ipynb") else ""  # the Chinese page offers its own
        pages = list(built_site.glob(f"{edition}lessons/{number}-*/index.html"))
        if not pages:
            continue
        page = pages[0].read_text(encoding="utf-8")
        assert 'id="run-the-notebook"' in page, f"lesson {number}: no 'Run the notebook' section"
        hrefs = re.findall(r'<a href="([^"]+\.ipynb)" download>', page)
        assert hrefs, f"lesson {number}: no download link"
        target = (pages[0].parent / html.unescape(hrefs[0])).resolve()
        assert target.is_file() and target.read_bytes() == notebook.read_bytes(), (
            f"lesson {number}: {hrefs[0]} is not the notebook"
        )
        text = re.sub(r"<[^>]+>", "", page)
        assert f"jupyter lab lessons/{notebook.name}" in text, f"lesson {number}: no way to run it locally"
        if colab_repo:
            assert f"colab.research.google.com/github/{colab_repo}/blob/" in page
        else:
            assert "colab.research.google.com" not in page
            assert "no public repository" in text or "没有公开的代码仓库" in text
        checked += 1
    assert checked >= 1


def test_glossary_page_and_first_use_links(built_site, hook):
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for term in hook.load_glossary():
        assert f'id="{term.key}"' in glossary, term.key
    assert "{{" not in glossary and "[@" not in glossary
    lesson1 = (built_site / "lessons" / "01-what-is-a-token" / "index.html").read_text(encoding="utf-8")
    assert lesson1.count('href="../../glossary/#token"') == 1
    for path in built_site.glob("lessons/*/index.html"):
        links = re.findall(
            r'class="te-gloss" href="\.\./\.\./glossary/#([a-z0-9-]+)"', path.read_text(encoding="utf-8")
        )
        assert links and len(links) == len(set(links)), (
            f"{path.parent.name}: each term is linked once, at its first use"
        )


@pytest.mark.slow
def test_references_page_lists_every_source(built_site):
    page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert 'id="petrov2023"' in page and "arxiv.org/abs/2305.15425" in page
    for key, ref in references().items():
        assert f'id="{key}"' in page, key
        assert html.escape(ref.url, quote=True) in page or ref.url in page, key


def test_a_cited_figure_is_one_hop_from_its_number(built_site):
    """Each registry figure a lesson page shows has a footnote right after the number, written
    from the figure (value, source link, name in the code), and a row on the references page."""
    import importlib as _importlib

    from token_economics.site.formatting import Cited
    from token_economics.sources import figures

    refs_page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    for name in figures():
        assert f'id="fig-{name}"' in refs_page, name
    shown: set[str] = set()
    for n in range(1, 6):
        values = _importlib.import_module(f"token_economics.site.lesson{n}").values()
        shown |= {v.figure.name for v in values.values() if isinstance(v, Cited)}
    pages = {p.parent.name: p for p in (built_site / "lessons").glob("0*/index.html")}
    assert len(pages) == 5
    for slug, path in sorted(pages.items()):
        page = path.read_text(encoding="utf-8")
        marks = set(re.findall(r'class="footnote-ref" href="#fn:([A-Z0-9_]+)"', page))
        # Lesson 1's numbers all come from tokenizers and data files, none from a quoted text.
        assert marks or slug.startswith("01-"), f"{slug}: no figure footnote"
        assert marks <= shown, (slug, marks)
        for name in marks:
            fig = figures()[name]
            note = re.search(rf'<li id="fn:{name}">(.*?)</li>', page, re.S)
            assert note, (slug, name)
            assert f"token_economics.sources.{name}" in note.group(1), (slug, name)
            assert f'references/#{fig.ref}"' in note.group(1), (slug, name, fig.ref)
            assert f'references/#fig-{name}"' in note.group(1), (slug, name)


@pytest.mark.slow
def test_no_google_fonts(built_site):
    for path in built_site.rglob("*.html"):
        assert "fonts.googleapis.com" not in path.read_text(encoding="utf-8"), path
