"""The grader's parts, one by one: the pipe's data format, exceptions across it, reading
submissions, finding the library's own answers, and what the sandbox lets a runner see and do."""

from __future__ import annotations

import datetime as dt
import math
import os
import stat
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from token_economics.grader import exercises, protocol
from token_economics.grader.hints import HintedFailure
from token_economics.grader.references import find_reference_use, scan_source
from token_economics.grader.remote import FromSubmission, RunnerFailure, reraise
from token_economics.grader.sandbox import Limits, detect
from token_economics.grader.session import SubmissionSession
from token_economics.grader.submission import MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES, read_submission

ROOT = Path(__file__).resolve().parents[1]
ISOLATION = detect()
if not ISOLATION.isolated and os.environ.get("TE_REQUIRE_SANDBOX") == "1":
    raise RuntimeError(f"TE_REQUIRE_SANDBOX=1 but the sandbox is not available: {ISOLATION.reason}")
needs_sandbox = pytest.mark.skipif(not ISOLATION.isolated, reason=f"no OS sandbox here: {ISOLATION.reason}")


# --- the pipe carries data, never code ---------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        0,
        -7,
        2**70,
        1.5,
        -0.0,
        "",
        "货币 🙂",
        None,
        True,
        False,
        [1, [2, [3]]],
        (1, "a"),
        (),
        {"a": 1},
        {(1, 2): 3, 4: "x", None: (5,)},
        b"\x00\xff",
        {1, 2},
        frozenset({"a"}),
        dt.date(2024, 2, 29),
        dt.datetime(2025, 9, 29, 12, 30),
        [(97, 97), (256, 97)],
    ],
)
def test_values_round_trip_exactly(value):
    frame = protocol.dumps({"v": protocol.encode(value)})
    back = protocol.decode(protocol.loads(frame[4:])["v"])
    assert back == value and type(back) is type(value)


def test_special_floats_and_library_dataclasses_round_trip():
    from token_economics.prices import price_history

    for value in (math.inf, -math.inf):
        assert protocol.decode(protocol.encode(value)) == value
    assert math.isnan(protocol.decode(protocol.encode(math.nan)))
    rows = price_history()[:5]
    assert protocol.decode(protocol.loads(protocol.dumps({"v": protocol.encode(rows)})[4:])["v"]) == rows


def test_iterators_and_numpy_become_plain_values():
    import numpy as np

    assert protocol.decode(protocol.encode(x * x for x in range(4))) == [0, 1, 4, 9]
    assert protocol.decode(protocol.encode(np.float64(2.5))) == 2.5
    assert protocol.decode(protocol.encode(np.arange(3))) == [0, 1, 2]


def test_objects_travel_as_opaque_and_equal_nothing():
    class Sneaky:
        def __eq__(self, other):
            return True  # the classic trick: an answer that equals every expected value

    back = protocol.decode(protocol.encode(Sneaky()))
    assert isinstance(back, protocol.Opaque)
    assert back != 4 and back != "x" and not (back == back.__class__("t", "r"))


@pytest.mark.parametrize(
    "message",
    [
        b'{"v": NaN}',
        b"[1, 2]",
        b'{"v": {"$pickle": "gASV"}}',
        b"\xff\xfe",
        b"{" * 100_000,
    ],
)
def test_malformed_messages_are_refused(message):
    with pytest.raises(protocol.ProtocolError):
        data = protocol.loads(message)
        protocol.decode(data["v"])


@pytest.mark.parametrize(
    "tagged",
    [
        {"$dataclass": "os.PathLike", "fields": {"$dict": []}},
        {"$dataclass": "token_economics.grader.sandbox.Limits", "fields": {"$dict": []}},
        {"$dataclass": "token_economics.prices.price_history", "fields": {"$dict": []}},
        {"$dict": [[[1, 2], 3]]},  # a list cannot be a key
        {"$float": "1e308"},
        {"$bytes": "not base64!"},
        {"$tuple": [1], "$set": [2]},
    ],
)
def test_decoding_builds_only_the_values_it_knows(tagged):
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(tagged)


