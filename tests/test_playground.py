"""The tokenizer playground of the Lesson 1 page (docs/assets/playground/playground.js), in
headless Chromium with every outside request blocked, against the Python library.

* The vendored JavaScript tokenizer (docs/assets/vendor/) is the one its README.txt records:
  each file's sha256, nothing more, nothing less, an MIT licence.
* Parity: for every text of a corpus of over 200 (English, Chinese, Hindi, Japanese, Korean,
  Arabic, emoji, code, long runs of spaces, tabs and new lines, numbers, special-token text,
  mixtures), the page's tokenizer gives the ids and pieces of ``token_economics.tokens``
  (tiktoken) for ``o200k_base`` and ``cl100k_base``; and for a sample typed into the box, the
  counts, characters, bytes and prices the page shows are the library's.
* The fast tests run on a small page that holds the lesson's playground markup with the lesson's
  data (no site build); the slow ones on the built site: the playground loads only on the Lesson 1
  page and only when reached, stays within its weight budget, works with the keyboard and at a
  phone's width (390 px), and has no console error, failed request or outside request.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

import pytest

from browser_support import BrowserThread, StaticServer, open_page, require_chromium

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LESSON = DOCS / "lessons" / "01-what-is-a-token.md"
VENDOR = DOCS / "assets" / "vendor"
LESSON_URL = "/lessons/01-what-is-a-token/"
TOKENIZERS = ("o200k_base", "cl100k_base")
TIMEOUT_MS = 20_000

#: What a page may load before the reader reaches the playground: every page's budget
#: (tests/test_browser.py, tests/test_docs.py, which say why). The Lesson 1 page weighs about 1.7 MB.
FIRST_LOAD_BUDGET_BYTES = 2_500_000
#: What the playground may add once it runs: its code and gpt-tokenizer's two rank tables,
#: 3.65 MB today (o200k_base 2.4 MB, cl100k_base 1.2 MB), loaded only when the reader reaches it.
#: That is about 6 s on a 5 Mbit/s classroom connection, once, and instant from a laptop.
PLAYGROUND_EXTRA_BYTES = 3_800_000
#: The playground page's budget, with everything it loads once the playground has run: 6.3 MB
#: (about 5.3 MB today).
PLAYGROUND_BUDGET_BYTES = FIRST_LOAD_BUDGET_BYTES + PLAYGROUND_EXTRA_BYTES
PHONE = {"width": 390, "height": 844}


# --- the corpus -----------------------------------------------------------------------------------

_FRAGMENTS = {
    "english": [
        "Token is the new currency of the AI era.",
        "The quick brown fox jumps over the lazy dog.",
        "I'm sure they'll say it's fine; we've seen it, haven't we? You'd think so.",
        "HELLO WORLD! THE PRICE IS RIGHT'S AND DON'T",
        "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "Providers bill per token, not per word: read the price list carefully.",
        "e.g. i.e. etc. Mr. Smith's U.S.A.-based co-op",
    ],
    "chinese": [
        "Token是AI时代的新货币。",
        "词元是一小段文本。语言模型读取和生成的都是词元。",
        "我们在2024年花了¥1,234.56元。",
    ],
    "hindi": ["टोकन पाठ का एक छोटा टुकड़ा होता है।", "भाषा मॉडल टोकन पढ़ते और लिखते हैं।", "नमस्ते, दुनिया! क्षत्रिय ज्ञान"],
    "japanese": [
        "トークンとは、テキストの小さな断片です。",
        "東京都渋谷区で会議を行います。",
        "ｶﾀｶﾅ と ひらがな と 漢字",
    ],
    "korean": ["토큰은 텍스트의 작은 조각입니다.", "안녕하세요 세계"],
    "arabic": ["الرمز هو قطعة صغيرة من النص.", "مرحبا بالعالم ١٢٣"],
    "russian": ["Токен — это небольшой фрагмент текста.", "Съешь же ещё этих мягких французских булок"],
    "other": ["Ελληνικά κείμενα", "ภาษาไทยไม่มีช่องว่าง", "Tiếng Việt có dấu", "Ünïcödé çàfé naïve résumé", "ſ's K Å ﬁ ﬂ"],
    "emoji": ["😀", "👍🏽👍🏿", "👨‍👩‍👧‍👦 family", "🇫🇷🇯🇵🏳️‍🌈", "I ❤️ tokens 🎉🚀✨", "🤖💬🧠⚡️"],
    "code": [
        "def count(text):\n    return len(enc.encode(text))\n",
        "for (let i = 0; i < n; i++) { sum += a[i] * b[i]; }",
        '{"model": "gpt-4o", "tokens": 1234, "ok": true}',
        '<div class="x"><span>hi</span></div>',
        "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name;",
        'fn main() {\n\tprintln!("{}", 42);\n}',
        "x = [i**2 for i in range(10) if i % 2 == 0]  # squares",
        "$ pip install token-economics && make test",
    ],
    "numbers": [
        "1234567890",
        "3.14159265358979",
        "-42 +7 1e10 0x1F 0b1010",
        "1,000,000 tokens at $2.50 per million",
        "2026-11-03T12:00:00Z",
        "12345678901234567890123",
        "٣٤٥ ௧௨௩ 四五六",
    ],
    "special": [
        "<|endoftext|>",
        "before <|endoftext|> after",
        "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>",
        "<|im_start|>",
    ],
}
_WHITESPACE = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "   \n", " \t ", "\u00a0", "\u3000", "\u200b"]


def corpus() -> list[str]:
    """Over 200 varied texts, the same on every run."""
    rng = random.Random(20261103)
    texts: list[str] = []
    for group in _FRAGMENTS.values():
        texts += group
    texts += ["", " ", "\n", "a", "A", "'", "''s", "  hello", "hello  ", "hello\n", "\n\nhello"]
    # long runs of whitespace, alone and around words
    for n in (2, 3, 7, 16, 33, 100, 257):
        texts += [" " * n, "\t" * (n // 2 + 1), "\n" * (n // 3 + 1), f"a{' ' * n}b", f"word{' ' * n}\n{' ' * n}end"]
    texts += ["x" * 3000, "ab" * 700, "🙂" * 200, "的" * 300, " " * 1000 + "z", "0" * 100]
    # numbers of every length, with and without separators
    texts += [str(rng.randrange(10**n)) for n in range(1, 25)]
    texts += [f"{rng.uniform(-1e6, 1e6):,.{rng.randrange(0, 6)}f}" for _ in range(8)]
    # mixtures: fragments of different kinds joined by varied whitespace
    pool = [f for group in _FRAGMENTS.values() for f in group]
    while len(set(texts)) < 240:
        parts = rng.sample(pool, rng.randrange(2, 5))
        text = ""
        for part in parts:
            text += part + rng.choice(_WHITESPACE)
        if text not in texts:
            texts.append(text)
    texts = list(dict.fromkeys(texts))  # each text once, in order
    assert len(texts) >= 200
    return texts


def typed_sample() -> list[str]:
    """Texts to type into the box: one of each kind, and some mixtures."""
    texts = corpus()
    sample = [group[0] for group in _FRAGMENTS.values()] + [group[-1] for group in _FRAGMENTS.values()]
    sample += ["", " " * 40 + "x", "x" * 3000, "word\n\n\n    indented\ttab"] + texts[-6:]
    return sample


def test_the_corpus_covers_the_scripts_and_cases():
    texts = corpus()
    assert len(texts) >= 200
    joined = "".join(texts)
    for pattern in (r"[\u4e00-\u9fff]", r"[\u0900-\u097f]", r"[\u3040-\u30ff]", r"[\uac00-\ud7af]", r"[\u0600-\u06ff]"):
        assert re.search(pattern, joined), pattern
    assert re.search(r"[\U0001F300-\U0001FAFF]", joined) and "\u200d" in joined  # emoji, with ZWJ sequences
    assert (
        any(" " * 100 in t for t in texts) and any("\t\t\t" in t for t in texts) and any("\n\n\n" in t for t in texts)
    )
    assert any("def " in t for t in texts) and any(re.fullmatch(r"\d{20,}", t) for t in texts)


# --- the vendored tokenizer -----------------------------------------------------------------------


def _vendored_table() -> dict[str, str]:
    """{path under docs/assets/vendor: sha256} from README.txt's table of files."""
    text = (VENDOR / "README.txt").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| [\d,]+ \| ([0-9a-f]{64}) \|$", text, re.M)
    return dict(rows)


