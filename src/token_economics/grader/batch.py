"""Grade a whole class: many submissions, in parallel, each learner's code in its own sandbox.

``token-economics grade SUBMISSION... --out grades.csv`` calls :func:`grade_many`. A
submission is a folder shaped like ``exercises/`` or a ``.zip`` of one; its name (folder
name, or zip name without ``.zip``) is the student id.

``jobs`` judges (pytest processes running the instructor's tests, see
:mod:`token_economics.grader.judging`) take the submissions one at a time, each the next one
as soon as it is free; each submission's code runs in its own runner
(:mod:`token_economics.grader.runner`) inside a bubblewrap sandbox. Every submission gets
exactly one row, whatever happened.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from token_economics.grader.exports import csv_text
from token_economics.grader.hints import Exercise, exercises
from token_economics.grader.judging import GradingError, Judge, default_tests_dir
from token_economics.grader.report import STATUSES, ExerciseResult, Report, build_report
from token_economics.grader.sandbox import Limits, detect

__all__ = ["STATUSES", "BatchResult", "UnisolatedError", "grade_many", "write_atomic", "progress_bar"]


class UnisolatedError(GradingError):
    """``grade`` was asked to run where bubblewrap cannot isolate submissions, without permission."""


def _student_id(path: Path) -> str:
    return path.name[:-4] if path.suffix.lower() == ".zip" else path.name


def _unique_ids(paths: Sequence[Path]) -> list[tuple[str, Path]]:
    seen: Counter[str] = Counter()
    out = []
    for path in paths:
        base = _student_id(path)
        seen[base] += 1
        out.append((base if seen[base] == 1 else f"{base}-{seen[base]}", path))
    return out


#: Hint keys that say an exercise was not attempted, or never ran to a verdict: they are not
#: misconceptions, and the summary counts them apart.
NOT_ATTEMPTED = ("not_started", "missing_file", "symlink")
RUN_PROBLEMS = (
    "timeout",
    "crash",
    "memory",
    "exited",
    "output_too_large",
    "files_changed",
    "syntax_error",
    "import_error",
    "missing_function",
    "forbidden",
    "no_tests",
)


@dataclass
class BatchResult:
    """All rows (one :class:`Report` per submission, in name order) and the exercises graded.

    ``late`` holds, per submission graded against a deadline, ``{"submitted_at", "deadline",
    "late", "penalty_points"}``; the grade sheet then has ``submitted_at`` and ``late`` columns
    (and ``penalty`` and ``score`` when a late penalty applies).
    """

    exercises: list[Exercise]
    rows: list[Report]
    seconds: float
    isolation: dict
    late: dict[str, dict] = field(default_factory=dict)
    penalty_percent: float = 0.0
    paths: dict[str, Path] = field(default_factory=dict)  #: submission name → its folder or zip

    def score(self, row: Report) -> float:
        """Points after any late penalty."""
        return round(row.earned - self.late.get(row.target, {}).get("penalty_points", 0.0), 2)

    def csv_text(self) -> str:
        """The grade sheet: ``submission,status,isolation,earned,possible,<exercise ids…>``, sorted.

        Cells a spreadsheet would take for a formula (a submission named ``=HYPERLINK(…)``) are
        neutralised with a leading apostrophe; the JSON keeps every name exactly.
        """
        header = ["submission", "status", "isolation", "earned", "possible"]
        if self.late:
            header += ["submitted_at", "late"]
            if self.penalty_percent:
                header += ["penalty", "score"]
        header += [ex.id for ex in self.exercises]
        lines = []
        for row in self.rows:
            points = {r.id: r.earned for r in row.results}
            line: list = [row.target, row.status, row.isolation_kind, row.earned, row.possible]
            if self.late:
                info = self.late.get(row.target, {})
                line += [info.get("submitted_at") or "", "yes" if info.get("late") else "no"]
                if self.penalty_percent:
                    line += [info.get("penalty_points", 0.0), self.score(row)]
            lines.append(line + [points.get(ex.id, 0) for ex in self.exercises])
        return csv_text(header, lines)

    def json_data(self) -> dict:
        """Per-submission detail: each failed exercise's hint and error (the student feedback)."""
        return {
            "exercises": [
                {"id": ex.id, "lesson": ex.lesson, "title": ex.title, "points": ex.points, "parts": ex.parts}
                for ex in self.exercises
            ],
            "isolation": self.isolation,
            "submissions": [
                {
                    "submission": row.target,
                    "status": row.status,
                    "isolation": row.isolation_kind,
                    "earned": row.earned,
                    "possible": row.possible,
                    "seconds": round(row.seconds, 2),
                    **({"late": self.late[row.target], "score": self.score(row)} if row.target in self.late else {}),
                    "events": row.events,
                    "notes": row.notes,
                    "output_bytes": row.output_bytes,
                    "exercises": [
                        {
                            "id": r.id,
                            "earned": r.earned,
                            "passed": r.passed,
                            "hint": r.hint,
                            "hint_key": r.hint_key,
                            "error": r.error,
                            "reference_used": r.reference_used,
                            "parts": r.parts,
                        }
                        for r in row.results
                    ],
                }
                for row in self.rows
            ],
        }

    def _results(self, ex_id: str):
        return [r for row in self.rows for r in row.results if r.id == ex_id]

    def pass_rates(self) -> dict[str, float]:
        """Exercise id → share of the submissions that ATTEMPTED it which passed it."""
        out = {}
        for ex in self.exercises:
            attempted = [r for r in self._results(ex.id) if r.hint_key not in NOT_ATTEMPTED]
            out[ex.id] = sum(r.passed for r in attempted) / len(attempted) if attempted else 0.0
        return out

    def counts(self) -> dict[str, dict[str, int]]:
        """Exercise id → how many submissions passed, failed on a misconception or otherwise, had a
        problem running, or did not attempt it (untouched stub or missing file)."""
        out = {}
        for ex in self.exercises:
            results = self._results(ex.id)
            out[ex.id] = {
                "passed": sum(r.passed for r in results),
                "not_attempted": sum(r.hint_key in NOT_ATTEMPTED for r in results),
                "run_problem": sum(r.hint_key in RUN_PROBLEMS for r in results),
                "failed": sum(not r.passed and r.hint_key not in NOT_ATTEMPTED + RUN_PROBLEMS for r in results),
            }
        return out

    def frequent_hints(self, top: int = 5) -> list[tuple[str, str, int]]:
        """The most frequent (exercise id, hint, count) among misconceptions: failures of attempted
        exercises that ran to a verdict."""
        counter: Counter[tuple[str, str]] = Counter()
        for row in self.rows:
            for r in row.results:
                if not r.passed and r.hint and r.hint_key not in NOT_ATTEMPTED + RUN_PROBLEMS:
                    counter[(r.id, r.hint)] += 1
        return [(ex_id, hint, n) for (ex_id, hint), n in counter.most_common(top)]

    def summary_text(self) -> str:
        lines = [
            f"Graded {len(self.rows)} submissions in {self.seconds:.1f} s "
            f"(isolation: {self.isolation.get('kind', 'none')})."
        ]
        statuses = Counter(r.status for r in self.rows)
        lines.append("Status: " + ", ".join(f"{s} {statuses[s]}" for s in STATUSES if statuses[s]))
        if self.late:
            lines.append(f"Late: {sum(1 for v in self.late.values() if v.get('late'))} of {len(self.rows)}.")
        lines.append("")
        lines.append(
            "Pass rate per exercise, among the submissions that attempted it "
            "(not attempted: untouched or missing; problems: timeouts, crashes, errors):"
        )
        counts = self.counts()
        for ex_id, rate in self.pass_rates().items():
            c = counts[ex_id]
            bar = "#" * round(rate * 20)
            lines.append(
                f"  {ex_id:<28} {bar:<20} {rate:5.0%}   not attempted {c['not_attempted']:>3}, "
                f"problems {c['run_problem']:>3}"
            )
        hints = self.frequent_hints()
        if hints:
            lines.append("")
            lines.append("Most frequent misconceptions (what the class misunderstood):")
            for ex_id, hint, n in hints:
                lines.append(f"  {n:3}× {ex_id}: {hint}")
        return "\n".join(lines)

    def pass_rate_figure(self):
        """A bar chart of the pass rate per exercise among submissions that attempted it (matplotlib Figure)."""
        from token_economics.plotting import PALETTE, finish, new_figure

        rates = self.pass_rates()
        fig, ax = new_figure(7.0, max(2.5, 0.35 * len(rates) + 1))
        ids = list(rates)[::-1]
        ax.barh(ids, [rates[i] * 100 for i in ids], color=PALETTE[0])
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of the submissions that attempted it which pass")
        ax.set_title(f"Pass rate per exercise ({len(self.rows)} submissions)")
        return finish(fig)


