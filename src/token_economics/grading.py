"""The grader: run the grading tests against a learner's files and turn the result into points.

Exercises and their hints are data (``data/exercises/lessonN.toml``). Grading tests live in
``tests/exercises/`` and mark each test with the exercise it checks
(``@pytest.mark.exercise("l1.count_tokens")``). The tests run in a separate ``pytest``
process (so a learner's ``sys.exit`` or endless loop cannot take the grader down); the
:mod:`token_economics.pytest_plugin` in that process writes one record per test, and
:func:`grade` turns the records into a :class:`Report`.

A test names a misconception it detects with :func:`fail_with_hint`; the learner then sees
the hint stored under that key instead of a generic one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NoReturn, Sequence

from token_economics.data import DATA_DIR, load_toml

__all__ = [
    "Exercise",
    "ExerciseResult",
    "Report",
    "HintedFailure",
    "fail_with_hint",
    "exercises",
    "lesson_titles",
    "default_tests_dir",
    "grade",
    "GradingError",
]

#: Hints the grader itself gives, whatever the exercise.
BUILTIN_HINTS: dict[str, str] = {
    "not_started": "Not started yet: replace the `raise NotImplementedError` in this file with your code.",
    "missing_file": "The file for this exercise is missing from the submission. Copy it back from the course's exercises/ folder.",
    "syntax_error": "Python cannot read this file (a syntax error). Run `python FILE` to see the line, fix it, and check again.",
    "import_error": "The file fails while Python imports it. Run `python FILE` to see the error.",
    "missing_function": "A function the exercise asks for is missing or renamed. Keep the names and parameters of the stub.",
    "timeout": "The tests did not finish in time. Look for an endless loop.",
    "crash": "The test run stopped unexpectedly (the code exited the interpreter or crashed it).",
    "no_tests": "No grading test ran for this exercise (the grader's tests may be incomplete).",
    "memory": "The code used more memory than a submission may. Look for a list or string that grows without end.",
    "forbidden": "The code did something graded code may not do: use the network, start programs, or touch files outside its folder.",
    "output_too_large": "The code printed or wrote far too much (over the grader's file-size limit). Remove the big print.",
    "exited": "The code called sys.exit() or exit(). Return a value from your function instead.",
    "tampered": "The code changed the grader, pytest or Python's built-in functions. Only write the functions the exercise asks for.",
}

#: Seconds one grading test may run before it fails with the "timeout" hint.
TEST_TIMEOUT_S = 60.0

LESSON_TITLES: dict[int, str] = {
    1: "What a token is",
    2: "Why tokens consume electricity",
    3: "Why agents burn tokens",
    4: "Why tokens keep getting cheaper",
    5: "Token as the new currency",
}


def lesson_titles() -> dict[int, str]:
    """Lesson number → title."""
    return dict(LESSON_TITLES)


class GradingError(RuntimeError):
    """The grader could not run (bad target folder, tests missing); not a learner's mistake."""


class HintedFailure(AssertionError):
    """A failed check that knows which misconception caused it (``key`` names a stored hint)."""

    def __init__(self, key: str, message: str = ""):
        super().__init__(f"[hint:{key}] {message}".strip())
        self.key = key


def fail_with_hint(key: str, message: str = "") -> NoReturn:
    """Fail the current grading test and point the learner at the hint stored under ``key``."""
    raise HintedFailure(key, message)


@dataclass(frozen=True)
class Exercise:
    """One graded exercise, as described in ``data/exercises/lessonN.toml``."""

    id: str
    lesson: int
    title: str
    file: str  #: path relative to the exercises folder, e.g. ``lesson1/ex01_count_tokens.py``
    points: int
    hints: dict[str, str] = field(default_factory=dict)

    def hint(self, key: str | None) -> str:
        """The hint to show for a failure with this key (the exercise's own, a built-in, or the default)."""
        if key and key in self.hints:
            return self.hints[key]
        if key and key in BUILTIN_HINTS:
            return BUILTIN_HINTS[key]
        return self.hints.get("default", "Re-read the exercise's instructions and the lesson page.")


