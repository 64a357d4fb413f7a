"""The ``token-economics`` command.

``token-economics check [LESSON] [--target DIR] [--json]`` grades a learner's exercises.
Exit status: 0 when every selected exercise passes, 1 otherwise, 2 on a usage error.
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
    return parser


def _default_target() -> Path | None:
    here = Path.cwd() / "exercises"
    return here if here.is_dir() else None


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from token_economics.grading import GradingError, format_scorecard, grade

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
    return 0 if report.all_passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args, parser)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
