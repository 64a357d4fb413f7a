"""The built Chinese edition (/zh/): every page is there, in Chinese, with the same numbers.

Checks on the built files (tests/test_browser.py walks the same site in Chromium): each English
page has its Chinese page with ``lang="zh"`` and a language switch; the values read the Chinese
way; the charts are the Chinese ones; the shipped CJK font has every character the pages show;
the search index holds the Chinese pages, cut into words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from token_economics.site import zh

pytestmark = pytest.mark.slow

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("zh/"))


def test_every_english_page_has_its_chinese_page(built_site):
    english = _pages(built_site)
    assert len(english) >= 17
    for page in english:
        rel = page.relative_to(built_site)
        chinese = built_site / "zh" / rel
        assert chinese.exists(), f"no Chinese page for {rel}"
        html = chinese.read_text(encoding="utf-8")
        assert '<html lang="zh"' in html, rel
        assert len(CHINESE.findall(html)) > 100, f"zh/{rel} is not in Chinese"
        assert 'hreflang="en"' in html and 'hreflang="zh"' in html, f"zh/{rel}: no language switch"
        assert "{{" not in re.sub(r"<(code|pre)[^>]*>.*?</\1>", "", html, flags=re.S), (
            f"zh/{rel}: a placeholder is left"
        )


def test_chinese_pages_show_the_same_values_read_the_chinese_way(built_site):
    from token_economics.site import lesson4

    values = lesson4.values()
    html = (built_site / "zh/lessons/04-why-tokens-get-cheaper/index.html").read_text(encoding="utf-8")
    english = (built_site / "lessons/04-why-tokens-get-cheaper/index.html").read_text(encoding="utf-8")
    assert zh.localize(values["prices_as_of"]) in html and values["prices_as_of"] in english
    assert values["prices_as_of"] not in html  # "3 November 2026, 12:00 UTC" is not shown as such
    assert zh.localize(values["google_first"]).endswith("万亿") and zh.localize(values["google_first"]) in html
    assert str(values["wf_total"]) in html  # a number without words is the same in both editions


def test_chinese_charts_are_drawn_in_chinese(built_site):
    english = sorted((built_site / "figures").glob("*.png"))
    assert len(english) >= 15
    for png in english:
        chinese = built_site / "zh" / "figures" / png.name
        assert chinese.exists(), f"no Chinese chart {png.name}"
        assert chinese.read_bytes() != png.read_bytes(), f"{png.name}: the Chinese chart is the English one"


def test_the_shipped_font_covers_every_chinese_character_on_the_site(built_site):
    from fontTools.ttLib import TTFont

    # the browser's WOFF2 and matplotlib's OpenType file are one subset, written together by
    # scripts/make_cjk_font.py (their sha256 are recorded side by side in data/fonts/README.md)
    served = built_site / "assets" / "fonts" / "NotoSansCJKsc-course.woff2"
    assert served.read_bytes() == zh.cjk_font_path(web=True).read_bytes()
    cmap = TTFont(zh.cjk_font_path()).getBestCmap()
    missing = {}
    for page in sorted((built_site / "zh").rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        lacking = {c for c in CHINESE.findall(text) if ord(c) not in cmap}
        if lacking:
            missing[page.relative_to(built_site).as_posix()] = "".join(sorted(lacking))
    assert not missing, f"run scripts/make_cjk_font.py: {missing}"


def test_the_search_index_holds_the_chinese_pages_cut_into_words(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("zh/")]
    assert len(docs) > 50
    text = " ".join(d["text"] for d in docs)
    assert "\u200b" in text, "jieba did not cut the Chinese text into words"
    words = set(re.split(r"[\s\u200b\-]+", text))
    assert {"词元", "电费", "智能体"} <= words, "the course's own terms are not whole words in the index"
    assert "\u200b" in index["config"]["separator"] or "u200b" in index["config"]["separator"]


def test_the_chinese_notebooks_are_offered_as_downloads_without_outputs(built_site):
    copies = sorted((built_site / "zh" / "notebooks").glob("*/*.zh.ipynb"))
    assert len(copies) == 5
    for copy in copies:
        nb = json.loads(copy.read_text(encoding="utf-8"))
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), copy.name
        page = (copy.parent / "index.html").read_text(encoding="utf-8")
        assert f"download>下载 {copy.name}" in page or f"download>{copy.name}" in page, copy.name


def test_no_page_lists_its_other_edition_in_the_head(built_site):
    """mkdocs-material reads a <link rel="alternate" hreflang> in the head as another site's root
    and asks for "<link>/sitemap.xml" (a 404 on every load); the header's switch links the pages."""
    listed = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if re.search(r'<link rel="alternate" href="[^"]*" hreflang=', p.read_text(encoding="utf-8"))
    ]
    assert not listed, listed
