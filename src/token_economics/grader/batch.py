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

import csv
import io
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

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


@dataclass
class BatchResult:
    """All rows (one :class:`Report` per submission, in name order) and the exercises graded."""

    exercises: list[Exercise]
    rows: list[Report]
    seconds: float
    isolation: dict

    def csv_text(self) -> str:
        """The grade sheet: ``submission,status,isolation,earned,possible,<exercise ids…>``, sorted."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["submission", "status", "isolation", "earned", "possible", *[ex.id for ex in self.exercises]])
        for row in self.rows:
            points = {r.id: r.earned for r in row.results}
            writer.writerow([row.target, row.status, row.isolation_kind, row.earned, row.possible,
                             *[points.get(ex.id, 0) for ex in self.exercises]])
        return buffer.getvalue()

    def json_data(self) -> dict:
        """Per-submission detail: each failed exercise's hint and error (the student feedback)."""
        return {
            "exercises": [{"id": ex.id, "lesson": ex.lesson, "title": ex.title, "points": ex.points}
                          for ex in self.exercises],
            "isolation": self.isolation,
            "submissions": [
                {"submission": row.target, "status": row.status, "isolation": row.isolation_kind,
                 "earned": row.earned, "possible": row.possible, "seconds": round(row.seconds, 2),
                 "events": row.events, "notes": row.notes, "output_bytes": row.output_bytes,
                 "exercises": [{"id": r.id, "earned": r.earned, "passed": r.passed, "hint": r.hint,
                                "hint_key": r.hint_key, "error": r.error, "reference_used": r.reference_used}
                               for r in row.results]}
                for row in self.rows
            ],
        }

    def pass_rates(self) -> dict[str, float]:
        """Exercise id → share of submissions that passed it."""
        n = len(self.rows) or 1
        return {ex.id: sum(1 for row in self.rows for r in row.results if r.id == ex.id and r.passed) / n
                for ex in self.exercises}

    def frequent_hints(self, top: int = 5) -> list[tuple[str, str, int]]:
        """The most frequent (exercise id, hint, count) among failures that were not just 'not started'."""
        counter: Counter[tuple[str, str]] = Counter()
        for row in self.rows:
            for r in row.results:
                if not r.passed and r.hint and r.hint_key != "not_started":
                    counter[(r.id, r.hint)] += 1
        return [(ex_id, hint, n) for (ex_id, hint), n in counter.most_common(top)]

    def summary_text(self) -> str:
        lines = [f"Graded {len(self.rows)} submissions in {self.seconds:.1f} s "
                 f"(isolation: {self.isolation.get('kind', 'none')})."]
        statuses = Counter(r.status for r in self.rows)
        lines.append("Status: " + ", ".join(f"{s} {statuses[s]}" for s in STATUSES if statuses[s]))
        lines.append("")
        lines.append("Pass rate per exercise:")
        for ex_id, rate in self.pass_rates().items():
            bar = "#" * round(rate * 20)
            lines.append(f"  {ex_id:<28} {bar:<20} {rate:5.0%}")
        hints = self.frequent_hints()
        if hints:
            lines.append("")
            lines.append("Most frequent hints (what the class misunderstood):")
            for ex_id, hint, n in hints:
                lines.append(f"  {n:3}× {ex_id}: {hint}")
        return "\n".join(lines)

    def pass_rate_figure(self):
        """A bar chart of the pass rate per exercise (matplotlib Figure)."""
        from token_economics.plotting import PALETTE, finish, new_figure

        rates = self.pass_rates()
        fig, ax = new_figure(7.0, max(2.5, 0.35 * len(rates) + 1))
        ids = list(rates)[::-1]
        ax.barh(ids, [rates[i] * 100 for i in ids], color=PALETTE[0])
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of submissions that pass")
        ax.set_title(f"Pass rate per exercise ({len(self.rows)} submissions)")
        return finish(fig)


def _grader_failed_row(name: str, selected: Sequence[Exercise], why: str, isolation: dict) -> Report:
    results = [ExerciseResult(ex.id, ex.lesson, ex.title, ex.points, 0, False,
                              f"The grader failed on this submission: {why}", "crash") for ex in selected]
    return Report(target=name, results=results, status="crash", isolation=isolation,
                  events=[{"kind": "crash", "file": None, "detail": f"the grader failed: {why}"[:500]}])


def grade_many(paths: Sequence[str | os.PathLike], *, lessons: Sequence[int] | None = None,
               tests_dir: str | os.PathLike | None = None, jobs: int | None = None,
               limits: Limits | None = None, allow_unisolated: bool = False,
               progress: Callable[[int, int, Report], None] | None = None) -> BatchResult:
    """Grade every submission, ``jobs`` judges at a time; one row per submission, in name order.

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
            "--allow-unisolated if you accept that.")
    tests = Path(tests_dir).resolve() if tests_dir else default_tests_dir()
    selected = exercises(lessons)
    named = _unique_ids([Path(p).absolute() for p in paths])  # judges run in folders of their own
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
        return Judge(tests_dir=tests, lessons=lessons, limits=limits,
                     isolation="bwrap" if isolation.isolated else "none", hide=hide)

    def work() -> None:
        judge = new_judge()
        try:
            while (item := next_submission()) is not None:
                name, path = item
                try:
                    data = judge.grade(name, path)
                except GradingError as exc:  # the judge failed, not the student: still a row, and a new judge
                    record(name, _grader_failed_row(name, selected, str(exc).splitlines()[0], isolation.to_json()))
                    judge.close()
                    judge = new_judge()
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
    rows = sorted(finished.values(), key=lambda r: r.target)
    return BatchResult(exercises=selected, rows=rows, seconds=time.monotonic() - started,
                       isolation=isolation.to_json())


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def progress_bar(stream=sys.stderr) -> Callable[[int, int, Report], None]:
    """A one-line progress bar for :func:`grade_many`."""
    def show(done: int, total: int, row: Report) -> None:
        width = 30
        filled = round(width * done / total)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  last: {row.target} "
                     f"({row.status}, {row.earned}/{row.possible})".ljust(100)[:100])
        if done == total:
            stream.write("\n")
        stream.flush()
    return show


def dump_json(batch: BatchResult) -> str:
    return json.dumps(batch.json_data(), ensure_ascii=False, indent=2) + "\n"