def test_frames_over_the_size_limit_are_refused():
    with pytest.raises(protocol.ProtocolError):
        protocol.frame_length((protocol.MAX_MESSAGE_BYTES + 1).to_bytes(4, "big"))
    too_deep: list = []
    for _ in range(protocol.MAX_DEPTH + 5):
        too_deep = [too_deep]
    with pytest.raises(protocol.ProtocolError):
        protocol.encode(too_deep)


# --- exceptions come back as builtins, never as the grader's own control flow ------------------


def test_learner_exceptions_come_back_as_their_builtin_class():
    exc = reraise(
        {"types": ["submission_x.BadInput", "builtins.ValueError", "builtins.Exception"], "message": "negative tokens"}
    )
    assert isinstance(exc, ValueError) and isinstance(exc, FromSubmission)
    with pytest.raises(ValueError, match="negative tokens"):
        raise exc
    oserror = reraise({"types": ["builtins.OSError"], "message": "File too large", "errno": 27})
    assert isinstance(oserror, OSError) and oserror.errno == 27


def test_a_fake_builtin_name_or_an_exit_does_not_escape():
    fake = reraise({"types": ["submission_x.ValueError", "builtins.Exception"], "message": "m"})
    assert not isinstance(fake, ValueError), "only the 'builtins.' names count"
    assert isinstance(reraise({"types": ["builtins.SystemExit"], "message": "0"}), HintedFailure)
    for name in ("KeyboardInterrupt", "GeneratorExit", "BaseException"):
        assert isinstance(reraise({"types": [f"builtins.{name}"], "message": ""}), Exception), name


# --- reading submissions -----------------------------------------------------------------------


def _zip(path: Path, entries) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def test_a_folder_is_read_with_its_helpers_and_without_caches(tmp_path):
    sub = tmp_path / "ada"
    (sub / "lesson1" / "__pycache__").mkdir(parents=True)
    (sub / "lesson1" / "ex01_count_and_cost.py").write_text("import helpers\n")
    (sub / "lesson1" / "helpers.py").write_text("X = 1\n")
    (sub / "lesson1" / "__pycache__" / "helpers.cpython-311.pyc").write_bytes(b"\0")
    got = read_submission("ada", sub)
    assert got.error is None and set(got.files) == {"lesson1/ex01_count_and_cost.py", "lesson1/helpers.py"}


def test_symlinks_out_of_a_submission_are_not_followed(tmp_path):
    secret = tmp_path / "solutions" / "lesson1"
    secret.mkdir(parents=True)
    (secret / "ex01_count_and_cost.py").write_text("ANSWER = 42\n")
    sub = tmp_path / "eve"
    (sub / "lesson2").mkdir(parents=True)
    (sub / "lesson1").symlink_to(secret)
    (sub / "lesson2" / "ex01_flops.py").symlink_to(secret / "ex01_count_and_cost.py")
    (sub / "lesson2" / "inside.py").write_text("Y = 2\n")
    (sub / "lesson2" / "alias.py").symlink_to(sub / "lesson2" / "inside.py")
    got = read_submission("eve", sub)
    assert "lesson1/" in got.symlinks and "lesson2/ex01_flops.py" in got.symlinks
    assert not any("42" in data.decode() for data in got.files.values())
    assert got.files["lesson2/alias.py"] == b"Y = 2\n", "a link inside the submission is read as its file"


@pytest.mark.parametrize(
    "entries, why",
    [
        ([("../escape.py", b"x")], "unsafe path"),
        ([("/etc/passwd", b"x")], "unsafe path"),
        ([("C:/x.py", b"x")], "unsafe path"),
        ([("lesson1/big.bin", b"\0" * (MAX_TOTAL_BYTES + 1))], "uncompressed"),
        ([(f"lesson1/f{i}", b"") for i in range(MAX_ZIP_ENTRIES + 1)], "entries"),
    ],
)
def test_unsafe_or_oversized_zips_are_rejected_before_extraction(tmp_path, entries, why):
    got = read_submission("mallory", _zip(tmp_path / "mallory.zip", entries))
    assert got.error and why in got.error and not got.files


