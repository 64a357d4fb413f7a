"""Exercises and their hints, as data; and how a grading test names the mistake it found.

Each exercise is described in ``data/exercises/lessonN.toml``: its id, title, file, points,
hints keyed by misconception, and ``writes``: the course library's own functions that
compute what the exercise asks the learner to write (calling them does not count, see
:mod:`token_economics.grader.references`).

A grading test names a misconception it detects with :func:`fail_with_hint`; the learner
then sees the hint stored under that key instead of a generic one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn, Sequence

from token_economics.data import DATA_DIR, load_toml

#: Hints the grader itself gives, whatever the exercise.
BUILTIN_HINTS: dict[str, str] = {
    "not_started": "Not started yet: replace the `raise NotImplementedError` in this file with your code.",
    "missing_file": "The file for this exercise is missing from the submission. Copy it back from the course's "
    "exercises/ folder.",
    "symlink": "This file is a symbolic link to somewhere outside the submission; the grader does not follow it. "
    "Submit the file itself.",
    "syntax_error": "Python cannot read this file (a syntax error). Run `python FILE` to see the line, fix it, "
    "and check again.",
    "import_error": "The file fails while Python imports it. Run `python FILE` to see the error.",
    "missing_function": "A function the exercise asks for is missing, renamed, or takes other parameters. Keep "
    "the names and parameters of the stub.",
    "timeout": "Your code did not finish in time. Look for an endless loop (or a very slow one).",
    "crash": "The grader lost contact with your code: it ended the Python interpreter or crashed it.",
    "no_tests": "No grading test ran for this exercise (the grader's tests may be incomplete).",
    "memory": "The code used more memory than a submission may. Look for a list or string that grows without end.",
    "forbidden": "The code tried something graded code cannot do: use the network, write outside its own "
    "folder, or read files that are not its own.",
    "output_too_large": "The code printed or wrote far too much. Remove the big print or file write.",
    "exited": "The code called sys.exit() or exit(). Return a value from your function instead.",
    "files_changed": "The code deleted or changed the submission's own files while it ran. Don't touch your "
    "exercise files from your code.",
    "reference_used": "This exercise asks you to write {writes} yourself; calling {used} from the course library "
    "does not count.",
}

LESSON_TITLES: dict[int, str] = {
    1: "What a token is",
    2: "Why tokens consume electricity",
    3: "Why agents burn tokens",
    4: "Why tokens keep getting cheaper",
    5: "Token as the new currency",
}


def lesson_titles() -> dict[int, str]:
    """Lesson number → title."""
    return dict(LESSON_TITLES)


class HintedFailure(AssertionError):
    """A failed check that knows which misconception caused it (``key`` names a stored hint)."""

    def __init__(self, key: str, message: str = ""):
        super().__init__(f"[hint:{key}] {message}".strip())
        self.key = key
        self.detail = message


def fail_with_hint(key: str, message: str = "") -> NoReturn:
    """Fail the current grading test and point the learner at the hint stored under ``key``."""
    raise HintedFailure(key, message)


@dataclass(frozen=True)
class Exercise:
    """One graded exercise, as described in ``data/exercises/lessonN.toml``."""

    id: str
    lesson: int
    title: str
    file: str  #: path relative to the exercises folder, e.g. ``lesson1/ex01_count_and_cost.py``
    points: int
    hints: dict[str, str] = field(default_factory=dict)
    #: dotted names of the library functions this exercise asks the learner to write
    writes: tuple[str, ...] = ()
    #: independent parts, each earning its own points (part name → points; sums to ``points``);
    #: empty when the exercise is all or nothing
    parts: dict[str, int] = field(default_factory=dict)

    def hint(self, key: str | None, *, used: Sequence[str] = ()) -> str:
        """The hint to show for a failure with this key (the exercise's own, a built-in, or the default).

        Args:
            key: the hint key a test or the grader named.
            used: for ``reference_used``, the library functions the submission called.
        """
        if key and key in self.hints:
            return self.hints[key]
        if key == "reference_used":
            names = sorted({n.rsplit(".", 1)[-1] for n in (used or self.writes)})
            return BUILTIN_HINTS[key].format(writes=_join(names), used=_join(sorted(used) or list(self.writes)))
        if key and key in BUILTIN_HINTS:
            return BUILTIN_HINTS[key]
        return self.hints.get("default", "Re-read the exercise's instructions and the lesson page.")


def _join(names: Sequence[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def exercises(lessons: Sequence[int] | None = None) -> list[Exercise]:
    """All exercises of the course (or of the given lessons), in lesson and file order.

    Raises:
        ValueError: if the metadata is malformed (missing fields, duplicate ids, bad points).
    """
    found: list[Exercise] = []
    seen: set[str] = set()
    for path in sorted((DATA_DIR / "exercises").glob("lesson*.toml")):
        lesson = int(path.stem.removeprefix("lesson"))
        if lessons is not None and lesson not in lessons:
            continue
        for entry in load_toml("exercises", path.name).get("exercise", []):
            missing = [k for k in ("id", "title", "file", "points") if k not in entry]
            if missing:
                raise ValueError(f"{path.name}: exercise {entry.get('id', '?')} lacks {', '.join(missing)}")
            if entry["id"] in seen:
                raise ValueError(f"{path.name}: exercise id {entry['id']!r} is used twice")
            if not entry["id"].startswith(f"l{lesson}."):
                raise ValueError(f"{path.name}: exercise id {entry['id']!r} must start with 'l{lesson}.'")
            if not isinstance(entry["points"], int) or isinstance(entry["points"], bool) or entry["points"] <= 0:
                raise ValueError(f"{path.name}: exercise {entry['id']} needs a positive whole number of points")
            writes = entry.get("writes", [])
            if not isinstance(writes, list) or not all(
                isinstance(n, str) and n.startswith("token_economics.") for n in writes
            ):
                raise ValueError(f"{path.name}: exercise {entry['id']}: writes must list token_economics.* names")
            parts = entry.get("parts", {})
            if not isinstance(parts, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in parts.values()
            ):
                raise ValueError(f"{path.name}: exercise {entry['id']}: parts must map names to positive points")
            if parts and sum(parts.values()) != entry["points"]:
                raise ValueError(
                    f"{path.name}: exercise {entry['id']}: its parts' points add up to "
                    f"{sum(parts.values())}, not its {entry['points']} points"
                )
            seen.add(entry["id"])
            found.append(
                Exercise(
                    id=entry["id"],
                    lesson=lesson,
                    title=entry["title"],
                    file=entry["file"],
                    points=entry["points"],
                    hints=dict(entry.get("hints", {})),
                    writes=tuple(writes),
                    parts=dict(parts),
                )
            )
    return sorted(found, key=lambda e: (e.lesson, e.file))