def test_the_vendored_tokenizer_is_what_its_readme_records():
    table = _vendored_table()
    assert len(table) >= 20, "README.txt lists the vendored files with their sha256"
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"README.txt"}
    assert present == set(table), f"not listed: {sorted(present - set(table))}; missing: {sorted(set(table) - present)}"
    changed = [path for path, sha in table.items() if hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() != sha]
    assert not changed, f"vendored files whose sha256 differs from README.txt: {changed}"
    readme = (VENDOR / "README.txt").read_text(encoding="utf-8")
    folder = re.search(r'data-vendor="\.\./\.\./assets/vendor/([^/"]+)/esm/"', LESSON.read_text(encoding="utf-8"))
    assert folder, "the Lesson 1 page names the vendored tokenizer's folder in data-vendor"
    package, version = folder.group(1).rsplit("-", 1)
    assert f"| package | {package} |" in readme and f"| version | {version} |" in readme
    licence = (VENDOR / folder.group(1) / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License"), "the vendored tokenizer must stay MIT-licensed"
    assert '"license": "MIT"' in (VENDOR / folder.group(1) / "package.json").read_text(encoding="utf-8")


def test_only_the_lesson_one_page_loads_the_playground():
    pages = sorted(p for p in DOCS.rglob("*.md") if "assets/playground" in p.read_text(encoding="utf-8"))
    assert pages == [LESSON, LESSON.with_name(LESSON.stem + ".zh.md")]  # and its Chinese edition


# --- the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def in_browser():
    """``in_browser(body, *args)`` runs ``body(browser, *args)`` with this module's own headless
    Chromium, in a thread of its own: Playwright's sync API allows one instance per thread, and
    tests/test_browser.py keeps its own open on the main thread for the whole session."""
    with BrowserThread(require_chromium("the playground tests")) as thread:
        yield thread.run


def _open(browser, origin: str, viewport: dict | None = None):
    return open_page(
        browser, origin, TIMEOUT_MS, viewport=viewport or {"width": 1280, "height": 900}, color_scheme="light"
    )


def _playground_snippet() -> str:
    """The playground's markup from the lesson page, its placeholders filled as the build fills them."""
    from token_economics.site import lesson1

    text = LESSON.read_text(encoding="utf-8")
    start = text.index('<div id="te-playground"')
    end = text.index("</script>", text.index('<script type="module"')) + len("</script>")
    snippet = text[start:end]
    assert re.findall(r"\{\{\s*l1\.(\w+)\s*\}\}", snippet) == ["playground_data"]
    return re.sub(r"\{\{\s*l1\.playground_data\s*\}\}", lambda m: lesson1.playground_json(), snippet)


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """A small page with the lesson's playground markup and data, at the lesson's URL, with the
    site's assets: the playground without a site build."""
    folder = tmp_path_factory.mktemp("playground")
    (folder / "assets").symlink_to(DOCS / "assets", target_is_directory=True)
    page = folder / LESSON_URL.strip("/")
    page.mkdir(parents=True)
    (page / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Playground</title></head>'
        f"<body><main><h1>Playground</h1>{_playground_snippet()}</main></body></html>",
        encoding="utf-8",
    )
    with StaticServer(folder) as server:
        yield server


def _ready(page) -> None:
    """Bring the playground into view and wait for its tokenizers."""
    page.locator("#te-playground").scroll_into_view_if_needed()
    page.wait_for_selector("#te-playground[data-ready='true']", timeout=TIMEOUT_MS)


def _python_pieces(texts: list[str]) -> dict[str, list[list[tuple[int, str]]]]:
    from token_economics.tokens import token_pieces

    return {name: [token_pieces(text, name) for text in texts] for name in TOKENIZERS}


def _check_parity(page, texts: list[str]) -> None:
    """Ids and pieces of every text, both tokenizers, the page's tokenizer against the library's."""
    shown = page.evaluate(
        "([texts, names]) => names.map(n => texts.map(t => window.tePlayground.pieces(n, t)))",
        [texts, list(TOKENIZERS)],
    )
    expected = _python_pieces(texts)
    problems = []
    for name, got in zip(TOKENIZERS, shown, strict=True):
        for text, js, py in zip(texts, got, expected[name], strict=True):
            js = [(i, p) for i, p in js]
            if [i for i, _ in js] != [i for i, _ in py]:
                problems.append(f"{name} ids differ for {text[:40]!r}: {len(js)} vs {len(py)} tokens")
            elif js != py:
                problems.append(f"{name} pieces differ for {text[:40]!r}")
    assert not problems, f"{len(problems)} of {2 * len(texts)} differ:\n" + "\n".join(problems[:20])


def _shown(page) -> dict:
    return page.evaluate(
        """() => {
            const root = document.getElementById('te-playground');
            const q = (s) => [...root.querySelectorAll(s)];
            return {
                text: document.getElementById('te-pg-text').value,
                summary: document.getElementById('te-pg-summary').textContent,
                characters: Number(document.getElementById('te-pg-summary').dataset.characters),
                bytes: Number(document.getElementById('te-pg-summary').dataset.bytes),
                counts: Object.fromEntries(q('.te-pg-count').map(e => [e.dataset.tokenizer, e.textContent])),
                strips: Object.fromEntries(q('.te-pg-tokens').map(e => [e.dataset.tokenizer,
                    [...e.querySelectorAll('.te-token')].map(s => Number(s.dataset.id))])),
                titles: q('.te-pg-tokens .te-token').slice(0, 5).map(s => s.title),
                tokens: Object.fromEntries(q('.te-pg-model-tokens').map(e => [e.dataset.model, e.textContent])),
                usd: Object.fromEntries(q('.te-pg-usd').map(e => [e.dataset.model, [e.textContent, e.dataset.usd]])),
                rates: q('.te-pg-rate').map(e => e.textContent),
                caption: root.querySelector('caption').textContent,
            };
        }"""
    )


def _check_shown(page, texts: list[str]) -> None:
    """Type each text into the box; what the page shows is the library's answer for that text."""
    from token_economics import market
    from token_economics.site import lesson1
    from token_economics.site.formatting import moment, usd_adaptive
    from token_economics.tokens import cost_usd, count_tokens, get_tokenizer

    models = lesson1.playground_models()
    box = page.get_by_label("Your text")
    for text in texts:
        box.fill(text)
        page.evaluate("window.tePlayground.update()")
        shown = _shown(page)
        value = shown["text"]  # a text box turns \r\n into \n: compare with what it holds
        assert value == text.replace("\r\n", "\n").replace("\r", "\n")
        assert shown["characters"] == len(value) and shown["bytes"] == len(value.encode("utf-8"))
        assert shown["summary"] == f"{len(value):,} characters, {len(value.encode('utf-8')):,} bytes in UTF-8"
        counts = {name: count_tokens(value, name) for name in TOKENIZERS}
        for name in TOKENIZERS:
            assert shown["counts"][name] == f"{counts[name]:,} {'token' if counts[name] == 1 else 'tokens'}"
            assert shown["strips"][name] == get_tokenizer(name).encode(value)[:2000], name
        for model in models:
            n = counts[model["tokenizer"]]
            usd = cost_usd(n, model["usd_per_million_input"])
            assert shown["tokens"][model["model"]] == f"{n:,}"
            text_shown, number_shown = shown["usd"][model["model"]]
            assert (text_shown, float(number_shown)) == (lesson1.playground_usd(usd), usd), (model["model"], value[:40])
    assert shown["rates"] == [usd_adaptive(m["usd_per_million_input"]) for m in models]
    assert moment(market.PRICES_AS_OF) in shown["caption"] and market.data_version() in shown["caption"]


@pytest.mark.slow  # about 15 s: the quick tier stays quick. While editing the widget, run it alone:
# .venv/bin/python -m pytest tests/test_playground.py -k without_a_site_build  (no site build)
def test_parity_with_the_library_without_a_site_build(in_browser, harness):
    in_browser(_parity_with_the_library_without_a_site_build, harness)


def _parity_with_the_library_without_a_site_build(browser, harness):
    page, recorder = _open(browser, harness.origin)
    page.goto(harness.origin + LESSON_URL, wait_until="load")
    _ready(page)
    _check_parity(page, corpus())
    _check_shown(page, typed_sample())
    assert not recorder.problems(), recorder.problems()
    page.context.close()


def test_playground_prices_come_from_the_page_data():
    from token_economics import market
    from token_economics.site import lesson1

    models = lesson1.playground_models()
    assert len(models) >= 3 and {m["tokenizer"] for m in models} == set(TOKENIZERS)
    for m in models:
        assert m["usd_per_million_input"] == market.current_price(m["model"], m["provider"]).usd_per_million_input
    script = (DOCS / "assets" / "playground" / "playground.js").read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", script, flags=re.S)
    typed = sorted(
        {m["model"] for m in models if m["model"] in code} | {m["label"] for m in models if m["label"] in code}
    )
    assert not typed, f"model names typed into playground.js instead of read from the page data: {typed}"
    prices = {str(m["usd_per_million_input"]).removesuffix(".0") for m in models}
    assert not [p for p in prices if re.search(rf"(?<![\w.]){re.escape(p)}(?![\w.])", code)], "prices typed into JS"
    assert lesson1.playground_usd(0) == "$0"
    assert lesson1.playground_usd(3.0) == "$3.00"
    assert lesson1.playground_usd(0.125) == "$0.125"
    assert lesson1.playground_usd(0.0000125) == "$0.0000125"


# --- on the built site (slow: it needs the site built with its notebooks) -----------------------


@pytest.fixture(scope="module")
def site(in_browser, built_site):  # the browser first: no build when the browser tests are skipped
    with StaticServer(built_site) as server:
        yield server


def test_the_built_page_loads_the_playground_lazily_offline_and_within_budget(in_browser, site, built_site):
    in_browser(_the_built_page_loads_the_playground_lazily_offline_and_within_budget, site, built_site)


def _the_built_page_loads_the_playground_lazily_offline_and_within_budget(browser, site, built_site):
    others = [
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if "assets/playground/" in p.read_text(encoding="utf-8") and "01-what-is-a-token" not in p.as_posix()
    ]
    assert not others, f"pages other than Lesson 1 load the playground: {others}"
    page, recorder = _open(browser, site.origin)
    page.goto(site.origin + LESSON_URL, wait_until="load")
    page.wait_for_load_state("networkidle")
    first = recorder.bytes_loaded
    assert not [u for u in recorder.requests if "/assets/vendor/" in u], "the rank tables load before they are needed"
    assert first <= FIRST_LOAD_BUDGET_BYTES, f"{first:,} bytes before the playground is used"
    _ready(page)
    page.wait_for_load_state("networkidle")
    used = recorder.bytes_loaded
    assert used - first <= PLAYGROUND_EXTRA_BYTES, f"the playground adds {used - first:,} bytes"
    assert [u for u in recorder.requests if u.endswith("/bpeRanks/o200k_base.js")]
    assert used <= PLAYGROUND_BUDGET_BYTES, (
        f"the playground page weighs {used:,} bytes, over {PLAYGROUND_BUDGET_BYTES:,}"
    )
    _check_parity(page, corpus())
    _check_shown(page, typed_sample()[:12])
    assert not recorder.problems(), recorder.problems()
    page.context.close()


def test_the_playground_works_with_the_keyboard(in_browser, site):
    in_browser(_the_playground_works_with_the_keyboard, site)


def _the_playground_works_with_the_keyboard(browser, site):
    page, recorder = _open(browser, site.origin)
    page.goto(site.origin + LESSON_URL, wait_until="load")
    box = page.get_by_label("Your text")
    box.focus()  # focusing the box loads the tokenizers too
    page.wait_for_selector("#te-playground[data-ready='true']")
    page.keyboard.press("Control+a")
    page.keyboard.type("Hello world")
    page.wait_for_function("document.querySelector('.te-pg-count').dataset.tokens === '2'")
    page.keyboard.press("Tab")  # to the first example
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "English"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the second example, by keyboard
    assert "。" in box.input_value()
    for _ in range(10):  # on to the "show ids" box
        if page.evaluate("document.activeElement.id") == "te-pg-ids":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_selector(".te-pg-tokens .te-pg-id")
    assert page.get_by_role("checkbox", name="Show each token's id").is_checked()
    # every control has a name a screen reader reads
    for role, name in (("textbox", "Your text"), ("button", "Code"), ("group", "Example texts")):
        assert page.get_by_role(role, name=name).count() == 1, (role, name)
    page.keyboard.press("Tab")  # the token strips and the price table scroll: the keyboard reaches them
    assert page.evaluate("document.activeElement.classList.contains('te-pg-tokens')")
    assert not recorder.problems(), recorder.problems()
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_the_playground(in_browser, site, scheme):
    """axe-core (WCAG 2 A and AA) on the running playground, ids shown, in both palettes. The rest
    of the page is audited with every other page (tests/test_accessibility.py)."""

    pytest.importorskip("axe_playwright_python", reason="the audit needs axe-playwright-python")
    in_browser(_axe_finds_nothing_in_the_playground, site, scheme)


def _axe_finds_nothing_in_the_playground(browser, site, scheme):
    import browser_support

    page, recorder = open_page(browser, site.origin, TIMEOUT_MS, color_scheme=scheme)
    context = page.context
    page.goto(site.origin + LESSON_URL, wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme == "dark" else "default"
    )
    _ready(page)
    page.get_by_label("Show each token's id").check()
    page.wait_for_selector(".te-pg-tokens .te-pg-id")
    violations = browser_support.axe_violations(page, context="#te-playground")
    assert not violations, "\n".join(str(v) for v in violations)
    assert not recorder.problems(), recorder.problems()
    context.close()


def test_the_playground_fits_a_phone(in_browser, site):
    in_browser(_the_playground_fits_a_phone, site)


def _the_playground_fits_a_phone(browser, site):
    page, recorder = _open(browser, site.origin, viewport=PHONE)
    page.goto(site.origin + LESSON_URL, wait_until="load")
    _ready(page)
    box = page.get_by_label("Your text")
    box.fill("Token是AI时代的新货币。" * 20 + "x" * 400 + "\n" + " " * 60 + "end")
    page.evaluate("window.tePlayground.update()")
    widths = page.evaluate(
        """() => ({
            page: document.documentElement.scrollWidth,
            boxes: [...document.querySelectorAll('#te-playground, #te-playground textarea, .te-pg-column')]
                .map(e => e.getBoundingClientRect().right),
            table: document.querySelector('.te-pg-prices').getBoundingClientRect().width,
            scroller: document.querySelector('.te-pg-scroll').clientWidth,
        })"""
    )
    assert widths["page"] <= PHONE["width"], f"the page scrolls sideways at 390 px: {widths}"
    assert max(widths["boxes"]) <= PHONE["width"], widths
    assert widths["table"] <= widths["scroller"] + 1, f"the price table does not fit 390 px: {widths}"
    columns = page.evaluate("[...document.querySelectorAll('.te-pg-column')].map(e => e.getBoundingClientRect().top)")
    assert columns[1] > columns[0], "at a phone's width the two tokenizers stack"
    assert not recorder.problems(), recorder.problems()
    page.context.close()


def test_the_readme_shows_the_playground():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"!\[[^\]]{40,}\]\((docs/assets/screenshots/playground\.png)\)", readme)
    assert shots, "README.md shows the playground's screenshot, with a description"
    assert (ROOT / shots[0]).stat().st_size > 20_000
