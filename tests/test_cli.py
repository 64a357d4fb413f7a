"""`token-economics check`: the command learners, instructors and CI services run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # each test starts the command line and grades: not in `make test-fast`
SCRIPT = Path(sys.executable).with_name("token-economics")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "token_economics.cli"]
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def solutions_json():
    proc = run("check", "--target", "solutions", "--json")
    return proc, json.loads(proc.stdout)


def test_solutions_earn_every_point(solutions_json):
    proc, data = solutions_json
    assert proc.returncode == 0, proc.stderr
    assert set(data) == {"exercises", "earned", "possible", "status", "isolation"}
    assert data["earned"] == data["possible"] > 0
    assert data["status"] == "ok" and data["isolation"] in ("bwrap", "none")
    for ex in data["exercises"]:
        assert set(ex) == {
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
        }
        assert ex["passed"] and ex["earned"] == ex["points"] and ex["hint"] is None


def test_untouched_exercises_earn_zero_and_exit_1():
    proc = run("check", "--target", "exercises", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["earned"] == 0 and data["possible"] > 0
    assert all(ex["hint"] and "NotImplementedError" in ex["hint"] for ex in data["exercises"])


def test_lesson_filter_and_scorecard(tmp_path):
    work = tmp_path / "course"
    shutil.copytree(ROOT / "exercises", work / "exercises")
    shutil.copyfile(
        ROOT / "solutions" / "lesson1" / "ex03_bytes_per_token.py",
        work / "exercises" / "lesson1" / "ex03_bytes_per_token.py",
    )
    proc = run("check", "1", cwd=work)  # default target: ./exercises
    assert proc.returncode == 1
    assert "Lesson 1" in proc.stdout and "Lesson 2 —" not in proc.stdout
    assert "PASS  l1.bytes_per_token" in proc.stdout
    assert "hint:" in proc.stdout and "Total: 2/" in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("check", "9"),
        ("check", "one"),
        ("check", "--target", "no-such-folder"),
        ("frobnicate",),
        ("check", "--bogus"),
    ],
)
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_no_exercises_folder_is_a_usage_error(tmp_path):
    proc = run("check", cwd=tmp_path)
    assert proc.returncode == 2 and "--target" in proc.stderr


@pytest.mark.slow
def test_make_lab_starts_jupyterlab(tmp_path):
    """README's learner step 2 (`make lab`, i.e. `.venv/bin/jupyter lab lessons/`): JupyterLab is
    installed and serves the lessons."""
    import socket
    import time
    import urllib.request

    assert Path(sys.executable).with_name("jupyter").exists(), "JupyterLab is not installed in the course's environment"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "run"),
    )
    lab_args = f"--no-browser --ip 127.0.0.1 --port {port} --IdentityProvider.token="
    venv = Path(sys.executable).parent.parent
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"VENV={venv}", f"LAB_ARGS={lab_args}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 120, ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/", timeout=5) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")[-3000:]
        names = [item["name"] for item in json.loads(page)["content"]]
        assert any(name.startswith("01_") and name.endswith(".ipynb") for name in names), names
    finally:
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "lab: $(STAMP)" in (ROOT / "Makefile").read_text() and "make lab" in (ROOT / "README.md").read_text()


def test_ci_script_parses():
    """CI's entry point is a shell script: a broken line in it would stop CI before any test."""
    proc = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = (ROOT / ".ci" / "run").read_text()
    assert "make test" in text and "make test-installed" in text and "make test-room" in text
