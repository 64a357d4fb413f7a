"""Lesson notebooks: stored without outputs, and every one runs from top to bottom, offline."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "lessons").glob("*.ipynb"))


def _hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("te_notebooks_hook", ROOT / "docs" / "hooks" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_is_a_notebook_per_lesson_page():
    pages = sorted((ROOT / "docs" / "lessons").glob("0*.md"))
    written = [p for p in pages if "Coming soon" not in p.read_text(encoding="utf-8")]
    for page in written:
        number = page.name[:2]
        assert any(nb.name.startswith(number) for nb in NOTEBOOKS), f"{page.name} has no notebook in lessons/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                f"{path.name}: clear the outputs before committing"
            )


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    # The suite sets MPLBACKEND=Agg for itself (conftest.py); a learner's kernel uses Jupyter's
    # inline backend, with which plt.show() puts the chart in the notebook. Test what they see.
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # Run as the docs build runs it (docs/hooks/notebooks.py): limits per cell and kernel start,
    # one retry if the kernel hangs, a message naming the cell otherwise.
    executed = tmp_path / path.name
    _hook().run_notebook(path, executed)
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors
    widget_state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    outputs += [
        o
        for model in widget_state.get("state", {}).values()  # what Output widgets recorded
        for o in model.get("state", {}).get("outputs", [])
    ]
    charts = [o for o in outputs if "image/png" in o.get("data", {})]
    assert charts, f"{path.name}: no chart reached the notebook (each lesson notebook draws at least one)"


CHINESE = [p for p in NOTEBOOKS if p.name.endswith(".zh.ipynb")]


@pytest.mark.slow
@pytest.mark.parametrize("path", CHINESE, ids=[p.name for p in CHINESE])
def test_a_chinese_notebook_draws_its_charts_in_chinese(path, tmp_path, monkeypatch):
    """Its code is the English notebook's, English labels and all: the docs build runs it in a
    kernel that rewrites each chart in Chinese before drawing it. Nothing may be left in English
    but the names kept on purpose (zh_phrases.toml)."""
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell("import token_economics.site.zh as z; print(repr(z.untranslated_chart_texts()))")
    )
    copy = path.parent / f".test-{path.name}"  # beside the lesson: the notebook reads relative paths
    nbformat.write(nb, copy)
    try:
        executed = tmp_path / path.name
        _hook().run_notebook(copy, executed, chinese=True)
    finally:
        copy.unlink()
    left = "".join(o.get("text", "") for o in nbformat.read(executed, as_version=4).cells[-1].outputs)
    assert left.strip() == "[]", f"{path.name}: chart texts still in English (add them to zh_phrases.toml): {left}"
