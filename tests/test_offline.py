"""After installation nothing needs the network.

The whole suite already runs with connections blocked (see conftest.py). This test goes
further: a fresh Python process with an empty home folder (no tiktoken or Hugging Face cache
from an earlier run) and the network blocked loads every tokenizer and counts tokens.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

OFFLINE = Path(__file__).resolve().parent / "offline"

SCRIPT = """
import socket
from token_economics.tokens import available_tokenizers, count_tokens
try:
    socket.create_connection(("192.0.2.1", 443), timeout=1)
except OSError as exc:
    assert "blocked" in str(exc), exc
else:
    raise SystemExit("the network guard is not active")
for name in available_tokenizers():
    print(name, count_tokens("Token is the new currency of the AI era.", name))
"""


@pytest.mark.slow
def test_every_tokenizer_loads_with_no_network_and_no_cache(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIKTOKEN", "HF_", "TRANSFORMERS", "XDG_"))}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(OFFLINE))
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = dict(line.rsplit(" ", 1) for line in proc.stdout.strip().splitlines())
    assert lines["o200k_base"] == "10" and lines["gpt2"] == "10"
    assert len(lines) >= 9
