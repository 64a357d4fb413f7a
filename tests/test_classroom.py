"""Batch grading: 20 mixed submissions (good, partial, broken, hostile) in one run.

Each submission must get exactly one correct row, none may affect another, and the
instructor's checkout must be left as it was. The hostile files are in
``tests/fixtures/hostile/`` (each replaces ``lesson1/ex01_count_and_cost.py``).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from token_economics import classroom

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
MISCONCEPTIONS = ROOT / "tests" / "fixtures" / "misconceptions" / "lesson1"
EX1 = "lesson1/ex01_count_and_cost.py"
FULL = 10  # lesson 1: 2 + 2 + 2 + 4 points
EX1_POINTS = 2

# submission → (status, earned, hint key expected on l1.count_and_cost or None)
EXPECTED = {
    "good": ("ok", FULL, None),
    "zip_good": ("ok", FULL, None),
    "untouched": ("ok", 0, "not_started"),
    "partial": ("ok", FULL - EX1_POINTS, "chars_div_4"),
    "conftest_hack": ("ok", FULL - EX1_POINTS, "chars_div_4"),
    "missing_file": ("missing-files", FULL - 2, None),
    "loop_at_import": ("timeout", FULL - EX1_POINTS, "timeout"),
    "loop_in_function": ("timeout", FULL - EX1_POINTS, "timeout"),
    "sys_exit_at_import": ("crash", FULL - EX1_POINTS, "exited"),
    "os_exit_at_import": ("ok", FULL - EX1_POINTS, "forbidden"),
    "syntax_error": ("syntax-error", FULL - EX1_POINTS, "syntax_error"),
    "wrong_signature": ("ok", FULL - EX1_POINTS, "missing_function"),
    "gigantic_output": ("ok", FULL - EX1_POINTS, "output_too_large"),
    "memory_hog": ("memory", FULL - EX1_POINTS, "memory"),
    "write_outside": ("ok", FULL - EX1_POINTS, "forbidden"),
    "read_solutions": ("ok", FULL - EX1_POINTS, "forbidden"),
    "read_tests": ("ok", FULL - EX1_POINTS, "forbidden"),
    "monkeypatch_pytest": ("ok", 0, None),
    "monkeypatch_grader": ("ok", 0, None),
    "network": ("ok", FULL - EX1_POINTS, "forbidden"),
}


def _git_status() -> str | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    proc = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def _make_class(folder: Path) -> list[Path]:
    subs = []

    def from_solutions(name: str) -> Path:
        target = folder / name
        shutil.copytree(ROOT / "solutions" / "lesson1", target / "lesson1")
        subs.append(target)
        return target

    from_solutions("good")
    untouched = folder / "untouched"
    shutil.copytree(ROOT / "exercises" / "lesson1", untouched / "lesson1")
    subs.append(untouched)
    shutil.copyfile(MISCONCEPTIONS / "ex01_count_and_cost__chars_div_4.py", from_solutions("partial") / EX1)
    hack = from_solutions("conftest_hack")
    shutil.copyfile(MISCONCEPTIONS / "ex01_count_and_cost__chars_div_4.py", hack / EX1)
    shutil.copyfile(HOSTILE / "conftest_hack" / "conftest.py", hack / "conftest.py")
    shutil.copyfile(HOSTILE / "conftest_hack" / "conftest.py", hack / "lesson1" / "conftest.py")
    shutil.copytree(HOSTILE / "fake_package" / "token_economics", hack / "token_economics")
    shutil.copytree(HOSTILE / "fake_package" / "token_economics", hack / "lesson1" / "token_economics")
    (from_solutions("missing_file") / "lesson1" / "ex02_token_premium.py").unlink()
    for case in sorted(HOSTILE.glob("*.py")):
        shutil.copyfile(case, from_solutions(case.stem) / EX1)
    # A zip whose files sit one folder down, as an LMS download often has them.
    archive = folder / "zip_good.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (ROOT / "solutions" / "lesson1").glob("*.py"):
            zf.write(path, f"zip_good/exercises/lesson1/{path.name}")
    subs.append(archive)
    return subs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    sentinel = tmp_path_factory.mktemp("outside") / "do-not-delete.txt"
    sentinel.write_text("the instructor's file")
    subs = _make_class(folder / "submissions")
    assert len(subs) == 20
    before = _git_status()
    out = folder / "grades.csv"
    env_before = dict(__import__("os").environ)
    __import__("os").environ["TE_HOSTILE_TARGET"] = str(sentinel)
    try:
        command = [sys.executable, "-m", "token_economics.cli", "grade", *map(str, subs), "--out", str(out),
                   "--json", str(folder / "grades.json"), "--jobs", "2", "--lessons", "1",
                   "--timeout", "240", "--test-timeout", "8", "--quiet"]
        proc = subprocess.run(command, capture_output=True, text=True, timeout=1500)
    finally:
        __import__("os").environ.clear()
        __import__("os").environ.update(env_before)
    return {"proc": proc, "csv": out, "json": folder / "grades.json", "sentinel": sentinel,
            "before": before, "after": _git_status(), "command": command, "folder": folder}


def test_batch_finishes_and_writes_one_row_per_submission(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = list(csv.DictReader(graded["csv"].open()))
    assert len(rows) == 20
    assert [r["submission"] for r in rows] == sorted(EXPECTED)
    header = graded["csv"].read_text().splitlines()[0].split(",")
    assert header[:4] == ["submission", "status", "earned", "possible"]
    assert header[4:] == ["l1.count_and_cost", "l1.token_premium", "l1.bytes_per_token", "l1.byte_pair_encoding"]
    assert all(r["status"] in classroom.STATUSES for r in rows)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_submission_is_graded_correctly(graded, name):
    rows = {r["submission"]: r for r in csv.DictReader(graded["csv"].open())}
    detail = {s["submission"]: s for s in json.loads(graded["json"].read_text())["submissions"]}
    status, earned, key = EXPECTED[name]
    row = rows[name]
    ex1 = next(e for e in detail[name]["exercises"] if e["id"] == "l1.count_and_cost")
    assert row["status"] == status, (row, ex1)
    assert row["possible"] == str(FULL)
    if earned is not None:
        assert int(row["earned"]) == earned, (row, detail[name])
    if name not in ("good", "zip_good", "missing_file"):
        assert row["l1.count_and_cost"] == "0", row
        assert ex1["hint"], "a failed exercise carries a hint for the student"
    if key is not None:
        from token_economics.grading import exercises

        ex = next(e for e in exercises([1]) if e.id == "l1.count_and_cost")
        assert ex1["hint"] == ex.hint(key), (name, ex1["hint"])


def test_instructor_files_untouched(graded):
    assert graded["sentinel"].exists(), "a submission deleted a file outside its folder"
    assert not (ROOT / "HACKED_BY_SUBMISSION.txt").exists()
    if graded["before"] is not None:
        assert graded["after"] == graded["before"], "grading changed the instructor's checkout"


def test_summary_and_chart(graded):
    out = graded["proc"].stdout
    assert "Pass rate per exercise" in out and "Most frequent hints" in out
    chart = graded["csv"].with_name("grades-pass-rate.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rerun_gives_the_same_file(graded, tmp_path):
    """Re-grading gives byte-identical CSV (no timestamps, sorted rows); a few submissions suffice."""
    subs = [graded["folder"] / "submissions" / n for n in ("good", "partial", "untouched")]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (first, second):
        classroom.write_atomic(out, classroom.grade_many(subs, lessons=[1], jobs=2).csv_text())
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(first.open()))
    assert [r["earned"] for r in rows] == ["10", "8", "0"]


def test_usage_errors(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "token_economics.cli", *a],  # noqa: E731
                                    capture_output=True, text=True)
    assert run("grade", str(tmp_path / "nope"), "--out", str(tmp_path / "g.csv")).returncode == 2
    assert run("grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--jobs", "0").returncode == 2
    assert run("grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--lessons", "7").returncode == 2
    assert run("grade", str(tmp_path)).returncode == 2  # --out is required


def test_bad_zip_still_gets_a_row(tmp_path):
    bad = tmp_path / "mallory.zip"
    bad.write_bytes(b"not a zip at all")
    escape = tmp_path / "eve.zip"
    with zipfile.ZipFile(escape, "w") as zf:
        zf.writestr("../../outside.py", "print('escaped')")
    batch = classroom.grade_many([bad, escape], lessons=[1], jobs=2)
    assert [(r.submission, r.status, r.earned) for r in batch.rows] == [("eve", "missing-files", 0),
                                                                       ("mallory", "missing-files", 0)]
    assert not (tmp_path.parent / "outside.py").exists()


def test_hidden_tests_replace_the_course_tests(tmp_path):
    """--tests DIR: the instructor's own folder of grading tests (kept outside the course) is what
    runs; here it holds the course's lesson 1 tests plus one extra check the reference answer fails."""
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    shutil.copyfile(ROOT / "tests" / "exercises" / "conftest.py", hidden / "conftest.py")
    shutil.copyfile(ROOT / "tests" / "exercises" / "test_lesson1.py", hidden / "test_lesson1.py")
    (hidden / "test_hidden.py").write_text(
        "import pytest\n\n\n"
        "@pytest.mark.exercise('l1.token_premium')\n"
        "def test_a_check_learners_never_saw(submission):\n"
        "    mod = submission('lesson1/ex02_token_premium.py')\n"
        "    assert not hasattr(mod, 'token_premium'), 'an extra hidden requirement'\n", encoding="utf-8")
    good = tmp_path / "class" / "good"
    shutil.copytree(ROOT / "solutions" / "lesson1", good / "lesson1")
    visible = classroom.grade_many([good], lessons=[1], jobs=1).rows[0]
    secret = classroom.grade_many([good], lessons=[1], jobs=1, tests_dir=hidden).rows[0]
    assert visible.earned == FULL
    assert secret.status == "ok" and secret.points["l1.token_premium"] == 0
    assert secret.earned == FULL - 2  # l1.token_premium is worth 2 points
    assert secret.points["l1.count_and_cost"] == EX1_POINTS  # the course's own tests still ran from the folder


def test_progress_bar_counts_to_the_end():
    import io

    stream = io.StringIO()
    show = classroom.progress_bar(stream)
    row = classroom.SubmissionResult("ada", "ok", {"l1.x": 2}, 2, {}, {})
    show(1, 2, row)
    show(2, 2, row)
    text = stream.getvalue()
    assert "1/2" in text and "2/2" in text and text.endswith("\n")
    assert "[###############...............]" in text and "[" + "#" * 30 + "]" in text
