"""The judge: a pytest plugin that runs the grading tests in the grader's own process.

Registered through the ``pytest11`` entry point (so ``pytest tests/exercises`` grades the
reference solutions, or ``--target DIR``), and loaded explicitly by ``check`` and ``grade``
(:mod:`token_economics.grader.judging`), which run one pytest session per submission with
``--te-job FILE``: a JSON job naming the submission, limits and isolation, and where to write
the report.

A grading test asks for ``submission("lessonN/exMM_name.py")`` and gets a
:class:`~token_economics.grader.remote.ModuleProxy`: the learner's module lives only in a
runner process (see :mod:`token_economics.grader.runner`). This process never imports a
learner's file, so nothing the learner's code does can reach pytest, the tests or the
records written here.
"""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path

import pytest

from token_economics.grader.hints import HintedFailure, exercises
from token_economics.grader.remote import FromSubmission, MissingFunction, SignatureMismatch
from token_economics.grader.sandbox import Isolation, Limits, detect, hidden_paths
from token_economics.grader.session import MissingSubmission, SubmissionSession

_JOB = pytest.StashKey[dict]()
_RECORDS = pytest.StashKey[list]()
_SESSION = pytest.StashKey[SubmissionSession]()

#: Tokenizers Lesson 1's grading tests use: for ``check``, both sides load them while pytest collects.
WARM_TOKENIZERS = ("o200k_base", "cl100k_base", "gpt2")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("token-economics")
    group.addoption(
        "--target", default=None, help="folder with the exercise files to grade (default: the course's solutions/)"
    )
    group.addoption("--te-job", default=None, help="a grading job (JSON), written by token-economics check/grade")
    group.addoption("--te-lessons", default=None, help="comma-separated lesson numbers to grade")
    group.addoption(
        "--te-isolation",
        default="auto",
        choices=("auto", "bwrap", "none"),
        help="how to isolate the runner (auto: bubblewrap where it works)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "exercise(id, part=None): a grading test for that exercise (and part of it)")
    job_path = config.getoption("--te-job")
    if job_path:
        job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    else:
        lessons = config.getoption("--te-lessons")
        job = {
            "submission": {"name": "target", "path": str(_default_target(config))},
            "lessons": [int(n) for n in lessons.split(",") if n.strip()] if lessons else None,
            "isolation": config.getoption("--te-isolation"),
            "limits": {},
            "report": None,
            "hide": [],
        }
    config.stash[_JOB] = job
    config.stash[_RECORDS] = []
    if job.get("report"):
        # Start the runner now: it gets ready while pytest collects the tests.
        session = _session(config)
        lessons = job.get("lessons")
        lesson1 = not lessons or 1 in lessons
        session.prestart(WARM_TOKENIZERS if job.get("warm") and lesson1 else ())
        if job.get("warm") and lesson1:  # the tests need them too: load them while the runner does
            from token_economics.tokens import get_tokenizer

            for name in WARM_TOKENIZERS:
                get_tokenizer(name)


def _default_target(config: pytest.Config) -> Path:
    option = config.getoption("--target")
    if option:
        return Path(option).resolve()
    return (Path(__file__).resolve().parents[3] / "solutions").resolve()


def _isolation(job: dict) -> Isolation:
    wanted = job.get("isolation", "auto")
    found = detect()
    if wanted == "none":
        return Isolation("none", "a plain child process with resource limits", found.reason or "isolation turned off")
    if wanted == "bwrap" and not found.isolated:
        raise pytest.UsageError(f"bubblewrap isolation was asked for but is not available: {found.reason}")
    return found


def _session(config: pytest.Config) -> SubmissionSession:
    if _SESSION not in config.stash:
        job = config.stash[_JOB]
        entry = job["submission"]
        config.stash[_SESSION] = SubmissionSession(
            entry["name"],
            entry["path"],
            exercises=exercises(job.get("lessons")),
            limits=Limits(**job.get("limits", {})),
            isolation=_isolation(job),
            hide=[Path(p) for p in hidden_paths([Path(p) for p in job.get("hide", [])])],
        )
    return config.stash[_SESSION]


def _exercise_id(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("exercise")
    return marker.args[0] if marker and marker.args else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    lessons = config.stash[_JOB].get("lessons")
    if not lessons:
        return
    wanted = tuple(f"l{n}." for n in lessons)
    keep, drop = [], []
    for item in items:
        ex = _exercise_id(item)
        (keep if ex and ex.startswith(wanted) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def _te_session(request: pytest.FixtureRequest):
    return _session(request.config)


@pytest.fixture
def submission(_te_session: SubmissionSession):
    """``submission("lesson1/ex01_count_and_cost.py")``: that exercise file, reached through the runner."""
    return _te_session.load


def _hint_key(excinfo: pytest.ExceptionInfo | None) -> str | None:
    if excinfo is None:
        return None
    exc = excinfo.value
    if isinstance(exc, HintedFailure):
        return exc.key
    if isinstance(exc, MissingSubmission):
        return "missing_file"
    if isinstance(exc, (MissingFunction, SignatureMismatch)):
        return "missing_function"
    if isinstance(exc, FromSubmission):
        if isinstance(exc, NotImplementedError):
            return "not_started"
        if isinstance(exc, MemoryError):
            return "memory"
        if isinstance(exc, OSError) and exc.errno in (27, 28):  # EFBIG, ENOSPC: a file grew past its limit
            return "output_too_large"
        if isinstance(exc, OSError) and exc.errno in (1, 13, 30, 101, 111, 113, -2, -3):
            return "forbidden"  # EPERM, EACCES, EROFS, no network, name resolution failed
        if any(t.startswith("socket.") for t in exc.te_types):
            return "forbidden"
    return None


def _error_summary(excinfo: pytest.ExceptionInfo) -> dict:
    """The error's type and the last line of its message, trimmed (for the feedback)."""
    exc = excinfo.value
    if isinstance(exc, HintedFailure):  # the grader's own finding: say it in words, without the key
        kinds = {
            "timeout": "Timeout",
            "crash": "Crash",
            "memory": "MemoryError",
            "exited": "SystemExit",
            "output_too_large": "OutputTooLarge",
            "files_changed": "FilesChanged",
            "syntax_error": "SyntaxError",
            "not_started": "NotImplementedError",
            "reference_used": "ReferenceUsed",
            "symlink": "Symlink",
        }
        text = (exc.detail or "").strip().splitlines()
        line = (text[-1] if text else "")[:300]
        kind = kinds.get(exc.key, "AssertionError")
        if exc.key == "import_error":  # "lesson1/x.py: NameError: name 'y' is not defined"
            _, _, rest = line.partition(": ")
            kind = rest.partition(":")[0] or "ImportError"
        return {"type": kind, "line": line or kind}
    types = getattr(exc, "te_types", ())
    name = types[0].removeprefix("builtins.") if types else type(exc).__name__
    text = str(exc).strip().splitlines()
    line = text[-1] if text else _where(getattr(exc, "te_traceback", "")) or "(no message)"
    return {"type": name, "line": line[:300]}


def _where(traceback_text: str) -> str:
    """``lesson1/ex01.py, line 9, in count_tokens``: the last frame of the learner's traceback."""
    frames = [line.strip() for line in traceback_text.splitlines() if line.strip().startswith("File ")]
    if not frames:
        return ""
    where = frames[-1].removeprefix("File ").replace('"', "")
    for prefix in ("/tmp/submission/", "submission/"):
        if prefix in where:
            where = where[where.index(prefix) + len(prefix) :]
    return "raised at " + where


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    exercise = _exercise_id(item)
    if exercise is None or "_te_session" not in getattr(item, "fixturenames", ()):
        return report
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        marker = item.get_closest_marker("exercise")
        record = {
            "test": item.nodeid,
            "exercise": exercise,
            "part": marker.kwargs.get("part"),
            "outcome": report.outcome,
            "hint_key": None,
            "message": None,
            "error": None,
        }
        if report.outcome != "passed" and call.excinfo is not None:
            record["hint_key"] = _hint_key(call.excinfo)
            lines = traceback.format_exception_only(call.excinfo.type, call.excinfo.value)
            record["message"] = "".join(lines).strip()[:500]
            record["error"] = _error_summary(call.excinfo)
        item.config.stash[_RECORDS].append(record)
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    job = config.stash.get(_JOB, None)
    graded = config.stash.get(_SESSION, None)
    if graded is not None:
        graded.close()
    if not job or not job.get("report"):
        return
    data = {
        "name": job["submission"]["name"],
        "records": config.stash[_RECORDS],
        "info": graded.info() if graded is not None else None,
        "exitstatus": int(session.exitstatus),
    }
    path = Path(job["report"])
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
