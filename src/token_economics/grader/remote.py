"""The grader's side of the pipe: start a runner, send it requests, bound its time and output.

A grading test never holds the learner's module. It holds a :class:`ModuleProxy`; calling
one of its functions sends the arguments to the runner as data, waits at most the call's
time limit, and gives back the result as data, or raises on the grader's side the builtin
exception the learner's code raised (so ``pytest.raises(ValueError)`` still works). The
runner is restarted after it dies or is stopped, so one endless loop costs one exercise.
"""

from __future__ import annotations

import base64
import builtins
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Sequence

from token_economics.grader import protocol
from token_economics.grader.hints import HintedFailure
from token_economics.grader.sandbox import (
    NOBODY,
    SANDBOX_WORKDIR,
    Isolation,
    Limits,
    bwrap_binary,
    bwrap_command,
    runner_argv,
    runner_environment,
    unisolated_workdir,
)

#: Modules the runner imports before it answers "ready", when the submission is likely to use them.
PRELOAD = ("math", "json", "tiktoken", "token_economics.tokens")
#: Seconds the runner may take to start (counted in the submission's time).
START_TIMEOUT_S = 60.0


class RunnerFailure(HintedFailure):
    """The runner stopped answering: it was too slow, it died, or it broke the protocol."""


class FromSubmission:
    """Mixed into every exception re-raised from the learner's code (see :func:`reraise`)."""

    te_types: tuple[str, ...] = ()
    te_traceback: str = ""


class SubmissionException(FromSubmission, Exception):
    """An exception of the learner's that has no builtin class to stand for it."""


class MissingFunction(FromSubmission, AttributeError):
    """The exercise file has no function of that name."""


class SignatureMismatch(FromSubmission, TypeError):
    """The learner's function does not take the arguments the exercise specifies."""


_CLASSES: dict[type, type] = {}


def _class_for(base: type) -> type:
    if base not in _CLASSES:
        _CLASSES[base] = type(f"Submission{base.__name__}", (FromSubmission, base), {"__module__": __name__})
    return _CLASSES[base]


def reraise(error: dict) -> BaseException:
    """The exception, on the grader's side, that stands for an error the runner reported.

    The most specific builtin class in the learner's exception's ancestry is used, so a
    learner's ``class BadInput(ValueError)`` still counts as a ValueError. Exceptions that
    would stop the grader itself (``SystemExit``, ``KeyboardInterrupt``) never come back as
    themselves.
    """
    types = tuple(str(t) for t in error.get("types", ()) if isinstance(t, str))[:20]
    message = str(error.get("message", ""))[:2000]
    base: type = SubmissionException
    for name in types:
        if not name.startswith("builtins."):
            continue
        candidate = getattr(builtins, name.removeprefix("builtins."), None)
        if isinstance(candidate, type) and issubclass(candidate, Exception):
            base = candidate
            break
        if name == "builtins.SystemExit":
            exc: BaseException = HintedFailure("exited", f"the code called sys.exit(): {message}".strip())
            return exc
        if isinstance(candidate, type) and issubclass(candidate, BaseException):
            break
    cls = base if base is SubmissionException else _class_for(base)
    text = message if base is not SubmissionException else f"{types[0] if types else 'error'}: {message}"
    try:
        if issubclass(cls, OSError) and isinstance(error.get("errno"), int):
            exc = cls(error["errno"], message)
        else:
            exc = cls(text)
    except Exception:  # noqa: BLE001 - a class whose constructor wants other arguments (UnicodeError…)
        try:
            exc = cls.__new__(cls)
            exc.args = (text,)
        except Exception:  # noqa: BLE001 - (ExceptionGroup): stand for it with a plain exception
            exc = SubmissionException(f"{types[0] if types else 'error'}: {message}")
    exc.te_types = types
    exc.te_traceback = str(error.get("traceback", ""))[-3000:]
    return exc


# --- the runner process -----------------------------------------------------------------------


