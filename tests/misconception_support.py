"""Misconception fixtures are small: each holds only the function(s) it gets wrong.

``tests/fixtures/misconceptions/lessonN/<exercise file stem>__<hint key>.py`` is laid over the
reference solution of that exercise: the solution's text, then the fixture's, so the fixture's
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
