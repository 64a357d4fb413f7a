"""Every number the lesson pages show, compared with the committed record of them.

The pages' numbers come from ``token_economics.site.lessonN.values()``. This script computes
them all, as the docs build does (every price is read at a pinned moment, so a price with a
time-of-day rule reads the same at any hour), and compares them with
``tests/data/page_values.json``:

    python scripts/page_values.py            # list what changed; exit 1 if anything did
    python scripts/page_values.py --update   # accept the changes: rewrite the record

A change to the library, its data or a pinned package (genai-prices, ecologits, tiktoken)
that moves a page number shows up here as a diff to read before accepting it (DEVELOPING.md).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

RECORD = Path(__file__).resolve().parents[1] / "tests" / "data" / "page_values.json"


def page_values() -> dict[str, str]:
    """``{"l2.epoch_pue": "1.2", ...}`` for all five lessons, as the docs build computes them.

    The library reads every price at one pinned moment (``token_economics.market.PRICES_AS_OF``,
    or a historical ``*_AT`` constant) and has no clock of its own (tests/test_page_values.py),
    so the record does not depend on when it is computed. Run it in a fresh process: lesson
    modules cache what they compute.
    """
    out: dict[str, str] = {}
    for n in range(1, 6):
        module = importlib.import_module(f"token_economics.site.lesson{n}")
        out.update({f"l{n}.{key}": str(value) for key, value in module.values().items()})
    return out


def diff(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per key added, removed or changed."""
    lines = [f"+ {k} = {new[k]!r}" for k in sorted(new.keys() - old.keys())]
    lines += [f"- {k} = {old[k]!r}" for k in sorted(old.keys() - new.keys())]
    lines += [f"~ {k}: {old[k]!r} -> {new[k]!r}" for k in sorted(old.keys() & new.keys()) if old[k] != new[k]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the record with today's values")
    args = parser.parse_args(argv)
    new = page_values()
    old = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    changes = diff(old, new)
    if args.update:
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(new, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{RECORD.name}: {len(new)} page values written ({len(changes)} changed)")
        return 0
    print("\n".join(changes) if changes else f"all {len(new)} page values unchanged")
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
