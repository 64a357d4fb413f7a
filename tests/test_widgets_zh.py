"""The lesson calculators and the Lesson 1 playground in Chinese, on the Chinese site.

Every word the widgets show goes through one lookup, ``window.TE_T`` (``TECalc.t`` in the
calculators), defined with its table of Chinese words in docs/assets/widgets/strings-zh.js and
keyed by the English text. The lookup answers in Chinese on a page whose ``<html lang>`` starts
with "zh" and in English elsewhere.

* Without a browser: every English text passed to ``t("…")`` in the widgets has its Chinese entry,
  every entry is used (by the code, or by the pages' data: Lesson 2's country names, the
  playground's example labels), an entry keeps its English's {placeholders}, types no number of
  its own and leaves no English word behind.
* In headless Chromium (skipped like tests/test_widgets_calculators.py without playwright or
  Chromium, unless TE_REQUIRE_BROWSER=1): small pages with the calculator markup of the English
  and the Chinese lesson pages and the data the build puts in them (no site build), served with
  the site's assets. On the Chinese pages the calculators show Chinese labels, messages and
  results, with the same numbers as on the English pages; the playground shows Chinese words and
  the library's counts and prices. On the built site's /zh/ pages (the session's build, or
  ``TE_CALC_SITE=/path/to/built/site``) the calculators load and speak Chinese.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from browser_support import BrowserThread, StaticServer, open_page, require_chromium

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
WIDGETS = DOCS / "assets" / "widgets"
STRINGS = WIDGETS / "strings-zh.js"
PLAYGROUND = DOCS / "assets" / "playground" / "playground.js"
#: The files whose words go through the lookup.
CODE = sorted(p for p in WIDGETS.glob("*.js") if p != STRINGS) + [PLAYGROUND]
TIMEOUT_MS = 20_000

#: calculator → (lesson page, its placeholder of the calculator's data, the module that writes it)
CALCULATORS = {
    "query-energy": ("02-why-tokens-use-electricity", "l2.calc_query_energy", "lesson2"),
    "agent-bill": ("03-why-agents-burn-tokens", "l3.calc_agent_bill", "lesson3"),
    "price-decline": ("04-why-tokens-get-cheaper", "l4.calc_price_decline", "lesson4"),
    "production-cost": ("05-token-as-currency", "l5.calc_production_cost", "lesson5"),
}
PLAYGROUND_PAGE = "01-what-is-a-token"

#: Latin words that may stay on a Chinese page: units and names (more come from the pages' data).
NAMES = frozenset({"GPU", "FLOPs", "TFLOP", "kWh", "PUE", "ISO", "UTC", "UTF", "genai", "prices", "BPE"})

_STRING = r'"((?:[^"\\\n]|\\.)*)"'
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z]{3,}")
#: Half-width punctuation touching a Chinese character: Chinese takes ，；：？！（）.
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!(][\u4e00-\u9fff]")


# --- the table and the code ---------------------------------------------------------------------


def _table() -> dict[str, str]:
    """strings-zh.js's table, as written (a key written twice fails here: JavaScript keeps the last)."""
    text = STRINGS.read_text(encoding="utf-8")
    body = text[text.index("var ZH = {") : text.index("\n  };", text.index("var ZH = {"))]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    pairs = re.findall(_STRING + r"\s*:\s*" + _STRING + r"\s*,", body)
    keys = [json.loads(f'"{k}"') for k, _ in pairs]
    twice = [k for k, n in Counter(keys).items() if n > 1]
    assert not twice, f"written twice in strings-zh.js: {twice}"
    rest = re.sub(_STRING + r"\s*:\s*" + _STRING + r"\s*,", "", body).replace("var ZH = {", "").strip()
    assert not rest, f"strings-zh.js's table holds something that is not a pair of strings: {rest[:200]!r}"
    return dict(zip(keys, (json.loads(f'"{v}"') for _, v in pairs), strict=True))


