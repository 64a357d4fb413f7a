"""The ``token-economics`` command.

``token-economics check [LESSON] [--target DIR] [--json] [--lang en|zh]`` grades a learner's exercises
(hints and messages in Chinese with ``--lang zh``, or by default under a ``zh`` locale).
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
import os
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


def _parse_lang(text: str) -> str:
    from token_economics.grader.hints import choose_language

    try:
        return choose_language(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="token-economics",
        description="Token Economics in Plain Language: check your exercises.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="grade your exercises and show hints",
        description="Grade the exercise files in exercises/ (or --target DIR) and show a scorecard.",
    )
    check.add_argument("lesson", nargs="?", type=_parse_lesson, help="only this lesson (1-5)")
    check.add_argument("--target", type=Path, default=None, help="folder shaped like exercises/ (default: ./exercises)")
    check.add_argument("--json", action="store_true", help="print the result as one JSON object")
    check.add_argument(
        "--classroom",
        action="store_true",
        help="print the result for GitHub Classroom's autograding reporter (base64 JSON, one line)",
    )
    check.add_argument(
        "--lang",
        type=_parse_lang,
        default=None,
        metavar="{en,zh}",
        help="language of the hints and messages: en or zh (default: zh under a Chinese locale in "
        "LC_ALL, LC_MESSAGES or LANG, else en)",
    )
    check.add_argument("--tests", type=Path, default=None, help=argparse.SUPPRESS)

    init = commands.add_parser(
        "init",
        help="make a workspace with the exercises and notebooks (if you installed the package)",
        description="Copy the exercise stubs and the lesson notebooks into DIR. Then run "
        "`token-economics check` inside DIR; your progress is saved there.",
    )
    init.add_argument("directory", type=Path, metavar="DIR")

    grade = commands.add_parser(
        "grade",
        help="grade a class: many submissions, in parallel, safely",
        description="Grade submissions (folders shaped like exercises/, or .zip files of one). "
        "Each gets one row in the CSV; the folder or zip name is the student id. "
        "Put -- before submissions whose names start with a dash.",
    )
    grade.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION")
    grade.add_argument("--out", type=Path, required=True, help="CSV grade sheet to write")
    grade.add_argument(
        "--json",
        type=Path,
        default=None,
        dest="json_out",
        help="also write per-submission detail with hints (student feedback)",
    )
    grade.add_argument(
        "--feedback-dir", type=Path, default=None, help="also write one feedback file per student into this folder"
    )
    grade.add_argument(
        "--feedback-format", choices=("md", "html"), default="md", help="feedback files as Markdown (default) or HTML"
    )
    grade.add_argument("--site-url", default="", help="the course site's address, for 'read again' links in feedback")
    grade.add_argument(
        "--roster",
        type=Path,
        default=None,
        help="CSV with a 'submission' column and student_id, name, email, submitted_at, … "
        "(for late work and LMS exports)",
    )
    grade.add_argument(
        "--deadline",
        default=None,
        help="ISO 8601 date-time; adds submitted_at and late columns (times from the roster, else from the files)",
    )
    grade.add_argument(
        "--late-penalty",
        type=_percent,
        default=0.0,
        help="percent of the points taken off late submissions (default 0: none)",
    )
    grade.add_argument(
        "--canvas", type=Path, default=None, help="also write a Canvas gradebook import (needs --roster)"
    )
    grade.add_argument("--moodle", type=Path, default=None, help="also write a Moodle grade import (needs --roster)")
    grade.add_argument(
        "--assignment", default="Token Economics exercises", help="the assignment's name in the LMS exports"
    )
    grade.add_argument(
        "--shard",
        type=_shard,
        default=None,
        metavar="I/N",
        help="grade only slice I of N (for a class split across machines; join with merge-grades)",
    )
    grade.add_argument(
        "--jobs", type=_positive_int, default=None, help="submissions graded at once (default: CPU count)"
    )
    grade.add_argument(
        "--timeout",
        type=_positive_float,
        default=300.0,
        help="seconds of run time one submission may use in all (default 300)",
    )
    grade.add_argument(
        "--call-timeout",
        type=_positive_float,
        default=30.0,
        help="seconds one call into a submission's code may take (default 30)",
    )
    grade.add_argument(
        "--memory-mb", type=_positive_int, default=4096, help="memory limit per submission (default 4096)"
    )
    grade.add_argument(
        "--allow-unisolated",
        action="store_true",
        help="grade even where bubblewrap cannot isolate submissions (their code then runs with "
        "your rights and network; each row records it)",
    )
    grade.add_argument(
        "--tests", type=Path, default=None, help="grading tests to use (e.g. hidden tests kept outside the repo)"
    )
    grade.add_argument("--lessons", type=_lesson_list, default=None, help="comma-separated lessons, e.g. 1,2")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")

    merge = commands.add_parser(
        "merge-grades",
        help="join the grade sheets of a class graded in shards (grade --shard I/N)",
        description="Join CSV grade sheets written by `grade --shard I/N` into one, sorted by submission.",
    )
    merge.add_argument("sheets", nargs="+", type=Path, metavar="SHEET")
    merge.add_argument("--out", type=Path, required=True, help="the joined CSV")
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


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, not {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, not {text}")
    return value


def _shard(text: str) -> tuple[int, int]:
    index, _, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a shard is I/N, e.g. 2/4, not {text!r}") from None
    if not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"a shard is I/N with 1 ≤ I ≤ N, not {text}")
    return i, n


def _lesson_list(text: str) -> list[int]:
    return sorted({_parse_lesson(part.strip()) for part in text.split(",") if part.strip()})


def _default_target() -> Path | None:
    here = Path.cwd() / "exercises"
    return here if here.is_dir() else None


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grader.hints import choose_language, message
    from token_economics.grader.judging import GradingError, grade
    from token_economics.grader.report import format_scorecard, localized

    lang = choose_language(args.lang)

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
    report = localized(report, lang)
    if args.classroom:
        print(classroom_result(report))
    elif args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_scorecard(report, color=sys.stdout.isatty(), lang=lang))
    if args.target is None:  # checking one's own ./exercises: keep the best result per exercise
        from token_economics.grader.workspace import save_progress

        try:
            progress = save_progress(
                Path.cwd(), report, warn=lambda text: print(message(lang, "warning", text=text), file=sys.stderr)
            )
        except OSError as exc:
            print(message(lang, "not_saved", error=exc), file=sys.stderr)
            progress = None
        if progress and not (args.json or args.classroom):
            from token_economics.grader.hints import exercises

            earned = sum(p["earned"] for p in progress.values())
            possible = sum(ex.points for ex in exercises())
            print(message(lang, "best_so_far", earned=earned, possible=possible))
    return 0 if report.all_passed else 1


def classroom_result(report) -> str:
    """The report as GitHub Classroom's autograding reporter reads a runner's result: base64 of
    ``{"version", "status", "max_score", "tests": [...]}``, one test per exercise whose ``score``
    is the points it earned, so partial credit counts there exactly as in ``grade``."""
    import base64

    tests = [
        {
            "name": f"{r.id}: {r.title}",
            "status": "pass" if r.passed else "fail",
            "score": r.earned,
            "max_score": r.points,
            "message": r.hint or "",
            "line_no": 0,
            "test_code": f"token-economics check {r.lesson}",
        }
        for r in report.results
    ]
    data = {
        "version": 1,
        "status": "pass" if report.all_passed else "fail",
        "max_score": report.possible,
        "tests": tests,
    }
    return base64.b64encode(json.dumps(data, ensure_ascii=False).encode("utf-8")).decode("ascii")


def _init(args: argparse.Namespace) -> int:
    from token_economics.grader.workspace import WorkspaceError, init_workspace

    try:
        result = init_workspace(args.directory)
    except (WorkspaceError, FileNotFoundError) as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    folder = result.folder
    print(result.summary())
    print(
        f"Next:\n  cd {folder}\n  jupyter lab lessons/      # the notebooks (pip install 'token-economics[learner]')\n"
        f"  token-economics check     # grade your exercises"
    )
    return 0


def _grade(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grader import batch as classroom
    from token_economics.grader import exports
    from token_economics.grader.sandbox import Limits

    # Everything that can be refused is refused now, before a minute of grading is spent.
    for path in args.submissions:
        if not path.exists() and not path.is_symlink():
            parser.error(f"{path}: no such folder or zip")
    if args.tests is not None and not args.tests.is_dir():
        parser.error(f"--tests {args.tests}: not a folder")
    if (args.canvas or args.moodle) and args.roster is None:
        parser.error("--canvas and --moodle need --roster (it maps submissions to student ids)")
    if args.late_penalty and not args.deadline:
        parser.error("--late-penalty needs --deadline")
    roster = {}
    try:
        deadline = exports.parse_when(args.deadline, what="--deadline") if args.deadline else None
        if args.roster is not None:
            roster = exports.read_roster(args.roster)
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    chart = args.out.with_name(args.out.stem + "-pass-rate.png")
    outputs = {"--out": args.out, "the chart": chart}
    for label, value in (
        ("--json", args.json_out),
        ("--feedback-dir", args.feedback_dir),
        ("--canvas", args.canvas),
        ("--moodle", args.moodle),
    ):
        if value is not None:
            outputs[label] = value
    problems = classroom.output_problems(outputs, args.submissions, folders=("--feedback-dir",))
    if problems:
        parser.error("; ".join(problems))

    limits = Limits(
        call_timeout_s=min(args.call_timeout, args.timeout),
        submission_timeout_s=args.timeout,
        memory_bytes=args.memory_mb * 1024**2,
    )
    try:
        batch = classroom.grade_many(
            args.submissions,
            lessons=args.lessons,
            tests_dir=args.tests,
            jobs=args.jobs,
            limits=limits,
            allow_unisolated=args.allow_unisolated,
            shard_of=args.shard,
            progress=None if args.quiet else classroom.progress_bar(),
        )
    except classroom.UnisolatedError as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    if deadline is not None:
        batch.late = classroom.lateness(
            batch.rows, batch.paths, deadline, roster=roster, penalty_percent=args.late_penalty
        )
        batch.penalty_percent = args.late_penalty
    written = [args.out]
    classroom.write_atomic(args.out, batch.csv_text())
    if args.json_out:
        classroom.write_atomic(args.json_out, json.dumps(batch.json_data(), ensure_ascii=False, indent=2) + "\n")
        written.append(args.json_out)
    if args.feedback_dir:
        suffix = "." + args.feedback_format
        for row in batch.rows:
            kwargs = {"student": roster.get(row.target), "late": batch.late.get(row.target), "site_url": args.site_url}
            page = (exports.feedback_html if args.feedback_format == "html" else exports.feedback_markdown)(
                row, batch.exercises, **kwargs
            )
            classroom.write_atomic(args.feedback_dir / exports.feedback_filename(row.target, suffix), page)
        written.append(args.feedback_dir)
    scores = {row.target: batch.score(row) for row in batch.rows}
    for path, writer in ((args.canvas, exports.canvas_csv), (args.moodle, exports.moodle_csv)):
        if path is not None:
            classroom.write_atomic(path, writer(batch.rows, roster, args.assignment, scores))
            written.append(path)
            missing = [row.target for row in batch.rows if row.target not in roster]
            if missing:
                print(
                    f"Note: {len(missing)} submission(s) not in the roster were left out of {path}: "
                    + ", ".join(missing[:10]),
                    file=sys.stderr,
                )
    import io

    import matplotlib.pyplot as plt

    fig = batch.pass_rate_figure()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    classroom.write_atomic(chart, buffer.getvalue())
    written.append(chart)
    print(batch.summary_text())
    print("\nWrote " + ", ".join(str(p) for p in written) + ".")
    if batch.isolation.get("kind") != "bwrap":
        print(
            f"Warning: submissions ran WITHOUT isolation ({batch.isolation.get('reason')}); the CSV and JSON "
            "record it on every row.",
            file=sys.stderr,
        )
    return 0


def _merge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grader import batch as classroom
    from token_economics.grader.exports import merge_grade_sheets

    problems = classroom.output_problems({"--out": args.out}, [])
    if any(Path(os.path.realpath(args.out)) == Path(os.path.realpath(s)) for s in args.sheets):
        problems.append(f"--out {args.out} is one of the sheets to join")
    if problems:
        parser.error("; ".join(problems))
    try:
        texts = [sheet.read_text(encoding="utf-8") for sheet in args.sheets]
        merged = merge_grade_sheets(texts)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"token-economics: {exc}", file=sys.stderr)
        return 2
    classroom.write_atomic(args.out, merged)
    print(f"Joined {len(args.sheets)} sheets, {merged.count(chr(10)) - 1} submissions, into {args.out}.")
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
    if args.command == "merge-grades":
        return _merge(args, parser)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
