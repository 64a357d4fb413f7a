"""The ``token-economics`` command.

``token-economics check [LESSON] [--target DIR] [--json]`` grades a learner's exercises.
Exit status: 0 when every selected exercise passes, 1 otherwise, 2 on a usage error.

``token-economics grade SUBMISSION... --out grades.csv`` grades a whole class (see
:mod:`token_economics.grader.batch`). Exit status: 0 when every submission has its row, 2 on a
usage error (or when submissions cannot be isolated and ``--allow-unisolated`` is not given).

Both run the same grading tests in the same way (:mod:`token_economics.grader`): the learner's
code runs only in a sandboxed runner process, and the verdict is computed outside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from token_economics import __version__


def _parse_lesson(text: str) -> int:
    try:
        lesson = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a lesson is a number from 1 to 5, not {text!r}") from None
    if not 1 <= lesson <= 5:
        raise argparse.ArgumentTypeError(f"a lesson is a number from 1 to 5, not {lesson}")
    return lesson


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="token-economics",
        description="Token Economics in Plain Language: check your exercises.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="grade your exercises and show hints",
        description="Grade the exercise files in exercises/ (or --target DIR) and show a scorecard.",
    )
    check.add_argument("lesson", nargs="?", type=_parse_lesson, help="only this lesson (1-5)")
    check.add_argument("--target", type=Path, default=None,
                       help="folder shaped like exercises/ (default: ./exercises)")
    check.add_argument("--json", action="store_true", help="print the result as one JSON object")
    check.add_argument("--tests", type=Path, default=None, help=argparse.SUPPRESS)

    init = commands.add_parser(
        "init", help="make a workspace with the exercises and notebooks (if you installed the package)",
        description="Copy the exercise stubs and the lesson notebooks into DIR. Then run "
                    "`token-economics check` inside DIR; your progress is saved there.",
    )
    init.add_argument("directory", type=Path, metavar="DIR")

    grade = commands.add_parser(
        "grade", help="grade a class: many submissions, in parallel, safely",
        description="Grade submissions (folders shaped like exercises/, or .zip files of one). "
                    "Each gets one row in the CSV; the folder or zip name is the student id.",
    )
    grade.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION")
    grade.add_argument("--out", type=Path, required=True, help="CSV grade sheet to write")
    grade.add_argument("--json", type=Path, default=None, dest="json_out",
                       help="also write per-submission detail with hints (student feedback)")
    grade.add_argument("--jobs", type=_positive_int, default=None, help="submissions graded at once (default: CPU count)")
    grade.add_argument("--timeout", type=_positive_float, default=300.0,
                       help="seconds of run time one submission may use in all (default 300)")
    grade.add_argument("--call-timeout", type=_positive_float, default=30.0,
                       help="seconds one call into a submission's code may take (default 30)")
    grade.add_argument("--memory-mb", type=_positive_int, default=4096, help="memory limit per submission (default 4096)")
    grade.add_argument("--allow-unisolated", action="store_true",
                       help="grade even where bubblewrap cannot isolate submissions (their code then runs with "
                            "your rights and network; each row records it)")
    grade.add_argument("--tests", type=Path, default=None, help="grading tests to use (e.g. hidden tests kept outside the repo)")
    grade.add_argument("--lessons", type=_lesson_list, default=None, help="comma-separated lessons, e.g. 1,2")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number ≥ 1, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text}")
    return value


def _lesson_list(text: str) -> list[int]:
    return sorted({_parse_lesson(part.strip()) for part in text.split(",") if part.strip()})


def _default_target() -> Path | None:
    here = Path.cwd() / "exercises"
    return here if here.is_dir() else None


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grader.judging import GradingError, grade
    from token_economics.grader.report import format_scorecard

    target = args.target or _default_target()
    if target is None:
        parser.error("no exercises/ folder here; run from the course folder or pass --target DIR")
    if not Path(target).is_dir():
        parser.error(f"--target {target}: not a folder")
    lessons = [args.lesson] if args.lesson else None
    try:
        report = grade(target, lessons=lessons, tests_dir=args.tests)
    except GradingError as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_scorecard(report, color=sys.stdout.isatty()))
    if args.target is None:  # checking one's own ./exercises: keep the best result per exercise
        from token_economics.grader.workspace import save_progress

        try:
            progress = save_progress(Path.cwd(), report)
        except OSError:
            progress = None
        if progress and not args.json:
            earned = sum(p["earned"] for p in progress.values())
            possible = sum(p["points"] for p in progress.values())
            print(f"Best so far, all checks in this folder: {earned}/{possible} points "
                  f"(saved in .token-economics/progress.json)")
    return 0 if report.all_passed else 1


def _init(args: argparse.Namespace) -> int:
    from token_economics.grader.workspace import init_workspace

    try:
        folder = init_workspace(args.directory)
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    print(f"Workspace ready in {folder}.\n  cd {folder}\n  jupyter lab lessons/      # the notebooks\n"
          f"  token-economics check     # grade your exercises")
    return 0


def _grade(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grader import batch as classroom
    from token_economics.grader.sandbox import Limits

    for path in args.submissions:
        if not path.exists():
            parser.error(f"{path}: no such folder or zip")
    if args.tests is not None and not args.tests.is_dir():
        parser.error(f"--tests {args.tests}: not a folder")
    limits = Limits(call_timeout_s=min(args.call_timeout, args.timeout), submission_timeout_s=args.timeout,
                    memory_bytes=args.memory_mb * 1024**2)
    try:
        batch = classroom.grade_many(
            args.submissions, lessons=args.lessons, tests_dir=args.tests, jobs=args.jobs, limits=limits,
            allow_unisolated=args.allow_unisolated, progress=None if args.quiet else classroom.progress_bar(),
        )
    except classroom.UnisolatedError as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    classroom.write_atomic(args.out, batch.csv_text())
    if args.json_out:
        classroom.write_atomic(args.json_out, json.dumps(batch.json_data(), ensure_ascii=False, indent=2) + "\n")
    chart = args.out.with_name(args.out.stem + "-pass-rate.png")
    import io

    import matplotlib.pyplot as plt

    fig = batch.pass_rate_figure()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    classroom.write_atomic(chart, buffer.getvalue())
    print(batch.summary_text())
    print(f"\nWrote {args.out}" + (f", {args.json_out}" if args.json_out else "") + f" and {chart}.")
    if batch.isolation.get("kind") != "bwrap":
        print(f"Warning: submissions ran WITHOUT isolation ({batch.isolation.get('reason')}); the CSV and JSON "
              "record it on every row.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args, parser)
    if args.command == "grade":
        return _grade(args, parser)
    if args.command == "init":
        return _init(args)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