def _looked_up() -> dict[str, list[str]]:
    """English text → the files that pass it to t("…")."""
    found: dict[str, list[str]] = {}
    for path in CODE:
        code = path.read_text(encoding="utf-8")
        odd = re.findall(r"\bt\(\s*['`]", code)
        assert not odd, f"{path.name}: t() takes a double-quoted English text, so that this test finds it: {odd}"
        for raw in re.findall(r"\bt\(\s*" + _STRING, code):
            found.setdefault(json.loads(f'"{raw}"'), []).append(path.name)
    return found


def _data_keys() -> set[str]:
    """English words the widgets look up that come from the pages' data, not from the code."""
    from token_economics.site import lesson1, lesson2

    calc = json.loads(lesson2.calculator_data())
    zones = {z["name"] for z in calc["zones"][: calc["zones_named"]]}
    examples = {e["label"] for e in lesson1.playground_data()["examples"]}
    return zones | examples


def _fill(text: str, **values) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def test_every_looked_up_text_has_its_chinese_and_every_entry_is_used():
    table, used, data = _table(), _looked_up(), _data_keys()
    assert len(used) >= 100, f"only {len(used)} texts go through t(): is the scan still finding them?"
    missing = {text: files for text, files in used.items() if text not in table}
    assert not missing, f"texts looked up with no Chinese in strings-zh.js: {missing}"
    assert data <= set(table), f"the pages' data shows words with no Chinese: {sorted(data - set(table))}"
    unused = sorted(set(table) - set(used) - data)
    assert not unused, f"entries of strings-zh.js that nothing looks up: {unused}"


def test_the_code_routes_each_data_text_through_the_lookup():
    """Country names and example labels come from the data: the code must look them up."""
    energy = (WIDGETS / "query-energy.js").read_text(encoding="utf-8")
    playground = PLAYGROUND.read_text(encoding="utf-8")
    assert "t(z.name)" in energy
    assert "t(example.label)" in playground
    assert 'import "../widgets/strings-zh.js";' in playground and "window.TE_T" in playground
    core = (WIDGETS / "calc-core.js").read_text(encoding="utf-8")
    assert "strings-zh.js" in core and "window.TE_T(english, values)" in core
    assert "ZH[" not in core + playground, "one lookup only: the one in strings-zh.js"
    for path in CODE:  # a local variable called t would hide the lookup ("t is not a function")
        code = path.read_text(encoding="utf-8")
        names = re.findall(r"\b(?:var|let|const)\s+t\b|\bfunction\s+t\b|[(,]\s*t\s*[),]\s*(?:=>|\{)", code)
        assert len(names) == 1, f"{path.name}: t is the lookup, declared once; found {names}"


def test_each_entry_keeps_its_placeholders_and_types_no_number_of_its_own():
    problems = []
    for english, chinese in _table().items():
        if chinese == english:
            problems.append(f"{english!r}: the Chinese is the English")
        if Counter(_PLACEHOLDER.findall(chinese)) != Counter(_PLACEHOLDER.findall(english)):
            problems.append(f"{english!r}: placeholders differ in {chinese!r}")
        extra = Counter(_NUMBER.findall(chinese)) - Counter(_NUMBER.findall(english))
        if extra:
            problems.append(f"{english!r}: {chinese!r} types numbers the English does not: {sorted(extra)}")
        left = [w for w in _LATIN.findall(_PLACEHOLDER.sub(" ", chinese)) if w not in NAMES]
        if left:
            problems.append(f"{english!r}: English left in {chinese!r}: {left}")
        if HALF_WIDTH.search(chinese):
            problems.append(f"{chinese!r}: half-width punctuation beside Chinese (use ，；：？！（）)")
        if re.search(r"令牌|标记|token", chinese, re.I):
            problems.append(f"{chinese!r}: a token is 词元 (ZH.md)")
    assert not problems, "\n".join(problems)


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def in_browser():
    """``in_browser(body, *args)`` runs ``body(browser, *args)`` in this module's own headless
    Chromium, on a thread of its own (see tests/browser_support.py's BrowserThread)."""
    with BrowserThread(require_chromium("the Chinese widget tests")) as thread:
        yield thread.run


