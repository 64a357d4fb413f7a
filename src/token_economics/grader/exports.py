"""What ``grade`` writes besides its grade sheet: feedback files, a roster's dates, LMS gradebooks.

* :func:`safe_cell` neutralises text a spreadsheet would run as a formula (a student id like
  ``=HYPERLINK(...)``), as spreadsheet-safety guides advise: a leading apostrophe;
* :func:`read_roster` reads an optional roster CSV: ``submission`` (the folder or zip name),
  and any of ``student_id``, ``name``, ``first_name``, ``last_name``, ``email``,
  ``sis_user_id``, ``sis_login_id``, ``section``, ``submitted_at`` (ISO 8601);
* :func:`submitted_at` dates a submission: the roster's ``submitted_at``, else the newest
  modification time among its files (zip entries or files on disk);
* :func:`canvas_csv` and :func:`moodle_csv` write gradebook imports; :func:`feedback_markdown`
  and :func:`feedback_html` one feedback page per student;
* :func:`merge_grade_sheets` joins the sheets of a class graded in shards.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from token_economics.grader.hints import LESSON_TITLES, Exercise
from token_economics.grader.report import Report

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROSTER_COLUMNS = (
    "submission",
    "student_id",
    "name",
    "first_name",
    "last_name",
    "email",
    "sis_user_id",
    "sis_login_id",
    "section",
    "submitted_at",
)

#: Where each lesson is on the docs site, for "read again" links in feedback.
LESSON_PAGES = {
    1: "lessons/01-what-is-a-token/",
    2: "lessons/02-why-tokens-use-electricity/",
    3: "lessons/03-why-agents-burn-tokens/",
    4: "lessons/04-why-tokens-get-cheaper/",
    5: "lessons/05-token-as-currency/",
}


def safe_cell(value: object) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV file's text with every cell made safe (numbers stay numbers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) else safe_cell(v) for v in row])
    return buffer.getvalue()


# --- roster and dates ----------------------------------------------------------------------------


@dataclass
class Student:
    """One roster line."""

    submission: str
    student_id: str = ""
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    submitted_at: dt.datetime | None = None
    extra: dict = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        both = " ".join(p for p in (self.first_name, self.last_name) if p)
        return both or self.submission


def parse_when(text: str, *, what: str) -> dt.datetime:
    """An ISO 8601 date or date-time; without a zone it is taken as UTC.

    Raises:
        ValueError: naming ``what`` when the text is not a date.
    """
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{what}: {text!r} is not an ISO 8601 date or date-time (e.g. 2026-12-03T23:59+01:00)"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def read_roster(path: str | os.PathLike) -> dict[str, Student]:
    """Submission name → :class:`Student`.

    Raises:
        ValueError: for a roster without a ``submission`` column, a name listed twice, or a bad date.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "submission" not in reader.fieldnames:
            raise ValueError(f"roster {path}: needs a 'submission' column (the folder or zip name)")
        out: dict[str, Student] = {}
        for number, row in enumerate(reader, start=2):
            name = (row.get("submission") or "").strip()
            if not name:
                continue
            if name in out:
                raise ValueError(f"roster {path}, line {number}: {name!r} is listed twice")
            values = {k: (row.get(k) or "").strip() for k in ROSTER_COLUMNS if k not in ("submission", "submitted_at")}
            when = (row.get("submitted_at") or "").strip()
            out[name] = Student(
                submission=name,
                **values,
                submitted_at=parse_when(when, what=f"roster line {number}") if when else None,
                extra={k: v for k, v in row.items() if k not in ROSTER_COLUMNS},
            )
    return out


def submitted_at(path: Path, student: Student | None = None) -> dt.datetime | None:
    """When a submission was handed in: the roster's date, else its files' newest modification time (UTC)."""
    if student is not None and student.submitted_at is not None:
        return student.submitted_at
    newest: float | None = None
    try:
        if path.is_file() and path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        stamp = dt.datetime(*info.date_time, tzinfo=dt.timezone.utc).timestamp()
                        newest = stamp if newest is None else max(newest, stamp)
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
                for name in files:
                    if name.endswith(".py"):
                        stamp = os.lstat(os.path.join(folder, name)).st_mtime
                        newest = stamp if newest is None else max(newest, stamp)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    return dt.datetime.fromtimestamp(newest, tz=dt.timezone.utc) if newest is not None else None


# --- LMS gradebooks ------------------------------------------------------------------------------


def _student(roster: dict[str, Student], name: str) -> Student:
    return roster.get(name) or Student(submission=name)


def canvas_csv(rows: Sequence[Report], roster: dict[str, Student], assignment: str, scores: dict[str, float]) -> str:
    """A Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment.

    Canvas matches students on ID, SIS User ID or SIS Login ID; the roster supplies them
    (``student_id`` is Canvas's numeric ID). Submissions not in the roster are left out.
    """
    lines = []
    for row in rows:
        if row.target not in roster:
            continue
        s = roster[row.target]
        last_first = ", ".join(p for p in (s.last_name, s.first_name) if p) or s.display_name
        lines.append([last_first, s.student_id, s.sis_user_id, s.sis_login_id, s.section, scores[row.target]])
    return csv_text(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment], lines)


def moodle_csv(rows: Sequence[Report], roster: dict[str, Student], assignment: str, scores: dict[str, float]) -> str:
    """A Moodle "Import grades from CSV" file: names, ID number and email address, then the grade item.

    In Moodle, map "Email address" (or "ID number") to the user and the last column to the grade
    item. Submissions not in the roster are left out.
    """
    lines = []
    for row in rows:
        if row.target not in roster:
            continue
        s = roster[row.target]
        first, last = s.first_name, s.last_name
        if not (first or last) and s.name:
            first, _, last = s.name.partition(" ")
        lines.append([first, last, s.student_id, s.email, scores[row.target]])
    return csv_text(["First name", "Last name", "ID number", "Email address", assignment], lines)


