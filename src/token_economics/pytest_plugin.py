"""pytest plugin behind the grader (registered through the ``pytest11`` entry point).

It gives grading tests the ``submission`` fixture, which imports a learner's exercise file
from the folder given by ``--target`` (default: the course's ``solutions/``), and it records
for every test marked ``@pytest.mark.exercise(ID)`` whether it passed and, if not, which hint
key explains the failure. ``--te-report FILE`` writes those records as JSON for
:func:`token_economics.grading.grade`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from types import ModuleType

import pytest

from token_economics.grading import HintedFailure

_RECORDS_KEY = pytest.StashKey[list]()
_REPORT_KEY = pytest.StashKey[object]()
_NONCE_KEY = pytest.StashKey[str]()
_EXECUTED_KEY = pytest.StashKey[bool]()

#: Modules imported before the sandbox closes, so that submissions find them already loaded.
_PRELOAD = ("math", "json", "numpy", "matplotlib", "matplotlib.pyplot", "tiktoken", "token_economics.tokens",
            "token_economics.bpe")


class TestTimeout(HintedFailure):
    """One grading test ran past its time limit."""


class MissingSubmission(AssertionError):
    """The exercise file is not in the target folder."""


class SubmissionImportError(AssertionError):
    """The exercise file could not be imported (``key`` says why)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("token-economics")
    group.addoption("--target", default=None,
                    help="folder with the exercise files to grade (default: the course's solutions/)")
    group.addoption("--te-report", default=None, help="write per-test grading records as JSON here")
    group.addoption("--te-lessons", default=None, help="comma-separated lesson numbers to grade")
    group.addoption("--te-test-timeout", type=float, default=0.0,
                    help="seconds one grading test may run (0: no limit)")
    group.addoption("--te-sandbox", action="store_true",
                    help="guard the process before submission code runs (see token_economics.sandbox)")
    group.addoption("--te-writable", action="append", default=[], help="sandbox: a folder the submission may write")
    group.addoption("--te-unreadable", action="append", default=[], help="sandbox: a folder the submission may not read")
    group.addoption("--te-tests-dir", action="append", default=[],
                    help="sandbox: a tests folder (unreadable by submission code, readable by pytest)")
    group.addoption("--te-nonce-env", action="store_true",
                    help="take a nonce from $TE_GRADE_NONCE (then remove it) and put it in the report")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "exercise(id): a grading test for the exercise with this id")
    config.stash[_RECORDS_KEY] = []
    config.stash[_NONCE_KEY] = os.environ.pop("TE_GRADE_NONCE", "") if config.getoption("--te-nonce-env") else ""
    path = config.getoption("--te-report")
    # Opened now, before any submission code runs: with the sandbox on, the submission cannot open it.
    config.stash[_REPORT_KEY] = open(path, "w", encoding="utf-8") if path else None  # noqa: SIM115


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if not config.getoption("--te-sandbox"):
        return
    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    # The tokenizers most tests use load before the per-test clock starts ticking.
    from token_economics.tokens import get_tokenizer

    for name in ("o200k_base", "cl100k_base", "gpt2"):
        get_tokenizer(name)
    from token_economics import sandbox

    sandbox.install(writable=config.getoption("--te-writable"), unreadable=config.getoption("--te-unreadable"),
                    tests=config.getoption("--te-tests-dir"))


def _target_dir(config: pytest.Config) -> Path:
    option = config.getoption("--target")
    if option:
        return Path(option).resolve()
    return (Path(__file__).resolve().parents[2] / "solutions").resolve()


