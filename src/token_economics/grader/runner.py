"""The runner: the only process where a learner's code is imported and called.

Started by :mod:`token_economics.grader.remote` (inside bubblewrap on Linux, see
:mod:`token_economics.grader.sandbox`), it reads requests from its standard input and writes
answers to the file descriptor named by ``--answer-fd``, one framed JSON message each
(:mod:`token_economics.grader.protocol`); the learner's code gets an empty standard input.
Its standard output and error are the learner's prints; the grader reads them through a pipe
and keeps only the first part.

The first request (``init``) brings the submission's files, which the runner writes into its
own writable folder, and the names of the library functions the exercises ask the learner
to write (see :func:`install_tripwires`). Then, until its input closes:

* ``load``: import one exercise file under a private module name;
* ``attr``: say whether a module has a name, and whether it is a function;
* ``call``: call a function with arguments that arrived as data, and send back its result
  as data, or the exception it raised (type names, message, the last lines of traceback).

Nothing here decides a grade: the grader compares the values it receives with values it
computed itself, in a process the learner's code never reaches.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any, Callable

from token_economics.grader import protocol


class ReferenceFunctionUsed(BaseException):
    """Raised by a tripwire: the learner's code called the library's own answer."""


class _State:
    """The runner's state (one per process; this module is the process's main program)."""

    def __init__(self) -> None:
        self.workdir = Path("/")
        self.hashes: dict[str, str] = {}
        self.modules: dict[str, ModuleType] = {}
        self.module_exercise: dict[str, str] = {}
        self.tripwires: dict[str, list[str]] = {}  # exercise id → dotted names it asks the learner to write
        self.active: frozenset[str] = frozenset()
        self.tripped: list[str] = []
        self.wires = _Tripwires()


# --- tripwires --------------------------------------------------------------------------------

_LIBRARY = "token_economics"


def _is_library_module(name: str) -> bool:
    return (name == _LIBRARY or name.startswith(_LIBRARY + ".")) and not name.startswith(_LIBRARY + ".grader")


class _Tripwires:
    """The library functions an exercise asks the learner to write, replaced by tripwires.

    A tripwire calls the real function when its caller is the library's own code (identified
    by code object, collected when each library module is imported, before any learner code
    could touch it). Any other caller, while the exercise that asks for that function is being
    run, is the learner's code, directly or through a helper, ``exec``, ``functools.partial``
    or a re-export: the name is recorded and :class:`ReferenceFunctionUsed` is raised.
    """

    def __init__(self) -> None:
        self.pending: dict[str, set[str]] = {}  # module → names to wrap when it is imported
        self.trusted: set = set()  # code objects of the library's own functions
        self.scanned: set[str] = set()
        self.missing: list[str] = []

    def install(self, names: set[str]) -> None:
        for name in sorted(names):
            module_name, attr_path = _split(name)
            self.pending.setdefault(module_name, set()).add(attr_path)
        for module_name in [m for m in sys.modules if _is_library_module(m)]:
            self.after_import(sys.modules[module_name])
        sys.meta_path.insert(0, _ImportHook(self))

    def after_import(self, module: ModuleType | None) -> None:
        if module is None or module.__name__ in self.scanned:
            return
        self.scanned.add(module.__name__)
        self._trust(module)
        for attr_path in sorted(self.pending.pop(module.__name__, ())):
            self._wrap(module, attr_path)

    def _trust(self, module: ModuleType) -> None:
        def add_code(code) -> None:
            if code in self.trusted:
                return
            self.trusted.add(code)
            for const in code.co_consts:
                if isinstance(const, CodeType):
                    add_code(const)

        def add(obj, depth: int) -> None:
            if getattr(obj, "__te_tripwire__", None):
                return
            seen = 0
            while hasattr(obj, "__wrapped__") and seen < 5:
                if isinstance(obj, FunctionType):
                    add_code(obj.__code__)
                obj, seen = obj.__wrapped__, seen + 1
            if isinstance(obj, FunctionType):
                add_code(obj.__code__)
            elif isinstance(obj, (staticmethod, classmethod)):
                add(obj.__func__, depth)
            elif isinstance(obj, property):
                for part in (obj.fget, obj.fset, obj.fdel):
                    if part is not None:
                        add(part, depth)
            elif isinstance(obj, type) and obj.__module__ == module.__name__ and depth < 3:
                for value in list(vars(obj).values()):
                    add(value, depth + 1)

        for value in list(vars(module).values()):
            add(value, 0)

    def _wrap(self, module: ModuleType, attr_path: str) -> None:
        name = f"{module.__name__}.{attr_path}"
        *owners, attr = attr_path.split(".")
        holder = module
        try:
            for owner in owners:
                holder = getattr(holder, owner)
            original = inspect.getattr_static(holder, attr)
        except AttributeError:
            self.missing.append(name)
            return
        if isinstance(original, (staticmethod, classmethod, property)) or not callable(original):
            self.missing.append(name)  # only plain functions and methods are wrapped
            return
        wire = _tripwire(name, original, self)
        setattr(holder, attr, wire)
        if owners:
            return
        for loaded_name, loaded in list(sys.modules.items()):
            if loaded is None or not _is_library_module(loaded_name) or loaded is module:
                continue
            for key, value in list(vars(loaded).items()):
                if value is original:
                    setattr(loaded, key, wire)


class _ImportHook:
    """Finds library modules imported after start-up, so they get their tripwires before use."""

    def __init__(self, wires: _Tripwires) -> None:
        self.wires = wires

    def find_spec(self, fullname, path=None, target=None):
        if not _is_library_module(fullname) or fullname in self.wires.scanned:
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _AfterLoader(spec.loader, self.wires)
        return spec


class _AfterLoader:
    def __init__(self, inner, wires: _Tripwires) -> None:
        self.inner, self.wires = inner, wires

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        self.wires.after_import(module)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def _tripwire(name: str, original: Callable, wires: _Tripwires) -> Callable:
    trusted = wires.trusted

    def tripwire(*args, **kwargs):
        if name in STATE.active and sys._getframe(1).f_code not in trusted:
            STATE.tripped.append(name)
            raise ReferenceFunctionUsed(f"{name} is the course library's own answer to this exercise")
        return original(*args, **kwargs)

    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        try:
            setattr(tripwire, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass
    tripwire.__te_tripwire__ = name  # type: ignore[attr-defined]
    wires.trusted.discard(tripwire.__code__)
    return tripwire


def install_tripwires(names: set[str]) -> list[str]:
    """Replace each named library function, wherever the library binds it, by a tripwire (see
    :class:`_Tripwires`); modules not yet imported get theirs when they are. Returns names not found."""
    STATE.wires.install(names)
    return STATE.wires.missing


def _split(name: str) -> tuple[str, str]:
    """``pkg.module.func`` → (``pkg.module``, ``func``); ``pkg.module.Class.method`` → (…, ``Class.method``)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found = importlib.util.find_spec(module_name) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            return module_name, ".".join(parts[cut:])
    return ".".join(parts[:-1]), parts[-1]


