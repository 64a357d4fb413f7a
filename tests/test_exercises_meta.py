"""Every exercise proven in both directions, with no per-lesson code.

* every exercise passes on ``solutions/``;
* every exercise fails on the untouched ``exercises/`` (and earns 0);
* every misconception fixture ``tests/fixtures/misconceptions/lessonN/<stem>__<key>.py`` (only the
  function it gets wrong, laid over the reference solution: ``tests/misconception_support.py``)
  makes its exercise fail with the hint stored under ``<key>``, and leaves the others passing;
  ``<stem>__<key>__<variant>.py`` is another way of making the same mistake, with the same hint.

To keep the suite fast, fixtures for different exercises share a grading run: run k puts the
k-th fixture of each exercise in place at once.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from misconception_support import hint_key, plant

from token_economics.grader import exercises, grade

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # grading runs: not in `make test-fast`
FIXTURES = ROOT / "tests" / "fixtures" / "misconceptions"
ALL = exercises()
BY_FILE = {ex.file: ex for ex in ALL}


def _fixtures() -> dict[str, list[tuple[Path, str]]]:
    """exercise file → [(fixture path, hint key)]."""
    found: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for path in sorted(FIXTURES.glob("lesson*/*.py")):
        stem = path.stem.split("__")[0]
        found[f"{path.parent.name}/{stem}.py"].append((path, hint_key(path)))
    return found


FIXTURES_BY_FILE = _fixtures()
ROUNDS = max((len(v) for v in FIXTURES_BY_FILE.values()), default=0)


def test_every_exercise_has_a_file_stub_solution_and_fixture():
    assert len({ex.lesson for ex in ALL}) >= 1
    for ex in ALL:
        assert (ROOT / "exercises" / ex.file).is_file(), f"stub missing for {ex.id}"
        assert (ROOT / "solutions" / ex.file).is_file(), f"solution missing for {ex.id}"
        assert FIXTURES_BY_FILE.get(ex.file), f"{ex.id} has no misconception fixture"
        assert ex.hints.get("default"), f"{ex.id} has no default hint"
    for file, fixtures in FIXTURES_BY_FILE.items():
        assert file in BY_FILE, f"fixture for unknown exercise file {file}"
        for path, key in fixtures:
            assert key in BY_FILE[file].hints, f"{path.name}: no hint {key!r} in the exercise's metadata"


def test_lessons_have_at_least_four_exercises():
    per_lesson = defaultdict(int)
    for ex in ALL:
        per_lesson[ex.lesson] += 1
    assert per_lesson and all(n >= 4 for n in per_lesson.values()), dict(per_lesson)


@pytest.fixture(scope="module")
def solutions_report():
    return grade(ROOT / "solutions")


@pytest.fixture(scope="module")
def stubs_report():
    return grade(ROOT / "exercises")


def test_solutions_earn_every_point(solutions_report):
    failed = {r.id: (r.hint_key, r.detail) for r in solutions_report.results if not r.passed}
    assert not failed, failed
    assert solutions_report.earned == solutions_report.possible > 0


def test_untouched_stubs_earn_nothing(stubs_report):
    passed = [r.id for r in stubs_report.results if r.passed]
    assert not passed, f"these stubs pass without any work: {passed}"
    assert stubs_report.earned == 0
    assert {r.hint_key for r in stubs_report.results} <= {"not_started"}


@pytest.mark.parametrize("round_index", range(ROUNDS))
def test_misconceptions_are_caught_with_their_hint(round_index, tmp_path):
    target = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", target)
    planted: dict[str, str] = {}
    for file, fixtures in FIXTURES_BY_FILE.items():
        if round_index < len(fixtures):
            path, key = fixtures[round_index]
            plant(path, target)
            planted[BY_FILE[file].id] = key
    report = grade(target)
    by_id = {r.id: r for r in report.results}
    problems = []
    for ex_id, key in planted.items():
        result = by_id[ex_id]
        if result.passed:
            problems.append(f"{ex_id}: the '{key}' misconception passed")
        elif result.hint_key != key:
            problems.append(f"{ex_id}: expected hint '{key}', got '{result.hint_key}' ({result.detail})")
        elif result.hint != BY_FILE[_file_of(ex_id)].hints[key]:
            problems.append(f"{ex_id}: the shown hint is not the stored one")
    untouched = [r.id for r in report.results if r.id not in planted and not r.passed]
    assert not problems, problems
    assert not untouched, f"exercises without a planted fixture failed: {untouched}"


def _file_of(ex_id: str) -> str:
    return next(ex.file for ex in ALL if ex.id == ex_id)


def _markers() -> list[tuple[str, str, str | None]]:
    """(test name, exercise id, part) for every grading test, read from the test files."""
    import ast

    found = []
    for path in sorted((ROOT / "tests" / "exercises").glob("test_lesson*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "exercise":
                    part = next((k.value.value for k in deco.keywords if k.arg == "part"), None)
                    found.append((node.name, deco.args[0].value, part))
    return found


def test_parts_are_covered_by_tests_and_add_up():
    """An exercise in parts: its points add up (checked when loading), every test names one of its
    parts, and every part has a test; an exercise without parts has no test naming one."""
    markers = _markers()
    for ex in ALL:
        mine = [(name, part) for name, ex_id, part in markers if ex_id == ex.id]
        assert mine, f"{ex.id} has no grading test"
        if ex.parts:
            assert sum(ex.parts.values()) == ex.points
            assert all(part in ex.parts for _, part in mine), (ex.id, mine)
            assert {part for _, part in mine} == set(ex.parts), f"{ex.id}: a part without a test"
        else:
            assert all(part is None for _, part in mine), (ex.id, mine)


def test_partial_credit_counts_each_part(solutions_report, tmp_path):
    """A misconception in one part of an exercise costs that part's points only."""
    target = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions" / "lesson1", target / "lesson1")
    plant(FIXTURES / "lesson1" / "ex01_count_and_cost__per_thousand.py", target)
    report = grade(target, lessons=[1])
    ex1 = next(r for r in report.results if r.id == "l1.count_and_cost")
    assert not ex1.passed and ex1.hint_key == "per_thousand"
    assert ex1.parts == {
        "count_tokens": {"points": 1, "earned": 1, "passed": True},
        "prompt_cost_usd": {"points": 1, "earned": 0, "passed": False},
    }
    assert ex1.earned == 1 and report.earned == 9


