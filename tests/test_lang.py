"""Hints and the `check` command in two languages: English (the default) and Chinese."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from token_economics.data import DATA_DIR, load_toml
from token_economics.grader.hints import (
    BUILTIN_HINTS,
    BUILTIN_HINTS_ZH,
    LESSON_TITLES,
    LESSON_TITLES_ZH,
    MESSAGES,
    choose_language,
    exercises,
    message,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from misconception_support import FIXTURES, plant  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
#: what a translation must carry over unchanged: `code spans`, numbers, {placeholders},
#: names with an underscore or a dot, and calls such as get_tokenizer( or ln(
_KEPT = re.compile(
    r"`[^`]+`|\{[a-z_]+\}|\d+(?:[.,]\d+)*|[A-Za-z_][A-Za-z0-9_.]*\(|[A-Za-z_][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+"
)


def kept(text: str) -> list[str]:
    return sorted(set(_KEPT.findall(text)))


def _tables() -> list[tuple[str, dict, dict]]:
    """(where, English hints, Chinese hints) for every exercise, read from the raw TOML files."""
    out = []
    for path in sorted((DATA_DIR / "exercises").glob("lesson*.toml")):
        for entry in load_toml("exercises", path.name)["exercise"]:
            out.append((f"{path.name}: {entry['id']}", entry, entry.get("hints_zh", {})))
    out.append(("BUILTIN_HINTS", {"title": "-", "title_zh": "-", "hints": BUILTIN_HINTS}, BUILTIN_HINTS_ZH))
    return out


@pytest.mark.parametrize("where,entry,zh", _tables(), ids=[t[0] for t in _tables()])
def test_every_hint_has_a_chinese_twin(where, entry, zh):
    en = entry["hints"]
    assert entry.get("title_zh"), f"{where}: no title_zh"
    assert not set(zh) - set(en), f"{where}: Chinese hints the English lacks: {sorted(set(zh) - set(en))}"
    assert not set(en) - set(zh), f"{where}: English hints with no Chinese twin: {sorted(set(en) - set(zh))}"
    for key, text in en.items():
        twin = zh[key]
        assert twin.strip() and CJK.search(twin), f"{where} [{key}]: the Chinese hint is empty or not Chinese"
        missing = [k for k in kept(text) if k not in twin]
        assert not missing, f"{where} [{key}]: the Chinese hint lacks {missing}"


def test_kept_finds_code_and_numbers():
    found = kept("Use get_tokenizer(t) and `steps`: divide by 1,000,000 and input_share, {writes}.")
    assert {"get_tokenizer(", "`steps`", "1,000,000", "input_share", "{writes}"} <= set(found)


def test_message_tables_and_titles_match():
    assert set(MESSAGES["zh"]) == set(MESSAGES["en"])
    assert set(LESSON_TITLES_ZH) == set(LESSON_TITLES)
    for key, text in MESSAGES["en"].items():
        assert CJK.search(MESSAGES["zh"][key]) or key in ("reason",), key
        assert sorted(re.findall(r"\{(\w+)", text)) == sorted(re.findall(r"\{(\w+)", MESSAGES["zh"][key])), key
    assert message("zh", "total", earned=1, possible=2, share=0.5) == "总分：1/2 分（50%）"


def test_exercise_hint_follows_the_language():
    ex = next(e for e in exercises([1]) if e.id == "l1.count_and_cost")
    assert ex.hint("chars_div_4") == ex.hints["chars_div_4"]
    assert ex.hint("chars_div_4", lang="zh") == ex.hints_zh["chars_div_4"] != ex.hints["chars_div_4"]
    assert ex.hint("not_started", lang="zh") == BUILTIN_HINTS_ZH["not_started"]
    assert ex.hint("no_such_key", lang="zh") == ex.hints_zh["default"]
    used = ex.hint("reference_used", used=["token_economics.tokens.count_tokens"], lang="zh")
    assert "`count_tokens`" in used and CJK.search(used)
    assert ex.title_in("zh") == ex.title_zh and ex.title_in("en") == ex.title


@pytest.mark.parametrize(
    "option,env,expected",
    [
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "zh_TW.UTF-8"}, "zh"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "zh_CN", "LANG": "en_GB.UTF-8"}, "zh"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        ("zh", {"LANG": "en_US.UTF-8"}, "zh"),
        ("ZH", {}, "zh"),
    ],
)
def test_choose_language(option, env, expected):
    assert choose_language(option, env) == expected


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="en, zh"):
        choose_language("xx")


# --- the command line (each of these grades: slow) ---------------------------------------------

SCRIPT = Path(sys.executable).with_name("token-economics")


def run(*args: str, cwd: Path = ROOT, lang_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "token_economics.cli"]
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(lang_env or {"LANG": "C.UTF-8"})
    return subprocess.run(command + list(args), cwd=cwd, capture_output=True, text=True, timeout=900, env=env)


def _hints_zh(ex_id: str) -> dict[str, str]:
    return next(e for e in exercises() if e.id == ex_id).hints_zh


@pytest.fixture(scope="module")
def misconception_folder(tmp_path_factory) -> Path:
    """An exercises/ folder: lesson 3 untouched, except one exercise with a known misconception."""
    folder = tmp_path_factory.mktemp("zh") / "exercises"
    shutil.copytree(ROOT / "exercises" / "lesson3", folder / "lesson3")
    plant(FIXTURES / "lesson3" / "ex01_quadratic_bill__linear_growth.py", folder)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    "args,env",
    [(("--lang", "zh"), {"LANG": "en_US.UTF-8"}), ((), {"LANG": "zh_CN.UTF-8"})],
    ids=["--lang zh", "LANG=zh_CN"],
)
def test_check_in_chinese(misconception_folder, args, env):
    proc = run("check", "3", "--target", str(misconception_folder), *args, lang_env=env)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert _hints_zh("l3.quadratic_bill")["linear_growth"] in out  # the misconception's own hint
    assert BUILTIN_HINTS_ZH["not_started"] in out  # an untouched stub
    assert "第 3 课 — " + LESSON_TITLES_ZH[3] in out
    possible = sum(e.points for e in exercises([3]))
    assert f"\n总分：0/{possible} 分（0%）" in out, out[-300:]
    assert "        提示：" + BUILTIN_HINTS_ZH["not_started"] in out and "未通过  l3.run_cost" in out
    assert "hint:" not in out and "Total:" not in out and "Not started yet" not in out


@pytest.mark.slow
def test_check_json_keeps_its_keys_in_chinese(misconception_folder):
    zh = json.loads(run("check", "3", "--target", str(misconception_folder), "--json", "--lang", "zh").stdout)
    en = json.loads(run("check", "3", "--target", str(misconception_folder), "--json").stdout)
    assert set(zh) == set(en) and [set(x) for x in zh["exercises"]] == [set(x) for x in en["exercises"]]
    for a, b in zip(zh["exercises"], en["exercises"], strict=True):
        assert (a["id"], a["title"], a["hint_key"], a["earned"]) == (b["id"], b["title"], b["hint_key"], b["earned"])
        assert CJK.search(a["hint"]) and not CJK.search(b["hint"])
    first = zh["exercises"][0]
    assert first["id"] == "l3.quadratic_bill" and first["hint"] == _hints_zh("l3.quadratic_bill")["linear_growth"]


@pytest.mark.slow
def test_check_stays_english_by_default(misconception_folder):
    out = run("check", "3", "--target", str(misconception_folder)).stdout
    possible = sum(e.points for e in exercises([3]))
    assert "hint:" in out and f"Total: 0/{possible} points (0%)" in out and "Lesson 3 — " + LESSON_TITLES[3] in out
    assert not CJK.search(out)


def test_unknown_lang_option_is_a_clear_error(tmp_path):
    (tmp_path / "exercises").mkdir()
    proc = run("check", "--lang", "xx", "--target", str(tmp_path / "exercises"))
    assert proc.returncode == 2
    assert "--lang" in proc.stderr and "'xx'" in proc.stderr and "en, zh" in proc.stderr
