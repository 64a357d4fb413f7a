"""One submission being graded: its files, its runner, its time budget and what happened.

A :class:`SubmissionSession` lives in the grader's process (the judge). It reads the
submission into memory, starts a runner when a test first needs one, and turns every way a
runner can fail into an exception a grading test fails with, and into an event for the
submission's row:

* a call that takes longer than the call limit, or past the submission's budget: ``timeout``;
* a runner that dies (``os._exit``, a crash, killed for memory): ``crash`` or ``memory``;
* a runner that prints past the output limit: stopped, ``output_too_large``;
* an exercise file deleted or changed by the submission's own code before it was imported:
  ``files_changed``.

The file whose import or call caused it is not tried again (its tests fail at once with the
same reason); the other files are imported again in a fresh runner.
"""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from token_economics.grader import protocol
from token_economics.grader.hints import Exercise, HintedFailure
from token_economics.grader.references import find_reference_use
from token_economics.grader.remote import (
    START_TIMEOUT_S,
    MissingFunction,
    ModuleProxy,
    RunnerFailure,
    RunnerProcess,
    SignatureMismatch,
    SubmissionException,
    reraise,
)
from token_economics.grader.sandbox import Isolation, Limits
from token_economics.grader.submission import Submission, read_submission, symlink_reason


class MissingSubmission(AssertionError):
    """The exercise file is not in the submission."""


class SubmissionImportError(HintedFailure):
    """The exercise file could not be imported (``key`` says why)."""


#: Events that mean an exercise did not run to a verdict, and the row status each one gives.
EVENT_STATUS = {
    "memory": "memory",
    "timeout": "timeout",
    "crash": "crash",
    "exited": "crash",
    "files_changed": "crash",
    "output_too_large": "crash",
}


