"""Read a submission (a folder shaped like ``exercises/``, or a ``.zip`` of one) into memory.

The grader never runs anything from the submission's own place on disk: it reads the files
here, with limits, and sends them to the runner, which writes them into its own writable
folder. So a symlink in the submission can never make the runner see something else:

* a file symlink whose target is a regular file inside the submission is read as that file;
* any other symlink (to a folder, outside the submission, or dangling) is not followed, and
  the file it stands for counts as missing, with the ``symlink`` hint;
* a zip is checked before anything is taken from it: number of entries, total size
  (uncompressed), absolute paths, ``..``, drive letters and symlink entries; any of these
  rejects the whole zip, with a row that says why.
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: Limits on what one submission may hold.
MAX_FILES = 1000
MAX_TOTAL_BYTES = 32 * 1024**2
MAX_FILE_BYTES = 4 * 1024**2
MAX_ZIP_ENTRIES = 2000

_SKIP_DIRS = {"__pycache__", ".git", ".ipynb_checkpoints", "__MACOSX", ".token-economics", ".venv", "node_modules"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


class SubmissionError(ValueError):
    """A submission that cannot be read at all (not a folder or zip, an unsafe or oversized zip)."""


@dataclass
class Submission:
    """A submission's files, read into memory, and what was left out and why."""

    name: str
    source: str
    files: dict[str, bytes] = field(default_factory=dict)  #: posix path relative to the exercises root → bytes
    symlinks: dict[str, str] = field(default_factory=dict)  #: path → why the link was not followed
    notes: list[str] = field(default_factory=list)
    error: str | None = None  #: the whole submission could not be read
    timed_out: bool = False
    seconds: float = 0.0


def read_submission(name: str, path: str | os.PathLike, *, deadline: float | None = None) -> Submission:
    """Read a folder or zip; never raises for the submission's own faults (see ``error``)."""
    started = time.monotonic()
    path = Path(path)
    result = Submission(name=name, source=str(path))
    try:
        if path.is_dir():
            _read_folder(path, result, deadline)
        elif path.is_file() and path.suffix.lower() == ".zip":
            _read_zip(path, result, deadline)
        else:
            raise SubmissionError(f"{path.name} is neither a folder nor a .zip")
    except SubmissionError as exc:
        result.error = str(exc)
        result.files.clear()
    except _OutOfTime:
        result.timed_out = True
        result.error = "reading the submission took longer than its time limit"
        result.files.clear()
    result.seconds = time.monotonic() - started
    return result


class _OutOfTime(Exception):
    """Reading the submission went past its deadline."""


def _check_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


def _add(result: Submission, relative: str, data: bytes) -> None:
    if len(result.files) >= MAX_FILES:
        raise SubmissionError(f"more than {MAX_FILES} files")
    if len(data) > MAX_FILE_BYTES:
        result.notes.append(f"{relative}: over {MAX_FILE_BYTES // 1024**2} MiB, left out")
        return
    if sum(map(len, result.files.values())) + len(data) > MAX_TOTAL_BYTES:
        raise SubmissionError(f"more than {MAX_TOTAL_BYTES // 1024**2} MiB of files")
    result.files[relative] = data


# --- folders ----------------------------------------------------------------------------------


