"""Benchmark the grader (a script, not a test: timings depend on the machine).

Makes N synthetic submissions (a mix of the reference solutions, untouched stubs and
misconceptions, all five lessons by default), then reports:

* ``token-economics check`` on the reference solutions (one learner's folder);
* ``token-economics grade`` on all N with ``--jobs 1`` and with ``--jobs J``: seconds in all
  and per submission, and the speed-up from parallel jobs;
* the floor: each of the same N submissions graded by a bare ``pytest`` run of the same
  grading tests in one process, importing the learner's files directly (no runner, no
  sandbox, no protection at all), and the grading overhead: ``grade --jobs 1`` time ÷ the
  floor's time for the same submissions.

Usage:  python scripts/benchmark_grading.py [--n 30] [--jobs 2] [--lessons 1,2,3,4,5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from misconception_support import plant  # noqa: E402

# A pytest plugin that gives the grading tests the learner's module itself, imported in the
# test process: what grading costs with no protection whatsoever (the floor).
BARE_PLUGIN = """
import importlib.util, sys
from pathlib import Path
import pytest

def pytest_addoption(parser):
    parser.addoption("--bare-target")

def pytest_configure(config):
    config.addinivalue_line("markers", "exercise(id): grading test")

@pytest.fixture
def submission(request):
    target = Path(request.config.getoption("--bare-target"))
    def load(relative):
        path = target / relative
        name = "bare_" + relative.replace("/", "_").removesuffix(".py")
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent))
        try:
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(path.parent))
        sys.modules[name] = module
        return module
    return load
"""


def make_submissions(folder: Path, n: int, lessons: list[int]) -> list[Path]:
    fixtures = sorted((ROOT / "tests" / "fixtures" / "misconceptions").glob("lesson*/*.py"))
    fixtures = [f for f in fixtures if int(f.parent.name.removeprefix("lesson")) in lessons]
    subs = []
    for i in range(n):
        sub = folder / f"student{i:03d}"
        for lesson in lessons:
            source = ROOT / ("exercises" if i % 4 == 3 else "solutions") / f"lesson{lesson}"
            shutil.copytree(source, sub / f"lesson{lesson}")
        if i % 4 in (1, 2) and fixtures:
            plant(fixtures[i % len(fixtures)], sub)  # the reference solution with one misconception
        subs.append(sub)
    return subs


def timed(command: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(command)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=30, help="number of synthetic submissions")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--lessons", default="1,2,3,4,5", help="comma-separated lessons to grade")
    parser.add_argument("--repeat", type=int, default=3, help="check runs to take the median of")
    args = parser.parse_args()
    lessons = [int(x) for x in args.lessons.split(",")]
    cli = [sys.executable, "-m", "token_economics.cli"]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subs = make_submissions(folder / "class", args.n, lessons)
        (folder / "bare").mkdir()
        (folder / "bare" / "bare_plugin.py").write_text(BARE_PLUGIN, encoding="utf-8")
        (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        tests = ROOT / "tests" / "exercises"
        selected = [str(tests / f"test_lesson{n}.py") for n in lessons]
        bare_env = dict(
            os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONPATH=str(folder / "bare"), MPLBACKEND="Agg"
        )
        floors = [
            timed(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    *selected,
                    "-p",
                    "bare_plugin",
                    "-q",
                    "-c",
                    str(folder / "pytest.ini"),
                    "--rootdir",
                    str(tests),
                    "-p",
                    "no:cacheprovider",
                    "--bare-target",
                    str(sub),
                ],
                env=bare_env,
                cwd=folder,
            )
            for sub in subs
        ]
        check = [
            *cli,
            "check",
            *([str(lessons[0])] if len(lessons) == 1 else []),
            "--target",
            str(ROOT / "solutions"),
            "--json",
        ]
        checked = statistics.median(timed(check) for _ in range(args.repeat))
        grade = [*cli, "grade", *map(str, subs), "--out", str(folder / "g.csv"), "--lessons", args.lessons, "--quiet"]
        serial = timed(grade + ["--jobs", "1"])
        parallel = timed(grade + ["--jobs", str(args.jobs)])

    floor = sum(floors)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"submissions: {args.n} (a quarter untouched stubs, half with one misconception), lessons {args.lessons}")
    print(f"check, reference solutions (median of {args.repeat}): {checked:6.2f} s")
    print(f"grade --jobs 1: {serial:7.2f} s in all, {serial / args.n:5.2f} s per submission")
    print(
        f"grade --jobs {args.jobs}: {parallel:7.2f} s in all, {parallel / args.n:5.2f} s per submission "
        f"({args.n / parallel:.2f} submissions per second)"
    )
    print(f"speed-up from {args.jobs} jobs: {serial / parallel:4.2f}x")
    print(
        f"floor, bare pytest on each of the same submissions, no protection: {floor:7.2f} s in all, "
        f"{floor / args.n:5.2f} s per submission"
    )
    print(f"grading overhead (grade --jobs 1 ÷ floor, same submissions): {serial / floor:4.2f}x")


if __name__ == "__main__":
    main()
