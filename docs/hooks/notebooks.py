"""MkDocs hook: run the lesson notebooks for the site, within time limits, so a build never hangs.

mkdocs-jupyter would run each notebook with no limit on a cell and none on a kernel that never
answers (seen here: one build waited over twelve minutes on an idle kernel). This hook runs
them instead, before mkdocs-jupyter renders them, with nbclient:

* each cell may take :data:`CELL_TIMEOUT_S` seconds, a kernel :data:`STARTUP_TIMEOUT_S` to start;
* a notebook whose kernel died or hung is run once more, in a fresh kernel;
* if it fails again, the build stops with a message naming the notebook and the cell.

So a hung notebook stops the build after at most ``2 × (30 + 60)`` seconds: with the other
notebooks' ordinary minute, ``make serve`` serves or fails with a message within 5 minutes.

The executed copies go to a temporary folder; mkdocs-jupyter renders them without running them
again (the hook turns its ``execute`` off). Widget state is stored, as mkdocs-jupyter stores it.
The notebook a reader downloads from the site stays the lesson's own, without outputs.
``TE_NOTEBOOK_CELL_TIMEOUT`` (seconds) overrides the cell limit, for tests.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# The kernel of a Chinese notebook runs this before the first cell (IPython's exec_lines).
CHINESE_CHARTS = "--IPKernelApp.exec_lines=import token_economics.site.zh as _te_zh; _te_zh.draw_charts_in_chinese()"
CELL_TIMEOUT_S = 60  # the lesson notebooks take under 30 s in all (DEVELOPING.md)
STARTUP_TIMEOUT_S = 30
ATTEMPTS = 2

_state: dict = {"execute": False, "folder": None, "sources": {}}


def cell_timeout() -> int:
    text = os.environ.get("TE_NOTEBOOK_CELL_TIMEOUT", "")
    return int(text) if text.strip().isdigit() and int(text) > 0 else CELL_TIMEOUT_S


class NotebookFailed(Exception):
    """A notebook could not be run for the site (the message names the notebook and the cell)."""


def run_notebook(
    source: Path,
    target: Path,
    *,
    kernel_name: str = "python3",
    timeout_s: int | None = None,
    startup_timeout_s: int = STARTUP_TIMEOUT_S,
    attempts: int = ATTEMPTS,
    chinese: bool | None = None,
) -> None:
    """Execute ``source`` and write the executed notebook to ``target``. A Chinese notebook
    (``*.zh.ipynb``, or ``chinese=True``) runs in a kernel that draws its charts in Chinese
    (``token_economics.site.zh.draw_charts_in_chinese``): its code is the English notebook's.

    Raises:
        NotebookFailed: when a cell raises, or when the kernel hangs or dies on every attempt.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    timeout_s = timeout_s or cell_timeout()
    why = ""
    for attempt in range(1, attempts + 1):
        nb = nbformat.read(source, as_version=4)
        where = {"index": None}

        def note(cell, cell_index, _where=where, **_):
            _where["index"] = cell_index

        client = NotebookClient(
            nb,
            timeout=timeout_s,
            startup_timeout=startup_timeout_s,
            kernel_name=kernel_name,
            store_widget_state=True,
            allow_errors=False,
            on_cell_execute=note,
            resources={"metadata": {"path": str(source.parent)}},
            extra_arguments=[CHINESE_CHARTS]
            if chinese or (chinese is None and source.name.endswith(".zh.ipynb"))
            else [],
        )
        try:
            client.execute()
        except CellExecutionError as exc:  # the notebook itself is wrong: running it again will not help
            raise NotebookFailed(
                f"{source.name}: cell {_cell_number(nb, where['index'])} raised an error:\n{str(exc)[-1500:]}"
            ) from None
        except (CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError) as exc:
            cell = _cell_number(nb, where["index"])
            what = "the kernel did not start" if where["index"] is None else f"cell {cell}"
            kind = "did not finish" if isinstance(exc, (CellTimeoutError, TimeoutError)) else "stopped"
            why = (
                f"{source.name}: {what} {kind} within {timeout_s if where['index'] is not None else startup_timeout_s}"
                f" s ({type(exc).__name__}), on attempt {attempt} of {attempts}"
            )
            continue
        nbformat.write(nb, target)
        return
    raise NotebookFailed(why + ". Run the notebook yourself to see where it waits.")


def _cell_number(nb, index) -> str:
    """A cell's number as Jupyter shows it to a reader: its place among the code cells, from 1."""
    if index is None:
        return "?"
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    return str(code.index(index) + 1) if index in code else str(index + 1)


def on_config(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    # mkdocs-static-i18n builds the Chinese edition with the same config, so this runs again
    # after the line below turned mkdocs-jupyter's own execution off: remember the first answer.
    _state["execute"] = _state.get("execute") or bool(jupyter and jupyter.config.get("execute"))
    if _state["execute"]:
        jupyter.config["execute"] = False  # this hook runs the notebooks, within limits
    return config


def _as_notebook_pages(files, config):
    """mkdocs-jupyter marks each notebook as a page (its ``NotebookFile``) before
    mkdocs-static-i18n chooses this language's files, which makes plain copies of them: mark the
    chosen ones again, at the place (``zh/…`` for Chinese) the language gave them."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    for file in list(files):
        if isinstance(file, NotebookFile) or not jupyter.should_include(file):
            continue
        page = NotebookFile(file, **config)
        page.dest_path, page.abs_dest_path, page.url = file.dest_path, file.abs_dest_path, file.url
        files.remove(file)
        files.append(page)
    return files


# After mkdocs-static-i18n (priority -100) has chosen this language's files.
@event_priority(-110)
def on_files(files, config):
    files = _as_notebook_pages(files, config)
    if not _state["execute"]:
        return files
    folder = Path(tempfile.mkdtemp(prefix="te-notebooks-"))
    _state["folder"] = folder
    for file in files:
        if file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".ipynb"):
            source = Path(file.abs_src_path)
            target = folder / "notebooks" / source.name  # mkdocs-jupyter includes notebooks/*.ipynb
            target.parent.mkdir(exist_ok=True)
            try:
                run_notebook(source, target)
            except NotebookFailed as exc:
                raise PluginError(str(exc)) from None
            file.abs_src_path = str(target)
            # where mkdocs-jupyter puts the notebook's download copy (zh/… in the Chinese edition)
            _state["sources"][str(Path(file.abs_dest_path).parent / source.name)] = source
    return files


def on_post_build(config):
    # The notebook a reader downloads is the lesson's own, without outputs, as in lessons/.
    for copy, source in _state.get("sources", {}).items():
        copied = Path(copy)
        if copied.exists():
            shutil.copyfile(source, copied)
    _state["sources"] = {}
    if _state.get("folder"):
        shutil.rmtree(_state["folder"], ignore_errors=True)
        _state["folder"] = None
