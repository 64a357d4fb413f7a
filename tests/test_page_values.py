"""No page number changes unless someone meant it to.

``tests/data/page_values.json`` records every value the lesson pages show. A change to the
library, its data or a pinned package that moves one fails here with the list of what moved;
``python scripts/page_values.py --update`` accepts it (DEVELOPING.md says when).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import page_values  # noqa: E402


def test_every_page_value_matches_the_record():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "page_values.py")], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, (
        "page values changed; if the change is meant, run `python scripts/page_values.py --update` "
        f"and say why in the commit:\n{run.stdout}{run.stderr}"
    )


def test_the_diff_lists_every_kind_of_change():
    old = {"l1.a": "1", "l2.b": "2", "l3.c": "3"}
    new = {"l1.a": "1", "l2.b": "2.5", "l4.d": "4"}
    assert page_values.diff(old, new) == ["+ l4.d = '4'", "- l3.c = '3'", "~ l2.b: '2' -> '2.5'"]
    assert page_values.diff(old, dict(old)) == []


def test_the_library_has_no_clock_so_the_record_holds_at_any_hour():
    """Every price is read at a pinned moment (market.PRICES_AS_OF or a historical *_AT
    constant): no code of the library asks for the time, so a page value cannot depend on the
    hour it is computed at. (The record was once computed by swapping market's datetime for a
    fake clock; that swap broke isinstance(at, datetime) and read an August 2025 noon price at
    midnight, DeepSeek's night discount: $0.14 where the site showed $0.27.)"""
    import ast

    clocks = []
    for path in sorted((ROOT / "src" / "token_economics").rglob("*.py")):
        if "grader" in path.parts:
            continue  # the grader's clock times submissions; no page shows it
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"now", "today", "utcnow", "time"}
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"datetime", "date", "time"}
            ):
                clocks.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not clocks, clocks


def test_the_record_is_what_the_site_shows():
    """The record's values are the ones the docs build computes in its own process."""
    import json

    from token_economics.site import lesson5

    record = json.loads((ROOT / "tests" / "data" / "page_values.json").read_text(encoding="utf-8"))
    shown = lesson5.values()
    for key in ("puzzle_chat_input", "puzzle_chat_runs", "puzzle_mini_runs", "mini_input_price"):
        assert record[f"l5.{key}"] == str(shown[key]), key