# --- feedback files ------------------------------------------------------------------------------


def _feedback_rows(report: Report, exercises: Sequence[Exercise]) -> list[dict]:
    out = []
    by_id = {r.id: r for r in report.results}
    for ex in exercises:
        r = by_id.get(ex.id)
        if r is None:
            continue
        out.append({"result": r, "page": LESSON_PAGES.get(ex.lesson, "")})
    return out


def feedback_markdown(
    report: Report,
    exercises: Sequence[Exercise],
    *,
    student: Student | None = None,
    late: dict | None = None,
    site_url: str = "",
) -> str:
    """One student's feedback in Markdown: score per exercise, hint, error, what to read again."""
    who = student.display_name if student else report.target
    lines = [
        f"# Feedback for {who}",
        "",
        f"**Score: {report.earned} / {report.possible}** ({report.earned / report.possible:.0%})"
        if report.possible
        else "**Score: 0**",
        "",
    ]
    if late and late.get("late"):
        lines += [
            f"Handed in {late['submitted_at']}, after the deadline ({late['deadline']})."
            + (f" Late penalty: {late['penalty_points']:g} points." if late.get("penalty_points") else ""),
            "",
        ]
    if report.status != "ok":
        lines += [f"Grading ended with status **{report.status}**:", ""]
        lines += [f"- {e.get('detail')}" for e in report.events] + [""]
    lines += ["| exercise | points | |", "|---|---|---|"]
    for item in _feedback_rows(report, exercises):
        r = item["result"]
        lines.append(f"| {r.id}: {r.title} | {r.earned}/{r.points} | {'passed' if r.passed else 'to redo'} |")
    lines.append("")
    for item in _feedback_rows(report, exercises):
        r = item["result"]
        if r.passed:
            continue
        lines += [f"## {r.title} ({r.id}): {r.earned}/{r.points}", ""]
        if r.parts:
            done = [n for n, p in r.parts.items() if p["passed"]]
            todo = [n for n, p in r.parts.items() if not p["passed"]]
            if done:
                lines.append(f"- Done: {', '.join(done)}.")
            lines.append(f"- Still to fix: {', '.join(todo)}.")
        if r.hint:
            lines.append(f"- Hint: {r.hint}")
        if r.error and r.error.get("line"):
            lines.append(f"- What happened: `{r.error.get('type')}: {r.error.get('line')}`")
        if item["page"]:
            lesson = int(r.id[1 : r.id.index(".")])
            title = LESSON_TITLES.get(lesson, f"Lesson {lesson}")
            lines.append(
                f'- Read again: Lesson {lesson}, "{title}" ({site_url.rstrip("/") + "/" if site_url else ""}'
                f"{item['page']})."
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def feedback_html(report: Report, exercises: Sequence[Exercise], **kwargs) -> str:
    """The same feedback as :func:`feedback_markdown`, as a small standalone HTML page."""
    who = kwargs.get("student").display_name if kwargs.get("student") else report.target
    esc = html.escape
    body = [f"<h1>Feedback for {esc(who)}</h1>", f"<p><strong>Score: {report.earned} / {report.possible}</strong></p>"]
    late = kwargs.get("late")
    if late and late.get("late"):
        body.append(
            f"<p>Handed in {esc(str(late['submitted_at']))}, after the deadline ({esc(str(late['deadline']))}).</p>"
        )
    if report.status != "ok":
        body.append(
            f"<p>Grading ended with status <strong>{esc(report.status)}</strong>:</p><ul>"
            + "".join(f"<li>{esc(str(e.get('detail')))}</li>" for e in report.events)
            + "</ul>"
        )
    body.append("<table><thead><tr><th>exercise</th><th>points</th><th>hint</th></tr></thead><tbody>")
    for item in _feedback_rows(report, exercises):
        r = item["result"]
        hint = "" if r.passed else esc(r.hint or "")
        if not r.passed and r.error and r.error.get("line"):
            hint += f"<br><code>{esc(str(r.error.get('type')))}: {esc(str(r.error.get('line')))}</code>"
        body.append(f"<tr><td>{esc(r.id)}: {esc(r.title)}</td><td>{r.earned}/{r.points}</td><td>{hint}</td></tr>")
    body.append("</tbody></table>")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Feedback for {esc(who)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}table{border-collapse:collapse}"
        "</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def feedback_filename(name: str, suffix: str) -> str:
    """A file name for a student's feedback that cannot leave the feedback folder."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip(".") or "submission"
    return cleaned[:120] + suffix


# --- shards ------------------------------------------------------------------------------------


def merge_grade_sheets(texts: Sequence[str]) -> str:
    """Join grade sheets written by ``grade --shard i/N`` into one, sorted by submission.

    Raises:
        ValueError: if the sheets have different columns, or one submission appears twice.
    """
    header: list[str] | None = None
    rows: dict[str, list[str]] = {}
    for number, text in enumerate(texts, start=1):
        reader = csv.reader(io.StringIO(text))
        try:
            this = next(reader)
        except StopIteration:
            raise ValueError(f"sheet {number} is empty") from None
        if header is None:
            header = this
        elif this != header:
            raise ValueError(f"sheet {number} has other columns than sheet 1; grade all shards the same way")
        for row in reader:
            if not row:
                continue
            if row[0] in rows:
                raise ValueError(f"submission {row[0]!r} is in two sheets")
            rows[row[0]] = row
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header or [])
    for name in sorted(rows):
        writer.writerow(rows[name])
    return buffer.getvalue()
