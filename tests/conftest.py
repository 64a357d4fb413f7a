"""Suite-wide set-up: no network, headless plotting, and handy paths.

Every test runs with connections to other machines blocked, in this process and in every
Python process the tests start (``tests/offline`` goes first on PYTHONPATH, and its
``sitecustomize`` installs the same guard there). Hugging Face and tiktoken are not told
to be offline: the code must not try.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OFFLINE_DIR = Path(__file__).resolve().parent / "offline"

os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(OFFLINE_DIR)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
)
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(OFFLINE_DIR))
import sitecustomize as _offline  # noqa: E402  (this folder's guard, whatever else is installed)

if not hasattr(_offline, "block_network"):  # another sitecustomize was imported first
    import importlib.util

    _spec = importlib.util.spec_from_file_location("te_offline_guard", OFFLINE_DIR / "sitecustomize.py")
    _offline = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_offline)
_offline.block_network()


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's top folder."""
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The docs site, built once per session with ``mkdocs build --strict`` (notebooks executed).

    Shared by tests/test_docs.py (checks on the built files) and tests/test_browser.py (the
    same files served on 127.0.0.1 and driven in headless Chromium).
    """
    import subprocess

    reuse = os.environ.get("TE_BUILT_SITE")  # while developing: a site you built with `mkdocs build -d DIR`
    if reuse:
        return Path(reuse)
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-6000:]
    return site


def pytest_collection_modifyitems(config, items):
    """Every test that needs the built site (it runs every notebook) or a submission's runner (the
    grading tests in tests/exercises) is slow, whether or not it says so: `make test-fast`
    leaves them out."""
    slow = pytest.mark.slow
    for item in items:
        needs = getattr(item, "fixturenames", ())
        if ("built_site" in needs or "_te_session" in needs) and item.get_closest_marker("slow") is None:
            item.add_marker(slow)
