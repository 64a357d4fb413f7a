"""From the judge's records to a result per exercise, a status, and a scorecard.

``check`` (one learner's folder) and ``grade`` (a class) both end here, with the same
records from the same tests, so they cannot disagree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Sequence

from token_economics.grader.hints import Exercise, exercises, lesson_titles, message
from token_economics.grader.submission import symlink_reason

#: Row statuses, from the worst thing that happened while grading a submission.
STATUSES = ("ok", "timeout", "crash", "syntax-error", "missing-files", "memory")

_CRASH_KEYS = {"crash", "exited", "files_changed", "output_too_large"}


@dataclass
class ExerciseResult:
    """How one exercise went."""

    id: str
    lesson: int
    title: str
    points: int
    earned: int
    passed: bool
    hint: str | None  #: the hint text for a failed exercise, None when it passed
    hint_key: str | None = None
    detail: str | None = None  #: a short excerpt of the first failure
    error: dict | None = None  #: {"type", "line"} of the first failure's error
    reference_used: list[str] = field(default_factory=list)  #: library functions it called instead
    #: for an exercise in parts: part name → {"points", "earned", "passed"}
    parts: dict[str, dict] = field(default_factory=dict)


@dataclass
class Report:
    """The result of grading one submission (or one learner's folder)."""

    target: str
    results: list[ExerciseResult]
    status: str = "ok"  #: see :data:`STATUSES`
    isolation: dict | None = None  #: how the learner's code was isolated (kind, detail, reason)
    events: list[dict] = field(default_factory=list)  #: timeouts, crashes, … with the file concerned
    notes: list[str] = field(default_factory=list)  #: files left out of the submission, and why
    seconds: float = 0.0
    output_bytes: int = 0  #: how much the learner's code printed

    @property
    def earned(self) -> int:
        return sum(r.earned for r in self.results)

    @property
    def possible(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def all_passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def isolation_kind(self) -> str:
        return (self.isolation or {}).get("kind", "none")

    def to_json(self) -> dict:
        """The format ``check --json`` prints: ``{"exercises": [...], "earned", "possible", …}``."""
        keep = (
            "id",
            "lesson",
            "title",
            "points",
            "earned",
            "passed",
            "hint",
            "hint_key",
            "error",
            "reference_used",
            "parts",
        )
        return {
            "exercises": [{k: asdict(r)[k] for k in keep} for r in self.results],
            "earned": self.earned,
            "possible": self.possible,
            "status": self.status,
            "isolation": self.isolation_kind,
        }


def build_report(target: str, selected: Sequence[Exercise], records: list[dict], info: dict | None) -> Report:
    """Turn one submission's test records and session info into a :class:`Report`."""
    info = info or {}
    error = info.get("error")
    files = set(info.get("files", []))
    symlinks = info.get("symlinks", {})
    references = info.get("references", {})
    runtime = info.get("runtime_references", {})
    results = []
    for ex in selected:
        recs = [r for r in records if r.get("exercise") == ex.id]
        used = sorted(set(references.get(ex.id, [])) | set(runtime.get(ex.id, [])))
        failed = [r for r in recs if r.get("outcome") != "passed"]
        detail, err = None, None
        link = symlink_reason(symlinks, ex.file)
        whole = True  # a failure of the whole exercise (no part earns anything)
        if error:
            key, detail = "missing_file", error
        elif link:
            key, detail = "symlink", f"{ex.file}: {link}"
        elif info and ex.file not in files:
            key, detail = "missing_file", f"{ex.file} is not in the submission"
        elif used:
            key, detail = "reference_used", "calls " + ", ".join(used)
        elif not recs:
            key, detail = "no_tests", "no grading test ran for this exercise"
        elif failed:
            key = failed[0].get("hint_key") or "default"
            detail, err = failed[0].get("message"), failed[0].get("error")
            whole = False
        else:
            key = None
        if key is not None and err is None:
            err = {"type": _ERROR_TYPES.get(key, key), "line": (detail or "")[:300]}
        parts = _parts(ex, recs, whole and key is not None)
        earned = sum(p["earned"] for p in parts.values()) if parts else (ex.points if key is None else 0)
        passed = key is None
        results.append(
            ExerciseResult(
                id=ex.id,
                lesson=ex.lesson,
                title=ex.title,
                points=ex.points,
                earned=earned,
                passed=passed,
                hint=None if passed else ex.hint(key, used=used),
                hint_key=key,
                detail=detail,
                error=err,
                reference_used=used,
                parts=parts,
            )
        )
    events = list(info.get("events", []))
    return Report(
        target=target,
        results=results,
        status=_status(results, events),
        isolation=info.get("isolation"),
        events=events,
        notes=list(info.get("notes", [])),
        seconds=float(info.get("seconds", 0.0)),
        output_bytes=int(info.get("output_bytes", 0)),
    )


_ERROR_TYPES = {
    "missing_file": "MissingFile",
    "symlink": "SymlinkNotFollowed",
    "reference_used": "ReferenceUsed",
    "no_tests": "NoTests",
}


def _parts(ex: Exercise, records: list[dict], all_failed: bool) -> dict[str, dict]:
    """Points per part: a part earns its points when every test of that part passed.

    A test that names no part (or an unknown one) counts for every part.
    """
    if not ex.parts:
        return {}
    out = {}
    for name, points in ex.parts.items():
        mine = [r for r in records if r.get("part") in (name, None) or r.get("part") not in ex.parts]
        ok = not all_failed and bool(mine) and all(r.get("outcome") == "passed" for r in mine)
        out[name] = {"points": points, "earned": points if ok else 0, "passed": ok}
    return out


def _status(results: list[ExerciseResult], events: list[dict]) -> str:
    """The worst thing that happened; ``ok`` only when every exercise ran to a verdict."""
    keys = {r.hint_key for r in results}
    kinds = {e.get("kind") for e in events} | (keys & ({"memory", "timeout"} | _CRASH_KEYS))
    if "syntax_error" in keys:
        return "syntax-error"
    if keys & {"missing_file", "symlink"}:
        return "missing-files"
    if "memory" in kinds:
        return "memory"
    if "timeout" in kinds:
        return "timeout"
    if kinds & _CRASH_KEYS:
        return "crash"
    return "ok"


def localized(report: Report, lang: str) -> Report:
    """The same report with each failed exercise's hint in ``lang`` (``"en"`` returns it as it is).

    Only the hint text changes: ids, keys, titles and numbers stay, so machine-readable output
    keeps its shape whatever the language.
    """
    if lang == "en":
        return report
    by_id = {ex.id: ex for ex in exercises()}
    results = [
        replace(r, hint=by_id[r.id].hint(r.hint_key, used=r.reference_used, lang=lang))
        if r.hint is not None and r.id in by_id
        else r
        for r in report.results
    ]
    return replace(report, results=results)


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns, counting a wide (CJK) character as two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def format_scorecard(report: Report, *, color: bool = False, lang: str = "en") -> str:
    """A plain-text scorecard: each exercise with its points and, on failure, its hint; totals per lesson.

    ``lang`` (``"en"`` or ``"zh"``) chooses the words and the titles; the hints are the report's own
    (see :func:`localized`).
    """

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    def say(key: str, **values: object) -> str:
        return message(lang, key, **values)

    titles = lesson_titles(lang)
    exercise_titles = {ex.id: ex.title_in(lang) for ex in exercises()} if lang != "en" else {}
    mark_width = max(len(say("pass")), len(say("fail"))) if lang == "en" else 6
    lines = [say("grading", target=report.target)]
    if report.isolation_kind != "bwrap":
        reason = (report.isolation or {}).get("reason", "")
        lines.append(paint(say("no_sandbox", reason=say("reason", reason=reason) if reason else ""), "33"))
    if report.status != "ok":
        lines.append(paint(say("status", status=report.status), "31"))
        for event in report.events:
            lines.append(f"  {event.get('kind')}: {event.get('detail')}")
    lessons = sorted({r.lesson for r in report.results})
    for lesson in lessons:
        rows = [r for r in report.results if r.lesson == lesson]
        earned, possible = sum(r.earned for r in rows), sum(r.points for r in rows)
        lines.append("")
        lines.append(
            paint(say("lesson", lesson=lesson, title=titles.get(lesson, ""), earned=earned, possible=possible), "1")
        )
        for r in rows:
            word = _pad(say("pass") if r.passed else say("fail"), mark_width)
            mark = paint(word, "32") if r.passed else paint(word, "31")
            title = exercise_titles.get(r.id, r.title)
            lines.append(f"  {mark}  {r.id:<28} {_pad(title, 44)} {r.earned}/{r.points}")
            if not r.passed and r.hint:
                lines.append(f"        {say('hint')}{r.hint}")
                if r.error and r.hint_key in ("import_error", "default", None):
                    lines.append(f"        {say('error')}{r.error.get('type')}: {r.error.get('line')}")
    lines.append("")
    width = 20
    for lesson in lessons:
        rows = [r for r in report.results if r.lesson == lesson]
        share = sum(r.earned for r in rows) / max(1, sum(r.points for r in rows))
        bar = "#" * round(share * width) + "." * (width - round(share * width))
        lines.append(f"  {say('bar', lesson=lesson)} [{bar}] {share:4.0%}")
    total_share = report.earned / report.possible if report.possible else 0.0
    lines.append(paint(say("total", earned=report.earned, possible=report.possible, share=total_share), "1"))
    return "\n".join(lines)
