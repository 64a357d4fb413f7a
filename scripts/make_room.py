"""Make a folder for a workshop room without internet: the course, and the wheels a laptop needs.

    python scripts/make_room.py room      (or: make room)

The folder holds the course's own files (what git tracks: no .venv, no built site, no
caches) and ``wheelhouse/`` with every wheel a learner's laptop needs (the library, the docs
site, JupyterLab, and the build backend for an editable install), for this machine's
operating system, processor and Python version. Nothing in it depends on where it was
made: copy it anywhere, then on each laptop

    make install WHEELHOUSE=wheelhouse && make serve

installs from the folder alone and serves the site. ``scripts/check_offline_room.sh`` proves it,
in a network namespace with only loopback up.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Not for a learner's laptop: made here, or only the instructor's.
SKIP = {
    ".git",
    ".venv",
    "site",
    "wheelhouse",
    "room",
    ".pytest_cache",
    ".hypothesis",
    "__pycache__",
    "build",
    "dist",
    ".ci",
}


def course_files() -> list[Path]:
    """The course's own files: what git tracks, or (without git) everything but what is made here."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [
            ROOT / name
            for name in listed.decode().split("\0")
            if name and ((ROOT / name).is_file() or (ROOT / name).is_symlink())
        ]
    return [p for p in ROOT.rglob("*") if p.is_file() and not SKIP & set(p.relative_to(ROOT).parts)]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/make_room.py FOLDER")
    room = Path(sys.argv[1]).resolve()
    if room == ROOT or room in ROOT.parents:
        sys.exit(f"{room}: choose a new folder, not the course itself or a folder holding it")
    if room.exists():
        shutil.rmtree(room)
    for path in course_files():
        target = room / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():  # the course's own links (docs/notebooks → ../lessons) stay links
            target.symlink_to(path.readlink())
        else:
            shutil.copy2(path, target)
    wheels = room / "wheelhouse"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),  # the versions `make install` asks for in the room
            "--wheel-dir",
            str(wheels),
            f"{ROOT}[learner]",
            "hatchling",
            "editables",
        ],
        check=True,
    )
    for own in wheels.glob("token_economics-*.whl"):  # the course installs from its own files
        own.unlink()
    size = sum(p.stat().st_size for p in wheels.iterdir()) / 1024**2
    (room / "ROOM.md").write_text(
        "# A room without internet\n\n"
        f"Made on {platform.system()} {platform.machine()}, Python {platform.python_version()}: the wheels in\n"
        "`wheelhouse/` suit laptops of that operating system, processor and Python version.\n\n"
        "Copy this whole folder to each laptop (anywhere), then in it:\n\n"
        "```bash\nmake install WHEELHOUSE=wheelhouse   # from the folder alone, no internet\n"
        "make serve                            # the course site at http://127.0.0.1:8000\n"
        "make lab                              # the notebooks in JupyterLab\n"
        "make check                            # grade your exercises\n```\n",
        encoding="utf-8",
    )
    print(
        f"{room}: the course and {len(list(wheels.iterdir()))} wheels ({size:.0f} MB). Copy it to each laptop, then "
        "`make install WHEELHOUSE=wheelhouse` there."
    )


if __name__ == "__main__":
    main()
