"""Grade a whole class: many submissions, in parallel, each in its own guarded process.

``token-economics grade SUBMISSION... --out grades.csv`` calls :func:`grade_many`. A
submission is a folder shaped like ``exercises/`` or a ``.zip`` of one; its name (folder
name, or zip name without ``.zip``) is the student id.

For each submission the grader:

1. makes a temporary folder and copies in **only the exercise files** the course knows
   (``lessonN/exMM_*.py``), so a ``conftest.py``, a fake ``pytest.py`` or a fake
   ``token_economics`` in the submission changes nothing;
2. copies the instructor's grading tests next to it (never the submission's);
3. runs pytest on them in a child process with a wall-clock timeout, a memory limit, a file
   size limit, a per-test time limit, no network where the OS allows (``unshare --net``),
   and the guards of :mod:`token_economics.sandbox`;
4. turns what the child reports into exactly one row, whatever happened.

The instructor's files are never written: everything happens in temporary folders.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from token_economics.grading import Exercise, default_tests_dir, exercises

STATUSES = ("ok", "timeout", "crash", "syntax-error", "missing-files", "memory")

#: Defaults, chosen for a 2-core laptop grading a class: generous for correct code, short for loops.
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_TEST_TIMEOUT_S = 30.0
DEFAULT_MEMORY_BYTES = 4 * 1024**3
DEFAULT_MAX_FILE_BYTES = 64 * 1024**2
MAX_ZIP_BYTES = 50 * 1024**2  # uncompressed, per submission


@dataclass
class SubmissionResult:
    """One row of the grade sheet."""

    submission: str
    status: str
    points: dict[str, int]  #: exercise id → points earned
    possible: int
    hints: dict[str, str] = field(default_factory=dict)  #: exercise id → hint, for failed exercises
    hint_keys: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def earned(self) -> int:
        return sum(self.points.values())


class SubmissionError(ValueError):
    """A submission that cannot be read at all (not a folder or zip, unsafe zip)."""


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


def _safe_extract(archive: Path, dest: Path) -> Path:
    """Extract a zip with checks (no absolute paths, no '..', bounded size); return the exercises root."""
    try:
        with zipfile.ZipFile(archive) as zf:
            total = 0
            for info in zf.infolist():
                name = info.filename
                if name.startswith(("/", "\\")) or ".." in Path(name).parts or ":" in name:
                    raise SubmissionError(f"{archive.name}: unsafe path in zip: {name!r}")
                total += info.file_size
                if total > MAX_ZIP_BYTES:
                    raise SubmissionError(f"{archive.name}: more than {MAX_ZIP_BYTES // 1024**2} MB uncompressed")
            zf.extractall(dest)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(f"{archive.name}: not a valid zip ({exc})") from None
    return _exercises_root(dest)


def _exercises_root(folder: Path) -> Path:
    """The folder that holds ``lessonN/`` (the submission itself, or one folder down in a zip)."""
    if any(folder.glob("lesson*")):
        return folder
    children = [c for c in folder.iterdir() if c.is_dir() and not c.name.startswith((".", "__MACOSX"))]
    for child in children:
        if any(child.glob("lesson*")):
            return child
        if (child / "exercises").is_dir():
            return child / "exercises"
    if (folder / "exercises").is_dir():
        return folder / "exercises"
    return folder


def _copy_exercise_files(source: Path, dest: Path, selected: Sequence[Exercise]) -> tuple[list[str], list[str]]:
    """Copy the known exercise files; return (missing files, files with a syntax error)."""
    missing, broken = [], []
    for ex in selected:
        src = source / ex.file
        if not src.is_file() or src.is_symlink():
            missing.append(ex.file)
            continue
        target = dest / ex.file
        target.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        target.write_bytes(data)
        try:
            compile(data, ex.file, "exec")
        except (SyntaxError, ValueError):
            broken.append(ex.file)
    return missing, broken


@lru_cache(maxsize=1)
def _network_isolation_prefix() -> tuple[str, ...]:
    """``unshare`` arguments that start a process with no network, where the OS allows it."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return ()
    for prefix in (("unshare", "--net"), ("unshare", "--user", "--map-root-user", "--net")):
        try:
            ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return prefix
    return ()


def network_isolation_available() -> bool:
    """Whether submissions run with no network namespace access at all (Linux with unshare)."""
    return bool(_network_isolation_prefix())


def _instructor_folders(tests_dir: Path) -> tuple[list[Path], list[Path]]:
    """(solutions folders, tests folders): what a submission may not read, wherever it is installed."""
    from token_economics import grading

    package = Path(grading.__file__).resolve().parent
    checkout = package.parents[1]
    solutions = [p for p in (checkout / "solutions", package / "_course" / "solutions") if p.is_dir()]
    tests = [tests_dir.resolve(), *(p for p in (checkout / "tests", package / "_course" / "tests") if p.is_dir())]
    return solutions, tests


