"""No page number changes unless someone meant it to.

``tests/data/page_values.json`` records every value the lesson pages show. A change to the
library, its data or a pinned package that moves one fails here with the list of what moved;
``python scripts/page_values.py --update`` accepts it (DEVELOPING.md says when).
"""

from __future__ import annotations

import re
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


def test_the_fixed_moment_covers_the_only_clock_the_pages_read():
    """The record is computed at one moment by replacing market's clock; any other clock in the
    library would make page values depend on the hour again."""
    clocks = []
    for path in sorted((ROOT / "src" / "token_economics").rglob("*.py")):
        if "grader" in path.parts:
            continue  # the grader's clock times submissions; no page shows it
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\b(datetime|date)\.(now|today|utcnow)\(|time\.time\(\)", line):
                clocks.append(f"{path.relative_to(ROOT)}:{n}")
    assert len(clocks) == 1 and clocks[0].startswith("src/token_economics/market.py:"), clocks