def _page_source(slug: str, chinese: bool) -> str:
    return (DOCS / "lessons" / f"{slug}{'.zh' if chinese else ''}.md").read_text(encoding="utf-8")


def _calc_snippet(name: str, chinese: bool) -> str:
    """The calculator's markup and scripts from the lesson page, its data filled as the build fills it."""
    import importlib

    slug, placeholder, module = CALCULATORS[name]
    text = _page_source(slug, chinese)
    start = text.index(f'<div class="te-calc" data-te-calc="{name}">')
    end = text.index("</script>", text.index(f"assets/widgets/{name}.js", start)) + len("</script>")
    snippet = text[start:end]
    assert re.findall(r"\{\{\s*(\w+\.\w+)\s*\}\}", snippet) == [placeholder], snippet[:300]
    data = importlib.import_module(f"token_economics.site.{module}").calculator_data()
    return re.sub(r"\{\{[^}]*\}\}", lambda _m: data, snippet)


def _playground_snippet(chinese: bool) -> str:
    from token_economics.site import lesson1

    text = _page_source(PLAYGROUND_PAGE, chinese)
    start = text.index('<div id="te-playground"')
    end = text.index("</script>", text.index('<script type="module"')) + len("</script>")
    snippet = text[start:end]
    assert re.findall(r"\{\{\s*(\w+\.\w+)\s*\}\}", snippet) == ["l1.playground_data"]
    return re.sub(r"\{\{[^}]*\}\}", lambda _m: lesson1.playground_json(), snippet)


def _url(slug: str, chinese: bool) -> str:
    return f"{'/zh' if chinese else ''}/lessons/{slug}/"


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """Small English and Chinese pages (<html lang="en"> / "zh") at the lessons' URLs holding each
    widget's markup from the lesson page with its data, and the site's assets where the pages'
    relative links reach them: the widgets without a site build."""
    folder = tmp_path_factory.mktemp("widgets-zh")
    (folder / "zh").mkdir()
    for where in (folder, folder / "zh"):
        (where / "assets").symlink_to(DOCS / "assets", target_is_directory=True)
    pages = {(PLAYGROUND_PAGE, False): _playground_snippet(False), (PLAYGROUND_PAGE, True): _playground_snippet(True)}
    for name, (slug, _, _) in CALCULATORS.items():
        for chinese in (False, True):
            pages[(slug, chinese)] = _calc_snippet(name, chinese)
    for (slug, chinese), snippet in pages.items():
        page = folder / _url(slug, chinese).strip("/")
        page.mkdir(parents=True)
        (page / "index.html").write_text(
            f'<!doctype html><html lang="{"zh" if chinese else "en"}"><head><meta charset="utf-8">'
            f"<title>{slug}</title></head><body><main><h1>{slug}</h1>{snippet}</main></body></html>",
            encoding="utf-8",
        )
    with StaticServer(folder) as server:
        yield server


def _allowed_names() -> set[str]:
    """Latin words of the pages' data that stay as they are: model, GPU and tokenizer names,
    zone codes."""
    from token_economics.site import lesson1, lesson2, lesson3

    playground = lesson1.playground_data()
    texts = [t[key] for t in playground["tokenizers"] for key in ("name", "models")]
    texts += [m[key] for m in playground["models"] for key in ("label", "model", "tokenizer")]
    energy = json.loads(lesson2.calculator_data())
    texts += [g["name"] for g in energy["gpus"]] + [z["code"] for z in energy["zones"]]
    texts += [m["name"] for m in json.loads(lesson3.calculator_data())["models"]]
    return set(NAMES) | {w for text in texts for w in _LATIN.findall(text)}


