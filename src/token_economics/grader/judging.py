"""Start the judge (pytest with :mod:`token_economics.grader.judge`) on a job, and read its report.

Used by ``check`` (one folder) and ``grade`` (a class, several judges in parallel). The judge
is a child process of the trusted grader running only the instructor's tests; the learner's
code runs further down, in the runners it starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from token_economics.grader.hints import exercises
from token_economics.grader.report import Report, build_report
from token_economics.grader.sandbox import Limits

__all__ = ["GradingError", "default_tests_dir", "run_judge", "grade"]


class GradingError(RuntimeError):
    """The grader could not run (bad target folder, tests missing); not a learner's mistake."""


def default_tests_dir() -> Path:
    """Where the grading tests are: the checkout's ``tests/exercises``, or the copy shipped in the wheel."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parents[1] / "tests" / "exercises", package / "_course" / "tests" / "exercises"):
        if candidate.is_dir():
            return candidate
    raise GradingError("the grading tests were not found; pass --tests DIR")


def run_judge(submissions: Sequence[tuple[str, Path]], *, lessons: Sequence[int] | None, tests_dir: Path,
              limits: Limits, isolation: str = "auto", hide: Sequence[Path] = (),
              on_done: Callable[[dict], None] | None = None) -> dict:
    """Run the grading tests on ``submissions`` in one judge process; return its report (JSON data).

    ``on_done`` is called with ``{"name", "records", "info"}`` as soon as each submission is
    graded (for a progress bar), from another thread.

    Raises:
        GradingError: if the judge could not run or wrote no report (a fault of the grader's, not a learner's).
    """
    with tempfile.TemporaryDirectory(prefix="te-judge-") as tmp:
        folder = Path(tmp)
        report_path = folder / "report.json"
        job = {"submissions": [{"name": name, "path": str(path)} for name, path in submissions],
               "lessons": list(lessons) if lessons else None, "limits": _limits_json(limits),
               "isolation": isolation, "hide": [str(p) for p in hide], "report": str(report_path)}
        progress_read, progress_write = os.pipe()
        job["progress_fd"] = progress_write
        (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
        (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        command = [sys.executable, "-m", "pytest", str(tests_dir), "-p", "token_economics.grader.judge",
                   "--te-job", str(folder / "job.json"), "-c", str(folder / "pytest.ini"),
                   "--rootdir", str(tests_dir), "--confcutdir", str(tests_dir), "-p", "no:cacheprovider",
                   "-q", "--no-header", "--tb=no", "-o", "addopts=", "-o", "console_output_style=classic"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        env.update(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        backstop = len(submissions) * (limits.submission_timeout_s + 60) + 120
        started = time.monotonic()
        reader = threading.Thread(target=_read_progress, args=(progress_read, on_done), daemon=True)
        reader.start()
        try:
            proc = subprocess.run(command, cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=backstop, pass_fds=(progress_write,))
        except subprocess.TimeoutExpired:
            raise GradingError(f"the grader's own test run did not finish in {backstop:.0f} s") from None
        finally:
            os.close(progress_write)
            reader.join(timeout=10)
        try:
            data = json.loads(report_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            tail = (proc.stdout[-2000:] + proc.stderr[-3000:]).strip()
            raise GradingError(f"the grading tests wrote no report (exit {proc.returncode}):\n{tail}") from None
        data["seconds"] = time.monotonic() - started
        if proc.returncode not in (0, 1):
            errors = [line for line in proc.stdout.splitlines() if line.startswith(("ERROR", "E "))]
            if errors and not any(s.get("records") for s in data.get("submissions", {}).values()):
                raise GradingError("the grading tests could not run:\n" + "\n".join(errors[-10:]))
        return data


def _read_progress(fd: int, on_done: Callable[[dict], None] | None) -> None:
    with os.fdopen(fd, "rb") as stream:
        for line in stream:
            if on_done is None:
                continue
            try:
                on_done(json.loads(line))
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue


def _limits_json(limits: Limits) -> dict:
    from dataclasses import asdict

    return asdict(limits)


def grade(target: str | os.PathLike, *, lessons: Sequence[int] | None = None,
          tests_dir: str | os.PathLike | None = None, limits: Limits | None = None,
          isolation: str = "auto") -> Report:
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
    data = run_judge([("target", target)], lessons=lessons, tests_dir=tests, limits=limits or Limits(),
                     isolation=isolation, hide=[tests])
    entry = data.get("submissions", {}).get("target", {})
    return build_report(str(target), exercises(lessons), entry.get("records", []), entry.get("info"))
