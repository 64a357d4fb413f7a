"""Misconception fixtures are small: each holds only the function(s) it gets wrong.

``tests/fixtures/misconceptions/lessonN/<exercise file stem>__<hint key>.py`` is laid over the
reference solution of that exercise (``<stem>__<hint key>__<variant>.py`` for another way of
making the same mistake, which must get the same hint): the solution's text, then the fixture's, so the fixture's
definitions replace the solution's and everything else (imports, helpers, the other functions)
stays the reference. Used by the suite and by ``scripts/benchmark_grading.py``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "misconceptions"


def exercise_file(fixture: Path) -> str:
    """``lesson1/ex01_count_and_cost.py`` for ``…/lesson1/ex01_count_and_cost__chars_div_4.py``."""
    return f"{fixture.parent.name}/{fixture.stem.split('__')[0]}.py"


def hint_key(fixture: Path) -> str:
    """``linear_growth`` for ``…/ex04_tool_schemas__linear_growth.py`` and ``…__linear_growth__last_step.py``."""
    parts = fixture.stem.split("__")
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError(f"{fixture.name}: name a fixture <exercise stem>__<hint key>[__<variant>].py")
    return parts[1]


def misconception_source(fixture: Path) -> str:
    """The reference solution with the fixture's definitions laid over it."""
    solution = (ROOT / "solutions" / exercise_file(fixture)).read_text(encoding="utf-8")
    return (
        solution.rstrip()
        + "\n\n\n# --- a misconception: these definitions replace the ones above ---\n\n"
        + fixture.read_text(encoding="utf-8")
    )


def plant(fixture: Path, exercises_folder: Path) -> Path:
    """Write the exercise with this misconception into a folder shaped like ``exercises/``."""
    target = exercises_folder / exercise_file(fixture)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(misconception_source(fixture), encoding="utf-8")
    return target
