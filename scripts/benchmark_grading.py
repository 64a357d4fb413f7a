"""Benchmark the batch grader (a script, not a test: timings depend on the machine).

Makes N synthetic submissions (a mix of the reference solutions, untouched stubs and
misconceptions), then reports:

* the floor: a bare ``pytest`` run of the same grading tests on one submission, in one process;
* ``token-economics check`` on that one submission, and its ratio to the floor;
* ``token-economics grade`` on all N with ``--jobs 1`` and with ``--jobs J``: seconds per
  submission, the speed-up from parallel jobs, and the ratio of the grader's time per
  submission to the floor (the grading overhead).

Usage:  python scripts/benchmark_grading.py [--n 8] [--jobs 2] [--lessons 1]
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
            fixture = fixtures[i % len(fixtures)]
            stem = fixture.stem.split("__")[0]
            shutil.copyfile(fixture, sub / fixture.parent.name / f"{stem}.py")
        subs.append(sub)
    return subs


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=8, help="number of synthetic submissions")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--lessons", default="1", help="comma-separated lessons to grade")
    parser.add_argument("--repeat", type=int, default=3, help="bare pytest runs to take the median of")
    args = parser.parse_args()
    lessons = [int(x) for x in args.lessons.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        subs = make_submissions(Path(tmp) / "class", args.n, lessons)
        tests = str(ROOT / "tests" / "exercises")
        bare = [sys.executable, "-m", "pytest", tests, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                "--target", str(subs[0]), "--te-lessons", args.lessons]
        floor = statistics.median(timed(bare) for _ in range(args.repeat))
        # check takes one lesson or all of them: compare like with like.
        if len(lessons) != 1 and sorted(lessons) != [1, 2, 3, 4, 5]:
            sys.exit("--lessons: give one lesson or all five, so that check grades the same tests as the floor")
        check = [sys.executable, "-m", "token_economics.cli", "check", *([str(lessons[0])] if len(lessons) == 1 else []),
                 "--target", str(subs[0]), "--json"]
        checked = statistics.median(timed(check) for _ in range(args.repeat))
        grade = [sys.executable, "-m", "token_economics.cli", "grade", *map(str, subs), "--out",
                 str(Path(tmp) / "g.csv"), "--lessons", args.lessons, "--quiet"]
        serial = timed(grade + ["--jobs", "1"])
        parallel = timed(grade + ["--jobs", str(args.jobs)])

    per_serial, per_parallel = serial / args.n, parallel / args.n
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"submissions: {args.n}, lessons {args.lessons}")
    print(f"bare pytest, one submission (floor, median of {args.repeat}): {floor:6.2f} s")
    print(f"check, one submission (median of {args.repeat}): {checked:6.2f} s = {checked / floor:4.2f}x the floor")
    print(f"grade --jobs 1: {serial:7.2f} s in all, {per_serial:5.2f} s per submission")
    print(f"grade --jobs {args.jobs}: {parallel:7.2f} s in all, {per_parallel:5.2f} s per submission")
    print(f"speed-up from {args.jobs} jobs: {serial / parallel:4.2f}x")
    print(f"grading overhead (grade --jobs 1 per submission / bare pytest): {per_serial / floor:4.2f}x")


if __name__ == "__main__":
    main()
