"""The grader: grading you can trust, for one learner (``check``) or a whole class (``grade``).

How it fits together (one module each):

* :mod:`~token_economics.grader.hints` — exercises and hints, as data; :func:`fail_with_hint`;
* :mod:`~token_economics.grader.submission` — read a folder or zip into memory, safely;
* :mod:`~token_economics.grader.references` — find imports of the library's own answers;
* :mod:`~token_economics.grader.sandbox` — bubblewrap on Linux: what the runner can see and use;
* :mod:`~token_economics.grader.runner` — the process that imports and calls the learner's code;
* :mod:`~token_economics.grader.protocol` — the data (never code) that crosses the pipe;
* :mod:`~token_economics.grader.remote` and :mod:`~token_economics.grader.session` — the grader's
  side of the pipe: proxies, time limits, restarts;
* :mod:`~token_economics.grader.judge` — the pytest plugin that runs the grading tests;
* :mod:`~token_economics.grader.judging` and :mod:`~token_economics.grader.batch` — ``check`` and
  ``grade``; :mod:`~token_economics.grader.report` — results, statuses and the scorecard;
* :mod:`~token_economics.grader.workspace` — ``init`` and a learner's saved progress.

The verdict is computed in the judge, which never imports a learner's file; the learner's
code runs only in the runner, and only data comes back from it.
"""

from __future__ import annotations

from token_economics.grader.hints import (
    BUILTIN_HINTS,
    Exercise,
    HintedFailure,
    exercises,
    fail_with_hint,
    lesson_titles,
)

__all__ = [
    "BUILTIN_HINTS",
    "Exercise",
    "HintedFailure",
    "exercises",
    "fail_with_hint",
    "lesson_titles",
    "grade",
    "grade_many",
    "GradingError",
    "Report",
    "ExerciseResult",
    "Limits",
    "default_tests_dir",
]

_LAZY = {
    "grade": "judging",
    "GradingError": "judging",
    "default_tests_dir": "judging",
    "grade_many": "batch",
    "Report": "report",
    "ExerciseResult": "report",
    "Limits": "sandbox",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"token_economics.grader.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'token_economics.grader' has no attribute {name!r}")
