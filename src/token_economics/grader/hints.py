"""Exercises and their hints, as data; and how a grading test names the mistake it found.

Each exercise is described in ``data/exercises/lessonN.toml``: its id, title, file, points,
hints keyed by misconception, and ``writes``: the course library's own functions that
compute what the exercise asks the learner to write (calling them does not count, see
:mod:`token_economics.grader.references`).

A grading test names a misconception it detects with :func:`fail_with_hint`; the learner
then sees the hint stored under that key instead of a generic one.
"""

from __future__ import annotations

import math

import os
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

#: The same built-in hints in Chinese (same keys, same placeholders).
BUILTIN_HINTS_ZH: dict[str, str] = {
    "not_started": "还没开始：把这个文件里的 `raise NotImplementedError` 换成你的代码。",
    "missing_file": "提交里缺了这道练习的文件。从课程的 exercises/ 文件夹里把它复制回来。",
    "symlink": "这个文件是指向提交之外某处的符号链接，评分器不会顺着它去找。请提交文件本身。",
    "syntax_error": "Python 读不懂这个文件（有语法错误）。运行 `python FILE` 看看是哪一行，改好后再检查一次。",
    "import_error": "Python 导入这个文件时出错了。运行 `python FILE` 看看是什么错误。",
    "missing_function": "练习要的某个函数不见了、改了名，或者参数变了。函数名和参数请保持原样，和初始文件里一样。",
    "timeout": "你的代码没能按时跑完。找找有没有死循环（或者特别慢的循环）。",
    "crash": "评分器和你的代码断了联系：代码结束了 Python 解释器，或者让它崩溃了。",
    "no_tests": "这道练习一个评分测试也没跑（评分器的测试可能不完整）。",
    "memory": "代码用的内存超过了上限。找找有没有一直变长、停不下来的列表或字符串。",
    "forbidden": "代码想做评分时不允许的事：联网、往自己文件夹以外写东西，或者读不属于它的文件。",
    "output_too_large": "代码打印或写出的内容太多了。把那个大的 print 或写文件去掉。",
    "exited": "代码调用了 sys.exit() 或 exit()。请让函数返回一个值。",
    "files_changed": "代码运行时删除或改动了提交里的文件。不要在代码里动你的练习文件。",
    "reference_used": "这道练习要你自己写 {writes}；调用课程库里的 {used} 不算数。",
}

#: The languages ``check`` speaks: English (the default) and Chinese.
LANGUAGES = ("en", "zh")

#: The ``check`` command's own human-readable words, per language (one place for all of them).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "grading": "Grading {target}",
        "no_sandbox": "Note: your code ran without an operating-system sandbox{reason}. "
        "The points are the same; only isolation differs.",
        "reason": " ({reason})",
        "status": "The run ended with status '{status}'.",
        "lesson": "Lesson {lesson} — {title}   {earned}/{possible} points",
        "pass": "PASS",
        "fail": "FAIL",
        "hint": "hint: ",
        "error": "error: ",
        "bar": "Lesson {lesson}",
        "total": "Total: {earned}/{possible} points ({share:.0%})",
        "best_so_far": "Best so far, all checks in this folder: {earned}/{possible} points of the course "
        "(saved in .token-economics/progress.json)",
        "warning": "Warning: {text}",
        "not_saved": "Warning: your progress could not be saved ({error})",
        "default_hint": "Re-read the exercise's instructions and the lesson page.",
    },
    "zh": {
        "grading": "正在评分：{target}",
        "no_sandbox": "注意：你的代码没有在操作系统沙箱里运行{reason}。得分一样，只是隔离方式不同。",
        "reason": "（{reason}）",
        "status": "这次运行结束时的状态是 '{status}'。",
        "lesson": "第 {lesson} 课 — {title}   {earned}/{possible} 分",
        "pass": "通过",
        "fail": "未通过",
        "hint": "提示：",
        "error": "错误：",
        "bar": "第 {lesson} 课",
        "total": "总分：{earned}/{possible} 分（{share:.0%}）",
        "best_so_far": "这个文件夹里历次检查的最好成绩：全课程 {earned}/{possible} 分"
        "（保存在 .token-economics/progress.json）",
        "warning": "警告：{text}",
        "not_saved": "警告：没能保存你的进度（{error}）",
        "default_hint": "把练习说明和这一课的页面再读一遍。",
    },
}


def message(lang: str, key: str, **values: object) -> str:
    """One of the ``check`` command's messages in ``lang`` (see :data:`MESSAGES`), filled in."""
    return MESSAGES[lang if lang in MESSAGES else "en"][key].format(**values)


def choose_language(option: str | None = None, environ: dict[str, str] | None = None) -> str:
    """``"zh"`` or ``"en"``: the ``--lang`` option if given, else a locale starting with ``zh``.

    The locale is read as POSIX does: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set.

    Raises:
        ValueError: if ``option`` is not one of :data:`LANGUAGES`.
    """
    if option is not None:
        lang = option.strip().lower()
        if lang not in LANGUAGES:
            raise ValueError(f"a language is one of {', '.join(LANGUAGES)}, not {option!r}")
        return lang
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