STATE = _State()


# --- errors as data ---------------------------------------------------------------------------


def describe_error(exc: BaseException, *, phase: str) -> dict:
    """An exception as data: its class names (most specific first), message, and traceback tail."""
    types = [f"{cls.__module__}.{cls.__qualname__}" for cls in type(exc).__mro__ if cls is not object]
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001
        message = "(the exception's message could not be read)"
    info: dict[str, Any] = {"types": types[:20], "message": message[:2000], "phase": phase}
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        info["errno"] = exc.errno
    try:
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        info["traceback"] = "".join(lines)[-3000:]
    except Exception:  # noqa: BLE001
        info["traceback"] = ""
    return info


# --- requests ---------------------------------------------------------------------------------


def _write_files(files: dict[str, str], workdir: Path) -> None:
    for relative, encoded in files.items():
        path = workdir / relative
        if ".." in Path(relative).parts or Path(relative).is_absolute():
            raise ValueError(f"refusing path {relative!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = base64.b64decode(encoded)
        path.write_bytes(data)
        STATE.hashes[relative] = hashlib.sha256(data).hexdigest()


def _drop_privileges(uid: int | None, gid: int | None, folders: list[Path]) -> None:
    """Become ``uid``/``gid`` (when started as root), owning the submission's folder and its home."""
    if uid is None or os.getuid() != 0:
        return
    for top in folders:
        for folder, dirs, files in os.walk(top):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.chown(name, uid, gid, follow_symlinks=False)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def _set_limits(limits: dict[str, int]) -> None:
    """Lower this process's resource limits (soft and hard, so the learner's code cannot raise them)."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return
    for name, value in limits.items():
        key = getattr(resource, f"RLIMIT_{name}", None)
        if key is None:
            continue
        try:
            soft, hard = resource.getrlimit(key)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(key, (value, value))
        except (ValueError, OSError):
            pass
    try:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-large write raises OSError instead of killing
    except (ImportError, AttributeError, ValueError):
        pass


def _on_path(folder: Path):
    class _Guard:
        def __enter__(self):
            sys.path.insert(0, str(folder))

        def __exit__(self, *exc):
            try:
                sys.path.remove(str(folder))
            except ValueError:
                pass
            return False

    return _Guard()


def _load(request: dict) -> dict:
    relative = request["path"]
    path = STATE.workdir / relative
    expected = STATE.hashes.get(relative)
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if expected is None or data is None or hashlib.sha256(data).hexdigest() != expected:
        return {
            "error": {
                "types": ["SubmissionFilesChanged"],
                "phase": "import",
                "message": f"{relative} was deleted or changed by the submission's own code before it was imported",
                "traceback": "",
            }
        }
    name = "submission_" + relative.replace("/", "_").removesuffix(".py").replace(".", "_")
    STATE.active = frozenset(request.get("tripwires", ()))
    STATE.tripped = []
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        with _on_path(path.parent):
            spec.loader.exec_module(module)
    except BaseException as exc:  # noqa: BLE001 - anything the learner's import does is data for the grader
        return {"error": describe_error(exc, phase="import"), "tripped": list(STATE.tripped)}
    finally:
        STATE.active = frozenset()
    STATE.modules[relative] = module
    return {"ok": True, "tripped": list(STATE.tripped)}


def _attr(request: dict) -> dict:
    module = STATE.modules[request["path"]]
    name = request["name"]
    if not isinstance(name, str) or name.startswith("__") or not hasattr(module, name):
        return {"ok": True, "kind": "missing"}
    value = getattr(module, name)
    if callable(value):
        return {"ok": True, "kind": "function"}
    return {"ok": True, "kind": "value", "value": protocol.encode(value)}


def _call(request: dict) -> dict:
    relative = request["path"]
    module = STATE.modules[relative]
    function = getattr(module, request["name"], None)
    if not callable(function):
        return {
            "error": {
                "types": ["builtins.AttributeError"],
                "phase": "call",
                "message": f"{relative} has no function {request['name']!r}",
                "traceback": "",
                "missing_function": True,
            }
        }
    args = protocol.decode(request.get("args", []))
    kwargs = protocol.decode(request.get("kwargs", {"$dict": []}))
    try:
        inspect.signature(function).bind(*args, **kwargs)
    except TypeError as exc:
        return {
            "error": {
                "types": ["builtins.TypeError"],
                "phase": "call",
                "message": f"{request['name']}{_signature_text(function)}: {exc}",
                "traceback": "",
                "signature_mismatch": True,
            }
        }
    except ValueError:  # no signature to read (a builtin): let the call say
        pass
    STATE.active = frozenset(request.get("tripwires", ()))
    STATE.tripped = []
    try:
        with _on_path((STATE.workdir / relative).parent):
            result = function(*args, **kwargs)
            encoded = protocol.encode(result)
    except protocol.ProtocolError as exc:  # the value breaks the pipe's limits: not an error of the learner's kind
        return {
            "error": {"types": ["ValueNotSendable"], "phase": "call", "message": str(exc)[:500], "traceback": ""},
            "tripped": list(STATE.tripped),
        }
    except BaseException as exc:  # noqa: BLE001
        return {"error": describe_error(exc, phase="call"), "tripped": list(STATE.tripped)}
    finally:
        STATE.active = frozenset()
    return {"ok": True, "value": encoded, "tripped": list(STATE.tripped)}


def _signature_text(function: Callable) -> str:
    try:
        return str(inspect.signature(function))
    except (TypeError, ValueError):
        return "(…)"


HANDLERS = {"load": _load, "attr": _attr, "call": _call}


def serve(request_fd: int, answer_fd: int) -> None:
    """Answer requests until the grader closes the pipe."""
    init = protocol.read_message(request_fd)
    if not init or init.get("op") != "init":
        return
    STATE.workdir = Path(init["workdir"]).resolve()
    STATE.workdir.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ.get("HOME", str(STATE.workdir)))
    home.mkdir(parents=True, exist_ok=True)
    _write_files(init.get("files", {}), STATE.workdir)
    _drop_privileges(init.get("uid"), init.get("gid"), [STATE.workdir, home])
    _set_limits(init.get("rlimits", {}))
    STATE.tripwires = {k: list(v) for k, v in init.get("tripwires", {}).items()}
    missing = install_tripwires({n for names in STATE.tripwires.values() for n in names})
    for name in init.get("preload", ()):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional module is not the runner's problem
            pass
    for name in init.get("warm_tokenizers", ()):  # load them now, while the grader is still busy
        try:
            importlib.import_module("token_economics.tokens").get_tokenizer(name)
        except Exception:  # noqa: BLE001
            pass
    os.chdir(STATE.workdir)
    protocol.write_message(
        answer_fd,
        {
            "ok": True,
            "ready": True,
            "pid": os.getpid(),
            "uid": os.getuid(),
            "python": sys.version.split()[0],
            "missing_tripwires": missing,
        },
    )
    while True:
        request = protocol.read_message(request_fd)
        if request is None:
            return
        handler = HANDLERS.get(request.get("op"))
        try:
            answer = handler(request) if handler else {"error": {"types": ["ProtocolError"], "message": "unknown op"}}
        except protocol.ProtocolError as exc:
            answer = {"error": {"types": ["ProtocolError"], "message": str(exc)[:500], "phase": "protocol"}}
        answer["id"] = request.get("id")
        try:
            protocol.write_message(answer_fd, answer)
        except protocol.ProtocolError as exc:  # the learner's value was too big to send
            protocol.write_message(
                answer_fd,
                {
                    "id": request.get("id"),
                    "error": {"types": ["ValueTooLarge"], "message": str(exc)[:500], "phase": "call"},
                },
            )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "--answer-fd":
        sys.exit("usage: python -m token_economics.grader.runner --answer-fd FD  (started by the grader)")
    # The learner's files must not shadow the runner's own imports: no current-folder entry.
    sys.path[:] = [p for p in sys.path if p not in ("", ".", os.getcwd())]
    # Requests arrive on standard input; the learner's code gets an empty one instead.
    request_fd = os.dup(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    serve(request_fd, int(argv[1]))


if __name__ == "__main__":
    main()