def test_symlink_entries_and_broken_zips_are_rejected(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("lesson1/ex01_count_and_cost.py")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    assert "symbolic link" in read_submission("link", path).error
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 not really")
    assert "not a readable zip" in read_submission("junk", tmp_path / "junk.zip").error


def test_reading_counts_against_the_time_limit(tmp_path):
    path = _zip(tmp_path / "slow.zip", [(f"lesson1/f{i}.py", b"x = 1\n") for i in range(50)])
    got = read_submission("slow", path, deadline=0.0)  # a deadline long past
    assert got.timed_out and got.error and not got.files


# --- the library's own answers -----------------------------------------------------------------

FORBIDDEN = {"token_economics.tokens.count_tokens", "token_economics.bpe.merge"}


@pytest.mark.parametrize(
    "source, found",
    [
        ("from token_economics.tokens import count_tokens", True),
        ("from token_economics.tokens import get_tokenizer", False),
        ("import token_economics.tokens as T\nT.count_tokens", True),
        ("import token_economics\ntoken_economics.tokens.count_tokens('a', 'b')", True),
        ("from token_economics import tokens\nf = tokens.count_tokens", True),
        ("from token_economics import bpe as b\nb.merge", True),
        ("import importlib\nT = importlib.import_module('token_economics.tokens')\nT.count_tokens", True),
        ("import importlib\nm = importlib.import_module('token_economics.tokens')\ngetattr(m, 'count_tokens')", True),
        ("m = __import__('token_economics.tokens')\nm.tokens.count_tokens", True),
        ("from token_economics.tokens import *", True),
        ("def count_tokens(text, name):\n    return 1", False),
        ("import tiktoken\nfrom token_economics.tokens import get_tokenizer as g", False),
    ],
)
def test_static_scan_finds_imports_of_the_librarys_answer(source, found):
    assert bool(scan_source(source, FORBIDDEN)[0]) is found


def test_static_scan_follows_helpers_inside_the_submission():
    files = {
        "lesson1/ex01_count_and_cost.py": b"from helpers import count\n",
        "lesson1/helpers.py": b"from token_economics.tokens import count_tokens as count\n",
        "lesson1/unused.py": b"from token_economics.bpe import merge\n",
    }
    assert find_reference_use(files, "lesson1/ex01_count_and_cost.py", FORBIDDEN) == [
        "token_economics.tokens.count_tokens"
    ]


def test_every_exercise_names_library_functions_that_exist():
    import importlib

    for ex in exercises():
        assert ex.writes, f"{ex.id} names no library function it asks the learner to write"
        for name in ex.writes:
            parts = name.split(".")
            for cut in range(len(parts) - 1, 1, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                for attr in parts[cut:]:
                    obj = getattr(obj, attr)
                assert callable(obj), name
                break
            else:
                pytest.fail(f"{ex.id}: {name} does not exist")


def test_no_reference_solution_uses_its_own_exercises_answer():
    files = {p.relative_to(ROOT / "solutions").as_posix(): p.read_bytes() for p in (ROOT / "solutions").rglob("*.py")}
    for ex in exercises():
        assert find_reference_use(files, ex.file, ex.writes) == [], ex.id


# --- the sandbox, seen from inside ---------------------------------------------------------------

PROBE = textwrap.dedent("""
    import os, resource, socket, subprocess, sys, time
    from pathlib import Path

    import token_economics

    def probe(checkout, tests_dir, other):
        seen = {"uid": os.getuid(), "pid": os.getpid(), "cwd": os.getcwd()}
        seen["library"] = Path(token_economics.__file__).is_file()
        for key, path in (("checkout", checkout), ("tests", tests_dir), ("other", other),
                          ("solutions", os.path.join(checkout, "solutions"))):
            seen[key] = os.path.exists(path)
        try:
            open(os.path.join(os.path.dirname(token_economics.__file__), "x.txt"), "w")
            seen["library_writable"] = True
        except OSError:
            seen["library_writable"] = False
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=2)
            seen["network"] = True
        except OSError:
            seen["network"] = False
        seen["limits"] = {n: resource.getrlimit(getattr(resource, "RLIMIT_" + n))[0]
                          for n in ("AS", "NPROC", "NOFILE", "FSIZE", "CORE")}
        try:
            with open("big.bin", "wb") as handle:
                handle.write(b"\\0" * (9 * 1024 * 1024))
            seen["big_file"] = "written"
        except OSError as exc:
            seen["big_file"] = exc.errno
        handles = []
        try:
            for _ in range(10_000):
                handles.append(open(os.devnull))
        except OSError:
            pass
        seen["open_files"] = len(handles)
        for h in handles:
            h.close()
        children = []
        try:
            for _ in range(500):
                pid = os.fork()
                if pid == 0:
                    time.sleep(30)
                    os._exit(0)
                children.append(pid)
        except OSError:
            pass
        seen["processes"] = len(children)
        seen["pid_namespace"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())[:3]
        return seen
""")


@pytest.mark.slow
@needs_sandbox
def test_what_a_runner_can_see_and_do(tmp_path):
    other = tmp_path / "another-student"
    other.mkdir()
    (other / "answer.py").write_text("secret\n")
    sub = tmp_path / "probe"
    (sub / "lesson1").mkdir(parents=True)
    (sub / "lesson1" / "ex01_count_and_cost.py").write_text(PROBE)
    limits = Limits(max_file_bytes=8 * 1024**2, open_files=100, processes=20, call_timeout_s=60)
    session = SubmissionSession(
        "probe", sub, exercises=exercises([1]), limits=limits, isolation=ISOLATION, hide=[ROOT / "tests"]
    )
    try:
        seen = session.load("lesson1/ex01_count_and_cost.py").probe(str(ROOT), str(ROOT / "tests"), str(other))
    finally:
        session.close()
    assert seen["library"] and not seen["library_writable"]
    assert not seen["checkout"] or not seen["solutions"], "the instructor's solutions are visible"
    assert not seen["solutions"] and not seen["tests"] and not seen["other"]
    assert not seen["network"]
    assert seen["cwd"].startswith("/tmp")
    assert seen["limits"]["AS"] == limits.memory_bytes and seen["limits"]["NOFILE"] == 100
    assert seen["limits"]["FSIZE"] == 8 * 1024**2 and seen["limits"]["CORE"] == 0
    assert seen["big_file"] == 27, "a file over the size limit fails with EFBIG"
    assert seen["open_files"] < 100
    assert seen["processes"] < 20, "the process limit holds"
    assert seen["pid_namespace"][0] == 1 and seen["pid"] < 100, "the runner has its own PID namespace"
    if os.geteuid() == 0:
        assert seen["uid"] == 65534, "run as root, the grader runs learner code as nobody"


@pytest.mark.slow
@needs_sandbox
def test_a_call_past_its_time_limit_fails_only_that_file(tmp_path):
    sub = tmp_path / "slow"
    (sub / "lesson1").mkdir(parents=True)
    (sub / "lesson1" / "ex01_count_and_cost.py").write_text("def count_tokens(t, n):\n    while True:\n        pass\n")
    (sub / "lesson1" / "ex03_bytes_per_token.py").write_text("def utf8_bytes(t):\n    return len(t.encode())\n")
    session = SubmissionSession(
        "slow", sub, exercises=exercises([1]), limits=Limits(call_timeout_s=1), isolation=ISOLATION
    )
    try:
        with pytest.raises(RunnerFailure) as failure:
            session.load("lesson1/ex01_count_and_cost.py").count_tokens("a", "gpt2")
        assert failure.value.key == "timeout"
        with pytest.raises(RunnerFailure):  # the same file is not tried again
            session.load("lesson1/ex01_count_and_cost.py")
        assert session.load("lesson1/ex03_bytes_per_token.py").utf8_bytes("货") == 3  # a fresh runner
    finally:
        session.close()
    assert [e["kind"] for e in session.events] == ["timeout"] and session.runner_starts == 2


@pytest.mark.slow
def test_unisolated_grading_is_refused_unless_allowed(tmp_path):
    good = tmp_path / "good"
    import shutil

    shutil.copytree(ROOT / "solutions" / "lesson2", good / "lesson2")
    env = dict(os.environ, TOKEN_ECONOMICS_NO_SANDBOX="1")

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "token_economics.cli", *a], env=env, capture_output=True, text=True, timeout=600
        )

    refused = run("grade", str(good), "--out", str(tmp_path / "g.csv"), "--lessons", "2", "--quiet")
    assert refused.returncode == 2 and "--allow-unisolated" in refused.stderr
    assert not (tmp_path / "g.csv").exists()
    allowed = run(
        "grade", str(good), "--out", str(tmp_path / "g.csv"), "--lessons", "2", "--quiet", "--allow-unisolated"
    )
    assert allowed.returncode == 0, allowed.stderr
    assert "good,ok,none,15,15" in (tmp_path / "g.csv").read_text()
    checked = run("check", "2", "--target", str(good))
    assert checked.returncode == 0 and "without an operating-system sandbox" in checked.stdout


