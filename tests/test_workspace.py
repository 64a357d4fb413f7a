"""`token-economics init` and saved progress, for learners who installed the package."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from token_economics.grader import exercises

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "token_economics.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_init_then_check_saves_best_progress(tmp_path):
    proc = cli("init", "course", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ws = tmp_path / "course"
    assert (ws / "exercises" / "lesson1" / "ex01_count_and_cost.py").read_text() == \
        (ROOT / "exercises" / "lesson1" / "ex01_count_and_cost.py").read_text()
    assert any((ws / "lessons").glob("01_*.ipynb"))
    assert cli("init", "course", cwd=tmp_path).returncode == 2, "init must not overwrite a workspace"

    shutil.copyfile(ROOT / "solutions" / "lesson1" / "ex03_bytes_per_token.py",
                    ws / "exercises" / "lesson1" / "ex03_bytes_per_token.py")
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