#: Every text node under a node, one per line (textContent runs option texts together).
_TEXTS = """function texts(node) {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const out = [];
    while (walker.nextNode()) out.push(walker.currentNode.nodeValue);
    return out;
}"""

_READ = (
    """root => { """
    + _TEXTS
    + """ return {
    state: root.getAttribute('data-te-state'),
    problem: root.querySelector('[data-te-problem]').textContent,
    words: [...texts(root), ...[...root.querySelectorAll('[aria-label], optgroup')]
        .map(e => e.getAttribute('aria-label') || e.getAttribute('label'))].join('\\n'),
    labels: Object.fromEntries([...root.querySelectorAll('label[for]')].map(e => [e.htmlFor, e.textContent])),
    title: root.querySelector('.te-calc-results-title').textContent,
    outputs: Object.fromEntries([...root.querySelectorAll('[data-te-out]')].map(
        e => [e.dataset.teOut, [e.dataset.value, e.textContent, e.closest('div').querySelector('dt').textContent]])),
    messages: Object.fromEntries([...root.querySelectorAll('input[type=text]')].map(
        e => [e.name, [e.getAttribute('aria-invalid'), document.getElementById(e.id + '-msg').textContent]])),
    chart: (root.querySelector('svg[aria-label]') || {getAttribute: () => ''}).getAttribute('aria-label'),
}; }"""
)


def _open_calc(browser, origin: str, name: str, chinese: bool):
    page, recorder = open_page(browser, origin, TIMEOUT_MS)
    page.goto(origin + _url(CALCULATORS[name][0], chinese), wait_until="load")
    calc = page.locator(f'[data-te-calc="{name}"][data-te-ready]')
    calc.wait_for()
    return page, recorder, calc


def _numbers(text: str) -> list[str]:
    return sorted(_NUMBER.findall(text))


def _same_numbers_in_chinese(browser, origin: str, name: str) -> None:
    table, allowed = _table(), _allowed_names()
    shown = {}
    for chinese in (False, True):
        page, recorder, calc = _open_calc(browser, origin, name, chinese)
        for summary in calc.locator("details:not([open]) > summary").all():
            summary.click()
        shown[chinese] = calc.evaluate(_READ)
        assert not recorder.problems(), recorder.problems()
        page.context.close()
    en, zh = shown[False], shown[True]
    assert en["state"] == zh["state"] == "ok", (en["problem"], zh["problem"])
    assert en["outputs"].keys() == zh["outputs"].keys() and en["labels"].keys() == zh["labels"].keys()
    for out, (value, text, label) in en["outputs"].items():
        zh_value, zh_text, zh_label = zh["outputs"][out]
        assert zh_value == value, (name, out, value, zh_value)  # the same number, to the last digit
        assert _numbers(zh_text) == _numbers(text), (name, out, text, zh_text)
        assert zh_label == table[label], (name, out, label, zh_label)
    assert en["chart"] == zh["chart"] == "" or _numbers(en["chart"]) == _numbers(zh["chart"])
    assert zh["title"] == table[en["title"]]
    # The English page reads as before, the Chinese one has no English word left but names.
    assert not re.search(r"[\u4e00-\u9fff]", en["words"]), en["words"][:300]
    left = sorted({w for w in _LATIN.findall(zh["words"]) if w not in allowed})
    assert not left, f"{name}: English left on the Chinese page: {left}"
    changed = [i for i in en["labels"] if en["labels"][i] != zh["labels"][i]]
    assert len(changed) >= len(en["labels"]) - 1, (en["labels"], zh["labels"])  # all but "PUE"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_chinese_calculator_speaks_chinese_and_computes_the_same(in_browser, harness, name):
    in_browser(_same_numbers_in_chinese, harness.origin, name)