class SubmissionSession:
    """Grade-side state for one submission (see the module docstring)."""

    def __init__(
        self,
        name: str,
        path: str | Path,
        *,
        exercises: list[Exercise],
        limits: Limits,
        isolation: Isolation,
        hide: list[Path] = (),
    ) -> None:
        self.name, self.limits, self.isolation, self.hide = name, limits, isolation, list(hide)
        self.exercises = exercises
        self.by_file = {ex.file: ex for ex in exercises}
        started = time.monotonic()
        self.submission: Submission = read_submission(name, path, deadline=started + limits.submission_timeout_s)
        self.used_s = self.submission.seconds
        self.tripwires = {ex.id: list(ex.writes) for ex in exercises if ex.writes}
        self.references = {}
        for ex in exercises:
            used = find_reference_use(self.submission.files, ex.file, ex.writes)
            if used:
                self.references[ex.id] = used
        self.events: list[dict] = []
        self.runtime_references: dict[str, set[str]] = {}
        self._runner: RunnerProcess | None = None
        self._loaded: set[str] = set()
        self._failed_files: dict[str, tuple[str, str]] = {}  # file → (hint key, message)
        self._import_errors: dict[str, BaseException] = {}
        self._attr_cache: dict[tuple[str, str], tuple[str, Any]] = {}
        self.output_bytes = 0
        self.output_excerpt = ""
        self.runner_starts = 0
        self.runner_info: dict = {}
        if self.submission.timed_out:
            self._event("timeout", None, "reading the submission took longer than its time limit")

    # --- what the grading tests use -----------------------------------------------------------

    def load(self, relative: str) -> ModuleProxy:
        """The exercise file as a :class:`ModuleProxy`, imported in the runner."""
        relative = str(PurePosixPath(relative))
        link = self.symlink_reason(relative)
        if link:
            raise HintedFailure("symlink", f"{relative}: {link}")
        if relative not in self.submission.files:
            reason = self.submission.error or f"{relative} is not in the submission"
            raise MissingSubmission(reason)
        self._ensure_loaded(relative)
        return ModuleProxy(self, relative)

    def attribute(self, relative: str, name: str) -> tuple[str, Any]:
        """("missing" | "function" | "value", value) for a name of an exercise module."""
        key = (relative, name)
        if key not in self._attr_cache:
            answer = self._request(relative, {"op": "attr", "path": relative, "name": name})
            if "error" in answer:
                raise reraise(answer["error"])
            kind = answer.get("kind")
            value = self._decode(answer.get("value")) if kind == "value" else None
            self._attr_cache[key] = (kind if kind in ("missing", "function", "value") else "missing", value)
        return self._attr_cache[key]

    def call(self, relative: str, name: str, args: tuple, kwargs: dict) -> Any:
        """Call a learner's function in the runner; its result, or the exception it raised, on this side."""
        try:
            message = {
                "op": "call",
                "path": relative,
                "name": name,
                "args": protocol.encode(list(args)),
                "kwargs": protocol.encode(dict(kwargs)),
                "tripwires": self._tripwires_for(relative),
            }
        except protocol.ProtocolError as exc:
            raise TypeError(f"a grading test passed a value the runner cannot receive: {exc}") from None
        answer = self._request(relative, message)
        self._check_tripped(relative, answer)
        if "error" in answer:
            error = answer["error"] if isinstance(answer["error"], dict) else {}
            if error.get("signature_mismatch"):
                raise SignatureMismatch(str(error.get("message", ""))[:500])
            if error.get("missing_function"):
                raise MissingFunction(str(error.get("message", ""))[:500])
            exc = reraise(error)
            if isinstance(exc, HintedFailure) and exc.key == "exited":
                self._event("exited", relative, exc.detail)
            if isinstance(exc, MemoryError):
                self._event("memory", relative, "MemoryError")
            raise exc
        return self._decode(answer.get("value"))

    # --- bookkeeping ---------------------------------------------------------------------------

    def symlink_reason(self, relative: str) -> str | None:
        """Why the file at ``relative`` was not taken (a symlink), or None."""
        return symlink_reason(self.submission.symlinks, relative)

    def _tripwires_for(self, relative: str) -> list[str]:
        ex = self.by_file.get(relative)
        return list(ex.writes) if ex else []

    def _decode(self, value: Any) -> Any:
        try:
            return protocol.decode(value, trusted=False)
        except protocol.ProtocolError as exc:
            raise SubmissionException(f"the value could not be read back: {exc}") from None

    def _event(self, kind: str, relative: str | None, detail: str) -> None:
        event = {"kind": kind, "file": relative, "detail": detail[:500]}
        if event not in self.events:
            self.events.append(event)

    def _check_tripped(self, relative: str, answer: dict) -> None:
        tripped = answer.get("tripped") or []
        if not isinstance(tripped, list) or not tripped:
            return
        names = sorted({str(n) for n in tripped if isinstance(n, str)})
        ex = self.by_file.get(relative)
        if ex is not None:
            self.runtime_references.setdefault(ex.id, set()).update(names)
        raise HintedFailure("reference_used", f"{relative} called {', '.join(names)}")

    def _remaining(self) -> float:
        return self.limits.submission_timeout_s - self.used_s

    def prestart(self, warm_tokenizers: Sequence[str] = ()) -> None:
        """Start the runner now, in the background, while the grader still prepares (``check`` uses it)."""
        if self._runner is None and not self.submission.error and self.submission.files:
            self._runner = self._new_runner()
            self._runner_started = time.monotonic()
            self._runner.spawn(warm_tokenizers)

    def _new_runner(self) -> RunnerProcess:
        self.runner_starts += 1
        return RunnerProcess(
            self.submission.files,
            limits=self.limits,
            isolation=self.isolation,
            tripwires=self.tripwires,
            hide=self.hide,
        )

    def _runner_now(self) -> RunnerProcess:
        runner = self._runner
        if runner is not None and runner.alive and runner.ready:
            return runner
        if runner is not None and runner.alive:  # started early: wait for it to get ready
            started = getattr(self, "_runner_started", time.monotonic())
            try:
                runner.wait_ready(max(0.0, min(START_TIMEOUT_S, self._remaining()) - (time.monotonic() - started)))
            except RunnerFailure:
                self.used_s += time.monotonic() - started
                self._drop_runner()
                raise
            self.used_s += time.monotonic() - started
            self._remember(runner)
            return runner
        self._drop_runner()
        remaining = self._remaining()
        if remaining <= 0:
            raise RunnerFailure("timeout", f"the submission used up its {self.limits.submission_timeout_s:g} s")
        runner = self._new_runner()
        started = time.monotonic()
        try:
            runner.start(min(START_TIMEOUT_S, remaining))
        except RunnerFailure:
            self.used_s += time.monotonic() - started
            self._collect_output(runner)
            runner.close()
            raise
        self.used_s += time.monotonic() - started
        self._runner = runner
        self._remember(runner)
        return runner

    def _remember(self, runner: RunnerProcess) -> None:
        self.runner_info = {k: runner.info.get(k) for k in ("uid", "python", "missing_tripwires")}

    def _drop_runner(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._collect_output(self._runner)
            self._runner = None
            self._loaded.clear()
            self._attr_cache.clear()

    def _collect_output(self, runner: RunnerProcess) -> None:
        if runner.output is not None:
            runner.output.thread.join(timeout=5)
            self.output_bytes += runner.output.total
            if len(self.output_excerpt) < 2000:
                self.output_excerpt += runner.output.excerpt(2000 - len(self.output_excerpt))

    def _ensure_loaded(self, relative: str) -> None:
        if relative in self._failed_files:
            key, message = self._failed_files[relative]
            raise RunnerFailure(key, message)
        if relative in self._import_errors:
            raise self._import_errors[relative]
        if relative in self._loaded and self._runner is not None and self._runner.alive:
            return
        answer = self._send(relative, {"op": "load", "path": relative, "tripwires": self._tripwires_for(relative)})
        if "error" in answer:
            exc = self._import_failure(relative, answer["error"] if isinstance(answer["error"], dict) else {})
            self._check_tripped(relative, answer)
            self._import_errors[relative] = exc
            raise exc
        self._check_tripped(relative, answer)
        self._loaded.add(relative)

    def _import_failure(self, relative: str, error: dict) -> BaseException:
        types = [str(t) for t in error.get("types", [])]
        message = str(error.get("message", ""))[:1000]
        first = types[0] if types else "error"
        line = f"{relative}: {first.removeprefix('builtins.')}: {message}"
        if first == "SubmissionFilesChanged":
            self._event("files_changed", relative, message)
            return HintedFailure("files_changed", message)
        if "builtins.SyntaxError" in types:
            return SubmissionImportError("syntax_error", line)
        if "builtins.SystemExit" in types:
            self._event("exited", relative, f"sys.exit() while Python imported {relative}")
            return SubmissionImportError("exited", line)
        if "builtins.NotImplementedError" in types:
            return SubmissionImportError("not_started", line)
        if "builtins.MemoryError" in types:
            self._event("memory", relative, "MemoryError while Python imported it")
            return SubmissionImportError("memory", line)
        exc = SubmissionImportError("import_error", line)
        exc.te_traceback = str(error.get("traceback", ""))[-3000:]
        return exc

    def _request(self, relative: str, message: dict) -> dict:
        self._ensure_loaded(relative)
        return self._send(relative, message)

    def _send(self, relative: str, message: dict) -> dict:
        try:
            runner = self._runner_now()
            timeout = min(self.limits.call_timeout_s, self._remaining())
            if timeout <= 0:
                raise RunnerFailure("timeout", f"the submission used up its {self.limits.submission_timeout_s:g} s")
            started = time.monotonic()
            try:
                return runner.request(message, timeout)
            finally:
                self.used_s += time.monotonic() - started
        except RunnerFailure as failure:
            detail = failure.detail
            doing = "while Python imported it" if message.get("op") == "load" else f"in {message.get('name')}()"
            if failure.key == "timeout" and self._remaining() <= 0:
                detail = f"the submission used up its {self.limits.submission_timeout_s:g} s ({relative}, {doing})"
            elif failure.key == "timeout":
                detail = f"{relative}: no answer within {self.limits.call_timeout_s:g} s, {doing}"
            else:
                detail = f"{relative}, {doing}: {detail}"
            self._event(failure.key, relative, detail)
            self._failed_files[relative] = (failure.key, detail)
            self._drop_runner()
            raise RunnerFailure(failure.key, detail) from None

    def close(self) -> None:
        """Stop the runner (it may still print on its way out: that output is counted too)."""
        if self._runner is not None:
            runner = self._runner
            self._drop_runner()
            if runner.killed_for == "output_too_large":
                self._event("output_too_large", None, "printed too much while ending")

    def info(self) -> dict:
        """What the row needs beyond the test records (JSON-ready)."""
        return {
            "isolation": self.isolation.to_json(),
            "error": self.submission.error,
            "files": sorted(self.submission.files),
            "symlinks": dict(self.submission.symlinks),
            "notes": list(self.submission.notes),
            "references": {k: sorted(v) for k, v in self.references.items()},
            "runtime_references": {k: sorted(v) for k, v in self.runtime_references.items()},
            "events": list(self.events),
            "seconds": round(self.used_s, 3),
            "runner_starts": self.runner_starts,
            "output_bytes": self.output_bytes,
            "output_excerpt": self.output_excerpt,
            "runner": self.runner_info,
        }