def grade_one(student: str, path: Path, *, selected: Sequence[Exercise], tests_dir: Path,
              lessons: Sequence[int] | None, timeout_s: float, test_timeout_s: float,
              memory_bytes: int | None, max_file_bytes: int | None) -> SubmissionResult:
    """Grade one submission (folder or zip) in a guarded child process. Never raises for the submission's faults."""
    started = time.monotonic()
    possible = sum(ex.points for ex in selected)
    zero = {ex.id: 0 for ex in selected}

    def finish(status: str, points: dict[str, int] | None = None, hints=None, keys=None) -> SubmissionResult:
        return SubmissionResult(student, status, points or dict(zero), possible, hints or {}, keys or {},
                                round(time.monotonic() - started, 2))

    with tempfile.TemporaryDirectory(prefix="te-grade-") as tmp_name:
        tmp = Path(tmp_name)
        box = tmp / "box"  # the only folder the submission may write
        work = box / "submission"
        for sub in (work, box / "home", box / "tmp"):
            sub.mkdir(parents=True)
        try:
            if path.is_dir():
                source = _exercises_root(path)
            elif path.is_file() and path.suffix.lower() == ".zip":
                source = _safe_extract(path, tmp / "unzipped")
            else:
                raise SubmissionError(f"{path} is neither a folder nor a .zip")
        except SubmissionError as exc:
            return finish("missing-files", hints={ex.id: str(exc) for ex in selected},
                          keys={ex.id: "missing_file" for ex in selected})
        missing, broken = _copy_exercise_files(source, work, selected)
        tests_copy = tmp / "tests"
        shutil.copytree(tests_dir, tests_copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        report = tmp / "report.json"
        nonce = secrets.token_hex(16)
        cmd = [
            *_network_isolation_prefix(), sys.executable, "-m", "pytest", str(tests_copy),
            "--target", str(work), "--te-report", str(report), "--te-nonce-env",
            "--te-sandbox", "--te-writable", str(box), "--te-test-timeout", str(test_timeout_s),
            "-q", "--no-header", "-p", "no:cacheprovider", "-o", "addopts=", "--rootdir", str(tests_copy),
            "--tb=line",
        ]
        solutions, tests = _instructor_folders(tests_dir)
        for folder in solutions:
            cmd += ["--te-unreadable", str(folder)]
        for folder in [tests_copy, *tests]:
            cmd += ["--te-tests-dir", str(folder)]
        if lessons:
            cmd += ["--te-lessons", ",".join(str(n) for n in lessons)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        env.update(HOME=str(box / "home"), TMPDIR=str(box / "tmp"), MPLCONFIGDIR=str(box / "home"),
                   XDG_CACHE_HOME=str(box / "home"), PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg",
                   PYTHONHASHSEED="0", TE_GRADE_NONCE=nonce)
        preexec = None
        if os.name == "posix":
            from token_economics.sandbox import child_preexec

            def preexec():  # noqa: F811
                child_preexec(memory_bytes, max_file_bytes)

        proc = subprocess.Popen(cmd, cwd=box, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, preexec_fn=preexec)
        timed_out = False
        try:
            _, stderr = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
            _, stderr = proc.communicate()
        if timed_out:
            return finish("timeout", hints={ex.id: "The tests did not finish in time. Look for an endless loop."
                                            for ex in selected}, keys={ex.id: "timeout" for ex in selected})
        records = _read_report(report, nonce)
        if records is None:
            memory = proc.returncode in (-signal.SIGKILL,) or b"MemoryError" in (stderr or b"")
            status = "memory" if memory else "crash"
            key = "memory" if memory else "crash"
            return finish(status, hints={ex.id: _builtin_hint(key) for ex in selected},
                          keys={ex.id: key for ex in selected})

    by_id: dict[str, list[dict]] = {}
    for record in records:
        by_id.setdefault(record.get("exercise"), []).append(record)
    points, hints, keys = {}, {}, {}
    for ex in selected:
        recs = by_id.get(ex.id, [])
        failed = [r for r in recs if r.get("outcome") != "passed"]
        if ex.file in missing:
            key = "missing_file"
        elif ex.file in broken:
            key = "syntax_error"
        elif not recs:
            key = "no_tests"
        elif failed:
            key = failed[0].get("hint_key") or "default"
        else:
            key = None
        points[ex.id] = ex.points if key is None else 0
        if key is not None:
            hints[ex.id], keys[ex.id] = ex.hint(key), key
    # The row's status names the worst thing that happened; the other exercises are still
    # graded (an endless loop in one file costs that exercise, not the whole submission).
    failures = set(keys.values())
    status = "ok"
    if broken:
        status = "syntax-error"
    elif missing:
        status = "missing-files"
    elif "memory" in failures:
        status = "memory"
    elif "timeout" in failures:
        status = "timeout"
    elif failures & {"exited", "crash"}:
        status = "crash"
    return finish(status, points, hints, keys)


def _builtin_hint(key: str) -> str:
    from token_economics.grading import BUILTIN_HINTS

    return BUILTIN_HINTS.get(key, key)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()


def _read_report(path: Path, nonce: str) -> list[dict] | None:
    """The child's records, or None if it wrote none or they do not carry this run's nonce."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("nonce") != nonce or not isinstance(data.get("records"), list):
        return None
    return data["records"]


@dataclass
class BatchResult:
    """All rows, in submission order by name, and the exercises they were graded on."""

    exercises: list[Exercise]
    rows: list[SubmissionResult]
    seconds: float

    def csv_text(self) -> str:
        """The grade sheet: ``submission,status,earned,possible,<exercise ids…>``, sorted by submission."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["submission", "status", "earned", "possible", *[ex.id for ex in self.exercises]])
        for row in self.rows:
            writer.writerow([row.submission, row.status, row.earned, row.possible,
                             *[row.points.get(ex.id, 0) for ex in self.exercises]])
        return buffer.getvalue()

    def json_data(self) -> dict:
        """Per-submission detail, with each failed exercise's hint (the student feedback)."""
        return {
            "exercises": [{"id": ex.id, "lesson": ex.lesson, "title": ex.title, "points": ex.points}
                          for ex in self.exercises],
            "submissions": [
                {"submission": row.submission, "status": row.status, "earned": row.earned,
                 "possible": row.possible,
                 "exercises": [{"id": ex.id, "earned": row.points.get(ex.id, 0),
                                "passed": row.points.get(ex.id, 0) == ex.points,
                                "hint": row.hints.get(ex.id)} for ex in self.exercises]}
                for row in self.rows
            ],
        }

    def pass_rates(self) -> dict[str, float]:
        """Exercise id → share of submissions that passed it."""
        n = len(self.rows) or 1
        return {ex.id: sum(1 for r in self.rows if r.points.get(ex.id, 0) == ex.points) / n
                for ex in self.exercises}

    def frequent_hints(self, top: int = 5) -> list[tuple[str, str, int]]:
        """The most frequent (exercise id, hint, count) among failures that were not just 'not started'."""
        counter: Counter[tuple[str, str]] = Counter()
        for row in self.rows:
            for ex_id, hint in row.hints.items():
                if row.hint_keys.get(ex_id) not in ("not_started",):
                    counter[(ex_id, hint)] += 1
        return [(ex_id, hint, n) for (ex_id, hint), n in counter.most_common(top)]

    def summary_text(self) -> str:
        lines = [f"Graded {len(self.rows)} submissions in {self.seconds:.1f} s."]
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


def grade_many(paths: Sequence[str | os.PathLike], *, lessons: Sequence[int] | None = None,
               tests_dir: str | os.PathLike | None = None, jobs: int | None = None,
               timeout_s: float = DEFAULT_TIMEOUT_S, test_timeout_s: float = DEFAULT_TEST_TIMEOUT_S,
               memory_bytes: int | None = DEFAULT_MEMORY_BYTES, max_file_bytes: int | None = DEFAULT_MAX_FILE_BYTES,
               progress: Callable[[int, int, SubmissionResult], None] | None = None) -> BatchResult:
    """Grade every submission, ``jobs`` at a time; one row per submission, in name order.

    Raises:
        ValueError: for no submissions, a bad ``jobs`` or ``timeout_s``.
    """
    if not paths:
        raise ValueError("no submissions given")
    jobs = jobs or max(1, os.cpu_count() or 1)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if not timeout_s or timeout_s <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    tests = Path(tests_dir).resolve() if tests_dir else default_tests_dir()
    selected = exercises(lessons)
    named = _unique_ids([Path(p) for p in paths])
    started = time.monotonic()
    rows: list[SubmissionResult] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(grade_one, student, path, selected=selected, tests_dir=tests, lessons=lessons,
                               timeout_s=timeout_s, test_timeout_s=min(test_timeout_s, timeout_s),
                               memory_bytes=memory_bytes, max_file_bytes=max_file_bytes): student
                   for student, path in named}
        for future in as_completed(futures):
            student = futures[future]
            try:
                row = future.result()
            except Exception as exc:  # noqa: BLE001 - the grader itself failed on this one: still a row
                row = SubmissionResult(student, "crash", {ex.id: 0 for ex in selected},
                                       sum(ex.points for ex in selected),
                                       {ex.id: f"the grader failed on this submission: {exc}" for ex in selected})
            rows.append(row)
            if progress:
                progress(len(rows), len(futures), row)
    rows.sort(key=lambda r: r.submission)
    return BatchResult(exercises=selected, rows=rows, seconds=time.monotonic() - started)


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


def progress_bar(stream=sys.stderr) -> Callable[[int, int, SubmissionResult], None]:
    """A one-line progress bar for :func:`grade_many`."""
    def show(done: int, total: int, row: SubmissionResult) -> None:
        width = 30
        filled = round(width * done / total)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  last: {row.submission} "
                     f"({row.status}, {row.earned}/{row.possible})".ljust(100)[:100])
        if done == total:
            stream.write("\n")
        stream.flush()
    return show