def _grader_failed_row(name: str, selected: Sequence[Exercise], why: str, isolation: dict) -> Report:
    results = [
        ExerciseResult(
            ex.id, ex.lesson, ex.title, ex.points, 0, False, f"The grader failed on this submission: {why}", "crash"
        )
        for ex in selected
    ]
    return Report(
        target=name,
        results=results,
        status="crash",
        isolation=isolation,
        events=[{"kind": "crash", "file": None, "detail": f"the grader failed: {why}"[:500]}],
    )


def grade_many(
    paths: Sequence[str | os.PathLike],
    *,
    lessons: Sequence[int] | None = None,
    tests_dir: str | os.PathLike | None = None,
    jobs: int | None = None,
    limits: Limits | None = None,
    allow_unisolated: bool = False,
    shard_of: tuple[int, int] | None = None,
    progress: Callable[[int, int, Report], None] | None = None,
) -> BatchResult:
    """Grade every submission, ``jobs`` judges at a time; one row per submission, in name order.

    With ``shard_of=(i, N)`` only the i-th of N deterministic slices is graded (see :func:`shard`).

    Raises:
        ValueError: for no submissions or a bad ``jobs``.
        UnisolatedError: if bubblewrap cannot run here and ``allow_unisolated`` is False.
    """
    if not paths:
        raise ValueError("no submissions given")
    jobs = jobs or max(1, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number ≥ 1, not {jobs!r}")
    limits = limits or Limits()
    isolation = detect()
    if not isolation.isolated and not allow_unisolated:
        raise UnisolatedError(
            f"submissions cannot be isolated on this machine ({isolation.reason}). Grading would run each "
            "student's code with your user's rights and network. Run on Linux with bubblewrap, or pass "
            "--allow-unisolated if you accept that."
        )
    tests = Path(tests_dir).resolve() if tests_dir else default_tests_dir()
    selected = exercises(lessons)
    named = _unique_ids([Path(p).absolute() for p in paths])  # judges run in folders of their own
    if shard_of is not None:
        named = shard(named, *shard_of)
    hide = [tests, *(Path(os.path.realpath(p)) for _, p in named)]
    started = time.monotonic()
    finished: dict[str, Report] = {}
    lock = threading.Lock()
    queue = list(reversed(named))  # popped from the end: name order

    def record(name: str, row: Report) -> None:
        with lock:
            finished[name] = row
            if progress:
                progress(len(finished), len(named), row)

    def next_submission() -> tuple[str, Path] | None:
        with lock:
            return queue.pop() if queue else None

    def new_judge() -> Judge:
        return Judge(
            tests_dir=tests,
            lessons=lessons,
            limits=limits,
            isolation="bwrap" if isolation.isolated else "none",
            hide=hide,
        )

    def work() -> None:
        try:
            judge = new_judge()
        except Exception:  # noqa: BLE001 - this worker cannot start: the others go on, leftovers get rows below
            return
        try:
            while (item := next_submission()) is not None:
                name, path = item
                try:
                    data = judge.grade(name, path)
                except Exception as exc:  # noqa: BLE001 - the grader failed, not the student: a row, a new judge
                    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    record(name, _grader_failed_row(name, selected, why, isolation.to_json()))
                    judge.close()
                    try:
                        judge = new_judge()
                    except Exception:  # noqa: BLE001
                        return
                    continue
                if isinstance(data.get("info"), dict):
                    record(name, build_report(name, selected, data.get("records", []), data["info"]))
                else:
                    record(name, _grader_failed_row(name, selected, "no result came back", isolation.to_json()))
        finally:
            judge.close()

    workers = [threading.Thread(target=work, name=f"te-judge-{i}") for i in range(min(jobs, len(named)))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for name, _ in named:  # a judge that could not even start: its submissions still get their rows
        if name not in finished:
            record(name, _grader_failed_row(name, selected, "no judge could grade it", isolation.to_json()))
    rows = sorted(finished.values(), key=lambda r: r.target)
    return BatchResult(
        exercises=selected,
        rows=rows,
        seconds=time.monotonic() - started,
        isolation=isolation.to_json(),
        paths=dict(named),
    )


def _file_mode() -> int:
    """The mode a new file gets under the current umask (0o644 under the usual 022): readable by
    the instructor's group, unlike a temporary file's 0o600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_problems(outputs: dict[str, Path], submissions: Sequence[Path], *, folders: Sequence[str] = ()) -> list[str]:
    """Why an output path cannot be used, checked before grading starts (empty when all are fine).

    Refused: an output equal to or inside a submission (or one that holds a submission), two
    outputs on one path, a file output that is a folder, and a path that cannot be written.
    ``folders`` names the outputs that are folders (``--feedback-dir``).
    """
    problems = []
    subs = [Path(os.path.realpath(p)) for p in submissions]
    seen: dict[Path, str] = {}
    for label, path in outputs.items():
        real = Path(os.path.realpath(path))
        if real in seen:
            problems.append(f"{label} {path} is the same path as {seen[real]}")
        seen[real] = label
        for sub in subs:
            if real == sub or sub in real.parents:
                problems.append(f"{label} {path} would write into the submission {sub.name}")
            elif real in sub.parents:
                problems.append(f"{label} {path} holds the submission {sub.name}")
        if label in folders:
            if real.exists() and not real.is_dir():
                problems.append(f"{label} {path} exists and is not a folder")
        elif real.is_dir():
            problems.append(f"{label} {path} is a folder, not a file")
        existing = real if label in folders and real.is_dir() else real.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not os.access(existing, os.W_OK | os.X_OK) or (real.exists() and not os.access(real, os.W_OK)):
            problems.append(f"{label} {path} cannot be written (no permission in {existing})")
    return problems


def shard(named: Sequence[tuple[str, Path]], index: int, count: int) -> list[tuple[str, Path]]:
    """Slice ``index`` (1-based) of ``count``: every count-th submission in name order, so each
    shard gets a fair mix and the same inputs always give the same slices."""
    if not (isinstance(index, int) and isinstance(count, int) and 1 <= index <= count):
        raise ValueError(f"a shard is i/N with 1 ≤ i ≤ N, not {index}/{count}")
    ordered = sorted(named, key=lambda item: item[0])
    return [item for position, item in enumerate(ordered) if position % count == index - 1]


def lateness(
    rows: Sequence[Report],
    paths: dict[str, Path],
    deadline,
    *,
    roster: dict | None = None,
    penalty_percent: float = 0.0,
) -> dict[str, dict]:
    """Per submission: when it was handed in, whether after ``deadline``, and the penalty in points."""
    from token_economics.grader.exports import submitted_at

    out = {}
    for row in rows:
        when = submitted_at(paths[row.target], (roster or {}).get(row.target))
        late = when is not None and when > deadline
        out[row.target] = {
            "submitted_at": when.isoformat(timespec="seconds") if when else None,
            "deadline": deadline.isoformat(timespec="seconds"),
            "late": late,
            "penalty_points": round(row.earned * penalty_percent / 100, 2) if late else 0.0,
        }
    return out


def progress_bar(stream=sys.stderr) -> Callable[[int, int, Report], None]:
    """A progress bar for :func:`grade_many` (tqdm), naming the last submission graded and its row."""
    from tqdm import tqdm

    bar: dict = {}

    def show(done: int, total: int, row: Report) -> None:
        if "tqdm" not in bar:
            bar["tqdm"] = tqdm(
                total=total, file=stream, unit="submission", ncols=100, ascii=True, leave=True, mininterval=0
            )
        bar["tqdm"].set_postfix_str(f"last: {row.target} ({row.status}, {row.earned}/{row.possible})", refresh=False)
        bar["tqdm"].update(done - bar["tqdm"].n)
        bar["tqdm"].refresh()
        if done >= total:
            bar["tqdm"].close()

    return show
