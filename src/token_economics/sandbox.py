"""Guards for grading code the grader did not write (a student's submission).

The batch grader (:mod:`token_economics.classroom`) runs each submission in its own process.
Inside that process, :func:`install` is called by the pytest plugin once the grading tests
have been collected and before any submission code runs. It adds, in layers:

* **limits from the operating system** (set by the parent before the child starts, see
  :func:`child_preexec`): address-space limit (memory), file-size limit, a new session so a
  timeout kills every process the submission started;
* **a Python audit hook** (PEP 578; it cannot be removed once added) that refuses network
  connections, starting programs, loading C libraries through ``ctypes``, writing or deleting
  files outside the submission's temporary folder, and reading the instructor's solutions and
  tests;
* **tamper checks**: a snapshot of builtins and of the modules the tests rely on, compared
  after every test, and ``os._exit`` replaced so a submission cannot end the run silently.

This is a classroom guard, not a security boundary against a determined attacker with native
code: for that, grade inside a container or a throw-away virtual machine. Where the operating
system allows it (Linux with user namespaces), the parent also starts the child without any
network at all (``unshare --net``).
"""

from __future__ import annotations

import builtins
import os
import sys
from pathlib import Path
from typing import Iterable

_STATE: dict = {}


class SandboxViolation(PermissionError):
    """Raised inside the child when submission code does something the grader forbids."""


def _resolve(path) -> Path | None:
    try:
        if isinstance(path, int):
            return None
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        return Path(os.path.abspath(os.fspath(path)))
    except (TypeError, ValueError):
        return None


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == f or f in path.parents for f in folders)


#: Audit events that change the file system, and which of their arguments are paths being changed.
_PATH_EVENTS: dict[str, tuple[int, ...]] = {
    "os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.chmod": (0,), "os.chown": (0,),
    "os.truncate": (0,), "os.utime": (0,), "os.chflags": (0,), "os.lchflags": (0,), "os.setxattr": (0,),
    "os.removexattr": (0,), "shutil.rmtree": (0,), "os.symlink": (1,), "os.link": (1,),
    "shutil.copyfile": (1,), "shutil.copymode": (1,), "shutil.copystat": (1,), "shutil.copytree": (1,),
    "shutil.move": (0, 1), "os.rename": (0, 1), "os.replace": (0, 1),
}

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def _audit(event: str, args: tuple) -> None:
    state = _STATE
    if not state.get("active"):
        return
    if event == "open":
        path, mode, flags = args
        resolved = _resolve(path)
        if resolved is None:
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(flags & _WRITE_FLAGS)
        if str(resolved).startswith("/proc/") and resolved.name in ("environ", "mem", "cmdline", "maps"):
            raise SandboxViolation("grading: reading the grader's process details is not allowed")
        if writing and not _inside(resolved, state["writable"]):
            raise SandboxViolation(f"grading: writing {resolved} is not allowed (only inside the submission's folder)")
        if not writing and _inside(resolved, state["unreadable"]) and (
                not _inside(resolved, state["tests"]) or _called_from_submission()):
            raise SandboxViolation(f"grading: reading {resolved} is not allowed (instructor's files)")
    elif event in _PATH_EVENTS:
        for index in _PATH_EVENTS[event]:
            if index < len(args) and isinstance(args[index], (str, bytes, os.PathLike)):
                resolved = _resolve(args[index])
                if resolved is not None and not _inside(resolved, state["writable"]):
                    raise SandboxViolation(f"grading: {event} on {resolved} is not allowed")
    elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo", "socket.gethostbyname"):
        address = args[1] if event in ("socket.connect", "socket.bind", "socket.sendto") else args[0]
        host = address[0] if isinstance(address, tuple) and address else address
        if host not in (None, "", "127.0.0.1", "localhost", "::1") or event == "socket.getaddrinfo":
            raise SandboxViolation("grading: network access is not allowed")
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                   "os.forkpty", "pty.spawn"):
        raise SandboxViolation(f"grading: starting other programs ({event}) is not allowed")
    elif event in ("ctypes.dlopen", "ctypes.dlsym"):
        raise SandboxViolation("grading: ctypes is not allowed")
    elif event == "sys.addaudithook":
        raise SandboxViolation("grading: adding audit hooks is not allowed")


