"""One hop from a number on a page to its code and its source.

* every figure quoted from outside is defined once, in ``token_economics.sources``: a number
  with a ``[ref:`` comment anywhere else in the library fails;
* every page key ``{{ lN.key }}`` is written literally in ``site/lessonN.py`` (no key built
  by an f-string), so a search for it finds the line that computes it;
* a page value that shows a registry figure really shows that figure's number.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from token_economics import sources
from token_economics.site.formatting import Cited

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "token_economics"
PLACEHOLDER = re.compile(r"\{\{\s*(l[1-5])\.([A-Za-z0-9_]+)\s*\}\}")


def _cited_literals(text: str) -> list[int]:
    """Lines where a numeric literal sits in a statement with a ``[ref:`` comment on it or in
    the comment block right above it."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    lines = text.splitlines()
    found = []
    statement: list[tokenize.TokenInfo] = []
    for tok in tokens:
        statement.append(tok)
        if tok.type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
            continue
        numbers = [t for t in statement if t.type == tokenize.NUMBER]
        comments = [t.string for t in statement if t.type == tokenize.COMMENT]
        if numbers:
            first = min(t.start[0] for t in statement if t.type not in (tokenize.NL, tokenize.COMMENT)) - 1
            above = first - 1
            while above >= 0 and lines[above].lstrip().startswith("#"):
                comments.append(lines[above])
                above -= 1
            if any("[ref:" in c for c in comments):
                found.append(numbers[0].start[0])
        statement = []
    return found


def _cited_strings(tree: ast.AST) -> list[int]:
    """Lines of string values (not docstrings) that quote a number next to a ``[ref:`` mark."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = re.sub(r"\[ref:[^\]]*\]", "", node.value)
            if "[ref:" in node.value and re.search(r"\d", text):
                found.append(node.lineno)
    return found


def test_attack_a_cited_literal_is_found():
    """The detector finds the forms a cited number takes (so the real test can fail)."""
    assert _cited_literals("#: Epoch's PUE. Source: [ref:epoch2025energy]\nPUE = 1.2\n") == [2]
    assert _cited_literals("class A:\n    pue: float = 1.2  #: [ref:epoch2025energy]\n") == [2]
    assert _cited_literals("#: Source: [ref:x]\n#: more words\nX = (\n    3_600\n)\n") == [4]
    assert _cited_literals("#: no source here\nX = 2\n") == []
    assert _cited_literals("#: [ref:x]\nX = EPOCH_PUE.value\n") == []
    assert _cited_strings(ast.parse('NOTE = "Epoch uses 989 TFLOP/s [ref:x]"\n')) == [1]
    assert _cited_strings(ast.parse('def f():\n    """0.3 Wh [ref:x]."""\n')) == []


def test_no_cited_number_outside_the_registry():
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "sources.py" and path.parent == SRC:
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT)
        problems += [f"{rel}:{line}: a number with a [ref:] comment" for line in _cited_literals(text)]
        problems += [
            f"{rel}:{line}: a string quotes a number next to [ref:]" for line in _cited_strings(ast.parse(text))
        ]
    assert not problems, "define these in token_economics/sources.py and import them:\n" + "\n".join(problems)


def test_registry_is_sound():
    assert sources.check_registry() == []
    assert len(sources.figures()) >= 40
    with pytest.raises(ValueError, match="unknown figure"):
        sources.figure("NOT_A_FIGURE")
    assert sources.figure("EPOCH_PUE") is sources.EPOCH_PUE


def test_figures_reject_bad_fields():
    with pytest.raises(TypeError):
        sources.Figure("X", True, "W", "2025", "epoch2025energy", "a bool is not a number")
    with pytest.raises(TypeError):
        sources.Figure("X", 1.0, "W", 2025, "epoch2025energy", "a date must be text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        sources.Figure("X", 1.0, "W", "2025", "epoch2025energy", "unknown kind", kind="guess")
    broken = sources.Figure("BROKEN", 1.0, "W", "May 2025", "no_such_key", "bad date and key")
    sources.BROKEN = broken  # type: ignore[attr-defined]
    try:
        problems = sources.check_registry()
    finally:
        del sources.BROKEN  # type: ignore[attr-defined]
    assert any("no_such_key" in p for p in problems) and any("May 2025" in p for p in problems)


def test_a_figure_defined_twice_is_found():
    # two people add the same figure in two lessons' sections: the second would win silently
    text = 'A = Figure(\n    "A", 1, "W", "2025", "k", "x",\n)\nB = Figure(\n)\nA = Figure(\n    "A", 2,\n)\n'
    assert sources._defined_twice(text) == ["A"]
    assert sources._defined_twice(text.replace('\nA = Figure(\n    "A", 2', '\nC = Figure(\n    "C", 2')) == []


def _page_keys() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for page in (ROOT / "docs").rglob("*.md"):
        for lesson, key in PLACEHOLDER.findall(page.read_text(encoding="utf-8")):
            keys.setdefault(lesson, set()).add(key)
    return keys


def test_every_page_key_is_written_literally_in_its_site_module():
    keys = _page_keys()
    assert set(keys) == {"l1", "l2", "l3", "l4", "l5"}
    missing = []
    for lesson, names in sorted(keys.items()):
        text = (SRC / "site" / f"lesson{lesson[1]}.py").read_text(encoding="utf-8")
        missing += [f"{lesson}.{k}" for k in sorted(names) if f'"{k}"' not in text]
    assert not missing, f"page keys no search finds in their site module: {missing}"


def _built_keys(tree: ast.AST) -> list[int]:
    """Lines in ``values()`` where the page dict gets a key that is not a literal: a subscript
    store, a dict display or an ``update``/``setdefault`` on the dict it returns."""
    found = []
    for func in ast.walk(tree):
        if not (isinstance(func, ast.FunctionDef) and func.name == "values"):
            continue
        returned = {n.value.id for n in ast.walk(func) if isinstance(n, ast.Return) and isinstance(n.value, ast.Name)}
        for node in ast.walk(func):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                if isinstance(node.value, ast.Name) and node.value.id in returned:
                    if not isinstance(node.slice, ast.Constant):
                        found.append(node.lineno)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                if any(isinstance(t, ast.Name) and t.id in returned for t in node.targets):
                    found += [node.lineno for k in node.value.keys if k is not None and not isinstance(k, ast.Constant)]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value
                if (
                    isinstance(target, ast.Name)
                    and target.id in returned
                    and node.func.attr in ("update", "setdefault")
                ):
                    found.append(node.lineno)
    return found


def test_attack_a_built_key_is_found():
    def values_with(body: str) -> list[int]:
        lines = "".join(f"    {line}\n" for line in body.splitlines())
        return _built_keys(ast.parse(f"def values():\n{lines}    return v\n"))

    assert values_with('v = {}\nfor c in cs:\n    v[f"grid_{c}"] = 1') == [4]
    assert values_with('v = {"a" + b: 1}') == [2]
    assert values_with("v = {}\nv.update({k: 1 for k in ks})") == [3]
    assert values_with('v = {}\nv["grid_fra"] = 1\nw = {}\nw[k] = 2') == []


def test_no_page_key_is_built_by_code():
    problems = []
    for path in sorted((SRC / "site").glob("lesson*.py")):
        problems += [f"{path.name}:{line}" for line in _built_keys(ast.parse(path.read_text(encoding="utf-8")))]
    assert not problems, f"keys built by code (write each key as a literal): {problems}"


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def test_a_cited_value_shows_its_figure():
    import importlib

    checked = 0
    for n in range(1, 6):
        for key, text in importlib.import_module(f"token_economics.site.lesson{n}").values().items():
            if not isinstance(text, Cited):
                continue
            value = text.figure.value
            shown = [value * scale for scale in (1, 100, 1e-3, 1e-9, 1e-12)]
            assert any(num == pytest.approx(s, rel=0.05) for num in _numbers(text) for s in shown), (
                f"l{n}.{key} = {text!r} does not show {text.figure.name} = {value}"
            )
            checked += 1
    assert checked >= 40, f"only {checked} page values cite a registry figure"


#: The library's lesson modules by lesson; shared plumbing (units, costs, sources, market,
#: data, plotting) sits below all of them.
LESSON_OF = {"tokens": 1, "bpe": 1, "energy": 2, "tinygpt": 2, "agents": 3, "prices": 4, "currency": 5}


def _imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("token_economics"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found |= {alias.name for alias in node.names}
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("token_economics.")}
    return found


def test_earlier_lessons_never_import_later_ones():
    problems = []
    for name, lesson in LESSON_OF.items():
        imported = _imported_modules(ast.parse((SRC / f"{name}.py").read_text(encoding="utf-8")))
        problems += [f"{name} (lesson {lesson}) imports {m}" for m in imported if LESSON_OF.get(m, 0) > lesson]
    for shared in ("units", "costs", "sources", "market", "data", "plotting"):
        imported = _imported_modules(ast.parse((SRC / f"{shared}.py").read_text(encoding="utf-8")))
        problems += [f"{shared} (shared) imports lesson module {m}" for m in imported if m in LESSON_OF]
    assert not problems, problems
    assert _imported_modules(ast.parse("from token_economics import currency as cur")) == {"currency"}
