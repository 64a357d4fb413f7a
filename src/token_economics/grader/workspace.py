"""A learner's own workspace, for those who installed the package instead of cloning the course.

``token-economics init DIR`` copies the exercise stubs and the lesson notebooks into ``DIR``;
``token-economics check`` run inside it grades ``DIR/exercises`` and saves the learner's
progress in ``DIR/.token-economics/progress.json`` (the best result so far per exercise).

``init`` never overwrites a file: what is already there is kept (and listed), what is
missing is added, so running it again restores a deleted stub. It is all or nothing: the new
files are staged first, then moved into place; if anything fails, what was moved is removed.

The progress file is checked when read (known exercises only, points within bounds); a file
that is not valid is kept as a backup and replaced, with a warning. Writes take a lock and go
through a temporary file of their own, so two ``check`` runs at once lose nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from token_economics.grader.hints import exercises
from token_economics.grader.report import Report

PROGRESS_FILE = Path(".token-economics") / "progress.json"
LOCK_FILE = Path(".token-economics") / "progress.lock"

WORKSPACE_README = (
    "# My Token Economics workspace\n\n"
    "- `lessons/`: the lesson notebooks. Open them with `jupyter lab lessons/` (JupyterLab and the\n"
    "  notebooks' sliders come with `pip install 'token-economics[learner]'`).\n"
    "- `exercises/`: your exercise files. Replace each `raise NotImplementedError` with your code.\n\n"
    "Check your work from this folder with `token-economics check` (or `token-economics check 1` for one "
    "lesson). Your best result per exercise is kept in `.token-economics/progress.json`.\n"
)


class WorkspaceError(OSError):
    """``init`` could not make the workspace (nothing was changed)."""


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


@dataclass
class InitResult:
    """What ``init`` did: the files it added and the ones it found and kept."""

    folder: Path
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = []
        if self.added:
            tops: dict[str, int] = {}
            for path in self.added:
                top = path.split("/", 1)[0]
                tops[top] = tops.get(top, 0) + 1
            lines.append(
                f"Added {len(self.added)} files to {self.folder}: "
                + ", ".join(f"{top} ({n})" for top, n in sorted(tops.items()))
                + "."
            )
        else:
            lines.append(f"Nothing to add: {self.folder} already has every course file.")
        if self.kept:
            shown = ", ".join(self.kept[:8]) + (f", and {len(self.kept) - 8} more" if len(self.kept) > 8 else "")
            lines.append(f"Kept {len(self.kept)} files that were already there (not overwritten): {shown}.")
        return "\n".join(lines)


def _planned(source: Path) -> dict[str, Path | None]:
    """Relative path → source file (None: the workspace README, written from text)."""
    plan: dict[str, Path | None] = {}
    for top in ("exercises", "lessons"):
        for path in sorted((source / top).rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and ".ipynb_checkpoints" not in path.parts
                and not path.name.endswith(".pyc")
            ):
                plan[path.relative_to(source).as_posix()] = path
    plan["README.md"] = None
    return plan


def init_workspace(folder: str | Path) -> InitResult:
    """Add the exercise stubs, the notebooks and a README to ``folder``, keeping every file already there.

    Raises:
        WorkspaceError: if ``folder`` is a file, or cannot be written (then nothing was changed).
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder} is a file, not a folder; nothing was changed")
    source = course_dir()
    result = InitResult(folder=folder)
    todo: dict[str, Path | None] = {}
    for relative, src in _planned(source).items():
        target = folder / relative
        if target.exists() or target.is_symlink():
            result.kept.append(relative)
        else:
            todo[relative] = src
    parent = folder if folder.exists() else _existing_parent(folder)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise WorkspaceError(f"{parent} cannot be written (permission denied); nothing was changed")
    if not todo and (folder / PROGRESS_FILE).parent.is_dir():
        return result
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".token-economics-init-", dir=folder))
    except OSError as exc:
        raise WorkspaceError(f"{folder}: {exc.strerror or exc}; nothing was changed") from None
    moved: list[Path] = []
    made_dirs: list[Path] = []
    try:
        for relative, src in todo.items():  # stage: every new file, complete, beside its final place
            staged = staging / relative
            staged.parent.mkdir(parents=True, exist_ok=True)
            if src is None:
                staged.write_text(WORKSPACE_README, encoding="utf-8")
            else:
                shutil.copyfile(src, staged)
        for relative in todo:  # then move them in, refusing to replace anything that appeared meanwhile
            target = folder / relative
            for parent_dir in reversed(target.parents):
                if parent_dir != folder and folder in parent_dir.parents and not parent_dir.exists():
                    parent_dir.mkdir()
                    made_dirs.append(parent_dir)
            _place(staging / relative, target)
            moved.append(target)
            result.added.append(relative)
        progress_dir = folder / PROGRESS_FILE.parent
        if not progress_dir.exists():
            progress_dir.mkdir()
            made_dirs.append(progress_dir)
    except OSError as exc:
        for path in reversed(moved):
            path.unlink(missing_ok=True)
        for path in reversed(made_dirs):
            with contextlib.suppress(OSError):
                path.rmdir()
        raise WorkspaceError(
            f"{folder}: {exc.strerror or exc} ({getattr(exc, 'filename', '') or ''}); nothing was changed"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _place(staged: Path, target: Path) -> None:
    """Put a staged file at ``target``, failing if ``target`` exists: never overwrites."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: create exclusively, then copy
        with open(target, "xb") as out, open(staged, "rb") as src:
            shutil.copyfileobj(src, out)


def _existing_parent(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


# --- saved progress ------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(workspace: Path) -> Iterator[None]:
    lock_path = workspace / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: no lock, the temporary files still keep each write whole
            pass
        yield


def _valid_entries(data: object) -> tuple[dict[str, dict], list[str]]:
    """The entries of a progress file that describe real exercises with possible points, and the problems."""
    known = {ex.id: ex for ex in exercises()}
    if not isinstance(data, dict):
        return {}, ["the file does not hold a JSON object"]
    good, problems = {}, []
    for key, entry in data.items():
        ex = known.get(key)
        if ex is None:
            problems.append(f"{key!r} is not an exercise of this course")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{key}: {entry!r} is not an entry")
            continue
        earned, points, passed = entry.get("earned"), entry.get("points"), entry.get("passed")
        if not (
            isinstance(earned, int)
            and not isinstance(earned, bool)
            and 0 <= earned <= ex.points
            and points == ex.points
            and isinstance(passed, bool)
            and passed == (earned == ex.points)
        ):
            problems.append(f"{key}: {entry!r} is not a possible result")
            continue
        good[key] = {"earned": earned, "points": points, "passed": passed}
    return good, problems


def load_progress(workspace: str | Path, *, warn=None) -> dict[str, dict]:
    """Saved progress: exercise id → {"earned", "points", "passed"}, valid entries only.

    A file that cannot be read as progress is moved aside to ``progress.json.bad-<time>``, and
    ``warn`` (if given) is called with a sentence saying so.
    """
    path = Path(workspace) / PROGRESS_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        data, problems = None, [f"it is not readable JSON ({type(exc).__name__})"]
    else:
        problems = []
    good, more = _valid_entries(data) if data is not None else ({}, [])
    problems += more
    if problems:
        backup = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        with contextlib.suppress(OSError):
            shutil.copyfile(path, backup)
        if warn:
            warn(
                f"{path} had entries that are not valid progress ({'; '.join(problems[:3])}); a copy was kept "
                f"in {backup.name} and only the valid entries were kept."
            )
    return good


def save_progress(workspace: str | Path, report: Report, *, warn=None) -> dict[str, dict]:
    """Merge a report into the saved progress, keeping the best result per exercise; return it."""
    workspace = Path(workspace)
    path = workspace / PROGRESS_FILE
    with _locked(workspace):
        progress = load_progress(workspace, warn=warn)
        for r in report.results:
            best = progress.get(r.id, {})
            if r.earned >= best.get("earned", -1):
                progress[r.id] = {"earned": r.earned, "points": r.points, "passed": r.passed}
        fd, tmp = tempfile.mkstemp(prefix=".progress.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(progress, handle, indent=1, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return progress