def test_the_exercises_page_lists_every_exercise_with_its_points():
    """docs/exercises.md has one table row per exercise: lesson, file, points (and its parts' points)."""
    import re

    rows = {}
    for line in (ROOT / "docs" / "exercises.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (\d) \| `(ex\d\d_\w+\.py)` \| .+ \| (\d+)(?: \(([\d +]+)\))? \|$", line)
        if m:
            rows[f"lesson{m[1]}/{m[2]}"] = (int(m[3]), sorted(int(p) for p in (m[4] or "").split("+") if p.strip()))
    assert set(rows) == {ex.file for ex in ALL}, set(rows) ^ {ex.file for ex in ALL}
    for ex in ALL:
        assert rows[ex.file] == (ex.points, sorted(ex.parts.values())), (ex.id, rows[ex.file])


def _grading_modules():
    """Each grading-test file as a module (read from the file, not through the judge)."""
    import importlib.util

    found = []
    for path in sorted((ROOT / "tests" / "exercises").glob("test_lesson*.py")):
        spec = importlib.util.spec_from_file_location(f"_diagnose_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.append(module)
    return found


def _diagnose_helpers():
    from token_economics.grader import hints

    return [pytest.param(hints.diagnose, hints.HINT_TOLERANCE, id="grader.hints.diagnose")]


def test_every_lesson_matches_misconceptions_with_the_one_shared_diagnose():
    from token_economics.grader import hints

    modules = _grading_modules()
    assert len(modules) == 5
    for module in modules:
        assert module.diagnose is hints.diagnose, module.__name__


@pytest.mark.parametrize(("diagnose", "tolerance"), _diagnose_helpers())
def test_diagnose_names_near_misconceptions_and_never_the_right_answer(diagnose, tolerance):
    """The tolerant matching every lesson uses: the right answer (or a float-rounding of it) never gets
    a misconception's hint, even with a misconception's value within the tolerance; an answer near a
    misconception's value, and nearer it than the right one, gets that hint; the nearest one wins."""
    from token_economics.grader.hints import HintedFailure

    def hint(got, expected, candidates):
        try:
            diagnose(got, expected, candidates, "detail")
        except HintedFailure as failure:
            return failure.key
        return None

    near = tolerance / 2
    assert hint(10.0, 10.0, [("close_to_right", 10.0 * (1 + near))]) is None
    assert hint(10.0 * (1 + 1e-12), 10.0, [("close_to_right", 10.0 * (1 + near))]) is None
    assert hint(10.0, 10.0, [("same_as_right", 10.0)]) is None
    assert hint(20.0 * (1 + near), 10.0, [("doubled", 20.0)]) == "doubled"
    assert hint(20.0 * (1 - near), 10.0, [("doubled", 20.0)]) == "doubled"
    assert hint(20.0 * (1 + 2 * tolerance), 10.0, [("doubled", 20.0)]) is None
    assert hint(20.4, 10.0, [("twenty", 20.0), ("twenty_and_a_half", 20.5)]) == "twenty_and_a_half"
    assert hint(10.05, 10.0, [("nearer_right", 10.0 * (1 + 0.75 * tolerance))]) is None
    assert hint("20", 10.0, [("doubled", 20.0)]) is None
