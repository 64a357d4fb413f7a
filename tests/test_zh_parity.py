"""The Chinese edition cannot drift from the English one.

* every English page and notebook has its Chinese edition, with the same structure
  (scripts/zh_parity.py: sections, value keys, charts, calculators, citations, links,
  admonitions, code blocks; notebooks: identical code cells) and no number typed by hand;
* the check catches drift: a Chinese page that loses a section, a value, a chart or a
  citation, or types its own number, fails (attacks on a real page pair);
* every registry figure, glossary entry and exercise has its Chinese text;
* the values and the charts read in Chinese: no English word left but the names kept on
  purpose (``keep`` in zh_phrases.toml), dates the Chinese way, 万/亿 beside large counts;
* the CJK font the package ships has every character the Chinese edition uses.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from token_economics.site import zh

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("zh_parity", ROOT / "scripts" / "zh_parity.py")
zh_parity = importlib.util.module_from_spec(spec)
sys.modules["zh_parity"] = zh_parity
spec.loader.exec_module(zh_parity)

PAGES = zh_parity.page_pairs()
NOTEBOOKS = zh_parity.notebook_pairs()
LESSON2 = ROOT / "docs" / "lessons" / "02-why-tokens-use-electricity.md"


def _name(pair) -> str:
    return pair[0].relative_to(ROOT).as_posix()


def test_every_page_and_notebook_is_paired():
    assert len(PAGES) >= 12 and len(NOTEBOOKS) == 5
    missing = [zh_path.relative_to(ROOT).as_posix() for _, zh_path in PAGES + NOTEBOOKS if not zh_path.exists()]
    assert not missing, f"Chinese editions missing: {missing}"
    orphans = [
        p.relative_to(ROOT).as_posix()
        for p in [*ROOT.glob("docs/**/*.zh.md"), *ROOT.glob("lessons/*.zh.ipynb")]
        if p.with_name(p.name.replace(".zh.", ".")) not in {en for en, _ in PAGES + NOTEBOOKS}
    ]
    assert not orphans, f"Chinese files without an English page: {orphans}"


@pytest.mark.parametrize("pair", PAGES, ids=_name)
def test_page_has_the_same_structure_in_both_editions(pair):
    en, zh_path = pair
    problems = zh_parity.compare(en.read_text(encoding="utf-8"), zh_path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("pair", NOTEBOOKS, ids=_name)
def test_notebook_has_identical_code_and_the_same_structure(pair):
    problems = zh_parity.compare_notebooks(*pair)
    assert not problems, "\n".join(problems)
    zh_nb = json.loads(pair[1].read_text(encoding="utf-8"))
    code = [c for c in zh_nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "stored with outputs"
    text = " ".join("".join(c["source"]) for c in zh_nb["cells"] if c["cell_type"] == "markdown")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200, "the markdown cells are not in Chinese"


# ---------------------------------------------------------------- the check can fail


def _lesson2_pair() -> tuple[str, str]:
    return LESSON2.read_text(encoding="utf-8"), LESSON2.with_name(LESSON2.stem + ".zh.md").read_text(encoding="utf-8")


def test_the_check_catches_a_lost_section():
    en, zh_text = _lesson2_pair()
    heading = re.search(r"^## .*\{#every-token-is-arithmetic\}\n", zh_text, re.M).group(0)
    problems = zh_parity.compare(en, zh_text.replace(heading, ""))
    assert any(p.startswith("sections") for p in problems)


def test_the_check_catches_a_section_without_the_english_id():
    en, zh_text = _lesson2_pair()
    problems = zh_parity.compare(en, zh_text.replace("{#every-token-is-arithmetic}", ""))
    assert any(p.startswith("sections") for p in problems)


def test_the_check_catches_a_lost_value_chart_and_citation():
    en, zh_text = _lesson2_pair()
    key = re.search(r"\{\{ l2\.[a-z0-9_]+ \}\}", zh_text).group(0)
    chart = re.search(r"!\[[^\]]*\]\(\.\./figures/l2-[a-z-]+\.png\)", zh_text).group(0)
    citation = re.search(r"\[@[a-z0-9_]+\]", zh_text).group(0)
    for removed, part in ((key, "placeholders"), (chart, "charts"), (citation, "citations")):
        problems = zh_parity.compare(en, zh_text.replace(removed, ""))
        assert any(p.startswith(part) for p in problems), (removed, problems)


def test_the_check_catches_a_typed_number():
    en, zh_text = _lesson2_pair()
    key = re.search(r"\{\{ l2\.epoch_wh \}\}", zh_text).group(0)
    problems = zh_parity.compare(en, zh_text.replace(key, "0.31", 1))
    assert any("0.31" in p and "typed" in p for p in problems)
    problems = zh_parity.compare(en, zh_text + "\n每年大约4270亿次。\n")
    assert any("typed" in p for p in problems)


def test_the_check_catches_a_changed_code_cell(tmp_path):
    en, zh_path = NOTEBOOKS[1]
    nb = json.loads(zh_path.read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["source"] = ["# 改了一行\n"] + list(code["source"])
    changed = tmp_path / zh_path.name
    changed.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    assert any("code cell 1 differs" in p for p in zh_parity.compare_notebooks(en, changed))


# ---------------------------------------------------------------- the Chinese texts exist


def test_every_registry_figure_has_its_chinese_text():
    from token_economics.sources import figures

    table = tomllib.loads(zh.FIGURES_FILE.read_text(encoding="utf-8"))
    assert set(table) == set(figures()), {
        "missing": sorted(set(figures()) - set(table)),
        "extra": sorted(set(table) - set(figures())),
    }
    for name, entry in table.items():
        assert entry.get("what", "").strip() and entry.get("unit", "").strip(), name
        assert re.search(r"[\u4e00-\u9fff]", entry["what"]), f"{name}: 'what' is not Chinese"


def test_every_exercise_has_chinese_instructions():
    from token_economics.grader.hints import exercises

    for ex in exercises():
        assert ex.title_zh and ex.instructions_zh.strip(), ex.id
        assert len(re.findall(r"[\u4e00-\u9fff]", ex.instructions_zh)) > 20, ex.id
        # every function the learner writes is named in the Chinese instructions
        source = (ROOT / "exercises" / ex.file).read_text(encoding="utf-8")
        stubs = re.findall(r"^def ([a-z_0-9]+)\(", source, re.M)
        missing = [f for f in stubs if not f.startswith("_") and f not in ex.instructions_zh]
        assert not missing, f"{ex.id}: instructions_zh does not mention {missing}"


def test_every_glossary_entry_has_its_chinese_term_definition_and_patterns():
    hooks = ROOT / "docs" / "hooks"
    sys.path.insert(0, str(hooks))
    try:
        import site_extras
    finally:
        sys.path.remove(str(hooks))
    terms = site_extras.load_glossary()
    for term in terms:
        assert re.search(r"[\u4e00-\u9fff]", term.term_zh + term.definition_zh), term.key
        assert term.match_zh, term.key
    pages = " ".join(p.read_text(encoding="utf-8") for p in ROOT.glob("docs/lessons/*.zh.md"))
    linker = site_extras.GlossaryLinker([t.in_chinese() for t in terms], word_boundaries=False)
    _, linked = linker.link(f"<p>{pages}</p>", "glossary/")
    assert len(linked) >= 0.8 * len(terms), f"only {len(linked)} of {len(terms)} terms link on the Chinese pages"


# ---------------------------------------------------------------- values and charts read in Chinese


def test_localize_writes_dates_and_large_counts_the_chinese_way():
    assert zh.localize("3 November 2026, 12:00 UTC") == "2026年11月3日 12:00（UTC）"
    assert zh.localize("November 2024") == "2024年11月"
    assert zh.localize("29 September 2025") == "2025年9月29日"
    assert zh.localize("January and February 2024") == "2024年1月和2月"
    assert zh.localize("2025-02") == "2025年2月"
    assert zh.localize("9.7 trillion") == "9.7万亿"
    assert zh.localize("3.2 quadrillion") == "3,200万亿"
    assert zh.localize("1.3 billion") == "13亿"
    assert zh.localize("73,700") == "73,700（约7.37万）"
    assert zh.localize("8.77 billion") == "87.7亿" and zh.localize("14.0 million") == "1,400万"
    assert zh.localize("9,999") == "9,999"  # below 万: as it is
    assert zh.localize("2, 4, 5 and 23") == "2、4、5 和 23"
    assert zh.localize("$0.28") == "$0.28"


def test_every_page_value_reads_in_chinese():
    from token_economics.site import lesson1, lesson2, lesson3, lesson4, lesson5

    # examples of English text the Chinese page shows as they are (``keep_values``)
    english_on_purpose = set(tomllib.loads(zh.PHRASES_FILE.read_text(encoding="utf-8"))["keep_values"])
    assert english_on_purpose <= {"l1.bpe_demo_text", "l1.chat_message", "l1.sentence_en"}
    keep = zh.kept_words()
    left = {}
    for module in (lesson1, lesson2, lesson3, lesson4, lesson5):
        prefix = "l" + module.__name__[-1]
        for key, value in module.values().items():
            name = f"{prefix}.{key}"
            if name in english_on_purpose or str(value).startswith(("<", "{")):
                continue
            words = zh.english_words(zh.localize(str(value)), keep)
            if words:
                left[name] = words
    assert not left, f"values still in English on the Chinese pages (add them to zh_phrases.toml): {left}"


def test_every_chart_text_reads_in_chinese():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from token_economics.site import lesson1, lesson2, lesson3, lesson4, lesson5

    keep = zh.kept_words()
    left = {}
    for module in (lesson1, lesson2, lesson3, lesson4, lesson5):
        for name, fig in module.figures().items():
            zh.translate_figure(fig)
            texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
            plt.close(fig)
            words = sorted({w for t in texts for w in zh.english_words(t, keep)})
            if words:
                left[f"{module.__name__[-1]}-{name}"] = words
    assert not left, f"chart texts still in English (add them to zh_phrases.toml): {left}"


# ---------------------------------------------------------------- the font


def _chinese_texts() -> str:
    import material

    parts = [p.read_text(encoding="utf-8") for p in ROOT.glob("docs/**/*.zh.md")]
    parts += [p.read_text(encoding="utf-8") for p in ROOT.glob("lessons/*.zh.ipynb")]
    parts += [p.read_text(encoding="utf-8") for p in ROOT.glob("src/token_economics/**/*.toml")]
    parts += [(ROOT / "mkdocs.yml").read_text(encoding="utf-8"), (ROOT / "docs/hooks/glossary.toml").read_text("utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in ROOT.glob("docs/hooks/*.py")]
    parts += [p.read_text(encoding="utf-8") for p in ROOT.glob("docs/assets/**/*.js")]
    parts.append((Path(material.__file__).parent / "templates/partials/languages/zh.html").read_text("utf-8"))
    return "".join(parts)


def test_the_shipped_font_has_every_character_the_chinese_edition_uses():
    from fontTools.ttLib import TTFont

    font = TTFont(zh.cjk_font_path())
    cmap = font.getBestCmap()
    used = {c for c in _chinese_texts() if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
    missing = sorted(c for c in used if ord(c) not in cmap)
    assert not missing, f"run scripts/make_cjk_font.py: the font lacks {''.join(missing)}"
    assert "Open Font License" in font["name"].getDebugName(13)


# A line break between two Chinese characters shows as a space in the browser (Chinese has no
# spaces between words): a Chinese paragraph is one line. (A break before or after a Latin word
# or a number is fine: there a space belongs.)
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
BROKEN_LINE = re.compile(rf"[{CJK}][*_`\]\)]*\n[ \t]*[*_`\[]*[{CJK}]")


def test_no_chinese_paragraph_is_broken_between_two_characters():
    broken = []
    for path in sorted(ROOT.glob("docs/**/*.zh.md")):
        text = zh_parity.FENCE.sub("", path.read_text(encoding="utf-8"))
        broken += [f"{path.name}: …{m.group(0)!r}…" for m in BROKEN_LINE.finditer(text)]
    for path in sorted(ROOT.glob("lessons/*.zh.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                broken += [f"{path.name}: …{m.group(0)!r}…" for m in BROKEN_LINE.finditer(text)]
    assert not broken, "join these lines:\n" + "\n".join(broken[:20])