def _called_from_submission() -> bool:
    """Whether code from the submission's folder (or code made up at run time) is on the call stack."""
    frame = sys._getframe(2)
    folders = _STATE["writable"]
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith("<") and filename not in ("<frozen importlib._bootstrap>",
                                                         "<frozen importlib._bootstrap_external>"):
            return True
        resolved = _resolve(filename)
        if resolved is not None and _inside(resolved, folders):
            return True
        frame = frame.f_back
    return False


def _blocked_exit(*_args, **_kwargs):
    raise SandboxViolation("grading: os._exit is not allowed; return from your function instead")


_WATCHED_MODULES = ("math", "json", "builtins", "os", "pytest", "_pytest.python", "_pytest.runner",
                    "_pytest.reports", "token_economics.grading", "token_economics.pytest_plugin")


def _snapshot() -> dict[tuple[str, str], int]:
    snap: dict[tuple[str, str], int] = {}
    for name in _WATCHED_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        for attr, value in list(vars(module).items()):
            if not attr.startswith("__"):
                snap[(name, attr)] = id(value)
    for cls_name, cls in (("_pytest.python.Function", getattr(sys.modules.get("_pytest.python"), "Function", None)),
                          ("_pytest.reports.TestReport", getattr(sys.modules.get("_pytest.reports"), "TestReport", None))):
        if cls is not None:
            for attr, value in list(vars(cls).items()):
                snap[(cls_name, attr)] = id(value)
    return snap


def tampered() -> list[str]:
    """Names of watched functions or attributes that changed since :func:`install` (empty if none)."""
    if "snapshot" not in _STATE:
        return []
    now = _snapshot()
    before = _STATE["snapshot"]
    changed = [f"{m}.{a}" for (m, a), ident in before.items() if now.get((m, a)) != ident]
    changed += [f"{m}.{a}" for (m, a) in now if (m, a) not in before and m in ("builtins",)]
    return sorted(changed)


def install(*, writable: Iterable[str | Path], unreadable: Iterable[str | Path],
            tests: Iterable[str | Path] = ()) -> None:
    """Start guarding this process (call once, after test collection, before submission code runs).

    Args:
        writable: folders the submission may write (its own temporary folder).
        unreadable: folders the submission may not read (solutions, tests).
        tests: those of ``unreadable`` that pytest itself still reads (to show a failing line):
            reading them is refused only when submission code asks.
    """
    if _STATE.get("active"):
        return
    _STATE["writable"] = [Path(os.path.abspath(p)) for p in writable]
    _STATE["unreadable"] = [Path(os.path.abspath(p)) for p in [*unreadable, *tests]]
    _STATE["tests"] = [Path(os.path.abspath(p)) for p in tests]
    os._exit = _blocked_exit  # type: ignore[assignment]
    posix = sys.modules.get("posix")
    if posix is not None:
        posix._exit = _blocked_exit  # type: ignore[attr-defined]
    _STATE["snapshot"] = _snapshot()
    if not _STATE.get("hooked"):
        sys.addaudithook(_audit)
        _STATE["hooked"] = True
    _STATE["active"] = True
    builtins.__dict__.setdefault("__te_sandboxed__", True)


def child_preexec(memory_bytes: int | None, max_file_bytes: int | None) -> None:
    """Run in the child just before it starts (``subprocess.Popen(preexec_fn=...)``, POSIX only)."""
    import resource
    import signal

    os.setsid()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-large write fails with an error instead of killing
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if max_file_bytes:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