def test_python_under_tmp_is_mounted_on_top_of_the_sandboxs_tmpfs(monkeypatch, tmp_path):
    """A virtual environment made under /tmp (as a CI job or `pip install` in a temp folder does)
    must stay visible: its read-only view is mounted after the writable tmpfs, not hidden by it."""
    from token_economics.grader import sandbox

    venv = Path("/tmp/some-venv")
    monkeypatch.setattr(sandbox, "_python_roots", lambda: [venv])
    secret = venv / "lib" / "token_economics" / "_course"
    args = sandbox.bwrap_command("bwrap", Limits(), answer_fd=5, hide=[secret, secret / "tests"])
    tmpfs = args.index(sandbox.SANDBOX_TMP, args.index("--tmpfs"))
    bind = args.index(str(venv))
    assert args[bind - 1] == "--ro-bind" and bind > tmpfs
    masks = [args[i + 1] for i, a in enumerate(args) if a == "--tmpfs"]
    assert masks == [sandbox.SANDBOX_TMP, str(secret)], "nested hidden folders are masked once, outermost"


@pytest.mark.slow
@needs_sandbox
def test_grade_takes_paths_relative_to_where_it_is_run(tmp_path):
    import shutil

    shutil.copytree(ROOT / "solutions" / "lesson2", tmp_path / "ada" / "lesson2")
    proc = subprocess.run(
        [sys.executable, "-m", "token_economics.cli", "grade", "ada", "--out", "g.csv", "--lessons", "2", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ada,ok,bwrap,15,15" in (tmp_path / "g.csv").read_text()


def test_the_runners_answers_never_make_the_grader_import():
    name = "token_economics.tinygpt.TimingResult"
    tagged = {"$dataclass": name, "fields": {"$dict": []}}
    if "token_economics.tinygpt" not in sys.modules:
        with pytest.raises(protocol.ProtocolError, match="in use"):
            protocol.decode(tagged, trusted=False)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(
            {"$dataclass": "token_economics._course.tests.exercises.test_lesson1.X", "fields": {"$dict": []}},
            trusted=False,
        )


def test_no_row_is_lost_when_a_judge_fails(monkeypatch, tmp_path):
    """A judge that dies, or cannot even start, still leaves every submission its row."""
    from token_economics.grader import batch
    from token_economics.grader.judging import GradingError

    class FlakyJudge:
        started = 0

        def __init__(self, **_):
            FlakyJudge.started += 1
            if FlakyJudge.started == 2:
                raise OSError("cannot start a judge")

        def grade(self, name, path, warm=False):
            if name == "bob":
                raise GradingError("the judge stopped while grading bob")
            if name == "carol":
                raise RuntimeError("an unexpected fault of the grader's")
            return {"records": [], "info": {"files": [], "events": []}}

        def close(self):
            pass

    monkeypatch.setattr(batch, "Judge", FlakyJudge)
    monkeypatch.setattr(batch, "detect", lambda: ISOLATION.__class__("bwrap", "test"))
    names = ["ada", "bob", "carol", "dave", "erin"]
    for name in names:
        (tmp_path / name).mkdir()
    result = batch.grade_many([tmp_path / n for n in names], lessons=[2], jobs=2)
    assert [row.target for row in result.rows] == names
    by_name = {row.target: row for row in result.rows}
    assert by_name["bob"].status == "crash" and "judge stopped" in by_name["bob"].events[0]["detail"]
    assert by_name["carol"].status == "crash"
