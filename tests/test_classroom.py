"""Batch grading of a class of good, broken, hostile and cheating submissions, in one run.

Each submission must get exactly one correct row (no marks it did not earn, a status that
says what happened, the right hint), none may affect another, nothing may be written
outside the sandbox, no process may outlive grading, and the grader's own memory must stay
small whatever a submission prints. The hostile files are in ``tests/fixtures/hostile/``
(each replaces ``lesson1/ex01_count_and_cost.py``; the first line of each says what it does).

These tests need the operating-system sandbox (bubblewrap): without it they are skipped,
unless ``TE_REQUIRE_SANDBOX=1`` (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from misconception_support import misconception_source

from token_economics.grader import batch as classroom
from token_economics.grader import exercises
from token_economics.grader.sandbox import detect

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
MISCONCEPTIONS = ROOT / "tests" / "fixtures" / "misconceptions" / "lesson1"
EX1 = "lesson1/ex01_count_and_cost.py"
FULL = 10  # lesson 1: 2 + 2 + 2 + 4 points
EX1_POINTS = 2
SENTINEL = Path(tempfile.gettempdir()) / "te-hostile-sentinel.txt"
GRADER_RSS_LIMIT_KB = 300 * 1024

_ISOLATION = detect()
if not _ISOLATION.isolated and os.environ.get("TE_REQUIRE_SANDBOX") == "1":
    raise RuntimeError(f"TE_REQUIRE_SANDBOX=1 but the sandbox is not available: {_ISOLATION.reason}")
# Grading a class takes a minute: these are in the slow tier (`make test-fast` leaves them out).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _ISOLATION.isolated, reason=f"no OS sandbox here: {_ISOLATION.reason}"),
]

# submission → (status, lesson-1 points earned, hint key expected on l1.count_and_cost or None)
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
    "os_exit_at_import": ("crash", FULL - EX1_POINTS, "crash"),
    "syntax_error": ("syntax-error", FULL - EX1_POINTS, "syntax_error"),
    "wrong_signature": ("ok", FULL - EX1_POINTS, "missing_function"),
    "gigantic_output": ("crash", FULL - EX1_POINTS, "output_too_large"),
    "output_flood": ("crash", FULL - EX1_POINTS, "output_too_large"),
    "memory_hog": ("memory", FULL - EX1_POINTS, "memory"),
    "network": ("ok", FULL - EX1_POINTS, "forbidden"),
    "read_solutions": ("ok", FULL - EX1_POINTS, "chars_div_4"),
    "monkeypatch_grader": ("ok", FULL - EX1_POINTS, "chars_div_4"),
    "write_outside": ("ok", FULL, None),
    "orphan_process": ("ok", FULL, None),
    "tamper_own_files": ("crash", FULL - 4, None),  # its own answers are right; ex02 and ex03 were tampered with
    "gc_swap_records": ("ok", 0, "not_started"),  # beside untouched stubs
    "forge_answers": (None, 0, None),  # beside untouched stubs; its forged frames may break its own pipe
    "helpers_beside": ("ok", FULL, None),
    "reference_import": ("ok", FULL - EX1_POINTS, "reference_used"),
    "reference_dynamic": ("ok", FULL - EX1_POINTS, "reference_used"),
    "link_lesson_folder": ("missing-files", 0, "symlink"),
    "link_exercises_folder": ("missing-files", 0, "missing_file"),
    "link_file": ("missing-files", FULL - EX1_POINTS, "symlink"),
    "zip_slip": ("missing-files", 0, "missing_file"),
    "zip_absolute": ("missing-files", 0, "missing_file"),
    "zip_symlink": ("missing-files", 0, "missing_file"),
    "zip_bomb": ("missing-files", 0, "missing_file"),
    "zip_many_entries": ("missing-files", 0, "missing_file"),
}
STUBS_BESIDE = {"gc_swap_records", "forge_answers"}


def _git_status() -> str | None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    proc = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def _orphans() -> list[str]:
    """Command lines of running processes started by the orphan_process fixture."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"te-hostile-orphan" in cmdline and b"pytest" not in cmdline:
                found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _markers() -> list[Path]:
    return sorted([*Path(tempfile.gettempdir()).glob("te-hostile-marker*"), *ROOT.rglob("te-hostile-marker*")])


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _make_class(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    subs: list[Path] = []

    def from_solutions(name: str) -> Path:
        target = folder / name
        shutil.copytree(ROOT / "solutions" / "lesson1", target / "lesson1")
        subs.append(target)
        return target

    def from_stubs(name: str) -> Path:
        target = folder / name
        shutil.copytree(ROOT / "exercises" / "lesson1", target / "lesson1")
        subs.append(target)
        return target

    from_solutions("good")
    from_stubs("untouched")
    (from_solutions("partial") / EX1).write_text(
        misconception_source(MISCONCEPTIONS / "ex01_count_and_cost__chars_div_4.py")
    )
    hack = from_solutions("conftest_hack")
    (hack / EX1).write_text(misconception_source(MISCONCEPTIONS / "ex01_count_and_cost__chars_div_4.py"))
    for where in (hack, hack / "lesson1"):
        shutil.copyfile(HOSTILE / "conftest_hack" / "conftest.py", where / "conftest.py")
        shutil.copytree(HOSTILE / "fake_package" / "token_economics", where / "token_economics")
    (from_solutions("missing_file") / "lesson1" / "ex02_token_premium.py").unlink()
    helpers = from_solutions("helpers_beside")
    for path in (HOSTILE / "helpers_beside").glob("*.py"):
        shutil.copyfile(path, helpers / "lesson1" / path.name)
    for case in sorted(HOSTILE.glob("*.py")):
        make = from_stubs if case.stem in STUBS_BESIDE else from_solutions
        shutil.copyfile(case, make(case.stem) / EX1)
    # Symlinks to the instructor's files: a lesson folder, the whole exercises folder, one file.
    (folder / "link_lesson_folder").mkdir()
    (folder / "link_lesson_folder" / "lesson1").symlink_to(ROOT / "solutions" / "lesson1")
    (folder / "link_exercises_folder").mkdir()
    (folder / "link_exercises_folder" / "exercises").symlink_to(ROOT / "solutions")
    linked = from_solutions("link_file")
    (linked / EX1).unlink()
    (linked / EX1).symlink_to(ROOT / "solutions" / EX1)
    subs += [folder / "link_lesson_folder", folder / "link_exercises_folder"]
    # Zips: one good (files one folder down, as a learning platform exports them), five hostile.
    good = [
        (f"zip_good/exercises/lesson1/{p.name}", p.read_bytes()) for p in (ROOT / "solutions" / "lesson1").glob("*.py")
    ]
    subs.append(_zip(folder / "zip_good.zip", good))
    subs.append(_zip(folder / "zip_slip.zip", good[:1] + [("../../te-hostile-marker-slip.py", b"print('escaped')")]))
    subs.append(_zip(folder / "zip_absolute.zip", good[:1] + [("/tmp/te-hostile-marker-abs.py", b"x = 1")]))
    link = zipfile.ZipInfo("lesson1/ex01_count_and_cost.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    subs.append(_zip(folder / "zip_symlink.zip", [(link, str(ROOT / "solutions" / EX1).encode())]))
    subs.append(_zip(folder / "zip_bomb.zip", good + [("lesson1/padding.txt", b"\0" * (100 * 1024**2))]))
    subs.append(_zip(folder / "zip_many_entries.zip", good + [(f"lesson1/n{i}.txt", b"") for i in range(2100)]))
    return subs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    SENTINEL.write_text("the instructor's file")
    subs = _make_class(folder / "submissions")
    assert len(subs) == len(EXPECTED)
    before = _git_status()
    out = folder / "grades.csv"
    command = [
        sys.executable,
        "-m",
        "token_economics.cli",
        "grade",
        *map(str, subs),
        "--out",
        str(out),
        "--json",
        str(folder / "grades.json"),
        "--jobs",
        "2",
        "--lessons",
        "1",
        "--timeout",
        "120",
        "--call-timeout",
        "8",
        "--quiet",
    ]
    # A small wrapper reports the largest memory of the grader's processes (the CLI and its judges).
    wrapper = (
        "import resource, subprocess, sys\n"
        "proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(proc.stdout); sys.stderr.write(proc.stderr)\n"
        "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(proc.returncode)\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, timeout=1500)
    yield {
        "proc": proc,
        "csv": out,
        "json": folder / "grades.json",
        "before": before,
        "after": _git_status(),
        "folder": folder,
        "orphans": _orphans(),
        "markers": _markers(),
        "sentinel": SENTINEL.exists(),
    }
    SENTINEL.unlink(missing_ok=True)


def _rows(graded) -> dict[str, dict]:
    return {r["submission"]: r for r in csv.DictReader(graded["csv"].open())}


def _detail(graded) -> dict[str, dict]:
    return {s["submission"]: s for s in json.loads(graded["json"].read_text())["submissions"]}


def test_batch_finishes_and_writes_one_row_per_submission(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = list(csv.DictReader(graded["csv"].open()))
    assert [r["submission"] for r in rows] == sorted(EXPECTED)
    header = graded["csv"].read_text().splitlines()[0].split(",")
    assert header[:5] == ["submission", "status", "isolation", "earned", "possible"]
    assert header[5:] == ["l1.count_and_cost", "l1.token_premium", "l1.bytes_per_token", "l1.byte_pair_encoding"]
    assert all(r["status"] in classroom.STATUSES for r in rows)
    assert all(r["isolation"] == "bwrap" for r in rows), "every row records the isolation it was graded with"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_submission_is_graded_correctly(graded, name):
    row, detail = _rows(graded)[name], _detail(graded)[name]
    status, earned, key = EXPECTED[name]
    ex1 = next(e for e in detail["exercises"] if e["id"] == "l1.count_and_cost")
    if status is not None:
        assert row["status"] == status, (row, detail["events"], ex1)
    assert row["possible"] == str(FULL)
    assert int(row["earned"]) == earned, (row, detail)
    if key is not None:
        ex = next(e for e in exercises([1]) if e.id == "l1.count_and_cost")
        assert ex1["hint_key"] == key, (name, ex1)
        assert ex1["hint"] == ex.hint(key, used=ex1["reference_used"]), (name, ex1["hint"])
    if earned < FULL and ex1["earned"] == 0:
        assert ex1["hint"], "a failed exercise carries a hint for the student"


def test_every_failed_exercise_carries_its_error(graded):
    for name, detail in _detail(graded).items():
        for ex in detail["exercises"]:
            if not ex["passed"]:
                assert ex["error"] and ex["error"]["type"] and ex["error"]["line"], (name, ex)
                assert len(ex["error"]["line"]) <= 300


def test_a_status_other_than_ok_names_what_happened(graded):
    for name, detail in _detail(graded).items():
        if detail["status"] in ("timeout", "crash", "memory"):
            assert detail["events"], f"{name}: status {detail['status']} without an event saying why"
            assert all(e["detail"] for e in detail["events"])


def test_tampering_with_own_files_is_named(graded):
    detail = _detail(graded)["tamper_own_files"]
    by_id = {e["id"]: e for e in detail["exercises"]}
    assert by_id["l1.count_and_cost"]["passed"]
    for ex_id in ("l1.token_premium", "l1.bytes_per_token"):
        assert by_id[ex_id]["hint_key"] == "files_changed", by_id[ex_id]
    assert any(e["kind"] == "files_changed" for e in detail["events"])


def test_reference_use_is_listed_in_the_json(graded):
    detail = _detail(graded)
    for name in ("reference_import", "reference_dynamic"):
        ex1 = next(e for e in detail[name]["exercises"] if e["id"] == "l1.count_and_cost")
        assert "token_economics.tokens.count_tokens" in ex1["reference_used"], ex1
        assert "calling" in ex1["hint"] and "count_tokens" in ex1["hint"]


def test_nothing_was_written_outside_and_no_process_is_left(graded):
    assert graded["sentinel"], "a submission deleted a file outside its folder"
    assert not graded["markers"], f"a submission wrote outside its folder: {graded['markers']}"
    assert not graded["orphans"], f"processes outlived grading: {graded['orphans']}"
    if graded["before"] is not None:
        assert graded["after"] == graded["before"], "grading changed the instructor's checkout"


def test_grader_memory_stays_small_whatever_submissions_print(graded):
    line = next(x for x in graded["proc"].stdout.splitlines() if x.startswith("MAXRSS_KB"))
    maxrss_kb = int(line.split()[1])
    assert maxrss_kb < GRADER_RSS_LIMIT_KB, f"the grader grew to {maxrss_kb / 1024:.0f} MB"
    detail = _detail(graded)
    assert detail["output_flood"]["output_bytes"] > 64 * 1024**2, "the flood was counted"


def test_summary_and_chart(graded):
    out = graded["proc"].stdout
    assert "Pass rate per exercise" in out and "Most frequent misconceptions" in out
    chart = graded["csv"].with_name("grades-pass-rate.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_check_and_grade_agree(graded):
    """`check` (one learner's folder) gives the same points, exercise by exercise, as the class run."""
    detail = _detail(graded)
    for name in (
        "good",
        "partial",
        "wrong_signature",
        "reference_dynamic",
        "tamper_own_files",
        "link_file",
        "helpers_beside",
    ):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "token_economics.cli",
                "check",
                "1",
                "--json",
                "--target",
                str(graded["folder"] / "submissions" / name),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        mine = {e["id"]: (e["earned"], e["hint_key"]) for e in json.loads(proc.stdout)["exercises"]}
        theirs = {e["id"]: (e["earned"], e["hint_key"]) for e in detail[name]["exercises"]}
        assert mine == theirs, name


def test_rerun_gives_the_same_file(graded, tmp_path):
    """Re-grading gives a byte-identical CSV (no timestamps, sorted rows); a few submissions suffice."""
    subs = [graded["folder"] / "submissions" / n for n in ("good", "partial", "untouched")]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (first, second):
        classroom.write_atomic(out, classroom.grade_many(subs, lessons=[1], jobs=2).csv_text())
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(first.open()))
    assert [r["earned"] for r in rows] == ["10", "8", "0"]


def test_library_reference_functions_earn_nothing_in_every_lesson(tmp_path):
    """A one-line import of the library's own answer (tokens, bpe, energy, agents, prices, costs)."""
    sub = tmp_path / "cheater"
    shutil.copytree(ROOT / "solutions", sub)
    planted = {}
    for fixture in sorted((HOSTILE / "reference").glob("lesson*__*.py")):
        lesson, stem = fixture.stem.split("__")
        shutil.copyfile(fixture, sub / lesson / f"{stem}.py")
        planted[f"{lesson}/{stem}.py"] = fixture
    shutil.copyfile(HOSTILE / "reference_import.py", sub / EX1)
    planted[EX1] = HOSTILE / "reference_import.py"
    batch = classroom.grade_many([sub], jobs=1)
    row = batch.rows[0]
    by_file = {ex.file: ex for ex in exercises()}
    for result in row.results:
        ex = next(e for e in exercises() if e.id == result.id)
        if ex.file in planted:
            assert result.earned == 0 and result.hint_key == "reference_used", result
            assert result.reference_used and set(result.reference_used) <= set(ex.writes), result
            assert "yourself" in result.hint
        else:
            assert result.passed, (result.id, result.hint_key, result.detail)
    modules = {name.split(".")[1] for r in row.results for name in r.reference_used}
    assert modules >= {"tokens", "bpe", "energy", "agents", "prices", "costs"}
    assert set(planted) <= set(by_file)
    exported = batch.json_data()["submissions"][0]["exercises"]
    assert any(e["reference_used"] for e in exported)


def test_usage_errors(tmp_path):
    def run(*a):
        return subprocess.run([sys.executable, "-m", "token_economics.cli", *a], capture_output=True, text=True)

    assert run("grade", str(tmp_path / "nope"), "--out", str(tmp_path / "g.csv")).returncode == 2
    assert run("grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--jobs", "0").returncode == 2
    assert run("grade", str(tmp_path), "--out", str(tmp_path / "g.csv"), "--lessons", "7").returncode == 2
    assert run("grade", str(tmp_path)).returncode == 2  # --out is required


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
        "    assert not hasattr(mod, 'token_premium'), 'an extra hidden requirement'\n",
        encoding="utf-8",
    )
    good = tmp_path / "class" / "good"
    shutil.copytree(ROOT / "solutions" / "lesson1", good / "lesson1")
    visible = classroom.grade_many([good], lessons=[1], jobs=1).rows[0]
    secret = classroom.grade_many([good], lessons=[1], jobs=1, tests_dir=hidden).rows[0]
    points = {r.id: r.earned for r in secret.results}
    assert visible.earned == FULL
    assert secret.status == "ok" and points["l1.token_premium"] == 0
    assert secret.earned == FULL - 2  # l1.token_premium is worth 2 points
    assert points["l1.count_and_cost"] == EX1_POINTS  # the course's own tests still ran from the folder


def test_progress_bar_counts_to_the_end():
    import io

    from token_economics.grader.report import Report

    stream = io.StringIO()
    show = classroom.progress_bar(stream)
    row = Report(target="ada", results=[])
    show(1, 2, row)
    show(2, 2, row)
    text = stream.getvalue()
    assert "1/2" in text and "2/2" in text and text.endswith("\n")
    assert "50%" in text and "100%" in text and "last: ada (ok, 0/0)" in text
