"""`token-economics init` and saved progress, for learners who installed the package."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from token_economics.grader import exercises

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # each test starts the command line and grades: not in `make test-fast`


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "token_economics.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_init_then_check_saves_best_progress(tmp_path):
    proc = cli("init", "course", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ws = tmp_path / "course"
    assert (ws / "exercises" / "lesson1" / "ex01_count_and_cost.py").read_text() == (
        ROOT / "exercises" / "lesson1" / "ex01_count_and_cost.py"
    ).read_text()
    assert any((ws / "lessons").glob("01_*.ipynb"))
    (ws / "exercises" / "lesson1" / "ex02_token_premium.py").write_text("# my work\n")
    assert cli("init", "course", cwd=tmp_path).returncode == 0
    assert (ws / "exercises" / "lesson1" / "ex02_token_premium.py").read_text() == "# my work\n", (
        "init must not overwrite a learner's file"
    )

    shutil.copyfile(
        ROOT / "solutions" / "lesson1" / "ex03_bytes_per_token.py",
        ws / "exercises" / "lesson1" / "ex03_bytes_per_token.py",
    )
    proc = cli("check", "1", cwd=ws)
    assert proc.returncode == 1
    assert "Best so far" in proc.stdout
    progress = json.loads((ws / ".token-economics" / "progress.json").read_text())
    assert progress["l1.bytes_per_token"] == {"earned": 2, "points": 2, "passed": True}

    # Breaking the file later does not erase the best result.
    (ws / "exercises" / "lesson1" / "ex03_bytes_per_token.py").write_text("def utf8_bytes(:\n")
    cli("check", "1", cwd=ws)
    progress = json.loads((ws / ".token-economics" / "progress.json").read_text())
    assert progress["l1.bytes_per_token"]["passed"] is True


# --- init never destroys, and is all or nothing --------------------------------------------------


def test_init_keeps_a_learners_files_and_says_so(tmp_path):
    ws = tmp_path / "course"
    (ws / "lessons").mkdir(parents=True)
    (ws / "README.md").write_text("my notes\n")
    mine = next((ROOT / "lessons").glob("01_*.ipynb")).name
    (ws / "lessons" / mine).write_text("my edited notebook")
    proc = cli("init", "course", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "README.md").read_text() == "my notes\n"
    assert (ws / "lessons" / mine).read_text() == "my edited notebook"
    assert (ws / "exercises" / "lesson1" / "ex01_count_and_cost.py").is_file()
    assert "Kept 2 files" in proc.stdout and "README.md" in proc.stdout and "Added" in proc.stdout
    again = cli("init", "course", cwd=tmp_path)
    assert again.returncode == 0 and "Nothing to add" in again.stdout
    (ws / "exercises" / "lesson2" / "ex01_flops.py").unlink()
    restored = cli("init", "course", cwd=tmp_path)
    assert restored.returncode == 0 and "Added 1 files" in restored.stdout
    assert (ws / "exercises" / "lesson2" / "ex01_flops.py").is_file()
    assert not list(ws.glob(".token-economics-init-*")), "no staging folder is left behind"


def test_init_into_something_unwritable_changes_nothing(tmp_path):
    (tmp_path / "afile").write_text("x")
    proc = cli("init", "afile/ws", cwd=tmp_path)
    assert proc.returncode == 2 and "nothing was changed" in proc.stderr and "Traceback" not in proc.stderr
    proc = cli("init", "afile", cwd=tmp_path)
    assert proc.returncode == 2 and "not a folder" in proc.stderr
    assert (tmp_path / "afile").read_text() == "x"


def test_init_failing_halfway_removes_what_it_added(tmp_path, monkeypatch):
    from token_economics.grader import workspace

    real, calls = workspace._place, []

    def flaky(staged, target):
        calls.append(target)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(staged, target)

    monkeypatch.setattr(workspace, "_place", flaky)
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "notes.txt").write_text("mine")
    with pytest.raises(workspace.WorkspaceError, match="nothing was changed"):
        workspace.init_workspace(ws)
    assert sorted(p.name for p in ws.iterdir()) == ["notes.txt"]


# --- saved progress survives bad files and parallel checks --------------------------------------


def _report(ex_id: str, earned: int):
    from token_economics.grader.report import ExerciseResult, Report

    ex = next(e for e in exercises() if e.id == ex_id)
    return Report(
        target="x", results=[ExerciseResult(ex.id, ex.lesson, ex.title, ex.points, earned, earned == ex.points, None)]
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not json",
        b'"x"',
        b'{"l1.count_and_cost": {"earned": "ten"}}',
        b'{"l1.fake": {"earned": 1000, "points": 1000, "passed": true}}',
        b'{"l1.count_and_cost": {"earned": 5, "points": 2, "passed": true}}',
    ],
)
def test_a_bad_progress_file_is_kept_aside_and_checking_goes_on(tmp_path, content):
    from token_economics.grader.workspace import PROGRESS_FILE, load_progress, save_progress

    (tmp_path / PROGRESS_FILE).parent.mkdir()
    (tmp_path / PROGRESS_FILE).write_bytes(content)
    warnings = []
    assert load_progress(tmp_path, warn=warnings.append) == {}
    assert warnings and "not valid progress" in warnings[0]
    assert list((tmp_path / PROGRESS_FILE).parent.glob("progress.json.bad-*"))
    saved = save_progress(tmp_path, _report("l1.token_premium", 2), warn=warnings.append)
    assert set(saved) == {"l1.token_premium"}, "only real exercises are counted"
    assert json.loads((tmp_path / PROGRESS_FILE).read_text()) == saved


def test_check_survives_a_corrupt_progress_file(tmp_path):
    ws = tmp_path / "course"
    assert cli("init", "course", cwd=tmp_path).returncode == 0
    (ws / ".token-economics" / "progress.json").write_bytes(b'{"l9.fake": {"earned": 1000}, "x": "y"')
    shutil.copyfile(ROOT / "solutions" / "lesson2" / "ex01_flops.py", ws / "exercises" / "lesson2" / "ex01_flops.py")
    proc = cli("check", "2", cwd=ws)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "Warning:" in proc.stderr
    total = sum(ex.points for ex in exercises())
    assert f"Best so far, all checks in this folder: 2/{total} points" in proc.stdout


def _save_many(args):
    from token_economics.grader.workspace import save_progress

    folder, ex_id, earned = args
    for _ in range(15):
        save_progress(folder, _report(ex_id, earned))


def test_two_checks_saving_at_once_lose_nothing(tmp_path):
    import multiprocessing

    jobs = [(tmp_path, "l1.count_and_cost", 2), (tmp_path, "l2.flops", 2), (tmp_path, "l3.run_cost", 1)]
    with multiprocessing.get_context("fork").Pool(3) as pool:
        pool.map(_save_many, jobs)
    from token_economics.grader.workspace import PROGRESS_FILE

    saved = json.loads((tmp_path / PROGRESS_FILE).read_text())
    assert set(saved) == {"l1.count_and_cost", "l2.flops", "l3.run_cost"}
    assert not list((tmp_path / PROGRESS_FILE).parent.glob("*.tmp"))