def _messages_in_chinese(browser, origin: str) -> None:
    table = _table()
    page, recorder, calc = _open_calc(browser, origin, "query-energy", True)
    labels = calc.evaluate(_READ)["labels"]
    assert labels["te-query-energy-active_params_b"] == _fill(
        table["{label} ({unit})"], label=table["Active parameters"], unit=table["billions"]
    )
    slider = page.locator("#te-query-energy-output_tokens-slider").get_attribute("aria-label")
    assert slider == _fill(table["{label} (slider)"], label=table["Output tokens"])
    field = table["Output tokens"]
    for text, message in (
        ("abc", "Not a number: type digits, such as 0.5, 1,275 or 1e9."),
        ("", "Enter a number."),
        ("0,5", "Use a point for decimals (0.5, not 0,5)."),
        ("1e999", "This number is too large to compute with."),
        ("-1", "Must be zero or more."),
    ):
        page.fill("#te-query-energy-output_tokens", text)
        state = calc.evaluate(_READ)
        assert state["state"] == "error" and state["messages"]["output_tokens"] == ["true", table[message]], state
        assert state["problem"] == _fill(table["Check {fields}: see the message under it."], fields=field)
    page.fill("#te-query-energy-utilization", "2")
    state = calc.evaluate(_READ)
    both = table[", "].join([field, table["Decode utilization"]])
    assert state["problem"] == _fill(table["Check {fields}: see the message under each."], fields=both), state
    page.fill("#te-query-energy-output_tokens", "1,500")
    page.fill("#te-query-energy-utilization", "25%")
    assert calc.evaluate(_READ)["state"] == "ok"
    assert not recorder.problems(), recorder.problems()
    page.context.close()


@pytest.mark.slow
def test_the_chinese_calculator_explains_bad_input_in_chinese(in_browser, harness):
    in_browser(_messages_in_chinese, harness.origin)


def _agent_stop_in_chinese(browser, origin: str) -> None:
    from token_economics.site import lesson3, zh

    table = _table()
    problems = {}
    for chinese in (False, True):
        page, recorder, calc = _open_calc(browser, origin, "agent-bill", chinese)
        page.fill("#te-agent-bill-steps", "600")  # more than the default model's context window holds
        state = calc.evaluate(_READ)
        assert state["state"] == "error", state
        problems[chinese] = state["problem"]
        label = state["labels"]["te-agent-bill-model"]
        assert not recorder.problems(), recorder.problems()
        page.context.close()
    assert "“Keeping the context short”" in problems[False]
    assert "“让上下文保持简短”" in problems[True] and _numbers(problems[True]) == _numbers(problems[False])
    # the prices' date is read the Chinese way, as the Chinese pages read it
    as_of = json.loads(lesson3.calculator_data())["prices_as_of"]
    assert label == _fill(table["Model (list prices as of {date})"], date=zh.localize(as_of)), label


@pytest.mark.slow
def test_the_agent_bill_stops_in_chinese_with_chinese_dates(in_browser, harness):
    in_browser(_agent_stop_in_chinese, harness.origin)


_PLAYGROUND = (
    """() => { """
    + _TEXTS
    + """
    const root = document.getElementById('te-playground');
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.te-pg-tokens, textarea').forEach(e => e.remove());
    return {
        words: [...texts(copy), ...[...root.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))]
            .join('\\n'),
        examples: [...root.querySelectorAll('.te-pg-example')].map(e => e.textContent),
        summary: document.getElementById('te-pg-summary').textContent,
        counts: Object.fromEntries([...root.querySelectorAll('.te-pg-count')]
            .map(e => [e.dataset.tokenizer, e.textContent])),
        usd: Object.fromEntries([...root.querySelectorAll('.te-pg-usd')].map(e => [e.dataset.model, e.dataset.usd])),
        caption: root.querySelector('caption').textContent,
        headers: [...root.querySelectorAll('thead th')].map(e => e.textContent),
    };
}"""
)