LESSON_TITLES_ZH: dict[int, str] = {
    1: "Token 是什么",
    2: "Token 为什么要耗电",
    3: "Agent 为什么疯狂烧 Token",
    4: "Token 为什么越来越便宜",
    5: "AI 时代的新货币：Token",
}

LESSON_TITLES: dict[int, str] = {
    1: "What a token is",
    2: "Why tokens consume electricity",
    3: "Why agents burn tokens",
    4: "Why tokens keep getting cheaper",
    5: "Token as the new currency",
}


def lesson_titles(lang: str = "en") -> dict[int, str]:
    """Lesson number → title (in Chinese when ``lang`` is ``"zh"``)."""
    return dict(LESSON_TITLES_ZH if lang == "zh" else LESSON_TITLES)


class HintedFailure(AssertionError):
    """A failed check that knows which misconception caused it (``key`` names a stored hint)."""

    def __init__(self, key: str, message: str = ""):
        super().__init__(f"[hint:{key}] {message}".strip())
        self.key = key
        self.detail = message


def fail_with_hint(key: str, message: str = "") -> NoReturn:
    """Fail the current grading test and point the learner at the hint stored under ``key``."""
    raise HintedFailure(key, message)


#: How close an answer must be to a misconception's value to get its hint (relative): a learner
#: who makes the same mistake in a slightly different way (a rounded constant, integer division,
#: one step more or less) still gets the hint aimed at it.
HINT_TOLERANCE: float = 0.02


def diagnose(got: object, expected: float, candidates: list, detail: str, *, tolerance: float = HINT_TOLERANCE) -> None:
    """Fail with the hint of the misconception whose (wrong) value is nearest the answer.

    ``candidates`` holds ``(hint key, wrong value)`` or ``(hint key, wrong value, note)``; a
    note is added to ``detail``. A hint is given only for a finite number that is not the right
    answer, lies within ``tolerance`` of the misconception's value and is nearer it than the
    right one; a misconception whose value equals the right answer is skipped; of two equally
    near, the first listed wins. Otherwise nothing happens and the caller's own check fails.
    """
    number = isinstance(got, (int, float)) and not isinstance(got, bool) and math.isfinite(got)
    if not number or math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12):
        return
    near = [
        (abs(got - wrong), i)
        for i, (_key, wrong, *_note) in enumerate(candidates)
        if not math.isclose(wrong, expected, rel_tol=1e-6)
        and math.isclose(got, wrong, rel_tol=tolerance)
        and abs(got - wrong) < abs(got - expected)
    ]
    if near:
        key, _wrong, *note = candidates[min(near)[1]]
        fail_with_hint(key, f"{detail} ({note[0]})" if note else detail)


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
    #: the title and the hints in Chinese (same keys as ``hints``)
    title_zh: str = ""
    hints_zh: dict[str, str] = field(default_factory=dict)
    #: what the exercise asks, in Chinese (the file's docstrings stay English; the Chinese
    #: exercises page shows this)
    instructions_zh: str = ""

    def title_in(self, lang: str = "en") -> str:
        """The title in ``lang`` (English when there is no translation)."""
        return self.title_zh if lang == "zh" and self.title_zh else self.title

    def hint(self, key: str | None, *, used: Sequence[str] = (), lang: str = "en") -> str:
        """The hint to show for a failure with this key (the exercise's own, a built-in, or the default).

        Args:
            key: the hint key a test or the grader named.
            used: for ``reference_used``, the library functions the submission called.
            lang: ``"en"`` (the default) or ``"zh"``; a missing translation falls back to English.
        """
        zh = lang == "zh"
        own = {**self.hints, **self.hints_zh} if zh else self.hints
        builtin = {**BUILTIN_HINTS, **BUILTIN_HINTS_ZH} if zh else BUILTIN_HINTS
        if key and key in own:
            return own[key]
        if key == "reference_used":
            names = sorted({n.rsplit(".", 1)[-1] for n in (used or self.writes)})
            return builtin[key].format(
                writes=_join(names, lang=lang), used=_join(sorted(used) or list(self.writes), lang=lang)
            )
        if key and key in builtin:
            return builtin[key]
        return own.get("default", message(lang, "default_hint"))


def _join(names: Sequence[str], *, lang: str = "en") -> str:
    quoted = [f"`{n}`" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    if lang == "zh":
        return "、".join(quoted[:-1]) + " 和 " + quoted[-1]
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
            hints_zh = entry.get("hints_zh", {})
            extra = sorted(set(hints_zh) - set(entry.get("hints", {})))
            if extra:
                raise ValueError(f"{path.name}: exercise {entry['id']}: hints_zh has keys hints lacks: {extra}")
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
                    title_zh=entry.get("title_zh", ""),
                    hints_zh=dict(hints_zh),
                    instructions_zh=entry.get("instructions_zh", ""),
                )
            )
    return sorted(found, key=lambda e: (e.lesson, e.file))