def exercises(lessons: Sequence[int] | None = None) -> list[Exercise]:
    """All exercises of the course (or of the given lessons), in lesson and file order.

    Raises:
        ValueError: if the metadata is malformed (missing fields, duplicate ids, bad points).
    """
    found: list[Exercise] = []
    seen: set[str] = set()
    for path in sorted((DATA_DIR / "exercises").glob("lesson*.toml")):
        lesson = int(path.stem.removeprefix("lesson"))
        if lessons is not None and lesson not in lessons:
            continue
        for entry in load_toml("exercises", path.name).get("exercise", []):
            missing = [k for k in ("id", "title", "file", "points") if k not in entry]
            if missing:
                raise ValueError(f"{path.name}: exercise {entry.get('id', '?')} lacks {', '.join(missing)}")
            if entry["id"] in seen:
                raise ValueError(f"{path.name}: exercise id {entry['id']!r} is used twice")
            if not entry["id"].startswith(f"l{lesson}."):
                raise ValueError(f"{path.name}: exercise id {entry['id']!r} must start with 'l{lesson}.'")
            if not isinstance(entry["points"], int) or entry["points"] <= 0:
                raise ValueError(f"{path.name}: exercise {entry['id']} needs a positive whole number of points")
            seen.add(entry["id"])
            found.append(Exercise(id=entry["id"], lesson=lesson, title=entry["title"], file=entry["file"],
                                  points=entry["points"], hints=dict(entry.get("hints", {}))))
    return sorted(found, key=lambda e: (e.lesson, e.file))


