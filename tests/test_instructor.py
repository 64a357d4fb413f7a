"""An instructor's day with `token-economics grade`: outputs that cannot destroy, feedback per
student, late work, LMS exports, shards, partial credit in GitHub Classroom, a summary that
counts misconceptions among the submissions that attempted an exercise."""

from __future__ import annotations

import base64
import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from misconception_support import misconception_source

from token_economics.grader.exports import merge_grade_sheets, safe_cell
from token_economics.grader.sandbox import detect

ROOT = Path(__file__).resolve().parents[1]
MISCONCEPTIONS = ROOT / "tests" / "fixtures" / "misconceptions"
ISOLATION = detect()
pytestmark = pytest.mark.slow  # grading runs: not in `make test-fast`
needs_sandbox = pytest.mark.skipif(not ISOLATION.isolated, reason=f"no OS sandbox here: {ISOLATION.reason}")
OLD = time.mktime((2026, 11, 20, 12, 0, 0, 0, 0, -1))  # before the deadline below
NEW = time.mktime((2026, 11, 30, 12, 0, 0, 0, 0, -1))  # after it
DEADLINE = "2026-11-25T23:59:00+00:00"


def cli(*args: str, cwd: Path | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "token_economics.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def _touch(folder: Path, when: float) -> None:
    for path in folder.rglob("*.py"):
        os.utime(path, (when, when))


def _lesson2(target: Path, *, misconception: str | None = None, stubs: bool = False) -> Path:
    shutil.copytree(ROOT / ("exercises" if stubs else "solutions") / "lesson2", target / "lesson2")
    if misconception:
        stem = misconception.split("__")[0]
        (target / "lesson2" / f"{stem}.py").write_text(misconception_source(MISCONCEPTIONS / "lesson2" / misconception))
    return target


# --- outputs are checked before grading --------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "out_is_a_submission",
        "json_is_out",
        "out_inside_a_submission",
        "out_is_a_folder",
        "out_unwritable",
        "chart_is_json",
    ],
)
def test_unsafe_outputs_are_refused_before_grading(tmp_path, case):
    subs = tmp_path / "s"
    ada = _lesson2(subs / "ada")
    carol = subs / "carol.zip"
    with zipfile.ZipFile(carol, "w") as zf:
        zf.write(ada / "lesson2" / "ex01_flops.py", "lesson2/ex01_flops.py")
    before = carol.read_bytes()
    (tmp_path / "afile").write_text("not a folder")
    args = {
        "out_is_a_submission": ["--out", str(carol), str(carol)],
        "json_is_out": ["--out", str(tmp_path / "x.csv"), "--json", str(tmp_path / "x.csv"), str(ada)],
        "out_inside_a_submission": ["--out", str(ada / "grades.csv"), str(ada)],
        "out_is_a_folder": ["--out", str(tmp_path), str(ada)],
        "out_unwritable": ["--out", str(tmp_path / "afile" / "grades.csv"), str(ada)],
        "chart_is_json": ["--out", str(tmp_path / "g.csv"), "--json", str(tmp_path / "g-pass-rate.png"), str(ada)],
    }[case]
    proc = cli("grade", *args, "--lessons", "2", "--quiet", timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Graded" not in proc.stdout, "refused before any grading"
    assert carol.read_bytes() == before
    assert not (ada / "grades.csv").exists() and not (tmp_path / "x.csv").exists()


@needs_sandbox
def test_a_submission_named_like_an_option_after_double_dash(tmp_path):
    _lesson2(tmp_path / "--out")
    proc = cli("grade", "--out", "g.csv", "--lessons", "2", "--quiet", "--", "--out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "--out,ok,bwrap,15,15" in (tmp_path / "g.csv").read_text()


def test_merge_refuses_to_overwrite_a_sheet(tmp_path):
    sheet = tmp_path / "a.csv"
    sheet.write_text("submission,status\nada,ok\n")
    assert cli("merge-grades", str(sheet), "--out", str(sheet), timeout=60).returncode == 2
    assert sheet.read_text() == "submission,status\nada,ok\n"


# --- one class, every output -------------------------------------------------------------------

NAMES = {
    "ada": None,
    "grace": "ex01_flops__forgot_factor_two.py",
    "linus": "stubs",
    '=HYPERLINK("evil.example","x")': None,
    "+cmd|calc": None,
    "@SUM(1)": None,
}


@pytest.fixture(scope="module")
def class_day(tmp_path_factory):
    if not ISOLATION.isolated:
        pytest.skip(f"no OS sandbox here: {ISOLATION.reason}")
    folder = tmp_path_factory.mktemp("day")
    subs = []
    for name, kind in NAMES.items():
        target = _lesson2(
            folder / "s" / name, stubs=kind == "stubs", misconception=kind if kind and kind != "stubs" else None
        )
        _touch(target, NEW if name == "grace" else OLD)
        subs.append(target)
    roster = folder / "roster.csv"
    roster.write_text(
        "submission,student_id,first_name,last_name,email,sis_user_id,sis_login_id,section,submitted_at\n"
        "ada,101,Ada,Lovelace,ada@example.edu,S101,ada,A,\n"
        "grace,102,Grace,Hopper,grace@example.edu,S102,grace,A,\n"
        "linus,103,Linus,T,linus@example.edu,S103,linus,B,2026-11-26T09:00:00+00:00\n",
        encoding="utf-8",
    )
    out = folder / "out"
    proc = cli(
        "grade",
        *map(str, subs),
        "--out",
        str(out / "grades.csv"),
        "--json",
        str(out / "grades.json"),
        "--feedback-dir",
        str(out / "feedback"),
        "--roster",
        str(roster),
        "--deadline",
        DEADLINE,
        "--late-penalty",
        "10",
        "--canvas",
        str(out / "canvas.csv"),
        "--moodle",
        str(out / "moodle.csv"),
        "--lessons",
        "2",
        "--jobs",
        "2",
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    return {"proc": proc, "out": out, "subs": subs, "folder": folder}


def _rows(day) -> list[dict]:
    return list(csv.DictReader((day["out"] / "grades.csv").open(encoding="utf-8")))


def test_spreadsheet_formulas_are_neutralised_and_json_is_exact(class_day):
    first_cells = [row["submission"] for row in _rows(class_day)]
    for name in NAMES:
        if name[0] in "=+-@":
            assert "'" + name in first_cells and name not in first_cells
    names = {s["submission"] for s in json.loads((class_day["out"] / "grades.json").read_text())["submissions"]}
    assert names == set(NAMES)
    assert safe_cell("-2+3") == "'-2+3" and safe_cell("\tx") == "'\tx" and safe_cell("ada") == "ada"


def test_outputs_are_readable_by_the_instructors_group(class_day):
    mask = os.umask(0o022)
    os.umask(mask)
    for path in [
        class_day["out"] / "grades.csv",
        class_day["out"] / "grades.json",
        class_day["out"] / "canvas.csv",
        *(class_day["out"] / "feedback").iterdir(),
    ]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == 0o666 & ~mask, (path.name, oct(mode))


def test_late_work_is_marked_and_penalised_only_when_asked(class_day):
    rows = {r["submission"]: r for r in _rows(class_day)}
    assert rows["ada"]["late"] == "no" and rows["grace"]["late"] == "yes"
    assert rows["linus"]["late"] == "yes" and rows["linus"]["submitted_at"].startswith("2026-11-26T09:00")
    grace = rows["grace"]
    assert float(grace["penalty"]) == pytest.approx(int(grace["earned"]) * 0.10)
    assert float(grace["score"]) == pytest.approx(int(grace["earned"]) * 0.90)
    assert float(rows["ada"]["penalty"]) == 0 and float(rows["ada"]["score"]) == 15


def test_partial_credit_in_the_sheet(class_day):
    grace = {r["submission"]: r for r in _rows(class_day)}["grace"]
    # forgot_factor_two breaks flops_per_token and flops_per_query (one part), not training_flops
    assert grace["l2.flops"] == "1" and grace["earned"] == "14"


def test_lms_exports_use_the_roster_and_the_final_score(class_day):
    canvas = list(csv.reader((class_day["out"] / "canvas.csv").open(encoding="utf-8")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Token Economics exercises"]
    by_id = {row[1]: row for row in canvas[1:]}
    assert by_id["101"][0] == "Lovelace, Ada" and float(by_id["101"][5]) == 15
    assert float(by_id["102"][5]) == pytest.approx(14 * 0.9)
    assert len(canvas) == 4, "submissions not in the roster are left out"
    moodle = list(csv.reader((class_day["out"] / "moodle.csv").open(encoding="utf-8")))
    assert moodle[0] == ["First name", "Last name", "ID number", "Email address", "Token Economics exercises"]
    assert ["Grace", "Hopper", "102", "grace@example.edu"] == moodle[2][:4]
    assert "left out" in class_day["proc"].stderr


def test_one_feedback_file_per_student(class_day):
    files = sorted(p.name for p in (class_day["out"] / "feedback").iterdir())
    assert len(files) == len(NAMES) and all(f.endswith(".md") for f in files)
    assert all("/" not in f and not f.startswith(".") for f in files)
    grace = (class_day["out"] / "feedback" / "grace.md").read_text()
    assert "Grace Hopper" in grace and "14 / 15" in grace and "after the deadline" in grace
    assert "Hint:" in grace and "Read again: Lesson 2" in grace and "Still to fix: inference" in grace
    linus = (class_day["out"] / "feedback" / "linus.md").read_text()
    assert "NotImplementedError" in linus or "Not started" in linus


def test_summary_counts_misconceptions_among_attempts(class_day):
    out = class_day["proc"].stdout
    flops = next(line for line in out.splitlines() if line.strip().startswith("l2.flops"))
    # 6 submissions, 1 untouched: 4 of the 5 that attempted it pass
    assert "80%" in flops and "not attempted   1" in flops
    assert "Most frequent misconceptions" in out and "one FLOP per parameter" in out


@needs_sandbox
def test_html_feedback(tmp_path):
    sub = _lesson2(tmp_path / "s" / "ada", misconception="ex01_flops__forgot_factor_two.py")
    proc = cli(
        "grade",
        str(sub),
        "--out",
        str(tmp_path / "g.csv"),
        "--feedback-dir",
        str(tmp_path / "fb"),
        "--feedback-format",
        "html",
        "--lessons",
        "2",
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "fb" / "ada.html").read_text()
    assert page.startswith("<!doctype html>") and "14 / 15" in page and "<table>" in page


# --- shards ------------------------------------------------------------------------------------


@needs_sandbox
def test_shards_join_into_the_whole_class(tmp_path):
    subs = [
        str(
            _lesson2(
                tmp_path / "s" / f"student{i}", misconception="ex01_flops__forgot_factor_two.py" if i % 2 else None
            )
        )
        for i in range(5)
    ]
    whole = cli("grade", *subs, "--out", str(tmp_path / "all.csv"), "--lessons", "2", "--quiet")
    assert whole.returncode == 0, whole.stderr
    for i in (1, 2, 3):
        proc = cli(
            "grade", *subs, "--out", str(tmp_path / f"part{i}.csv"), "--shard", f"{i}/3", "--lessons", "2", "--quiet"
        )
        assert proc.returncode == 0, proc.stderr
    sizes = [len((tmp_path / f"part{i}.csv").read_text().splitlines()) - 1 for i in (1, 2, 3)]
    assert sizes == [2, 2, 1]
    merged = cli(
        "merge-grades", *(str(tmp_path / f"part{i}.csv") for i in (1, 2, 3)), "--out", str(tmp_path / "merged.csv")
    )
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "merged.csv").read_text() == (tmp_path / "all.csv").read_text()


def test_merge_refuses_mismatched_or_overlapping_sheets():
    a = "submission,status,earned\nada,ok,1\n"
    with pytest.raises(ValueError, match="two sheets"):
        merge_grade_sheets([a, a])
    with pytest.raises(ValueError, match="other columns"):
        merge_grade_sheets([a, "submission,status\nbob,ok\n"])


@pytest.mark.parametrize("bad", ["0/2", "3/2", "x/2", "1"])
def test_bad_shards_are_usage_errors(tmp_path, bad):
    assert cli("grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--shard", bad, timeout=60).returncode == 2


# --- GitHub Classroom scores what grade scores ---------------------------------------------------


@needs_sandbox
def test_classroom_reporter_scores_equal_grade(tmp_path):
    """What GitHub Classroom's reporter adds up (the sum of the tests' scores over max_score, as in
    its notify-classroom.js) equals `grade`'s points, partial credit included."""
    sub = _lesson2(tmp_path / "s" / "ada", misconception="ex01_flops__forgot_factor_two.py")
    proc = cli("check", "--target", str(sub), "--classroom", "2")
    data = json.loads(base64.b64decode(proc.stdout.strip()))
    total, maximum = sum(t["score"] for t in data["tests"]), data["max_score"]
    graded = cli("grade", str(sub), "--out", str(tmp_path / "g.csv"), "--lessons", "2", "--quiet")
    assert graded.returncode == 0, graded.stderr
    row = next(csv.DictReader((tmp_path / "g.csv").open()))
    assert (total, maximum) == (int(row["earned"]), int(row["possible"])) == (14, 15)
    assert data["status"] == "fail" and any(t["status"] == "fail" and t["score"] == 1 for t in data["tests"])


def test_classroom_template_uses_the_reporter_with_per_exercise_points():
    text = (ROOT / "templates" / "github-classroom" / ".github" / "workflows" / "classroom.yml").read_text()
    assert "token-economics check --target exercises --classroom" in text
    assert "classroom-resources/autograding-grading-reporter@v1" in text
    assert "POINTS_RESULTS" in text and "runners: points" in text
    assert "autograding-command-grader" not in text, "a lesson must not be all or nothing"


def test_shard_workflow_template_matches_its_matrix():
    import re

    text = (ROOT / "templates" / "github-actions" / "grade-class.yml").read_text()
    shards = int(re.search(r'SHARDS: "(\d+)"', text).group(1))
    matrix = [int(x) for x in re.search(r"shard: \[([\d, ]+)\]", text).group(1).split(",")]
    assert matrix == list(range(1, shards + 1))
    assert "--shard ${{ matrix.shard }}/${{ env.SHARDS }}" in text and "merge-grades part-*.csv" in text


def test_submission_times_come_from_the_roster_zip_entries_or_files(tmp_path):
    import datetime as dt

    from token_economics.grader.exports import Student, submitted_at

    archive = tmp_path / "ada.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("lesson2/ex01_flops.py", date_time=(2026, 11, 20, 8, 0, 0)), "x = 1\n")
        zf.writestr(zipfile.ZipInfo("lesson2/ex02_query_energy.py", date_time=(2026, 11, 22, 9, 30, 0)), "y = 2\n")
    assert submitted_at(archive) == dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone.utc)
    folder = _lesson2(tmp_path / "grace")
    _touch(folder, OLD)
    assert submitted_at(folder) == dt.datetime.fromtimestamp(OLD, tz=dt.timezone.utc)
    roster_time = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    assert submitted_at(folder, Student("grace", submitted_at=roster_time)) == roster_time
