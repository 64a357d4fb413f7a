"""Find, without running it, where a submission imports the library's own answer.

An exercise that asks the learner to write, say, ``count_tokens`` is not done by
``from token_economics.tokens import count_tokens``. Each exercise's metadata lists those
functions (``writes``); this module reads the exercise file and the helper modules it imports
from the submission (with :mod:`ast`, never executing them) and reports which of the names
they reach: through ``import``/``from … import``, module aliases and attribute chains,
``importlib.import_module("token_economics…")`` or ``__import__``, ``getattr(module, "name")``,
or a star import.

It is one of two checks: inside the runner, the same functions are replaced by tripwires
before the learner's module is imported (:func:`token_economics.grader.runner.install_tripwires`).
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath
from typing import Iterable

_PACKAGE = "token_economics"


def _module_names_defined(names: Iterable[str]) -> dict[str, set[str]]:
    """``{"token_economics.tokens": {"count_tokens", ...}}`` from dotted function names."""
    by_module: dict[str, set[str]] = {}
    for name in names:
        module, _, attr = name.rpartition(".")
        by_module.setdefault(module, set()).add(attr)
        # a method: token_economics.prices.PriceRow.blended → also reachable as Class.method
        parent, _, owner = module.rpartition(".")
        if owner[:1].isupper():
            by_module.setdefault(parent, set()).add(f"{owner}.{attr}")
    return by_module


class _Scanner(ast.NodeVisitor):
    def __init__(self, forbidden: set[str]) -> None:
        self.forbidden = forbidden
        self.by_module = _module_names_defined(forbidden)
        self.aliases: dict[str, str] = {}  # local name → dotted library path it stands for
        self.found: set[str] = set()
        self.local_imports: set[str] = set()

    # names bound by imports

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == _PACKAGE or alias.name.startswith(_PACKAGE + "."):
                if alias.asname:
                    self.aliases[alias.asname] = alias.name
                else:
                    self.aliases[alias.name.split(".")[0]] = _PACKAGE
            else:
                self.local_imports.add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            self.local_imports.add(module)
            return
        if not (module == _PACKAGE or module.startswith(_PACKAGE + ".")):
            self.local_imports.add(module)
            return
        for alias in node.names:
            if alias.name == "*":
                self.found |= {f"{module}.{n}" for n in self.by_module.get(module, ())}
                continue
            dotted = f"{module}.{alias.name}"
            self._hit(dotted)
            self.aliases[alias.asname or alias.name] = dotted

    def visit_Assign(self, node: ast.Assign) -> None:
        target = _dynamic_import(node.value)
        if target:
            for name in node.targets:
                if isinstance(name, ast.Name):
                    self.aliases[name.id] = target
        self.generic_visit(node)

    # uses

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self._dotted(node)
        if dotted:
            self._hit(dotted)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = self._dotted(node.func) or (node.func.id if isinstance(node.func, ast.Name) else "")
        if func == "getattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
            owner = self._dotted(node.args[0]) or (
                self.aliases.get(node.args[0].id) if isinstance(node.args[0], ast.Name) else None
            )
            if owner and isinstance(node.args[1].value, str):
                self._hit(f"{owner}.{node.args[1].value}")
        self.generic_visit(node)

    def _dotted(self, node: ast.AST) -> str | None:
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id], *reversed(parts)])

    def _hit(self, dotted: str) -> None:
        for name in self.forbidden:
            if dotted == name or dotted.startswith(name + "."):
                self.found.add(name)

    def scan(self, tree: ast.AST) -> None:
        self.visit(tree)
        # A string naming the function next to a string naming the library (a dynamic import).
        strings = {c.value for c in ast.walk(tree) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
        if any(text.startswith(_PACKAGE) for text in strings):
            self.found |= {n for n in self.forbidden if n.rsplit(".", 1)[-1] in strings}


def _dynamic_import(node: ast.AST) -> str | None:
    """``importlib.import_module("token_economics.x")`` → its module; ``__import__(...)`` → the package."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None
    target = first.value
    if not (target == _PACKAGE or target.startswith(_PACKAGE + ".")):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else (func.id if isinstance(func, ast.Name) else "")
    if name == "import_module":
        return target
    if name == "__import__":
        return _PACKAGE
    return None


def scan_source(source: bytes | str, forbidden: Iterable[str]) -> tuple[set[str], set[str]]:
    """(forbidden names the source reaches, names of modules it imports that are not the library).

    Source that does not parse reaches nothing (the runner reports the syntax error).
    """
    forbidden = set(forbidden)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set(), set()
    scanner = _Scanner(forbidden)
    scanner.scan(tree)
    return scanner.found, scanner.local_imports


def find_reference_use(files: dict[str, bytes], exercise_file: str, forbidden: Iterable[str]) -> list[str]:
    """The forbidden names reached by ``exercise_file`` and the submission's modules it imports.

    Helper modules are looked up the way the runner would find them: beside the exercise
    file, then at the top of the submission.
    """
    forbidden = set(forbidden)
    if not forbidden or exercise_file not in files:
        return []
    found: set[str] = set()
    queue, seen = [exercise_file], set()
    folder = PurePosixPath(exercise_file).parent
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        hits, imports = scan_source(files[current], forbidden)
        found |= hits
        for module in imports:
            if not module:
                continue
            relative = module.replace(".", "/")
            for candidate in (
                f"{folder}/{relative}.py",
                f"{folder}/{relative}/__init__.py",
                f"{relative}.py",
                f"{relative}/__init__.py",
            ):
                candidate = candidate.removeprefix("./")
                if candidate in files and candidate not in seen:
                    queue.append(candidate)
    return sorted(found)
