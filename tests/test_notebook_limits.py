"""The docs build runs the lesson notebooks within time limits: a hung cell or kernel stops the
build with a message naming the notebook and the cell, after one retry, instead of waiting forever."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("te_notebooks_hook", ROOT / "docs" / "hooks" / "notebooks.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook")] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_hung_cell_fails_naming_the_notebook_and_cell_after_a_retry(tmp_path):
    source = _notebook(tmp_path / "07_hangs.ipynb", "x = 1", "import time\ntime.sleep(600)", "y = 2")
    with pytest.raises(hook.NotebookFailed) as failure:
        hook.run_notebook(source, tmp_path / "out.ipynb", timeout_s=3)
    message = str(failure.value)
    assert "07_hangs.ipynb" in message and "cell 2" in message and "did not finish" in message
    assert "attempt 2 of 2" in message, "a hung kernel is tried once more before the build stops"
    assert not (tmp_path / "out.ipynb").exists()


@pytest.mark.slow
def test_a_cell_that_raises_fails_at_once_naming_the_cell(tmp_path):
    source = _notebook(tmp_path / "08_raises.ipynb", "x = 1", "raise ValueError('a wrong number')")
    with pytest.raises(hook.NotebookFailed, match=r"08_raises.ipynb: cell 2 raised an error"):
        hook.run_notebook(source, tmp_path / "out.ipynb", timeout_s=60)


@pytest.mark.slow
def test_a_good_notebook_is_written_with_its_outputs(tmp_path):
    source = _notebook(tmp_path / "09_fine.ipynb", "print(6 * 7)")
    hook.run_notebook(source, tmp_path / "out.ipynb", timeout_s=60)
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.cells[1].outputs[0]["text"].strip() == "42"
    assert not nbformat.read(source, as_version=4).cells[1].outputs, "the source notebook is left as it was"


def test_the_limits_are_set_and_the_hook_is_registered():
    # The worst case for one hung notebook, plus a minute for the others, stays under 5 minutes.
    assert hook.ATTEMPTS * (hook.STARTUP_TIMEOUT_S + hook.CELL_TIMEOUT_S) + 60 <= 300
    text = (ROOT / "mkdocs.yml").read_text()
    assert "docs/hooks/notebooks.py" in text
