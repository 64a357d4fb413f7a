"""Every page of the built site audited by axe-core, a tool nobody here wrote (issue 16).

axe-core (bundled by the Python package axe-playwright-python and evaluated in the page:
nothing is fetched) runs the WCAG 2.0 and 2.1 level A and AA rules on every HTML page of the
build (home, lessons, notebooks, exercises, instructors, API, glossary, references, 404) in
the light and in the dark palette, with no request outside the site. A failure lists each
violation: page, rule, impact and the CSS selectors of the elements that fail it. A negative
test first proves that the checker reports known violations.

The site is the session's build (``built_site``, tests/conftest.py), served by
``browser_support.StaticServer`` in headless Chromium as in tests/test_browser.py, with its
requirements: without Playwright, axe-playwright-python or a system Chromium the tests are
skipped with the reason, unless TE_REQUIRE_BROWSER=1 (CI), which turns a skip into a failure.
The browser runs on a thread of its own (``browser_support.BrowserThread``): Playwright's sync
API allows one instance per thread, and tests/test_browser.py's stays open in the main one.
Widget tests can call ``browser_support.axe_violations(page)`` on their own pages.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from browser_support import BrowserThread, StaticServer, axe_violations, open_page, require_chromium
from test_browser import _load

pytestmark = pytest.mark.slow

PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → mkdocs-material's scheme


@pytest.fixture(scope="module")
def browser_thread():
    executable = require_chromium("accessibility tests", ("playwright.sync_api", "axe_playwright_python"))
    with BrowserThread(executable) as thread:
        yield thread


@pytest.fixture(scope="module")
def served_site(browser_thread, built_site):  # the browser first: no build when these tests are skipped
    with StaticServer(built_site) as server:
        yield server


def _all_pages(built_site: Path) -> list[str]:
    """The URL of every .html file of the build: each page's index.html, and 404.html."""
    urls = []
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        if rel == "index.html":
            urls.append("/")
        elif rel.endswith("/index.html"):
            urls.append("/" + rel[: -len("index.html")])
        else:
            urls.append("/" + rel)
    return urls


def _report(violations) -> str:
    nodes = Counter()
    for v in violations:
        nodes[f"{v.rule} ({v.impact})"] += len(v.targets)
    summary = ", ".join(f"{rule}: {n}" for rule, n in nodes.most_common())
    pages = len({v.page for v in violations})
    return f"{sum(nodes.values())} failing nodes on {pages} pages ({summary})\n" + "\n".join(map(str, violations))


BAD_PAGE = (
    '<!doctype html><html lang="en"><head><title>bad</title></head><body><main>'
    '<p style="color:#bbb;background:#fff">Pale grey text on white.</p>'
    '<p style="color:#222">Some text with <a href="#x" style="color:#1a3fcf;text-decoration:none">a link'
    "</a> told apart by its colour only.</p>"
    '<input type="text">'
    '<pre style="overflow:auto;width:120px">' + "x = 1 + 2  " * 40 + "</pre>"
    "</main></body></html>"
)
GOOD_PAGE = (
    '<!doctype html><html lang="en"><head><title>good</title></head><body><main>'
    '<p>Fine text with <a href="#x">an underlined link</a>.</p></main></body></html>'
)
INJECT_LOW_CONTRAST = """() => {
    const p = document.createElement('p');
    p.id = 'te-injected-low-contrast';
    p.style.color = '#444';  // dark grey on the dark palette's near-black: about 1.9:1
    p.textContent = 'Dark grey text on a dark page.';
    document.querySelector('article').prepend(p);
}"""


# ------------------------------------------------------------------------------------------


def test_the_checker_reports_known_violations(browser_thread, served_site, tmp_path):
    """Low-contrast text, a link told apart by colour alone, an unlabelled input and a
    scrolling box no keyboard can reach are each reported, on a page of our own and (the
    contrast) on a site page with such an element injected; a clean page reports nothing."""
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    (tmp_path / "good.html").write_text(GOOD_PAGE, encoding="utf-8")

    def audit(browser):
        with StaticServer(tmp_path) as server:
            page, recorder = open_page(browser, server.origin)
            _load(page, server.origin + "/good.html")
            good = axe_violations(page)
            _load(page, server.origin + "/bad.html")
            bad = axe_violations(page)
            problems = recorder.problems()
            page.context.close()
        page, recorder = open_page(browser, served_site.origin, color_scheme="dark")
        _load(page, served_site.origin + "/lessons/01-what-is-a-token/")
        clean = axe_violations(page, context="article")
        page.evaluate(INJECT_LOW_CONTRAST)
        injected = axe_violations(page, context="article")
        problems += recorder.problems()
        page.context.close()
        return good, bad, clean, injected, problems

    good, bad, clean, injected, problems = browser_thread.run(audit)
    assert not problems, problems
    assert good == [], good
    found = {v.rule: v for v in bad}
    assert {"color-contrast", "link-in-text-block", "label", "scrollable-region-focusable"} <= set(found), found
    assert found["color-contrast"].impact == "serious" and "bad.html" in found["color-contrast"].page
    assert found["color-contrast"].targets == ("p:nth-child(1)",), found["color-contrast"]
    assert "#te-injected-low-contrast" not in str(clean)
    assert any("#te-injected-low-contrast" in t for v in injected if v.rule == "color-contrast" for t in v.targets), (
        injected
    )


@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_page_passes_wcag_2_a_and_aa(browser_thread, served_site, built_site, palette):
    urls = _all_pages(built_site)
    assert len(urls) >= 15 and "/" in urls and "/api/" in urls and "/404.html" in urls, urls

    def audit(browser):
        page, recorder = open_page(browser, served_site.origin, color_scheme=palette)  # the palette follows it
        found, wrong_scheme = [], []
        for url in urls:
            _load(page, served_site.origin + url)
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            if scheme != PALETTES[palette]:
                wrong_scheme.append(f"{url}: data-md-color-scheme={scheme!r}")
            found += axe_violations(page)
        problems = recorder.problems()
        page.context.close()
        return found, wrong_scheme, problems

    violations, wrong_scheme, problems = browser_thread.run(audit)
    assert not wrong_scheme, f"not in the {palette} palette:\n" + "\n".join(wrong_scheme)
    assert not problems, problems  # offline: nothing outside the site, no error
    assert not violations, f"axe-core, WCAG 2 A/AA, {palette} palette: " + _report(violations)
