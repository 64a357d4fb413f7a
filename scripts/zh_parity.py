"""Structure parity between the English pages and notebooks and their Chinese editions.

A Chinese page ``docs/x.zh.md`` is a translation of ``docs/x.md``: the prose changes, the
structure does not. This module lists what must be the same in both, so the two editions cannot
drift apart silently (tests/test_zh_parity.py runs it on every pair):

* the sections: every heading's level and anchor id, in order (a Chinese heading keeps the
  English id with ``{#id}``, so links to a section work in both editions);
* the numbers' keys: ``{{ l2.key }}`` placeholders, the ``{{ figures }}``-style tables;
* the charts (``figures/l2-name.png``), the calculators (``data-te-calc``) and the playground;
* the citations ``[@key]`` and every link target;
* the admonitions, by kind (``!!! abstract``, ``??? question`` …);
* the fenced code blocks, character for character;
* the numbers typed in the prose: a Chinese page may only write a number the English page
  writes too (as 80亿 for "8 billion"); every other number comes from a placeholder.

For a notebook: the code cells are identical, in order; the markdown cells correspond one to
one with the same structure as a page; an English chart's alt text (cell metadata ``alt``)
has a Chinese one.

Run it by hand: ``python scripts/zh_parity.py [docs/lessons/02-why-tokens-use-electricity.md]``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LESSONS = ROOT / "lessons"

FENCE = re.compile(r"^(\s*)(```|~~~).*?^\1\2\s*$", re.S | re.M)
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")
CITATION = re.compile(r"\[@([a-z0-9_]+)\]")
CHART = re.compile(r"figures/(l[1-5]-[a-z0-9-]+)\.png")
CALC = re.compile(r'data-te-(?:calc|playground)="([^"]+)"|id="(te-playground[^"]*)"')
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|href=\"([^\"]+)\"")
ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+([a-z]+)", re.M)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.M)
EXPLICIT_ID = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
CODE_SPAN = re.compile(r"`[^`\n]*`")
HTML_TAG = re.compile(r"<[^>]+>")

EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "quadrillion": 1e15}
ZH_SCALE = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12, "千亿": 1e11, "百万": 1e6, "千万": 1e7, "百亿": 1e10}
EN_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|quadrillion)\b)?")
ZH_NUMBER = re.compile(r"(?<![0-9A-Za-z_.])(\d[\d,]*(?:\.\d+)?)\s*(万亿|千亿|百亿|千万|百万|亿|万|千)?")
SMALL = 12  # list numbers, "Lesson 3", "step 2": small whole numbers are free to appear


def slug(heading: str) -> str:
    """The id MkDocs gives a heading (an explicit ``{#id}`` wins)."""
    explicit = EXPLICIT_ID.search(heading)
    if explicit:
        return explicit.group(1)
    import markdown

    html = markdown.markdown("# " + heading, extensions=["toc", "attr_list"])
    found = re.search(r'id="([^"]*)"', html)
    return found.group(1) if found else ""


def _without_code(text: str) -> str:
    return CODE_SPAN.sub(" ", FENCE.sub(" ", text))


def _numbers(text: str, pattern: re.Pattern, scales: dict[str, float]) -> set[float]:
    text = PLACEHOLDER.sub(" ", _without_code(text))
    text = LINK.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    text = re.sub(r"\[\^[^\]]*\]|\[@[^\]]*\]|\{#[^}]*\}", " ", text)
    found = set()
    for match in pattern.finditer(text):
        digits = match.group(1).replace(",", "").rstrip(".")
        if not digits:
            continue
        value = float(digits)
        found.add(round(value * scales.get(match.group(2) or "", 1.0), 6))
        if scales is EN_SCALE:  # "3.6 million" may stay "3.6" before a Chinese unit word
            found.add(round(value, 6))
    return found


def structure(text: str) -> dict[str, object]:
    """What a page's two editions must share."""
    prose = FENCE.sub(" ", text)
    headings = []
    for match in HEADING.finditer(prose):
        headings.append((len(match.group(1)), slug(match.group(2))))
    return {
        "sections (level, id)": headings,
        "placeholders": sorted(set(PLACEHOLDER.findall(text))),
        "citations": sorted(set(CITATION.findall(text))),
        "charts": sorted(set(CHART.findall(text))),
        "widgets": sorted({a or b for a, b in CALC.findall(text)}),
        "links": sorted({a or b for a, b in LINK.findall(prose) if not (a or b).startswith("#fn")}),
        "admonitions": [kind for _, kind in ADMONITION.findall(prose)],
        "code blocks": [m.group(0).strip() for m in FENCE.finditer(text)],
    }


def compare(en_text: str, zh_text: str) -> list[str]:
    """Every difference in structure, and every number the Chinese text types on its own."""
    problems = []
    en, zh = structure(en_text), structure(zh_text)
    for part in en:
        if en[part] != zh[part]:
            if isinstance(en[part], list) and all(isinstance(x, str) for x in en[part] + zh[part]):
                missing = Counter(en[part]) - Counter(zh[part])
                extra = Counter(zh[part]) - Counter(en[part])
                detail = f"missing {sorted(missing)} extra {sorted(extra)}" if missing or extra else "order differs"
            else:
                detail = f"English {en[part]} Chinese {zh[part]}"
            problems.append(f"{part}: {detail}")
    en_numbers = _numbers(en_text, EN_NUMBER, EN_SCALE)
    for value in sorted(_numbers(zh_text, ZH_NUMBER, ZH_SCALE) - en_numbers):
        if value.is_integer() and 0 <= value <= SMALL:
            continue
        if any(abs(value - 100 * v) < 1e-6 for v in en_numbers):  # 0.25 written as 25%
            continue
        problems.append(f"number {value:g} is typed in the Chinese text but not in the English one")
    return problems


def page_pairs() -> list[tuple[Path, Path]]:
    """(English page, Chinese page) for every English page of the site."""
    pairs = []
    for en in sorted(DOCS.rglob("*.md")):
        if en.name.endswith(".zh.md") or "hooks" in en.parts:
            continue
        pairs.append((en, en.with_name(en.stem + ".zh.md")))
    return pairs


def notebook_pairs() -> list[tuple[Path, Path]]:
    return [
        (en, en.with_name(en.stem + ".zh.ipynb")) for en in sorted(LESSONS.glob("*.ipynb")) if ".zh." not in en.name
    ]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def compare_notebooks(en_path: Path, zh_path: Path) -> list[str]:
    en, zh = _cells(en_path), _cells(zh_path)
    problems = []
    en_code = [_source(c) for c in en if c["cell_type"] == "code"]
    zh_code = [_source(c) for c in zh if c["cell_type"] == "code"]
    if en_code != zh_code:
        for i, (a, b) in enumerate(zip(en_code, zh_code, strict=False)):
            if a != b:
                problems.append(f"code cell {i + 1} differs from the English notebook's")
                break
        else:
            problems.append(f"{len(zh_code)} code cells, the English notebook has {len(en_code)}")
    kinds = [c["cell_type"] for c in en], [c["cell_type"] for c in zh]
    if kinds[0] != kinds[1]:
        problems.append("the cells are not in the same order (markdown and code) as the English notebook's")
        return problems
    for i, (a, b) in enumerate(zip(en, zh, strict=True)):
        if a["cell_type"] == "markdown":
            # Jupyter and mkdocs-jupyter read no {#id}: a notebook's headings match by level only.
            found = compare(_source(a), _source(b).replace("{#", "{ #"))
            if EXPLICIT_ID.search(_source(b)) or "{#" in _source(b):
                found.append("a heading ends with {#id}: notebooks show it as text; write the heading alone")
            en_levels = [level for level, _ in structure(_source(a))["sections (level, id)"]]
            zh_levels = [level for level, _ in structure(_source(b))["sections (level, id)"]]
            found = [p for p in found if not p.startswith("sections")]
            if en_levels != zh_levels:
                found.append(f"heading levels {zh_levels}, the English cell has {en_levels}")
            problems += [f"markdown cell {i + 1}: {p}" for p in found]
        alt_en, alt_zh = a.get("metadata", {}).get("alt"), b.get("metadata", {}).get("alt")
        if alt_en and (not alt_zh or alt_zh == alt_en):
            problems.append(f"cell {i + 1}: the chart's alt text is not translated (metadata 'alt')")
        if a.get("id") != b.get("id"):
            problems.append(f"cell {i + 1}: id {b.get('id')!r} differs from the English {a.get('id')!r}")
    return problems


def main(argv: list[str]) -> int:
    failed = False
    wanted = {str(Path(a).resolve()) for a in argv}
    for en, zh in page_pairs():
        if wanted and str(en.resolve()) not in wanted and str(zh.resolve()) not in wanted:
            continue
        if not zh.exists():
            print(f"{zh.relative_to(ROOT)}: missing")
            failed = True
            continue
        problems = compare(en.read_text(encoding="utf-8"), zh.read_text(encoding="utf-8"))
        for p in problems:
            print(f"{zh.relative_to(ROOT)}: {p}")
        failed |= bool(problems)
    for en, zh in notebook_pairs():
        if wanted and str(en.resolve()) not in wanted and str(zh.resolve()) not in wanted:
            continue
        if not zh.exists():
            print(f"{zh.relative_to(ROOT)}: missing")
            failed = True
            continue
        problems = compare_notebooks(en, zh)
        for p in problems:
            print(f"{zh.relative_to(ROOT)}: {p}")
        failed |= bool(problems)
    print("parity: FAILED" if failed else "parity: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
