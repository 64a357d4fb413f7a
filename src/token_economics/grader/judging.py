"""Judges: long-lived pytest processes that grade one submission after another.

``check`` starts one judge for one folder; ``grade`` starts ``--jobs`` judges and hands each
the next submission as soon as it is free, so a slow submission does not hold up the others.
A judge runs one pytest session per submission (:mod:`token_economics.grader.judge`), with
the instructor's tests, which stay imported between sessions (and so do the expected values
they cache). It is a trusted child of the grader: the learner's code runs further down, in
the runners it starts.

Between the grader and a judge: one JSON line per job on the judge's standard input, one
JSON line per result on a pipe of its own (pytest's output goes elsewhere).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from token_economics.grader.hints import exercises
from token_economics.grader.report import Report, build_report
from token_economics.grader.sandbox import Limits

__all__ = ["GradingError", "Judge", "default_tests_dir", "grade"]

#: Seconds a judge may take beyond a submission's own time budget before it counts as stuck.
JUDGE_MARGIN_S = 120.0


class GradingError(RuntimeError):
    """The grader could not run (bad target folder, tests missing); not a learner's mistake."""


def default_tests_dir() -> Path:
    """Where the grading tests are: the checkout's ``tests/exercises``, or the copy shipped in the wheel."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parents[1] / "tests" / "exercises", package / "_course" / "tests" / "exercises"):
        if candidate.is_dir():
            return candidate
    raise GradingError("the grading tests were not found; pass --tests DIR")


class Judge:
    """One judge process; :meth:`grade` sends it a submission and waits for the result."""

    def __init__(
        self,
        *,
        tests_dir: Path,
        lessons: Sequence[int] | None,
        limits: Limits,
        isolation: str = "auto",
        hide: Sequence[Path] = (),
    ) -> None:
        self.tests_dir, self.lessons, self.limits = Path(tests_dir), lessons, limits
        self.isolation, self.hide = isolation, [str(p) for p in hide]
        self._folder = Path(tempfile.mkdtemp(prefix="te-judge-"))
        self._log = open(self._folder / "judge.log", "w+b")  # noqa: SIM115 - pytest's output, for errors
        result_read, result_write = os.pipe()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        env.update(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        command = [
            sys.executable,
            "-m",
            "token_economics.grader.judging",
            "--worker",
            str(self.tests_dir),
            str(result_write),
        ]
        try:
            self._proc = subprocess.Popen(
                command,
                cwd=self._folder,
                env=env,
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                pass_fds=(result_write,),
            )
        finally:
            os.close(result_write)
        self._results = os.fdopen(result_read, "rb")
        self._count = 0

    def grade(self, name: str, path: Path, *, warm: bool = False) -> dict:
        """``{"name", "records", "info", …}`` for one submission.

        Raises:
            GradingError: if the judge died or took far longer than the submission's budget.
        """
        self._count += 1
        job = {
            "submission": {"name": name, "path": str(path)},
            "lessons": list(self.lessons) if self.lessons else None,
            "limits": asdict(self.limits),
            "isolation": self.isolation,
            "hide": self.hide,
            "warm": warm,
            "report": str(self._folder / f"report-{self._count}.json"),
        }
        try:
            self._proc.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise GradingError(f"the judge stopped: {self._tail()}") from None
        answer: dict = {}
        reader = threading.Thread(target=lambda: answer.update(line=self._results.readline()), daemon=True)
        reader.start()
        reader.join(self.limits.submission_timeout_s + JUDGE_MARGIN_S)
        if reader.is_alive():
            self.close()
            raise GradingError(f"the judge did not finish {name} in time")
        line = answer.get("line") or b""
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            self.close()
            raise GradingError(f"the judge stopped while grading {name}: {self._tail()}") from None
        if data.get("error"):
            raise GradingError(data["error"])
        return data

    def _tail(self) -> str:
        try:
            self._log.flush()
            self._log.seek(0)
            text = self._log.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return "(no output)"
        lines = [line for line in text.splitlines() if line.strip()]
        return "\n".join(lines[-15:]) or "(no output)"

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._results.close()
        self._log.close()
        import shutil

        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _worker(tests_dir: str, result_fd: int) -> None:
    """A judge's main loop: one pytest session per job line, one result line per job."""
    import pytest

    results = os.fdopen(result_fd, "wb")
    folder = Path.cwd()
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for line in sys.stdin:
        job = json.loads(line)
        job_path = folder / "job.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        report = Path(job["report"])
        started = time.monotonic()
        code = pytest.main(
            [
                tests_dir,
                "-p",
                "token_economics.grader.judge",
                "--te-job",
                str(job_path),
                "-c",
                str(folder / "pytest.ini"),
                "--rootdir",
                tests_dir,
                "--confcutdir",
                tests_dir,
                "-p",
                "no:cacheprovider",
                "-q",
                "--no-header",
                "--tb=no",
                "-o",
                "addopts=",
            ]
        )
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
            report.unlink()
        except (OSError, json.JSONDecodeError):
            data = {"error": f"the grading tests could not run (pytest exit {int(code)}); see the output above"}
        if int(code) not in (0, 1) and not data.get("records") and "error" not in data:
            data["error"] = f"the grading tests could not run (pytest exit {int(code)})"
        import resource

        data["judge_seconds"] = round(time.monotonic() - started, 3)
        data["judge_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results.write((json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"))
        results.flush()


def grade(
    target: str | os.PathLike,
    *,
    lessons: Sequence[int] | None = None,
    tests_dir: str | os.PathLike | None = None,
    limits: Limits | None = None,
    isolation: str = "auto",
) -> Report:
    """Grade the exercise files in ``target`` (a folder shaped like ``exercises/``) — what ``check`` does.

    Args:
        target: folder holding ``lessonN/exMM_*.py`` files.
        lessons: only these lessons (default: all).
        tests_dir: grading tests to use (default: the course's own).
        limits: time, memory and output limits (default: :class:`Limits`).
        isolation: ``auto`` (bubblewrap where it works), ``bwrap`` (required) or ``none``.

    Raises:
        GradingError: if ``target`` is not a folder or the tests cannot run.
    """
    target = Path(target).resolve()
    if not target.is_dir():
        raise GradingError(f"{target} is not a folder")
    tests = Path(tests_dir).resolve() if tests_dir else default_tests_dir()
    with Judge(tests_dir=tests, lessons=lessons, limits=limits or Limits(), isolation=isolation, hide=[tests]) as judge:
        data = judge.grade("target", target, warm=True)
    return build_report(str(target), exercises(lessons), data.get("records", []), data.get("info"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: python -m token_economics.grader.judging --worker TESTS_DIR RESULT_FD (started by the grader)")