def _playground_in_chinese(browser, origin: str) -> None:
    from token_economics.site import lesson1, zh
    from token_economics.tokens import cost_usd, count_tokens

    table, data = _table(), lesson1.playground_data()
    page, recorder = open_page(browser, origin, TIMEOUT_MS)
    page.goto(origin + _url(PLAYGROUND_PAGE, True), wait_until="load")
    box = page.get_by_label(table["Your text"])
    box.focus()  # loads the tokenizers
    page.wait_for_selector("#te-playground[data-ready='true']")
    text = "词元是一小段文本。语言模型读取和生成的都是词元。"
    box.fill(text)
    page.evaluate("window.tePlayground.update()")
    shown = page.evaluate(_PLAYGROUND)
    assert shown["examples"] == [table[e["label"]] for e in data["examples"]]
    assert shown["summary"] == _fill(
        table["{characters} characters, {bytes} bytes in UTF-8"], characters=len(text), bytes=len(text.encode())
    )
    counts = {t["name"]: count_tokens(text, t["name"]) for t in data["tokenizers"]}
    assert shown["counts"] == {name: _fill(table["{n} tokens"], n=n) for name, n in counts.items()}
    for model in data["models"]:
        want = cost_usd(counts[model["tokenizer"]], model["usd_per_million_input"])
        assert float(shown["usd"][model["model"]]) == want, model["model"]
    assert zh.localize(data["prices_as_of"]) in shown["caption"] and data["genai_prices_version"] in shown["caption"]
    headers = ("model and tokenizer", "tokens", "$ per million input tokens", "this text")
    assert shown["headers"] == [table[h] for h in headers]
    assert page.get_by_role("group", name=table["Example texts"]).count() == 1
    assert page.get_by_label(table["Show each token's id"]).count() == 1
    left = sorted({w for w in _LATIN.findall(shown["words"]) if w not in _allowed_names()})
    assert not left, f"English left in the Chinese playground: {left}"
    assert not recorder.problems(), recorder.problems()
    page.context.close()
    # and the English page is as it was
    page, recorder = open_page(browser, origin, TIMEOUT_MS)
    page.goto(origin + _url(PLAYGROUND_PAGE, False), wait_until="load")
    assert page.get_by_label("Your text").count() == 1
    english = page.evaluate(_PLAYGROUND)
    assert english["examples"] == [e["label"] for e in data["examples"]]
    assert not re.search(r"[\u4e00-\u9fff]", english["words"]), english["words"][:300]
    assert not recorder.problems(), recorder.problems()
    page.context.close()


@pytest.mark.slow
def test_the_chinese_playground_speaks_chinese_and_counts_the_same(in_browser, harness):
    in_browser(_playground_in_chinese, harness.origin)


# --- the built site -------------------------------------------------------------


@pytest.fixture(scope="module")
def given_site(request):
    """The built site (the session's, or the one TE_CALC_SITE names, as in
    tests/test_widgets_calculators.py)."""
    given = os.environ.get("TE_CALC_SITE")
    folder = Path(given) if given else request.getfixturevalue("built_site")
    assert (folder / "zh" / "lessons" / CALCULATORS["query-energy"][0] / "index.html").is_file(), "no Chinese edition"
    with StaticServer(folder) as server:
        yield server


def _built_page_in_chinese(browser, origin: str, name: str) -> None:
    table = _table()
    page, recorder = open_page(browser, origin, TIMEOUT_MS)
    page.goto(origin + _url(CALCULATORS[name][0], True), wait_until="load")
    page.wait_for_load_state("networkidle")
    widgets = [p for p in recorder.problems() if "/assets/" in p or p.startswith("page error")]
    assert not widgets, f"the built Chinese page cannot load its widget: {widgets}"
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    calc = page.locator(f'[data-te-calc="{name}"][data-te-ready]')
    calc.wait_for()
    state = calc.evaluate(_READ)
    assert state["state"] == "ok" and state["title"] in table.values(), state["title"]
    assert all(label in table.values() for _, _, label in state["outputs"].values()), state["outputs"]
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_built_chinese_pages_show_chinese_calculators(in_browser, given_site, name):
    in_browser(_built_page_in_chinese, given_site.origin, name)
