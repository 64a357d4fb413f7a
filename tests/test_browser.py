"""The built docs site in a real browser: headless Chromium, driven by Playwright, on a copy of
the site served from 127.0.0.1.

Every page loads with no console error, no failed request and no request outside the site
(a negative test proves the check catches one); the navigation and the search work; each
lesson page shows its figures; each notebook page shows its executed outputs; the light and
the dark palette both render, with body text and links at WCAG AA contrast (4.5:1) or better.

Needs the Python package `playwright` and a system Chromium (Debian: `apt-get install
chromium`); never `playwright install`. Without them the tests are skipped with the reason,
unless TE_REQUIRE_BROWSER=1, which turns the skip into a failure (for CI).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import Recorder, StaticServer, launch, require_chromium

PAGE_TIMEOUT_MS = 15_000
BUDGET_BYTES = 2_500_000  # the same budget as tests/test_docs.py (its reasons), measured here from the responses
WCAG_AA = 4.5

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def chromium():
    executable = require_chromium("browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site(chromium, built_site):  # chromium first: no build when the browser tests are skipped
    with StaticServer(built_site) as server:
        yield server


@pytest.fixture
def browse(chromium, site):
    """A fresh browser context (empty cache) whose every request is recorded; yields (page, recorder)."""
    contexts = []

    def open_page(origin: str | None = None, **options):
        recorder = Recorder(origin or site.origin)
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        recorder.attach(context)
        contexts.append(context)
        page = context.new_page()
        recorder.watch(page)
        return page, recorder

    yield open_page
    for context in contexts:
        try:
            context.close()
        except Exception:  # noqa: BLE001 - already closed by the test
            pass


def _load(page, url: str) -> None:
    page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
    try:  # late requests: the search worker's index, a widget loader added on DOMContentLoaded
        page.wait_for_load_state("networkidle", timeout=5_000)
    except Exception:  # noqa: BLE001 - a page that never goes idle is judged by what it requested
        pass


def _page_urls(built_site: Path) -> list[str]:
    urls = []
    for path in sorted(built_site.rglob("index.html")):
        folder = path.parent.relative_to(built_site).as_posix()
        urls.append("/" if folder == "." else f"/{folder}/")
    return urls


# ------------------------------------------------------------------------------------------


def test_the_check_catches_outside_requests_failed_requests_and_errors(browse, tmp_path):
    """A page that asks for an outside script and image, a missing local image and logs an
    error must fail the same check that every site page passes."""
    (tmp_path / "bad.html").write_text(
        "<!doctype html><title>bad</title>"
        '<script src="https://cdn.example.invalid/library.js"></script>'
        '<img src="http://192.0.2.1/pixel.png" alt="outside">'
        '<img src="missing.png" alt="missing">'
        "<script>fetch('https://api.example.invalid/data').catch(() => {});"
        "console.error('boom')</script>",
        encoding="utf-8",
    )
    (tmp_path / "good.html").write_text("<!doctype html><title>good</title><p>fine</p>", encoding="utf-8")
    with StaticServer(tmp_path) as server:
        page, recorder = browse(server.origin)
        _load(page, server.origin + "/good.html")
        assert recorder.problems() == []
        _load(page, server.origin + "/bad.html")
    problems = "\n".join(recorder.problems())
    assert "outside request: https://cdn.example.invalid/library.js" in problems
    assert "outside request: http://192.0.2.1/pixel.png" in problems
    assert "outside request: https://api.example.invalid/data" in problems
    assert re.search(r"(failed request|error status): \S+/missing\.png", problems)
    assert "console error:" in problems and "boom" in problems


def test_every_page_loads_cleanly_and_offline(browse, built_site, site):
    urls = _page_urls(built_site)
    assert len(urls) >= 10
    problems, weights = [], {}
    for url in urls:
        page, recorder = browse()  # a fresh context: the page's full first-visit weight
        _load(page, site.origin + url)
        problems += [f"{url}: {p}" for p in recorder.problems()]
        weights[url] = recorder.bytes_loaded
        page.context.close()
    assert not problems, "\n".join(problems)
    # a Chinese page also loads the CJK font the course ships (English pages do not)
    font = (built_site / "assets" / "fonts" / "NotoSansCJKsc-course.woff2").stat().st_size
    budget = {u: BUDGET_BYTES + (font if u.startswith("/zh/") else 0) for u in weights}
    over = {u: w for u, w in weights.items() if w > budget[u]}
    assert not over, f"pages over {BUDGET_BYTES / 1e6} MB (+ the CJK font for a Chinese page): {over}"


def test_navigation_link_opens_the_lesson(browse, site):
    page, recorder = browse()
    _load(page, site.origin + "/")
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="1. What a token is").first.click()
    page.wait_for_url("**/lessons/01-what-is-a-token/")
    assert "What a token is" in page.locator("article h1").inner_text()
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="1. Notebook").first.click()
    page.wait_for_url("**/notebooks/01_what_is_a_token/")
    assert not recorder.problems(), recorder.problems()


def test_search_finds_pages(browse, site):
    page, recorder = browse()
    _load(page, site.origin + "/")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("tokenizer", delay=20)  # typed key by key, as a reader would
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    assert results.count() >= 2
    assert "tokeni" in page.locator(".md-search-result").inner_text().lower()
    assert not recorder.problems(), recorder.problems()


def test_every_lesson_figure_is_visible(browse, built_site, site):
    lessons = [u for u in _page_urls(built_site) if re.match(r"^/(zh/)?lessons/", u)]  # both editions
    assert any(u.startswith("/zh/") for u in lessons)
    assert lessons
    page, recorder = browse()
    broken = []
    for url in lessons:
        _load(page, site.origin + url)
        images = page.eval_on_selector_all(
            "article img",
            "els => els.map(e => ({src: e.getAttribute('src'), ok: e.complete && e.naturalWidth > 0, "
            "width: e.getBoundingClientRect().width, alt: e.alt}))",
        )
        if not images:
            broken.append(f"{url}: no figure")
        broken += [
            f"{url}: {i['src']} (loaded: {i['ok']}, width {i['width']})"
            for i in images
            if not i["ok"] or i["width"] < 50 or not i["alt"]
        ]
    assert not broken, "\n".join(broken)
    assert not recorder.problems(), recorder.problems()


def test_every_notebook_page_shows_its_executed_outputs(browse, built_site, site):
    notebooks = [u for u in _page_urls(built_site) if re.match(r"^/(zh/)?notebooks/", u)]  # both editions
    assert any(u.startswith("/zh/") for u in notebooks)
    assert notebooks
    page, recorder = browse()
    for url in notebooks:
        _load(page, site.origin + url)
        prompts = page.locator(".jp-InputPrompt").all_inner_texts()
        assert any(re.search(r"\[\d+\]", p) for p in prompts), f"{url}: no execution counts"
        outputs = [t for t in page.locator(".jp-OutputArea-output").all_inner_texts() if t.strip()]
        assert len(outputs) >= 2, f"{url}: the executed outputs are missing"
        images = page.eval_on_selector_all(
            ".jp-OutputArea-output img", "els => els.map(e => e.complete && e.naturalWidth > 0)"
        )
        assert all(images), f"{url}: a chart did not load"
        assert page.locator("a[download]").count() >= 1, f"{url}: no download link for the notebook"
    assert not recorder.problems(), recorder.problems()


# ------------------------------------------------------------------------------------------ Chinese


def test_the_language_switch_opens_the_chinese_edition_of_the_same_page(browse, site):
    page, recorder = browse()
    _load(page, site.origin + "/lessons/01-what-is-a-token/")
    assert page.evaluate("document.documentElement.lang") == "en"
    switch = page.locator("a.md-select__link[hreflang='zh']").first
    assert switch.get_attribute("href"), "no link to the Chinese edition in the header"
    page.goto(site.origin + "/lessons/01-what-is-a-token/" + switch.get_attribute("href"))
    page.wait_for_url("**/zh/lessons/01-what-is-a-token/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    assert "Token 是什么" in page.locator("article h1").inner_text()
    back = page.locator("a.md-select__link[hreflang='en']").first.get_attribute("href")
    page.goto(page.url + back)
    page.wait_for_url("**/lessons/01-what-is-a-token/")
    assert "/zh/" not in page.url
    nav = page.locator("nav.md-nav--primary a.md-nav__link", has_text="1. What a token is")
    assert nav.count() >= 1
    assert not recorder.problems(), recorder.problems()


@pytest.mark.parametrize("word", ["词元", "电费", "智能体"])
def test_search_finds_chinese_words_on_the_chinese_pages(browse, site, word):
    page, recorder = browse()
    _load(page, site.origin + "/zh/")
    search = page.locator("input.md-search__input")
    search.click()
    # Chinese is typed through an input method, which commits a whole word at once: the text
    # arrives in one go, then a key is released (the search runs on that)
    search.fill(word)
    search.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    assert any("/zh/" in link for link in links), f"{word}: no Chinese page in the results {links[:5]}"
    assert word in page.locator(".md-search-result").inner_text()
    assert not recorder.problems(), recorder.problems()


FONT_JS = """
async () => {
  await document.fonts.ready;
  const text = document.querySelector('article').innerText;
  const chinese = [...new Set(text.match(/[\u4e00-\u9fff]/g) || [])].join('');
  const faces = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans CJK SC course');
  return {chinese: chinese.length, loaded: faces.some(f => f.status === 'loaded'),
          check: document.fonts.check('16px "Noto Sans CJK SC course"', chinese),
          family: getComputedStyle(document.querySelector('article p')).fontFamily};
}
"""


def test_chinese_pages_draw_their_text_with_the_shipped_cjk_font(browse, built_site, site, tmp_path):
    """No empty boxes: every Chinese page loads the CJK font the course ships (whose glyphs
    cover every character the edition uses: tests/test_zh_parity.py and tests/test_docs.py),
    also on a computer without a Chinese font. A screenshot of each is kept for a human look."""
    urls = [u for u in _page_urls(built_site) if u.startswith("/zh/")]
    assert len(urls) >= 12
    page, recorder = browse()
    problems = []
    for url in urls:
        _load(page, site.origin + url)
        found = page.evaluate(FONT_JS)
        if found["chinese"] < 20:
            problems.append(f"{url}: only {found['chinese']} Chinese characters")
        if not (found["loaded"] and found["check"]):
            problems.append(f"{url}: the CJK font did not load ({found})")
        if "Noto Sans CJK SC course" not in found["family"]:
            problems.append(f"{url}: body text is not set in the CJK font stack ({found['family']})")
        page.screenshot(path=str(tmp_path / (url.strip("/").replace("/", "_") + ".png")))
    assert not problems, "\n".join(problems)
    assert not recorder.problems(), recorder.problems()


CONTRAST_JS = """
(selector) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const el = [...document.querySelectorAll(selector)].find(e => e.textContent.trim() && e.getClientRects().length);
  if (!el) return null;
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const [a, b] = [lum(fg), lum(bg)];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), fg: getComputedStyle(el).color,
          bg: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')', bgLum: b};
}
"""
# (what, CSS selector, minimum ratio): 4.5:1 for text, 3:1 for large text (WCAG 2.x AA).
LESSON_TARGETS = [
    ("body text", "article.md-typeset > p", WCAG_AA),
    ("link", "article.md-typeset p a:not(.headerlink)", WCAG_AA),
    ("glossary link", "article.md-typeset a.te-gloss", WCAG_AA),
    ("table text", "article.md-typeset table td", WCAG_AA),
    ("page title", "article.md-typeset h1", 3.0),
    ("navigation link", "nav.md-nav--primary .md-nav__link", WCAG_AA),
]
NOTEBOOK_TARGETS = [
    ("notebook text", ".jp-RenderedMarkdown p", WCAG_AA),
    ("printed output", ".jp-OutputArea-output pre", WCAG_AA),
    ("widget note", ".te-widget-note", WCAG_AA),
    ("run-it note", ".te-run-box p:not(.admonition-title)", WCAG_AA),
    ("page title", "article.md-typeset h1", 3.0),
]


def _contrast(page, targets) -> list[str]:
    """The targets below their minimum on this page, in the current palette."""
    low = []
    for name, selector, minimum in targets:
        found = page.evaluate(CONTRAST_JS, selector)
        if found is None:
            low.append(f"{name}: nothing matches {selector}")
        elif found["ratio"] < minimum:
            low.append(f"{name}: {found['ratio']:.2f}:1 < {minimum}:1 ({found['fg']} on {found['bg']})")
    return low


def _background_luminance(page) -> float:
    return page.evaluate(CONTRAST_JS, "article.md-typeset h1")["bgLum"]


@pytest.mark.parametrize(
    "url, targets",
    [
        ("/lessons/02-why-tokens-use-electricity/", LESSON_TARGETS),
        ("/notebooks/03_why_agents_burn_tokens/", NOTEBOOK_TARGETS),
    ],
    ids=["lesson", "notebook"],
)
def test_light_and_dark_palettes_render_with_readable_contrast(browse, site, url, targets):
    page, recorder = browse(color_scheme="light")
    _load(page, site.origin + url)
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    assert scheme() == "default"
    light_bg, light = _background_luminance(page), _contrast(page, targets)
    toggle = page.locator("label.md-header__button[for^='__palette_']:visible")  # the one shown
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark_bg, dark = _background_luminance(page), _contrast(page, targets)
    assert light_bg > 0.8 and dark_bg < 0.1, (light_bg, dark_bg)
    images = page.eval_on_selector_all("article img", "els => els.map(e => e.naturalWidth > 0)")
    assert images and all(images), "figures must show in the dark palette too"
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    low = [f"light {m}" for m in light] + [f"dark {m}" for m in dark]
    assert not low, "below WCAG AA:\n" + "\n".join(low)
    assert not recorder.problems(), recorder.problems()