def _exercises_root(folder: Path) -> Path:
    """The folder that holds ``lessonN/`` (the submission itself, or one or two folders down)."""

    def has_lessons(candidate: Path) -> bool:
        return any(c.name.startswith("lesson") for c in _entries(candidate))

    if has_lessons(folder):
        return folder
    for child in _entries(folder):
        if child.name.startswith((".", "__MACOSX")) or not child.is_dir():
            continue
        if has_lessons(child):
            return child
        if (child / "exercises").is_dir() and has_lessons(child / "exercises"):
            return child / "exercises"
    if (folder / "exercises").is_dir():
        return folder / "exercises"
    return folder


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _read_folder(path: Path, result: Submission, deadline: float | None) -> None:
    top = Path(os.path.realpath(path))  # the instructor named this folder: follow it, and nothing beyond
    root = _exercises_root(top)
    real_root = Path(os.path.realpath(root))
    if real_root != top and top not in real_root.parents:
        raise SubmissionError(f"{root.relative_to(top)} is a symbolic link to outside the submission")
    for folder, dirs, files in os.walk(root, followlinks=False):
        _check_time(deadline)
        here = Path(folder)
        kept_dirs = []
        for d in sorted(dirs):
            entry = here / d
            if d in _SKIP_DIRS:
                continue
            if entry.is_symlink():
                _symlink_dir(entry, root, real_root, result)
                continue
            kept_dirs.append(d)
        dirs[:] = kept_dirs
        for f in sorted(files):
            entry = here / f
            relative = entry.relative_to(root).as_posix()
            if f.endswith(_SKIP_SUFFIXES) or f == ".DS_Store":
                continue
            if entry.is_symlink():
                target = Path(os.path.realpath(entry))
                if real_root not in target.parents or not target.is_file():
                    result.symlinks[relative] = "a symbolic link to outside the submission"
                    continue
                entry = target
            try:
                info = entry.stat()
                if not stat.S_ISREG(info.st_mode):
                    continue
                with open(entry, "rb") as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                result.notes.append(f"{relative}: could not be read ({exc.strerror})")
                continue
            _add(result, relative, data)


def _symlink_dir(entry: Path, root: Path, real_root: Path, result: Submission) -> None:
    """A symlinked folder is never followed; each exercise file it would hold counts as a symlink."""
    relative = entry.relative_to(root).as_posix()
    result.symlinks[relative + "/"] = "a symbolic link to a folder (not followed)"


# --- zips -------------------------------------------------------------------------------------


def _read_zip(path: Path, result: Submission, deadline: float | None) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise SubmissionError(f"{path.name}: {len(infos)} entries, more than {MAX_ZIP_ENTRIES}")
            declared = sum(i.file_size for i in infos)
            if declared > MAX_TOTAL_BYTES:
                raise SubmissionError(
                    f"{path.name}: {declared / 1024**2:,.0f} MiB uncompressed, more than "
                    f"{MAX_TOTAL_BYTES // 1024**2} MiB"
                )
            names = []
            for info in infos:
                name = info.filename
                parts = PurePosixPath(name.replace("\\", "/")).parts
                if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
                    raise SubmissionError(f"{path.name}: unsafe path in zip: {name!r}")
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise SubmissionError(f"{path.name}: symbolic link in zip: {name!r}")
                if not info.is_dir():
                    names.append(info)
            prefix = _zip_root([PurePosixPath(i.filename) for i in names])
            for info in names:
                _check_time(deadline)
                relative = PurePosixPath(info.filename)
                if prefix and relative.parts[: len(prefix.parts)] != prefix.parts:
                    continue
                relative = PurePosixPath(*relative.parts[len(prefix.parts) :]) if prefix else relative
                if any(p in _SKIP_DIRS for p in relative.parts) or relative.name.endswith(_SKIP_SUFFIXES):
                    continue
                with archive.open(info) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
                _add(result, relative.as_posix(), data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError) as exc:
        raise SubmissionError(f"{path.name}: not a readable zip ({exc})") from None


def _zip_root(paths: list[PurePosixPath]) -> PurePosixPath | None:
    """The folder inside a zip that holds ``lessonN/`` (as :func:`_exercises_root` does on disk)."""

    def has_lessons(prefix: tuple[str, ...]) -> bool:
        n = len(prefix)
        return any(len(p.parts) > n + 1 and p.parts[:n] == prefix and p.parts[n].startswith("lesson") for p in paths)

    if has_lessons(()):
        return None
    tops = sorted({p.parts[0] for p in paths if len(p.parts) > 1 and not p.parts[0].startswith((".", "__MACOSX"))})
    for top in tops:
        if has_lessons((top,)):
            return PurePosixPath(top)
        if has_lessons((top, "exercises")):
            return PurePosixPath(top, "exercises")
    if has_lessons(("exercises",)):
        return PurePosixPath("exercises")
    return None


def symlink_reason(symlinks: dict[str, str], relative: str) -> str | None:
    """Why the file at ``relative`` was not taken because of a symlink (itself or a folder above it)."""
    if relative in symlinks:
        return symlinks[relative]
    for path, why in symlinks.items():
        if path.endswith("/") and relative.startswith(path):
            return f"inside {path[:-1]}, {why}"
    return None