class _Output:
    """Drains the runner's printed output in a thread: keeps the first part, counts the rest."""

    def __init__(self, fd: int, keep: int, limit: int, on_limit) -> None:
        self.fd, self.keep, self.limit, self.on_limit = fd, keep, limit, on_limit
        self.kept = bytearray()
        self.total = 0
        self.over_limit = False
        self.thread = threading.Thread(target=self._drain, name="te-runner-output", daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        try:
            while True:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    return
                self.total += len(chunk)
                room = self.keep - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
                if self.total > self.limit and not self.over_limit:
                    self.over_limit = True
                    self.on_limit()
        except OSError:
            return
        finally:
            os.close(self.fd)

    def excerpt(self, size: int = 2000) -> str:
        return bytes(self.kept[:size]).decode("utf-8", "replace")


class RunnerProcess:
    """One runner: a sandboxed (or plain) Python process holding one submission's files."""

    def __init__(
        self,
        files: dict[str, bytes],
        *,
        limits: Limits,
        isolation: Isolation,
        tripwires: dict[str, list[str]],
        hide: list[Path] = (),
    ) -> None:
        self.files, self.limits, self.isolation, self.tripwires = files, limits, isolation, tripwires
        self.hide = list(hide)
        self.proc: subprocess.Popen | None = None
        self.output: _Output | None = None
        self.killed_for: str | None = None
        self._request_fd = self._answer_fd = -1
        self._buffer = bytearray()
        self._next_id = 0
        self._workdir: Path | None = None
        self._ready = False
        self.info: dict = {}

    # starting and stopping

    def start(self, timeout_s: float) -> None:
        """Start the runner and wait until it is ready; raise :class:`RunnerFailure` if it does not get ready."""
        self.spawn()
        self.wait_ready(timeout_s)

    def spawn(self, warm_tokenizers: Sequence[str] = ()) -> None:
        """Start the runner and send it the files, without waiting (see :meth:`wait_ready`)."""
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        output_read, output_write = os.pipe()
        if self.isolation.isolated:
            argv = bwrap_command(bwrap_binary() or "bwrap", self.limits, answer_fd=answer_write, hide=self.hide)
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
            workdir, cwd = SANDBOX_WORKDIR, "/"
        else:
            self._workdir = unisolated_workdir()
            argv = runner_argv(answer_write)
            env = runner_environment(str(self._workdir))
            workdir, cwd = str(self._workdir / "submission"), str(self._workdir)
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=request_read,
                stdout=output_write,
                stderr=output_write,
                pass_fds=(answer_write,),
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        finally:
            for fd in (request_read, answer_write, output_write):
                os.close(fd)
        self._request_fd, self._answer_fd = request_write, answer_read
        os.set_blocking(self._answer_fd, False)
        self.output = _Output(
            output_read,
            self.limits.output_keep_bytes,
            self.limits.output_max_bytes,
            lambda: self.kill("output_too_large"),
        )
        rlimits = self.limits.rlimits()
        if not self.isolation.isolated:
            rlimits.pop("NPROC")  # outside a user namespace it would count every process of this user
        init = {
            "op": "init",
            "workdir": workdir,
            "rlimits": rlimits,
            "tripwires": self.tripwires,
            "preload": list(PRELOAD),
            "warm_tokenizers": list(warm_tokenizers),
            "files": {path: base64.b64encode(data).decode("ascii") for path, data in self.files.items()},
        }
        if self.isolation.isolated and os.geteuid() == 0:
            init.update(uid=NOBODY, gid=NOBODY)
        try:
            protocol.write_message(self._request_fd, init)
        except OSError:
            pass  # it died at once: wait_ready says how
        self._ready = False

    def wait_ready(self, timeout_s: float) -> None:
        """Wait for the runner's "ready" answer to :meth:`spawn`'s files."""
        if getattr(self, "_ready", False):
            return
        self.info = self._read_answer(time.monotonic() + timeout_s)
        self._ready = True

    def kill(self, reason: str) -> None:
        """Stop the runner and everything it started (the whole sandbox)."""
        if self.killed_for is None:
            self.killed_for = reason
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.kill()
        except ProcessLookupError:
            pass

    def close(self) -> None:
        """Stop the runner and everything it started: the verdict is in, nothing it does now counts."""
        if self._request_fd >= 0:
            try:
                os.close(self._request_fd)
            except OSError:
                pass
            self._request_fd = -1
        if self.proc is not None:
            self.kill("closing")
            self.proc.wait()
        if self.output is not None:
            self.output.thread.join(timeout=5)
        if self._answer_fd >= 0:
            os.close(self._answer_fd)
            self._answer_fd = -1
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    @property
    def ready(self) -> bool:
        return self._ready

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.killed_for is None

    def exit_description(self) -> str:
        """How the runner ended, in words (for the feedback)."""
        if self.killed_for == "output_too_large":
            return f"it printed more than {self.limits.output_max_bytes // 1024**2} MiB"
        code = self.proc.poll() if self.proc else None
        if code is None:
            return "it stopped answering"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return f"it was killed by signal {name}"
        if code > 128 and self.isolation.isolated:
            return f"it was killed by signal {code - 128}"
        return f"the interpreter exited with status {code}" + self._last_words()

    def _last_words(self) -> str:
        """The last line the runner printed, if any (a sandbox that could not start says why there)."""
        if self.output is None:
            return ""
        self.output.thread.join(timeout=1)
        lines = [line for line in self.output.excerpt(self.limits.output_keep_bytes).splitlines() if line.strip()]
        return f"; its last words: {lines[-1][:200]}" if lines else ""

    # requests

    def request(self, message: dict, timeout_s: float) -> dict:
        """Send one request and wait at most ``timeout_s`` for its answer."""
        self._next_id += 1
        message = dict(message, id=self._next_id)
        answer = self._exchange(message, time.monotonic() + timeout_s)
        if answer.get("id") != self._next_id:
            self.kill("protocol")
            raise RunnerFailure("crash", "the runner answered out of turn (something wrote into the grader's pipe)")
        return answer

    def _exchange(self, message: dict, deadline: float) -> dict:
        if not self.alive:
            raise RunnerFailure("crash", f"the runner is not running ({self.exit_description()})")
        try:
            protocol.write_message(self._request_fd, message)
        except (BrokenPipeError, OSError):
            self._wait_briefly()
            raise RunnerFailure("crash", f"the runner stopped ({self.exit_description()})") from None
        return self._read_answer(deadline)

    def _read_answer(self, deadline: float) -> dict:
        while True:
            frame = self._take_frame()
            if frame is not None:
                try:
                    return protocol.loads(frame)
                except protocol.ProtocolError as exc:
                    self.kill("protocol")
                    raise RunnerFailure("crash", f"the runner sent a broken answer: {exc}") from None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill("timeout")
                raise RunnerFailure("timeout", "no answer within the time limit")
            try:
                ready, _, _ = select.select([self._answer_fd], [], [], min(remaining, 0.5))
            except InterruptedError:
                continue
            if not ready:
                if self.killed_for == "output_too_large":
                    raise RunnerFailure("output_too_large", self.exit_description())
                continue
            try:
                chunk = os.read(self._answer_fd, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                self._wait_briefly()
                key = "output_too_large" if self.killed_for == "output_too_large" else "crash"
                if (
                    self.proc is not None
                    and self.proc.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL)
                    and self.killed_for is None
                ):
                    key = "memory"
                raise RunnerFailure(key, f"the runner stopped ({self.exit_description()})")
            self._buffer += chunk

    def _take_frame(self) -> bytes | None:
        if len(self._buffer) < 4:
            return None
        try:
            length = protocol.frame_length(bytes(self._buffer[:4]))
        except protocol.ProtocolError as exc:
            self.kill("protocol")
            raise RunnerFailure("crash", f"the runner sent a broken answer: {exc}") from None
        if len(self._buffer) < 4 + length:
            return None
        frame = bytes(self._buffer[4 : 4 + length])
        del self._buffer[: 4 + length]
        return frame

    def _wait_briefly(self) -> None:
        if self.proc is not None:
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass


# --- proxies ----------------------------------------------------------------------------------


class ModuleProxy:
    """What a grading test gets for an exercise file: its names, reached through the runner."""

    def __init__(self, session, relative: str) -> None:
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_relative", relative)
        object.__setattr__(self, "_kinds", {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        kind, value = self._session.attribute(self._relative, name)
        if kind == "missing":
            raise MissingFunction(f"{self._relative} has no function or value named {name!r}")
        if kind == "function":
            return FunctionProxy(self._session, self._relative, name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a submission's module cannot be changed from the grading tests")

    def __repr__(self) -> str:
        return f"<submission module {self._relative}>"


class FunctionProxy:
    """A learner's function: calling it sends the arguments to the runner as data."""

    def __init__(self, session, relative: str, name: str) -> None:
        self._session, self._relative, self.__name__ = session, relative, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.call(self._relative, self.__name__, args, kwargs)

    def __repr__(self) -> str:
        return f"<submission function {self._relative}:{self.__name__}>"
