"""The docs site builds with `mkdocs build --strict`, offline, with the notebooks executed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ), timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-6000:]
    return site


@pytest.mark.slow
def test_site_has_lesson_one_and_its_executed_notebook(built_site):
    page = (built_site / "lessons" / "01-what-is-a-token" / "index.html").read_text(encoding="utf-8")
    assert "{{" not in page and "[@" not in page, "a placeholder or citation was left unfilled"
    assert "l1-language-premium.png" in page
    assert (built_site / "figures" / "l1-language-premium.png").stat().st_size > 10_000
    notebook = (built_site / "notebooks" / "01_what_is_a_token" / "index.html").read_text(encoding="utf-8")
    assert "same: True" in notebook, "the notebook page should show executed outputs"
    assert list(built_site.glob("notebooks/**/01_what_is_a_token.ipynb")), "the notebook is offered as a download"


@pytest.mark.slow
def test_references_page_lists_cited_sources(built_site):
    page = (built_site / "references" / "index.html").read_text(encoding="utf-8")
    assert 'id="petrov2023"' in page and "arxiv.org/abs/2305.15425" in page


@pytest.mark.slow
def test_no_google_fonts(built_site):
    for html in built_site.rglob("*.html"):
        assert "fonts.googleapis.com" not in html.read_text(encoding="utf-8"), html