def _exercise_id(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("exercise")
    return marker.args[0] if marker and marker.args else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    option = config.getoption("--te-lessons")
    if not option:
        return
    wanted = {f"l{n.strip()}." for n in option.split(",") if n.strip()}
    keep, drop = [], []
    for item in items:
        ex = _exercise_id(item)
        (keep if ex and any(ex.startswith(w) for w in wanted) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def submission(request: pytest.FixtureRequest):
    """``submission("lesson1/ex01_count_tokens.py")`` imports that file from the target folder.

    Each file is imported once per session under a private module name, so solutions and
    learners' files never collide in ``sys.modules``.
    """
    target = _target_dir(request.config)
    loaded: dict[str, ModuleType] = {}

    def load(relative_path: str) -> ModuleType:
        if relative_path in loaded:
            return loaded[relative_path]
        path = target / relative_path
        if not path.is_file():
            raise MissingSubmission(f"{relative_path} is not in {target}")
        name = "submission_" + relative_path.replace("/", "_").replace(".py", "")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(path.parent))
        try:
            spec.loader.exec_module(module)
        except SyntaxError as exc:
            raise SubmissionImportError("syntax_error", f"{relative_path}: {exc}") from None
        except NotImplementedError:
            raise
        except BaseException as exc:  # noqa: BLE001 - any failure at import is the learner's to see
            if isinstance(exc, KeyboardInterrupt) or isinstance(exc, HintedFailure):
                raise
            key = {"SandboxViolation": "forbidden", "NetworkBlocked": "forbidden", "MemoryError": "memory",
                   "SystemExit": "exited"}.get(
                type(exc).__name__, "import_error")
            raise SubmissionImportError(key, f"{relative_path}: {type(exc).__name__}: {exc}") from None
        finally:
            sys.path.remove(str(path.parent))
        loaded[relative_path] = module
        return module

    return load


def _hint_key(excinfo: pytest.ExceptionInfo | None) -> str | None:
    if excinfo is None:
        return None
    exc = excinfo.value
    if isinstance(exc, HintedFailure):
        return exc.key
    if isinstance(exc, MissingSubmission):
        return "missing_file"
    if isinstance(exc, SubmissionImportError):
        return exc.key
    if isinstance(exc, NotImplementedError):
        return "not_started"
    if isinstance(exc, MemoryError):
        return "memory"
    if type(exc).__name__ in ("SandboxViolation", "NetworkBlocked"):
        return "forbidden"
    if isinstance(exc, OSError) and exc.errno == 27:  # EFBIG: the file-size limit of batch grading
        return "output_too_large"
    if isinstance(exc, SystemExit):
        return "exited"
    if isinstance(exc, AttributeError) and "submission_" in str(exc):
        return "missing_function"
    if isinstance(exc, TypeError) and ("argument" in str(exc) or "positional" in str(exc)):
        tb = excinfo.traceback
        if tb and "tests" in str(tb[-1].path):
            return "missing_function"
    return None


def _on_alarm(signum, frame):  # noqa: ARG001
    raise TestTimeout("timeout", "this test ran past its time limit")


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function):
    """Run the test ourselves-aware: note that it really ran, bound its time, check for tampering."""
    pyfuncitem.stash[_EXECUTED_KEY] = False
    limit = pyfuncitem.config.getoption("--te-test-timeout")
    if limit:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        result = yield
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if pyfuncitem.config.getoption("--te-sandbox"):
        from token_economics import sandbox

        changed = sandbox.tampered()
        if changed:
            raise HintedFailure("tampered", "changed during the test: " + ", ".join(changed[:5]))
    pyfuncitem.stash[_EXECUTED_KEY] = True
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    exercise = _exercise_id(item)
    if exercise is None:
        return report
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome, key, message = report.outcome, None, None
        if outcome == "passed" and report.when == "call" and not item.stash.get(_EXECUTED_KEY, False):
            outcome, key, message = "failed", "tampered", "the test body did not run to its end"
        elif outcome != "passed":
            key = _hint_key(call.excinfo)
            if call.excinfo is not None:
                lines = traceback.format_exception_only(call.excinfo.type, call.excinfo.value)
                message = "".join(lines).strip()[:500]
        item.config.stash[_RECORDS_KEY].append({
            "test": item.nodeid,
            "exercise": exercise,
            "outcome": outcome,
            "hint_key": key,
            "message": message,
        })
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    handle = session.config.stash.get(_REPORT_KEY, None)
    if handle is not None:
        json.dump({"nonce": session.config.stash[_NONCE_KEY], "records": session.config.stash[_RECORDS_KEY]},
                  handle, indent=1)
        handle.close()