def default_tests_dir() -> Path:
    """Where the grading tests are: the checkout's ``tests/exercises``, or the copy shipped in the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parents[1] / "tests" / "exercises", here / "_course" / "tests" / "exercises"):
        if candidate.is_dir():
            return candidate
    raise GradingError("the grading tests were not found; pass --tests DIR")


@dataclass
class ExerciseResult:
    """How one exercise went."""

    id: str
    lesson: int
    title: str
    points: int
    earned: int
    passed: bool
    hint: str | None  #: the hint text for a failed exercise, None when it passed
    hint_key: str | None = None
    detail: str | None = None  #: a short excerpt of the first failure


@dataclass
class Report:
    """The result of grading one folder."""

    target: str
    results: list[ExerciseResult]
    status: str = "ok"  #: ok, timeout or crash (the whole test run)

    @property
    def earned(self) -> int:
        return sum(r.earned for r in self.results)

    @property
    def possible(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def all_passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    def to_json(self) -> dict:
        """``{"exercises": [...], "earned", "possible"}`` — the format ``check --json`` prints."""
        keep = ("id", "lesson", "title", "points", "earned", "passed", "hint")
        return {
            "exercises": [{k: asdict(r)[k] for k in keep} for r in self.results],
            "earned": self.earned,
            "possible": self.possible,
        }


def _plugin_command(tests_dir: Path, target: Path, report_path: Path,
                    lessons: Sequence[int] | None) -> list[str]:
    cmd = [
        sys.executable, "-m", "pytest", str(tests_dir),
        "--target", str(target), "--te-report", str(report_path),
        "-q", "--no-header", "-p", "no:cacheprovider", "-o", "addopts=",
        "--rootdir", str(tests_dir), "--tb=line",
        "--te-test-timeout", str(TEST_TIMEOUT_S),  # one endless loop fails its test, not the whole check
    ]
    if lessons:
        cmd += ["--te-lessons", ",".join(str(n) for n in lessons)]
    return cmd


def run_tests(target: Path, *, lessons: Sequence[int] | None = None, tests_dir: Path | None = None,
              timeout_s: float | None = 600) -> tuple[str, list[dict]]:
    """Run the grading tests on ``target`` in a child process; return (status, per-test records)."""
    tests_dir = Path(tests_dir) if tests_dir else default_tests_dir()
    with tempfile.TemporaryDirectory(prefix="token-economics-grade-") as tmp:
        report_path = Path(tmp) / "records.json"
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        try:
            proc = subprocess.run(
                _plugin_command(tests_dir, target, report_path, lessons),
                cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout_s,
            )
        except subprocess.TimeoutExpired:
            return "timeout", []
        if report_path.exists():
            try:
                return "ok", json.loads(report_path.read_text(encoding="utf-8"))["records"]
            except (json.JSONDecodeError, KeyError, TypeError):
                pass
        if proc.returncode in (0, 1, 5):
            raise GradingError(f"the grading tests ran but wrote no report:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        return "crash", []


def grade(target: str | os.PathLike, *, lessons: Sequence[int] | None = None,
          tests_dir: str | os.PathLike | None = None, timeout_s: float | None = 600) -> Report:
    """Grade the exercise files in ``target`` (a folder shaped like ``exercises/``).

    Args:
        target: folder holding ``lessonN/exMM_*.py`` files.
        lessons: only these lessons (default: all).
        tests_dir: grading tests to use (default: the course's own).
        timeout_s: wall-clock limit for the whole test run, in seconds.

    Raises:
        GradingError: if ``target`` is not a folder or the tests cannot run.
    """
    target = Path(target).resolve()
    if not target.is_dir():
        raise GradingError(f"{target} is not a folder")
    selected = exercises(lessons)
    status, records = run_tests(target, lessons=lessons, tests_dir=Path(tests_dir) if tests_dir else None,
                                timeout_s=timeout_s)
    by_id: dict[str, list[dict]] = {}
    for record in records:
        by_id.setdefault(record["exercise"], []).append(record)
    results = []
    for ex in selected:
        recs = by_id.get(ex.id, [])
        if status != "ok":
            key, detail = status, None
        elif not (target / ex.file).exists():
            key, detail = "missing_file", None
        elif not recs:
            key, detail = "no_tests", None
        else:
            failed = [r for r in recs if r["outcome"] != "passed"]
            key = (failed[0]["hint_key"] or "default") if failed else None
            detail = failed[0]["message"] if failed else None
        passed = key is None
        results.append(ExerciseResult(
            id=ex.id, lesson=ex.lesson, title=ex.title, points=ex.points,
            earned=ex.points if passed else 0, passed=passed,
            hint=None if passed else ex.hint(key), hint_key=key, detail=detail,
        ))
    return Report(target=str(target), results=results, status=status)


def format_scorecard(report: Report, *, color: bool = False) -> str:
    """A plain-text scorecard: each exercise with its points and, on failure, its hint; totals per lesson."""
    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines = [f"Grading {report.target}"]
    if report.status != "ok":
        lines.append(paint(f"The test run ended with status '{report.status}'.", "31"))
    lessons = sorted({r.lesson for r in report.results})
    for lesson in lessons:
        rows = [r for r in report.results if r.lesson == lesson]
        earned, possible = sum(r.earned for r in rows), sum(r.points for r in rows)
        lines.append("")
        lines.append(paint(f"Lesson {lesson} — {LESSON_TITLES.get(lesson, '')}   {earned}/{possible} points", "1"))
        for r in rows:
            mark = paint("PASS", "32") if r.passed else paint("FAIL", "31")
            lines.append(f"  {mark}  {r.id:<28} {r.title:<44} {r.earned}/{r.points}")
            if not r.passed and r.hint:
                lines.append(f"        hint: {r.hint}")
    lines.append("")
    width = 20
    for lesson in lessons:
        rows = [r for r in report.results if r.lesson == lesson]
        share = sum(r.earned for r in rows) / max(1, sum(r.points for r in rows))
        bar = "#" * round(share * width) + "." * (width - round(share * width))
        lines.append(f"  Lesson {lesson} [{bar}] {share:4.0%}")
    total_share = report.earned / report.possible if report.possible else 0.0
    lines.append(paint(f"Total: {report.earned}/{report.possible} points ({total_share:.0%})", "1"))
    return "\n".join(lines)
