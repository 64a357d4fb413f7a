"""A learner's own workspace, for those who installed the package instead of cloning the course.

``token-economics init DIR`` copies the exercise stubs and the lesson notebooks into ``DIR``;
``token-economics check`` run inside it grades ``DIR/exercises`` and saves the learner's
progress in ``DIR/.token-economics/progress.json`` (the best result so far per exercise).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from token_economics.grader.report import Report

PROGRESS_FILE = Path(".token-economics") / "progress.json"


def course_dir() -> Path:
    """The course files shipped with the package (exercises, lessons, grading tests), or the checkout's."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "_course"
    if (shipped / "exercises").is_dir():
        return shipped
    checkout = package.parents[1]
    if (checkout / "exercises").is_dir():
        return checkout
    raise FileNotFoundError("the course files are not installed with this copy of token-economics")


def init_workspace(folder: str | Path) -> Path:
    """Create a workspace with fresh exercise stubs and the notebooks.

    Raises:
        FileExistsError: if ``folder/exercises`` already exists (nothing is overwritten).
    """
    folder = Path(folder)
    if (folder / "exercises").exists():
        raise FileExistsError(f"{folder / 'exercises'} already exists; nothing was changed")
    source = course_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "exercises", folder / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(source / "lessons", folder / "lessons", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (folder / PROGRESS_FILE).parent.mkdir(exist_ok=True)
    (folder / "README.md").write_text(
        "# My Token Economics workspace\n\n"
        "- `lessons/`: the lesson notebooks. Open them with `jupyter lab lessons/`.\n"
        "- `exercises/`: your exercise files. Replace each `raise NotImplementedError` with your code.\n\n"
        "Check your work from this folder with `token-economics check` (or `token-economics check 1` for one "
        "lesson). Your best result per exercise is kept in `.token-economics/progress.json`.\n",
        encoding="utf-8",
    )
    return folder


def load_progress(workspace: str | Path) -> dict[str, dict]:
    """Saved progress: exercise id → {"earned", "points", "passed"} (empty if none yet)."""
    path = Path(workspace) / PROGRESS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def save_progress(workspace: str | Path, report: Report) -> dict[str, dict]:
    """Merge a report into the saved progress, keeping the best result per exercise; return it."""
    progress = load_progress(workspace)
    for r in report.results:
        best = progress.get(r.id, {})
        if r.earned >= best.get("earned", -1):
            progress[r.id] = {"earned": r.earned, "points": r.points, "passed": r.passed}
    path = Path(workspace) / PROGRESS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(progress, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return progress
